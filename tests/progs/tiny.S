/* SPDX-License-Identifier: MIT */
/*
 * The smallest honest program: no libc, no interpreter; writes a line
 * and exits with status 7.  Built with as + ld into an ET_EXEC.
 */
	.globl _start
	.text
_start:
	mov	$1, %eax		/* write(1, msg, len) */
	mov	$1, %edi
	lea	msg(%rip), %rsi
	mov	$len, %edx
	syscall
	mov	$60, %eax		/* exit(7) */
	mov	$7, %edi
	syscall

	.data
msg:	.ascii "tiny: no libc\n"
	.set len, . - msg
	.bss
	.lcomm	scratch, 20000
