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
	size_t len = strlen(exe_path);
	const char *line;

	elfload_observe_maps(maps, obs);
	/* The load bias: the first mapping of the executable. */
	for (line = maps; line && *line; line = strchr(line, '\n'),
	     line = line ? line + 1 : NULL) {
		unsigned long long s, e;
		const char *nl = strchr(line, '\n');
		const char *name = strchr(line, '/');

		if (sscanf(line, "%llx-%llx", &s, &e) == 2 && name &&
		    (!nl || name < nl) && !strncmp(name, exe_path, len) &&
		    (name[len] == '\n' || !name[len])) {
			obs->exe_bias = s - first_page;
			return;
		}
	}
}
