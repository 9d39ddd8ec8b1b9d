// SPDX-License-Identifier: MIT
/*
 * Preparing a program for loading: open and check the executable and its
 * interpreter in the kernel's order, then plan.  See program.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <elfload/host.h>
#include <elfload/program.h>
#include <elfload/script.h>
#include <elfload/stack.h>
#include <elfload/validate.h>

#include "internal.h"
#include "loader.h"
#include "program_int.h"

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
					"%s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		return elfload_diag_set(d, -EACCES, NULL, -1, NULL, 0, 0,
					"not a regular file");
	if (fstatvfs(fd, &vfs) == 0 && (vfs.f_flag & ST_NOEXEC))
		return elfload_diag_set(d, -EACCES, NULL, -1, NULL, 0, 0,
					"on a noexec mount");
	if (access(path, X_OK) < 0)
		return elfload_diag_set(d, -EACCES, NULL, -1, NULL, 0, 0,
					"not executable (no execute permission)");
	return 0;
}

/*
 * The kernel reads an ELF header in its own class and byte order and
 * looks at e_machine only (elf_check_arch), never at e_ident[EI_CLASS]
 * or e_ident[EI_DATA]: a file whose e_machine, read that way, is the
 * host's is loaded as a host file whatever its e_ident says.  Replace
 * such an image, decoded by its e_ident, with the kernel's reading of the
 * same bytes: the whole file is read again (the header prefix read first
 * was sized by e_ident) and decoded with those two bytes set to the
 * host's.  Returns 0 (image replaced or left alone) or an error.
 */
static int kernel_view(struct elfload_image **imgp, int fd,
		       const struct elfload_arch *arch, unsigned flags,
		       struct elfload_diag *d)
{
	struct elfload_image *img = *imgp, *full, *view;
	const unsigned char *b = img->bytes;
	unsigned char *bytes;
	unsigned machine;
	uint64_t file_size;
	int ret;

	if (img->elfclass == arch->elfclass &&
	    img->big_endian == arch->big_endian)
		return 0;
	/* A parsed image has at least an ELF32 header (52 bytes). */
	machine = arch->big_endian ? (unsigned)b[18] << 8 | b[19] :
				     (unsigned)b[19] << 8 | b[18];
	if (machine != arch->machine)
		return 0;
	ret = elfload_image_open_fd(fd, img->name, 0, &full, d);
	if (ret)
		return ret;
	/* Decoded anew, the tables may lie elsewhere: read all of it. */
	if (!elfload_image_bytes(full, 0, full->size)) {
		elfload_image_free(full);
		return elfload_diag_set(d, -EIO, NULL, -1, NULL, 0, 0,
					"file shrank while being read");
	}
	bytes = full->owned;
	full->owned = NULL;
	file_size = full->file_size;
	bytes[4] = (unsigned char)arch->elfclass;
	bytes[5] = arch->big_endian ? 2 : 1;
	ret = elfload_image_parse(bytes, full->size, img->name,
				  flags & ELFLOAD_IMAGE_HEADERS, &view, d);
	elfload_image_free(full);
	if (ret) {
		free(bytes);
		return ret;
	}
	view->owned = bytes;
	view->file_size = file_size;
	elfload_image_free(img);
	*imgp = view;
	return 0;
}

/* Open, read and check the interpreter named by PT_INTERP. */
/* @name under @root (NULL: @name itself) into @buf, or NULL if too long. */
static const char *under_root(const char *root, const char *name, char *buf,
			      size_t size)
{
	int n;

	if (!root)
		return name;
	n = snprintf(buf, size, "%s/%s", root, name);
	return n >= 0 && (size_t)n < size ? buf : NULL;
}

/* @d's message about the interpreter @name, with its name in front. */
static int interp_error(struct elfload_diag *d, int err, const char *name)
{
	char why[sizeof(d->msg)];

	snprintf(why, sizeof(why), "%s", d->msg);
	return elfload_diag_set(d, err, "interpreter", -1, NULL, 0, 0, "%s: %s",
				name, why);
}

static int open_interp(struct elfload_program *prog, unsigned flags,
		       const char *root, struct elfload_diag *d)
{
	char rooted[PATH_MAX];
	const char *name, *path;
	size_t len;
	int ret = elfload_image_interp(prog->exe, &name, &len, d);

	if (ret == -ENOENT)
		return 0;
	if (ret)
		return ret;
	prog->interp_name = name;
	/* The kernel resolves an empty path to the current directory. */
	path = under_root(root, *name ? name : ".", rooted, sizeof(rooted));
	if (!path)
		return elfload_diag_set(d, -ENAMETOOLONG, "interpreter", -1,
					NULL, 0, 0, "%s: %s", name,
					strerror(ENAMETOOLONG));
	prog->interp_fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK |
					     O_NOCTTY);
	if (prog->interp_fd < 0)
		return elfload_diag_set(d, -errno, "interpreter", -1, NULL, 0,
					0, "%s: %s", name, strerror(errno));
	ret = exec_permission(prog->interp_fd, path, d);
	if (ret)
		return interp_error(d, ret, name);
	ret = elfload_image_open_fd(prog->interp_fd, name, flags, &prog->interp,
				    d);
	/* The kernel reads 64 header bytes (EIO when short), then ELIBBAD. */
	if (ret == -ENOEXEC)
		return interp_error(d, lseek(prog->interp_fd, 0, SEEK_END) < 64 ?
					       -EIO : -ELIBBAD, name);
	if (!ret)
		ret = kernel_view(&prog->interp, prog->interp_fd,
				  prog->layout.arch, flags, d);
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
	/* A native process's draws say nothing of a compat program's. */
	if (opts && opts->have_host && lay->arch != opts->host.arch)
		loader_observe_arch(lay, &lay->observed);
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

