/* The public header compiles alone, C11 -pedantic, and links. */
#include <goc.h>

int main(void)
{
	goc_open_options o = GOC_OPEN_OPTIONS_INIT;
	goc_org_fields f = GOC_ORG_FIELDS_INIT;
	goc_org_filter flt = GOC_ORG_FILTER_INIT;
	goc_unit_fields u = GOC_UNIT_FIELDS_INIT;
	goc_zone_fields z = GOC_ZONE_FIELDS_INIT;
	(void)f; (void)flt; (void)u; (void)z;
	return o.version == GOC_OPEN_OPTIONS_VERSION &&
	       goc_libversion_number() == GOC_VERSION_NUMBER ? 0 : 1;
}
