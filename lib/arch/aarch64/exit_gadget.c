// SPDX-License-Identifier: MIT
/*
 * Stage 2's way out on arm64.  The vDSO's system-call fallbacks
 * (clock_gettime, gettimeofday, clock_getres) end with "svc #0; ret":
 * entered with x8 = __NR_munmap, x0/x1 = stage 2's pages and x30 = the
 * program's entry, the kernel unmaps stage 2 and "ret" branches to the
 * entry.  Pure: reads the bytes it is given.
 */
#include "aarch64.h"

#define A64_SVC0 0xd4000001u	/* svc #0 */
#define A64_RET 0xd65f03c0u	/* ret (x30) */

/* The little-endian instruction word at @p. */
static uint32_t insn_at(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint64_t aarch64_find_exit_gadget(const unsigned char *vdso, uint64_t len)
{
	uint64_t off;

	/* Offset 0 is the ELF header, never code: 0 can mean "none". */
	for (off = 4; len >= 8 && off <= len - 8; off += 4)
		if (insn_at(vdso + off) == A64_SVC0 &&
		    insn_at(vdso + off + 4) == A64_RET)
			return off;
	return 0;
}
