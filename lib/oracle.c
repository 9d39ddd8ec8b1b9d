// SPDX-License-Identifier: MIT
/*
 * The kernel oracle: let the kernel exec a program, stop it at its first
 * instruction with ptrace, and read what the kernel did.  See oracle.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elfload/host.h>
#include <elfload/launch.h>
#include <elfload/oracle.h>

#include "procfile.h"
#include "program_int.h"

/* Field 47 of /proc/PID/stat: start_brk; 0 when unreadable. */
static uint64_t read_start_brk(pid_t pid)
{
	char *text, *p;
	uint64_t v = 0;
	int field = 2;
	size_t len;

	text = procfile_read(pid, "stat", &len);
	if (!text)
		return 0;
	/* Skip "pid (comm)": comm may hold spaces and parentheses. */
	p = strrchr(text, ')');
	while (p && *p && field < 47) {
		p = strchr(p + 1, ' ');
		field++;
	}
	if (p)
		v = strtoull(p + 1, NULL, 10);
	free(text);
	return v;
}

/* /proc/PID/auxv: (type, value) pairs up to AT_NULL. */
static void read_auxv(pid_t pid, struct elfload_oracle *o)
{
	size_t n;

	free(procfile_auxv(pid, o->auxv, ELFLOAD_ORACLE_MAX_AUXV, &n));
	o->nauxv = n && o->auxv[n - 1].type == ELFLOAD_AT_NULL ? n - 1 : n;
}

/* The [stack] line of /proc/PID/maps text @maps: its start and end. */
static bool find_stack_vma(const char *maps, uint64_t *start, uint64_t *end)
{
	const char *line = maps;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		unsigned long long s, e;

		if (len >= 7 && !memcmp(line + len - 7, "[stack]", 7) &&
		    sscanf(line, "%llx-%llx", &s, &e) == 2) {
			*start = s;
			*end = e;
			return true;
		}
		line = nl ? nl + 1 : NULL;
	}
	return false;
}

/*
 * The stack pointer of stopped @pid: the next-to-last field of
 * /proc/PID/syscall ("NR ARGS... SP PC", or "-1 SP PC" outside a system
 * call), which every architecture prints the same way, so that no
 * register layout (PTRACE_GETREGS) is needed; kstkesp of
 * /proc/PID/stat reads 0 for a live process.
 */
static uint64_t read_sp(pid_t pid)
{
	char *text, *last, *sp;
	uint64_t v = 0;
	size_t len;

	text = procfile_read(pid, "syscall", &len);
	if (!text)
		return 0;
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	last = strrchr(text, ' ');
	if (last) {
		*last = '\0';
		sp = strrchr(text, ' ');
		v = strtoull(sp ? sp + 1 : text, NULL, 0);
	}
	free(text);
	return v;
}

/* The [stack] VMA's bytes through /proc/PID/mem, and the stack pointer. */
static int read_stack(pid_t pid, struct elfload_oracle *o,
		      struct elfload_diag *d)
{
	char path[64];
	size_t len, got = 0;
	ssize_t r = 1;
	int fd;

	if (!find_stack_vma(o->maps, &o->stack_start, &o->stack_end))
		return elfload_diag_set(d, -EIO, "oracle", -1, NULL, 0, 0,
					"no [stack] in the kernel's map");
	len = (size_t)(o->stack_end - o->stack_start);
	o->stack = malloc(len ? len : 1);
	if (!o->stack)
		return elfload_diag_set(d, -ENOMEM, "oracle", -1, NULL, 0, 0,
					"out of memory");
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	while (fd >= 0 && got < len && r > 0) {
		r = pread(fd, o->stack + got, len - got,
			  (off_t)(o->stack_start + got));
		if (r > 0)
			got += (size_t)r;
	}
	if (fd >= 0)
		close(fd);
	o->sp = read_sp(pid);
	if (got < len || o->sp < o->stack_start || o->sp >= o->stack_end)
		return elfload_diag_set(d, -EIO, "oracle", -1, NULL, 0, 0,
					"cannot read the stack of %s", path);
	return 0;
}

