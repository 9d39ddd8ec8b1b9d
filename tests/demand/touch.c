// SPDX-License-Identifier: MIT
/*
 * touch: a program without libc whose page faults are known in advance,
 * for the --demand tests (tests/demand/check_touch.py predicts them from
 * the symbols).  In order it touches: the page of _start (.text), one
 * page in every 4 of data[] (.data), far_function() behind 64 KiB of
 * padding (.text), and a page of bss[] that read(2) fills (.bss, a fault
 * taken by the kernel), which it then writes to standard output.
 */
#define PAGE 4096
#define NPAGES 64

char data[NPAGES * PAGE] = { 1 };
char bss[16 * PAGE];

static long sys3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

__asm__(".section .text.pad,\"ax\",@progbits\n"
	".fill 65536, 1, 0xcc\n"
	".previous\n");

__attribute__((noinline, section(".text.far"))) int far_function(int x)
{
	return x * 3 + 1;
}

void _start(void)
{
	volatile int sum = 0;
	long n;
	int i;

	for (i = 0; i < NPAGES; i += 4)
		sum += data[i * PAGE];
	sum += far_function(sum);
	n = sys3(0 /* read */, 0, (long)(bss + 5 * PAGE), 64);
	if (n > 0)
		sys3(1 /* write */, 1, (long)(bss + 5 * PAGE), n);
	sys3(60 /* exit */, sum == 5 ? 0 : 1, 0, 0);
	for (;;)
		;
}
