// SPDX-License-Identifier: MIT
/*
 * What the loader reads about its own process before replacing it: its
 * maps, its auxiliary vector, a sysctl number.
 */
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
		kept = procmaps_parse_lines(buf, (size_t)(kept + n), out);
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

/*
 * The maps elfload_exec_program_opts() read, for the elfload_exec_program()
 * that normally follows in the same process: one read of /proc/self/maps
 * per launch.  Only the ranges that outlive the old process (the stack,
 * the vDSO block) and free room for the blob are taken from it; those do
 * not move in between, and a mapping made since is caught when the
 * blob's MAP_FIXED_NOREPLACE fails (load.c then reads the maps afresh).
 * A fork makes it stale: it belongs to the process that read it.
 */
static struct {
	pid_t pid;
	size_t n;
	struct loader_vma *v;
} remembered;

void loader_remember_self_maps(const struct loader_vmas *now)
{
	struct loader_vma *v = realloc(remembered.v, now->n * sizeof(*v) + 1);

	remembered.pid = 0;
	if (!v)
		return;
	memcpy(v, now->v, now->n * sizeof(*v));
	remembered.v = v;
	remembered.n = now->n;
	remembered.pid = getpid();
}

bool loader_recall_self_maps(struct loader_vmas *out)
{
	bool mine = remembered.pid && remembered.pid == getpid();

	remembered.pid = 0;
	if (!mine)
		return false;
	memcpy(out->v, remembered.v, remembered.n * sizeof(out->v[0]));
	out->n = remembered.n;
	return true;
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
