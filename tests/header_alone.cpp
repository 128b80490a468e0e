// The public header compiles alone as C++ (extern "C") and links.
#include <goc.h>

int main()
{
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org_filter flt = GOC_ORG_FILTER_INIT;
	(void)f;
	(void)flt;
	goc_db *db = nullptr;
	int rc = goc_db_open_ext(&db, ":memory:", &o);
	goc_db_close(db);
	return rc == GOC_OK ? 0 : 1;
}
