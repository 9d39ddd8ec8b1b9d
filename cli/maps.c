// SPDX-License-Identifier: MIT
/*
 * elfload maps: the memory map the kernel will give a program at its first
 * instruction, predicted by the planner, printed as /proc/PID/maps prints
 * it, explained, or checked against the kernel itself.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "maps.h"
#include "svg.h"

extern char **environ;

static const char maps_help[] =
	"Usage: elfload maps [--json] [--explain] [--aslr SEED] [--check]\n"
	"                    [--svg FILE] [--arch NAME [--page-size N]]\n"
	"                    [--root DIR] PROG [ARGS...]\n"
	"Print the memory map PROG will have when its first instruction runs\n"
	"(before the dynamic linker has done anything), in the format of\n"
	"/proc/PID/maps.  The layout is not randomized, as under setarch -R.\n\n"
	"  --json        print a JSON document instead\n"
	"  --explain     show the sections in each mapping and the page\n"
	"                arithmetic of sections versus segments\n"
	"  --aslr SEED   show a randomized layout, the way the kernel\n"
	"                randomizes it, drawn from SEED\n"
	"  --check       run PROG natively, stop it at its first instruction\n"
	"                and compare with the kernel's real map (exit 0 when\n"
	"                identical, 4 when not); a randomized layout (--aslr,\n"
	"                or a set-ID program) is compared by taking the\n"
	"                kernel's random draws from its process\n"
	"  --svg FILE    also draw the plan as an SVG picture: the file's\n"
	"                sections, its PT_LOAD segments with their page\n"
	"                rounding, and the address space with every VMA\n"
	"                and the kernel's part above TASK_SIZE\n"
	"  --arch NAME   plan for a machine of architecture NAME (x86_64,\n"
	"                aarch64) instead of this one: its special mappings\n"
	"                at their usual sizes for the page size, an 8 MiB\n"
	"                stack limit and mmap_min_addr 65536\n"
	"  --page-size N with --arch: pages of N bytes (aarch64: 4096,\n"
	"                16384 or 65536)\n"
	"  --root DIR    look the interpreter up under DIR (a sysroot such\n"
	"                as /usr/aarch64-linux-gnu)\n"
	"  --help        show this help\n";

struct maps_opts {
	bool json, explain, check, aslr;
	uint64_t seed, page_size;
	const char *svg, *arch, *root;
	char path[PATH_MAX];
	char **argv;
};

static int parse_maps_opts(int argc, char **argv, struct maps_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "explain", no_argument, NULL, 'e' },
		{ "check", no_argument, NULL, 'c' },
		{ "aslr", required_argument, NULL, 'a' },
		{ "svg", required_argument, NULL, 's' },
		{ "arch", required_argument, NULL, 'A' },
		{ "page-size", required_argument, NULL, 'P' },
		{ "root", required_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	options_begin();
	while ((c = getopt_long(argc, argv, "+:", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 'e': o->explain = true; break;
		case 'c': o->check = true; break;
		case 's': o->svg = optarg; break;
		case 'a':
			o->aslr = true;
			errno = 0;
			o->seed = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg)
				return usage_error("maps", "bad seed '%s'",
						   optarg);
			break;
		case 'A': o->arch = optarg; break;
		case 'R': o->root = optarg; break;
		case 'P':
			errno = 0;
			o->page_size = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg || !o->page_size)
				return usage_error("maps", "bad page size '%s'",
						   optarg);
			break;
		case 'h':
			fputs(maps_help, stdout);
			return EXIT_OK;
		default:
			return option_error("maps", c, argv);
		}
	}
	if (o->page_size && !o->arch)
		return usage_error("maps", "--page-size needs --arch");
	if (o->arch && o->check)
		return usage_error("maps", "--check compares with this "
				   "machine's kernel: no --arch");
	return program_operands("maps", argc, argv, o->path, sizeof(o->path),
				&o->argv);
}

/* --arch: the layout of another machine, instead of this one's. */
static int foreign_layout(const struct maps_opts *o,
			  struct elfload_program_opts *popts)
{
	const struct elfload_arch *arch = elfload_arch_named(o->arch);
	struct elfload_diag d;

