/* SPDX-License-Identifier: MIT */
/* The pure arm64 hooks of struct elfload_arch. */
#ifndef ELFLOAD_ARCH_AARCH64_H
#define ELFLOAD_ARCH_AARCH64_H

#include <stdint.h>

/*
 * The offset of an "svc #0; ret" pair in the vDSO at @vdso (@len bytes),
 * or 0 when there is none: stage 2 leaves through it (native/jump.S).
 */
uint64_t aarch64_find_exit_gadget(const unsigned char *vdso, uint64_t len);

#endif
