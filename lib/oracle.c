// SPDX-License-Identifier: MIT
/*
 * The kernel oracle: let the kernel exec a program, stop it at its first
 * instruction with ptrace, and read what the kernel did.  See oracle.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <elfload/host.h>
#include <elfload/oracle.h>

#include "program_int.h"

/* The whole of a /proc file, NUL-terminated and malloc'd; *@len bytes. */
static char *read_proc_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t cap = 0;
	char *buf = NULL, *nbuf;
	ssize_t got = 1;

	*len = 0;
	if (fd < 0)
		return NULL;
	while (got > 0) {
		if (*len + 1 >= cap) {
			nbuf = realloc(buf, cap = cap * 2 + 1024);
			if (!nbuf)
				break;
			buf = nbuf;
		}
		got = read(fd, buf + *len, cap - *len - 1);
		if (got > 0)
			*len += (size_t)got;
	}
	close(fd);
	if (got != 0) {
		free(buf);
		return NULL;
	}
	buf[*len] = '\0';
	return buf;
}

/* The child: stop at the first instruction of @path for the parent. */
static void exec_traced(const char *path, char *const argv[],
			char *const envp[], unsigned flags)
{
	if (!(flags & ELFLOAD_ORACLE_RANDOMIZE))
		personality(ADDR_NO_RANDOMIZE);
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(126);
	execve(path, argv, envp);
	_exit(errno == ENOENT ? 127 : 126);
}

/* Field 47 of /proc/PID/stat: start_brk; 0 when unreadable. */
static uint64_t read_start_brk(pid_t pid)
{
	char path[64], *text, *p;
	uint64_t v = 0;
	int field = 2;
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	text = read_proc_file(path, &len);
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

/* /proc/PID/auxv: (type, value) pairs of native words up to AT_NULL. */
static void read_auxv(pid_t pid, struct elfload_oracle *o)
{
	char path[64], *bytes;
	uint64_t pair[2];
	size_t len, off;

	snprintf(path, sizeof(path), "/proc/%d/auxv", (int)pid);
	bytes = read_proc_file(path, &len);
	for (off = 0; bytes && off + sizeof(pair) <= len &&
		      o->nauxv < ELFLOAD_ORACLE_MAX_AUXV; off += sizeof(pair)) {
		memcpy(pair, bytes + off, sizeof(pair));
		if (pair[0] == ELFLOAD_AT_NULL)
			break;
		o->auxv[o->nauxv].type = pair[0];
		o->auxv[o->nauxv++].value = pair[1];
	}
	free(bytes);
}

/* Read what the kernel made of stopped process @pid into @o. */
static int read_stopped(pid_t pid, struct elfload_oracle *o,
			struct elfload_diag *d)
{
	char path[64];
	size_t len;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	o->maps = read_proc_file(path, &len);
	if (!o->maps)
		return elfload_diag_set(d, -EIO, "oracle", -1, NULL, 0, 0,
					"cannot read %s", path);
	read_auxv(pid, o);
	o->start_brk = read_start_brk(pid);
	return 0;
}

int elfload_oracle_run(const char *path, char *const argv[],
		       char *const envp[], unsigned flags,
		       struct elfload_oracle **out, struct elfload_diag *d)
{
	struct elfload_oracle *o = calloc(1, sizeof(*o));
	int status, ret;
	pid_t pid;

	*out = NULL;
	elfload_diag_clear(d);
	if (!o)
		return elfload_diag_set(d, -ENOMEM, "oracle", -1, NULL, 0, 0,
					"out of memory");
	fflush(NULL);	/* the child must not write our buffers twice */
	pid = fork();
	if (pid < 0) {
		ret = elfload_diag_set(d, -errno, "oracle", -1, NULL, 0, 0,
				       "fork: %s", strerror(errno));
		goto free_oracle;
	}
	if (pid == 0)
		exec_traced(path, argv, envp, flags);
	if (waitpid(pid, &status, 0) < 0) {
		ret = elfload_diag_set(d, -errno, "oracle", -1, NULL, 0, 0,
				       "waitpid: %s", strerror(errno));
		goto free_oracle;
	}
	if (!WIFSTOPPED(status)) {
		/* The exec failed or the child died before its first instruction. */
		ret = elfload_diag_set(d, WIFEXITED(status) ? -ENOEXEC : -EFAULT,
				       "oracle", -1, NULL, 0, 0, "%s did not "
				       "start", path);
		goto free_oracle;
	}
	ret = read_stopped(pid, o, d);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
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

void elfload_oracle_free(struct elfload_oracle *o)
{
	if (!o)
		return;
	free(o->maps);
	free(o);
}
