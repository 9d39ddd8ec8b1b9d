// SPDX-License-Identifier: MIT
/*
 * Page-replacement simulation (see include/elfload/pagesim.h for the
 * rules of each policy).  A run keeps, for every distinct page, the
 * frame holding it, and for every frame the state its policy needs:
 * fifo and clock a hand, clock a reference bit, lru a doubly linked
 * list from most to least recently used, opt a max-heap of the frames
 * keyed by the next use of their page.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <elfload/pagesim.h>

#include "internal.h"

#define NO_FRAME UINT32_MAX

static const char *const policy_names[ELFLOAD_PAGESIM_NPOLICIES] = {
	[ELFLOAD_PAGESIM_FIFO] = "fifo",
	[ELFLOAD_PAGESIM_LRU] = "lru",
	[ELFLOAD_PAGESIM_OPT] = "opt",
	[ELFLOAD_PAGESIM_CLOCK] = "clock",
	[ELFLOAD_PAGESIM_RAND] = "rand",
};

const char *elfload_pagesim_policy_name(enum elfload_pagesim_policy p)
{
	if ((unsigned)p >= ELFLOAD_PAGESIM_NPOLICIES)
		return NULL;
	return policy_names[p];
}

int elfload_pagesim_policy_parse(const char *name)
{
	int i;

	for (i = 0; i < ELFLOAD_PAGESIM_NPOLICIES; i++)
		if (!strcmp(name, policy_names[i]))
			return i;
	return -EINVAL;
}

/* ---- preparing a string: dense page numbers and next uses ------------ */

/* Open-addressing table from page to dense id, grown at half full. */
struct page_table {
	uint64_t *keys;
	uint32_t *ids;		/* id + 1; 0 marks an empty slot */
	size_t mask;		/* slots - 1 (slots: 2^bits) */
	unsigned bits;
	size_t used;
};

/* Fibonacci hashing (the product's top bits): consecutive pages spread. */
static size_t slot_of(const struct page_table *t, uint64_t page)
{
	return (size_t)((page * 0x9e3779b97f4a7c15ull) >> (64 - t->bits));
}

static int table_alloc(struct page_table *t, unsigned bits)
{
	size_t size = (size_t)1 << bits;

	t->keys = malloc(size * sizeof(*t->keys));
	t->ids = calloc(size, sizeof(*t->ids));
	t->mask = size - 1;
	t->bits = bits;
	if (t->keys && t->ids)
		return 0;
	free(t->keys);
	free(t->ids);
	return -ENOMEM;
}

static void table_put(struct page_table *t, uint64_t page, uint32_t id1)
{
	size_t s = slot_of(t, page);

	while (t->ids[s])
		s = (s + 1) & t->mask;
	t->keys[s] = page;
	t->ids[s] = id1;
}

static int table_grow(struct page_table *t)
{
	struct page_table bigger;
	size_t s;

	if (table_alloc(&bigger, t->bits + 1) < 0)
		return -ENOMEM;
	for (s = 0; s <= t->mask; s++)
		if (t->ids[s])
			table_put(&bigger, t->keys[s], t->ids[s]);
	bigger.used = t->used;
	free(t->keys);
	free(t->ids);
	*t = bigger;
	return 0;
}

/* The id of @page, numbering it next when it is new. */
static int table_id(struct page_table *t, uint64_t page, uint32_t *id)
{
	size_t s = slot_of(t, page);

	for (; t->ids[s]; s = (s + 1) & t->mask) {
		if (t->keys[s] == page) {
			*id = t->ids[s] - 1;
			return 0;
		}
	}
	*id = (uint32_t)t->used++;
	table_put(t, page, *id + 1);
	if (t->used * 2 > t->mask + 1)
		return table_grow(t);
	return 0;
}

static int number_pages(struct elfload_pagesim_refs *r)
{
	struct page_table t = { 0 };
	size_t i;
	int ret = table_alloc(&t, 6);

	for (i = 0; ret == 0 && i < r->n; i++)
		ret = table_id(&t, r->pages[i], &r->ids[i]);
	r->distinct = t.used;
	free(t.keys);
	free(t.ids);
	return ret;
}

