// SPDX-License-Identifier: MIT
/* A small C program for the suite: some data, some text, some output. */
#include <stdio.h>

int counter = 42;

int main(int argc, char **argv)
{
	printf("hello from %s with %d argument%s, counter %d\n", argv[0],
	       argc - 1, argc == 2 ? "" : "s", counter);
	return 0;
}
