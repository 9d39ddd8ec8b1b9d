/* SPDX-License-Identifier: MIT */
/*
 * Control transfers of the arm64 loader.  They live in the stage-2
 * section, which is copied away from the loader before its old address
 * space is unmapped: position-independent, and the section starts on a
 * 4 KiB boundary so that the copy (made at the start of a page) keeps
 * every adrp page offset.
 */
	.section elfload_stage2, "ax", %progbits
	.p2align 12

/*
 * void stage2_enter(void *arg, void *stack, void (*fn)(void *))
 *                         x0           x1               x2
 * Switch to a fresh stack and call fn(arg).
 */
	.globl	stage2_enter
	.hidden	stage2_enter
	.type	stage2_enter, %function
stage2_enter:
	and	x1, x1, #-16
	mov	sp, x1
	mov	x29, #0
	mov	x30, #0
	blr	x2
	brk	#0
	.size	stage2_enter, . - stage2_enter

/*
 * Zero every general register but x0, x1, x8, x16 and x30 (kept by the
 * caller's choice), every SIMD/FP register, FPSR, FPCR and the NZCV
 * flags: start_thread() leaves them so, and fpsimd_flush_thread() the
 * FP state.
 */
	.macro	clear_all_but_exit
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	mov	x5, #0
	mov	x6, #0
	mov	x7, #0
	mov	x9, #0
	mov	x10, #0
	mov	x11, #0
	mov	x12, #0
	mov	x13, #0
	mov	x14, #0
	mov	x15, #0
	mov	x17, #0
	mov	x18, #0
	mov	x19, #0
	mov	x20, #0
	mov	x21, #0
	mov	x22, #0
	mov	x23, #0
	mov	x24, #0
	mov	x25, #0
	mov	x26, #0
	mov	x27, #0
	mov	x28, #0
	mov	x29, #0
	movi	v0.2d, #0
	movi	v1.2d, #0
	movi	v2.2d, #0
	movi	v3.2d, #0
	movi	v4.2d, #0
	movi	v5.2d, #0
	movi	v6.2d, #0
	movi	v7.2d, #0
	movi	v8.2d, #0
	movi	v9.2d, #0
	movi	v10.2d, #0
	movi	v11.2d, #0
	movi	v12.2d, #0
	movi	v13.2d, #0
	movi	v14.2d, #0
	movi	v15.2d, #0
	movi	v16.2d, #0
	movi	v17.2d, #0
	movi	v18.2d, #0
	movi	v19.2d, #0
	movi	v20.2d, #0
	movi	v21.2d, #0
	movi	v22.2d, #0
	movi	v23.2d, #0
	movi	v24.2d, #0
	movi	v25.2d, #0
	movi	v26.2d, #0
	movi	v27.2d, #0
	movi	v28.2d, #0
	movi	v29.2d, #0
	movi	v30.2d, #0
	movi	v31.2d, #0
	msr	fpsr, xzr
	msr	fpcr, xzr
	msr	nzcv, xzr
	.endm

/*
 * void stage2_leave(entry, sp, gadget, unmap, len)
 *                      x0   x1     x2     x3   x4
 * The program must start as after execve: sp at argc, the other
 * registers zero.  The gadget in the vDSO runs munmap(unmap, len) on the
 * pages this code lives in and returns (x30) into the entry point.
 * What remains: x0 = 0 (munmap's result), x1 = len, x8 = __NR_munmap,
 * x16 = the gadget, x30 = the entry.  Without a gadget only x16 (the
 * entry) is not zero, and the stage-2 pages stay mapped.
 */
	.globl	stage2_leave
	.hidden	stage2_leave
	.type	stage2_leave, %function
stage2_leave:
	mov	sp, x1
	cbz	x2, 1f
	mov	x30, x0
	mov	x16, x2
	mov	x0, x3
	mov	x1, x4
	mov	x8, #215		/* __NR_munmap */
	clear_all_but_exit
	br	x16
1:	/* No gadget: the stage-2 pages stay mapped. */
	mov	x16, x0
	mov	x0, #0
	mov	x1, #0
	mov	x8, #0
	mov	x30, #0
	clear_all_but_exit
	br	x16
	.size	stage2_leave, . - stage2_leave

/*
 * long stage2_clone(flags, stack, fn, arg)
 *                      x0     x1  x2   x3
 * clone(flags, stack, ptid, tls, ctid): the new thread starts on @stack
 * with this thread's registers, so fn and arg travel in x10 and x11.
 */
	.globl	stage2_clone
	.hidden	stage2_clone
	.type	stage2_clone, %function
stage2_clone:
	and	x1, x1, #-16
	mov	x10, x2
	mov	x11, x3
	mov	x2, #0			/* parent_tid */
	mov	x3, #0			/* tls */
	mov	x4, #0			/* child_tid */
	mov	x8, #220		/* __NR_clone */
	svc	#0
	cbnz	x0, 1f
	mov	x0, x11			/* the new thread */
	mov	x29, #0
	mov	x30, #0
	blr	x10
	brk	#0
1:	ret
	.size	stage2_clone, . - stage2_clone

	.section .note.GNU-stack, "", %progbits
