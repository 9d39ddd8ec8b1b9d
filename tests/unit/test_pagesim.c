// SPDX-License-Identifier: MIT
/*
 * Unit tests of the page-replacement simulator (pagesim.h): the known
 * answers of the textbook strings, every policy against a naive
 * reference implementation written straight from the definitions, and
 * properties that hold for any string (nothing beats OPT, LRU and OPT
 * are stack algorithms, enough frames fault once per page, rand is
 * reproducible, dropping immediate repeats changes no fault count).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <inttypes.h>

#include <cmocka.h>

#include <elfload/pagesim.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Silberschatz's string, and the one that shows Belady's anomaly. */
static const uint64_t textbook[] = { 7, 0, 1, 2, 0, 3, 0, 4, 2, 3,
				     0, 3, 2, 1, 2, 0, 1, 7, 0, 1 };
static const uint64_t belady[] = { 1, 2, 3, 4, 1, 2, 5, 1, 2, 3, 4, 5 };

static uint64_t faults_of(const uint64_t *refs, size_t n,
			  enum elfload_pagesim_policy p, size_t frames,
			  uint64_t seed)
{
	struct elfload_pagesim_config c = { .policy = p, .frames = frames,
					    .seed = seed };
	struct elfload_pagesim_result res;
	struct elfload_diag d;

	assert_int_equal(elfload_pagesim(refs, n, &c, &res, &d), 0);
	assert_int_equal(res.references, n);
	assert_int_equal(res.faults + res.hits, n);
	return res.faults;
}

struct known {
	const uint64_t *refs;
	size_t n;
	enum elfload_pagesim_policy policy;
	size_t frames;
	uint64_t faults;
};

/*
 * CLOCK (new pages get their bit set, the hand moves past them), worked
 * by hand; frames as [f0 f1 f2], '*' a set bit, h the hand after.
 *
 * textbook, 3 frames: 7 0 1 fill [7* 0* 1*] h0.  2: the hand clears all
 * three and comes back to f0: out 7 [2* 0 1] h1.  0 hit [2* 0* 1].
 * 3: clear f1, f2 clear: out 1 [2* 0 3*] h0.  0 hit.  4: clear f0, f1,
 * f2, f0 clear: out 2 [4* 0 3] h1.  2: out 0 [4* 2* 3] h2.  3 hit.
 * 0: clears f2, f0, f1: out 3 [4 2 0*] h0.  3: out 4 [3* 2 0*] h1.
 * 2 hit.  1: clears f1, f2, f0: out 2 [3 1* 0] h2.  2: out 0
 * [3 1* 2*] h0.  0: out 3 [0* 1* 2*] h1.  1 hit.  7: clears all, out 1
 * [0 7* 2] h2.  0 hit.  1: out 2 [0* 7* 1*].  Faults: 3 + 11 = 14.
 *
 * textbook, 4 frames: 7 0 1 2 fill, h0.  0 hit.  3: clears all, out 7
 * [3* 0 1 2] h1.  0 hit.  4: clear f1, out 1 [3* 0 4* 2] h3.  2 3 0 3 2
 * hit (all bits set).  1: clears f3 f0 f1 f2, out 2 [3 0 4 1*] h0.
 * 2: out 3 [2* 0 4 1*] h1.  0 1 hit.  7: clear f1, out 4 [2* 0 7* 1*].
 * 0 1 hit.  Faults: 4 + 5 = 9.
 *
 * belady, 3 frames: 1 2 3 fill.  4: clears all, out 1 [4* 2 3] h1.
 * 1: out 2 [4* 1* 3] h2.  2: out 3 [4* 1* 2*] h0.  5: clears all, out 4
 * [5* 1 2] h1.  1 2 hit.  3: clears all, out 1 [5 3* 2] h2.  4: out 2
 * [5 3* 4*] h0.  5 hit.  Faults: 3 + 6 = 9.
 *
 * belady, 4 frames: 1 2 3 4 fill, 1 2 hit.  5: clears all, out 1
 * [5* 2 3 4] h1.  1: out 2, h2.  2: out 3, h3.  3: out 4, h0
 * [5* 1* 2* 3*].  4: clears all, out 5 [4* 1 2 3] h1.  5: out 1.
 * Faults: 4 + 6 = 10: the anomaly, for CLOCK too.
 */