/*
 * The architecture whose loader takes @img (search_binary_handler): the
 * one this host runs for the e_machine read in the host's byte order
 * (ia32 through the compat loader), else @host, whose checks then refuse
 * the file.
 */
static const struct elfload_arch *exec_arch(const struct elfload_image *img,
					    const struct elfload_arch *host)
{
	const unsigned char *b = img->bytes;
	const struct elfload_arch *arch;

	arch = loader_arch_runs(host->big_endian ? (unsigned)b[18] << 8 | b[19] :
						   (unsigned)b[19] << 8 | b[18]);
	return arch ? arch : host;
}

/* The executable as its architecture's loader reads and checks it. */
static int check_exe(struct elfload_program *prog, int fd, unsigned flags,
		     struct elfload_diag *d)
{
	const struct elfload_arch *arch = exec_arch(prog->exe,
						    prog->layout.arch);
	int ret = kernel_view(&prog->exe, fd, arch, flags, d);

	if (!ret)
		ret = elfload_check_exec(prog->exe, arch, d);
	if (!ret && arch != prog->layout.arch)
		ret = loader_layout_arch(&prog->layout, arch, d);
	return ret;
}

/* Everything after the executable is open on @fd: check, read, plan. */
static int setup_program(struct elfload_program *prog, int fd,
			 const char *name, char *const argv[],
			 char *const envp[],
			 const struct elfload_program_opts *opts,
			 struct elfload_diag *d)
{
	unsigned flags = opts && opts->headers_only ? ELFLOAD_IMAGE_HEADERS : 0;
	int ret;

	prog->execfn = name;
	prog->exe_fd = fd;
	prog->interp_fd = -1;
	if (opts && opts->have_host) {
		prog->layout = opts->host;
		ret = 0;
	} else {
		ret = elfload_layout_host(&prog->layout, d);
	}
	/* Like execve, before it reads the file (fs/exec.c). */
	if (!ret)
		ret = elfload_stack_args_check(name, prog->argv ? prog->argv : argv,
					       envp, prog->layout.stack_rlimit,
					       prog->layout.page_size, d);
	if (!ret)
		ret = exec_errno(elfload_image_open_fd(fd, name, flags,
						       &prog->exe, d));
	if (!ret)
		ret = check_exe(prog, fd, flags, d);
	if (!ret)
		ret = elfload_file_id_fd(fd, &prog->exe_id, prog->exe_path,
					 sizeof(prog->exe_path), d);
	if (!ret)
		ret = open_interp(prog, flags, opts ? opts->root : NULL, d);
	if (!ret)
		ret = plan_program(prog, prog->argv ? prog->argv : argv, envp,
				   opts, d);
	return ret;
}

/* A new program with no file open, or NULL (with @d filled). */
static struct elfload_program *program_new(struct elfload_diag *d)
{
	struct elfload_program *prog = calloc(1, sizeof(*prog));

	if (!prog) {
		elfload_diag_set(d, -ENOMEM, NULL, -1, NULL, 0, 0,
				 "out of memory");
		return NULL;
	}
	prog->exe_fd = prog->interp_fd = -1;
	return prog;
}

int elfload_program_open_fd(int fd, const char *name, char *const argv[],
			    char *const envp[],
			    const struct elfload_program_opts *opts,
			    struct elfload_program **out,
			    struct elfload_diag *d)
{
	struct elfload_program *prog = program_new(d);
	int ret;

	*out = NULL;
	if (!prog)
		return -ENOMEM;
	ret = setup_program(prog, fd, name, argv, envp, opts, d);
	if (ret) {
		prog->exe_fd = -1;	/* the caller's descriptor */
		elfload_program_close(prog);
		return ret;
	}
	*out = prog;
	return 0;
}

/*
 * argv for the interpreter of a script, as binfmt_script builds it:
 * [name, (arg), script, argv[1], ...], in one owned block.
 */
