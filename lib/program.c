// SPDX-License-Identifier: MIT
/*
 * Preparing a program for loading: open and check the executable and its
 * interpreter in the kernel's order, then plan.  See program.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <elfload/host.h>
#include <elfload/program.h>
#include <elfload/stack.h>
#include <elfload/validate.h>

#include "internal.h"

/* open_exec() refuses what is not a regular file with EACCES. */
static int exec_errno(int err)
{
	return err == -EISDIR || err == -ENODEV ? -EACCES : err;
}

/*
 * What open_exec() demands of a file: a regular file, with execute
 * permission, on a mount that allows execution.  Returns 0 or -EACCES.
 */
static int exec_permission(int fd, const char *path, struct elfload_diag *d)
{
	struct statvfs vfs;
	struct stat st;

	if (fstat(fd, &st) < 0)
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0,
					"%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return elfload_diag_set(d, -EACCES, NULL, -1, NULL, 0, 0,
					"%s: not a regular file", path);
	if (access(path, X_OK) < 0 ||
	    (fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_NOEXEC)))
		return elfload_diag_set(d, -EACCES, NULL, -1, NULL, 0, 0,
					"%s: not executable", path);
	return 0;
}

/* Open, read and check the interpreter named by PT_INTERP. */
static int open_interp(struct elfload_program *prog, struct elfload_diag *d)
{
	const char *name;
	size_t len;
	int ret = elfload_image_interp(prog->exe, &name, &len, d);

	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	prog->interp_name = name;
	prog->interp_fd = open(name, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
					     O_NOCTTY);
	if (prog->interp_fd < 0)
		return elfload_diag_set(d, -errno, "interpreter", -1, NULL, 0,
					0, "%s: %s", name, strerror(errno));
	ret = exec_permission(prog->interp_fd, name, d);
	if (ret)
		return ret;
	ret = elfload_image_open_fd(prog->interp_fd, name, 0, &prog->interp,
				    d);
	/* The kernel reads 64 header bytes (EIO when short), then ELIBBAD. */
	if (ret == -ENOEXEC)
		return elfload_diag_set(d, lseek(prog->interp_fd, 0, SEEK_END) <
						   64 ? -EIO : -ELIBBAD,
					"interpreter", -1, NULL, 0, 0, "%s: %s",
					name, d->msg);
	if (ret)
		return ret;
	ret = elfload_check_interp(prog->interp, prog->layout.arch, d);
	if (ret)
		return ret;
	return elfload_file_id_fd(prog->interp_fd, &prog->interp_id,
				  prog->interp_path, sizeof(prog->interp_path),
				  d);
}

static int plan_program(struct elfload_program *prog, char *const argv[],
			char *const envp[],
			const struct elfload_program_opts *opts,
			struct elfload_diag *d)
{
	struct elfload_layout *lay = &prog->layout;
	int ret;

	lay->stack_strings = elfload_stack_strings_size(prog->execfn, argv,
							envp);
	if (opts) {
		lay->randomize = opts->randomize;
		lay->seed = opts->seed;
		lay->observed = opts->observed;
	}
	if (prog->exe_id.setid)
		lay->randomize = true;
	ret = elfload_check_segments(prog->exe, lay->arch, lay->page_size,
				     false, d);
	if (!ret && prog->interp)
		ret = elfload_check_segments(prog->interp, lay->arch,
					     lay->page_size, true, d);
	if (ret)
		return ret;
	prog->input.exe = prog->exe;
	prog->input.exe_file = &prog->exe_id;
	prog->input.interp = prog->interp;
	prog->input.interp_file = prog->interp ? &prog->interp_id : NULL;
	prog->input.layout = lay;
	return elfload_plan(&prog->input, &prog->plan, d);
}

int elfload_program_open_fd(struct elfload_program *prog, int fd,
			    const char *name, char *const argv[],
			    char *const envp[],
			    const struct elfload_program_opts *opts,
			    struct elfload_diag *d)
{
	int ret;

	memset(prog, 0, sizeof(*prog));
	prog->execfn = name;
	prog->exe_fd = fd;
	prog->interp_fd = -1;
	ret = elfload_layout_host(&prog->layout, d);
	if (!ret)
		ret = exec_errno(elfload_image_open_fd(fd, name, 0, &prog->exe,
						       d));
	if (!ret)
		ret = elfload_check_exec(prog->exe, prog->layout.arch, d);
	if (!ret)
		ret = elfload_file_id_fd(fd, &prog->exe_id, prog->exe_path,
					 sizeof(prog->exe_path), d);
	if (!ret)
		ret = open_interp(prog, d);
	if (!ret)
		ret = plan_program(prog, argv, envp, opts, d);
	if (ret) {
		prog->exe_fd = -1;	/* the caller's descriptor */
		elfload_program_close(prog);
	}
	return ret;
}

int elfload_program_open(struct elfload_program *prog, const char *path,
			 char *const argv[], char *const envp[],
			 const struct elfload_program_opts *opts,
			 struct elfload_diag *d)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	int ret;

	if (fd < 0) {
		memset(prog, 0, sizeof(*prog));
		prog->exe_fd = prog->interp_fd = -1;
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0, "%s",
					strerror(errno));
	}
	ret = elfload_program_open_fd(prog, fd, path, argv, envp, opts, d);
	if (ret)
		close(fd);
	return ret;
}

void elfload_program_close(struct elfload_program *prog)
{
	elfload_image_free(prog->exe);
	elfload_image_free(prog->interp);
	if (prog->exe_fd >= 0)
		close(prog->exe_fd);
	if (prog->interp_fd >= 0)
		close(prog->interp_fd);
	prog->exe = prog->interp = NULL;
	prog->exe_fd = prog->interp_fd = -1;
}
