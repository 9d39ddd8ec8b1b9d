// SPDX-License-Identifier: MIT
/*
 * bench/launch: what a launch costs natively and through elfload, and
 * where the time goes.
 *
 *	launch [-n N] [-e ELFLOAD] [-f FLOOR] [-s STAMP] PROG [ARGS...]
 *
 * Runs N rounds, each with one launch of every kind, interleaved (the
 * order rotates) so that the machine's drift hits all alike, and times
 * each from fork to the end of waitpid:
 *
 *	native   fork + execve(PROG)
 *	library  fork + elfload_exec(PROG)   (the embedded loader)
 *	command  fork + execve(elfload run PROG)  (if -e is given)
 *	floor    fork + execve(FLOOR)  (if -f is given)
 *
 * FLOOR should be a static program that does nothing, built as elfload
 * is (same C library, same link): its launch is what the command pays
 * before elfload's first line of code runs, a lower bound no loader
 * work can go below.
 *
 * With -s, STAMP is bench/stamp (no libc: at its first instruction it
 * writes the time to descriptor STAMP_FD and exits).  It is launched
 * natively, through the library (which also stamps the end of each of
 * its steps into the same pipe) and through the command, and the
 * breakdown of one launch is printed from the medians: what each step
 * of elfload costs, and the program's own start-up (native PROG minus
 * native STAMP up to its first instruction).
 * Prints the median of each and its ratio to the native median.
 */
#include <elfload/elfload.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "stamp.h"

extern char **environ;

enum {
	NATIVE, LIBRARY, COMMAND, FLOOR,
	/* with -s: the stamp program, up to its first instruction */
	S_NATIVE, S_LIBRARY, S_COMMAND, KINDS
};

/* The library's steps, stamped by the child (S_LIBRARY). */
enum {
	T_CHILD, T_OPTS, T_OPEN, T_JOB, T_GIVEUP,
	T_ENTRY = STAMP_STEP_ENTRY, STEPS
};

static const char *elfload, *floor_prog, *stamp_prog;
static int stamp_pipe[2] = { -1, -1 };
static int steps_logged;

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* A step of the child, into the pipe: the step's number and its time. */
static void stamp(int step)
{
	struct timespec ts;
	int64_t rec[3];

	clock_gettime(CLOCK_MONOTONIC, &ts);
	rec[0] = step;
	rec[1] = ts.tv_sec;
	rec[2] = ts.tv_nsec;
	if (write(STAMP_FD, rec, sizeof(rec)) != sizeof(rec))
		_exit(126);
}

/*
 * The loader's log lines mark its steps: the first follows the stage-2
 * job (blob, job, stack image), the last comes just before the point of
 * no return.
 */
static void step_log(void *ctx, const char *line)
{
	(void)ctx;
	if (!steps_logged++)
		stamp(T_JOB);
	if (!strncmp(line, "giving up", 9))
		stamp(T_GIVEUP);
}

/* elfload_exec() step by step, stamping the end of each. */
static void library_stamped(char **prog)
{
	struct elfload_exec_opts eopts = { .log = step_log };
	struct elfload_program_opts popts;
	struct elfload_program *p;
	struct elfload_diag d;

	elfload_exec_program_opts(&popts);
	stamp(T_OPTS);
	if (elfload_program_open(prog[0], prog, environ, &popts, &p, &d))
		_exit(126);
	stamp(T_OPEN);
	elfload_exec_program(p, elfload_program_argv(p, prog), environ, &eopts,
			     &d);
}

static void run_command(char **prog)
{
	char **argv;
	int n = 0;

	while (prog[n])
		n++;
	argv = calloc((size_t)n + 3, sizeof(*argv));
	if (!argv)
		_exit(127);
	argv[0] = (char *)elfload;
	argv[1] = "run";
	memcpy(argv + 2, prog, (size_t)n * sizeof(*argv));
	execve(elfload, argv, environ);
}

static void child(int kind, char **prog)
{
	char *floor_argv[] = { (char *)floor_prog, NULL };
	char *stamp_argv[] = { (char *)stamp_prog, NULL };

	if (kind >= S_NATIVE)
		prog = stamp_argv;
	if (kind == FLOOR)
		execve(floor_prog, floor_argv, environ);
	if (kind == NATIVE || kind == S_NATIVE)
		execve(prog[0], prog, environ);
	if (kind == LIBRARY)
		elfload_exec(prog[0], prog, environ, 0);
	if (kind == S_LIBRARY)
		library_stamped(prog);
	if (kind == COMMAND || kind == S_COMMAND)
		run_command(prog);
	_exit(127);
}

/* Read the child's stamps: @at[step] in microseconds from @t0. */
static int read_stamps(double t0, double *at)
{
	int64_t rec[3];
	int got = 0;

	while (read(stamp_pipe[0], rec, sizeof(rec)) == sizeof(rec)) {
		if (rec[0] < 0 || rec[0] >= STEPS)
			return -1;
		at[rec[0]] = rec[1] * 1e6 + rec[2] / 1e3 - t0;
		got |= 1 << rec[0];
	}
	return got;
}

