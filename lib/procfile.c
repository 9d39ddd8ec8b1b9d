// SPDX-License-Identifier: MIT
/* Files of /proc read whole.  See procfile.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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
