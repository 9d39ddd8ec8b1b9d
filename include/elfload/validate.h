/* SPDX-License-Identifier: MIT */
/*
 * Validation levels.
 *
 * Inspectable: the image can be shown the way readelf shows it; oddities
 * are warnings in the image (struct elfload_image.warnings).
 *
 * Loadable: the checks the Linux kernel's load_elf_binary() makes before
 * it commits to an exec, in the kernel's order and with its errno class
 * (-ENOEXEC for a bad executable, -EIO for a short read, -ELIBBAD for a
 * bad interpreter), followed by the checks the kernel only makes after
 * its point of no return (where it kills the process with SIGSEGV).
 * elfload makes those before its own point of no return and reports them
 * as -EINVAL, so that such a file is refused cleanly.
 */
#ifndef ELFLOAD_VALIDATE_H
#define ELFLOAD_VALIDATE_H

#include <elfload/arch.h>
#include <elfload/diag.h>
#include <elfload/image.h>

#ifdef __cplusplus
extern "C" {
#endif

/* 0 when both header tables are readable (or absent), else the first error. */
int elfload_check_inspectable(const struct elfload_image *img,
			      struct elfload_diag *d);

/*
 * The kernel's checks on an executable before its point of no return,
 * including the PT_INTERP path (length, termination), but not opening it.
 */
int elfload_check_exec(const struct elfload_image *img,
		       const struct elfload_arch *arch, struct elfload_diag *d);

/* The kernel's checks on the interpreter named by PT_INTERP (-ELIBBAD). */
int elfload_check_interp(const struct elfload_image *interp,
			 const struct elfload_arch *arch,
			 struct elfload_diag *d);

/*
 * Checks of the loadable segments that the kernel makes only after its
 * point of no return (-EINVAL), for a page size of @pagesz.  @is_interp
 * selects the interpreter's rules (load_elf_interp).
 */
int elfload_check_segments(const struct elfload_image *img,
			   const struct elfload_arch *arch, uint64_t pagesz,
			   bool is_interp, struct elfload_diag *d);

/* elfload_check_exec() then elfload_check_segments(). */
int elfload_check_loadable(const struct elfload_image *img,
			   const struct elfload_arch *arch, uint64_t pagesz,
			   struct elfload_diag *d);

#ifdef __cplusplus
}
#endif

#endif
