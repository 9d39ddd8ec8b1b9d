// SPDX-License-Identifier: MIT
/* A small line diff (longest common subsequence) for maps --check. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "maps.h"

/* Split @text into lines (in place in a copy); returns the count. */
static size_t split_lines(char *text, char ***out)
{
	size_t n = 0, cap = 0;
	char **lines = NULL, *p = text, *nl;

	while (*p) {
		if (n == cap) {
			char **nlines = realloc(lines, (cap = cap * 2 + 64) *
							       sizeof(*lines));
			if (!nlines)
				break;
			lines = nlines;
		}
		lines[n++] = p;
		nl = strchr(p, '\n');
		if (!nl)
			break;
		*nl = '\0';
		p = nl + 1;
	}
	*out = lines;
	return n;
}

static void diff_lines(char **a, size_t na, char **b, size_t nb)
{
	size_t *lcs = calloc((na + 1) * (nb + 1), sizeof(*lcs));
	size_t i, j;

	if (!lcs)
		return;
#define L(i, j) lcs[(i) * (nb + 1) + (j)]
	for (i = na; i-- > 0;)
		for (j = nb; j-- > 0;)
			L(i, j) = !strcmp(a[i], b[j]) ? L(i + 1, j + 1) + 1 :
				  L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) :
							      L(i, j + 1);
	for (i = 0, j = 0; i < na || j < nb;) {
		if (i < na && j < nb && !strcmp(a[i], b[j])) {
			printf(" %s\n", a[i++]);
			j++;
		} else if (j < nb && (i == na || L(i, j + 1) >= L(i + 1, j))) {
			printf("+%s\n", b[j++]);
		} else {
			printf("-%s\n", a[i++]);
		}
	}
#undef L
	free(lcs);
}

void print_line_diff(const char *predicted, const char *kernel)
{
	char *a = strdup(predicted), *b = strdup(kernel);
	char **la = NULL, **lb = NULL;
	size_t na, nb;

	if (!a || !b)
		goto free_copies;
	na = split_lines(a, &la);
	nb = split_lines(b, &lb);
	printf("--- predicted by elfload\n+++ the kernel's /proc/PID/maps\n");
	diff_lines(la, na, lb, nb);
	free(la);
	free(lb);
free_copies:
	free(a);
	free(b);
}