static const struct known known_answers[] = {
	{ textbook, N_OF(textbook), ELFLOAD_PAGESIM_FIFO, 3, 15 },
	{ textbook, N_OF(textbook), ELFLOAD_PAGESIM_LRU, 3, 12 },
	{ textbook, N_OF(textbook), ELFLOAD_PAGESIM_OPT, 3, 9 },
	{ textbook, N_OF(textbook), ELFLOAD_PAGESIM_CLOCK, 3, 14 },
	{ textbook, N_OF(textbook), ELFLOAD_PAGESIM_FIFO, 4, 10 },
	{ textbook, N_OF(textbook), ELFLOAD_PAGESIM_LRU, 4, 8 },
	{ textbook, N_OF(textbook), ELFLOAD_PAGESIM_OPT, 4, 8 },
	{ textbook, N_OF(textbook), ELFLOAD_PAGESIM_CLOCK, 4, 9 },
	{ belady, N_OF(belady), ELFLOAD_PAGESIM_FIFO, 3, 9 },
	{ belady, N_OF(belady), ELFLOAD_PAGESIM_FIFO, 4, 10 },
	{ belady, N_OF(belady), ELFLOAD_PAGESIM_LRU, 3, 10 },
	{ belady, N_OF(belady), ELFLOAD_PAGESIM_LRU, 4, 8 },
	{ belady, N_OF(belady), ELFLOAD_PAGESIM_OPT, 3, 7 },
	{ belady, N_OF(belady), ELFLOAD_PAGESIM_OPT, 4, 6 },
	{ belady, N_OF(belady), ELFLOAD_PAGESIM_CLOCK, 3, 9 },
	{ belady, N_OF(belady), ELFLOAD_PAGESIM_CLOCK, 4, 10 },
};

static void known(void **state)
{
	bool ok = true;
	size_t i;

	(void)state;
	for (i = 0; i < N_OF(known_answers); i++) {
		const struct known *k = &known_answers[i];
		uint64_t got = faults_of(k->refs, k->n, k->policy, k->frames,
					 1);

		if (got != k->faults) {
			print_error("%s string, %s, %zu frames: %" PRIu64
				    " faults, want %" PRIu64 "\n",
				    k->refs == textbook ? "textbook" : "belady",
				    elfload_pagesim_policy_name(k->policy),
				    k->frames, got, k->faults);
			ok = false;
		}
	}
	if (!ok)
		fail();
}

/* ---- what the step callback reports ------------------------------- */

/* Writes the steps before position @limit as text. */
struct recorder {
	char text[4096];
	size_t len;
	size_t limit;
};

static void record_step(const struct elfload_pagesim_step *s, void *arg)
{
	struct recorder *r = arg;
	size_t f;

	if (s->index >= r->limit)
		return;
	r->len += snprintf(r->text + r->len, sizeof(r->text) - r->len,
			   "%s%" PRIu64 "%c", r->len ? " " : "", s->page,
			   s->hit ? '+' : '-');
	if (s->evicted)
		r->len += snprintf(r->text + r->len, sizeof(r->text) - r->len,
				   "(out %" PRIu64 ")", s->victim);
	r->len += snprintf(r->text + r->len, sizeof(r->text) - r->len, "[");
	for (f = 0; f < s->nframes; f++) {
		if (f < s->nfilled)
			r->len += snprintf(r->text + r->len,
					   sizeof(r->text) - r->len,
					   "%s%" PRIu64 "%s", f ? " " : "",
					   s->frames[f],
					   s->refbits && s->refbits[f] ? "*" :
									 "");
		else
			r->len += snprintf(r->text + r->len,
					   sizeof(r->text) - r->len, "%s_",
					   f ? " " : "");
	}
	r->len += snprintf(r->text + r->len, sizeof(r->text) - r->len, "]");
	if (s->refbits)
		r->len += snprintf(r->text + r->len, sizeof(r->text) - r->len,
				   "h%zu", s->hand);
}

/* The first @limit steps of a run over the whole of @refs. */
static void steps_of(const uint64_t *refs, size_t n, size_t limit,
		     enum elfload_pagesim_policy p, size_t frames,
		     struct recorder *rec)
{
	struct elfload_pagesim_config c = { .policy = p, .frames = frames,
					    .step = record_step, .arg = rec };
	struct elfload_pagesim_result res;

	memset(rec, 0, sizeof(*rec));
	rec->limit = limit;
	assert_int_equal(elfload_pagesim(refs, n, &c, &res, NULL), 0);
}

