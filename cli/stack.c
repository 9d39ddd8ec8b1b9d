// SPDX-License-Identifier: MIT
/*
 * elfload stack: the initial stack the kernel builds for a program (argc,
 * argv, envp, the auxiliary vector and the strings above them), drawn as
 * a column of boxes from the top down, as JSON, or checked byte for byte
 * against the stack of the program started natively.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "stack.h"

extern char **environ;

static const char stack_help[] =
	"Usage: elfload stack [--json] [--check] [--env-clear] [--env K=V]\n"
	"                     PROG [ARGS...]\n"
	"Show the initial stack the kernel builds for PROG with ARGS and the\n"
	"environment, as it is at PROG's first instruction, from the top\n"
	"down: the end marker, the AT_EXECFN string, the environment and\n"
	"argument strings, the platform string, the 16 AT_RANDOM bytes,\n"
	"padding, the auxv entries decoded, the envp and argv arrays, argc\n"
	"at the initial stack pointer.  Each line gives the address, the\n"
	"offset below the top, the size and the meaning.  Addresses are\n"
	"randomized as this process is (not under setarch -R); the random\n"
	"bytes are drawn afresh.\n\n"
	"  --json        print every word and every string as JSON\n"
	"  --check       run PROG natively, stop it at its first instruction,\n"
	"                read its stack through /proc/PID/mem and compare byte\n"
	"                for byte, with the kernel's random draws (exit 0 when\n"
	"                identical, 4 when not)\n"
	"  --env-clear   start from an empty environment\n"
	"  --env K=V     set K to V in the environment (repeatable)\n"
	"  --help        show this help\n";

struct stack_opts {
	bool json, check, env_clear;
	char path[PATH_MAX];
	char **args;		/* PROG [ARGS...] */
	char **env;		/* the environment, NULL-terminated */
};

