// SPDX-License-Identifier: MIT
/*
 * Two snapshots compared (pure): every difference, with its cause when
 * it is one of the residual differences the README documents.  See
 * snapshot.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elfload/elf.h>
#include <elfload/snapshot.h>

/* Stack words reported one by one; the rest are counted. */
#define MAX_STACK_DIFFS 32

/* Capabilities for PR_SET_MM_MAP (include/uapi/linux/capability.h). */
#define CAP_SYS_ADMIN 21
#define CAP_SYS_RESOURCE 24
#define CAP_CHECKPOINT_RESTORE 40

static const char mm_cause[] =
	"PR_SET_MM_MAP needs CAP_SYS_RESOURCE, CAP_CHECKPOINT_RESTORE or "
	"CAP_SYS_ADMIN, which the elfload side lacks: the field keeps "
	"naming elfload";
static const char random_cause[] =
	"AT_RANDOM: the kernel draws 16 fresh bytes at every exec (two "
	"kernel execs differ here too)";
static const char ret_cause[] =
	"the vDSO's exit sequence returned into the program through this "
	"slot, which holds the entry address";

static const char vsyscall_cause[] =
	"ia32: the [vsyscall] page of the 64-bit mm elfload started in, "
	"which nothing can unmap (the kernel gives a compat mm none)";

static const char demand_maps_cause[] =
	"--demand: the segments are anonymous mappings that the pager fills "
	"(userfaultfd cannot fill private file mappings); the same pages "
	"with the same permissions";
static const char demand_watch_cause[] =
	"--demand without CAP_SYS_PTRACE: the fork watch, a seccomp filter "
	"installed with no_new_privs (see the man page)";

struct diffs {
	struct elfload_snapshot_diff *v;
	size_t n, room;
	int err;
};

static void add_diff(struct diffs *ds, const char *field, const char *native,
		     const char *ours, const char *residual)
{
	struct elfload_snapshot_diff *d;

	if (ds->err)
		return;
	if (ds->n == ds->room) {
		d = realloc(ds->v, (ds->room * 2 + 16) * sizeof(*d));
		if (!d) {
			ds->err = -ENOMEM;
			return;
		}
		ds->v = d;
		ds->room = ds->room * 2 + 16;
	}
	d = &ds->v[ds->n];
	d->field = strdup(field);
	d->native = strdup(native);
	d->ours = strdup(ours);
	d->residual = residual;
	ds->n++;
	if (!d->field || !d->native || !d->ours)
		ds->err = -ENOMEM;
}

static const struct elfload_snapshot_field *
find_field(const struct elfload_snapshot *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (!strcmp(s->fields[i].name, name))
			return &s->fields[i];
	return NULL;
}

/* Could PR_SET_MM_MAP set everything in the process of @s (README)? */
static int mm_map_allowed(const struct elfload_snapshot *s)
{
	const struct elfload_snapshot_field *f = find_field(s, "status CapEff");
	uint64_t caps;

	if (!f)
		return 1;	/* unknown: claim nothing */
	caps = strtoull(f->value, NULL, 16);
	return (caps >> CAP_SYS_RESOURCE & 1) || (caps >> CAP_SYS_ADMIN & 1) ||
	       (caps >> CAP_CHECKPOINT_RESTORE & 1);
}

/* Fields PR_SET_MM_MAP sets (or, for exe, its exe_fd). */
static int set_by_mm_map(const char *name)
{
	static const char *const names[] = {
		"exe", "cmdline", "environ", "auxv", "stat arg_", "stat env_",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strncmp(name, names[i], strlen(names[i])))
			return 1;
	return 0;
}

/*
 * The next "maps" range of @s from field *@i on (without [vsyscall] when
 * @compat: the ia32 residual): false at the end.
 */
static bool next_range(const struct elfload_snapshot *s, bool compat,
		       size_t *i, uint64_t *start, uint64_t *end,
		       char perms[5])
{
	for (; *i < s->nfields; (*i)++) {
		const struct elfload_snapshot_field *f = &s->fields[*i];
		char *p;

		if (strncmp(f->name, "maps ", 5) ||
		    (compat && strstr(f->value, "[vsyscall]")))
			continue;
		*start = strtoull(f->name + 5, NULL, 16);
		*end = strtoull(f->value, &p, 16);
		snprintf(perms, 5, "%s", *p == ' ' ? p + 1 : "");
		(*i)++;
		return true;
	}
	return false;
}

/* The next run of adjacent ranges with the same permissions. */
static bool next_run(const struct elfload_snapshot *s, bool compat, size_t *i,
		     uint64_t *start, uint64_t *end, char perms[5])
{
	uint64_t s2, e2;
	char p2[5];
	size_t j;

	if (!next_range(s, compat, i, start, end, perms))
		return false;
	for (j = *i; next_range(s, compat, &j, &s2, &e2, p2) && s2 == *end &&
		     !strcmp(p2, perms); *i = j)
		*end = e2;
	return true;
}

/*
 * Do the two maps cover the same addresses with the same permissions,
 * whatever backs them?  What a demand-paged program's map must keep.
 */
static bool same_cover(const struct elfload_snapshot *a,
		       const struct elfload_snapshot *b, bool compat)
{
	uint64_t sa, ea, sb, eb;
	char pa[5], pb[5];
	size_t i = 0, j = 0;
	bool more_a, more_b;

	for (;;) {
		more_a = next_run(a, compat, &i, &sa, &ea, pa);
		more_b = next_run(b, compat, &j, &sb, &eb, pb);
		if (!more_a || !more_b)
			return more_a == more_b;
		if (sa != sb || ea != eb || strcmp(pa, pb))
			return false;
	}
}