static int rewrite_argv(struct elfload_program *prog,
			const struct elfload_script *s, const char *script,
			char *const argv[], struct elfload_diag *d)
{
	const char *head[3] = { s->name, s->arg, script };
	size_t nhead = s->arg ? 3 : 2, n = 0, bytes = 0, i;
	char **nv, *str;

	if (!s->arg)
		head[1] = script;
	while (argv && argv[n])
		n++;
	for (i = 0; i < nhead; i++)
		bytes += strlen(head[i]) + 1;
	for (i = 1; i < n; i++)
		bytes += strlen(argv[i]) + 1;
	nv = malloc((nhead + (n ? n - 1 : 0) + 1) * sizeof(*nv) + bytes);
	if (!nv)
		return elfload_diag_set(d, -ENOMEM, NULL, -1, NULL, 0, 0,
					"out of memory");
	str = (char *)(nv + nhead + (n ? n - 1 : 0) + 1);
	for (i = 0; i < nhead + (n ? n - 1 : 0); i++) {
		const char *src = i < nhead ? head[i] : argv[i - nhead + 1];

		nv[i] = strcpy(str, src);
		str += strlen(src) + 1;
	}
	nv[i] = NULL;
	free(prog->argv);
	prog->argv = nv;
	return 0;
}

/*
 * Open @path, following "#!" lines as the kernel does (at most 5 levels):
 * returns the descriptor of the ELF file at the end, with prog->argv set
 * when a script rewrote it.
 */
static int open_following_scripts(struct elfload_program *prog,
				  const char *path, char *const argv[],
				  struct elfload_diag *d)
{
	struct elfload_script s;
	char head[ELFLOAD_BINPRM_BUF_SIZE];
	const char *cur = path;
	int depth, fd, ret;
	ssize_t got;

	for (depth = 0;; depth++) {
		fd = open(cur, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
		if (fd < 0)
			return elfload_diag_set(d, -errno,
						cur == path ? NULL : "interpreter",
						-1, NULL, 0, 0, "%s%s%s",
						cur == path ? "" : cur,
						cur == path ? "" : ": ",
						strerror(errno));
		ret = exec_permission(fd, cur, d);
		if (ret && cur != path)
			elfload_diag_set(d, ret, "interpreter", -1, NULL, 0, 0,
					 "%s: %s", cur, d->msg);
		got = ret ? 0 : pread(fd, head, sizeof(head), 0);
		if (!ret && got > 0 &&
		    elfload_script_parse(head, (size_t)got, &s) == 0) {
			if (depth >= ELFLOAD_MAX_SCRIPT_DEPTH)
				ret = elfload_diag_set(d, -ELOOP, NULL, -1, NULL,
						       0, 0, "too many levels "
						       "of #! interpreters");
			else
				ret = rewrite_argv(prog, &s, cur, prog->argv ?
							prog->argv : argv, d);
			close(fd);
			if (ret)
				return ret;
			cur = prog->argv[0];
			continue;
		}
		if (ret) {
			close(fd);
			return ret;
		}
		return fd;
	}
}

int elfload_program_open(const char *path, char *const argv[],
			 char *const envp[],
			 const struct elfload_program_opts *opts,
			 struct elfload_program **out, struct elfload_diag *d)
{
	struct elfload_program *prog = program_new(d);
	int fd, ret;

	*out = NULL;
	if (!prog)
		return -ENOMEM;
	fd = open_following_scripts(prog, path, argv, d);
	if (fd < 0) {
		elfload_program_close(prog);
		return fd;
	}
	ret = setup_program(prog, fd, path, argv, envp, opts, d);
	if (ret) {
		elfload_program_close(prog);
		return ret;
	}
	*out = prog;
	return 0;
}

void elfload_program_close(struct elfload_program *prog)
{
	if (!prog)
		return;
	elfload_image_free(prog->exe);
	elfload_image_free(prog->interp);
	if (prog->exe_fd >= 0)
		close(prog->exe_fd);
	if (prog->interp_fd >= 0)
		close(prog->interp_fd);
	free(prog->argv);
	free(prog);
}

int elfload_program_replan(struct elfload_program *prog,
			   const struct elfload_observed *obs,
			   struct elfload_diag *d)
{
	prog->layout.randomize = true;
	prog->layout.observed = *obs;
	return elfload_plan(&prog->input, &prog->plan, d);
}

const struct elfload_image *elfload_program_exe(const struct elfload_program *prog)
{
	return prog->exe;
}

const struct elfload_image *elfload_program_interp(const struct elfload_program *prog)
{
	return prog->interp;
}

const char *elfload_program_interp_name(const struct elfload_program *prog)
{
	return prog->interp_name;
}

const char *elfload_program_execfn(const struct elfload_program *prog)
{
	return prog->execfn;
}

const struct elfload_file_id *elfload_program_exe_id(const struct elfload_program *prog)
{
	return &prog->exe_id;
}

const struct elfload_file_id *elfload_program_interp_id(const struct elfload_program *prog)
{
	return prog->interp ? &prog->interp_id : NULL;
}

const char *elfload_program_exe_path(const struct elfload_program *prog)
{
	return prog->exe_path;
}

const struct elfload_layout *elfload_program_layout(const struct elfload_program *prog)
{
	return &prog->layout;
}

const struct elfload_plan_input *elfload_program_input(const struct elfload_program *prog)
{
	return &prog->input;
}

const struct elfload_plan *elfload_program_plan(const struct elfload_program *prog)
{
	return &prog->plan;
}

char *const *elfload_program_argv(const struct elfload_program *prog,
				  char *const argv[])
{
	return prog->argv ? prog->argv : argv;
}
