// SPDX-License-Identifier: MIT
/* elfload: dispatch "elfload COMMAND [OPTIONS] ARGS" to one subcommand. */
#include <string.h>

#include "cli.h"

static const struct command commands[] = {
	{ "headers", "show the ELF header (readelf -h)", cmd_headers },
	{ "segments", "show program headers and section-to-segment mapping",
	  cmd_segments },
	{ "sections", "show section headers (readelf -S)", cmd_sections },
	{ "maps", "predict the memory map at the first instruction",
	  cmd_maps },
	{ "stack", "show the initial stack: argc, argv, envp, auxv",
	  cmd_stack },
	{ "run", "load a program into this process and run it", cmd_run },
	{ "faults", "summarise a fault trace of run --demand", cmd_faults },
	{ "pagesim", "simulate page replacement on a reference string",
	  cmd_pagesim },
	{ "refs", "record the page reference string of a program",
	  cmd_refs },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: %s COMMAND [OPTIONS] FILE|PROG [ARGS...]\n"
		   "Load ELF programs in user space, and show every step.\n"
		   "Programs of this machine and, on x86-64, ia32 (i386) programs\n"
		   "as the kernel's compat loader starts them.\n\n"
		   "Commands:\n", progname);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(f, "\nOptions:\n"
		   "  --help     show this help ('%s COMMAND --help' for one command)\n"
		   "  --version  show the version\n\n"
		   "Exit status: 0 success, 1 invalid or unsupported ELF file,\n"
		   "2 usage error, 3 system error (see elfload(1)).\n",
		   progname);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		print_help(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("elfload %s\n", ELFLOAD_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	report(NULL, "unknown command '%s' (try '%s --help')", argv[1],
	       progname);
	return EXIT_USAGE;
}
