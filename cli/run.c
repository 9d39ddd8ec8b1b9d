// SPDX-License-Identifier: MIT
/*
 * elfload run: load PROG into this process and jump to it, without
 * execve, so that it runs exactly as if the kernel had started it.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cli.h"
#include "demand.h"
#include "runcheck.h"

extern char **environ;

#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

static const char run_help[] =
	"Usage: elfload run [OPTIONS] PROG [ARGS...]\n"
	"Load PROG into this process and run it without execve: its\n"
	"segments, interpreter, stack, auxiliary vector and /proc/self view\n"
	"are those the kernel would give it.  PROG - reads the program from\n"
	"standard input.\n\n"
	"  --argv0 NAME     pass NAME as argv[0] instead of PROG\n"
	"  --env-clear      start from an empty environment\n"
	"  --env K=V        set K to V in the environment (repeatable)\n"
	"  --maps           print the planned memory map on stderr, then run\n"
	"  --stop-at-entry  raise SIGSTOP just before jumping to the program\n"
	"  --verbose        print each step of loading on stderr\n"
	"  --demand         serve every page fault of PROG's segments from\n"
	"                   a pager process (userfaultfd), log each, and\n"
	"                   print a summary on stderr at exit; as an\n"
	"                   ordinary user: read-only segments only, and\n"
	"                   until the first fork (see elfload(1))\n"
	"  --trace FILE     with --demand: write every fault to FILE\n"
	"  --trace-format text|json\n"
	"                   the trace's encoding (default text)\n"
	"  --fault-around BYTES\n"
	"                   with --demand: serve the aligned BYTES around\n"
	"                   each fault at once (a power of two)\n"
	"  --quiet          with --demand: no summary on stderr\n"
	"  --frames N       with --demand: at most N pages of PROG's own\n"
	"                   segments resident; others are evicted\n"
	"  --policy fifo|clock\n"
	"                   with --frames: the replacement policy (fifo)\n"
	"  --check          start PROG natively and through elfload, both\n"
	"                   stopped at its first instruction, and compare\n"
	"                   all a program can observe there (registers,\n"
	"                   maps, the stack, /proc files, descriptors,\n"
	"                   signals); print 'identical: PROG' or each\n"
	"                   difference (known residuals marked as such);\n"
	"                   with --demand, the elfload side under its pager\n"
	"  --gdb            load PROG stopped at its entry point, print how\n"
	"                   to attach a debugger (gdb -p PID), wait for it\n"
	"                   and exit as it does\n"
	"  --help           show this help\n\n"
	"--check and --gdb run with address space randomization off, as\n"
	"under setarch -R (and as gdb runs programs).\n\n"
	"Exit status: that of PROG; 127 when PROG is not found, 126 when it\n"
	"cannot be loaded, 2 for a usage error; with --check 0 when both\n"
	"starts are identical apart from known residuals, 4 otherwise.\n";

struct run_opts {
	const char *argv0;
	bool env_clear, maps, stop, verbose, demand, check, gdb;
	struct demand_opts dopts;
	char **env;		/* the new environment, NULL-terminated */
	char **args;		/* PROG [ARGS...] */
};