/* Read what the kernel made of stopped process @pid into @o. */
static int read_stopped(pid_t pid, struct elfload_oracle *o, unsigned flags,
			struct elfload_diag *d)
{
	size_t len;

	o->maps = procfile_read(pid, "maps", &len);
	if (!o->maps)
		return elfload_diag_set(d, -EIO, "oracle", -1, NULL, 0, 0,
					"cannot read /proc/%d/maps", (int)pid);
	read_auxv(pid, o);
	o->start_brk = read_start_brk(pid);
	return flags & ELFLOAD_ORACLE_STACK ? read_stack(pid, o, d) : 0;
}

int elfload_oracle_run(const char *path, char *const argv[],
		       char *const envp[], unsigned flags,
		       struct elfload_oracle **out, struct elfload_diag *d)
{
	struct elfload_oracle *o = calloc(1, sizeof(*o));
	struct elfload_launch l;
	int ret;

	*out = NULL;
	elfload_diag_clear(d);
	if (!o)
		return elfload_diag_set(d, -ENOMEM, "oracle", -1, NULL, 0, 0,
					"out of memory");
	ret = elfload_launch_native(path, argv, envp,
				    flags & ELFLOAD_ORACLE_RANDOMIZE ? 0 :
				    ELFLOAD_LAUNCH_NO_RANDOMIZE, &l, d);
	if (ret)
		goto free_oracle;
	ret = read_stopped(l.pid, o, flags, d);
	elfload_launch_kill(&l);
	if (ret)
		goto free_oracle;
	*out = o;
	return 0;

free_oracle:
	elfload_oracle_free(o);
	return ret;
}

void elfload_oracle_draws(const struct elfload_oracle *o,
			  const struct elfload_program *prog,
			  struct elfload_observed *obs)
{
	size_t i;

	memset(obs, 0, sizeof(*obs));
	elfload_observe_maps(o->maps, obs);
	obs->start_brk = o->start_brk;
	/* AT_ENTRY is e_entry moved by the executable's load bias. */
	for (i = 0; i < o->nauxv; i++)
		if (o->auxv[i].type == ELFLOAD_AT_ENTRY)
			obs->exe_bias = o->auxv[i].value - prog->exe->ehdr.entry;
}

/* The value of auxv entry @type in @o, or 0. */
static uint64_t oracle_auxv(const struct elfload_oracle *o, uint64_t type)
{
	size_t i;

	for (i = 0; i < o->nauxv; i++)
		if (o->auxv[i].type == type)
			return o->auxv[i].value;
	return 0;
}

/* The offset of [@addr, @addr + @len) in @o's stack, or -1. */
static int64_t stack_offset(const struct elfload_oracle *o, uint64_t addr,
			    uint64_t len)
{
	if (!o->stack || addr < o->stack_start || addr > o->stack_end ||
	    len > o->stack_end - addr)
		return -1;
	return (int64_t)(addr - o->stack_start);
}

int elfload_oracle_stack_draws(const struct elfload_oracle *o,
			       const struct elfload_initial_stack *predicted,
			       struct elfload_stack_draws *draws)
{
	uint64_t random = oracle_auxv(o, ELFLOAD_AT_RANDOM);
	uint64_t platform = oracle_auxv(o, ELFLOAD_AT_PLATFORM);
	uint64_t align = predicted->arch->stack_align;
	uint64_t strings = predicted->img.arg_start, below;
	int64_t off = stack_offset(o, random, 16);
	const char *p;

	memset(draws, 0, sizeof(*draws));
	if (off < 0)
		return -ENOENT;
	memcpy(draws->random, o->stack + off, 16);
	/* The jitter lies between the strings and what is pushed below. */
	below = random + 16;
	off = stack_offset(o, platform, 1);
	if (platform && off >= 0) {
		p = (const char *)o->stack + off;
		below = platform + strnlen(p, o->stack_end - platform) + 1;
	}
	if (below <= strings && (strings & ~(align - 1)) != below)
		draws->jitter = strings - below;
	return 0;
}

void elfload_oracle_free(struct elfload_oracle *o)
{
	if (!o)
		return;
	free(o->stack);
	free(o->maps);
	free(o);
}
