// SPDX-License-Identifier: MIT
/* Files of /proc read whole.  See procfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <elfload/elf.h>

#include "loader.h"
#include "procfile.h"

char *procfile_read(pid_t pid, const char *name, size_t *len)
{
	char path[64], *buf = NULL, *grown;
	size_t room = 0;
	ssize_t n;
	int fd, saved;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	do {
		if (room - *len < 2) {
			room = room ? room * 2 : 4096;
			grown = realloc(buf, room);
			if (!grown) {
				n = -1;
				errno = ENOMEM;
				break;
			}
			buf = grown;
		}
		n = read(fd, buf + *len, room - *len - 1);
		if (n > 0)
			*len += (size_t)n;
	} while (n > 0 || (n < 0 && errno == EINTR));
	saved = errno;
	close(fd);
	if (n < 0) {
		free(buf);
		errno = saved;
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* The stack word of the process's program, by its e_machine. */
static unsigned exe_word_size(pid_t pid)
{
	const struct elfload_arch *arch;
	unsigned char head[20];
	char path[64];
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 8;
	n = pread(fd, head, sizeof(head), 0);
	close(fd);
	if (n != (ssize_t)sizeof(head))
		return 8;
	arch = loader_arch_runs((unsigned)head[19] << 8 | head[18]);
	return arch ? arch->word_size : 8;
}

/* A little-endian word of @size bytes at @p. */
static uint64_t get_word(const unsigned char *p, unsigned size)
{
	uint64_t v = 0;

	while (size--)
		v = v << 8 | p[size];
	return v;
}

char *procfile_auxv(pid_t pid, struct elfload_auxv *out, size_t max,
		    size_t *n)
{
	unsigned w = exe_word_size(pid);
	const unsigned char *b;
	char *bytes;
	size_t len, off;

	*n = 0;
	bytes = procfile_read(pid, "auxv", &len);
	b = (const unsigned char *)bytes;
	for (off = 0; bytes && off + 2 * w <= len && *n < max; off += 2 * w) {
		out[*n].type = get_word(b + off, w);
		out[*n].value = get_word(b + off + w, w);
		if (out[(*n)++].type == ELFLOAD_AT_NULL)
			break;
	}
	return bytes;
}
