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

/* arch_elf_pt_proc(): x86 (64 or 32 bits) accepts every PT_LOPROC type. */
int x86_64_check_pt_proc(uint32_t p_type);

#endif
