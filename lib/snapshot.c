// SPDX-License-Identifier: MIT
/*
 * A snapshot of a stopped process: what its program could observe at its
 * first instruction.  See snapshot.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <elfload/snapshot.h>

#include "internal.h"
#include "launch_arch.h"
#include "procfile.h"

/* Task flags (include/linux/sched.h) a loader in user space may leave. */
#define PF_FORKNOEXEC 0x40u
#define PF_SUPERPRIV 0x100u

static const char flags_cause[] =
	"PF_SUPERPRIV: PR_SET_MM_MAP used a privilege, and only exec clears "
	"the flag; PF_FORKNOEXEC: run --check forks the elfload side without "
	"an exec (a shell's exec of elfload clears it)";

struct elfload_snapshot *elfload_snapshot_new(void)
{
	return calloc(1, sizeof(struct elfload_snapshot));
}

/* A new field named @name, value not yet set, or NULL. */
static struct elfload_snapshot_field *new_field(struct elfload_snapshot *s,
						const char *name)
{
	struct elfload_snapshot_field *f;

	if (!(s->nfields & (s->nfields + 1)) || !s->fields) {
		/* Grow at 0, 1, 3, 7, ... fields: room for twice as many. */
		f = realloc(s->fields, (s->nfields + 1) * 2 * sizeof(*f));
		if (!f)
			return NULL;
		s->fields = f;
	}
	f = &s->fields[s->nfields];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	if (!f->name)
		return NULL;
	s->nfields++;
	return f;
}

int elfload_snapshot_add(struct elfload_snapshot *s, const char *name,
			 const char *value)
{
	struct elfload_snapshot_field *f = new_field(s, name);

	if (!f || !(f->value = strdup(value)))
		return -ENOMEM;
	return 0;
}

int elfload_snapshot_add_num(struct elfload_snapshot *s, const char *name,
			     uint64_t num, uint64_t residual_mask,
			     const char *residual)
{
	struct elfload_snapshot_field *f = new_field(s, name);
	char text[32];

	if (!f)
		return -ENOMEM;
	snprintf(text, sizeof(text), "0x%" PRIx64, num);
	f->is_num = true;
	f->num = num;
	f->residual_mask = residual_mask;
	f->residual = residual;
	if (!(f->value = strdup(text)))
		return -ENOMEM;
	return 0;
}

void elfload_snapshot_free(struct elfload_snapshot *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nfields; i++) {
		free(s->fields[i].name);
		free(s->fields[i].value);
	}
	free(s->fields);
	free(s->stack);
	free(s);
}

/* @len bytes of @bytes, printable: NULs and other controls as \xNN. */
static char *printable(const char *bytes, size_t len)
{
	char *out = malloc(len * 4 + 1), *p = out;
	size_t i;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)bytes[i];

		if (c < 0x20 || c >= 0x7f || c == '\\')
			p += sprintf(p, "\\x%02x", c);
		else
			*p++ = (char)c;
	}
	*p = '\0';
	return out;
}

/* /proc/PID/@name as one field, its bytes made printable. */
static int add_file(struct elfload_snapshot *s, pid_t pid, const char *name)
{
	size_t len;
	char *bytes = procfile_read(pid, name, &len), *text;
	int ret;

	if (!bytes)
		return elfload_snapshot_add(s, name, "(unreadable)");
	text = printable(bytes, len);
	free(bytes);
	if (!text)
		return -ENOMEM;
	ret = elfload_snapshot_add(s, name, text);
	free(text);
	return ret;
}

/* Call @fn with each line of /proc/PID/@file (newline removed). */
static int each_line(struct elfload_snapshot *s, pid_t pid, const char *file,
		     int (*fn)(struct elfload_snapshot *s, char *line))
{
	size_t len;
	char *text = procfile_read(pid, file, &len), *line, *save = NULL;
	int ret = 0;

	if (!text)
		return -errno;
	for (line = strtok_r(text, "\n", &save); line && !ret;
	     line = strtok_r(NULL, "\n", &save))
		ret = fn(s, line);
	free(text);
	return ret;
}

/* "start-end perms offset dev inode path": keyed by start. */
static int maps_line(struct elfload_snapshot *s, char *line)
{
	char name[64];
	size_t start = strcspn(line, "-");

	snprintf(name, sizeof(name), "maps %.*s", (int)start, line);
	return elfload_snapshot_add(s, name, line + start + 1);
}