/* One launch; returns microseconds, or a negative number on failure. */
static double launch(int kind, char **prog, double *at)
{
	double t0 = now_us();
	int status, got;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		if (stamp_pipe[1] >= 0)
			dup2(stamp_pipe[1], STAMP_FD);
		if (kind == S_LIBRARY)
			stamp(T_CHILD);
		child(kind, prog);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) >= 126)
		return -1;
	if (kind < S_NATIVE)
		return now_us() - t0;
	got = read_stamps(t0, at);
	if (got < 0 || !(got & 1 << T_ENTRY) ||
	    (kind == S_LIBRARY && got != (1 << STEPS) - 1))
		return -1;
	/* The stamp program's kinds count up to its first instruction. */
	return at[T_ENTRY];
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The median time of the pure planner on PROG (the plan it made). */
static double plan_median(char **prog, int n)
{
	struct elfload_program_opts popts;
	struct elfload_program *p;
	struct elfload_diag d;
	double *t = calloc((size_t)n, sizeof(*t)), m;
	int i;

	elfload_exec_program_opts(&popts);
	if (!t || elfload_program_open(prog[0], prog, environ, &popts, &p, &d))
		return -1;
	for (i = 0; i < n; i++) {
		double t0 = now_us();

		elfload_program_replan(p, &popts.observed, &d);
		t[i] = now_us() - t0;
	}
	elfload_program_close(p);
	m = median(t, n);
	free(t);
	return m;
}

static void breakdown(double *med, double step[STEPS], double plan)
{
	double own = med[S_COMMAND] - med[S_LIBRARY];

	printf("breakdown of one launch (medians, us; stamps from bench/stamp):\n");
	printf("  %-54s %8.1f\n", "fork + kernel execve of a static program",
	       med[S_NATIVE]);
	printf("  %-54s %8.1f\n", "command: elfload's exec, libc start-up, options",
	       own);
	printf("  %-54s %8.1f\n", "library: fork, to the child's first line",
	       step[T_CHILD]);
	printf("  %-54s %8.1f\n", "library: own process (maps, sysctl, seed)",
	       step[T_OPTS] - step[T_CHILD]);
	printf("  %-54s %8.1f\n", "library: reading the files (headers, ids, probes)",
	       step[T_OPEN] - step[T_OPTS] - plan);
	printf("  %-54s %8.1f\n", "library: planning (pure)", plan);
	printf("  %-54s %8.1f\n", "library: stage-2 blob, job, stack image",
	       step[T_JOB] - step[T_OPEN]);
	printf("  %-54s %8.1f\n", "library: mprotect, opening /proc/self/fd",
	       step[T_GIVEUP] - step[T_JOB]);
	printf("  %-54s %8.1f\n", "library: give up old process, stage 2, jump",
	       step[T_ENTRY] - step[T_GIVEUP]);
	printf("  %-54s %8.1f\n", "program's own start-up and exit (native PROG - stamp)",
	       med[NATIVE] - med[S_NATIVE]);
	printf("  %-54s %8.1f\n", "  fork to stamp's entry: library", med[S_LIBRARY]);
	printf("  %-54s %8.1f\n", "  fork to stamp's entry: command", med[S_COMMAND]);
}

int main(int argc, char **argv)
{
	static const char *const names[KINDS] = {
		"native execve", "elfload_exec (library)", "elfload run (command)",
		"floor (static no-op)", "stamp native", "stamp library",
		"stamp command"
	};
	double *t[KINDS], *st[STEPS], med[KINDS], step[STEPS], at[STEPS];
	int n = 1000, opt, i, k, j, nkinds = 0, kinds[KINDS];

	while ((opt = getopt(argc, argv, "+n:e:f:s:")) != -1) {
		if (opt == 'n')
			n = atoi(optarg);
		else if (opt == 'e')
			elfload = optarg;
		else if (opt == 'f')
			floor_prog = optarg;
		else if (opt == 's')
			stamp_prog = optarg;
		else
			return 2;
	}
	if (optind >= argc || n < 1 || (stamp_prog && !elfload)) {
		fprintf(stderr, "usage: launch [-n N] [-e ELFLOAD [-f FLOOR] "
			"[-s STAMP]] PROG [ARGS...]\n");
		return 2;
	}
	for (k = 0; k < KINDS; k++) {
		if ((k == COMMAND && !elfload) || (k == FLOOR && !floor_prog) ||
		    (k >= S_NATIVE && !stamp_prog))
			continue;
		kinds[nkinds++] = k;
		t[k] = calloc((size_t)n, sizeof(double));
	}
	for (j = 0; j < STEPS; j++)
		st[j] = calloc((size_t)n, sizeof(double));
	if (stamp_prog && pipe2(stamp_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return 1;
	for (i = 0; i < n; i++)
		for (k = 0; k < nkinds; k++) {
			int kind = kinds[(i + k) % nkinds];	/* rotate */

			steps_logged = 0;
			t[kind][i] = launch(kind, argv + optind, at);
			if (t[kind][i] < 0) {
				fprintf(stderr, "launch: %s of %s failed\n",
					names[kind], argv[optind]);
				return 1;
			}
			for (j = 0; kind == S_LIBRARY && j < STEPS; j++)
				st[j][i] = at[j];
		}
	printf("%s: %d launches each, interleaved\n", argv[optind], n);
	for (k = 0; k < nkinds; k++) {
		int kind = kinds[k];

		med[kind] = median(t[kind], n);
		if (kind < S_NATIVE)
			printf("  %-24s median %8.1f us   ratio %.3f\n",
			       names[kind], med[kind], med[kind] / med[NATIVE]);
	}
	if (stamp_prog) {
		for (j = 0; j < STEPS; j++)
			step[j] = median(st[j], n);
		breakdown(med, step, plan_median(argv + optind, n));
	}
	return 0;
}