/* @sets has room for argc pointers: the --env K=V arguments. */
static int parse_run_args(int argc, char **argv, struct run_opts *o,
			  char **sets)
{
	static const struct option longopts[] = {
		{ "argv0", required_argument, NULL, 'a' },
		{ "env-clear", no_argument, NULL, 'c' },
		{ "env", required_argument, NULL, 'e' },
		{ "maps", no_argument, NULL, 'm' },
		{ "stop-at-entry", no_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "demand", no_argument, NULL, 'D' },
		{ "trace", required_argument, NULL, 'T' },
		{ "trace-format", required_argument, NULL, 'F' },
		{ "fault-around", required_argument, NULL, 'A' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "frames", required_argument, NULL, 'N' },
		{ "policy", required_argument, NULL, 'P' },
		{ "check", no_argument, NULL, 'C' },
		{ "gdb", no_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t nsets = 0;
	bool policy_set = false;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'a': o->argv0 = optarg; break;
		case 'c': o->env_clear = true; break;
		case 'e':
			if (!strchr(optarg, '=') || optarg[0] == '=')
				return usage_error("run", "--env takes K=V, not "
						   "'%s'", optarg);
			sets[nsets++] = optarg;
			break;
		case 'm': o->maps = true; break;
		case 's': o->stop = true; break;
		case 'v': o->verbose = true; break;
		case 'D': o->demand = true; break;
		case 'C': o->check = true; break;
		case 'G': o->gdb = true; break;
		case 'T': o->dopts.trace = optarg; break;
		case 'q': o->dopts.quiet = true; break;
		case 'N': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);

			if (*end || !v || v > 1u << 20)
				return usage_error("run", "--frames takes a "
						   "number of pages from 1, "
						   "not '%s'", optarg);
			o->dopts.frames = (unsigned)v;
			break;
		}
		case 'P':
			if (strcmp(optarg, "fifo") && strcmp(optarg, "clock"))
				return usage_error("run", "--policy is fifo or "
						   "clock, not '%s'", optarg);
			o->dopts.policy = optarg[0] == 'c' ?
						  ELFLOAD_FRAMES_CLOCK :
						  ELFLOAD_FRAMES_FIFO;
			policy_set = true;
			break;
		case 'F':
			if (strcmp(optarg, "text") && strcmp(optarg, "json"))
				return usage_error("run", "--trace-format is "
						   "text or json, not '%s'",
						   optarg);
			o->dopts.format = optarg[0] == 'j' ? TRACE_JSON :
							     TRACE_TEXT;
			break;
		case 'A': {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 0);

			/* As fault_around_bytes: a page or less is one page. */
			if (*end || !v || (v & (v - 1)) || v > 1u << 30)
				return usage_error("run", "--fault-around takes "
						   "a power of two up to 1 GiB, "
						   "not '%s'", optarg);
			o->dopts.fault_around = v;
			break;
		}
		case 'h':
			fputs(run_help, stdout);
			return EXIT_OK;
		default:
			return usage_error("run", "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("run", "missing PROG");
	if (!o->demand && (o->dopts.trace || o->dopts.fault_around ||
			   o->dopts.frames))
		return usage_error("run", "--trace, --fault-around and "
				   "--frames need --demand");
	if ((o->check || o->gdb) &&
	    (o->check + o->gdb + o->stop + o->maps > 1 ||
	     (o->gdb && o->demand) || !strcmp(argv[optind], "-")))
		return usage_error("run", "--check and --gdb go with neither "
				   "each other, --stop-at-entry, --maps nor "
				   "PROG -, and --gdb not with --demand");
	if (policy_set && !o->dopts.frames)
		return usage_error("run", "--policy needs --frames");
	if (o->dopts.frames && o->dopts.fault_around)
		return usage_error("run", "--frames and --fault-around do "
				   "not go together");
	o->args = argv + optind;
	o->env = env_make(o->env_clear ? NULL : environ, sets, nsets);
	return o->env ? -1 : EXIT_SYSTEM;
}

static int parse_run_opts(int argc, char **argv, struct run_opts *o)
{
	char **sets = calloc((size_t)argc + 1, sizeof(*sets));
	int ret;

	memset(o, 0, sizeof(*o));
	if (!sets)
		return EXIT_SYSTEM;
	ret = parse_run_args(argc, argv, o, sets);
	free(sets);
	if (ret >= 0)
		free(o->env);
	return ret;
}

static void log_line(void *ctx, const char *line)
{
	(void)ctx;
	report(NULL, "%s", line);
}