static void steps(void **state)
{
	struct recorder rec;

	(void)state;
	steps_of(belady, N_OF(belady), 7, ELFLOAD_PAGESIM_FIFO, 3, &rec);
	assert_string_equal(rec.text,
			    "1-[1 _ _] 2-[1 2 _] 3-[1 2 3] 4-(out 1)[4 2 3] "
			    "1-(out 2)[4 1 3] 2-(out 3)[4 1 2] "
			    "5-(out 4)[5 1 2]");
	/* The clock of the comment above, first eight references. */
	steps_of(textbook, N_OF(textbook), 8, ELFLOAD_PAGESIM_CLOCK, 3, &rec);
	assert_string_equal(rec.text,
			    "7-[7* _ _]h1 0-[7* 0* _]h2 1-[7* 0* 1*]h0 "
			    "2-(out 7)[2* 0 1]h1 0+[2* 0* 1]h1 "
			    "3-(out 1)[2* 0 3*]h0 0+[2* 0* 3*]h0 "
			    "4-(out 2)[4* 0 3]h1");
	/* OPT: at "2", 7 is used last (at 17) among [7 0 1]... */
	steps_of(textbook, N_OF(textbook), 6, ELFLOAD_PAGESIM_OPT, 3, &rec);
	assert_string_equal(rec.text,
			    "7-[7 _ _] 0-[7 0 _] 1-[7 0 1] 2-(out 7)[2 0 1] "
			    "0+[2 0 1] 3-(out 1)[2 0 3]");
	/* ...and ties among never-again pages go to the lowest frame. */
	{
		static const uint64_t ties[] = { 1, 2, 3, 4, 5 };

		steps_of(ties, 5, 5, ELFLOAD_PAGESIM_OPT, 3, &rec);
		assert_string_equal(rec.text,
				    "1-[1 _ _] 2-[1 2 _] 3-[1 2 3] "
				    "4-(out 1)[4 2 3] 5-(out 4)[5 2 3]");
	}
	steps_of(belady, N_OF(belady), 6, ELFLOAD_PAGESIM_LRU, 3, &rec);
	assert_string_equal(rec.text,
			    "1-[1 _ _] 2-[1 2 _] 3-[1 2 3] 4-(out 1)[4 2 3] "
			    "1-(out 2)[4 1 3] 2-(out 3)[4 1 2]");
}

/* ---- a naive reference implementation, from the definitions ------ */

/* Frames hold pages; `stamp` is what each policy ranks them by. */
struct naive {
	uint64_t page[64];
	uint64_t stamp[64];	/* fifo: load time; lru: last use */
	bool bit[64];
	size_t used, hand;
	uint64_t rng;
};

static uint64_t naive_random(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t naive_next_use(const uint64_t *refs, size_t n, size_t i,
			     uint64_t page)
{
	size_t j;

	for (j = i + 1; j < n; j++)
		if (refs[j] == page)
			return j;
	return n;
}

static size_t naive_victim(struct naive *m, enum elfload_pagesim_policy p,
			   const uint64_t *refs, size_t n, size_t i,
			   size_t frames)
{
	size_t f, best = 0;

	switch (p) {
	case ELFLOAD_PAGESIM_FIFO:
	case ELFLOAD_PAGESIM_LRU:
		for (f = 1; f < frames; f++)
			if (m->stamp[f] < m->stamp[best])
				best = f;
		return best;
	case ELFLOAD_PAGESIM_OPT:
		for (f = 1; f < frames; f++)
			if (naive_next_use(refs, n, i, m->page[f]) >
			    naive_next_use(refs, n, i, m->page[best]))
				best = f;
		return best;
	case ELFLOAD_PAGESIM_CLOCK:
		for (;; m->hand = (m->hand + 1) % frames) {
			if (!m->bit[m->hand])
				return m->hand;
			m->bit[m->hand] = false;
		}
	default: {
		/* Uniform by rejection, as the library documents. */
		uint64_t limit = -(uint64_t)frames % frames, x;

		do
			x = naive_random(&m->rng);
		while (x < limit);
		return (size_t)(x % frames);
	}
	}
}

/* Faults, and a checksum of the victims in order. */
static uint64_t naive_run(const uint64_t *refs, size_t n,
			  enum elfload_pagesim_policy p, size_t frames,
			  uint64_t seed, uint64_t *victims)
{
	struct naive m = { .rng = seed };
	uint64_t faults = 0;
	size_t i, f;

	assert_true(frames <= 64);
	*victims = 0;
	for (i = 0; i < n; i++) {
		for (f = 0; f < m.used && m.page[f] != refs[i]; f++)
			;
		if (f < m.used) {
			if (p == ELFLOAD_PAGESIM_LRU)
				m.stamp[f] = i;
			m.bit[f] = true;
			continue;
		}
		faults++;
		if (m.used < frames) {
			f = m.used++;
		} else {
			f = naive_victim(&m, p, refs, n, i, frames);
			*victims = *victims * 31 + m.page[f] + 1;
		}
		m.page[f] = refs[i];
		m.stamp[f] = i;
		m.bit[f] = true;
		m.hand = (f + 1) % frames;
	}
	return faults;
}

static void victim_sum(const struct elfload_pagesim_step *s, void *arg)
{
	uint64_t *sum = arg;

	if (s->evicted)
		*sum = *sum * 31 + s->victim + 1;
}

static uint64_t test_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/*
 * A random string over @alphabet pages; sparse pages (far apart, up to
 * the top of the address space) when @sparse.
 */
static void random_string(uint64_t *refs, size_t n, unsigned alphabet,
			  bool sparse, uint64_t *state)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint64_t v = test_random(state) % alphabet;

		refs[i] = sparse ? UINT64_MAX - v * 0x10000000001ull : v;
	}
}

