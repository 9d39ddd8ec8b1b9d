// SPDX-License-Identifier: MIT
/*
 * elfload maps: the memory map the kernel will give a program at its first
 * instruction, predicted by the planner, printed as /proc/PID/maps prints
 * it, explained, or checked against the kernel itself.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "maps.h"

extern char **environ;

static const char maps_help[] =
	"Usage: elfload maps [--json] [--explain] [--aslr SEED] [--check]\n"
	"                    PROG [ARGS...]\n"
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
	"  --help        show this help\n";

struct maps_opts {
	bool json, explain, check, aslr;
	uint64_t seed;
	char path[4096];
	char **argv;
};

static int parse_maps_opts(int argc, char **argv, struct maps_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "explain", no_argument, NULL, 'e' },
		{ "check", no_argument, NULL, 'c' },
		{ "aslr", required_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 'e': o->explain = true; break;
		case 'c': o->check = true; break;
		case 'a':
			o->aslr = true;
			errno = 0;
			o->seed = strtoull(optarg, &end, 0);
			if (errno || *end || !*optarg)
				return usage_error("maps", "bad seed '%s'",
						   optarg);
			break;
		case 'h':
			fputs(maps_help, stdout);
			return EXIT_OK;
		default:
			return usage_error("maps", "unknown option '%s'",
					   argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return usage_error("maps", "missing PROG");
	if (find_program(argv[optind], o->path, sizeof(o->path)) < 0) {
		report(argv[optind], "command not found");
		return EXIT_SYSTEM;
	}
	o->argv = argv + optind;
	return -1;
}

void for_each_maps_line(const struct elfload_program *prog,
			void (*fn)(const char *line, const struct elfload_vma *v,
				   void *arg),
			void *arg)
{
	struct elfload_vma vmas[ELFLOAD_PLAN_MAX_VMAS];
	size_t i, n = elfload_plan_maps(&prog->plan, vmas, ELFLOAD_PLAN_MAX_VMAS);
	char line[8192];

	for (i = 0; i < n; i++) {
		elfload_format_maps_line(&vmas[i],
					 elfload_plan_vma_file(&prog->input,
							       &vmas[i]),
					 line, sizeof(line));
		fn(line, &vmas[i], arg);
	}
}

static void put_line(const char *line, const struct elfload_vma *v, void *f)
{
	(void)v;
	fputs(line, f);
}

/* A growing string of lines; text is NULL once memory ran out. */
struct text {
	char *text;
	size_t len;
	bool failed;
};

static void append_line(const char *line, const struct elfload_vma *v,
			void *arg)
{
	struct text *t = arg;
	size_t l = strlen(line);
	char *n;

	(void)v;
	if (t->failed)
		return;
	n = realloc(t->text, t->len + l + 1);
	if (!n) {
		t->failed = true;
		return;
	}
	memcpy(n + t->len, line, l + 1);
	t->text = n;
	t->len += l;
}

/* The predicted map as one string, for the comparison with the kernel. */
char *predicted_maps_text(const struct elfload_program *prog)
{
	struct text t = { 0 };

	for_each_maps_line(prog, append_line, &t);
	if (t.failed) {
		free(t.text);
		return NULL;
	}
	return t.text ? t.text : strdup("");
}

/* The page of the first PT_LOAD in header order (the bias anchor). */
static uint64_t first_load_page(const struct elfload_program *prog)
{
	size_t i;

	for (i = 0; i < prog->exe->phnum; i++)
		if (prog->exe->phdrs[i].type == ELFLOAD_PT_LOAD)
			return prog->exe->phdrs[i].vaddr &
			       ~(prog->layout.page_size - 1);
	return 0;
}

/*
 * A randomized layout cannot be predicted, but it can be reproduced: take
 * the kernel's random draws from its process and plan again with them.
 */
static int replan_observed(struct elfload_program *prog,
			   const struct native_result *res,
			   struct elfload_observed *obs)
{
	struct elfload_diag d;
	int ret;

	infer_observed(res->maps, prog->exe_path, first_load_page(prog), obs);
	obs->start_brk = res->start_brk;
	prog->layout.randomize = true;
	prog->layout.observed = obs;
	ret = elfload_plan(&prog->input, &prog->plan, &d);
	if (ret < 0)
		report(prog->execfn, "%s", d.msg);
	return ret;
}

static int check_against_kernel(const struct maps_opts *o,
				struct elfload_program *prog)
{
	struct native_result res = { 0 };
	struct elfload_observed obs;
	bool random = prog->layout.randomize, same;
	char *predicted;
	int ret = native_maps(o->path, o->argv, environ, o->aslr, &res);

	if (ret < 0) {
		report(o->path, "cannot run natively to compare: %s",
		       strerror(-ret));
		return EXIT_SYSTEM;
	}
	if (random && replan_observed(prog, &res, &obs) < 0) {
		free(res.maps);
		return EXIT_DIFFERENT;
	}
	predicted = predicted_maps_text(prog);
	if (!predicted) {
		free(res.maps);
		report(o->path, "out of memory");
		return EXIT_SYSTEM;
	}
	same = !strcmp(res.maps, predicted);
	if (same)
		printf("identical: %s%s\n", o->path,
		       random ? " (randomized; the kernel's random draws "
				"reused)" : "");
	else
		print_line_diff(predicted, res.maps);
	free(res.maps);
	free(predicted);
	return same ? EXIT_OK : EXIT_DIFFERENT;
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
	prog = malloc(sizeof(*prog));
	if (!prog) {
		report(o.path, "out of memory");
		return EXIT_SYSTEM;
	}
	popts.randomize = o.aslr;
	popts.seed = o.seed;
	ret = elfload_program_open(prog, o.path, o.argv, environ, &popts, &d);
	if (ret < 0) {
		report(o.path, "%s", d.msg);
		free(prog);
		return exit_code_for(ret);
	}
	if (prog->exe_id.setid && !o.aslr && !o.check)
		report(o.path, "note: a set-ID program: the kernel randomizes "
		       "its layout even under setarch -R; shown randomized "
		       "from seed %" PRIu64, o.seed);
	if (o.check)
		ret = check_against_kernel(&o, prog);
	else if (o.json)
		ret = print_maps_json(prog, o.explain);
	else if (o.explain)
		ret = print_maps_explained(prog);
	else {
		for_each_maps_line(prog, put_line, stdout);
		ret = EXIT_OK;
	}
	elfload_program_close(prog);
	free(prog);
	return ret;
}
