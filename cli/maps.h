/* SPDX-License-Identifier: MIT */
/* Shared parts of `elfload maps`: JSON, --explain, and the diff. */
#ifndef ELFLOAD_CLI_MAPS_H
#define ELFLOAD_CLI_MAPS_H

#include <elfload/elfload.h>

/* Call @fn with each line of the predicted /proc/PID/maps and its VMA. */
void for_each_maps_line(const struct elfload_program *prog,
			void (*fn)(const char *line, const struct elfload_vma *v,
				   void *arg),
			void *arg);

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
