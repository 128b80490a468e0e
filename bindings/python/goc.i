/*
 * goc.i — the private SWIG layer under the Python package `goc`.
 *
 * Thin on purpose: it wraps the C API of <goc.h> function for function and
 * adds only what C cannot express in Python terms:
 *
 *  - errors: every wrapped call starts with goc_error_clear(); an `int`
 *    result that is negative while the thread's last error is set raises
 *    the exception class registered by the package for that code, with the
 *    library's own message (goc_error_message()).  Accessors that return a
 *    negative value as data (goc_report_percent() …) record no error and
 *    are not affected;
 *  - out-parameters: `goc_x **out` comes back as the (borrowed, unowned)
 *    pointer, `int *out` and `int64_t *out_id` as int, `char **out` as str
 *    (freed with goc_free());
 *  - the versioned field/filter/option structs are given as dicts whose
 *    keys are the struct's member names (missing keys keep the _INIT value,
 *    unknown keys raise TypeError); the strings are borrowed from the dict
 *    for the duration of the call;
 *  - the GIL is released around every C call (-threads); the few helpers
 *    that touch Python objects are %nothread and release it themselves;
 *  - goc_org_create_many() goes through goc_py_org_create_many(), which
 *    converts a whole list of keyword mappings to C in one call (made with
 *    goc_org_create_many_v2(), whose out-parameter gives the failing
 *    item's index as the exception's `index`);
 *  - the plan imports go through goc_py_plan_import(); it and
 *    goc_py_org_create_many() take a Python progress callback: it is
 *    called with the GIL held, a truthy result cancels (GOC_ECANCELLED),
 *    an exception cancels too and is re-raised instead of the library's
 *    GOC_ECANCELLED.  On the main thread they also look for signals as
 *    they go (PyErr_CheckSignals(), with the GIL taken every 50 ms and
 *    at the last step): Ctrl-C's KeyboardInterrupt cancels the call with
 *    nothing written, instead of waiting for it to commit.
 *
 * Pointers handed out here are raw and unowned: the package frees records
 * and cursors itself and never passes a freed pointer back.
 */
%module(package="goc") _goc_swig

%{
#include <stddef.h>
#include <string.h>
#include <goc.h>
%}

%include <stdint.i>

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

%{
/* Set by the package: a callable (code, message) -> exception instance. */
static PyObject *goc_py_error_factory = NULL;

/* Raise the exception for a libgoc status code with the thread's last
 * message.  Must be called with the GIL held. */
static void goc_py_raise(int code)
{
	const char *msg = goc_error_message();
	if (!msg || !*msg)
		msg = goc_strerror(code);
	PyObject *text = PyUnicode_DecodeUTF8(msg, (Py_ssize_t)strlen(msg), "replace");
	if (!text)
		return;
	if (!goc_py_error_factory) {
		PyErr_SetObject(PyExc_RuntimeError, text);
		Py_DECREF(text);
		return;
	}
	PyObject *exc = PyObject_CallFunction(goc_py_error_factory, "iO", code, text);
	Py_DECREF(text);
	if (!exc)
		return; /* the factory's own exception stands */
	/* the field at fault, as C gives it (never parsed from the message) */
	const char *field = goc_error_field();
	if (field && *field) {
		PyObject *f = PyUnicode_DecodeUTF8(field, (Py_ssize_t)strlen(field), "replace");
		if (!f || PyObject_SetAttrString(exc, "field", f) != 0)
			PyErr_Clear(); /* the error without its field */
		Py_XDECREF(f);
	}
	PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
	Py_DECREF(exc);
}

/* A failed call: a negative status while the thread's error is set (it was
 * cleared just before the call). */
#define GOC_PY_FAILED(rc) ((rc) < 0 && goc_error_last() != GOC_OK)
%}

/* Every call starts from a clean per-thread error. */
%exception {
	goc_error_clear();
	$action
}

%typemap(out) int {
	if (GOC_PY_FAILED($1)) {
		goc_py_raise($1);
		SWIG_fail;
	}
	$result = PyLong_FromLong((long)$1);
}

/* The package reads the error through the exceptions raised here. */
%ignore goc_error_last;
%ignore goc_error_message;
%ignore goc_error_field;
%ignore goc_error_clear;
/* Used by the typemaps and helpers below, never handed to Python. */
%ignore goc_free;
%ignore goc_plan_import_json;
%ignore goc_plan_import_table;
%ignore goc_report_import_table;
%ignore goc_org_import_table;
%ignore goc_org_import_result;
%ignore goc_report_import_result;
%ignore goc_org_create_many;
%ignore goc_org_create_many_ext;
%ignore goc_org_create_many_v2;
%ignore goc_audit_verify;

%nothread goc_py_set_error_factory;
%inline %{
/* Register the package's exception factory (code, message) -> exception. */
PyObject *goc_py_set_error_factory(PyObject *factory)
{
	if (factory != Py_None && !PyCallable_Check(factory)) {
		PyErr_SetString(PyExc_TypeError, "the error factory must be callable");
		return NULL;
	}
	Py_XDECREF(goc_py_error_factory);
	goc_py_error_factory = NULL;
	if (factory != Py_None) {
		Py_INCREF(factory);
		goc_py_error_factory = factory;
	}
	Py_RETURN_NONE;
}
%}

/* ------------------------------------------------------------------ */
/* Strings in                                                          */
/* ------------------------------------------------------------------ */

%{
/* UTF-8 of a str, borrowed from the str object (cached in it); NULL with
 * an exception for non-str values and embedded NUL characters. */
static const char *goc_py_utf8(PyObject *o, const char *what)
{
	Py_ssize_t n;
	if (!PyUnicode_Check(o)) {
		PyErr_Format(PyExc_TypeError, "%s: expected str or None, not %.100s", what,
		             Py_TYPE(o)->tp_name);
		return NULL;
	}
	const char *s = PyUnicode_AsUTF8AndSize(o, &n);
	if (!s)
		return NULL;
	if ((size_t)n != strlen(s)) {
		PyErr_Format(PyExc_ValueError, "%s: embedded NUL character", what);
		return NULL;
	}
	return s;
}
%}

/* None is NULL; str is passed as UTF-8 (no copy: the argument outlives the
 * call). */
%typemap(in) const char * {
	if ($input == Py_None) {
		$1 = NULL;
	} else {
		$1 = ($1_ltype)goc_py_utf8($input, "$1_name");
		if (!$1)
			SWIG_fail;
	}
}
%typemap(freearg) const char * ""
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) const char * {
	$1 = ($input == Py_None || PyUnicode_Check($input)) ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* Out-parameters                                                      */
/* ------------------------------------------------------------------ */

/* goc_x **out: the new object's pointer replaces the status. */
%typemap(in, numinputs=0) SWIGTYPE **out ($*1_ltype tmp) {
	tmp = NULL;
	$1 = &tmp;
}
%typemap(argout) SWIGTYPE **out {
	Py_DECREF($result);
	$result = SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $*1_descriptor, 0);
}

