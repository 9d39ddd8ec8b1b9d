/* SPDX-License-Identifier: MIT */
/*
 * Eight virtual pages, VP0-VP7, in the textbook's manner: the ELF
 * headers' page (VP0, read through __ehdr_start), .text (VP1), .rodata
 * (VP2), two pages of .data (VP3, VP4) and three of .bss (VP5-VP7).  No
 * libc, no interpreter: built with as + ld into an ET_EXEC, so that a
 * run --demand trace holds these eight pages and no others.  The code
 * touches them in a fixed order (reads of the read-only pages, writes of
 * the others), so that a run with four frames replaces pages.
 */
	.globl _start
	.text
_start:
	movb	__ehdr_start(%rip), %al		/* VP0 */
	addb	$1, d0(%rip)			/* VP3 */
	addb	$1, b0(%rip)			/* VP5 */
	movb	r0(%rip), %al			/* VP2 */
	addb	$1, d1(%rip)			/* VP4 */
	addb	$1, b1(%rip)			/* VP6 */
	addb	$1, b2(%rip)			/* VP7 */
	addb	$1, d0(%rip)			/* VP3 */
	addb	$1, b0(%rip)			/* VP5 */
	movb	__ehdr_start(%rip), %al		/* VP0 */
	movb	r0(%rip), %al			/* VP2 */
	addb	$1, d1(%rip)			/* VP4 */
	addb	$1, b1(%rip)			/* VP6 */
	addb	$1, b2(%rip)			/* VP7 */
	addb	$1, b0(%rip)			/* VP5 */
	addb	$1, d0(%rip)			/* VP3 */
	mov	$60, %eax			/* exit(0) */
	xor	%edi, %edi
	syscall

	.section .rodata
	.balign	4096
r0:	.fill	4096, 1, 3

	.data
	.balign	4096
d0:	.fill	4096, 1, 1
d1:	.fill	4096, 1, 2

	.bss
	.balign	4096
b0:	.skip	4096
b1:	.skip	4096
b2:	.skip	4096
