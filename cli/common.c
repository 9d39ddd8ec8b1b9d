// SPDX-License-Identifier: MIT
/* Helpers shared by the elfload subcommands: errors, options, opening. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* The name messages start with; here, beside report(), so that no
 * command depends on main.c, which depends on every command. */
const char *progname = "elfload";

void report(const char *file, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	if (file)
		fprintf(stderr, "%s: ", file);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void report_program_error(const char *file, const struct elfload_diag *d)
{
	static const char noexec[] = "on a noexec mount";
	size_t len = strlen(d->msg), k = sizeof(noexec) - 1;

	/* The library says what is wrong; running it from a pipe is ours. */
	if (len >= k && !strcmp(d->msg + len - k, noexec))
		report(file, "%s (run it as 'elfload run - < FILE')", d->msg);
	else
		report(file, "%s", d->msg);
}

int exit_code_for(int err)
{
	switch (-err) {
	case ENOEXEC:
	case EINVAL:
	case ELIBBAD:
	case EISDIR:
	case ENODEV:
		return EXIT_BAD_ELF;
	}
	return EXIT_SYSTEM;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", progname, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try '%s %s --help')\n", progname, cmd);
	return EXIT_USAGE;
}

void options_begin(void)
{
	opterr = 0;
	optind = 1;
}

int option_error(const char *cmd, int c, char **argv)
{
	if (c == ':')
		return usage_error(cmd, "option '%s' needs a value",
				   argv[optind - 1]);
	return usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

int program_operands(const char *cmd, int argc, char **argv, char *path,
		     size_t size, char ***args)
{
	if (optind >= argc)
		return usage_error(cmd, "missing PROG");
	if (find_program(argv[optind], path, size) < 0) {
		report(argv[optind], "command not found");
		return EXIT_SYSTEM;
	}
	*args = argv + optind;
	return -1;
}

int parse_inspect_opts(const char *cmd, const char *help, int argc,
		       char **argv, struct inspect_opts *o)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	options_begin();
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o->json = true;
			break;
		case 'h':
			fputs(help, stdout);
			return EXIT_OK;
		default:
			return option_error(cmd, c, argv);
		}
	}
	if (optind >= argc)
		return usage_error(cmd, "missing FILE");
	if (optind + 1 < argc)
		return usage_error(cmd, "unexpected argument '%s'",
				   argv[optind + 1]);
	o->file = argv[optind];
	return -1;
}

struct elfload_image *open_image(const char *path, int *exit_code)
{
	struct elfload_image *img;
	struct elfload_diag d;
	int ret;

	ret = elfload_image_open(path, 0, &img, &d);
	if (ret < 0) {
		report(path, "%s", d.msg);
		*exit_code = exit_code_for(ret);
		return NULL;
	}
	return img;
}

void report_warnings(const struct elfload_image *img)
{
	unsigned i;

	for (i = 0; i < img->nwarnings; i++)
		report(img->name, "warning: %s", img->warnings[i].msg);
}

int find_program(const char *name, char *buf, size_t size)
{
	const char *path = getenv("PATH"), *p, *end;

	if (strchr(name, '/')) {
		snprintf(buf, size, "%s", name);
		return 0;
	}
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; *p; p = *end ? end + 1 : end) {
		int len;

		end = strchrnul(p, ':');
		len = (int)(end - p);
		if (len == 0)
			snprintf(buf, size, "%s", name);
		else
			snprintf(buf, size, "%.*s/%s", len, p, name);
		if (access(buf, X_OK) == 0)
			return 0;
	}
	return -ENOENT;
}

/* The slot of @kv's key ("K=" of "K=V") in @env[0..n), or n. */
static size_t env_slot(char **env, size_t n, const char *kv)
{
	size_t klen = strcspn(kv, "=") + 1, i;

	for (i = 0; i < n && strncmp(env[i], kv, klen); i++)
		;
	return i;
}

char **env_make(char *const base[], char *const sets[], size_t nsets)
{
	size_t nenv = 0, n = 0, i, slot;
	char **env;

	while (base && base[nenv])
		nenv++;
	env = calloc(nenv + nsets + 1, sizeof(*env));
	for (i = 0; env && i < nenv + nsets; i++) {
		char *kv = i < nenv ? base[i] : sets[i - nenv];

		if (!strchr(kv, '=') || kv[0] == '=')
			continue;	/* not K=V: the kernel passes it, we skip */
		slot = env_slot(env, n, kv);
		env[slot] = kv;
		n += slot == n;
	}
	return env;
}

/* Exit as the child did: same code, or killed by the same signal. */
void exit_like(int status)
{
	struct rlimit no_core = { 0, 0 };
	int sig;

	if (WIFEXITED(status))
		exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	raise(sig);
	exit(128 + sig);
}
