/* SPDX-License-Identifier: MIT */
/* Shared parts of `elfload maps`: JSON, --explain, and the diff. */
#ifndef ELFLOAD_CLI_MAPS_H
#define ELFLOAD_CLI_MAPS_H

#include <elfload/elfload.h>

/* The predicted /proc/PID/maps text (malloc'd), or NULL. */
char *predicted_maps_text(const struct elfload_program *prog);

/* Print a line diff: ' ' same, '-' only predicted, '+' only kernel. */
void print_line_diff(const char *predicted, const char *kernel);

int print_maps_explained(const struct elfload_program *prog);
int print_maps_json(const struct elfload_program *prog, bool explain);

/* Call @fn for each section of the program that lies inside @vma. */
void for_each_vma_section(const struct elfload_program *prog,
			  const struct elfload_vma *vma,
			  void (*fn)(const char *name, void *arg), void *arg);

#endif
