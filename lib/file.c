// SPDX-License-Identifier: MIT
/*
 * Reading an ELF file from a path or descriptor into memory.
 *
 * The file is read with read(2), not mapped: a file that shrinks under us
 * must give an error, never a SIGBUS.  Non-regular files are refused
 * before any read, so a FIFO can never make us block.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

/* Read exactly @want bytes unless EOF comes first; returns bytes read. */
static ssize_t read_full(int fd, unsigned char *buf, size_t want)
{
	size_t got = 0;

	while (got < want) {
		ssize_t n = pread(fd, buf + got, want - got, (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int elfload_image_open_fd(int fd, const char *name, unsigned flags,
			  struct elfload_image **out, struct elfload_diag *d)
{
	struct stat st;
	unsigned char *buf;
	ssize_t got;
	size_t size;
	int ret;

	(void)flags;	/* the buffer is always ours */
	elfload_diag_clear(d);
	if (fstat(fd, &st) < 0)
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0, "%s",
					strerror(errno));
	if (S_ISDIR(st.st_mode))
		return elfload_diag_set(d, -EISDIR, NULL, -1, NULL, 0, 0,
					"is a directory");
	if (!S_ISREG(st.st_mode))
		return elfload_diag_set(d, -ENODEV, NULL, -1, NULL, 0, 0,
					"is %s, not a regular file",
					file_kind(st.st_mode));
	if ((uint64_t)st.st_size > SIZE_MAX - 1)
		return elfload_diag_set(d, -EFBIG, NULL, -1, NULL, 0, 0,
					"file too large");
	size = (size_t)st.st_size;
	if (size == 0)
		return elfload_diag_set(d, -ENOEXEC, NULL, -1, NULL, 0, 0,
					"empty file");
	buf = malloc(size);
	if (!buf)
		return elfload_diag_set(d, -ENOMEM, NULL, -1, NULL, size, 0,
					"out of memory reading %zu bytes", size);
	got = read_full(fd, buf, size);
	if (got < 0) {
		ret = elfload_diag_set(d, (int)got, NULL, -1, NULL, 0, 0,
				       "read: %s", strerror((int)-got));
		goto free_buf;
	}
	if ((size_t)got < size) {
		ret = elfload_diag_set(d, -EIO, NULL, -1, NULL, (uint64_t)got,
				       size,
				       "file shrank while being read (%zd of %zu bytes)",
				       got, size);
		goto free_buf;
	}
	ret = elfload_image_parse(buf, size, name, 0, out, d);
	if (ret < 0)
		goto free_buf;
	(*out)->owned = buf;
	return 0;

free_buf:
	free(buf);
	return ret;
}

int elfload_image_open(const char *path, unsigned flags,
		       struct elfload_image **out, struct elfload_diag *d)
{
	int fd, ret;

	elfload_diag_clear(d);
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0, "%s",
					strerror(errno));
	ret = elfload_image_open_fd(fd, path, flags, out, d);
	close(fd);
	return ret;
}
