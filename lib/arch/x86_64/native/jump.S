/* SPDX-License-Identifier: MIT */
/*
 * Control transfers of the x86-64 loader.  Both routines live in the
 * stage-2 section, which is copied away from the loader before its old
 * address space is unmapped, so they must be position-independent.
 */
	.section elfload_stage2, "ax", @progbits

/*
 * void stage2_enter(void *arg, void *stack, void (*fn)(void *))
 * Switch to a fresh stack and call fn(arg).
 */
	.globl	stage2_enter
	.hidden	stage2_enter
	.type	stage2_enter, @function
stage2_enter:
	mov	%rsi, %rsp
	and	$-16, %rsp
	xor	%ebp, %ebp
	call	*%rdx
	ud2
	.size	stage2_enter, . - stage2_enter

/*
 * void stage2_leave(entry, sp, gadget, unmap, len)
 *                           rdi    rsi gadget=rdx rcx  r8
 * The program must start as after execve: %rsp at argc, every other
 * general register zero.  The gadget in the vDSO runs munmap(unmap, len)
 * on the pages this code lives in, clears the registers the system call
 * used, and returns into the entry point pushed below the stack.
 */
	.globl	stage2_leave
	.hidden	stage2_leave
	.type	stage2_leave, @function
stage2_leave:
	test	%rdx, %rdx
	jz	1f
	lea	-8(%rsi), %rsp
	mov	%rdi, (%rsp)
	mov	%rdx, %r11		/* the gadget clears r11 itself */
	mov	%rcx, %rdi
	mov	%r8, %rsi
	mov	$11, %eax		/* __NR_munmap */
	jmp	2f
1:	/* No gadget: the stage-2 pages stay mapped. */
	mov	%rsi, %rsp
	mov	%rdi, %r11
	xor	%eax, %eax
	xor	%esi, %esi
	xor	%edi, %edi
2:	/* Every register but rax, rsi, rdi, r11 and rsp reads zero. */
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	jmp	*%r11
	.size	stage2_leave, . - stage2_leave

/*
 * void stage2_leave_compat(gadget, frame, unmap, len)
 *                              rdi     rsi    rdx   rcx
 * An iretq to 32-bit mode at the compat vDSO's "int $0x80; pop %ebp;
 * pop %edx; pop %ecx; ret" with munmap(unmap, len) in eax, ebx, ecx:
 * the system call unmaps these pages (unmap is 0 when they are the
 * lowest of the process, which leaves ebx 0 as after execve), the
 * pops clear ebp, edx and ecx from the frame and ret enters the program
 * with %esp at argc.  r8-r15, which 32-bit code cannot reach, are
 * cleared here; DS and ES get the user data segment, without which
 * 32-bit code cannot read memory; FS and GS stay 0.
 */
	.globl	stage2_leave_compat
	.hidden	stage2_leave_compat
	.type	stage2_leave_compat, @function
stage2_leave_compat:
	mov	$0x2b, %eax		/* __USER32_DS */
	mov	%eax, %ds
	mov	%eax, %es
	pushq	$0x2b			/* ss */
	pushq	%rsi			/* esp: the frame */
	pushq	$0x202			/* eflags: IF */
	pushq	$0x23			/* cs: __USER32_CS */
	pushq	%rdi			/* eip: the gadget */
	mov	%rdx, %rbx
	mov	$91, %eax		/* __NR_ia32_munmap */
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	iretq
	.size	stage2_leave_compat, . - stage2_leave_compat

/*
 * long stage2_clone(flags, stack, fn, arg)
 *                       rdi    rsi    rdx rcx
 * The new thread starts on @stack with fn and arg popped off it.
 */
	.globl	stage2_clone
	.hidden	stage2_clone
	.type	stage2_clone, @function
stage2_clone:
	and	$-16, %rsi
	sub	$16, %rsi
	mov	%rdx, (%rsi)
	mov	%rcx, 8(%rsi)
	xor	%edx, %edx		/* parent_tid */
	xor	%r10d, %r10d		/* child_tid */
	xor	%r8d, %r8d		/* tls */
	mov	$56, %eax		/* __NR_clone */
	syscall
	test	%rax, %rax
	jnz	1f
	pop	%rax			/* the new thread */
	pop	%rdi
	xor	%ebp, %ebp
	call	*%rax
	ud2
1:	ret
	.size	stage2_clone, . - stage2_clone

	.section .note.GNU-stack, "", @progbits
