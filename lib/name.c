/*
 * libgoc — the normalized key of a name, the form in which two names are
 * "the same" for uniqueness and lookup (docs/integrators.md, "Names").
 *
 * The key of a name is, in order:
 *  1. the name without format and default-ignorable characters (general
 *     category Cf and the property Default_Ignorable_Code_Point: zero-width
 *     space and joiners U+200B–U+200D, word joiner U+2060, byte order mark
 *     U+FEFF, soft hyphen U+00AD, bidirectional controls, variation
 *     selectors …), which show nothing;
 *  2. normalized to NFKC and case folded (Unicode's full case folding,
 *     libunistring's u8_casefold() with UNINORM_NFKC): ＡＢＣ, ABC and abc
 *     are one key, and so are é and e + U+0301;
 *  3. with every run of white space (the property White_Space: ASCII space,
 *     no-break space, ideographic space U+3000 …) replaced by one ASCII
 *     space, and none at either end.
 * This is Unicode's NFKC_Casefold plus the trimming and collapsing of
 * white space.  Names are validated text, so the input is valid UTF-8.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicase.h>
#include <unictype.h>
#include <unistr.h>
#include <uninorm.h>

#include "internal.h"

static bool invisible(ucs4_t c)
{
	return uc_is_general_category(c, UC_CATEGORY_Cf) ||
	       uc_is_property_default_ignorable_code_point(c);
}

/* Copy s[0..n) into out (room for n bytes) without invisible characters
 * and with white space collapsed and trimmed; the length written.  Works
 * in place (out == s): the output never runs ahead of the input. */
static size_t squeeze(const uint8_t *s, size_t n, uint8_t *out)
{
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < n;) {
		ucs4_t c;
		int len = u8_mbtouc(&c, s + i, n - i);
		if (uc_is_property_white_space(c)) {
			space = o > 0;
		} else if (!invisible(c)) {
			if (space)
				out[o++] = ' ';
			space = false;
			memmove(out + o, s + i, (size_t)len);
			o += (size_t)len;
		}
		i += (size_t)len;
	}
	return o;
}

/* Names made only of printable ASCII and CJK unified ideographs (U+3400–
 * U+4DBF, U+4E00–U+9FFF) — most names — are their own NFKC form, and only
 * ASCII letters change under case folding: their key is made here, without
 * libunistring (which costs about as much as the rest of an insert's
 * checks).  false: not such a name (nothing written). */
