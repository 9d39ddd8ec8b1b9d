// SPDX-License-Identifier: MIT
/* What the loader reads about its own process before replacing it. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "loader.h"

/* A stack buffer for /proc/self/maps: many lines per read. */
#define MAPS_READ_BUF (8u << 10)

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
		v->prot |= p[1] == 'r' ? 1 : 0;
		v->prot |= p[2] == 'w' ? 2 : 0;
		v->prot |= p[3] == 'x' ? 4 : 0;
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
static ssize_t parse_maps_lines(char *buf, size_t len, struct loader_vmas *out)
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

/*
 * Reads through a small buffer on the stack: a large heap buffer costs
 * a mapping and fresh page faults, which dominate in a just-forked child.
 */
int loader_read_self_maps(struct loader_vmas *out, struct elfload_diag *d)
{
	char buf[MAPS_READ_BUF];
	ssize_t n, kept = 0;
	int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return elfload_diag_set(d, -errno, "/proc/self/maps", -1, NULL,
					0, 0, "%s", strerror(errno));
	out->n = 0;
	/* A maps line is at most a header and PATH_MAX: always fits. */
	while ((n = read(fd, buf + kept, sizeof(buf) - (size_t)kept)) > 0) {
		kept = parse_maps_lines(buf, (size_t)(kept + n), out);
		if (kept < 0 || (size_t)kept == sizeof(buf))
			break;
	}
	close(fd);
	if (n < 0)
		return elfload_diag_set(d, -errno, "/proc/self/maps", -1, NULL,
					0, 0, "%s", strerror(errno));
	if (n > 0)
		return elfload_diag_set(d, -ENOMEM, "loader", -1, NULL, 0, 0,
					"too many mappings");
	return 0;
}

int loader_read_self_auxv(struct elfload_auxv *out, size_t max, size_t *n,
			  struct elfload_diag *d)
{
	uint64_t pairs[2 * 64];
	int fd = open("/proc/self/auxv", O_RDONLY | O_CLOEXEC), err = 0;
	ssize_t got = 0, r = 0;
	size_t i;

	if (fd < 0)
		return elfload_diag_set(d, -errno, "/proc/self/auxv", -1, NULL,
					0, 0, "%s", strerror(errno));
	/* One read normally returns it all; loop for short reads. */
	while ((size_t)got < sizeof(pairs) &&
	       (r = read(fd, (char *)pairs + got, sizeof(pairs) - (size_t)got)) > 0)
		got += r;
	if (r < 0)
		err = errno;
	close(fd);
	/* Without it the program would start with a truncated auxv. */
	if (err)
		return elfload_diag_set(d, -err, "/proc/self/auxv", -1, NULL,
					0, 0, "%s", strerror(err));
	*n = 0;
	for (i = 0; 2 * i + 1 < (size_t)got / sizeof(uint64_t) &&
		    pairs[2 * i] != ELFLOAD_AT_NULL && *n < max; i++) {
		out[*n].type = pairs[2 * i];
		out[*n].value = pairs[2 * i + 1];
		(*n)++;
	}
	return 0;
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

uint64_t loader_read_number(const char *path, uint64_t dflt)
{
	char buf[32];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return dflt;
	buf[n] = '\0';
	return strtoull(buf, NULL, 10);
}