/* char **out (goc_plan_export_json()): a str; the C string is freed. */
%typemap(in, numinputs=0) char **out (char *tmp) {
	tmp = NULL;
	$1 = &tmp;
}
%typemap(argout) char **out {
	Py_DECREF($result);
	if (*$1) {
		$result = PyUnicode_DecodeUTF8(*$1, (Py_ssize_t)strlen(*$1), "strict");
	} else {
		Py_INCREF(Py_None);
		$result = Py_None;
	}
	goc_free(*$1);
	*$1 = NULL;
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) char **out {
	goc_free(*$1);
}
/* goc_resolve(): the code comes back the same way. */
%apply char **out { char **out_code };

/* goc_text_decode(): the bytes to decode come as a bytes-like object
 * (bytes, bytearray, memoryview), held for the call; the decoded text's
 * length is not wanted (the str has it). */
%typemap(in) (const char *data, size_t len) (Py_buffer view, int have_view = 0) {
	if (PyObject_GetBuffer($input, &view, PyBUF_SIMPLE) < 0) {
		PyErr_Clear();
		PyErr_Format(PyExc_TypeError, "data: expected a bytes-like object, not %.100s",
		             Py_TYPE($input)->tp_name);
		SWIG_fail;
	}
	have_view = 1;
	$1 = view.len ? (char *)view.buf : "";
	$2 = (size_t)view.len;
}
%typemap(freearg) (const char *data, size_t len) {
	if (have_view$argnum)
		PyBuffer_Release(&view$argnum);
}
%typemap(in, numinputs=0) size_t *out_len (size_t tmp) {
	tmp = 0;
	$1 = &tmp;
}
%typemap(argout) size_t *out_len ""

/* int *out (the *_parse functions, goc_db_schema_version()). */
%typemap(in, numinputs=0) int *out (int tmp) {
	tmp = 0;
	$1 = &tmp;
}
%typemap(argout) int *out {
	Py_DECREF($result);
	$result = PyLong_FromLong((long)*$1);
}

/* goc_audit_verify() goes through goc_py_audit_verify() (below): the
 * number of records checked is returned, and a bad chain raises
 * CorruptError carrying C's first_bad as an attribute, never parsed back
 * out of the message. */
%{
/* Data C returns beside an error travels as an attribute of the exception
 * being raised (CorruptError.first_bad, Error.index), never in its text:
 * set attribute `name` of the pending exception to `v` (a new reference,
 * or NULL for None).  If that fails, its own exception replaces the
 * pending one. */
static void goc_py_exc_attr(const char *name, PyObject *v)
{
	PyObject *type, *value, *tb;
	PyErr_Fetch(&type, &value, &tb);
	PyErr_NormalizeException(&type, &value, &tb);
	if (!v) {
		Py_INCREF(Py_None);
		v = Py_None;
	}
	if (value && PyObject_SetAttrString(value, name, v) < 0) {
		Py_DECREF(v);
		Py_XDECREF(type);
		Py_XDECREF(value);
		Py_XDECREF(tb);
		return; /* that failure's own exception stands */
	}
	Py_DECREF(v);
	PyErr_Restore(type, value, tb);
}
%}

%nothread goc_py_audit_verify;
%inline %{
PyObject *goc_py_audit_verify(goc_db *db, int64_t anchor_seq, const char *anchor_hash)
{
	int64_t checked = 0, first_bad = 0;
	int rc;
	goc_error_clear();
	Py_BEGIN_ALLOW_THREADS
	rc = goc_audit_verify(&checked, &first_bad, db, anchor_seq, anchor_hash);
	Py_END_ALLOW_THREADS
	if (!GOC_PY_FAILED(rc))
		return PyLong_FromLongLong((long long)checked);
	goc_py_raise(rc);
	if (first_bad > 0) {
		PyObject *bad = PyLong_FromLongLong((long long)first_bad);
		if (bad)
			goc_py_exc_attr("first_bad", bad);
	} else {
		goc_py_exc_attr("first_bad", NULL);
	}
	return NULL;
}
%}

/* goc_audit_head(): returns (seq, hash). */
%typemap(in, numinputs=0) int64_t *seq (int64_t tmp) {
	tmp = 0;
	$1 = &tmp;
}
%typemap(argout) int64_t *seq ""
%typemap(in, numinputs=0) char hash[65] (char tmp[65]) {
	tmp[0] = '\0';
	$1 = tmp;
}
%typemap(argout) char hash[65] {
	Py_DECREF($result);
	$result = Py_BuildValue("(Ls)", (long long)*arg1, $1);
}

/* goc_db_data_version(): the number. */
%typemap(in, numinputs=0) int64_t *out_version (int64_t tmp) {
	tmp = 0;
	$1 = &tmp;
}
%typemap(argout) int64_t *out_version {
	Py_DECREF($result);
	$result = PyLong_FromLongLong((long long)*$1);
}

/* goc_token_add(): the token's text (shown once, freed here) and id, as a
 * tuple (text, id). */
%typemap(in, numinputs=0) (char **out_token, int64_t *out_id) (char *tok, int64_t id) {
	tok = NULL;
	id = 0;
	$1 = &tok;
	$2 = &id;
}
%typemap(argout) (char **out_token, int64_t *out_id) {
	Py_DECREF($result);
	$result = Py_BuildValue("(sL)", *$1 ? *$1 : "", (long long)*$2);
	goc_free(*$1);
	*$1 = NULL;
	if (!$result)
		SWIG_fail;
}
%typemap(freearg) (char **out_token, int64_t *out_id) {
	goc_free(*$1);
}

/* int64_t *out_id: the new record's id. */
%typemap(in, numinputs=0) int64_t *out_id (int64_t tmp) {
	tmp = 0;
	$1 = &tmp;
}
%typemap(argout) int64_t *out_id {
	Py_DECREF($result);
	$result = PyLong_FromLongLong((long long)*$1);
}

/* ------------------------------------------------------------------ */
/* Field, filter and option structs from dicts                         */
/* ------------------------------------------------------------------ */