/* The status fields a program could tell apart. */
static int status_line(struct elfload_snapshot *s, char *line)
{
	static const char *const wanted[] = {
		"Umask", "Sig", "ShdPnd", "Cap", "NoNewPrivs", "Seccomp",
		"Speculation",
	};
	char *colon = strchr(line, ':'), *v, name[80];
	size_t i;

	if (!colon)
		return 0;
	for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++)
		if (!strncmp(line, wanted[i], strlen(wanted[i])))
			break;
	if (i == sizeof(wanted) / sizeof(wanted[0]))
		return 0;
	*colon = '\0';
	for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
		;
	/*
	 * SigQ is "queued/limit", the queued count of every process of the
	 * user (two kernel execs see different ones): only the limit is the
	 * process's own.
	 */
	if (!strcmp(line, "SigQ") && strchr(v, '/'))
		v = strchr(v, '/') + 1;
	snprintf(name, sizeof(name), "status %s", line);
	/* SigQ "queued/limit": the queued count is the whole user's. */
	if (!strcmp(line, "SigQ") && strchr(v, '/'))
		v = strchr(v, '/') + 1;
	return elfload_snapshot_add(s, name, v);
}

/* "Max stack size  8388608  unlimited  bytes": the name is 26 columns. */
static int limits_line(struct elfload_snapshot *s, char *line)
{
	char name[64];
	size_t n = 26;

	if (strlen(line) <= n || !strncmp(line, "Limit ", 6))
		return 0;
	while (n && line[n - 1] == ' ')
		n--;
	snprintf(name, sizeof(name), "limits %.*s", (int)n, line);
	return elfload_snapshot_add(s, name, line + 26);
}

/*
 * The layout fields of stat (after "pid (comm)", field 3 first): flags,
 * start/end of code, start of stack, start/end of data, start_brk,
 * argument and environment bounds.
 */
static int add_stat(struct elfload_snapshot *s, pid_t pid)
{
	static const struct { int field; const char *name; } wanted[] = {
		{ 9, "flags" }, { 26, "startcode" }, { 27, "endcode" },
		{ 28, "startstack" }, { 45, "start_data" }, { 46, "end_data" },
		{ 47, "start_brk" }, { 48, "arg_start" }, { 49, "arg_end" },
		{ 50, "env_start" }, { 51, "env_end" },
	};
	char *text, *p, name[32];
	size_t len, w = 0;
	int field = 3, ret = 0;

	text = procfile_read(pid, "stat", &len);
	p = text ? strrchr(text, ')') : NULL;
	if (!p) {
		free(text);
		return elfload_snapshot_add(s, "stat", "(unreadable)");
	}
	for (p += 2; *p && w < sizeof(wanted) / sizeof(wanted[0]) && !ret;
	     field++) {
		if (field == wanted[w].field) {
			snprintf(name, sizeof(name), "stat %s", wanted[w].name);
			ret = elfload_snapshot_add_num(
				s, name, strtoull(p, NULL, 10),
				field == 9 ? PF_SUPERPRIV | PF_FORKNOEXEC : 0,
				field == 9 ? flags_cause : NULL);
			w++;
		}
		p += strcspn(p, " ");
		p += *p == ' ';
	}
	free(text);
	return ret;
}

/* /proc/PID/auxv as one field per entry (in the program's own words). */
static int add_auxv(struct elfload_snapshot *s, pid_t pid)
{
	struct elfload_auxv auxv[64];
	char *bytes, name[32], value[64];
	size_t n, i;
	int ret = 0;

	bytes = procfile_auxv(pid, auxv, ARRAY_SIZE(auxv), &n);
	if (!bytes)
		return elfload_snapshot_add(s, "auxv", "(unreadable)");
	for (i = 0; i < n && !ret; i++) {
		snprintf(name, sizeof(name), "auxv[%zu]", i);
		snprintf(value, sizeof(value), "%" PRIu64 " 0x%" PRIx64,
			 auxv[i].type, auxv[i].value);
		ret = elfload_snapshot_add(s, name, value);
	}
	free(bytes);
	return ret;
}

/* A link's target ("(unreadable)" if none), NUL-terminated in @buf. */
static void read_link(pid_t pid, const char *name, char *buf, size_t size)
{
	char path[320];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, name);
	n = readlink(path, buf, size - 1);
	if (n < 0)
		snprintf(buf, size, "(unreadable)");
	else
		buf[n] = '\0';
}

/* The value of "@key:\t..." in fdinfo @text, or "?". */
static void fdinfo_value(const char *text, const char *key, char *buf,
			 size_t size)
{
	const char *p = strstr(text, key);

	snprintf(buf, size, "?");
	if (p && (p == text || p[-1] == '\n'))
		snprintf(buf, size, "%.*s", (int)strcspn(p + strlen(key) + 1,
							  "\n"),
			 p + strlen(key) + 1 + strspn(p + strlen(key) + 1,
						      " \t"));
}