static bool simple_key(const char *name, size_t n, char *out)
{
	const unsigned char *s = (const unsigned char *)name;
	size_t o = 0;
	bool space = false;
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		if (c == ' ') {
			space = o > 0;
			i++;
			continue;
		}
		if (space)
			out[o++] = ' ';
		space = false;
		if (c > 0x20 && c < 0x7F) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		if (c < 0xE3 || c > 0xE9)
			return false;
		if (n - i < 3) /* GCOVR_EXCL_BR_LINE: names are valid UTF-8, so a lead byte E3–E9 has its two more bytes; this only guards the reads below */
			return false;
		/* lead byte E3–E9: U+3000 to U+9FFF, so only the gap between the
		 * two ranges and what is below the first are not ideographs */
		unsigned cp = ((c & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
		if (cp < 0x3400 || (cp > 0x4DBF && cp < 0x4E00))
			return false;
		memcpy(out + o, s + i, 3);
		o += 3;
		i += 3;
	}
	out[o] = '\0';
	return true;
}

/* The key of valid UTF-8 `name` into k: GOC_OK or GOC_ENOMEM; records
 * nothing.  (u8_casefold() fails only for want of memory: its case
 * mapping and normalization decode with the _unsafe readers, which refuse
 * nothing.) */
static int key_make(const char *name, struct goc__key *k)
{
	k->s = NULL;
	k->len = 0;
	size_t n = strlen(name);
	char *dst = n < sizeof k->buf ? k->buf : goc__malloc(n + 1);
	if (!dst)
		return GOC_ENOMEM;
	if (simple_key(name, n, dst)) {
		k->s = dst;
		k->len = strlen(dst);
		return GOC_OK;
	}
	if (dst != k->buf)
		goc__free(dst);
	/* 1: invisible characters out (white space is collapsed too, which
	 * step 2 does not see differently) */
	uint8_t small[sizeof k->buf];
	uint8_t *tmp = n <= sizeof small ? small : goc__malloc(n);
	if (!tmp)
		return GOC_ENOMEM;
	size_t m = squeeze((const uint8_t *)name, n, tmp);
	/* 2: NFKC and case folding, into k->buf when it fits */
	size_t len = sizeof k->buf - 1;
	uint8_t *folded = (uint8_t *)k->buf;
	if (m > 0)
		folded = u8_casefold(tmp, m, NULL, UNINORM_NFKC, (uint8_t *)k->buf, &len);
	else
		len = 0;
	if (tmp != small)
		goc__free(tmp);
	if (!folded) /* GCOVR_EXCL_BR_LINE: only libunistring's own malloc() failing, which is not libgoc's allocator that the fault suites fail */
		return GOC_ENOMEM;
	/* a result made by libunistring: into libgoc's allocator, with room
	 * for the NUL */
	if (folded != (uint8_t *)k->buf) {
		uint8_t *copy = goc__malloc(len + 1);
		if (copy)
			memcpy(copy, folded, len);
		free(folded);
		if (!copy)
			return GOC_ENOMEM;
		folded = copy;
	}
	/* 3: folding can make new white space (U+3000 → U+0020) */
	len = squeeze(folded, len, folded);
	folded[len] = '\0';
	k->s = (char *)folded;
	k->len = len;
	return GOC_OK;
}

int goc__name_key(goc_db *db, const char *field, const char *name, struct goc__key *k)
{
	k->s = NULL;
	k->len = 0;
	if (!name)
		return GOC_OK;
	if (key_make(name, k) != GOC_OK)
		return goc__err(db, GOC_ENOMEM, "%s: out of memory", field);
	if (k->len == 0) {
		goc__key_free(k);
		char shown[200];
		goc__name_show(shown, sizeof shown, name);
		return goc__err(db, GOC_EINVAL,
		                "%s: '%s' has no visible characters", field, shown);
	}
	return GOC_OK;
}

/* SQL goc_name_key(text): the key, NULL for NULL; text that is not valid
 * UTF-8 (a file edited behind libgoc's back) is its own key. */
static void sql_name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	const char *name = (const char *)sqlite3_value_text(argv[0]);
	if (!name) {
		if (sqlite3_value_type(argv[0]) != SQLITE_NULL)
			sqlite3_result_error_nomem(ctx);
		return;
	}
	struct goc__key k;
	int rc = goc__check_utf8(name, NULL, NULL) == 0 ? key_make(name, &k) : GOC_EINVAL;
	if (rc == GOC_OK)
		sqlite3_result_text(ctx, k.s, (int)k.len, SQLITE_TRANSIENT);
	else if (rc == GOC_ENOMEM)
		sqlite3_result_error_nomem(ctx);
	else
		sqlite3_result_value(ctx, argv[0]);
	if (rc == GOC_OK)
		goc__key_free(&k);
}

int goc__name_key_register(goc_db *db)
{
	int rc = sqlite3_create_function_v2(db->sql, "goc_name_key", 1,
	                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY,
	                                    NULL, sql_name_key, NULL, NULL, NULL);
	return rc == SQLITE_OK ? GOC_OK : goc__sqlerr(db, rc, db->path);
}

void goc__key_free(struct goc__key *k)
{
	if (k->s && k->s != k->buf)
		goc__free(k->s);
	k->s = NULL;
}

void goc__name_show(char *buf, size_t size, const char *name)
{
	size_t o = 0, n = strlen(name);
	for (size_t i = 0; i < n && size > 0;) {
		ucs4_t c;
		int len = u8_mbtouc(&c, (const uint8_t *)name + i, n - i);
		char esc[16];
		const char *piece = name + i;
		size_t plen = (size_t)len;
		if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || invisible(c) ||
		    (c != ' ' && uc_is_property_white_space(c))) {
			plen = (size_t)snprintf(esc, sizeof esc, "<U+%04X>", (unsigned)c);
			piece = esc;
		}
		if (o + plen >= size)
			break;
		memcpy(buf + o, piece, plen);
		o += plen;
		i += (size_t)len;
	}
	if (size > 0)
		buf[o] = '\0';
}

GOC_API int goc_name_key(char **out, const char *name)
{
	if (out)
		*out = NULL;
	if (!out || !name)
		return goc__err(NULL, GOC_EINVAL, "%s: must not be NULL", out ? "name" : "out");
	size_t off;
	if (goc__check_utf8(name, NULL, &off) != 0)
		return goc__err(NULL, GOC_EINVAL, "name: invalid UTF-8 at byte %zu", off);
	struct goc__key k;
	int rc = goc__name_key(NULL, "name", name, &k);
	if (rc != GOC_OK)
		return rc;
	*out = k.s == k.buf ? goc__strdup(k.s) : k.s;
	if (!*out)
		return goc__err(NULL, GOC_ENOMEM, "name: out of memory");
	return GOC_OK;
}
