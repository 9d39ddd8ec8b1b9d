/* SPDX-License-Identifier: MIT */
/*
 * Facts about the running system that the pure planner needs: the page
 * size, the stack limit, the vDSO's mappings, how a file is named in
 * /proc/PID/maps.  These functions make system calls; the planner never
 * does.
 */
#ifndef ELFLOAD_HOST_H
#define ELFLOAD_HOST_H

#include <stddef.h>
#include <stdint.h>

#include <elfload/diag.h>
#include <elfload/plan.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Fill @lay for an exec on this machine, without randomization (as under
 * personality(ADDR_NO_RANDOMIZE)).  lay->arch is the architecture this
 * host runs natively; elfload_program_open() then sets the one of the
 * file it plans (elfload_arch_for()).  stack_strings is left 0; set it
 * with elfload_stack_strings_size().
 */
int elfload_layout_host(struct elfload_layout *lay, struct elfload_diag *d);

/* The page size of this machine's kernel (the one a program loads with). */
uint64_t elfload_host_page_size(void);

/*
 * Identify the file open on @fd as /proc/PID/maps would name it; the
 * path is written to @pathbuf, which @id->path then points to.
 */
int elfload_file_id_fd(int fd, struct elfload_file_id *id, char *pathbuf,
		       size_t pathsize, struct elfload_diag *d);

/*
 * The outcome of the kernel's random draws at exec, read off a memory map
 * in /proc/PID/maps format (@maps, NUL-terminated): the end of [stack]
 * and the top of the mmap area (the highest end below the stack).  Sets
 * @obs->stack_top and @obs->mmap_base only.  0, or -ENOMEM.
 */
int elfload_observe_maps(const char *maps, struct elfload_observed *obs);

#ifdef __cplusplus
}
#endif

#endif