/* One backward pass: the next use of each position's page. */
static int find_next_uses(struct elfload_pagesim_refs *r)
{
	uint32_t *last = malloc((r->distinct ? r->distinct : 1) *
				sizeof(*last));
	size_t i;

	if (!last)
		return -ENOMEM;
	for (i = 0; i < r->distinct; i++)
		last[i] = (uint32_t)r->n;
	for (i = r->n; i-- > 0;) {
		r->next_use[i] = last[r->ids[i]];
		last[r->ids[i]] = (uint32_t)i;
	}
	free(last);
	return 0;
}

int elfload_pagesim_refs_init(struct elfload_pagesim_refs *r,
			      const uint64_t *pages, size_t n,
			      struct elfload_diag *d)
{
	int ret;

	elfload_diag_clear(d);
	memset(r, 0, sizeof(*r));
	if (n > ELFLOAD_PAGESIM_MAX_REFS)
		return elfload_diag_set(d, -EOVERFLOW, "reference string", -1,
					NULL, n, ELFLOAD_PAGESIM_MAX_REFS,
					"%zu references, more than %zu", n,
					ELFLOAD_PAGESIM_MAX_REFS);
	r->pages = pages;
	r->n = n;
	r->ids = malloc((n ? n : 1) * sizeof(*r->ids));
	r->next_use = malloc((n ? n : 1) * sizeof(*r->next_use));
	ret = r->ids && r->next_use ? number_pages(r) : -ENOMEM;
	if (ret == 0)
		ret = find_next_uses(r);
	if (ret < 0) {
		elfload_pagesim_refs_free(r);
		return elfload_diag_set(d, ret, "reference string", -1, NULL,
					n, 0, "out of memory for %zu references",
					n);
	}
	return 0;
}

void elfload_pagesim_refs_free(struct elfload_pagesim_refs *r)
{
	free(r->ids);
	free(r->next_use);
	r->ids = NULL;
	r->next_use = NULL;
}

/* ---- a run --------------------------------------------------------- */

struct sim {
	const struct elfload_pagesim_refs *r;
	const struct elfload_pagesim_config *c;
	size_t nframes;		/* frames used: min(N, distinct pages) */
	size_t nfilled;
	uint32_t *frame_of;	/* per page id: its frame, or NO_FRAME */
	uint32_t *frame_id;	/* per frame: the id of its page */
	uint64_t *frame_page;	/* per frame: its page */
	/*
	 * fifo, clock: the next frame to look at, modulo N (not nframes:
	 * the two differ only when nothing is ever evicted).
	 */
	size_t hand;
	unsigned char *refbit;	/* clock */
	uint32_t *newer, *older;	/* lru: list links, NO_FRAME at ends */
	uint32_t mru, lru;
	uint32_t *heap, *heap_pos;	/* opt: frames by next use */
	uint32_t *key;		/* opt: next use of each frame's page */
	uint64_t rng;		/* rand: splitmix64 state */
};

/* ---- lru: a list of frames, most recently used first --------------- */

static void lru_unlink(struct sim *s, uint32_t f)
{
	if (s->newer[f] != NO_FRAME)
		s->older[s->newer[f]] = s->older[f];
	else
		s->mru = s->older[f];
	if (s->older[f] != NO_FRAME)
		s->newer[s->older[f]] = s->newer[f];
	else
		s->lru = s->newer[f];
}

static void lru_push(struct sim *s, uint32_t f)
{
	s->newer[f] = NO_FRAME;
	s->older[f] = s->mru;
	if (s->mru != NO_FRAME)
		s->newer[s->mru] = f;
	else
		s->lru = f;
	s->mru = f;
}

/* ---- opt: a max-heap of frames; ties go to the lower frame ---------- */

static bool heap_before(const struct sim *s, uint32_t a, uint32_t b)
{
	return s->key[a] > s->key[b] || (s->key[a] == s->key[b] && a < b);
}

static void heap_set(struct sim *s, size_t pos, uint32_t f)
{
	s->heap[pos] = f;
	s->heap_pos[f] = (uint32_t)pos;
}

