// SPDX-License-Identifier: MIT
/*
 * Presenting a plan the way /proc/PID/maps presents a process: merged
 * VMAs (the kernel merges adjacent compatible mappings) and the exact
 * text format of fs/proc/task_mmu.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <elfload/plan.h>
#include <elfload/program.h>

#include "internal.h"
#include "program_int.h"

/* Would the kernel merge @b into @a, which ends where @b starts? */
static bool mergeable(const struct elfload_vma *a, const struct elfload_vma *b)
{
	if (a->end != b->start || a->prot != b->prot || a->shared != b->shared)
		return false;
	if (a->kind == ELFLOAD_VMA_BSS && b->kind == ELFLOAD_VMA_BSS)
		return true;
	return a->kind == ELFLOAD_VMA_SEGMENT &&
	       b->kind == ELFLOAD_VMA_SEGMENT && a->owner == b->owner &&
	       a->offset + (a->end - a->start) == b->offset;
}

size_t elfload_plan_maps(const struct elfload_plan *plan,
			 struct elfload_vma *out, size_t max)
{
	size_t i, n = 0;
	struct elfload_vma cur;

	for (i = 0; i < plan->nvmas; i++) {
		if (i && mergeable(&cur, &plan->vmas[i])) {
			cur.end = plan->vmas[i].end;
			continue;
		}
		if (i && n++ < max)
			out[n - 1] = cur;
		cur = plan->vmas[i];
	}
	if (plan->nvmas && n++ < max)
		out[n - 1] = cur;
	return n;
}

const struct elfload_file_id *
elfload_plan_vma_file(const struct elfload_plan_input *in,
		      const struct elfload_vma *vma)
{
	if (vma->kind != ELFLOAD_VMA_SEGMENT)
		return NULL;
	return vma->owner == ELFLOAD_OWNER_INTERP ? in->interp_file :
						    in->exe_file;
}

/* Append @s with the kernel's escaping of '\n' in paths (\012). */
static size_t put_path(char *buf, size_t size, size_t n, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			n += (size_t)snprintf(buf + (n < size ? n : size),
					      n < size ? size - n : 0, "\\012");
		else if (n + 1 < size)
			buf[n++] = *s;
		else
			n++;
	}
	return n;
}

int elfload_format_maps_line(const struct elfload_vma *vma,
			     const struct elfload_file_id *file, char *buf,
			     size_t size)
{
	const char *name = file ? file->path : vma->name;
	/* The header is padded to this width when a name follows. */
	const int width = 25 + (int)sizeof(void *) * 6 - 1;
	int n;

	n = snprintf(buf, size, "%08" PRIx64 "-%08" PRIx64 " %c%c%c%c %08" PRIx64
		     " %02x:%02x %" PRIu64 " ",
		     vma->start, vma->end,
		     vma->prot & ELFLOAD_PROT_READ ? 'r' : '-',
		     vma->prot & ELFLOAD_PROT_WRITE ? 'w' : '-',
		     vma->prot & ELFLOAD_PROT_EXEC ? 'x' : '-',
		     vma->shared ? 's' : 'p', file ? vma->offset : 0,
		     file ? file->dev_major : 0, file ? file->dev_minor : 0,
		     file ? file->inode : 0);
	if (n < 0)
		return n;
	/* Past a short buffer's end, only count what would be written. */
	if (name) {
		if (n < width)
			n += snprintf(buf + ((size_t)n < size ? (size_t)n : size),
				      (size_t)n < size ? size - (size_t)n : 0,
				      "%*s", width - n, "");
		if ((size_t)n + 1 < size)
			buf[n] = ' ';
		n = (int)put_path(buf, size, (size_t)n + 1, name);
	}
	/* Like snprintf: always terminated, returns the full length. */
	if ((size_t)n + 1 < size)
		buf[n] = '\n';
	n++;
	if (size)
		buf[(size_t)n < size ? (size_t)n : size - 1] = '\0';
	return n;
}

void elfload_program_maps_lines(const struct elfload_program *prog,
				void (*fn)(const char *line,
					   const struct elfload_vma *vma,
					   void *arg),
				void *arg)
{
	struct elfload_vma vmas[ELFLOAD_PLAN_MAX_VMAS];
	size_t i, n = elfload_plan_maps(&prog->plan, vmas,
					ELFLOAD_PLAN_MAX_VMAS);
	/* A header and a path with every byte escaped (\012). */
	char line[128 + 4 * PATH_MAX];

	for (i = 0; i < n && i < ELFLOAD_PLAN_MAX_VMAS; i++) {
		elfload_format_maps_line(&vmas[i],
					 elfload_plan_vma_file(&prog->input,
							       &vmas[i]),
					 line, sizeof(line));
		fn(line, &vmas[i], arg);
	}
}

/* A growing string of lines; failed once memory ran out. */
struct maps_text {
	char *text;
	size_t len;
	bool failed;
};

static void append_line(const char *line, const struct elfload_vma *vma,
			void *arg)
{
	struct maps_text *t = arg;
	size_t l = strlen(line);
	char *n;

	(void)vma;
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

char *elfload_program_maps_text(const struct elfload_program *prog)
{
	struct maps_text t = { 0 };

	elfload_program_maps_lines(prog, append_line, &t);
	if (t.failed) {
		free(t.text);
		errno = ENOMEM;
		return NULL;
	}
	return t.text ? t.text : strdup("");
}
