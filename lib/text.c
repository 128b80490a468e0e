/*
 * libgoc — the bottom of the library: memory (through SQLite's allocator),
 * JSON string escapes, and the UTF-8 and control-character scans.  Calls
 * nothing else of libgoc, so every other file may call it (error.c
 * included: a message is cut on a whole character).
 */
#include <string.h>

#include "internal.h"

void *goc__malloc(size_t n)
{
	return sqlite3_malloc64(n ? n : 1);
}

void goc__free(void *p)
{
	sqlite3_free(p);
}

/* Append `v` as a JSON string, or null, escaped the way SQLite's JSON
 * functions escape it (the audit trail mixes the two). */
void goc__json_str(sqlite3_str *out, const char *v)
{
	if (!v) {
		sqlite3_str_append(out, "null", 4);
		return;
	}
	static const char special[32] = { ['\b'] = 'b', ['\t'] = 't', ['\n'] = 'n',
	                                  ['\f'] = 'f', ['\r'] = 'r' };
	sqlite3_str_appendchar(out, 1, '"');
	const char *run = v;
	for (const char *p = v; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sqlite3_str_append(out, run, (int)(p - run));
		run = p + 1;
		if (c >= 0x20)
			sqlite3_str_appendf(out, "\\%c", c);
		else if (special[c])
			sqlite3_str_appendf(out, "\\%c", special[c]);
		else
			sqlite3_str_appendf(out, "\\u%04x", c);
	}
	sqlite3_str_appendall(out, run);
	sqlite3_str_appendchar(out, 1, '"');
}

char *goc__strdup(const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s) + 1;
	char *d = goc__malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/*
 * Strict UTF-8 (RFC 3629) over n bytes: no overlong forms, no surrogates,
 * nothing above U+10FFFF, no NUL byte.  Returns 0 if valid (and the number
 * of code points), -1 with the offset of the first bad byte otherwise.
 */
int goc__utf8_scan(const char *str, size_t n, size_t *nchars, size_t *bad_offset)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, count = 0;
	while (i < n) {
		unsigned char c = s[i];
		size_t len;
		unsigned int cp;
		if (c == 0)
			goto bad;
		if (c < 0x80) {
			i++;
			count++;
			continue;
		} else if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
			cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			cp = c & 0x07;
		} else {
			goto bad;
		}
		if (n - i < len)
			goto bad;
		for (size_t k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				goto bad;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			goto bad;
		i += len;
		count++;
	}
	if (nchars)
		*nchars = count;
	return 0;
bad:
	if (bad_offset)
		*bad_offset = i;
	return -1;
}

/* The same for NUL-terminated text. */
int goc__check_utf8(const char *str, size_t *nchars, size_t *bad_offset)
{
	return goc__utf8_scan(str, strlen(str), nchars, bad_offset);
}

/* The first control character of valid UTF-8 text s: C0 (U+0000–U+001F,
 * but tab, LF and CR when `newlines`), DEL (U+007F) or C1 (U+0080–U+009F,
 * the two bytes C2 80–C2 9F).  true with its byte offset and code point. */
bool goc__find_control(const char *s, bool newlines, size_t *at, unsigned *cp)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned c = *p;
		if (c == 0xC2 && p[1] <= 0x9F) /* valid UTF-8: p[1] >= 0x80 */
			c = p[1];
		else if (c >= 0x20 && c != 0x7F)
			continue;
		else if (newlines && (c == '\n' || c == '\t' || c == '\r'))
			continue;
		*at = (size_t)(p - (const unsigned char *)s);
		*cp = c;
		return true;
	}
	return false;
}
