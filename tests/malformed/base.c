// SPDX-License-Identifier: MIT
/*
 * The valid program every malformed file of tests/malformed starts from:
 * it touches its .data and .bss, prints one line and exits with 42, so
 * that "ran normally" is easy to tell from anything else.
 */
#include <stdio.h>

static int data_word = 7;
static char bss_block[1 << 16];

int main(int argc, char **argv)
{
	(void)argv;
	bss_block[argc] = 1;
	printf("base ok: argc %d, data %d, bss %d\n", argc, data_word,
	       bss_block[argc]);
	return 42;
}
