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

int native_maps(const char *path, char *const argv[], char *const envp[],
		bool randomize, char **out)
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
	*out = read_text_file(proc);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return *out ? 0 : -EIO;
}