static void against_naive(void **state)
{
	uint64_t refs[300], rng = 42;
	int round, p;

	(void)state;
	for (round = 0; round < 200; round++) {
		size_t n = 1 + test_random(&rng) % 300;
		unsigned alphabet = 1 + test_random(&rng) % 20;
		size_t frames = 1 + test_random(&rng) % 12;

		random_string(refs, n, alphabet, round % 3 == 0, &rng);
		for (p = 0; p < ELFLOAD_PAGESIM_NPOLICIES; p++) {
			struct elfload_pagesim_config c = {
				.policy = p, .frames = frames,
				.seed = (uint64_t)round, .step = victim_sum,
			};
			struct elfload_pagesim_result res;
			uint64_t sum = 0, want_sum, want;

			c.arg = &sum;
			want = naive_run(refs, n, p, frames, (uint64_t)round,
					 &want_sum);
			assert_int_equal(elfload_pagesim(refs, n, &c, &res,
							 NULL),
					 0);
			if (res.faults != want || sum != want_sum) {
				print_error("round %d, %s, %zu frames, %zu "
					    "references: %" PRIu64
					    " faults, naive %" PRIu64 "%s\n",
					    round,
					    elfload_pagesim_policy_name(p),
					    frames, n, res.faults, want,
					    sum != want_sum ?
						    ", other victims" :
						    "");
				fail();
			}
		}
	}
}

/* ---- properties --------------------------------------------------- */

static size_t distinct_of(const uint64_t *refs, size_t n)
{
	size_t i, j, d = 0;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && refs[j] != refs[i]; j++)
			;
		d += j == i;
	}
	return d;
}

static void properties(void **state)
{
	uint64_t refs[400], rng = 7;
	int round, p;

	(void)state;
	for (round = 0; round < 100; round++) {
		size_t n = 1 + test_random(&rng) % 400, frames;
		size_t distinct;
		uint64_t prev_lru = UINT64_MAX, prev_opt = UINT64_MAX;

		random_string(refs, n, 2 + round % 30, round % 4 == 1, &rng);
		distinct = distinct_of(refs, n);
		for (frames = 1; frames <= distinct + 2; frames++) {
			uint64_t opt = faults_of(refs, n, ELFLOAD_PAGESIM_OPT,
						 frames, 0);
			uint64_t lru = faults_of(refs, n, ELFLOAD_PAGESIM_LRU,
						 frames, 0);

			/* Stack algorithms: more frames never hurt. */
			assert_true(lru <= prev_lru);
			assert_true(opt <= prev_opt);
			prev_lru = lru;
			prev_opt = opt;
			for (p = 0; p < ELFLOAD_PAGESIM_NPOLICIES; p++) {
				uint64_t f = faults_of(refs, n, p, frames,
						       (uint64_t)round);

				/* Nothing beats OPT; nobody misses less
				   than once per page. */
				assert_true(f >= opt);
				assert_true(f >= distinct);
				if (frames >= distinct)
					assert_int_equal(f, distinct);
			}
		}
	}
}

