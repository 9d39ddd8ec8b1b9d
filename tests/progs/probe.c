// SPDX-License-Identifier: MIT
/*
 * The probe: prints everything a program can see of how it was started,
 * so that a run through elfload can be compared with a kernel exec line by
 * line.  Random values are printed by address or as "<random>" only.
 */
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#include <elfload/elf.h>

extern char **environ;

static void print_file(const char *title, const char *path, int nul_sep)
{
	FILE *f = fopen(path, "r");
	int c;

	printf("== %s\n", title);
	if (!f) {
		printf("(cannot open %s)\n", path);
		return;
	}
	while ((c = fgetc(f)) != EOF)
		putchar(nul_sep && c == '\0' ? '\n' : c);
	fclose(f);
}

/* The auxv as the kernel saved it; AT_RANDOM bytes are not printed. */
static void print_auxv(void)
{
	unsigned long pair[2];
	FILE *f = fopen("/proc/self/auxv", "r");

	printf("== auxv\n");
	while (f && fread(pair, sizeof(pair), 1, f) == 1 && pair[0]) {
		if (pair[0] == ELFLOAD_AT_EXECFN || pair[0] == ELFLOAD_AT_PLATFORM)
			printf("%lu %#lx \"%s\"\n", pair[0], pair[1],
			       (char *)pair[1]);
		else
			printf("%lu %#lx\n", pair[0], pair[1]);
	}
	if (f)
		fclose(f);
}

/* The auxv as found on the stack, after envp. */
static void print_stack_auxv(char **envp)
{
	unsigned long *a;

	while (*envp)
		envp++;
	printf("== stack auxv at %p\n", (void *)(envp + 1));
	for (a = (unsigned long *)(envp + 1); a[0]; a += 2)
		printf("%lu %#lx\n", a[0], a[1]);
}

static void print_signals(void)
{
	sigset_t mask;
	int sig;

	printf("== signals\n");
	sigprocmask(SIG_BLOCK, NULL, &mask);
	for (sig = 1; sig < 32; sig++) {
		struct sigaction sa;

		sigaction(sig, NULL, &sa);
		printf("%d %s%s\n", sig,
		       sa.sa_handler == SIG_IGN ? "ignored" :
		       sa.sa_handler == SIG_DFL ? "default" : "handled",
		       sigismember(&mask, sig) ? " blocked" : "");
	}
}

static void print_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	char path[300], target[300];

	printf("== fds\n");
	while (d && (e = readdir(d))) {
		ssize_t n;

		if (e->d_name[0] == '.' || atoi(e->d_name) == dirfd(d))
			continue;
		snprintf(path, sizeof(path), "/proc/self/fd/%s", e->d_name);
		n = readlink(path, target, sizeof(target) - 1);
		target[n < 0 ? 0 : n] = '\0';
		printf("%s -> %s\n", e->d_name, target);
	}
	if (d)
		closedir(d);
}

int main(int argc, char **argv, char **envp)
{
	char exe[PATH_MAX];
	ssize_t n;
	int i;

	printf("argc %d at argv %p envp %p\n", argc, (void *)argv,
	       (void *)envp);
	for (i = 0; i < argc; i++)
		printf("argv[%d] %p \"%s\"\n", i, (void *)argv[i], argv[i]);
	for (i = 0; envp[i]; i++)
		printf("envp[%d] %p \"%s\"\n", i, (void *)envp[i], envp[i]);
	print_stack_auxv(envp);
	print_auxv();
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n < 0 ? 0 : n] = '\0';
	printf("== exe\n%s\n", exe);
	printf("== personality %#x\n", personality(0xffffffff));
	print_file("comm", "/proc/self/comm", 0);
	print_file("cmdline", "/proc/self/cmdline", 1);
	print_file("environ", "/proc/self/environ", 1);
	print_signals();
	print_fds();
	print_file("maps", "/proc/self/maps", 0);
	print_file("stat", "/proc/self/stat", 0);
	fflush(stdout);
	return 3;
}