static int add_fd(struct elfload_snapshot *s, pid_t pid, const char *fd)
{
	char name[300], target[512], flags[32], pos[32], value[1024], *info;
	size_t len;

	snprintf(name, sizeof(name), "fd/%s", fd);
	read_link(pid, name, target, sizeof(target));
	snprintf(name, sizeof(name), "fdinfo/%s", fd);
	info = procfile_read(pid, name, &len);
	fdinfo_value(info ? info : "", "flags:", flags, sizeof(flags));
	fdinfo_value(info ? info : "", "pos:", pos, sizeof(pos));
	free(info);
	snprintf(name, sizeof(name), "fd %s", fd);
	snprintf(value, sizeof(value), "%s flags %s pos %s", target, flags, pos);
	return elfload_snapshot_add(s, name, value);
}

static int add_fds(struct elfload_snapshot *s, pid_t pid)
{
	char path[64];
	struct dirent *e;
	DIR *dir;
	int ret = 0;

	snprintf(path, sizeof(path), "/proc/%d/fd", (int)pid);
	dir = opendir(path);
	if (!dir)
		return -errno;
	while (!ret && (e = readdir(dir)))
		if (e->d_name[0] != '.')
			ret = add_fd(s, pid, e->d_name);
	closedir(dir);
	return ret;
}

static int add_regs(struct elfload_snapshot *s, pid_t pid)
{
	struct launch_arch_reg regs[LAUNCH_ARCH_MAX_REGS];
	char name[48];
	size_t n, i;
	int ret = launch_arch_read_regs(pid, regs, &n, &s->word_size);

	if (!ret)
		ret = launch_arch_pc_sp(pid, &s->pc, &s->sp);
	for (i = 0; !ret && i < n; i++) {
		snprintf(name, sizeof(name), "reg %s", regs[i].name);
		ret = elfload_snapshot_add_num(s, name, regs[i].value,
					       regs[i].residual_mask,
					       regs[i].residual);
	}
	return ret;
}

/* The [stack] VMA's bytes through /proc/PID/mem. */
static int read_stack(struct elfload_snapshot *s, pid_t pid)
{
	unsigned long long start = 0, end = 0;
	size_t i;
	ssize_t got;
	char path[64];
	int fd;

	for (i = 0; i < s->nfields; i++)
		if (!strncmp(s->fields[i].name, "maps ", 5) &&
		    strstr(s->fields[i].value, "[stack]") &&
		    sscanf(s->fields[i].name + 5, "%llx", &start) == 1 &&
		    sscanf(s->fields[i].value, "%llx", &end) == 1)
			break;
	if (end <= start)
		return 0;
	s->stack = malloc(end - start);
	if (!s->stack)
		return -ENOMEM;
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	got = pread(fd, s->stack, end - start, (off_t)start);
	close(fd);
	if (got != (ssize_t)(end - start))
		return got < 0 ? -errno : -EIO;
	s->stack_start = start;
	s->stack_len = end - start;
	return 0;
}

static int take(struct elfload_snapshot *s, pid_t pid)
{
	char link[512];
	int ret = add_regs(s, pid);

	if (!ret)
		ret = each_line(s, pid, "maps", maps_line);
	if (!ret)
		ret = read_stack(s, pid);
	if (!ret)
		ret = add_auxv(s, pid);
	if (!ret)
		ret = add_file(s, pid, "cmdline");
	if (!ret)
		ret = add_file(s, pid, "environ");
	read_link(pid, "exe", link, sizeof(link));
	if (!ret)
		ret = elfload_snapshot_add(s, "exe", link);
	if (!ret)
		ret = add_file(s, pid, "comm");
	if (!ret)
		ret = add_file(s, pid, "personality");
	if (!ret)
		ret = each_line(s, pid, "limits", limits_line);
	if (!ret)
		ret = add_stat(s, pid);
	if (!ret)
		ret = each_line(s, pid, "status", status_line);
	if (!ret)
		ret = add_fds(s, pid);
	return ret;
}

int elfload_snapshot_take(int pid, struct elfload_snapshot **out,
			  struct elfload_diag *d)
{
	struct elfload_snapshot *s = elfload_snapshot_new();
	int ret;

	*out = NULL;
	elfload_diag_clear(d);
	if (!s)
		return elfload_diag_set(d, -ENOMEM, "snapshot", -1, NULL, 0, 0,
					"out of memory");
	ret = take(s, pid);
	if (ret) {
		elfload_snapshot_free(s);
		return elfload_diag_set(d, ret, "snapshot", -1, NULL, 0, 0,
					"process %d: %s", pid, strerror(-ret));
	}
	*out = s;
	return 0;
}
