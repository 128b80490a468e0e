/*
 * libgoc — people in the library: accounts, passwords, tokens, logins.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_USER_H
#define GOC_USER_H

#include "goc/common.h"
#include "goc/db.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @file goc/user.h
 * @brief People: accounts that act for a unit, their passwords and tokens.
 *
 * A person (a user) has a login, a display name and the one unit she acts
 * for.  goc_db_set_user() makes a handle act as her: the acting unit
 * becomes her unit (with its access role, goc/audit.h) and every record of
 * the audit trail names her as well.
 *
 * Logins are 1–64 characters of `a`–`z`, `0`–`9`, `.`, `_` and `-`
 * (lower case only) and never change.  Passwords are 8–1024 bytes of
 * UTF-8 without control characters; libgoc stores only libsodium's
 * argon2id string of one (crypto_pwhash_str(), the INTERACTIVE limits),
 * and stores it again with the current limits when a login succeeds
 * under older ones.  A token is a secret for programs: "goc_" and 43
 * characters of base64url (32 random bytes), shown once; libgoc keeps
 * only its SHA-256.
 *
 * Failed logins are counted in the database, per login and per client
 * address: after 5 failures within 15 minutes for either, further
 * attempts are refused (#GOC_ETHROTTLED) without looking at the password
 * until the oldest of those 5 is 15 minutes old.  Each failure and each
 * refusal, and each successful login, is a record of the audit trail
 * (action "user.login", person = the login tried).
 *
 * Who may: adding, changing, disabling people and their tokens is for an
 * administrator (the system actor or a unit with #GOC_ACCESS_ADMIN); a
 * person may change her own password, and list and revoke her own
 * tokens.  Every change is a write (audited; never a password or hash).
 */

/** The number of failed logins that starts a refusal. */
#define GOC_LOGIN_FAILURES_MAX 5
/** The window, in seconds, in which failed logins are counted. */
#define GOC_LOGIN_WINDOW_SECONDS 900

/** A person (read from goc_user_get() or a cursor). */
typedef struct goc_user goc_user;
/** A token's record (never its secret; from a cursor). */
typedef struct goc_token goc_token;

/** Fields of a person.  Initialise with #GOC_USER_FIELDS_INIT. */
typedef struct goc_user_fields {
	unsigned int version; /**< #GOC_USER_FIELDS_VERSION. */
	const char *login;    /**< Required on add; ignored by goc_user_update() (a login never changes). */
	const char *name;     /**< Display name (e.g. 张三), required on add, up to 200 characters. */
	const char *unit;     /**< Code of the unit she acts for, required on add. */
	const char *phone;    /**< Optional, up to 64 characters. */
	const char *email;    /**< Optional, up to 254 characters, one '@' with text on both sides. */
} goc_user_fields;

/** Current version of #goc_user_fields. */
#define GOC_USER_FIELDS_VERSION 1
/** Static initialiser for #goc_user_fields. */
#define GOC_USER_FIELDS_INIT { GOC_USER_FIELDS_VERSION, NULL, NULL, NULL, NULL, NULL }

/**
 * Add a person.
 *
 * @param out_id    receives her id (may be NULL).
 * @param db        the handle.
 * @param fields    login, name and unit required.
 * @param password  her first password (8–1024 bytes of UTF-8).
 * @return #GOC_OK; #GOC_EINVAL naming the field (a malformed login, a
 *         password too short or long …); #GOC_ENOTFOUND for an unknown
 *         unit; #GOC_EEXISTS if the login is taken; #GOC_EPERM unless an
 *         administrator acts; #GOC_EREADONLY, #GOC_ENOMEM, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_user_add(int64_t *out_id, goc_db *db, const goc_user_fields *fields,
                         const char *password);

/**
 * Change a person's name, unit, phone or email: a NULL field is kept, ""
 * clears an optional one (phone, email).  The login cannot change.
 *
 * @return #GOC_OK; #GOC_EINVAL naming the field; #GOC_ENOTFOUND for an
 *         unknown login or unit; #GOC_EPERM unless an administrator acts;
 *         #GOC_EREADONLY, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_user_update(goc_db *db, const char *login, const goc_user_fields *fields);

/**
 * Read a person (goc_user_free()).
 *
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a malformed login;
 *         #GOC_ENOTFOUND; storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_user_get(goc_user **out, goc_db *db, const char *login);

/** Free a person's record.  NULL is a no-op.  @since symbol version GOC_1.2. */
GOC_API void goc_user_free(goc_user *u);