/* @sets has room for argc pointers: the --env K=V arguments. */
static int parse_stack_args(int argc, char **argv, struct stack_opts *o,
			    char **sets)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "check", no_argument, NULL, 'c' },
		{ "env-clear", no_argument, NULL, 'C' },
		{ "env", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t nsets = 0;
	int c;

	options_begin();
	while ((c = getopt_long(argc, argv, "+:", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': o->json = true; break;
		case 'c': o->check = true; break;
		case 'C': o->env_clear = true; break;
		case 'e':
			if (!strchr(optarg, '=') || optarg[0] == '=')
				return usage_error("stack", "--env takes K=V, "
						   "not '%s'", optarg);
			sets[nsets++] = optarg;
			break;
		case 'h':
			fputs(stack_help, stdout);
			return EXIT_OK;
		default:
			return option_error("stack", c, argv);
		}
	}
	c = program_operands("stack", argc, argv, o->path, sizeof(o->path),
			     &o->args);
	if (c >= 0)
		return c;
	o->env = env_make(o->env_clear ? NULL : environ, sets, nsets);
	return o->env ? -1 : EXIT_SYSTEM;
}

static int parse_stack_opts(int argc, char **argv, struct stack_opts *o)
{
	char **sets = calloc((size_t)argc + 1, sizeof(*sets));
	int ret;

	memset(o, 0, sizeof(*o));
	if (!sets)
		return EXIT_SYSTEM;
	ret = parse_stack_args(argc, argv, o, sets);
	free(sets);
	return ret;
}

void stack_box_text(const struct elfload_stack_entry *e, char *buf, size_t n)
{
	const char *name = elfload_auxv_name(e->type);

	switch (e->kind) {
	case ELFLOAD_STACK_EXECFN: case ELFLOAD_STACK_ENV_STRING:
	case ELFLOAD_STACK_ARG_STRING: case ELFLOAD_STACK_PLATFORM:
		snprintf(buf, n, "\"%.24s%s\"", e->string ? e->string : "",
			 e->string && strlen(e->string) > 24 ? "..." : "");
		return;
	case ELFLOAD_STACK_END:
		snprintf(buf, n, "0");
		return;
	case ELFLOAD_STACK_RANDOM:
		snprintf(buf, n, "16 random bytes");
		return;
	case ELFLOAD_STACK_PADDING:
		snprintf(buf, n, "(%" PRIu64 " zero byte%s)", e->size,
			 e->size == 1 ? "" : "s");
		return;
	case ELFLOAD_STACK_AUXV:
		snprintf(buf, n, "%-17s %#" PRIx64, name ? name + 3 : "?",
			 e->value);
		return;
	case ELFLOAD_STACK_ENVP: case ELFLOAD_STACK_ARGV:
	case ELFLOAD_STACK_ARGC:
		snprintf(buf, n, e->kind == ELFLOAD_STACK_ARGC ? "%" PRIu64 :
			 "%#" PRIx64, e->value);
		return;
	}
	buf[0] = '\0';
}

#define BOX_RULE "+------------------------------------+"

static void print_boxes(const struct elfload_initial_stack *s,
			const char *path)
{
	char box[48];
	size_t i;

	printf("initial stack of %s: top %#" PRIx64 ", sp %#" PRIx64
	       " (%zu bytes), %u-byte words\n\n", path, s->top, s->img.sp,
	       s->img.size, s->arch->word_size);
	printf("%-14s %7s %6s  %s\n", "address", "offset", "size", BOX_RULE);
	for (i = 0; i < s->nentries; i++) {
		const struct elfload_stack_entry *e = &s->entries[i];

		stack_box_text(e, box, sizeof(box));
		printf("%#14" PRIx64 " %7" PRIu64 " %6" PRIu64 "  | %-34.34s |"
		       " %s\n", e->addr, e->offset, e->size, box, e->meaning);
		printf("%-30s %s\n", "", BOX_RULE);
	}
	printf("%-30s ^ sp = %#" PRIx64 "\n", "", s->img.sp);
}

static void print_entry_json(struct json *j, const struct elfload_initial_stack *s,
			     const struct elfload_stack_entry *e)
{
	const char *name = elfload_auxv_name(e->type);
	char hex[2 * 16 + 1];
	size_t i;

	json_begin_object(j, NULL);
	json_str(j, "kind", elfload_stack_kind_name(e->kind));
	json_addr(j, "address", e->addr);
	json_u64(j, "offset", e->offset);
	json_u64(j, "size", e->size);
	if (e->kind == ELFLOAD_STACK_ARGV || e->kind == ELFLOAD_STACK_ENVP ||
	    e->kind == ELFLOAD_STACK_ARG_STRING ||
	    e->kind == ELFLOAD_STACK_ENV_STRING || e->kind == ELFLOAD_STACK_AUXV)
		json_u64(j, "index", e->index);
	if (e->kind == ELFLOAD_STACK_AUXV) {
		json_u64(j, "type", e->type);
		json_str(j, "name", name);
	}
	if (e->kind >= ELFLOAD_STACK_AUXV || e->kind == ELFLOAD_STACK_END)
		json_addr(j, "value", e->value);
	if (e->kind == ELFLOAD_STACK_RANDOM) {
		for (i = 0; i < 16; i++)
			snprintf(hex + 2 * i, 3, "%02x",
				 s->bytes[e->addr - s->img.sp + i]);
		json_str(j, "bytes", hex);
	}
	if (e->string)
		json_str(j, "string", e->string);
	json_str(j, "meaning", e->meaning);
	json_end_object(j);
}

static void print_json(const struct elfload_initial_stack *s,
		       const struct elfload_program *prog)
{
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_str(&j, "file", elfload_program_execfn(prog));
	json_str(&j, "arch", s->arch->name);
	json_u64(&j, "word_size", s->arch->word_size);
	json_bool(&j, "big_endian", s->arch->big_endian);
	json_bool(&j, "randomized", elfload_program_layout(prog)->randomize);
	json_addr(&j, "top", s->top);
	json_addr(&j, "sp", s->img.sp);
	json_u64(&j, "size", s->img.size);
	json_u64(&j, "jitter", s->draws.jitter);
	json_begin_array(&j, "entries");
	for (i = 0; i < s->nentries; i++)
		print_entry_json(&j, s, &s->entries[i]);
	json_end_array(&j);
	json_warnings(&j, elfload_program_exe(prog));
	json_end_object(&j);
	json_finish(&j);
}

/* The entry of @s holding @addr, or NULL (below the stack pointer). */
static const struct elfload_stack_entry *
entry_at(const struct elfload_initial_stack *s, uint64_t addr)
{
	size_t i;

	for (i = 0; i < s->nentries; i++)
		if (addr >= s->entries[i].addr &&
		    addr - s->entries[i].addr < s->entries[i].size)
			return &s->entries[i];
	return NULL;
}

/* The word at @p, in the architecture's byte order. */
static uint64_t word_value(const struct elfload_arch *arch,
			   const unsigned char *p)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < arch->word_size; i++)
		v |= (uint64_t)p[arch->big_endian ? arch->word_size - 1 - i : i]
		     << (8 * i);
	return v;
}

