/* SPDX-License-Identifier: MIT */
/*
 * Everything a program could observe about its own process at its first
 * instruction, read from a ptrace-stopped process (see launch.h), and
 * the comparison of two such snapshots: the proof that a start through
 * elfload is the start a kernel exec gives.
 *
 * Example:
 *
 *	struct elfload_snapshot *a, *b;
 *	struct elfload_snapshot_diff *diffs;
 *	size_t n, i;
 *
 *	elfload_snapshot_take(native.pid, &a, &d);
 *	elfload_snapshot_take(ours.pid, &b, &d);
 *	elfload_snapshot_compare(a, b, &diffs, &n);
 *	for (i = 0; i < n; i++)
 *		printf("%s: %s vs %s\n", diffs[i].field, diffs[i].native,
 *		       diffs[i].ours);
 */
#ifndef ELFLOAD_SNAPSHOT_H
#define ELFLOAD_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <elfload/diag.h>

#ifdef __cplusplus
extern "C" {
#endif

/* One observable value: a register, a line of maps, a status field... */
struct elfload_snapshot_field {
	char *name;		/* "reg rip", "maps 7ffff7fc1000", "fd 0" */
	char *value;		/* printable */
	bool is_num;		/* value is also @num */
	uint64_t num;
	/* Bits of @num that may differ for a documented reason, and why. */
	uint64_t residual_mask;
	const char *residual;
};

struct elfload_snapshot {
	uint64_t pc, sp;	/* at the first instruction */
	unsigned word_size;	/* a stack slot */
	size_t nfields;
	struct elfload_snapshot_field *fields;	/* in the order read */
	/* The whole [stack] VMA. */
	uint64_t stack_start;
	size_t stack_len;
	unsigned char *stack;
};

/*
 * Read the snapshot of process @pid, which the caller traces and which
 * is stopped: its registers (general, flags, segments, FS/GS base, the
 * x87 and SSE control words), /proc/PID/maps line by line, the bytes of
 * its [stack] VMA, auxv, cmdline, environ, exe, comm, personality,
 * limits, the layout fields of stat, the signal, capability, seccomp and
 * speculation fields of status (with the signal dispositions SigIgn and
 * SigCgt and the mask SigBlk), and each open descriptor's target, flags
 * and position.  Returns 0 with *@out (free with elfload_snapshot_free())
 * or -errno.
 */
int elfload_snapshot_take(int pid, struct elfload_snapshot **out,
			  struct elfload_diag *d);

/* An empty snapshot, for a caller that builds one itself (tests). */
struct elfload_snapshot *elfload_snapshot_new(void);

/* Add a field (copied); 0 or -ENOMEM. */
int elfload_snapshot_add(struct elfload_snapshot *s, const char *name,
			 const char *value);
int elfload_snapshot_add_num(struct elfload_snapshot *s, const char *name,
			     uint64_t num, uint64_t residual_mask,
			     const char *residual);

void elfload_snapshot_free(struct elfload_snapshot *s);

/* One difference between the native and the elfload snapshot. */
struct elfload_snapshot_diff {
	char *field;
	char *native;		/* "(none)" when only the other has it */
	char *ours;
	/* Why, when it is one of the documented residual differences. */
	const char *residual;
};

/*
 * The differences between @native and @ours (pure): fields by name, in
 * @native's order then those only @ours has, and the stack word by word
 * over the addresses both hold.  Known residuals carry their cause: a
 * numeric field differing only in its residual mask (the flags after
 * the vDSO's exit sequence; PF_SUPERPRIV), the stack slot just below
 * @ours's stack pointer holding its entry address, and
 * exe/cmdline/environ/auxv when @ours lacks the capabilities
 * PR_SET_MM_MAP needs.  With @demand (@ours under run --demand's pager)
 * also its maps, when they cover the same pages with the same
 * permissions (the segments are anonymous there), and the fork watch's
 * NoNewPrivs and Seccomp fields.  Returns 0 with *@out (free with
 * elfload_snapshot_diffs_free()) and *@n, or -ENOMEM.
 */
int elfload_snapshot_compare(const struct elfload_snapshot *native,
			     const struct elfload_snapshot *ours, bool demand,
			     struct elfload_snapshot_diff **out, size_t *n);

void elfload_snapshot_diffs_free(struct elfload_snapshot_diff *diffs,
				 size_t n);

#ifdef __cplusplus
}
#endif

#endif
