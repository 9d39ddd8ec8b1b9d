/* SPDX-License-Identifier: MIT */
/*
 * Page-replacement simulation: run a page reference string (a sequence
 * of page numbers) through N page frames under one replacement policy
 * and count the faults.  Pure computation: no system calls beyond
 * malloc, no printing, no global state.
 *
 * Rules shared by every policy:
 *
 *  - Frames are numbered 0..N-1.  While some frame is free, a faulting
 *    page goes into the lowest-numbered free frame (frames fill in
 *    order 0, 1, 2, ...), and nothing is evicted.
 *  - A reference to a resident page is a hit; any other is a fault
 *    (the first reference to each page is a fault too: cold start).
 *
 * The policies, and what they choose as the victim when every frame is
 * taken:
 *
 *  fifo   the page loaded longest ago (hits change nothing).
 *  lru    the page whose last reference is the oldest.
 *  opt    Belady's optimal policy: the page whose next reference lies
 *         farthest in the future.  Pages never referenced again count
 *         as farthest; among several of them the one in the
 *         lowest-numbered frame is evicted.  (Two pages with a next
 *         reference never tie: each position holds one page.)
 *  clock  second chance.  The frames form a circle with a hand and one
 *         reference bit each.  A hit sets the page's bit.  On a fault
 *         with every frame taken, the hand sweeps forward clearing set
 *         bits until it reaches a frame whose bit is clear: that page is
 *         the victim.  A newly loaded page gets its bit SET (the access
 *         that brought it in is a reference, as the hardware's accessed
 *         bit would record), and the hand then moves to the frame after
 *         it.  The hand starts at frame 0 and also moves past each frame
 *         filled while frames are still free.
 *  rand   a frame drawn uniformly at random, with a small generator
 *         (splitmix64) seeded by the caller: the same seed gives the
 *         same faults.  Only evictions draw numbers.
 *
 * With these rules, dropping immediate repeats of a page from a string
 * (A A -> A) never changes the faults of any policy: a repeat is a hit
 * that leaves every policy's state as it was.
 *
 * Costs: preparing a string (elfload_pagesim_refs_init) is O(n)
 * expected time (a hash table numbers the distinct pages and the next
 * use of every reference is found in one backward pass); a run is O(n)
 * for fifo, lru, rand and clock (amortized: each bit the hand clears
 * was set by one reference) and O(n log N) for opt (a heap of the
 * frames by next use).  Memory: 8 bytes per reference plus O(distinct
 * pages) for the string, O(min(N, distinct pages)) for a run.
 */
#ifndef ELFLOAD_PAGESIM_H
#define ELFLOAD_PAGESIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elfload/diag.h>

#ifdef __cplusplus
extern "C" {
#endif

enum elfload_pagesim_policy {
	ELFLOAD_PAGESIM_FIFO,
	ELFLOAD_PAGESIM_LRU,
	ELFLOAD_PAGESIM_OPT,
	ELFLOAD_PAGESIM_CLOCK,
	ELFLOAD_PAGESIM_RAND,
};

#define ELFLOAD_PAGESIM_NPOLICIES 5

/* The longest reference string a run accepts (positions fit 32 bits). */
#define ELFLOAD_PAGESIM_MAX_REFS ((size_t)UINT32_MAX - 1)

/* "fifo", "lru", "opt", "clock", "rand"; NULL for an unknown value. */
const char *elfload_pagesim_policy_name(enum elfload_pagesim_policy p);

/* The policy named @name (as above), or -EINVAL. */
int elfload_pagesim_policy_parse(const char *name);

/*
 * A reference string prepared for any number of runs: the distinct
 * pages numbered densely, and each reference's next use (for opt).
 */
struct elfload_pagesim_refs {
	const uint64_t *pages;	/* the string, borrowed from the caller */
	size_t n;		/* its length */
	size_t distinct;	/* distinct pages in it */
	uint32_t *ids;		/* ids[i]: dense number of pages[i] */
	uint32_t *next_use;	/* position of the next reference to the
				   same page, n when there is none */
};

/*
 * Prepare @pages[0..n) (kept by reference: it must outlive @r).
 * Returns 0, -EOVERFLOW when n > ELFLOAD_PAGESIM_MAX_REFS, or -ENOMEM.
 * An empty string is valid.
 */
int elfload_pagesim_refs_init(struct elfload_pagesim_refs *r,
			      const uint64_t *pages, size_t n,
			      struct elfload_diag *d);

void elfload_pagesim_refs_free(struct elfload_pagesim_refs *r);

/* What happened at one reference, reported to the step callback. */
struct elfload_pagesim_step {
	size_t index;		/* position in the string, from 0 */
	uint64_t page;		/* the page referenced */
	bool hit;
	bool evicted;		/* a resident page was evicted for it */
	uint64_t victim;	/* that page, when evicted */
	size_t frame;		/* the frame holding @page now */
	/*
	 * The frames after the reference: frames[0..nfilled) hold pages
	 * (frames fill in order), frames nfilled..nframes-1 are free.
	 */
	const uint64_t *frames;
	size_t nfilled;
	size_t nframes;
	/* clock only (NULL / 0 otherwise): bits of frames[0..nfilled) */
	const unsigned char *refbits;
	size_t hand;		/* clock: the frame the hand points at */
};

struct elfload_pagesim_config {
	enum elfload_pagesim_policy policy;
	size_t frames;		/* N >= 1 */
	uint64_t seed;		/* rand only */
	/* Called after every reference when not NULL. */
	void (*step)(const struct elfload_pagesim_step *s, void *arg);
	void *arg;
};

struct elfload_pagesim_result {
	uint64_t references;
	uint64_t faults;
	uint64_t hits;
};

/*
 * Run the prepared string @r under @c.  Returns 0, -EINVAL (no frames,
 * unknown policy) or -ENOMEM.
 */
int elfload_pagesim_run(const struct elfload_pagesim_refs *r,
			const struct elfload_pagesim_config *c,
			struct elfload_pagesim_result *res,
			struct elfload_diag *d);

/* Prepare, run once, free: for a single simulation. */
int elfload_pagesim(const uint64_t *pages, size_t n,
		    const struct elfload_pagesim_config *c,
		    struct elfload_pagesim_result *res,
		    struct elfload_diag *d);

#ifdef __cplusplus
}
#endif

#endif