	if (!arch)
		return usage_error("maps", "unknown architecture '%s'",
				   o->arch);
	if (elfload_layout_for_arch(&popts->host, arch, o->page_size, &d) < 0)
		return usage_error("maps", "%s", d.msg);
	popts->have_host = true;
	return -1;
}

static void put_line(const char *line, const struct elfload_vma *v, void *f)
{
	(void)v;
	fputs(line, f);
}

/*
 * A randomized layout cannot be predicted, but it can be reproduced: take
 * the kernel's random draws from its process and plan again with them.
 */
static int replan_observed(struct elfload_program *prog,
			   const struct elfload_oracle *o)
{
	struct elfload_observed obs;
	struct elfload_diag d;
	int ret;

	elfload_oracle_draws(o, prog, &obs);
	ret = elfload_program_replan(prog, &obs, &d);
	if (ret < 0)
		report(elfload_program_execfn(prog), "%s", d.msg);
	return ret;
}

static int check_against_kernel(const struct maps_opts *o,
				struct elfload_program *prog)
{
	bool random = elfload_program_layout(prog)->randomize, same;
	struct elfload_oracle *kernel;
	struct elfload_diag d;
	char *predicted;
	int ret = elfload_oracle_run(o->path, o->argv, environ,
				     o->aslr ? ELFLOAD_ORACLE_RANDOMIZE : 0,
				     &kernel, &d);

	if (ret < 0) {
		report(o->path, "cannot run natively to compare: %s",
		       strerror(-ret));
		return EXIT_SYSTEM;
	}
	if (random && replan_observed(prog, kernel) < 0) {
		elfload_oracle_free(kernel);
		return EXIT_DIFFERENT;
	}
	predicted = elfload_program_maps_text(prog);
	if (!predicted) {
		elfload_oracle_free(kernel);
		report(o->path, "out of memory");
		return EXIT_SYSTEM;
	}
	same = !strcmp(kernel->maps, predicted);
	if (same)
		printf("identical: %s%s\n", o->path,
		       random ? " (randomized; the kernel's random draws "
				"reused)" : "");
	else
		print_line_diff(predicted, kernel->maps);
	elfload_oracle_free(kernel);
	free(predicted);
	return same ? EXIT_OK : EXIT_DIFFERENT;
}

static int show_maps(const struct maps_opts *o, struct elfload_program *prog)
{
	if (o->check)
		return check_against_kernel(o, prog);
	if (o->json)
		return print_maps_json(prog, o->explain);
	if (o->explain)
		return print_maps_explained(prog);
	elfload_program_maps_lines(prog, put_line, stdout);
	return EXIT_OK;
}

/* Draw the picture first: a failure leaves standard output empty. */
static int draw_svg(const char *path, const struct elfload_program *prog)
{
	FILE *f = svg_open(path);

	if (!f)
		return EXIT_SYSTEM;
	return svg_close(f, path, write_maps_svg(f, prog, true));
}

int cmd_maps(int argc, char **argv)
{
	struct elfload_program_opts popts = { 0 };
	struct elfload_program *prog;
	struct elfload_diag d;
	struct maps_opts o;
	int ret = parse_maps_opts(argc, argv, &o);

	if (ret >= 0)
		return ret;
	if (o.arch && (ret = foreign_layout(&o, &popts)) >= 0)
		return ret;
	popts.randomize = o.aslr;
	popts.seed = o.seed;
	popts.root = o.root;
	ret = elfload_program_open(o.path, o.argv, environ, &popts, &prog, &d);
	if (ret < 0) {
		report_program_error(o.path, &d);
		return exit_code_for(ret);
	}
	if (elfload_program_exe_id(prog)->setid && !o.aslr && !o.check)
		report(o.path, "note: a set-ID program: the kernel randomizes "
		       "its layout even under setarch -R; shown randomized "
		       "from seed %" PRIu64, o.seed);
	ret = o.svg ? draw_svg(o.svg, prog) : EXIT_OK;
	if (ret == EXIT_OK)
		ret = show_maps(&o, prog);
	elfload_program_close(prog);
	return ret;
}