/* What may differ, and why (NULL: a real difference). */
struct residual_rules {
	int mm_allowed;		/* PR_SET_MM_MAP could set everything */
	bool demand_maps;	/* --demand, and the same cover */
	bool demand;
	bool compat;		/* both run 32-bit code (ia32) */
};

static const char *field_residual(const struct elfload_snapshot_field *a,
				  const struct elfload_snapshot_field *b,
				  const struct residual_rules *r)
{
	const char *name = a ? a->name : b->name;

	if (a && b && a->is_num && b->is_num && b->residual &&
	    !((a->num ^ b->num) & ~b->residual_mask))
		return b->residual;
	if (!r->mm_allowed && set_by_mm_map(name))
		return mm_cause;
	if (r->compat && !a && !strncmp(name, "maps ", 5) &&
	    strstr(b->value, "[vsyscall]"))
		return vsyscall_cause;
	if (r->demand_maps && !strncmp(name, "maps ", 5))
		return demand_maps_cause;
	if (r->demand && (!strncmp(name, "status NoNewPrivs", 17) ||
			  !strncmp(name, "status Seccomp", 14)))
		return demand_watch_cause;
	return NULL;
}

static void compare_fields(const struct elfload_snapshot *native,
			   const struct elfload_snapshot *ours, bool demand,
			   struct diffs *ds)
{
	const struct elfload_snapshot_field *a, *b;
	bool compat = native->word_size == 4 && ours->word_size == 4;
	struct residual_rules r = {
		.mm_allowed = mm_map_allowed(ours),
		.demand_maps = demand && same_cover(native, ours, compat),
		.demand = demand,
		.compat = compat,
	};
	size_t i;

	for (i = 0; i < native->nfields; i++) {
		a = &native->fields[i];
		b = find_field(ours, a->name);
		if (!b || strcmp(a->value, b->value))
			add_diff(ds, a->name, a->value, b ? b->value : "(none)",
				 field_residual(a, b, &r));
	}
	for (i = 0; i < ours->nfields; i++) {
		b = &ours->fields[i];
		if (!find_field(native, b->name))
			add_diff(ds, b->name, "(none)", b->value,
				 field_residual(NULL, b, &r));
	}
}

/* A stack word of @s at @addr (inside it), little or big endian alike. */
static uint64_t stack_word(const struct elfload_snapshot *s, uint64_t addr,
			   unsigned word)
{
	uint64_t v = 0;

	memcpy(&v, s->stack + (addr - s->stack_start), word);
	return v;
}

/* The AT_RANDOM address in the auxv fields of @s, or 0. */
static uint64_t at_random(const struct elfload_snapshot *s)
{
	unsigned long long type, value;
	size_t i;

	for (i = 0; i < s->nfields; i++)
		if (!strncmp(s->fields[i].name, "auxv[", 5) &&
		    sscanf(s->fields[i].value, "%llu %llx", &type, &value) == 2 &&
		    type == ELFLOAD_AT_RANDOM)
			return value;
	return 0;
}

/* Why the stack word of @ours at @addr (value @b) may differ, or NULL. */
static const char *stack_residual(const struct elfload_snapshot *ours,
				  uint64_t addr, uint64_t b, unsigned word)
{
	uint64_t rnd = at_random(ours);

	if (addr == ours->sp - word && b == ours->pc)
		return ret_cause;
	if (rnd && addr + word > rnd && addr < rnd + 16)
		return random_cause;
	return NULL;
}

static void compare_stacks(const struct elfload_snapshot *native,
			   const struct elfload_snapshot *ours,
			   struct diffs *ds)
{
	unsigned word = ours->word_size ? ours->word_size : 8;
	uint64_t lo = native->stack_start > ours->stack_start ?
			      native->stack_start : ours->stack_start;
	uint64_t hi_n = native->stack_start + native->stack_len;
	uint64_t hi_o = ours->stack_start + ours->stack_len;
	uint64_t hi = hi_n < hi_o ? hi_n : hi_o, addr, a, b;
	char field[48], va[40], vb[24];
	size_t more = 0, shown = 0;

	if (word > sizeof(uint64_t))
		return;
	for (addr = lo; addr + word <= hi; addr += word) {
		a = stack_word(native, addr, word);
		b = stack_word(ours, addr, word);
		if (a == b)
			continue;
		if (shown == MAX_STACK_DIFFS) {
			more++;
			continue;
		}
		shown++;
		snprintf(field, sizeof(field), "stack 0x%" PRIx64 " (sp%+" PRId64 ")",
			 addr, (int64_t)(addr - ours->sp));
		snprintf(va, sizeof(va), "0x%" PRIx64, a);
		snprintf(vb, sizeof(vb), "0x%" PRIx64, b);
		add_diff(ds, field, va, vb, stack_residual(ours, addr, b, word));
	}
	if (more) {
		snprintf(va, sizeof(va), "%zu more words", more);
		add_diff(ds, "stack", "", va, NULL);
	}
}

int elfload_snapshot_compare(const struct elfload_snapshot *native,
			     const struct elfload_snapshot *ours, bool demand,
			     struct elfload_snapshot_diff **out, size_t *n)
{
	struct diffs ds = { 0 };

	compare_fields(native, ours, demand, &ds);
	compare_stacks(native, ours, &ds);
	if (ds.err) {
		elfload_snapshot_diffs_free(ds.v, ds.n);
		*out = NULL;
		*n = 0;
		return ds.err;
	}
	*out = ds.v;
	*n = ds.n;
	return 0;
}

void elfload_snapshot_diffs_free(struct elfload_snapshot_diff *diffs,
				 size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(diffs[i].field);
		free(diffs[i].native);
		free(diffs[i].ours);
	}
	free(diffs);
}