/* Copy standard input into an executable memfd; returns it or -1. */
static int stdin_to_memfd(void)
{
	char buf[65536];
	ssize_t n;
	int fd = memfd_create("elfload-stdin", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(0, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(fd, buf, (size_t)n) != n) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

static int open_program(struct run_opts *o, const char *name,
			struct elfload_program **prog, char *path,
			size_t pathsize, struct elfload_diag *d)
{
	struct elfload_program_opts popts;
	int fd;

	elfload_exec_program_opts(&popts);
	if (strcmp(name, "-")) {
		if (find_program(name, path, pathsize) < 0)
			return elfload_diag_set(d, -ENOENT, NULL, -1, NULL, 0,
						0, "command not found");
		return elfload_program_open(path, o->args, o->env, &popts,
					    prog, d);
	}
	fd = stdin_to_memfd();
	if (fd < 0)
		return elfload_diag_set(d, -errno, NULL, -1, NULL, 0, 0,
					"reading standard input: %s",
					strerror(errno));
	snprintf(path, pathsize, "/dev/fd/%d", fd);
	return elfload_program_open_fd(fd, path, o->args, o->env, &popts, prog,
				       d);
}

static void print_plan(const struct elfload_program *prog)
{
	char *text = elfload_program_maps_text(prog);

	if (text)
		fputs(text, stderr);
	free(text);
}

/*
 * For tests of run --check: ELFLOAD_TEST_PERTURB=K=V sets K=V in the
 * environment of the elfload side only, a difference it must find.
 */
static int perturb_env(struct run_opts *o, char ***native_env)
{
	char *kv = getenv("ELFLOAD_TEST_PERTURB");
	char **ours = env_make(o->env, &kv, kv && strchr(kv, '=') ? 1 : 0);

	if (!ours)
		return -1;
	*native_env = o->env;
	o->env = ours;
	return 0;
}

/* run --check and run --gdb: both sides unrandomized. */
static int run_checked(struct run_opts *o, const char *name)
{
	struct elfload_program *prog;
	struct elfload_diag d;
	char path[PATH_MAX], **native_env = NULL;
	int ret;

	if (elfload_launch_no_randomize() < 0 ||
	    (o->check && perturb_env(o, &native_env) < 0)) {
		report(name, "%s", strerror(errno));
		free(native_env);
		return EXIT_SYSTEM;
	}
	ret = open_program(o, name, &prog, path, sizeof(path), &d);
	if (ret) {
		report_program_error(name, &d);
		ret = ret == -ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
	} else if (o->check) {
		ret = run_check(name, path, o->args, native_env, prog, o->env,
				o->demand ? &o->dopts : NULL);
	} else {
		ret = run_gdb(name, prog, o->args, o->env);
	}
	free(native_env);
	return ret;
}

int cmd_run(int argc, char **argv)
{
	struct elfload_exec_opts eopts = { 0 };
	unsigned demand_flags = 0;
	struct elfload_program *prog;
	struct elfload_diag d;
	struct run_opts o;
	const char *name;
	char path[PATH_MAX];
	int ret = parse_run_opts(argc, argv, &o);

	if (ret >= 0)
		return ret;
	name = o.args[0];
	if (o.argv0)
		o.args[0] = (char *)o.argv0;
	if (o.check || o.gdb) {
		ret = run_checked(&o, name);
		free(o.env);
		return ret;
	}
	ret = open_program(&o, name, &prog, path, sizeof(path), &d);
	if (!ret) {
		if (o.maps)
			print_plan(prog);
		/* elfload installs no signal handler (see exec.h). */
		eopts.flags = ELFLOAD_EXEC_NO_HANDLERS |
			      (o.stop ? ELFLOAD_EXEC_STOP_AT_ENTRY : 0);
		eopts.log = o.verbose ? log_line : NULL;
		if (o.demand)
			ret = demand_start(prog, &o.dopts, &eopts.uffd,
					   &eopts.evictor_fd, &demand_flags, &d);
		eopts.flags |= demand_flags;
		if (ret)
			elfload_program_close(prog);
		else
			ret = elfload_exec_program(prog,
						   elfload_program_argv(prog,
									o.args),
						   o.env, &eopts, &d);
	}
	report_program_error(name, &d);
	free(o.env);
	return ret == -ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}