/**
 * List people by login, all or those of one unit.
 *
 * @param out   receives the cursor (goc_cursor_user() for each row).
 * @param db    the handle.
 * @param unit  a unit's code, or NULL for everyone.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a malformed code.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_user_list(goc_cursor **out, goc_db *db, const char *unit);

/** The current row of a person cursor, or NULL.  @since symbol version GOC_1.2. */
GOC_API const goc_user *goc_cursor_user(const goc_cursor *cur);

/** Her id (0 for NULL).  @since symbol version GOC_1.2. */
GOC_API int64_t goc_user_id(const goc_user *u);
/** Her login.  @since symbol version GOC_1.2. */
GOC_API const char *goc_user_login(const goc_user *u);
/** Her display name.  @since symbol version GOC_1.2. */
GOC_API const char *goc_user_name(const goc_user *u);
/** The code of the unit she acts for.  @since symbol version GOC_1.2. */
GOC_API const char *goc_user_unit(const goc_user *u);
/** Her phone, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_user_phone(const goc_user *u);
/** Her email, or NULL.  @since symbol version GOC_1.2. */
GOC_API const char *goc_user_email(const goc_user *u);
/** 1 if she is disabled (cannot log in or act), else 0.  @since symbol version GOC_1.2. */
GOC_API int goc_user_disabled(const goc_user *u);
/** When she was added, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.  @since symbol version GOC_1.2. */
GOC_API const char *goc_user_created(const goc_user *u);

/**
 * Disable a person (1: she can no longer log in, use a token, or act
 * through goc_db_set_user()) or enable her again (0).
 *
 * @return #GOC_OK; #GOC_EINVAL (a malformed login, `disabled` neither 0
 *         nor 1); #GOC_ENOTFOUND; #GOC_EPERM unless an administrator acts;
 *         #GOC_EREADONLY, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_user_set_disabled(goc_db *db, const char *login, int disabled);

/**
 * Set a person's password.  An administrator may set anyone's; a person
 * (goc_db_set_user()) her own.
 *
 * @return #GOC_OK; #GOC_EINVAL (a malformed login or password);
 *         #GOC_ENOTFOUND; #GOC_EPERM; #GOC_EREADONLY, #GOC_ENOMEM,
 *         storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_user_set_password(goc_db *db, const char *login, const char *password);

/**
 * Check a login and password, counting a failure against the login and
 * the client's address (see the file's description for the refusal
 * rule).  Not inside goc_db_begin(): a failure must be kept.
 *
 * @param out          receives the person on success (goc_user_free());
 *                     may be NULL.
 * @param db           a handle opened for writing.
 * @param login        the login tried.
 * @param password     the password tried.
 * @param client_addr  the client's address (IP address or other text up
 *                     to 100 characters), or NULL when there is none.
 * @return #GOC_OK; #GOC_EAUTH for a wrong login or password or a disabled
 *         person (the message does not say which); #GOC_ETHROTTLED when
 *         too many logins failed (the message says until when);
 *         #GOC_EINVAL for NULL login or password or a bad client_addr;
 *         #GOC_EMISUSE inside goc_db_begin(); #GOC_EREADONLY; #GOC_ENOMEM,
 *         storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_user_authenticate(goc_user **out, goc_db *db, const char *login,
                                  const char *password, const char *client_addr);

/**
 * Act as a person: the acting unit becomes her unit, and every audit
 * record names her login as well; NULL goes back to the acting unit alone
 * (the unit stays).  goc_db_set_actor() forgets the person.  Each write
 * checks again that she is enabled and acts for that unit.
 *
 * @return #GOC_OK; #GOC_EINVAL for a NULL handle; #GOC_EAUTH for a
 *         malformed, unknown or disabled login (the handle's identity is
 *         then unchanged); #GOC_ENOMEM, storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_db_set_user(goc_db *db, const char *login);

/**
 * The login of the person the handle acts as, or NULL.
 *
 * @return a string owned by the handle, valid until the next
 *         goc_db_set_user(), goc_db_set_actor() or goc_db_close().
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_db_user(const goc_db *db);

/* ---- tokens ---- */

