// SPDX-License-Identifier: MIT
/*
 * bench/launch: what a launch costs natively and through elfload.
 *
 *	launch [-n N] [-e ELFLOAD] PROG [ARGS...]
 *
 * Runs N rounds, each with three launches of PROG, interleaved so that
 * the machine's drift hits all three alike, and times each from fork to
 * the end of waitpid:
 *
 *	native   fork + execve(PROG)
 *	library  fork + elfload_exec(PROG)   (the embedded loader)
 *	command  fork + execve(elfload run PROG)  (if -e is given)
 *	floor    fork + execve(FLOOR)  (if -f is given)
 *
 * FLOOR should be a static program that does nothing, built with the
 * same libc as elfload: its launch is what the command pays before
 * elfload's first line of code runs, a lower bound no loader work can
 * go below.
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

extern char **environ;

enum { NATIVE, LIBRARY, COMMAND, FLOOR, KINDS };

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static const char *elfload, *floor_prog;

static void child(int kind, char **prog)
{
	char *floor_argv[] = { (char *)floor_prog, NULL };
	char **argv;
	int n = 0;

	if (kind == FLOOR)
		execve(floor_prog, floor_argv, environ);
	if (kind == NATIVE)
		execve(prog[0], prog, environ);
	if (kind == LIBRARY)
		elfload_exec(prog[0], prog, environ, 0);
	while (prog[n])
		n++;
	argv = calloc((size_t)n + 3, sizeof(*argv));
	argv[0] = (char *)elfload;
	argv[1] = "run";
	memcpy(argv + 2, prog, (size_t)n * sizeof(*argv));
	execve(elfload, argv, environ);
	_exit(127);
}

/* One launch; returns microseconds, or a negative number on failure. */
static double launch(int kind, char **prog)
{
	double t0 = now_us();
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		child(kind, prog);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) == 127)
		return -1;
	return now_us() - t0;
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

int main(int argc, char **argv)
{
	static const char *const names[KINDS] = {
		"native execve", "elfload_exec (library)", "elfload run (command)",
		"floor (static no-op)"
	};
	double *t[KINDS], med[KINDS];
	int n = 1000, opt, i, k, kinds;

	while ((opt = getopt(argc, argv, "+n:e:f:")) != -1) {
		if (opt == 'n')
			n = atoi(optarg);
		else if (opt == 'e')
			elfload = optarg;
		else if (opt == 'f')
			floor_prog = optarg;
		else
			return 2;
	}
	if (optind >= argc || n < 1) {
		fprintf(stderr, "usage: launch [-n N] [-e ELFLOAD [-f FLOOR]] PROG [ARGS...]\n");
		return 2;
	}
	kinds = !elfload ? COMMAND : floor_prog ? KINDS : FLOOR;
	for (k = 0; k < kinds; k++)
		t[k] = calloc((size_t)n, sizeof(double));
	for (i = 0; i < n; i++)
		for (k = 0; k < kinds; k++) {
			int kind = (i + k) % kinds;	/* rotate the order */

			t[kind][i] = launch(kind, argv + optind);
			if (t[kind][i] < 0) {
				fprintf(stderr, "launch: %s of %s failed\n",
					names[kind], argv[optind]);
				return 1;
			}
		}
	printf("%s: %d launches each, interleaved\n", argv[optind], n);
	for (k = 0; k < kinds; k++) {
		med[k] = median(t[k], n);
		printf("  %-24s median %8.1f us   ratio %.3f\n", names[k], med[k],
		       med[k] / med[NATIVE]);
	}
	return 0;
}
