/*
 * libgoc — a simple arena: blocks chained together, freed at once.
 */
#include <string.h>

#include "plandoc.h"

/* sqlite3_malloc64() aligns to 8 bytes, so does the arena: the header is
 * three 8-byte words and every allocation is rounded up to 8. */
struct block {
	struct block *next;
	size_t used, size;
	unsigned char data[];
};

struct goc__arena {
	struct block *head;
	long fail_in; /* allocations before one fails (goc__arena_fail_in); < 0: none */
};

/* The least a new block holds, and what allocates it.  tests/
 * test_internal.c sets them to 1 and an allocator that fails the nth
 * block: every allocation from an arena is then a block of its own, and
 * each can be failed in turn (issue 14). */
size_t goc__arena_block = 16384;
void *(*goc__arena_malloc)(size_t n) = goc__malloc;

struct goc__arena *goc__arena_new(void)
{
	struct goc__arena *a = goc__malloc(sizeof *a);
	if (a) {
		a->head = NULL;
		a->fail_in = -1;
	}
	return a;
}

void goc__arena_free(struct goc__arena *a)
{
	if (!a)
		return;
	for (struct block *b = a->head, *next; b; b = next) {
		next = b->next;
		goc__free(b);
	}
	goc__free(a);
}

void goc__arena_fail_in(struct goc__arena *a, long n)
{
	a->fail_in = n;
}

void *goc__arena_alloc(struct goc__arena *a, size_t n)
{
	if (a->fail_in >= 0 && a->fail_in-- == 0)
		return NULL;
	n = (n + 7) & ~(size_t)7;
	struct block *b = a->head;
	if (!b || b->size - b->used < n) {
		size_t size = n > goc__arena_block ? n : goc__arena_block;
		b = goc__arena_malloc(sizeof *b + size);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = size;
		b->next = a->head;
		a->head = b;
	}
	void *p = b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *goc__arena_strndup(struct goc__arena *a, const char *s, size_t n)
{
	char *d = goc__arena_alloc(a, n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *goc__arena_strdup(struct goc__arena *a, const char *s)
{
	return s ? goc__arena_strndup(a, s, strlen(s)) : NULL;
}
