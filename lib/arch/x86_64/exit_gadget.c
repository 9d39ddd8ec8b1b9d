// SPDX-License-Identifier: MIT
/*
 * Stage 2's exit path on x86-64: a "syscall; xor...; ret" sequence in the
 * vDSO.  Stage 2 jumps to it with munmap's arguments set up, the kernel
 * unmaps stage 2's own pages, and the xors clear what the syscall left in
 * the registers before returning into the program's entry.  Pure: the
 * bytes are decoded, never run, so this is compiled on every host.
 */
#include "x86_64.h"

/* Length of an "xor r32, r32" at @p clearing the same register, or 0. */
static int xor_self(const unsigned char *p, const unsigned char *end,
		    unsigned *reg)
{
	int rex = 0;

	if (p < end && (*p == 0x45 || *p == 0x44 || *p == 0x41)) {
		rex = *p == 0x45 ? 8 : -1;
		p++;
	}
	if (rex < 0 || end - p < 2 || (p[0] != 0x31 && p[0] != 0x33))
		return 0;
	if ((p[1] & 0xc0) != 0xc0 || ((p[1] >> 3) & 7) != (p[1] & 7))
		return 0;
	*reg = (unsigned)(p[1] & 7) + (unsigned)rex;
	return rex ? 3 : 2;
}

uint64_t x86_64_find_exit_gadget(const unsigned char *vdso, uint64_t len)
{
	/* rcx = 1, rdx = 2, rsi = 6, rdi = 7, r11 = 11 (x86 numbering) */
	const unsigned need = 1u << 1 | 1u << 2 | 1u << 6 | 1u << 7 | 1u << 11;
	const unsigned char *end = vdso + len;
	uint64_t i;

	for (i = 0; i + 2 < len; i++) {
		const unsigned char *p = vdso + i + 2;
		unsigned cleared = 0, reg;
		int n;

		if (vdso[i] != 0x0f || vdso[i + 1] != 0x05)
			continue;
		while ((n = xor_self(p, end, &reg)) > 0) {
			cleared |= 1u << reg;
			p += n;
		}
		if (p < end && *p == 0xc3 && (cleared & need) == need)
			return i;
	}
	return 0;
}
