/*
 * A libc-free program whose every memory access is known, for the
 * elfload refs tests: with T the page of _start and Bk the page of
 * buf + k * 4096, valgrind's lackey sees, in order,
 *
 *	T T B0 T B3 T B5 B6 T B3 T B7 T T T
 *
 * (an instruction fetch per instruction, a store to B0, a store to B3,
 * an 8-byte store straddling B5 and B6, a load from B3, a modify of B7,
 * then exit).  Built static, both non-PIE and static-PIE.
 */
	.text
	.globl _start
_start:
	lea buf(%rip), %rax
	movb $1, (%rax)
	movb $1, 3*4096(%rax)
	movq $1, 6*4096-4(%rax)
	movb 3*4096(%rax), %cl
	addb $1, 7*4096(%rax)
	mov $60, %eax
	xor %edi, %edi
	syscall
_end_of_code:

	.bss
	.balign 4096
buf:	.zero 8*4096

	.section .note.GNU-stack, "", @progbits
