/*
 * libgoc — the message catalogue: the Chinese (zh_CN) translations of the
 * library's message formats and of the goc tool's texts.
 *
 * The translations live in po/zh_CN.po and are installed by msgfmt as
 * LOCALEDIR/zh_CN/LC_MESSAGES/libgoc.mo.  They are read here, not through
 * gettext(3): gettext chooses a language from the process's locale and the
 * LANGUAGE variable, shared by every thread, whereas a libgoc handle has its
 * own language (goc_db_set_lang(); English unless the integrator asks) and
 * several handles in several threads may speak different languages.  The
 * catalogue is read once (pthread_once) and never changes afterwards, so the
 * look-ups need no lock.  Where it is: $GOC_LOCALEDIR if set (the tests
 * point it at the build tree), else the LOCALEDIR configured at build time.
 * No catalogue (not installed, unreadable, damaged): every text stays
 * English.
 *
 * The .mo format (GNU gettext manual, "The Format of GNU MO Files"): a
 * header of 32-bit words — magic 0x950412de in the writer's byte order,
 * revision, N, offset of the table of original strings, offset of the
 * table of translations — each table N (length, offset) pairs; msgfmt
 * writes the originals sorted (strcmp), checked here at load: a file that
 * breaks any of this is no catalogue.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#ifndef GOC_LOCALEDIR
#define GOC_LOCALEDIR "/usr/local/share/locale"
#endif

#define MO_MAGIC 0x950412deu
#define MO_MAX (16u << 20) /* a catalogue larger than 16 MiB is not ours */

static struct {
	unsigned char *data;
	size_t size;
	uint32_t n, orig, trans;
	bool swap;
} zh;
static pthread_once_t zh_once = PTHREAD_ONCE_INIT;

static uint32_t word(const unsigned char *p, bool swap)
{
	uint32_t v;
	memcpy(&v, p, 4);
	if (swap)
		v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
	return v;
}

/* String i of the table at `table`: NULL unless it lies in the file and
 * ends with its NUL. */
static const char *mo_string(uint32_t table, uint32_t i)
{
	uint64_t at = (uint64_t)table + 8u * i;
	if (at + 8 > zh.size)
		return NULL;
	uint32_t len = word(zh.data + at, zh.swap), off = word(zh.data + at + 4, zh.swap);
	if ((uint64_t)off + len >= zh.size || zh.data[off + len] != '\0')
		return NULL;
	return (const char *)zh.data + off;
}

static bool mo_valid(void)
{
	if (zh.size < 20)
		return false;
	uint32_t magic;
	memcpy(&magic, zh.data, 4);
	if (magic == MO_MAGIC)
		zh.swap = false;
	else if (word(zh.data, true) == MO_MAGIC)
		zh.swap = true;
	else
		return false;
	if (word(zh.data + 4, zh.swap) >> 16 != 0) /* major revision 0 only */
		return false;
	zh.n = word(zh.data + 8, zh.swap);
	zh.orig = word(zh.data + 12, zh.swap);
	zh.trans = word(zh.data + 16, zh.swap);
	const char *prev = NULL;
	for (uint32_t i = 0; i < zh.n; i++) {
		const char *o = mo_string(zh.orig, i);
		if (!o || !mo_string(zh.trans, i) || (prev && strcmp(prev, o) >= 0))
			return false;
		prev = o;
	}
	return true;
}

static void zh_load(void)
{
	const char *dir = getenv("GOC_LOCALEDIR");
	if (!dir || !*dir)
		dir = GOC_LOCALEDIR;
	char path[4096];
	int n = snprintf(path, sizeof path, "%s/zh_CN/LC_MESSAGES/libgoc.mo", dir);
	if ((size_t)n >= sizeof path) /* n < 0 (never: no conversion but %s) is huge here too */
		return;
	FILE *f = fopen(path, "rb");
	if (!f)
		return;
	unsigned char *data = NULL;
	long size = -1;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && (unsigned long)size <= MO_MAX
	    && fseek(f, 0, SEEK_SET) == 0 && (data = malloc((size_t)size)) != NULL
	    && fread(data, 1, (size_t)size, f) == (size_t)size) {
		zh.data = data;
		zh.size = (size_t)size;
		if (!mo_valid()) {
			free(data);
			memset(&zh, 0, sizeof zh);
		}
	} else {
		free(data);
	}
	fclose(f);
	/* zh.data lives as long as the process: the translations handed out
	 * point into it. */
}

const char *goc__translate(int lang, const char *text)
{
	if (lang != GOC__LANG_ZH || !text || !*text)
		return text;
	pthread_once(&zh_once, zh_load);
	if (!zh.data)
		return text;
	uint32_t lo = 0, hi = zh.n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = strcmp(text, mo_string(zh.orig, mid));
		if (c == 0) {
			const char *t = mo_string(zh.trans, mid);
			return *t ? t : text; /* an empty translation is none */
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return text;
}

int goc__lang_parse(const char *lang)
{
	if (!lang || !*lang)
		return GOC__LANG_EN;
	char sep = lang[1] ? lang[2] : 'x'; /* lang[0] is not NUL here */
	if (sep != '\0' && sep != '_' && sep != '-' && sep != '.' && sep != '@')
		return -1;
	if ((lang[0] == 'z' || lang[0] == 'Z') && (lang[1] == 'h' || lang[1] == 'H'))
		return GOC__LANG_ZH;
	if ((lang[0] == 'e' || lang[0] == 'E') && (lang[1] == 'n' || lang[1] == 'N'))
		return GOC__LANG_EN;
	return -1;
}

GOC_API const char *goc_translate(const char *lang, const char *text)
{
	int l = goc__lang_parse(lang);
	return goc__translate(l < 0 ? GOC__LANG_EN : l, text);
}