%{
/* STRV: a sequence of str into a `const char *const *` member and the
 * size_t member right after it (its count). */
enum goc_py_ftype { GOC_PY_STR, GOC_PY_INT, GOC_PY_UINT, GOC_PY_I64, GOC_PY_DBL, GOC_PY_CHAR,
	            GOC_PY_STRV };

typedef struct goc_py_field {
	const char *name;
	enum goc_py_ftype type;
	size_t off;
} goc_py_field;

/* The member's declared type is checked at compile time: a header change
 * of a member's type breaks the build here instead of memory at run time. */
#define GOC_PY_IS_STR(x) _Generic((x), const char *: 1, default: 0)
#define GOC_PY_IS_INT(x) _Generic((x), int: 1, default: 0)
#define GOC_PY_IS_UINT(x) _Generic((x), unsigned int: 1, default: 0)
#define GOC_PY_IS_I64(x) _Generic((x), int64_t: 1, default: 0)
#define GOC_PY_IS_DBL(x) _Generic((x), double: 1, default: 0)
#define GOC_PY_IS_CHAR(x) _Generic((x), char: 1, default: 0)
#define GOC_PY_IS_STRV(x) _Generic((x), const char *const *: 1, default: 0)
#define GOC_PY_F(T, f, ty)                                                            \
	{ #f, GOC_PY_##ty,                                                            \
	  offsetof(T, f) + 0 * sizeof(char[GOC_PY_IS_##ty(((T *)0)->f) ? 1 : -1]) }
#define GOC_PY_END { NULL, GOC_PY_INT, 0 }

static const goc_py_field goc_py_fields_goc_open_options[] = {
	GOC_PY_F(goc_open_options, flags, UINT),
	GOC_PY_F(goc_open_options, busy_timeout_ms, INT),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_unit_fields[] = {
	GOC_PY_F(goc_unit_fields, code, STR),
	GOC_PY_F(goc_unit_fields, name_zh, STR),
	GOC_PY_F(goc_unit_fields, name_en, STR),
	GOC_PY_F(goc_unit_fields, kind, INT),
	GOC_PY_F(goc_unit_fields, contact, STR),
	GOC_PY_F(goc_unit_fields, phone, STR),
	GOC_PY_F(goc_unit_fields, email, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_zone_fields[] = {
	GOC_PY_F(goc_zone_fields, code, STR),
	GOC_PY_F(goc_zone_fields, name_zh, STR),
	GOC_PY_F(goc_zone_fields, name_en, STR),
	GOC_PY_F(goc_zone_fields, focus, INT),
	GOC_PY_F(goc_zone_fields, bureau, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_org_fields[] = {
	GOC_PY_F(goc_org_fields, name_zh, STR),
	GOC_PY_F(goc_org_fields, name_en, STR),
	GOC_PY_F(goc_org_fields, category, INT),
	GOC_PY_F(goc_org_fields, origin, INT),
	GOC_PY_F(goc_org_fields, zone, STR),
	GOC_PY_F(goc_org_fields, unit, STR),
	GOC_PY_F(goc_org_fields, id_scheme, STR),
	GOC_PY_F(goc_org_fields, id_value, STR),
	GOC_PY_F(goc_org_fields, notes, STR),
	GOC_PY_F(goc_org_fields, date, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_org_filter[] = {
	GOC_PY_F(goc_org_filter, zone, STR),
	GOC_PY_F(goc_org_filter, unit, STR),
	GOC_PY_F(goc_org_filter, stage, INT),
	GOC_PY_F(goc_org_filter, category, INT),
	GOC_PY_F(goc_org_filter, origin, INT),
	GOC_PY_F(goc_org_filter, hq, INT),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_plan_fields[] = {
	GOC_PY_F(goc_plan_fields, code, STR),
	GOC_PY_F(goc_plan_fields, title_zh, STR),
	GOC_PY_F(goc_plan_fields, title_en, STR),
	GOC_PY_F(goc_plan_fields, issuer, STR),
	GOC_PY_F(goc_plan_fields, issued, STR),
	GOC_PY_F(goc_plan_fields, source, STR),
	GOC_PY_F(goc_plan_fields, start, STR),
	GOC_PY_F(goc_plan_fields, end, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_goal_fields[] = {
	GOC_PY_F(goc_goal_fields, plan, STR),
	GOC_PY_F(goc_goal_fields, code, STR),
	GOC_PY_F(goc_goal_fields, title_zh, STR),
	GOC_PY_F(goc_goal_fields, title_en, STR),
	GOC_PY_F(goc_goal_fields, text, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_task_fields[] = {
	GOC_PY_F(goc_task_fields, plan, STR),
	GOC_PY_F(goc_task_fields, code, STR),
	GOC_PY_F(goc_task_fields, parent, STR),
	GOC_PY_F(goc_task_fields, level, INT),
	GOC_PY_F(goc_task_fields, label, STR),
	GOC_PY_F(goc_task_fields, title_zh, STR),
	GOC_PY_F(goc_task_fields, title_en, STR),
	GOC_PY_F(goc_task_fields, text, STR),
	GOC_PY_F(goc_task_fields, due, STR),
	GOC_PY_F(goc_task_fields, recurrence, INT),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_task_changes[] = {
	GOC_PY_F(goc_task_changes, label, STR),
	GOC_PY_F(goc_task_changes, title_zh, STR),
	GOC_PY_F(goc_task_changes, title_en, STR),
	GOC_PY_F(goc_task_changes, text, STR),
	GOC_PY_F(goc_task_changes, due, STR),
	GOC_PY_F(goc_task_changes, recurrence, INT),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_task_filter[] = {
	GOC_PY_F(goc_task_filter, parent, STR),
	GOC_PY_F(goc_task_filter, level, INT),
	GOC_PY_F(goc_task_filter, status, INT),
	GOC_PY_F(goc_task_filter, overdue_as_of, STR),
	GOC_PY_F(goc_task_filter, unit, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_report_fields[] = {
	GOC_PY_F(goc_report_fields, plan, STR),
	GOC_PY_F(goc_report_fields, task, STR),
	GOC_PY_F(goc_report_fields, unit, STR),
	GOC_PY_F(goc_report_fields, period, STR),
	GOC_PY_F(goc_report_fields, date, STR),
	GOC_PY_F(goc_report_fields, status, INT),
	GOC_PY_F(goc_report_fields, percent, INT),
	GOC_PY_F(goc_report_fields, text, STR),
	GOC_PY_F(goc_report_fields, evidence, STR),
	GOC_PY_F(goc_report_fields, supersedes, I64),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_report_filter[] = {
	GOC_PY_F(goc_report_filter, task, STR),
	GOC_PY_F(goc_report_filter, unit, STR),
	GOC_PY_F(goc_report_filter, period, STR),
	GOC_PY_F(goc_report_filter, include_superseded, INT),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_dossier_filter[] = {
	GOC_PY_F(goc_dossier_filter, unit, STR),
	GOC_PY_F(goc_dossier_filter, task, STR),
	GOC_PY_F(goc_dossier_filter, flags, UINT),
	GOC_PY_END
};
/* progress and payload are set by goc_py_plan_import() itself. */
static const goc_py_field goc_py_fields_goc_import_options[] = {
	GOC_PY_F(goc_import_options, flags, UINT),
	GOC_PY_F(goc_import_options, plan, STR),
	GOC_PY_F(goc_import_options, encoding, STR),
	GOC_PY_F(goc_import_options, delimiter, CHAR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_report_import_options[] = {
	GOC_PY_F(goc_report_import_options, sheet, STR),
	GOC_PY_F(goc_report_import_options, encoding, STR),
	GOC_PY_F(goc_report_import_options, plan, STR),
	GOC_PY_F(goc_report_import_options, unit, STR),
	GOC_PY_F(goc_report_import_options, period, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_org_import_options[] = {
	GOC_PY_F(goc_org_import_options, sheet, STR),
	GOC_PY_F(goc_org_import_options, encoding, STR),
	GOC_PY_END
};
/* progress and payload are set by goc_py_org_create_many() itself. */
static const goc_py_field goc_py_fields_goc_bulk_options[] = {
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_activity_filter[] = {
	GOC_PY_F(goc_activity_filter, unit, STR),
	GOC_PY_F(goc_activity_filter, zone, STR),
	GOC_PY_F(goc_activity_filter, kind, INT),
	GOC_PY_F(goc_activity_filter, from, STR),
	GOC_PY_F(goc_activity_filter, to, STR),
	GOC_PY_F(goc_activity_filter, international, INT),
	GOC_PY_F(goc_activity_filter, large, INT),
	GOC_PY_F(goc_activity_filter, org, I64),
	GOC_PY_F(goc_activity_filter, open, INT),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_audit_filter[] = {
	GOC_PY_F(goc_audit_filter, actor, STR),
	GOC_PY_F(goc_audit_filter, object_kind, STR),
	GOC_PY_F(goc_audit_filter, object_id, STR),
	GOC_PY_F(goc_audit_filter, action, STR),
	GOC_PY_F(goc_audit_filter, outcome, INT),
	GOC_PY_F(goc_audit_filter, after_seq, I64),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_partner_fields[] = {
	GOC_PY_F(goc_partner_fields, name_zh, STR),
	GOC_PY_F(goc_partner_fields, name_en, STR),
	GOC_PY_F(goc_partner_fields, kind, INT),
	GOC_PY_F(goc_partner_fields, unit, STR),
	GOC_PY_F(goc_partner_fields, date, STR),
	GOC_PY_F(goc_partner_fields, contact, STR),
	GOC_PY_F(goc_partner_fields, notes, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_user_fields[] = {
	GOC_PY_F(goc_user_fields, login, STR),
	GOC_PY_F(goc_user_fields, name, STR),
	GOC_PY_F(goc_user_fields, unit, STR),
	GOC_PY_F(goc_user_fields, phone, STR),
	GOC_PY_F(goc_user_fields, email, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_expert_fields[] = {
	GOC_PY_F(goc_expert_fields, name, STR),
	GOC_PY_F(goc_expert_fields, field, STR),
	GOC_PY_F(goc_expert_fields, affiliation, STR),
	GOC_PY_F(goc_expert_fields, unit, STR),
	GOC_PY_F(goc_expert_fields, date, STR),
	GOC_PY_F(goc_expert_fields, notes, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_event_fields[] = {
	GOC_PY_F(goc_event_fields, title_zh, STR),
	GOC_PY_F(goc_event_fields, title_en, STR),
	GOC_PY_F(goc_event_fields, date, STR),
	GOC_PY_F(goc_event_fields, zone, STR),
	GOC_PY_F(goc_event_fields, kind, INT),
	GOC_PY_F(goc_event_fields, international, INT),
	GOC_PY_F(goc_event_fields, large, INT),
	GOC_PY_F(goc_event_fields, unit, STR),
	GOC_PY_F(goc_event_fields, notes, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_request_fields[] = {
	GOC_PY_F(goc_request_fields, org, I64),
	GOC_PY_F(goc_request_fields, category, INT),
	GOC_PY_F(goc_request_fields, opened, STR),
	GOC_PY_F(goc_request_fields, unit, STR),
	GOC_PY_F(goc_request_fields, summary, STR),
	GOC_PY_F(goc_request_fields, notes, STR),
	GOC_PY_END
};
static const goc_py_field goc_py_fields_goc_kpi_fields[] = {
	GOC_PY_F(goc_kpi_fields, plan, STR),
	GOC_PY_F(goc_kpi_fields, code, STR),
	GOC_PY_F(goc_kpi_fields, name_zh, STR),
	GOC_PY_F(goc_kpi_fields, name_en, STR),
	GOC_PY_F(goc_kpi_fields, measure, INT),
	GOC_PY_F(goc_kpi_fields, scope, INT),
	GOC_PY_F(goc_kpi_fields, members, STR),
	GOC_PY_F(goc_kpi_fields, window, INT),
	GOC_PY_F(goc_kpi_fields, start, STR),
	GOC_PY_F(goc_kpi_fields, end, STR),
	GOC_PY_F(goc_kpi_fields, baseline_date, STR),
	GOC_PY_F(goc_kpi_fields, baseline, DBL),
	GOC_PY_F(goc_kpi_fields, target_min, DBL),
	GOC_PY_F(goc_kpi_fields, target_max, DBL),
	GOC_PY_F(goc_kpi_fields, direction, INT),
	GOC_PY_F(goc_kpi_fields, weight, DBL),
	GOC_PY_F(goc_kpi_fields, at_risk, DBL),
	GOC_PY_F(goc_kpi_fields, stage, INT),
	GOC_PY_F(goc_kpi_fields, category, INT),
	GOC_PY_F(goc_kpi_fields, origin, INT),
	GOC_PY_F(goc_kpi_fields, event_kind, INT),
	GOC_PY_F(goc_kpi_fields, international, INT),
	GOC_PY_F(goc_kpi_fields, large, INT),
	GOC_PY_F(goc_kpi_fields, days, INT),
	GOC_PY_F(goc_kpi_fields, tasks, STR),
	GOC_PY_END
};

/* dates fills n_dates too (STRV). */
static const goc_py_field goc_py_fields_goc_series_opts[] = {
	GOC_PY_F(goc_series_opts, from, STR),
	GOC_PY_F(goc_series_opts, to, STR),
	GOC_PY_F(goc_series_opts, every, INT),
	GOC_PY_F(goc_series_opts, dates, STRV),
	GOC_PY_F(goc_series_opts, kpi, STR),
	GOC_PY_F(goc_series_opts, member, STR),
	GOC_PY_END
};

static const struct {
	const char *name;
	const goc_py_field *fields;
} goc_py_structs[] = {
	{ "goc_open_options", goc_py_fields_goc_open_options },
	{ "goc_unit_fields", goc_py_fields_goc_unit_fields },
	{ "goc_zone_fields", goc_py_fields_goc_zone_fields },
	{ "goc_org_fields", goc_py_fields_goc_org_fields },
	{ "goc_org_filter", goc_py_fields_goc_org_filter },
	{ "goc_plan_fields", goc_py_fields_goc_plan_fields },
	{ "goc_goal_fields", goc_py_fields_goc_goal_fields },
	{ "goc_task_fields", goc_py_fields_goc_task_fields },
	{ "goc_task_changes", goc_py_fields_goc_task_changes },
	{ "goc_task_filter", goc_py_fields_goc_task_filter },
	{ "goc_report_fields", goc_py_fields_goc_report_fields },
	{ "goc_report_filter", goc_py_fields_goc_report_filter },
	{ "goc_dossier_filter", goc_py_fields_goc_dossier_filter },
	{ "goc_import_options", goc_py_fields_goc_import_options },
	{ "goc_report_import_options", goc_py_fields_goc_report_import_options },
	{ "goc_org_import_options", goc_py_fields_goc_org_import_options },
	{ "goc_bulk_options", goc_py_fields_goc_bulk_options },
	{ "goc_activity_filter", goc_py_fields_goc_activity_filter },
	{ "goc_partner_fields", goc_py_fields_goc_partner_fields },
	{ "goc_expert_fields", goc_py_fields_goc_expert_fields },
	{ "goc_user_fields", goc_py_fields_goc_user_fields },
	{ "goc_event_fields", goc_py_fields_goc_event_fields },
	{ "goc_request_fields", goc_py_fields_goc_request_fields },
	{ "goc_kpi_fields", goc_py_fields_goc_kpi_fields },
	{ "goc_audit_filter", goc_py_fields_goc_audit_filter },
	{ "goc_series_opts", goc_py_fields_goc_series_opts },
};

/* Fill a struct (already set to its _INIT value) from a dict.  Returns a
 * new list that holds the dict's values (the struct borrows their UTF-8)
 * until the call is over, or NULL with an exception. */
static PyObject *goc_py_fill(void *s, const goc_py_field *tab, PyObject *map,
                             const char *what)
{
	if (!PyDict_Check(map)) {
		PyErr_Format(PyExc_TypeError, "%s: expected a dict or None, not %.100s", what,
		             Py_TYPE(map)->tp_name);
		return NULL;
	}
	/* A snapshot: converting a value may run Python code. */
	PyObject *items = PyDict_Items(map);
	if (!items)
		return NULL;
	PyObject *keep = PyList_New(0);
	if (!keep) {
		Py_DECREF(items);
		return NULL;
	}
	Py_ssize_t n = PyList_GET_SIZE(items);
	for (Py_ssize_t i = 0; i < n; i++) {
		PyObject *kv = PyList_GET_ITEM(items, i);
		PyObject *k = PyTuple_GET_ITEM(kv, 0), *v = PyTuple_GET_ITEM(kv, 1);
		if (PyList_Append(keep, v) < 0)
			goto fail;
		const char *key = PyUnicode_Check(k) ? PyUnicode_AsUTF8(k) : NULL;
		if (!key) {
			if (!PyErr_Occurred())
				PyErr_Format(PyExc_TypeError, "%s: keys must be str", what);
			goto fail;
		}
		const goc_py_field *f = tab;
		while (f->name && strcmp(f->name, key) != 0)
			f++;
		if (!f->name) {
			PyErr_Format(PyExc_TypeError, "%s has no field '%s'", what, key);
			goto fail;
		}
		char *p = (char *)s + f->off;
		switch (f->type) {
		case GOC_PY_STR: {
			const char *u = NULL;
			if (v != Py_None && !(u = goc_py_utf8(v, key)))
				goto fail;
			memcpy(p, &u, sizeof u);
			break;
		}
		case GOC_PY_INT: {
			int overflow = 0;
			long x = v == Py_None ? 0 : PyLong_AsLongAndOverflow(v, &overflow);
			if (x == -1 && PyErr_Occurred())
				goto fail;
			if (overflow || x < INT_MIN || x > INT_MAX) {
				PyErr_Format(PyExc_OverflowError, "%s: out of range", key);
				goto fail;
			}
			int y = (int)x;
			memcpy(p, &y, sizeof y);
			break;
		}
		case GOC_PY_UINT: {
			unsigned long x = v == Py_None ? 0 : PyLong_AsUnsignedLong(v);
			if (x == (unsigned long)-1 && PyErr_Occurred())
				goto fail;
			if (x > UINT_MAX) {
				PyErr_Format(PyExc_OverflowError, "%s: out of range", key);
				goto fail;
			}
			unsigned int y = (unsigned int)x;
			memcpy(p, &y, sizeof y);
			break;
		}
		case GOC_PY_I64: {
			long long x = v == Py_None ? 0 : PyLong_AsLongLong(v);
			if (x == -1 && PyErr_Occurred())
				goto fail;
			int64_t y = (int64_t)x;
			memcpy(p, &y, sizeof y);
			break;
		}
		case GOC_PY_DBL: {
			double x = PyFloat_AsDouble(v);
			if (x == -1.0 && PyErr_Occurred())
				goto fail;
			memcpy(p, &x, sizeof x);
			break;
		}
		case GOC_PY_STRV: {
			const char **arr = NULL;
			size_t n = 0;
			if (v != Py_None) {
				PyObject *seq = PySequence_Fast(v, "expected a sequence of str");
				if (!seq || PyList_Append(keep, seq) < 0) {
					Py_XDECREF(seq);
					goto fail;
				}
				Py_DECREF(seq); /* kept alive by keep */
				n = (size_t)PySequence_Fast_GET_SIZE(seq);
				PyObject *buf = PyBytes_FromStringAndSize(NULL,
				                                          (Py_ssize_t)((n ? n : 1) * sizeof *arr));
				if (!buf || PyList_Append(keep, buf) < 0) {
					Py_XDECREF(buf);
					goto fail;
				}
				Py_DECREF(buf);
				arr = (const char **)(void *)PyBytes_AS_STRING(buf);
				for (size_t j = 0; j < n; j++) {
					PyObject *item = PySequence_Fast_GET_ITEM(seq, (Py_ssize_t)j);
					if (!(arr[j] = goc_py_utf8(item, key)))
						goto fail;
				}
			}
			memcpy(p, &arr, sizeof arr);
			memcpy(p + sizeof arr, &n, sizeof n);
			break;
		}
		case GOC_PY_CHAR: {
			char c = 0;
			if (v != Py_None) {
				const char *u = goc_py_utf8(v, key);
				if (!u)
					goto fail;
				if (strlen(u) != 1) {
					PyErr_Format(PyExc_ValueError, "%s: expected one ASCII character",
					             key);
					goto fail;
				}
				c = u[0];
			}
			*p = c;
			break;
		}
		}
	}
	Py_DECREF(items);
	return keep;
fail:
	Py_DECREF(items);
	Py_DECREF(keep);
	return NULL;
}
%}

%define GOC_PY_STRUCT(TYPE, INIT)
%ignore TYPE;
%typemap(in) const TYPE * (TYPE tmp, PyObject *keep = NULL) {
	if ($input == Py_None) {
		$1 = NULL;
	} else {
		const TYPE init = INIT;
		tmp = init;
		keep = goc_py_fill(&tmp, goc_py_fields_##TYPE, $input, "TYPE");
		if (!keep)
			SWIG_fail;
		$1 = &tmp;
	}
}
%typemap(freearg) const TYPE * {
	Py_XDECREF(keep$argnum);
}
%enddef

GOC_PY_STRUCT(goc_open_options, GOC_OPEN_OPTIONS_INIT)
GOC_PY_STRUCT(goc_series_opts, GOC_SERIES_OPTS_INIT)
GOC_PY_STRUCT(goc_unit_fields, GOC_UNIT_FIELDS_INIT)
GOC_PY_STRUCT(goc_zone_fields, GOC_ZONE_FIELDS_INIT)
GOC_PY_STRUCT(goc_org_fields, GOC_ORG_FIELDS_INIT)
GOC_PY_STRUCT(goc_org_filter, GOC_ORG_FILTER_INIT)
GOC_PY_STRUCT(goc_plan_fields, GOC_PLAN_FIELDS_INIT)
GOC_PY_STRUCT(goc_goal_fields, GOC_GOAL_FIELDS_INIT)
GOC_PY_STRUCT(goc_task_fields, GOC_TASK_FIELDS_INIT)
GOC_PY_STRUCT(goc_task_changes, GOC_TASK_CHANGES_INIT)
GOC_PY_STRUCT(goc_task_filter, GOC_TASK_FILTER_INIT)
GOC_PY_STRUCT(goc_report_fields, GOC_REPORT_FIELDS_INIT)
GOC_PY_STRUCT(goc_report_filter, GOC_REPORT_FILTER_INIT)
GOC_PY_STRUCT(goc_dossier_filter, GOC_DOSSIER_FILTER_INIT)
GOC_PY_STRUCT(goc_import_options, GOC_IMPORT_OPTIONS_INIT)
GOC_PY_STRUCT(goc_report_import_options, GOC_REPORT_IMPORT_OPTIONS_INIT)
GOC_PY_STRUCT(goc_org_import_options, GOC_ORG_IMPORT_OPTIONS_INIT)
GOC_PY_STRUCT(goc_bulk_options, GOC_BULK_OPTIONS_INIT)
GOC_PY_STRUCT(goc_activity_filter, GOC_ACTIVITY_FILTER_INIT)
GOC_PY_STRUCT(goc_partner_fields, GOC_PARTNER_FIELDS_INIT)
GOC_PY_STRUCT(goc_expert_fields, GOC_EXPERT_FIELDS_INIT)
GOC_PY_STRUCT(goc_event_fields, GOC_EVENT_FIELDS_INIT)
GOC_PY_STRUCT(goc_request_fields, GOC_REQUEST_FIELDS_INIT)
GOC_PY_STRUCT(goc_kpi_fields, GOC_KPI_FIELDS_INIT)
GOC_PY_STRUCT(goc_audit_filter, GOC_AUDIT_FILTER_INIT)
GOC_PY_STRUCT(goc_user_fields, GOC_USER_FIELDS_INIT)

%nothread goc_py_struct_fields;
%inline %{
/* The member names a struct's dict accepts ({} for an unknown struct), so
 * that the tests can compare them with the header. */
PyObject *goc_py_struct_fields(const char *name)
{
	PyObject *out = PyList_New(0);
	if (!out || !name)
		return out;
	for (size_t i = 0; i < sizeof goc_py_structs / sizeof goc_py_structs[0]; i++) {
		if (strcmp(goc_py_structs[i].name, name) != 0)
			continue;
		for (const goc_py_field *f = goc_py_structs[i].fields; f->name; f++) {
			PyObject *s = PyUnicode_FromString(f->name);
			if (!s || PyList_Append(out, s) < 0) {
				Py_XDECREF(s);
				Py_DECREF(out);
				return NULL;
			}
			Py_DECREF(s);
		}
	}
	return out;
}
%}

/* ------------------------------------------------------------------ */
/* Plan imports with a Python progress callback                        */
/* ------------------------------------------------------------------ */

%{
#include <time.h>

/* The progress of a long call (plan import, orgs.create_many()): the
 * caller's Python callback, if any, and whether to look for signals
 * (Ctrl-C) — only the main thread receives them. */
typedef struct goc_py_progress {
	PyObject *callback;          /* NULL: none */
	int signals;                 /* nonzero: PyErr_CheckSignals() as it goes */
	unsigned long calls;
	long long next_ns;           /* the next signal check without a callback */
	PyObject *type, *value, *tb; /* the exception that cancelled the call */
} goc_py_progress;

/* How often a call without a Python callback takes the GIL to look for
 * signals (and it does at the last step, before the commit). */
#define GOC_PY_SIGNAL_CHECK_NS 50000000LL

static long long goc_py_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Called by libgoc with the GIL released.  A signal handler that raises
 * (KeyboardInterrupt for Ctrl-C), a callback that raises or returns a
 * true value cancels the call; the exception is re-raised once the call
 * has undone its writes. */
static int goc_py_progress_trampoline(size_t done, size_t total, void *payload)
{
	goc_py_progress *p = payload;
	int stop = 0;
	if (!p->callback) {
		if (!p->signals)
			return 0;
		/* without a callback the GIL is taken only now and then */
		if (done < total && (p->calls++ & 63) != 0)
			return 0;
		long long now = goc_py_now_ns();
		if (done < total && now < p->next_ns)
			return 0;
		p->next_ns = now + GOC_PY_SIGNAL_CHECK_NS;
	}
	PyGILState_STATE g = PyGILState_Ensure();
	if (p->type) {
		stop = 1;
	} else if (p->signals && PyErr_CheckSignals() < 0) {
		stop = 1;
	} else if (p->callback) {
		PyObject *r = PyObject_CallFunction(p->callback, "nn", (Py_ssize_t)done,
		                                    (Py_ssize_t)total);
		if (!r) {
			stop = 1;
		} else {
			stop = PyObject_IsTrue(r);
			Py_DECREF(r);
			if (stop < 0)
				stop = 1;
		}
	}
	if (PyErr_Occurred())
		PyErr_Fetch(&p->type, &p->value, &p->tb);
	PyGILState_Release(g);
	return stop;
}

/* Set up p for a call: progress is a callable or None, signals a flag. */
static int goc_py_progress_init(goc_py_progress *p, PyObject *progress, int signals)
{
	memset(p, 0, sizeof *p);
	if (progress != Py_None && !PyCallable_Check(progress)) {
		PyErr_SetString(PyExc_TypeError, "progress: expected a callable or None");
		return -1;
	}
	p->callback = progress != Py_None ? progress : NULL;
	p->signals = signals;
	return 0;
}

/* With a KeyboardInterrupt pending that cancelled `what` (so that nothing
 * was written), say so in a note on it. */
static void goc_py_note_interrupted(const char *what)
{
	if (!PyErr_ExceptionMatches(PyExc_KeyboardInterrupt))
		return;
	PyObject *type, *value, *tb;
	PyErr_Fetch(&type, &value, &tb);
	PyErr_NormalizeException(&type, &value, &tb);
	if (value) {
		PyObject *r = PyObject_CallMethod(value, "add_note", "s", what);
		if (r)
			Py_DECREF(r);
		else
			PyErr_Clear(); /* the interrupt matters more than its note */
	}
	PyErr_Restore(type, value, tb);
}

/* After the call: raise the exception that cancelled it (the callback's or
 * the signal handler's, not GOC_ECANCELLED), or the call's own error.
 * Returns 0 if the call succeeded. */
static int goc_py_progress_end(goc_py_progress *p, int rc, const char *interrupted)
{
	if (p->type) {
		PyErr_Restore(p->type, p->value, p->tb);
		if (rc == GOC_ECANCELLED)
			goc_py_note_interrupted(interrupted);
		return -1;
	}
	if (GOC_PY_FAILED(rc)) {
		goc_py_raise(rc);
		return -1;
	}
	return 0;
}
%}

%nothread goc_py_plan_import;
%inline %{
/* Import a plan: JSON (table == 0) or a task decomposition table.
 * data: bytes-like or str; options: dict of goc_import_options members or
 * None; progress: callable(done, total) or None; signals: look for Ctrl-C
 * as it goes (main thread). */
PyObject *goc_py_plan_import(goc_db *db, int table, PyObject *data, PyObject *options,
                             PyObject *progress, int signals)
{
	goc_import_options opts = GOC_IMPORT_OPTIONS_INIT;
	goc_py_progress prog;
	PyObject *keep = NULL, *result = NULL;
	Py_buffer view;
	int have_view = 0;
	const char *buf;
	Py_ssize_t len;
	int rc;

	if (goc_py_progress_init(&prog, progress, signals) < 0)
		return NULL;
	if (options != Py_None) {
		keep = goc_py_fill(&opts, goc_py_fields_goc_import_options, options,
		                   "goc_import_options");
		if (!keep)
			return NULL;
	}
	if (PyUnicode_Check(data)) {
		buf = PyUnicode_AsUTF8AndSize(data, &len);
		if (!buf)
			goto out;
	} else {
		if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0)
			goto out;
		have_view = 1;
		buf = view.buf;
		len = view.len;
	}
	if (prog.callback || prog.signals) {
		opts.progress = goc_py_progress_trampoline;
		opts.payload = &prog;
	}
	goc_error_clear();
	Py_BEGIN_ALLOW_THREADS
	if (table)
		rc = goc_plan_import_table(db, buf, (size_t)len, &opts);
	else
		rc = goc_plan_import_json(db, buf, (size_t)len, &opts);
	Py_END_ALLOW_THREADS
	if (goc_py_progress_end(&prog, rc, "plan import: interrupted; nothing was written") == 0) {
		Py_INCREF(Py_None);
		result = Py_None;
	}
out:
	if (have_view)
		PyBuffer_Release(&view);
	Py_XDECREF(keep);
	return result;
}
%}

%nothread goc_py_org_import;
%inline %{
/* Register the organizations of a table (goc_org_import_table()): data
 * bytes-like or str, options a dict of goc_org_import_options members or
 * None.  Returns (count, first_id, last_id). */
PyObject *goc_py_org_import(goc_db *db, PyObject *data, PyObject *options)
{
	goc_org_import_options opts = GOC_ORG_IMPORT_OPTIONS_INIT;
	goc_org_import_result res;
	PyObject *keep = NULL, *result = NULL;
	Py_buffer view;
	int have_view = 0;
	const char *buf;
	Py_ssize_t len;
	int rc;

	if (options != Py_None) {
		keep = goc_py_fill(&opts, goc_py_fields_goc_org_import_options, options,
		                   "goc_org_import_options");
		if (!keep)
			return NULL;
	}
	if (PyUnicode_Check(data)) {
		buf = PyUnicode_AsUTF8AndSize(data, &len);
		if (!buf)
			goto out;
	} else {
		if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0)
			goto out;
		have_view = 1;
		buf = view.buf;
		len = view.len;
	}
	goc_error_clear();
	Py_BEGIN_ALLOW_THREADS
	rc = goc_org_import_table(&res, db, buf, (size_t)len, &opts);
	Py_END_ALLOW_THREADS
	if (rc != GOC_OK)
		goc_py_raise(rc);
	else
		result = Py_BuildValue("(nLL)", (Py_ssize_t)res.count, (long long)res.first_id,
		                       (long long)res.last_id);
out:
	if (have_view)
		PyBuffer_Release(&view);
	Py_XDECREF(keep);
	return result;
}
%}

%nothread goc_py_report_import;
%inline %{
/* Import progress reports from a filled template (goc_report_import_table()):
 * data bytes-like or str, options a dict of goc_report_import_options
 * members or None.  Returns (added, unchanged, skipped). */
PyObject *goc_py_report_import(goc_db *db, PyObject *data, PyObject *options)
{
	goc_report_import_options opts = GOC_REPORT_IMPORT_OPTIONS_INIT;
	goc_report_import_result res;
	PyObject *keep = NULL, *result = NULL;
	Py_buffer view;
	int have_view = 0;
	const char *buf;
	Py_ssize_t len;
	int rc;

	if (options != Py_None) {
		keep = goc_py_fill(&opts, goc_py_fields_goc_report_import_options, options,
		                   "goc_report_import_options");
		if (!keep)
			return NULL;
	}
	if (PyUnicode_Check(data)) {
		buf = PyUnicode_AsUTF8AndSize(data, &len);
		if (!buf)
			goto out;
	} else {
		if (PyObject_GetBuffer(data, &view, PyBUF_SIMPLE) < 0)
			goto out;
		have_view = 1;
		buf = view.buf;
		len = view.len;
	}
	goc_error_clear();
	Py_BEGIN_ALLOW_THREADS
	rc = goc_report_import_table(&res, db, buf, (size_t)len, &opts);
	Py_END_ALLOW_THREADS
	if (rc != GOC_OK)
		goc_py_raise(rc);
	else
		result = Py_BuildValue("(nnn)", (Py_ssize_t)res.added, (Py_ssize_t)res.unchanged,
		                       (Py_ssize_t)res.skipped);
out:
	if (have_view)
		PyBuffer_Release(&view);
	Py_XDECREF(keep);
	return result;
}
%}

%{
#include <datetime.h>

/* A "YYYY-MM-DD" for a str, datetime.date or datetime.datetime value: the
 * str's own UTF-8, or the date written into buf[11]. */
static const char *goc_py_date(PyObject *v, char *buf, const char *what)
{
	if (PyUnicode_Check(v))
		return goc_py_utf8(v, what);
	if (PyDate_Check(v)) { /* datetime.datetime is a datetime.date too */
		int y = PyDateTime_GET_YEAR(v), m = PyDateTime_GET_MONTH(v),
		    d = PyDateTime_GET_DAY(v);
		snprintf(buf, 11, "%04d-%02d-%02d", y % 10000, m % 100, d % 100);
		return buf;
	}
	PyErr_Format(PyExc_TypeError, "%s: expected datetime.date or str, not %.100s", what,
	             Py_TYPE(v)->tp_name);
	return NULL;
}

/* A vocabulary value: a member of its goc enum (a str) or its name, or None. */
static int goc_py_vocab(PyObject *v, int (*parse)(int *, const char *), const char *what,
                        int *out)
{
	*out = 0;
	if (v == Py_None)
		return 0;
	if (!PyUnicode_Check(v)) {
		PyErr_Format(PyExc_TypeError, "%s: expected str, not %.100s", what,
		             Py_TYPE(v)->tp_name);
		return -1;
	}
	const char *name = goc_py_utf8(v, what);
	if (!name)
		return -1;
	goc_error_clear();
	int rc = parse(out, name);
	if (rc < 0) {
		goc_py_raise(rc);
		return -1;
	}
	return 0;
}

/* Fill f from one item of orgs.create_many(): a mapping of Orgs.create()'s
 * keyword arguments.  The values are appended to keep (the strings are
 * borrowed from them); a date object is written into date[11]. */
static int goc_py_org_item(goc_org_fields *f, PyObject *item, Py_ssize_t i, PyObject *keep,
                           char *date)
{
	static const goc_org_fields init = GOC_ORG_FIELDS_INIT;
	*f = init;
	PyObject *map = item;
	if (!PyDict_Check(item)) {
		if (!PyMapping_Check(item) || PyUnicode_Check(item) || PySequence_Check(item)) {
			PyErr_Format(PyExc_TypeError, "orgs.create_many: item %zd: expected a mapping"
			             " of keyword arguments, not %.100s", i, Py_TYPE(item)->tp_name);
			return -1;
		}
		map = PyDict_New();
		if (!map || PyDict_Update(map, item) < 0 || PyList_Append(keep, map) < 0) {
			Py_XDECREF(map);
			return -1;
		}
		Py_DECREF(map); /* keep holds it */
	}
	Py_ssize_t pos = 0;
	PyObject *k, *v;
	int seen = 0;
	while (PyDict_Next(map, &pos, &k, &v)) {
		const char *key = PyUnicode_Check(k) ? PyUnicode_AsUTF8(k) : NULL;
		if (!key) {
			if (!PyErr_Occurred())
				PyErr_Format(PyExc_TypeError, "orgs.create_many: item %zd: keywords must"
				             " be str", i);
			return -1;
		}
		if (PyList_Append(keep, v) < 0)
			return -1;
		const char **str = NULL;
		if (strcmp(key, "name_zh") == 0) {
			str = &f->name_zh;
			seen |= 1;
		} else if (strcmp(key, "name_en") == 0) {
			str = &f->name_en;
		} else if (strcmp(key, "zone") == 0) {
			str = &f->zone;
		} else if (strcmp(key, "unit") == 0) {
			str = &f->unit;
		} else if (strcmp(key, "id_scheme") == 0) {
			str = &f->id_scheme;
		} else if (strcmp(key, "id_value") == 0) {
			str = &f->id_value;
		} else if (strcmp(key, "notes") == 0) {
			str = &f->notes;
		} else if (strcmp(key, "category") == 0) {
			seen |= 2;
			if (goc_py_vocab(v, goc_category_parse, "category", &f->category) < 0)
				return -1;
		} else if (strcmp(key, "origin") == 0) {
			if (goc_py_vocab(v, goc_origin_parse, "origin", &f->origin) < 0)
				return -1;
		} else if (strcmp(key, "date") == 0) {
			seen |= 4;
			if (v != Py_None && !(f->date = goc_py_date(v, date, "date")))
				return -1;
		} else {
			PyErr_Format(PyExc_TypeError, "orgs.create_many: item %zd: unexpected keyword"
			             " argument '%s'", i, key);
			return -1;
		}
		if (str && v != Py_None && !(*str = goc_py_utf8(v, key)))
			return -1;
	}
	if (seen != 7) {
		PyErr_Format(PyExc_TypeError, "orgs.create_many: item %zd: missing required"
		             " argument '%s'", i,
		             !(seen & 1) ? "name_zh" : !(seen & 2) ? "category" : "date");
		return -1;
	}
	return 0;
}
%}

%init %{
	PyDateTime_IMPORT;
%}

%{
#define GOC_PY_BULK_INTERRUPTED "orgs.create_many(): interrupted; nothing was written"
%}

%nothread goc_py_org_create_many;
%inline %{
/* goc_org_create_many_ext() over a sequence of mappings of Orgs.create()'s
 * keyword arguments, converted in C; returns the list of ids.  progress:
 * callable(done, total) or None; signals: look for Ctrl-C as it goes
 * (main thread), which cancels the call with nothing written. */
PyObject *goc_py_org_create_many(goc_db *db, PyObject *items, PyObject *progress,
                                 int signals)
{
	goc_py_progress prog;
	if (goc_py_progress_init(&prog, progress, signals) < 0)
		return NULL;
	PyObject *seq = PySequence_Fast(items, "orgs.create_many: expected an iterable of"
	                                       " mappings");
	if (!seq)
		return NULL;
	Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
	PyObject *keep = PyList_New(0), *result = NULL;
	goc_org_fields *f = PyMem_Malloc((size_t)(n ? n : 1) * sizeof *f);
	int64_t *ids = PyMem_Malloc((size_t)(n ? n : 1) * sizeof *ids);
	char *dates = PyMem_Malloc((size_t)(n ? n : 1) * 11);
	if (!keep || !f || !ids || !dates) {
		PyErr_NoMemory();
		goto out;
	}
	/* the sequence itself is kept too: its items hold the values */
	if (PyList_Append(keep, seq) < 0)
		goto out;
	for (Py_ssize_t i = 0; i < n; i++) {
		if (goc_py_org_item(&f[i], PySequence_Fast_GET_ITEM(seq, i), i, keep,
		                    dates + 11 * i) < 0)
			goto out;
		if (signals && (i & 4095) == 4095 && PyErr_CheckSignals() < 0) {
			/* Ctrl-C while converting: nothing was called */
			goc_py_note_interrupted(GOC_PY_BULK_INTERRUPTED);
			goto out;
		}
	}
	int rc;
	size_t failed = (size_t)n;
	goc_bulk_options opts = GOC_BULK_OPTIONS_INIT;
	if (prog.callback || prog.signals) {
		opts.progress = goc_py_progress_trampoline;
		opts.payload = &prog;
	}
	goc_error_clear();
	Py_BEGIN_ALLOW_THREADS
	rc = goc_org_create_many_v2(ids, &failed, db, f, (size_t)n, &opts);
	Py_END_ALLOW_THREADS
	if (goc_py_progress_end(&prog, rc, GOC_PY_BULK_INTERRUPTED) < 0) {
		/* Error.index: the item at fault, from C's out-parameter */
		if (GOC_PY_FAILED(rc) && failed < (size_t)n) {
			PyObject *index = PyLong_FromSize_t(failed);
			if (index)
				goc_py_exc_attr("index", index);
		}
		goto out;
	}
	result = PyList_New(n);
	for (Py_ssize_t i = 0; result && i < n; i++) {
		PyObject *id = PyLong_FromLongLong((long long)ids[i]);
		if (!id) {
			Py_CLEAR(result);
			break;
		}
		PyList_SET_ITEM(result, i, id);
	}
out:
	PyMem_Free(f);
	PyMem_Free(ids);
	PyMem_Free(dates);
	Py_XDECREF(keep);
	Py_DECREF(seq);
	return result;
}
%}

/* ------------------------------------------------------------------ */
/* The API                                                             */
/* ------------------------------------------------------------------ */

/* C keeps enum tags and functions apart; SWIG does not: `enum goc_unit_kind`
 * would hide the accessor goc_unit_kind().  The enum constants themselves
 * (GOC_STAGE_LANDED …) keep their names. */
%rename("%s_enum", %$isenum) "";
/* goc_activity_filter.from: the struct is given as a dict, never wrapped. */
%warnfilter(314) goc_activity_filter::from;

%include "goc/common.h"
%include "goc/db.h"
%include "goc/register.h"
%include "goc/org.h"
%include "goc/plan.h"
%include "goc/report.h"
%include "goc/activity.h"
%include "goc/kpi.h"
%include "goc/audit.h"
%include "goc/user.h"
%include "goc/resolve.h"

%pythoncode %{
# Bind the C functions directly: SWIG's one-line Python wrappers would add a
# Python frame to every call.
for _name in dir(__goc_swig):
    if _name.startswith("goc_"):
        globals()[_name] = getattr(__goc_swig, _name)
del _name
%}
