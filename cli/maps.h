/* SPDX-License-Identifier: MIT */
/* The parts of `elfload maps` in other files: --explain, --json, the diff. */
#ifndef ELFLOAD_CLI_MAPS_H
#define ELFLOAD_CLI_MAPS_H

#include <elfload/elfload.h>

/* Print a line diff: ' ' same, '-' only predicted, '+' only kernel. */
void print_line_diff(const char *predicted, const char *kernel);

int print_maps_explained(const struct elfload_program *prog);
int print_maps_json(const struct elfload_program *prog, bool explain);

/*
 * The address-space picture of @prog's plan (cli/maps_svg.c): an .svg
 * file with @standalone, else an <svg> element for the HTML report.
 * Returns EXIT_OK or the exit code after the message.
 */
int write_maps_svg(FILE *f, const struct elfload_program *prog,
		   bool standalone);

#endif