/* The same seed gives the same run; other seeds draw other victims. */
static void rand_seeded(void **state)
{
	uint64_t refs[2000], rng = 99, sum1 = 0, sum2 = 0;
	struct elfload_pagesim_config c = { .policy = ELFLOAD_PAGESIM_RAND,
					    .frames = 7, .seed = 1234,
					    .step = victim_sum };
	struct elfload_pagesim_result r1, r2;
	uint64_t seed, differ = 0;

	(void)state;
	random_string(refs, N_OF(refs), 15, false, &rng);
	c.arg = &sum1;
	assert_int_equal(elfload_pagesim(refs, N_OF(refs), &c, &r1, NULL), 0);
	c.arg = &sum2;
	assert_int_equal(elfload_pagesim(refs, N_OF(refs), &c, &r2, NULL), 0);
	assert_int_equal(r1.faults, r2.faults);
	assert_int_equal(sum1, sum2);
	for (seed = 0; seed < 20; seed++) {
		uint64_t sum = 0;

		c.seed = seed;
		c.arg = &sum;
		assert_int_equal(elfload_pagesim(refs, N_OF(refs), &c, &r2,
						 NULL),
				 0);
		differ += sum != sum1;
	}
	assert_int_equal(differ, 20);
}

/* Dropping immediate repeats (A A -> A) changes no policy's faults. */
static void collapse_keeps_faults(void **state)
{
	uint64_t refs[500], collapsed[500], rng = 5;
	size_t dropped = 0;
	int round, p;

	(void)state;
	for (round = 0; round < 100; round++) {
		size_t n = 1 + test_random(&rng) % 500, m = 0, i;
		size_t frames = 1 + (size_t)round % 9;

		/* Few pages, so repeats are common. */
		random_string(refs, n, 2 + round % 6, false, &rng);
		for (i = 0; i < n; i++)
			if (i == 0 || refs[i] != refs[i - 1])
				collapsed[m++] = refs[i];
		dropped += n - m;
		for (p = 0; p < ELFLOAD_PAGESIM_NPOLICIES; p++)
			assert_int_equal(faults_of(refs, n, p, frames, 3),
					 faults_of(collapsed, m, p, frames, 3));
	}
	assert_true(dropped > 1000);
}

/* Millions of references, every policy, many frames: linear or n log N. */
static void large(void **state)
{
	size_t n = 2000000, i;
	uint64_t *refs = malloc(n * sizeof(*refs)), rng = 3;
	uint64_t opt = 0;
	int p;

	(void)state;
	assert_non_null(refs);
	/* A loop over 3000 pages with random excursions. */
	for (i = 0; i < n; i++)
		refs[i] = test_random(&rng) % 8 ? i % 3000 :
						  test_random(&rng) % 100000;
	for (p = ELFLOAD_PAGESIM_NPOLICIES - 1; p >= 0; p--) {
		uint64_t f = faults_of(refs, n, p, 2000, 1);

		if (p == ELFLOAD_PAGESIM_OPT)
			opt = f;
		else if (opt)
			assert_true(f >= opt);
	}
	free(refs);
}

static void errors(void **state)
{
	struct elfload_pagesim_config c = { .policy = ELFLOAD_PAGESIM_LRU };
	struct elfload_pagesim_result res;
	struct elfload_diag d;
	int p;

	(void)state;
	assert_int_equal(elfload_pagesim(belady, 3, &c, &res, &d), -EINVAL);
	assert_int_equal(d.err, -EINVAL);
	assert_non_null(strstr(d.msg, "0 frames"));
	c.frames = 2;
	c.policy = (enum elfload_pagesim_policy)ELFLOAD_PAGESIM_NPOLICIES;
	assert_int_equal(elfload_pagesim(belady, 3, &c, &res, &d), -EINVAL);
	/* An empty string is fine: nothing happens. */
	c.policy = ELFLOAD_PAGESIM_OPT;
	assert_int_equal(elfload_pagesim(NULL, 0, &c, &res, &d), 0);
	assert_int_equal(res.faults, 0);
	assert_int_equal(res.references, 0);
	for (p = 0; p < ELFLOAD_PAGESIM_NPOLICIES; p++)
		assert_int_equal(elfload_pagesim_policy_parse(
					 elfload_pagesim_policy_name(p)),
				 p);
	assert_int_equal(elfload_pagesim_policy_parse("LRU"), -EINVAL);
	assert_int_equal(elfload_pagesim_policy_parse(""), -EINVAL);
	assert_null(elfload_pagesim_policy_name(
		(enum elfload_pagesim_policy)-1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known),
		cmocka_unit_test(steps),
		cmocka_unit_test(against_naive),
		cmocka_unit_test(properties),
		cmocka_unit_test(rand_seeded),
		cmocka_unit_test(collapse_keeps_faults),
		cmocka_unit_test(large),
		cmocka_unit_test(errors),
	};

	return cmocka_run_group_tests_name("pagesim", tests, NULL, NULL);
}
