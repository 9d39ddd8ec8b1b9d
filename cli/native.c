// SPDX-License-Identifier: MIT
/*
 * The oracle: let the kernel exec a program, stop it at its first
 * instruction with ptrace, and read what the kernel did.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static char *read_text_file(const char *path)
{
	FILE *f = fopen(path, "re");
	char *buf = NULL;
	size_t len = 0, got;

	if (!f)
		return NULL;
	for (;;) {
		char *nbuf = realloc(buf, len + 4097);

		if (!nbuf) {
			free(buf);
			buf = NULL;
			break;
		}
		buf = nbuf;
		got = fread(buf + len, 1, 4096, f);
		len += got;
		buf[len] = '\0';
		if (got == 0)
			break;
	}
	fclose(f);
	return buf;
}

static void exec_child(const char *path, char *const argv[],
		       char *const envp[], bool randomize)
{
	if (!randomize)
		personality(ADDR_NO_RANDOMIZE);
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		_exit(126);
	execve(path, argv, envp);
	_exit(errno == ENOENT ? 127 : 126);
}

/* Field 47 of /proc/PID/stat: start_brk. */
static uint64_t read_start_brk(pid_t pid)
{
	char path[64], *text, *p;
	uint64_t v = 0;
	int field = 2;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	text = read_text_file(path);
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

int native_maps(const char *path, char *const argv[], char *const envp[],
		bool randomize, struct native_result *res)
{
	char proc[64];
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		exec_child(path, argv, envp, randomize);
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (!WIFSTOPPED(status)) {
		/* The exec failed or the child died before its first instruction. */
		return WIFEXITED(status) ? -ENOEXEC : -EFAULT;
	}
	snprintf(proc, sizeof(proc), "/proc/%d/maps", (int)pid);
	res->maps = read_text_file(proc);
	res->start_brk = read_start_brk(pid);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return res->maps ? 0 : -EIO;
}

void infer_observed(const char *maps, const char *exe_path,
		    uint64_t first_page, struct elfload_observed *obs)
{
	const char *line = maps;
	uint64_t stack_start = UINT64_MAX;
	bool have_exe = false;

	/* First pass: the stack. */
	for (line = maps; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		unsigned long long s, e;

		if (sscanf(line, "%llx-%llx", &s, &e) == 2 &&
		    strstr(line, "[stack]") &&
		    strstr(line, "[stack]") < strchr(line, '\n')) {
			obs->stack_top = e;
			stack_start = s;
		}
	}
	obs->mmap_base = 0;
	for (line = maps; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		unsigned long long s, e;
		const char *nl = strchr(line, '\n');
		const char *name = strchr(line, '/');

		if (sscanf(line, "%llx-%llx", &s, &e) != 2)
			continue;
		if (e <= stack_start && e > obs->mmap_base)
			obs->mmap_base = e;
		if (!have_exe && name && (!nl || name < nl) &&
		    !strncmp(name, exe_path, strlen(exe_path)) &&
		    (name[strlen(exe_path)] == '\n' || !name[strlen(exe_path)])) {
			obs->exe_bias = s - first_page;
			have_exe = true;
		}
	}
}
