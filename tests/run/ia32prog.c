// SPDX-License-Identifier: MIT
/*
 * A 32-bit test program (built with gcc -m32): forks, starts threads,
 * handles a signal (the handler runs and returns), and read(2)s its
 * standard input into .bss.  Prints what it saw; the run tests compare
 * its output and status with a native run.
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char buf[65536];		/* .bss: the kernel writes into it */
static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	got = sig;
}

static void *worker(void *arg)
{
	return (void *)((long)arg * 2);
}

int main(void)
{
	struct sigaction sa;
	pthread_t t[4];
	long i, sum = 0;
	void *ret;
	ssize_t n;
	pid_t pid;
	int status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("signal %d handled, sizeof(void *) %zu\n", (int)got,
	       sizeof(void *));
	for (i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], &ret);
		sum += (long)ret;
	}
	printf("threads %ld\n", sum);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(7);
	waitpid(pid, &status, 0);
	printf("child exit %d\n", WEXITSTATUS(status));
	n = read(0, buf, sizeof(buf));
	printf("read %zd bytes into .bss: %.5s\n", n, n > 0 ? buf : "");
	return 3;
}