static void heap_up(struct sim *s, size_t pos)
{
	uint32_t f = s->heap[pos];

	while (pos > 0 && heap_before(s, f, s->heap[(pos - 1) / 2])) {
		heap_set(s, pos, s->heap[(pos - 1) / 2]);
		pos = (pos - 1) / 2;
	}
	heap_set(s, pos, f);
}

static void heap_down(struct sim *s, size_t pos, size_t size)
{
	uint32_t f = s->heap[pos];
	size_t child;

	while ((child = 2 * pos + 1) < size) {
		if (child + 1 < size &&
		    heap_before(s, s->heap[child + 1], s->heap[child]))
			child++;
		if (!heap_before(s, s->heap[child], f))
			break;
		heap_set(s, pos, s->heap[child]);
		pos = child;
	}
	heap_set(s, pos, f);
}

/* ---- rand: splitmix64, and a uniform draw without modulo bias ------- */

static uint64_t next_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t random_below(uint64_t *state, size_t bound)
{
	/* Reject the top partial block of 2^64 so every frame is equally
	   likely: 2^64 mod bound == (-bound) mod bound. */
	uint64_t limit = -(uint64_t)bound % bound, x;

	do
		x = next_random(state);
	while (x < limit);
	return (size_t)(x % bound);
}

/* ---- the policies' three hooks ------------------------------------ */

static void policy_hit(struct sim *s, uint32_t f, size_t i)
{
	switch (s->c->policy) {
	case ELFLOAD_PAGESIM_LRU:
		lru_unlink(s, f);
		lru_push(s, f);
		break;
	case ELFLOAD_PAGESIM_OPT:
		/* The key only grows: from i to the next use after i. */
		s->key[f] = s->r->next_use[i];
		heap_up(s, s->heap_pos[f]);
		break;
	case ELFLOAD_PAGESIM_CLOCK:
		s->refbit[f] = 1;
		break;
	default:
		break;
	}
}

static uint32_t policy_victim(struct sim *s)
{
	switch (s->c->policy) {
	case ELFLOAD_PAGESIM_LRU:
		return s->lru;
	case ELFLOAD_PAGESIM_OPT:
		return s->heap[0];
	case ELFLOAD_PAGESIM_CLOCK:
		while (s->refbit[s->hand]) {
			s->refbit[s->hand] = 0;
			s->hand = (s->hand + 1) % s->c->frames;
		}
		return (uint32_t)s->hand;
	case ELFLOAD_PAGESIM_RAND:
		return (uint32_t)random_below(&s->rng, s->nframes);
	default:
		return (uint32_t)s->hand;
	}
}

/* Frame @f has just received the page of reference @i. */
static void policy_load(struct sim *s, uint32_t f, size_t i, bool filling)
{
	switch (s->c->policy) {
	case ELFLOAD_PAGESIM_LRU:
		if (!filling)
			lru_unlink(s, f);
		lru_push(s, f);
		break;
	case ELFLOAD_PAGESIM_OPT:
		s->key[f] = s->r->next_use[i];
		if (filling) {
			heap_set(s, s->nfilled - 1, f);
			heap_up(s, s->nfilled - 1);
		} else {
			heap_down(s, s->heap_pos[f], s->nfilled);
		}
		break;
	case ELFLOAD_PAGESIM_CLOCK:
		s->refbit[f] = 1;
		s->hand = (f + 1) % s->c->frames;
		break;
	case ELFLOAD_PAGESIM_FIFO:
		s->hand = (f + 1) % s->c->frames;
		break;
	default:
		break;
	}
}

/* ---- the run itself ------------------------------------------------ */

static void sim_free(struct sim *s)
{
	free(s->frame_of);
	free(s->frame_id);
	free(s->frame_page);
	free(s->refbit);
	free(s->newer);
	free(s->older);
	free(s->heap);
	free(s->heap_pos);
	free(s->key);
}

