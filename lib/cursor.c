/*
 * libgoc — cursors: one forward-only iterator type for every list, and
 * the copying of borrowed rows into owned records.
 */
#include <string.h>

#include "internal.h"

int goc__cursor_new(goc_cursor **out, goc_db *db, sqlite3_stmt *st,
                    enum goc__cursor_kind kind, goc__row_reader read)
{
	int rc = goc__binds_failed(db, "listing");
	if (rc != GOC_OK) {
		sqlite3_finalize(st);
		*out = NULL;
		return rc;
	}
	goc_cursor *cur = goc__malloc(sizeof *cur);
	if (!cur) {
		sqlite3_finalize(st);
		*out = NULL;
		return goc__err(db, GOC_ENOMEM, "out of memory creating a cursor");
	}
	memset(cur, 0, sizeof *cur);
	cur->db = db;
	cur->stmt = st;
	cur->kind = kind;
	cur->read = read;
	cur->next = db->cursors;
	if (db->cursors)
		db->cursors->prev = cur;
	db->cursors = cur;
	*out = cur;
	return GOC_OK;
}

int goc__cursor_new_items(goc_cursor **out, goc_db *db, enum goc__cursor_kind kind,
                          void *items, size_t n, size_t size, void *owner,
                          void (*free_owner)(void *owner))
{
	int rc = goc__binds_failed(db, "listing");
	goc_cursor *cur = rc == GOC_OK ? goc__malloc(sizeof *cur) : NULL;
	if (rc != GOC_OK || !cur) {
		if (free_owner)
			free_owner(owner);
		*out = NULL;
		return rc != GOC_OK ? rc : goc__err(db, GOC_ENOMEM, "out of memory creating a cursor");
	}
	memset(cur, 0, sizeof *cur);
	cur->db = db;
	cur->kind = kind;
	cur->items = items;
	cur->n_items = n;
	cur->item_size = size;
	cur->owner = owner;
	cur->free_owner = free_owner;
	cur->next = db->cursors;
	if (db->cursors)
		db->cursors->prev = cur;
	db->cursors = cur;
	*out = cur;
	return GOC_OK;
}

static void cursor_unlink(goc_cursor *cur)
{
	if (!cur->db)
		return;
	if (cur->prev)
		cur->prev->next = cur->next;
	else
		cur->db->cursors = cur->next;
	if (cur->next)
		cur->next->prev = cur->prev;
	cur->next = cur->prev = NULL;
}

void goc__cursors_detach(goc_db *db)
{
	goc_cursor *cur = db->cursors;
	while (cur) {
		goc_cursor *next = cur->next;
		sqlite3_finalize(cur->stmt);
		cur->stmt = NULL;
		cur->db = NULL;
		cur->next = cur->prev = NULL;
		cur->state = 0;
		cur = next;
	}
	db->cursors = NULL;
}

GOC_API int goc_cursor_next(goc_cursor *cur)
{
	if (!cur)
		return goc__err(NULL, GOC_EINVAL, "cursor: must not be NULL");
	if (!cur->db)
		return goc__err(NULL, GOC_EMISUSE, "cursor: its database has been closed");
	if (cur->state == GOC_DONE)
		return GOC_DONE;
	if (cur->state < 0)
		return goc__err(cur->db, cur->state,
		                "cursor: an earlier step failed (%s); free the cursor and list again",
		                goc_strerror(cur->state));
	if (cur->item_size) {
		if (cur->next_item >= cur->n_items) {
			cur->state = GOC_DONE;
			return GOC_DONE;
		}
		cur->next_item++;
		cur->state = GOC_ROW;
		return GOC_ROW;
	}
	int rc = sqlite3_step(cur->stmt);
	if (rc == SQLITE_ROW) {
		memset(&cur->row, 0, sizeof cur->row);
		cur->read(cur->stmt, &cur->row);
		cur->state = GOC_ROW;
		return GOC_ROW;
	}
	cur->state = 0;
	sqlite3_reset(cur->stmt); /* ends the read transaction */
	if (rc == SQLITE_DONE) {
		cur->state = GOC_DONE;
		return GOC_DONE;
	}
	/* a retry would start the list again from its first row: remember */
	cur->state = goc__sqlerr(cur->db, rc, "reading a list");
	return cur->state;
}

GOC_API void goc_cursor_free(goc_cursor *cur)
{
	if (!cur)
		return;
	cursor_unlink(cur);
	sqlite3_finalize(cur->stmt);
	if (cur->free_owner)
		cur->free_owner(cur->owner);
	goc__free(cur);
}

const void *goc__cursor_row(const goc_cursor *cur, enum goc__cursor_kind kind)
{
	if (!cur || cur->kind != kind || cur->state != GOC_ROW) /* detached: state 0 */
		return NULL;
	if (cur->item_size)
		return (const char *)cur->items + (cur->next_item - 1) * cur->item_size;
	return &cur->row;
}

size_t goc__field_size(const char *s, size_t tagged_off)
{
	size_t len = strlen(s) + 1;
	return tagged_off & GOC__LIST_TAG ? 2 * len : len;
}

int goc__list_count(const char *list)
{
	int n = 0;
	for (const char *p = list; p && *p;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		n += len > 0;
		p = c ? c + 1 : p + len;
	}
	return n;
}

const char *goc__list_at(const char *list, int i)
{
	if (!list || i < 0)
		return NULL;
	size_t total = strlen(list);
	const char *items = list + total + 1, *end = items + total;
	for (const char *p = items; p < end; p += strlen(p) + 1)
		if (*p && i-- == 0)
			return p;
	return NULL;
}

void *goc__record_dup(const void *rec, size_t size, const size_t *offs, size_t n)
{
	size_t total = size;
	for (size_t i = 0; i < n; i++) {
		const char *s = *(const char *const *)((const char *)rec + (offs[i] & ~GOC__LIST_TAG));
		if (s)
			total += goc__field_size(s, offs[i]);
	}
	char *block = goc__malloc(total);
	if (!block)
		return NULL;
	memcpy(block, rec, size);
	char *p = block + size;
	for (size_t i = 0; i < n; i++) {
		const char **field = (const char **)(void *)(block + (offs[i] & ~GOC__LIST_TAG));
		if (*field) {
			size_t len = goc__field_size(*field, offs[i]);
			memcpy(p, *field, len);
			*field = p;
			p += len;
		}
	}
	return block;
}

int goc__fetch_one(goc_db *db, sqlite3_stmt *st, goc__row_reader read,
                   void *row, size_t size, const size_t *offs, size_t n,
                   void **out, const char *what)
{
	*out = NULL;
	int code = goc__binds_failed(db, what);
	if (code != GOC_OK) {
		sqlite3_finalize(st);
		return code;
	}
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(row, 0, size);
		read(st, row);
		*out = goc__record_dup(row, size, offs, n);
		if (!*out)
			code = goc__err(db, GOC_ENOMEM, "out of memory reading %s", what);
	} else if (rc == SQLITE_DONE) {
		code = goc__err(db, GOC_ENOTFOUND, "%s: not found", what);
	} else {
		code = goc__sqlerr(db, rc, what);
	}
	sqlite3_finalize(st);
	return code;
}
