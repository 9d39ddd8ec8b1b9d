// SPDX-License-Identifier: MIT
/* What the loader reads about its own process before replacing it. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "loader.h"

int loader_read_self_maps(struct loader_vmas *out, struct elfload_diag *d)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[4352], name[4096];
	uint64_t start, end;

	if (!f)
		return elfload_diag_set(d, -errno, "/proc/self/maps", -1, NULL,
					0, 0, "%s", strerror(errno));
	out->n = 0;
	while (fgets(line, sizeof(line), f)) {
		struct loader_vma *v;

		name[0] = '\0';
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %*s %*s %*s %*s %4095s",
			   &start, &end, name) < 2)
			continue;
		if (out->n >= LOADER_MAX_VMAS) {
			fclose(f);
			return elfload_diag_set(d, -ENOMEM, "loader", -1, NULL,
						0, 0, "too many mappings");
		}
		v = &out->v[out->n++];
		v->start = start;
		v->end = end;
		snprintf(v->name, sizeof(v->name), "%.23s",
			 name[0] == '[' ? name : "");
		v->keep = false;
	}
	fclose(f);
	return 0;
}

int loader_read_self_auxv(struct elfload_auxv *out, size_t max, size_t *n,
			  struct elfload_diag *d)
{
	uint64_t pair[2];
	int fd = open("/proc/self/auxv", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return elfload_diag_set(d, -errno, "/proc/self/auxv", -1, NULL,
					0, 0, "%s", strerror(errno));
	*n = 0;
	while (read(fd, pair, sizeof(pair)) == (ssize_t)sizeof(pair) &&
	       pair[0] != ELFLOAD_AT_NULL && *n < max) {
		out[*n].type = pair[0];
		out[*n].value = pair[1];
		(*n)++;
	}
	close(fd);
	return 0;
}

/* Length of an "xor r32, r32" at @p clearing the same register, or 0. */
static int xor_self(const unsigned char *p, const unsigned char *end,
		    unsigned *reg)
{
	int rex = 0;

	if (p < end && (*p == 0x45 || *p == 0x44 || *p == 0x41)) {
		rex = *p == 0x45 ? 8 : -1;
		p++;
	}
	if (rex < 0 || end - p < 2 || (p[0] != 0x31 && p[0] != 0x33))
		return 0;
	if ((p[1] & 0xc0) != 0xc0 || ((p[1] >> 3) & 7) != (p[1] & 7))
		return 0;
	*reg = (unsigned)(p[1] & 7) + (unsigned)rex;
	return rex ? 3 : 2;
}

uint64_t loader_find_gadget(const unsigned char *vdso, uint64_t len)
{
	/* rcx = 1, rdx = 2, rsi = 6, rdi = 7, r11 = 11 (x86 numbering) */
	const unsigned need = 1u << 1 | 1u << 2 | 1u << 6 | 1u << 7 | 1u << 11;
	const unsigned char *end = vdso + len;
	uint64_t i;

	for (i = 0; i + 2 < len; i++) {
		const unsigned char *p = vdso + i + 2;
		unsigned cleared = 0, reg;
		int n;

		if (vdso[i] != 0x0f || vdso[i + 1] != 0x05)
			continue;
		while ((n = xor_self(p, end, &reg)) > 0) {
			cleared |= 1u << reg;
			p += n;
		}
		if (p < end && *p == 0xc3 && (cleared & need) == need)
			return i;
	}
	return 0;
}
