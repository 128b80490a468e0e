/*
 * libgoc — common definitions: export macro, status codes, errors, version.
 *
 * Include <goc.h>, not this file.
 */
#ifndef GOC_COMMON_H
#define GOC_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "goc/version.h"

/** @file goc/common.h
 *  @brief Export macro, status codes, the per-thread error, version queries.
 */

/** Marks a function as part of libgoc's ABI. */
#if defined(GOC_BUILDING) && defined(__GNUC__)
#define GOC_API __attribute__((visibility("default")))
#else
#define GOC_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup status Status codes
 *
 * Every libgoc function that can fail returns an `int`: #GOC_OK (0) on
 * success, a negative `GOC_E*` code on failure.  Two positive codes,
 * #GOC_ROW and #GOC_DONE, are given only by goc_cursor_next().  Codes are
 * never renumbered or reused; a retired code stays listed as obsolete.
 * @{
 */
/** The status codes: #GOC_OK, #GOC_ROW and #GOC_DONE, and the negative `GOC_E*` errors. */
enum goc_status {
	GOC_OK = 0,            /**< Success. */
	GOC_ROW = 100,         /**< goc_cursor_next(): a row is available. */
	GOC_DONE = 101,        /**< goc_cursor_next(): iteration is over. */

	GOC_ERROR = -1,        /**< Generic error with no better code. */
	GOC_ENOMEM = -2,       /**< Out of memory. */
	GOC_EINVAL = -3,       /**< Invalid argument or input (bad date, empty name, invalid UTF-8 …). */
	GOC_ENOTFOUND = -4,    /**< The object named does not exist. */
	GOC_EEXISTS = -5,      /**< An object with this name or code already exists. */
	GOC_ECONSTRAINT = -6,  /**< Refused: other records still refer to the object. */
	GOC_ESTATE = -7,       /**< Illegal lifecycle transition or missing precondition. */
	GOC_EVERSION = -8,     /**< The database was written by a newer libgoc. */
	GOC_ENOTDB = -9,       /**< The file is not a libgoc database (or not SQLite at all). */
	GOC_EBUSY = -10,       /**< The database is locked by another connection. */
	GOC_EIO = -11,         /**< Disk I/O error, disk full. */
	GOC_EPERM = -12,       /**< The acting unit is not permitted to do this. */
	GOC_EREADONLY = -13,   /**< Write attempted on a database opened read-only. */
	GOC_ECORRUPT = -14,    /**< The database file is damaged. */
	GOC_EMISUSE = -15,     /**< Call out of order (commit without begin, use of a closed handle …). */
	GOC_ECANTOPEN = -16,   /**< The file cannot be opened (missing, no permission). */
	GOC_ECANCELLED = -17,  /**< A progress callback asked to stop; nothing was written. */
	GOC_EAUTH = -18,       /**< Authentication failed: wrong login, password or token, a disabled person, an expired or revoked token (since GOC_1.2). */
	GOC_ETHROTTLED = -19   /**< Too many failed logins for this login or address: refused for a while (since GOC_1.2). */
};
/** @} */

/**
 * Name of a status code, e.g. "GOC_EINVAL: invalid argument".
 *
 * @param code  any value returned by a libgoc function.
 * @return a static string, never NULL; unknown codes give "unknown status".
 * Thread-safe.
 */
GOC_API const char *goc_strerror(int code);

/**
 * Code of the last error raised on the calling thread.
 *
 * Every failing libgoc call records its code and a one-line message that
 * names the field, value or line at fault.  Successful calls do not clear
 * it (as in libgit2); call goc_error_clear() to reset it.  Because the error
 * is kept per thread, a failed goc_db_open() can still be explained.
 *
 * @return the last error code on this thread, or #GOC_OK if none.
 */
GOC_API int goc_error_last(void);

/**
 * Message of the last error raised on the calling thread.
 *
 * @return a string owned by libgoc, never NULL ("" when there is none),
 *         always valid UTF-8 (bytes of quoted input that are not become
 *         '?'), valid until the next libgoc call on the same thread.
 */
GOC_API const char *goc_error_message(void);

/** Forget the last error of the calling thread. */
GOC_API void goc_error_clear(void);

/**
 * The input field the last error on the calling thread is about, so that a
 * front end can point at it (a column of a file, a form's input) without
 * reading the message.
 *
 * It is the name the message starts with — `name_zh` for
 * "name_zh: required" — as a path (`opts.plan`, `tasks[3].code`); a bulk
 * call's element prefix is not part of it: for
 * "fields[12]: zone: no zone with code 'x'" from goc_org_create_many_v2()
 * it is `zone` (the element's index comes through the call's own
 * out-parameter).
 *
 * @return a string owned by libgoc, never NULL: "" when the message starts
 *         with no name (a line and column of a file, a sentence), for an
 *         error of SQLite (I/O, a full disk, a busy file) and when there
 *         is none; a message that starts with the call's action
 *         ("org.create: out of memory") gives the action.  Valid until the
 *         next libgoc call on the same thread; goc_error_clear() clears it
 *         too.
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_error_field(void);

/**
 * The run-time library version as text, e.g. "0.1.0".
 * @return a static string.
 */
GOC_API const char *goc_version(void);

/**
 * The run-time library version as a number: major*1000000 + minor*1000 +
 * patch, comparable with #GOC_VERSION_NUMBER.
 */
GOC_API int goc_libversion_number(void);

/**
 * @defgroup validate Validation helpers
 * The checks libgoc applies to its input, exposed so that callers can
 * validate a form before submitting it.
 * @{
 */

/**
 * Check a calendar date in ISO 8601 form `YYYY-MM-DD` (years 1900–2999).
 *
 * @param date  NUL-terminated text.
 * @return #GOC_OK if it is a real calendar date; #GOC_EINVAL otherwise (NULL,
 *         wrong shape, month 13, 2025-02-30 …), with a message.
 */
GOC_API int goc_date_check(const char *date);

/**
 * Check a unified social credit code (统一社会信用代码, GB 32100-2015).
 *
 * 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z),
 * positions 3–8 an administrative division code (digits), the last a check
 * character computed with the standard's weights.  Letters must be upper
 * case.
 *
 * @param code  NUL-terminated text.
 * @return #GOC_OK if valid; #GOC_EINVAL otherwise, naming the position at
 *         fault or the expected check character.
 */
GOC_API int goc_uscc_check(const char *code);

/**
 * Check that text is well-formed UTF-8 (no overlong forms, no surrogates,
 * nothing above U+10FFFF).
 *
 * @param text  NUL-terminated text.
 * @return #GOC_OK or #GOC_EINVAL naming the byte offset at fault.
 */
GOC_API int goc_utf8_check(const char *text);

/**
 * The normalized form of a name: the key by which libgoc compares names
 * for uniqueness and lookup (organizations, partners).  In order:
 *  1. format and default-ignorable characters are removed (general
 *     category Cf and Default_Ignorable_Code_Point: zero-width space and
 *     joiners U+200B–U+200D, word joiner U+2060, U+FEFF, soft hyphen
 *     U+00AD, bidirectional controls, variation selectors …);
 *  2. the text is normalized to NFKC and case folded (full Unicode case
 *     folding): ＡＢＣ, ABC and abc, and é written as one character or as e
 *     and a combining accent, give the same key;
 *  3. every run of white space (no-break space, ideographic space U+3000,
 *     tab …) becomes one ASCII space, and none is left at either end.
 * That is Unicode's NFKC_Casefold, with white space trimmed and collapsed.
 *
 * @param out   receives the key, NUL-terminated UTF-8 owned by the caller:
 *              free it with goc_free().  Set to NULL on failure.
 * @param name  NUL-terminated UTF-8.
 * @return #GOC_OK; #GOC_EINVAL for NULL arguments, invalid UTF-8, or a
 *         name with nothing visible (its key would be empty);
 *         #GOC_ENOMEM.
 * @since symbol version GOC_1.2.
 */
GOC_API int goc_name_key(char **out, const char *name);

/**
 * The label of a vocabulary's value for people to read, in Chinese or
 * English: goc_label("stage", "landed", "zh") is "已落地",
 * goc_label("role", "lead", "en") is "Lead".
 *
 * @param kind   the vocabulary, named as its `goc_<kind>_str()` function:
 *               "unit_kind", "category", "origin", "stage",
 *               "review_outcome", "task_level", "task_status",
 *               "recurrence", "role", "partner_kind", "event_kind",
 *               "request_category", "measure", "scope", "window",
 *               "direction", "kpi_status", "score_by", "access",
 *               "audit_outcome", "tristate", "review_requests",
 *               "report_cycle", "reminder_kind".
 * @param value  the value's text name, as `goc_<kind>_str()` gives it.
 * @param lang   "zh" (also for NULL) or "en".
 * @return a static NUL-terminated UTF-8 string (never to be freed), or
 *         NULL for an unknown kind, value or language (NULL arguments
 *         too).  Sets no error.
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_label(const char *kind, const char *value, const char *lang);

/**
 * A text in Chinese or English from libgoc's message catalogue (po/zh_CN.po,
 * installed as LOCALEDIR/zh_CN/LC_MESSAGES/libgoc.mo; $GOC_LOCALEDIR, if
 * set when the catalogue is first needed, names another LOCALEDIR).  The
 * catalogue holds the library's message formats and the goc tool's texts;
 * a front end may translate a status text too:
 * goc_translate("zh", goc_strerror(code)).
 *
 * The language is chosen by the argument alone, never by the process's
 * locale or environment (LANG, LC_MESSAGES, LANGUAGE): see
 * goc_db_set_lang().  The catalogue is read once, on first use, and
 * never changes: any thread may call this function at any time.
 *
 * @param lang  "zh" (a region, encoding or modifier may follow: "zh_CN",
 *              "zh-CN", "zh_CN.UTF-8"); "en", NULL, "" or any other
 *              language give text back unchanged.
 * @param text  the English text, exactly as in the catalogue.
 * @return the translation (static, never to be freed, valid as long as
 *         the process), or text itself when the language is English, the
 *         catalogue is not installed or holds no translation of it (NULL
 *         gives NULL).  Sets no error.
 * @since symbol version GOC_1.2.
 */
GOC_API const char *goc_translate(const char *lang, const char *text);
/** @} */

/**
 * Tri-state for boolean filters: zero-initialised filters mean "any".
 */
enum goc_tristate {
	GOC_ANY = 0, /**< Do not filter. */
	GOC_YES = 1, /**< Only records where the flag is set. */
	GOC_NO = 2   /**< Only records where the flag is not set. */
};

/** Text name of a #goc_tristate ("any", "yes", "no"; zero is "any"), or
 *  NULL if unknown.  @since symbol version GOC_1.2. */
GOC_API const char *goc_tristate_str(int value);
/** Parse a #goc_tristate name.  @return #GOC_OK or #GOC_EINVAL.
 *  @since symbol version GOC_1.2. */
GOC_API int goc_tristate_parse(int *out, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* GOC_COMMON_H */
