/* A program for tests/run/gdb.bats: a breakpoint on gdb_target, reached
 * through two calls, and a shared library (libm) besides libc. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) int gdb_target(int n)
{
	volatile double x = n;

	return (int)sqrt(x * x) + 1;
}

__attribute__((noinline)) static int middle(int n)
{
	return gdb_target(n * 2) + 1;
}

int main(int argc, char **argv)
{
	int r = middle(argc);

	printf("%s: %d\n", argv[0], r);
	return r == 2 * argc + 2 ? 0 : 1;
}
