/* SPDX-License-Identifier: MIT */
/* run --check and run --gdb, presented (see runcheck.c). */
#ifndef ELFLOAD_CLI_RUNCHECK_H
#define ELFLOAD_CLI_RUNCHECK_H

#include <elfload/elfload.h>

#include "demand.h"

/*
 * run --check: start @path with @argv natively (environment
 * @native_env) and @prog (consumed; planned with @env) through elfload,
 * compare both at their first instruction and print the differences;
 * with @demand (run --demand's options), the elfload side runs under
 * its pager.
 * Returns the exit status: 0 identical apart from known residuals, 4
 * otherwise, 126/127 when a side could not start.
 */
int run_check(const char *name, const char *path, char *const argv[],
	      char *const native_env[], struct elfload_program *prog,
	      char *const env[], const struct demand_opts *demand);

/*
 * run --gdb: load @prog (consumed) stopped at its entry, tell how to
 * attach, and exit as the program does.
 */
int run_gdb(const char *name, struct elfload_program *prog,
	    char *const argv[], char *const env[]);

#endif
