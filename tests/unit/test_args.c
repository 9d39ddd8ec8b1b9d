// SPDX-License-Identifier: MIT
/*
 * The kernel's limits on argument and environment size, judged by the
 * kernel itself: execve of /bin/true and elfload_program_open() of it,
 * each in a child with the same stack rlimit, must both succeed or both
 * fail with E2BIG, at the exact boundary the kernel draws.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <elfload/program.h>

#define PROG "/bin/true"

/* Run @fn in a child under the stack rlimit @rlim; its exit code. */
static int in_child(int (*fn)(char *const *, char *const *),
		    char *const *argv, char *const *envp, rlim_t rlim)
{
	struct rlimit rl = { rlim, rlim };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setrlimit(RLIMIT_STACK, &rl) < 0)
			_exit(100);
		_exit(fn(argv, envp));
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/* 0 when the kernel runs PROG (true exits 0), else execve's errno. */
static int kernel_exec(char *const *argv, char *const *envp)
{
	execve(PROG, argv, envp);
	return errno;
}

/* 0 when elfload would load PROG, else the errno it gives. */
static int elfload_open(char *const *argv, char *const *envp)
{
	struct elfload_program *prog;
	struct elfload_diag d;
	int ret = elfload_program_open(PROG, argv, envp, NULL, &prog, &d);

	elfload_program_close(prog);
	return -ret;
}

/* An environment of @n strings "V=aaa..." of @len bytes each (no NUL). */
static char **make_env(size_t n, size_t len)
{
	char **env = calloc(n + 1, sizeof(*env));
	size_t i;

	assert_non_null(env);
	for (i = 0; i < n; i++) {
		env[i] = malloc(len + 1);
		assert_non_null(env[i]);
		memset(env[i], 'a', len);
		memcpy(env[i], "V=", 2);
		env[i][len] = '\0';
	}
	return env;
}

static void free_env(char **env)
{
	size_t i;

	for (i = 0; env[i]; i++)
		free(env[i]);
	free(env);
}

/* The verdicts of the kernel and of elfload for one environment. */
static void verdicts(size_t n, size_t len, rlim_t rlim, int *kernel,
		     int *ours)
{
	char *argv[] = { "true", NULL };
	char **env = make_env(n, len);

	*kernel = in_child(kernel_exec, argv, env, rlim);
	*ours = in_child(elfload_open, argv, env, rlim);
	free_env(env);
}

/* Both agree on @n strings of @len; returns the kernel's verdict. */
static int agree(size_t n, size_t len, rlim_t rlim)
{
	int kernel, ours;

	verdicts(n, len, rlim, &kernel, &ours);
	if (kernel != ours)
		fail_msg("%zu strings of %zu bytes, stack rlimit %llu: "
			 "kernel %d, elfload %d", n, len,
			 (unsigned long long)rlim, kernel, ours);
	return kernel;
}

/*
 * The longest single string the kernel takes under @rlim, found by
 * bisection on the kernel alone; elfload must agree on both sides of it.
 */
static void boundary_of_one_string(rlim_t rlim)
{
	size_t lo = 1000, hi = 200000;	/* lo accepted, hi refused */

	assert_int_equal(agree(1, lo, rlim), 0);
	assert_int_equal(agree(1, hi, rlim), E2BIG);
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		int kernel, ours;

		verdicts(1, mid, rlim, &kernel, &ours);
		if (kernel == 0)
			lo = mid;
		else
			hi = mid;
	}
	assert_int_equal(agree(1, lo, rlim), 0);
	assert_int_equal(agree(1, hi, rlim), E2BIG);
}

/* The default 8 MiB rlimit: the per-string limit (32 pages) decides. */
static void test_one_string_default(void **state)
{
	(void)state;
	boundary_of_one_string(8 << 20);
}

/* A 512 KiB rlimit: the total limit (ARG_MAX, 128 KiB) decides. */
static void test_one_string_small_stack(void **state)
{
	(void)state;
	boundary_of_one_string(512 << 10);
}

/* Pointers count: many empty-ish strings under a small stack. */
static void test_many_strings(void **state)
{
	(void)state;
	assert_int_equal(agree(8000, 2, 512 << 10), 0);
	assert_int_equal(agree(20000, 2, 512 << 10), E2BIG);
}

/* An unlimited stack still caps the total at 3/4 of _STK_LIM. */
static void test_unlimited_stack(void **state)
{
	(void)state;
	assert_int_equal(agree(50, 100000, RLIM_INFINITY), 0);
	assert_int_equal(agree(70, 100000, RLIM_INFINITY), E2BIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_string_default),
		cmocka_unit_test(test_one_string_small_stack),
		cmocka_unit_test(test_many_strings),
		cmocka_unit_test(test_unlimited_stack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
