/*
 * Fuzz target: unified social credit codes and UTF-8 — goc_uscc_check()
 * and goc_utf8_check() against independent implementations of GB
 * 32100-2015 and RFC 3629, and goc_org_create() (an identifier of scheme
 * "uscc") on an in-memory database, which must accept exactly the codes
 * goc_uscc_check() accepts and write nothing when it refuses.
 */
#include "fuzz.h"

static int uscc_ok(const char *s)
{
	static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
	if (strlen(s) != 18)
		return 0;
	int v[18];
	for (int i = 0; i < 18; i++) {
		const char *p = strchr(alpha, s[i]);
		if (!p)
			return 0;
		v[i] = (int)(p - alpha);
		if (i >= 2 && i <= 7 && v[i] > 9)
			return 0;
	}
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += v[i] * w[i];
	return v[17] == (31 - sum % 31) % 31;
}

/* RFC 3629 by code point ranges (the table of section 4). */
static int utf8_ok(const unsigned char *s)
{
	while (*s) {
		unsigned c = s[0];
		if (c < 0x80) {
			s++;
			continue;
		}
		int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		if (n == 0 || c > 0xF4)
			return 0;
		unsigned long cp = c & (0x7F >> n);
		for (int k = 1; k < n; k++) {
			if ((s[k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[k] & 0x3F);
		}
		static const unsigned long min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
		if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		s += n;
	}
	return 1;
}

static goc_db *db;

static int count_orgs(void)
{
	goc_cursor *cur = NULL;
	return fuzz_count(goc_org_list(&cur, db, NULL), &cur);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	goc_error_clear();
	int rc = goc_uscc_check(s);
	fuzz_check_error(rc);
	int valid = uscc_ok(s);
	FUZZ_ASSERT((rc == GOC_OK) == valid, "goc_uscc_check() disagrees with GB 32100-2015");

	goc_error_clear();
	int urc = goc_utf8_check(s);
	fuzz_check_error(urc);
	FUZZ_ASSERT((urc == GOC_OK) == utf8_ok((const unsigned char *)s),
	            "goc_utf8_check() disagrees with RFC 3629");

	if (size <= 64) {
		if (!db)
			FUZZ_ASSERT(goc_db_open(&db, ":memory:") == GOC_OK, "goc_db_open(:memory:)");
		FUZZ_ASSERT(goc_db_begin(db) == GOC_OK, "goc_db_begin");
		goc_org_fields f = GOC_ORG_FIELDS_INIT;
		f.name_zh = "模糊测试组织";
		f.category = GOC_CATEGORY_TRADE;
		f.date = "2024-03-01";
		f.id_scheme = "uscc";
		f.id_value = s;
		int64_t id = 0;
		goc_error_clear();
		rc = goc_org_create(&id, db, &f);
		fuzz_check_error(rc);
		if (valid) {
			FUZZ_ASSERT(rc == GOC_OK, "goc_org_create() refused a valid USCC");
			FUZZ_ASSERT(count_orgs() == 1, "the organization is not there");
		} else {
			FUZZ_ASSERT(rc == GOC_EINVAL, "goc_org_create() did not refuse a bad USCC");
			FUZZ_ASSERT(strstr(goc_error_message(), "id_value") != NULL,
			            "the message does not name id_value");
			FUZZ_ASSERT(count_orgs() == 0, "a refused organization was written");
		}
		FUZZ_ASSERT(goc_db_rollback(db) == GOC_OK, "goc_db_rollback");
	}
	free(s);
	return 0;
}
