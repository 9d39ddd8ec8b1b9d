// SPDX-License-Identifier: MIT
/*
 * libcheck: what libelfload decides about a program before loading it.
 * Opens, checks and plans PROG with elfload_program_open() exactly as
 * `elfload run` does (without address space randomization, as the tests
 * run the kernel), and prints one line: "ok", or "errno NAME: message"
 * with the errno class the library returned.
 *
 * Usage: libcheck PROG [ARGS...]
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>

#include <elfload/elfload.h>

extern char **environ;

int main(int argc, char **argv)
{
	struct elfload_program_opts popts;
	struct elfload_program *prog;
	struct elfload_diag d;
	const char *name;
	int ret;

	if (argc < 2) {
		fprintf(stderr, "usage: libcheck PROG [ARGS...]\n");
		return 2;
	}
	personality(ADDR_NO_RANDOMIZE);
	elfload_exec_program_opts(&popts);
	ret = elfload_program_open(argv[1], argv + 1, environ, &popts, &prog,
				   &d);
	if (ret < 0) {
		name = strerrorname_np(-ret);
		printf("errno %s: %s\n", name ? name : "unknown", d.msg);
	} else {
		printf("ok\n");
		elfload_program_close(prog);
	}
	return 0;
}
