// SPDX-License-Identifier: MIT
/*
 * The one JSON writer of the command: a minimal streaming one, compact
 * (no white space), for the --json documents and the JSON Lines of the
 * fault trace (one document per line: json_init, an object, json_finish).
 */
#include <inttypes.h>

#include "cli.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->need_comma[0] = false;
}

static void put_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

/* Emit the separator and key that come before any value. */
static void prefix(struct json *j, const char *key)
{
	if (j->need_comma[j->depth])
		fputc(',', j->f);
	j->need_comma[j->depth] = true;
	if (key) {
		put_string(j->f, key);
		fputc(':', j->f);
	}
}

void json_key(struct json *j, const char *key)
{
	prefix(j, key);
}

static void open_scope(struct json *j, const char *key, char c)
{
	prefix(j, key);
	fputc(c, j->f);
	if (j->depth < 31)
		j->depth++;
	j->need_comma[j->depth] = false;
}

void json_begin_object(struct json *j, const char *key)
{
	open_scope(j, key, '{');
}

void json_end_object(struct json *j)
{
	j->depth--;
	fputc('}', j->f);
}

void json_begin_array(struct json *j, const char *key)
{
	open_scope(j, key, '[');
}

void json_end_array(struct json *j)
{
	j->depth--;
	fputc(']', j->f);
}

void json_u64(struct json *j, const char *key, uint64_t v)
{
	prefix(j, key);
	fprintf(j->f, "%" PRIu64, v);
}

void json_i64(struct json *j, const char *key, int64_t v)
{
	prefix(j, key);
	fprintf(j->f, "%" PRId64, v);
}

void json_hex(struct json *j, const char *key, uint64_t v)
{
	prefix(j, key);
	fprintf(j->f, "\"0x%" PRIx64 "\"", v);
}

void json_addr(struct json *j, const char *key, uint64_t v)
{
	char hexkey[64];

	json_u64(j, key, v);
	snprintf(hexkey, sizeof(hexkey), "%s_hex", key);
	json_hex(j, hexkey, v);
}

void json_str(struct json *j, const char *key, const char *s)
{
	if (!s) {
		json_null(j, key);
		return;
	}
	prefix(j, key);
	put_string(j->f, s);
}

void json_bool(struct json *j, const char *key, bool v)
{
	prefix(j, key);
	fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j, const char *key)
{
	prefix(j, key);
	fputs("null", j->f);
}

void json_finish(struct json *j)
{
	fputc('\n', j->f);
}

void json_warnings(struct json *j, const struct elfload_image *img)
{
	unsigned i;

	json_begin_array(j, "warnings");
	for (i = 0; i < img->nwarnings; i++)
		json_str(j, NULL, img->warnings[i].msg);
	json_end_array(j);
}
