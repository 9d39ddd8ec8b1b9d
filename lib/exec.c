// SPDX-License-Identifier: MIT
/*
 * The convenience interface of <elfload/exec.h>: open, plan and load a
 * program in one call, randomized as a kernel exec from this process
 * would be.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/random.h>
#include <unistd.h>

#include <elfload/exec.h>

#include "loader.h"

/* Would the kernel randomize now?  If so, its draws as seen in @now. */
static bool randomized(const struct loader_vmas *now,
		       struct elfload_observed *obs)
{
	uint64_t level = loader_read_number("/proc/sys/kernel/randomize_va_space", 2);
	int pers = personality(0xffffffff);

	memset(obs, 0, sizeof(*obs));
	if (level == 0 || (pers != -1 && (pers & ADDR_NO_RANDOMIZE)))
		return false;
	if (now)
		loader_observe(now, obs);
	return true;
}

/* One read of this process's maps serves both the draws and the layout. */
void elfload_exec_program_opts(struct elfload_program_opts *opts)
{
	struct loader_vmas *now = malloc(sizeof(*now));

	memset(opts, 0, sizeof(*opts));
	if (now && loader_read_self_maps(now, NULL) < 0) {
		free(now);
		now = NULL;
	}
	if (now)
		loader_remember_self_maps(now);
	opts->randomize = randomized(now, &opts->observed);
	opts->have_host = now && !loader_layout_from(&opts->host, now, NULL);
	free(now);
	opts->headers_only = true;
	if (getrandom(&opts->seed, sizeof(opts->seed), 0) < 0)
		opts->seed = (uint64_t)getpid();
}

static int exec_opened(struct elfload_program *prog, int ret,
		       char *const argv[], char *const envp[], unsigned flags)
{
	struct elfload_exec_opts opts = { .flags = flags };
	struct elfload_diag d;

	if (ret < 0)
		return ret;
	return elfload_exec_program(prog, elfload_program_argv(prog, argv),
				    envp, &opts, &d);
}

int elfload_exec(const char *path, char *const argv[], char *const envp[],
		 unsigned flags)
{
	struct elfload_program_opts popts;
	struct elfload_program *prog;
	struct elfload_diag d;
	int ret;

	elfload_exec_program_opts(&popts);
	ret = elfload_program_open(path, argv, envp, &popts, &prog, &d);
	return exec_opened(prog, ret, argv, envp, flags);
}

int elfload_exec_fd(int fd, char *const argv[], char *const envp[],
		    unsigned flags)
{
	struct elfload_program_opts popts;
	struct elfload_program *prog;
	struct elfload_diag d;
	char name[32];
	int ret;

	snprintf(name, sizeof(name), "/dev/fd/%d", fd);
	elfload_exec_program_opts(&popts);
	ret = elfload_program_open_fd(fd, name, argv, envp, &popts, &prog, &d);
	return exec_opened(prog, ret, argv, envp, flags);
}