/**
 * Make a token for a person (an administrator only).
 *
 * @param out_token  receives the token text, shown this once: free it with
 *                   goc_free().  NULL on failure.
 * @param out_id     receives the token's id (may be NULL).
 * @param db         the handle.
 * @param login      whose token.
 * @param label      what it is for (1–200 characters), e.g. "reporting script".
 * @param expires    the last day it is valid (`YYYY-MM-DD`, UTC, not in
 *                   the past), or NULL for no end.
 * @return #GOC_OK; #GOC_EINVAL naming the field; #GOC_ENOTFOUND for an
 *         unknown login; #GOC_EPERM; #GOC_EREADONLY, #GOC_ENOMEM, storage
 *         errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_token_add(char **out_token, int64_t *out_id, goc_db *db, const char *login,
                          const char *label, const char *expires);

/**
 * List tokens by id: a person's or (NULL) everyone's.  An administrator
 * lists any; a person (goc_db_set_user()) only her own, and NULL means
 * hers.
 *
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments or a malformed login;
 *         #GOC_EPERM for another person's tokens.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_token_list(goc_cursor **out, goc_db *db, const char *login);

/** The current row of a token cursor, or NULL.  @since symbol version GOC_1.2. */
GOC_API const goc_token *goc_cursor_token(const goc_cursor *cur);
/** The token's id (0 for NULL).  @since symbol version GOC_1.2. */
GOC_API int64_t goc_token_id(const goc_token *t);
/** Whose token (login).  @since symbol version GOC_1.2. */
GOC_API const char *goc_token_login(const goc_token *t);
/** Its label.  @since symbol version GOC_1.2. */
GOC_API const char *goc_token_label(const goc_token *t);
/** When it was made, UTC, `YYYY-MM-DDTHH:MM:SSZ`.  @since symbol version GOC_1.2. */
GOC_API const char *goc_token_created(const goc_token *t);
/** The last day it is valid, or NULL for no end.  @since symbol version GOC_1.2. */
GOC_API const char *goc_token_expires(const goc_token *t);
/** 1 if revoked, else 0.  @since symbol version GOC_1.2. */
GOC_API int goc_token_revoked(const goc_token *t);
/** When it was last used, UTC, or NULL if never.  @since symbol version GOC_1.2. */
GOC_API const char *goc_token_last_used(const goc_token *t);

/**
 * Revoke a token: an administrator any, a person her own.
 *
 * @return #GOC_OK; #GOC_ENOTFOUND for an unknown id; #GOC_EPERM;
 *         #GOC_EREADONLY, storage errors.  Revoking twice is #GOC_OK.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_token_revoke(goc_db *db, int64_t id);

/**
 * Check a token and give its person.  On a handle opened for writing the
 * token's last use is recorded.
 *
 * @param out    receives the person (goc_user_free()); may be NULL.
 * @param db     the handle.
 * @param token  the token text.
 * @return #GOC_OK; #GOC_EAUTH for an unknown, expired or revoked token or
 *         a disabled person; #GOC_EINVAL for NULL arguments; #GOC_ENOMEM,
 *         storage errors.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_token_authenticate(goc_user **out, goc_db *db, const char *token);

#ifdef __cplusplus
}
#endif

#endif /* GOC_USER_H */
