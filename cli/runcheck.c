// SPDX-License-Identifier: MIT
/*
 * elfload run --check: the program started natively and through elfload,
 * both stopped at its first instruction, compared; and run --gdb: the
 * program loaded and left stopped at its entry for a debugger.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "runcheck.h"

#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

static int launch_error(const char *name, const char *side,
			const struct elfload_diag *d)
{
	report(name, "%s: %s", side, d->msg);
	return d->err == -ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}

/* Print each difference; the number of those that are not residuals. */
static size_t print_diffs(const struct elfload_snapshot_diff *diffs, size_t n)
{
	size_t i, real = 0;

	for (i = 0; i < n; i++) {
		printf("%s: %s: native %s, elfload %s\n",
		       diffs[i].residual ? "residual" : "differs",
		       diffs[i].field, diffs[i].native, diffs[i].ours);
		if (diffs[i].residual)
			printf("  known: %s\n", diffs[i].residual);
		else
			real++;
	}
	return real;
}

static int compare(const char *name, const struct elfload_launch *native,
		   const struct elfload_launch *ours, bool demand)
{
	struct elfload_snapshot *a = NULL, *b = NULL;
	struct elfload_snapshot_diff *diffs = NULL;
	struct elfload_diag d;
	size_t n = 0, real;
	int ret;

	ret = elfload_snapshot_take(native->pid, &a, &d);
	if (!ret)
		ret = elfload_snapshot_take(ours->pid, &b, &d);
	if (!ret)
		ret = elfload_snapshot_compare(a, b, demand, &diffs, &n);
	if (ret) {
		report(name, "%s", d.err ? d.msg : strerror(-ret));
		ret = EXIT_SYSTEM;
		goto free_snapshots;
	}
	real = print_diffs(diffs, n);
	if (real)
		printf("different: %s: %zu difference%s, %zu known residual%s\n",
		       name, real, real == 1 ? "" : "s", n - real,
		       n - real == 1 ? "" : "s");
	else
		printf("identical: %s (%zu known residual%s)\n", name, n,
		       n == 1 ? "" : "s");
	ret = real ? EXIT_DIFFERENT : EXIT_OK;
	elfload_snapshot_diffs_free(diffs, n);
free_snapshots:
	elfload_snapshot_free(a);
	elfload_snapshot_free(b);
	return ret;
}

int run_check(const char *name, const char *path, char *const argv[],
	      char *const native_env[], struct elfload_program *prog,
	      char *const env[], const struct demand_opts *demand)
{
	struct elfload_demand_opts dopts;
	struct elfload_launch native, ours;
	struct elfload_diag d;
	int ret;

	if (demand)
		dopts = (struct elfload_demand_opts){
			.fault_around = demand->fault_around,
			.frames = demand->frames,
			.policy = (enum elfload_policy_kind)demand->policy,
		};
	if (elfload_launch_native(path, argv, native_env, 0, &native, &d) < 0) {
		elfload_program_close(prog);
		return launch_error(name, "natively", &d);
	}
	if (elfload_launch_demand(prog, elfload_program_argv(prog, argv), env,
				  demand ? &dopts : NULL, &ours, &d) < 0) {
		ret = launch_error(name, "through elfload", &d);
		goto kill_native;
	}
	fflush(stdout);
	ret = compare(name, &native, &ours, demand != NULL);
	elfload_launch_kill(&ours);
kill_native:
	elfload_launch_kill(&native);
	return ret;
}

int run_gdb(const char *name, struct elfload_program *prog,
	    char *const argv[], char *const env[])
{
	const char *name_in_prog = elfload_program_interp_name(prog);
	struct elfload_launch l;
	struct elfload_diag d;
	char interp[PATH_MAX];
	int status, ret;

	/* The launch consumes @prog: keep the interpreter's name. */
	snprintf(interp, sizeof(interp), "%s", name_in_prog ? name_in_prog : "");
	if (elfload_launch_program(prog, elfload_program_argv(prog, argv), env,
				   &l, &d) < 0)
		return launch_error(name, "through elfload", &d);
	ret = elfload_launch_detach(&l);
	if (ret) {
		report(name, "detaching: %s", strerror(-ret));
		elfload_launch_kill(&l);
		return EXIT_SYSTEM;
	}
	report(NULL, "%s is pid %d, loaded as a kernel exec would have and "
		     "stopped at the entry point 0x%llx of %s%s",
	       name, l.pid, (unsigned long long)l.entry,
	       interp[0] ? "its interpreter " : "the program", interp);
	report(NULL, "attach with: gdb -p %d -ex 'handle SIGSTOP nostop "
		     "noprint nopass'", l.pid);
	report(NULL, "(it waits in a SIGSTOP, which gdb would report once "
		     "more at the first continue); elfload waits for it and "
		     "exits as it does");
	ret = elfload_launch_wait(&l, &status);
	if (ret) {
		report(name, "waitpid: %s", strerror(-ret));
		return EXIT_SYSTEM;
	}
	exit_like(status);
}
