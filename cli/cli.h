/* SPDX-License-Identifier: MIT */
/* Shared declarations of the elfload command-line tool. */
#ifndef ELFLOAD_CLI_H
#define ELFLOAD_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <elfload/elfload.h>

/* Exit codes, documented in docs/elfload.1. */
enum {
	EXIT_OK = 0,
	EXIT_BAD_ELF = 1,	/* invalid, unsupported or non-regular file */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_SYSTEM = 3,	/* the system refused: ENOENT, EACCES, EIO... */
	EXIT_DIFFERENT = 4,	/* maps/stack --check: prediction and kernel differ */
};

struct command {
	const char *name;
	const char *summary;
	int (*run)(int argc, char **argv);
};

extern const char *progname;

/* Print "elfload: FILE: MESSAGE" on stderr. */
void report(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Exit code for a negative errno returned by the library. */
int exit_code_for(int err);

/* Print a usage error ("elfload COMMAND: ...") and return EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Every command's getopt_long loop: options_begin() first (getopt quiet,
 * from argv[1]); for what getopt returns on a bad option (':' a missing
 * value, with ':' leading the short options; '?' an unknown option), the
 * usage error to return.
 */
void options_begin(void);
int option_error(const char *cmd, int c, char **argv);

/*
 * The "PROG [ARGS...]" operands after the options: PROG found in PATH
 * into @path, *@args pointed at PROG and its arguments.  -1 on success,
 * else the exit code (after the message).
 */
int program_operands(const char *cmd, int argc, char **argv, char *path,
		     size_t size, char ***args);

/*
 * Options shared by the inspection commands: --json and --help, one FILE.
 * Returns -1 to go on, or an exit code to return at once.
 */
struct inspect_opts {
	bool json;
	const char *file;
};
int parse_inspect_opts(const char *cmd, const char *help, int argc,
		       char **argv, struct inspect_opts *o);

/* Open @path as an image, reporting failure; returns NULL on failure. */
struct elfload_image *open_image(const char *path, int *exit_code);

/* Print the image's warnings as "elfload: FILE: warning: ...". */
void report_warnings(const struct elfload_image *img);

/*
 * A small streaming JSON writer (compact output, one document; JSON Lines
 * are one document per line).
 */
struct json {
	FILE *f;
	int depth;
	bool need_comma[32];
};
void json_init(struct json *j, FILE *f);
void json_begin_object(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_hex(struct json *j, const char *key, uint64_t v);
/* An address: "key": N and "key_hex": "0x..." */
void json_addr(struct json *j, const char *key, uint64_t v);
void json_str(struct json *j, const char *key, const char *s);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);
/* Only the separator and "key": the caller writes the value to j->f. */
void json_key(struct json *j, const char *key);
/* The newline that ends a document. */
void json_finish(struct json *j);
/* "warnings": [...] from the image. */
void json_warnings(struct json *j, const struct elfload_image *img);

/*
 * Find PROG as a shell would: a name with a '/' is used as is, another
 * is looked up in $PATH.  Writes the path to @buf; returns 0 or -ENOENT.
 */
int find_program(const char *name, char *buf, size_t size);

/*
 * Report a failure to open or start a program (@d from the library),
 * with the command's hint of how to run it anyway when there is one.
 */
void report_program_error(const char *file, const struct elfload_diag *d);

/*
 * A new environment (NULL-terminated, malloc'd; the strings are
 * borrowed): the "K=V" strings of @base (NULL for none), then each of
 * @sets replacing K.  NULL when out of memory.
 */
char **env_make(char *const base[], char *const sets[], size_t nsets);

/* Exit as a child with wait @status did: same code, or the same signal. */
__attribute__((noreturn)) void exit_like(int status);

int cmd_faults(int argc, char **argv);
int cmd_headers(int argc, char **argv);
int cmd_maps(int argc, char **argv);
int cmd_pagesim(int argc, char **argv);
int cmd_refs(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_segments(int argc, char **argv);
int cmd_stack(int argc, char **argv);
int cmd_sections(int argc, char **argv);

#endif
