// SPDX-License-Identifier: MIT
/*
 * demandprog MODE: what real programs do to demand-paged segments, with
 * output that does not depend on how pages arrive.
 *
 *	threads  four threads read disjoint, untouched parts of table[]
 *	fork     a child reads pages of table[] its parent never touched
 *	readbss  read(2) from standard input straight into untouched .bss
 *	kwrite   write(2) from a read-only page the program never touched:
 *	         only the kernel reads it
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define NPAGES 256
#define M(i) [(i) * PAGE + 17] = (unsigned char)((i) * 7 + 3)
#define M4(i) M(i), M(i + 1), M(i + 2), M(i + 3)
#define M16(i) M4(i), M4(i + 4), M4(i + 8), M4(i + 12)

static const unsigned char table[NPAGES * PAGE] = {
	M16(0), M16(16), M16(32), M16(48), M16(64), M16(80), M16(96),
	M16(112), M16(128), M16(144), M16(160), M16(176), M16(192),
	M16(208), M16(224), M16(240),
};
static unsigned char big_bss[64 * PAGE];

static unsigned long sum_pages(int from, int to)
{
	unsigned long s = 0;
	int i, j;

	for (i = from; i < to; i++)
		for (j = 0; j < PAGE; j += 512)
			s += table[i * PAGE + j] + table[i * PAGE + 17];
	return s;
}

static void *worker(void *arg)
{
	long k = (long)arg;

	return (void *)sum_pages((int)k * 64, (int)k * 64 + 64);
}

static int threads(void)
{
	pthread_t t[4];
	long k;

	for (k = 0; k < 4; k++)
		pthread_create(&t[k], NULL, worker, (void *)k);
	for (k = 0; k < 4; k++) {
		void *r;

		pthread_join(t[k], &r);
		printf("thread %ld: %lu\n", k, (unsigned long)r);
	}
	return 0;
}

static int forked(void)
{
	int status;
	pid_t pid;

	printf("parent first half: %lu\n", sum_pages(0, 128));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		printf("child second half: %lu\n", sum_pages(128, 256));
		fflush(stdout);
		_exit(5);
	}
	waitpid(pid, &status, 0);
	printf("child exited %d\n", WEXITSTATUS(status));
	return 0;
}

static const char banner[3 * PAGE] __attribute__((aligned(PAGE))) = {
	[PAGE + 100] = 'w', 'r', 'i', 't', 't', 'e', 'n', ' ', 'b', 'y', ' ',
	't', 'h', 'e', ' ', 'k', 'e', 'r', 'n', 'e', 'l', '\n',
};

static int kwrite(void)
{
	ssize_t n = write(1, banner + PAGE + 100, 22);

	if (n < 0)
		perror("write");
	return n == 22 ? 0 : 1;
}

static int readbss(void)
{
	unsigned char *p = big_bss + 40 * PAGE + 100;
	ssize_t n = read(0, p, 3 * PAGE);

	printf("read %zd bytes into .bss: %.*s", n, (int)(n > 0 ? n : 0), p);
	return n > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "threads"))
		return threads();
	if (argc > 1 && !strcmp(argv[1], "fork"))
		return forked();
	if (argc > 1 && !strcmp(argv[1], "readbss"))
		return readbss();
	if (argc > 1 && !strcmp(argv[1], "kwrite"))
		return kwrite();
	fprintf(stderr, "usage: demandprog threads|fork|readbss|kwrite\n");
	return 2;
}