static int sim_alloc(struct sim *s)
{
	size_t nf = s->nframes, i;

	s->frame_of = malloc((s->r->distinct + 1) * sizeof(*s->frame_of));
	s->frame_id = calloc(nf, sizeof(*s->frame_id));
	s->frame_page = calloc(nf, sizeof(*s->frame_page));
	s->refbit = calloc(nf, 1);
	s->newer = calloc(nf, sizeof(*s->newer));
	s->older = calloc(nf, sizeof(*s->older));
	s->heap = calloc(nf, sizeof(*s->heap));
	s->heap_pos = calloc(nf, sizeof(*s->heap_pos));
	s->key = calloc(nf, sizeof(*s->key));
	if (!s->frame_of || !s->frame_id || !s->frame_page || !s->refbit ||
	    !s->newer || !s->older || !s->heap || !s->heap_pos || !s->key)
		return -ENOMEM;
	for (i = 0; i < s->r->distinct; i++)
		s->frame_of[i] = NO_FRAME;
	s->mru = s->lru = NO_FRAME;
	s->rng = s->c->seed;
	return 0;
}

static void report_step(const struct sim *s, struct elfload_pagesim_step *st)
{
	st->frames = s->frame_page;
	st->nfilled = s->nfilled;
	st->nframes = s->c->frames;
	if (s->c->policy == ELFLOAD_PAGESIM_CLOCK) {
		st->refbits = s->refbit;
		st->hand = s->hand;
	}
	s->c->step(st, s->c->arg);
}

/* Reference @i: returns true for a hit. */
static bool sim_access(struct sim *s, size_t i)
{
	uint32_t id = s->r->ids[i], f = s->frame_of[id];
	struct elfload_pagesim_step st = { .index = i, .page = s->r->pages[i] };
	bool filling = s->nfilled < s->nframes;

	if (f != NO_FRAME) {
		st.hit = true;
		policy_hit(s, f, i);
	} else {
		if (filling) {
			f = (uint32_t)s->nfilled++;
		} else {
			f = policy_victim(s);
			st.evicted = true;
			st.victim = s->frame_page[f];
			s->frame_of[s->frame_id[f]] = NO_FRAME;
		}
		s->frame_of[id] = f;
		s->frame_id[f] = id;
		s->frame_page[f] = st.page;
		policy_load(s, f, i, filling);
	}
	if (s->c->step) {
		st.frame = f;
		report_step(s, &st);
	}
	return st.hit;
}

int elfload_pagesim_run(const struct elfload_pagesim_refs *r,
			const struct elfload_pagesim_config *c,
			struct elfload_pagesim_result *res,
			struct elfload_diag *d)
{
	struct sim s = { .r = r, .c = c };
	size_t i;
	int ret;

	elfload_diag_clear(d);
	memset(res, 0, sizeof(*res));
	if (!elfload_pagesim_policy_name(c->policy))
		return elfload_diag_set(d, -EINVAL, "policy", -1, NULL,
					(uint64_t)c->policy, 0,
					"unknown policy %d", (int)c->policy);
	if (c->frames == 0)
		return elfload_diag_set(d, -EINVAL, "frames", -1, NULL, 0, 1,
					"0 frames: at least 1 is needed");
	/* More frames than pages never evict: size the run by the pages. */
	s.nframes = c->frames < r->distinct ? c->frames : r->distinct;
	if (s.nframes == 0)
		s.nframes = 1;
	ret = sim_alloc(&s);
	for (i = 0; ret == 0 && i < r->n; i++)
		res->hits += sim_access(&s, i);
	sim_free(&s);
	if (ret < 0)
		return elfload_diag_set(d, ret, "frames", -1, NULL, c->frames,
					0, "out of memory for %zu frames",
					c->frames);
	res->references = r->n;
	res->faults = r->n - res->hits;
	return 0;
}

int elfload_pagesim(const uint64_t *pages, size_t n,
		    const struct elfload_pagesim_config *c,
		    struct elfload_pagesim_result *res,
		    struct elfload_diag *d)
{
	struct elfload_pagesim_refs r;
	int ret = elfload_pagesim_refs_init(&r, pages, n, d);

	if (ret < 0) {
		memset(res, 0, sizeof(*res));
		return ret;
	}
	ret = elfload_pagesim_run(&r, c, res, d);
	elfload_pagesim_refs_free(&r);
	return ret;
}
