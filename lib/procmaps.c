// SPDX-License-Identifier: MIT
/*
 * Reading the /proc/PID/maps format: lines into struct loader_vma, and
 * the outcome of the kernel's random draws read off a map (the stack top
 * and the mmap base).  No system calls.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <elfload/host.h>

#include "internal.h"
#include "loader.h"

static const char *parse_hex(const char *p, const char *end, uint64_t *v)
{
	uint64_t x = 0;

	for (; p < end; p++) {
		unsigned c = (unsigned char)*p;

		if (c >= '0' && c <= '9')
			x = x << 4 | (c - '0');
		else if (c >= 'a' && c <= 'f')
			x = x << 4 | (c - 'a' + 10);
		else
			break;
	}
	*v = x;
	return p;
}

/* One line "start-end perms offset dev inode   name": fill @v. */
static void parse_maps_line(const char *p, const char *end,
			    struct loader_vma *v)
{
	const char *name;
	int field = 0;

	p = parse_hex(p, end, &v->start);
	p = parse_hex(p + 1, end, &v->end);
	v->prot = 0;
	if (end - p > 4) {
		v->prot |= p[1] == 'r' ? ELFLOAD_PROT_READ : 0;
		v->prot |= p[2] == 'w' ? ELFLOAD_PROT_WRITE : 0;
		v->prot |= p[3] == 'x' ? ELFLOAD_PROT_EXEC : 0;
	}
	/* The name starts after the fifth space-separated field. */
	for (name = p; name < end && field < 5; name++)
		if (*name == ' ' && name + 1 < end && name[1] != ' ')
			field++;
	while (name < end && *name == ' ')
		name++;
	v->name[0] = '\0';
	if (name < end && *name == '[') {
		size_t n = (size_t)(end - name);

		if (n > sizeof(v->name) - 1)
			n = sizeof(v->name) - 1;
		memcpy(v->name, name, n);
		v->name[n] = '\0';
	}
	v->keep = false;
}

/*
 * Parse the complete lines in @buf[0..@len), keep a partial last line at
 * the start of @buf; returns its length, or -1 when @out is full.
 */
ssize_t procmaps_parse_lines(char *buf, size_t len, struct loader_vmas *out)
{
	char *p = buf, *nl, *end = buf + len;

	while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
		if (out->n >= LOADER_MAX_VMAS)
			return -1;
		parse_maps_line(p, nl, &out->v[out->n++]);
		p = nl + 1;
	}
	memmove(buf, p, (size_t)(end - p));
	return end - p;
}

void loader_observe(const struct loader_vmas *now, struct elfload_observed *obs)
{
	uint64_t stack_start = UINT64_MAX;
	size_t i;

	obs->stack_top = 0;
	obs->mmap_base = 0;
	for (i = 0; i < now->n; i++)
		if (!strcmp(now->v[i].name, "[stack]")) {
			obs->stack_top = now->v[i].end;
			stack_start = now->v[i].start;
		}
	for (i = 0; i < now->n; i++)
		if (now->v[i].end <= stack_start &&
		    now->v[i].end > obs->mmap_base)
			obs->mmap_base = now->v[i].end;
}

int elfload_observe_maps(const char *maps, struct elfload_observed *obs)
{
	struct loader_vmas *now = malloc(sizeof(*now));
	const char *p, *nl;

	if (!now)
		return -ENOMEM;
	now->n = 0;
	for (p = maps; *p && now->n < LOADER_MAX_VMAS; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		parse_maps_line(p, nl, &now->v[now->n++]);
		if (!*nl)
			break;
	}
	loader_observe(now, obs);
	free(now);
	return 0;
}