/*
 * Compare [lo, top) word by word: @s's bytes (zero below its sp) against
 * the kernel's stack VMA.  Prints each differing word; returns their
 * number.
 */
static size_t compare_words(const struct elfload_initial_stack *s,
			    const struct elfload_oracle *k, uint64_t lo)
{
	const unsigned w = s->arch->word_size;
	unsigned char mine[8], theirs[8];
	size_t ndiff = 0;
	uint64_t a;
	unsigned i;

	for (a = lo; a < s->top; a += w) {
		const struct elfload_stack_entry *e;

		for (i = 0; i < w; i++) {
			mine[i] = a + i >= s->img.sp ?
					  s->bytes[a + i - s->img.sp] : 0;
			theirs[i] = k->stack[a + i - k->stack_start];
		}
		if (!memcmp(mine, theirs, w))
			continue;
		/* Named after the part holding its first differing byte. */
		for (i = 0; mine[i] == theirs[i]; i++)
			;
		e = entry_at(s, a + i);
		ndiff++;
		printf("%#" PRIx64 " (top-%" PRIu64 ") %s: predicted %#" PRIx64
		       ", kernel %#" PRIx64 "\n", a, s->top - a,
		       e ? e->meaning : "below the predicted stack pointer",
		       word_value(s->arch, mine), word_value(s->arch, theirs));
	}
	return ndiff;
}

/*
 * A test hook: ELFLOAD_TEST_STACK_FLIP=N flips the byte N bytes below
 * the top of the prediction, so that the tests prove --check can fail.
 */
static void plant_difference(struct elfload_initial_stack *s)
{
	const char *flip = getenv("ELFLOAD_TEST_STACK_FLIP");
	uint64_t off = flip ? strtoull(flip, NULL, 0) : 0;

	if (off && off <= s->img.size)
		s->bytes[s->img.size - off] ^= 0x01;
}

static int compare_stacks(const struct stack_opts *o,
			  struct elfload_initial_stack *s,
			  const struct elfload_oracle *k, bool random)
{
	uint64_t lo = s->img.sp < k->sp ? s->img.sp : k->sp;
	size_t ndiff;

	if (s->top != k->stack_end) {
		printf("stack top: predicted %#" PRIx64 ", kernel %#" PRIx64
		       "\n", s->top, k->stack_end);
		return EXIT_DIFFERENT;
	}
	if (lo < k->stack_start) {
		printf("initial sp: predicted %#" PRIx64 ", below the kernel's "
		       "stack VMA at %#" PRIx64 "\n", s->img.sp, k->stack_start);
		return EXIT_DIFFERENT;
	}
	plant_difference(s);
	ndiff = compare_words(s, k, lo);
	if (s->img.sp != k->sp) {
		printf("initial sp: predicted %#" PRIx64 ", kernel %#" PRIx64
		       "\n", s->img.sp, k->sp);
		ndiff++;
	}
	if (ndiff)
		return EXIT_DIFFERENT;
	printf("identical: %s (%zu bytes%s)\n", o->path, s->img.size,
	       random ? "; randomized, the kernel's draws reused" : "");
	return EXIT_OK;
}

