// SPDX-License-Identifier: MIT
/*
 * sandbox DENY PROG [ARG...]: run PROG under a seccomp filter that
 * refuses one system call with EPERM, as a container's profile may:
 * DENY is "userfaultfd" or "seccomp" (for the --demand tests of the
 * eager fallback), or "ia32": every system call of the i386 ABI fails
 * with ENOSYS, as on a kernel without IA32 emulation.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long nr = argc > 2 && !strcmp(argv[1], "userfaultfd") ? SYS_userfaultfd :
		  argc > 2 && !strcmp(argv[1], "seccomp") ? SYS_seccomp : -1;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_filter no_ia32[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
			 offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };

	if (argc > 2 && !strcmp(argv[1], "ia32")) {
		prog.len = sizeof(no_ia32) / sizeof(no_ia32[0]);
		prog.filter = no_ia32;
		nr = 0;
	}
	if (nr < 0) {
		fprintf(stderr, "usage: sandbox userfaultfd|seccomp|ia32 PROG [ARG...]\n");
		return 2;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) {
		perror("sandbox: seccomp");
		return 1;
	}
	execvp(argv[2], argv + 2);
	perror(argv[2]);
	return 127;
}
