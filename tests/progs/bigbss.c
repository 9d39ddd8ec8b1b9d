// SPDX-License-Identifier: MIT
/* A program whose .bss spans many pages and ends inside a page. */
#include <stdio.h>
#include <string.h>

static char big[(48 << 20) + 123];
char small_data[5000] = { 1 };

int main(void)
{
	size_t i, sum = 0;

	for (i = 0; i < sizeof(big); i += 4096)
		sum += big[i];
	memset(big, 7, 4096);
	printf("bss sum %zu, first %d, data %d\n", sum, big[0], small_data[0]);
	return 0;
}