/*
 * The prediction with the kernel's draws: its map's randomization, then
 * its random bytes and jitter, read off its stack.
 */
static int predict_as(const struct stack_opts *o, struct elfload_program *prog,
		      const struct elfload_oracle *k,
		      struct elfload_initial_stack **s)
{
	char *const *argv = elfload_program_argv(prog, o->args);
	struct elfload_stack_draws draws = { { 0 }, 0 };
	struct elfload_observed obs;
	struct elfload_diag d;
	int ret = 0;

	if (elfload_program_layout(prog)->randomize) {
		elfload_oracle_draws(k, prog, &obs);
		ret = elfload_program_replan(prog, &obs, &d);
	}
	if (!ret)
		ret = elfload_program_stack(prog, argv, o->env, &draws, s, &d);
	if (!ret && elfload_oracle_stack_draws(k, *s, &draws) == 0) {
		elfload_initial_stack_free(*s);
		ret = elfload_program_stack(prog, argv, o->env, &draws, s, &d);
	}
	if (ret < 0)
		report(o->path, "%s", d.msg);
	return ret;
}

static int check_against_kernel(const struct stack_opts *o,
				struct elfload_program *prog)
{
	bool random = elfload_program_layout(prog)->randomize;
	struct elfload_initial_stack *s = NULL;
	struct elfload_oracle *kernel;
	struct elfload_diag d;
	int ret = elfload_oracle_run(o->path, o->args, o->env,
				     ELFLOAD_ORACLE_STACK |
				     (random ? ELFLOAD_ORACLE_RANDOMIZE : 0),
				     &kernel, &d);

	if (ret < 0) {
		report(o->path, "cannot run natively to compare: %s", d.msg);
		return EXIT_SYSTEM;
	}
	ret = predict_as(o, prog, kernel, &s) < 0 ?
		      EXIT_SYSTEM :
		      compare_stacks(o, s, kernel, random);
	elfload_initial_stack_free(s);
	elfload_oracle_free(kernel);
	return ret;
}

static int show_stack(const struct stack_opts *o,
		      const struct elfload_program *prog)
{
	struct elfload_initial_stack *s;
	struct elfload_diag d;
	int ret = elfload_program_stack(prog,
					elfload_program_argv(prog, o->args),
					o->env, NULL, &s, &d);

	if (ret < 0) {
		report(o->path, "%s", d.msg);
		return exit_code_for(ret);
	}
	if (o->json)
		print_json(s, prog);
	else
		print_boxes(s, o->path);
	elfload_initial_stack_free(s);
	return EXIT_OK;
}

int cmd_stack(int argc, char **argv)
{
	struct elfload_program_opts popts;
	struct elfload_program *prog;
	struct elfload_diag d;
	struct stack_opts o;
	int ret = parse_stack_opts(argc, argv, &o);

	if (ret >= 0)
		return ret;
	/* Planned as the loader plans: randomized as this process is. */
	elfload_exec_program_opts(&popts);
	ret = elfload_program_open(o.path, o.args, o.env, &popts, &prog, &d);
	if (ret < 0) {
		report_program_error(o.path, &d);
		free(o.env);
		return exit_code_for(ret);
	}
	ret = o.check ? check_against_kernel(&o, prog) : show_stack(&o, prog);
	elfload_program_close(prog);
	free(o.env);
	return ret;
}
