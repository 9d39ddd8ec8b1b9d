/* SPDX-License-Identifier: MIT */
/* The pure x86-64 hooks of struct elfload_arch. */
#ifndef ELFLOAD_ARCH_X86_64_H
#define ELFLOAD_ARCH_X86_64_H

#include <stdint.h>

/*
 * The offset of a "syscall; xor...; ret" sequence in the vDSO at @vdso
 * (@len bytes) that clears rcx, rdx, rsi, rdi and r11, or 0 when there is
 * none: stage 2 leaves through it (see native/jump.S).
 */
uint64_t x86_64_find_exit_gadget(const unsigned char *vdso, uint64_t len);

#endif
