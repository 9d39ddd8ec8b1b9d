// SPDX-License-Identifier: MIT
/*
 * elfload refs: record the page reference string of a program run, for
 * elfload pagesim.
 *
 * The program runs under valgrind's lackey tool with --trace-mem=yes,
 * which writes one record per instruction fetch (I), data load (L),
 * store (S) and modify (M, a load and a store of the same bytes) with
 * its address and size.  Records are read from a pipe as valgrind runs
 * (--log-fd), so the log never lands on disk.
 *
 * Only the program's own pages count: those of its PT_LOAD segments,
 * numbered VP0, VP1, ... in address order across the segments (pages
 * outside every segment get no number; a page two segments share gets
 * one).  An access that straddles a page boundary references both pages,
 * in address order.  Libraries, the dynamic linker, the stack and the
 * heap are left out.
 *
 * Where the program was loaded: valgrind loads the executable itself.
 * For ET_EXEC the addresses are the link-time ones.  For ET_DYN (PIE)
 * valgrind chooses the base, and says so only in its own debug output:
 * with -v -v it prints "Reading syms from PATH" and then
 * "svma 0x..., avma 0x..." for each object it reads symbols from, where
 * svma is a link-time address and avma where it is mapped; the load bias
 * is avma - svma.  That line comes before the first instruction runs.
 * (Sampling /proc/PID/maps would race with short programs, and the
 * loader's own planner says nothing about valgrind's placement.)
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

static const char refs_help[] =
	"Usage: elfload refs [--out FILE] [--collapse] PROG [ARGS...]\n"
	"Run PROG under valgrind (lackey, --trace-mem=yes) and write the\n"
	"page reference string of its own PT_LOAD segments, for 'elfload\n"
	"pagesim': every instruction fetch, load, store and modify, as the\n"
	"number of the page it touches (both pages when it straddles two).\n"
	"Pages are numbered VP0, VP1, ... in address order across the\n"
	"segments; '#' lines name the segments and their VP ranges.\n"
	"Libraries, stack and heap are left out; only the first process is\n"
	"followed (not forked children or exec'd programs).\n\n"
	"  --out FILE   write the string to FILE (default: standard output,\n"
	"               and PROG's standard output goes to standard error)\n"
	"  --collapse   drop immediate repeats of a page (A A -> A): fewer\n"
	"               references, the same faults for every pagesim policy\n"
	"  --help       show this help\n\n"
	"Exit status 0 when the string was recorded, whatever PROG's own\n"
	"status (written as the last '#' line); needs valgrind.\n";

/* One range of pages [start, end) (link-time), numbered from vp. */
struct vp_run {
	uint64_t start, end;
	uint64_t vp;
};

struct vp_map {
	struct vp_run *runs;	/* sorted, disjoint */
	size_t nruns;
	uint64_t pagesz;
	uint64_t npages;
};

struct refs_opts {
	const char *out;
	bool collapse;
	char path[PATH_MAX];
	char **argv;		/* PROG ARGS... */
};

/* What the log told so far, and what was written. */
struct refs_run {
	const struct vp_map *map;
	const struct elfload_image *img;
	const char *exe;	/* realpath of PROG, as valgrind names it */
	bool header_done;	/* written with the first reference */
	bool dyn;
	bool bias_known, syms_line;
	uint64_t bias;
	bool collapse, have_last;
	uint64_t last_vp;
	FILE *out;
	uint64_t records[4];	/* I, L, S, M inside the segments */
	uint64_t outside;	/* records outside them */
	uint64_t refs, dropped;
};

/* ---- the VP numbering ---------------------------------------------- */

static int cmp_run(const void *a, const void *b)
{
	const struct vp_run *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Pages of every PT_LOAD, merged where they overlap, numbered. */
static int build_vp_map(const struct elfload_image *img, uint64_t pagesz,
			struct vp_map *m)
{
	struct elfload_extent ext;
	size_t i, n = 0;

	m->pagesz = pagesz;
	m->runs = calloc(img->phnum ? img->phnum : 1, sizeof(*m->runs));
	if (!m->runs)
		return -ENOMEM;
	for (i = 0; i < img->phnum; i++)
		if (img->phdrs[i].type == ELFLOAD_PT_LOAD &&
		    elfload_segment_extent(&img->phdrs[i], pagesz, &ext) &&
		    ext.end > ext.start) {
			m->runs[n].start = ext.start;
			m->runs[n++].end = ext.end;
		}
	qsort(m->runs, n, sizeof(*m->runs), cmp_run);
	m->nruns = 0;
	for (i = 0; i < n; i++) {
		struct vp_run *last = m->nruns ? &m->runs[m->nruns - 1] : NULL;

		if (last && m->runs[i].start <= last->end) {
			if (m->runs[i].end > last->end)
				last->end = m->runs[i].end;
			continue;
		}
		m->runs[m->nruns++] = m->runs[i];
	}
	m->npages = 0;
	for (i = 0; i < m->nruns; i++) {
		m->runs[i].vp = m->npages;
		m->npages += (m->runs[i].end - m->runs[i].start) / pagesz;
	}
	return 0;
}

/* The VP of link-time address @addr, or false outside every segment. */
static bool vp_of(const struct vp_map *m, uint64_t addr, uint64_t *vp)
{
	size_t lo = 0, hi = m->nruns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (addr < m->runs[mid].start) {
			hi = mid;
		} else if (addr >= m->runs[mid].end) {
			lo = mid + 1;
		} else {
			*vp = m->runs[mid].vp +
			      (addr - m->runs[mid].start) / m->pagesz;
			return true;
		}
	}
	return false;
}

/*
 * The '#' lines that name the segments, written with the first
 * reference: a run that fails before leaves the output empty.
 */
static void write_header(struct refs_run *r)
{
	const struct elfload_image *img = r->img;
	const struct vp_map *m = r->map;
	struct elfload_extent ext;
	uint64_t first, last;
	FILE *out = r->out;
	char flags[8];
	size_t i;

	if (r->header_done)
		return;
	r->header_done = true;
	fprintf(out, "# elfload refs 1\n# program %s (%s), page size %" PRIu64
		     ", %" PRIu64 " pages VP0-VP%" PRIu64 "\n",
		r->exe, img->ehdr.type == ELFLOAD_ET_DYN ? "ET_DYN" : "ET_EXEC",
		m->pagesz, m->npages, m->npages ? m->npages - 1 : 0);
	for (i = 0; i < img->phnum; i++) {
		const struct elfload_phdr *ph = &img->phdrs[i];

		if (ph->type != ELFLOAD_PT_LOAD ||
		    !elfload_segment_extent(ph, m->pagesz, &ext))
			continue;
		fprintf(out, "# segment %zu: 0x%" PRIx64 "-0x%" PRIx64 " %s ",
			i, ext.start, ext.end,
			elfload_segment_flags_string(ph->flags, flags,
						     sizeof(flags)));
		if (ext.end > ext.start && vp_of(m, ext.start, &first) &&
		    vp_of(m, ext.end - 1, &last))
			fprintf(out, "VP%" PRIu64 "-VP%" PRIu64 "\n", first,
				last);
		else
			fprintf(out, "(no pages)\n");
	}
	if (r->dyn)
		fprintf(out, "# load bias under valgrind 0x%" PRIx64 "\n",
			r->bias);
}

/* ---- reading valgrind's log ---------------------------------------- */

static bool parse_hex(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			break;
		if (x >> 60)
			return false;
		x = x * 16 + d;
	}
	if (s == *p)
		return false;
	*p = s;
	*v = x;
	return true;
}

static void emit(struct refs_run *r, uint64_t vp)
{
	if (r->collapse && r->have_last && vp == r->last_vp) {
		r->dropped++;
		return;
	}
	r->have_last = true;
	r->last_vp = vp;
	r->refs++;
	write_header(r);
	fprintf(r->out, "%" PRIu64 "\n", vp);
}

/* "I  addr,size" or " K addr,size": the pages it touches, in order. */
static void trace_record(struct refs_run *r, int kind, const char *p)
{
	uint64_t addr, size, page, last, vp;
	char *end;
	bool inside = false;

	if (!parse_hex(&p, &addr) || *p++ != ',')
		return;
	size = strtoull(p, &end, 10);
	addr -= r->bias;	/* link-time address, modulo 2^64 */
	if (end == p || size == 0 || size - 1 > UINT64_MAX - addr)
		return;
	page = addr & ~(r->map->pagesz - 1);
	last = (addr + size - 1) & ~(r->map->pagesz - 1);
	for (;; page += r->map->pagesz) {
		if (vp_of(r->map, page, &vp)) {
			emit(r, vp);
			inside = true;
		}
		if (page == last)
			break;
	}
	if (inside)
		r->records[kind]++;
	else
		r->outside++;
}

/*
 * A line of valgrind's own: "--PID-- Reading syms from PATH", and the
 * "--PID--    svma 0x..., avma 0x..." line after the one for PROG.
 */
static void message_line(struct refs_run *r, const char *line)
{
	static const char syms[] = "Reading syms from ";
	const char *p = line + 2, *msg;
	uint64_t svma, avma;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == line + 2 || strncmp(p, "-- ", 3))
		return;
	msg = p + 3;
	if (!strncmp(msg, syms, sizeof(syms) - 1)) {
		r->syms_line = !strcmp(msg + sizeof(syms) - 1, r->exe);
		return;
	}
	while (*msg == ' ')
		msg++;
	if (r->syms_line && !r->bias_known && !strncmp(msg, "svma 0x", 7)) {
		p = msg + 7;
		if (parse_hex(&p, &svma) && !strncmp(p, ", avma 0x", 9)) {
			p += 9;
			if (parse_hex(&p, &avma) &&
			    !((avma - svma) & (r->map->pagesz - 1))) {
				r->bias = avma - svma;
				r->bias_known = true;
			}
		}
	}
	r->syms_line = false;
}

/* One log line; false when the records cannot be placed (no bias). */
static bool log_line(struct refs_run *r, char *line)
{
	static const char kinds[] = "ILSM";
	const char *k;

	line[strcspn(line, "\n")] = '\0';
	if (line[0] == 'I' && line[1] == ' ' && line[2] == ' ')
		k = kinds;
	else if (line[0] == ' ' && line[1] && strchr("LSM", line[1]) &&
		 line[2] == ' ')
		k = strchr(kinds, line[1]);
	else {
		if (line[0] == '-' && line[1] == '-')
			message_line(r, line);
		return true;
	}
	if (r->dyn && !r->bias_known)
		return false;
	trace_record(r, (int)(k - kinds), line + 3);
	return true;
}

/* ---- running valgrind ---------------------------------------------- */

/* valgrind's argument vector for PROG (calloc'd), or NULL. */
static char **valgrind_argv(const struct refs_opts *o, char *fdarg)
{
	size_t n = 0, i = 0;
	char **argv;

	while (o->argv[n])
		n++;
	argv = calloc(n + 12, sizeof(*argv));
	if (!argv)
		return NULL;
	argv[i++] = "valgrind";
	argv[i++] = "--tool=lackey";
	argv[i++] = "--trace-mem=yes";
	argv[i++] = "--trace-children=no";
	argv[i++] = "--child-silent-after-fork=yes";
	argv[i++] = "--vgdb=no";
	argv[i++] = "-v";
	argv[i++] = "-v";
	argv[i++] = fdarg;
	argv[i++] = (char *)o->path;
	memcpy(argv + i, o->argv + 1, n * sizeof(*argv));	/* with NULL */
	return argv;
}

/*
 * Start valgrind on PROG (posix_spawn: the library owns fork); returns
 * its pid and the log's read end, or -1 with errno set.
 */
static pid_t start_valgrind(const char *valgrind, const struct refs_opts *o,
			    int *logfd)
{
	posix_spawn_file_actions_t fa;
	char fdarg[32], **argv;
	int fds[2], err;
	pid_t pid;

	/* The write end alone goes to valgrind. */
	if (pipe(fds) < 0)
		return -1;
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	snprintf(fdarg, sizeof(fdarg), "--log-fd=%d", fds[1]);
	argv = valgrind_argv(o, fdarg);
	err = argv ? posix_spawn_file_actions_init(&fa) : ENOMEM;
	if (!err) {
		/* Keep the string on standard output clean. */
		if (!o->out)
			posix_spawn_file_actions_adddup2(&fa, STDERR_FILENO,
							 STDOUT_FILENO);
		fflush(NULL);
		err = posix_spawn(&pid, valgrind, &fa, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
	}
	free(argv);
	close(fds[1]);
	if (err) {
		close(fds[0]);
		errno = err;
		return -1;
	}
	*logfd = fds[0];
	return pid;
}

static void write_footer(struct refs_run *r, int status)
{
	write_header(r);
	fprintf(r->out,
		"# %" PRIu64 " references from %" PRIu64 " instruction fetches, "
		"%" PRIu64 " loads, %" PRIu64 " stores, %" PRIu64
		" modifies; %" PRIu64 " accesses outside the segments\n",
		r->refs, r->records[0], r->records[1], r->records[2],
		r->records[3], r->outside);
	if (r->collapse)
		fprintf(r->out, "# %" PRIu64 " immediate repeats dropped\n",
			r->dropped);
	if (WIFEXITED(status))
		fprintf(r->out, "# exit status %d\n", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		fprintf(r->out, "# killed by signal %d\n", WTERMSIG(status));
}

/* Run PROG and copy its references to r->out; returns an exit code. */
static int record(const char *valgrind, const struct refs_opts *o,
		  struct refs_run *r)
{
	char *line = NULL;
	size_t size = 0;
	int logfd, status = 0, ret = EXIT_OK;
	pid_t pid = start_valgrind(valgrind, o, &logfd);
	FILE *log;

	if (pid < 0) {
		report(valgrind, "%s", strerror(errno));
		return EXIT_SYSTEM;
	}
	log = fdopen(logfd, "r");
	if (!log) {
		report(valgrind, "%s", strerror(errno));
		close(logfd);
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return EXIT_SYSTEM;
	}
	while (getline(&line, &size, log) >= 0) {
		if (!log_line(r, line)) {
			report(o->path, "valgrind did not say where it loaded "
			       "the program (no 'svma, avma' line)");
			kill(pid, SIGKILL);
			ret = EXIT_SYSTEM;
			break;
		}
	}
	free(line);
	fclose(log);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (ret == EXIT_OK && r->refs + r->dropped == 0) {
		report(o->path, "valgrind recorded no references in the "
		       "program's segments");
		ret = EXIT_SYSTEM;
	}
	if (ret == EXIT_OK)
		write_footer(r, status);
	return ret;
}

/* ---- the command ---------------------------------------------------- */

static int parse_refs_opts(int argc, char **argv, struct refs_opts *o)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "collapse", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	options_begin();
	while ((c = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->out = optarg;
			break;
		case 'c':
			o->collapse = true;
			break;
		case 'h':
			fputs(refs_help, stdout);
			return EXIT_OK;
		default:
			return option_error("refs", c, argv);
		}
	}
	return program_operands("refs", argc, argv, o->path, sizeof(o->path),
				&o->argv);
}

/* PROG must be an executable ELF file with something to load. */
static struct elfload_image *open_prog(const struct refs_opts *o, int *ret)
{
	struct elfload_image *img = open_image(o->path, ret);
	size_t i, loads = 0;

	if (!img)
		return NULL;
	for (i = 0; img->phdrs && i < img->phnum; i++)
		loads += img->phdrs[i].type == ELFLOAD_PT_LOAD;
	*ret = EXIT_BAD_ELF;
	if (img->ehdr.type != ELFLOAD_ET_EXEC && img->ehdr.type != ELFLOAD_ET_DYN) {
		report(o->path, "not an executable (e_type %u)",
		       img->ehdr.type);
	} else if (img->phdr_diag.err) {
		report(o->path, "%s", img->phdr_diag.msg);
	} else if (!loads) {
		report(o->path, "no PT_LOAD segment");
	} else if (access(o->path, X_OK) < 0) {
		report(o->path, "%s", strerror(errno));
		*ret = EXIT_SYSTEM;
	} else {
		return img;
	}
	elfload_image_free(img);
	return NULL;
}

static int refs_with(const struct refs_opts *o, const char *valgrind,
		     const struct elfload_image *img, FILE *out)
{
	char *exe = realpath(o->path, NULL);
	struct vp_map map = { 0 };
	struct refs_run r = { .map = &map, .img = img, .exe = exe,
			      .collapse = o->collapse, .out = out,
			      .dyn = img->ehdr.type == ELFLOAD_ET_DYN };
	int ret = EXIT_SYSTEM;

	if (!exe || build_vp_map(img, elfload_host_page_size(), &map) < 0)
		report(o->path, "%s", strerror(errno));
	else
		ret = record(valgrind, o, &r);
	free(map.runs);
	free(exe);
	return ret;
}

int cmd_refs(int argc, char **argv)
{
	struct refs_opts o;
	struct elfload_image *img;
	char valgrind[PATH_MAX];
	FILE *out = stdout;
	int ret = parse_refs_opts(argc, argv, &o);

	if (ret >= 0)
		return ret;
	if (find_program("valgrind", valgrind, sizeof(valgrind)) < 0) {
		report("valgrind", "not found in PATH; elfload refs needs it "
		       "(Debian package valgrind)");
		return EXIT_SYSTEM;
	}
	img = open_prog(&o, &ret);
	if (!img)
		return ret;
	if (o.out && !(out = fopen(o.out, "w"))) {
		report(o.out, "%s", strerror(errno));
		elfload_image_free(img);
		return EXIT_SYSTEM;
	}
	ret = refs_with(&o, valgrind, img, out);
	elfload_image_free(img);
	if (out != stdout && fclose(out) && ret == EXIT_OK) {
		report(o.out, "%s", strerror(errno));
		ret = EXIT_SYSTEM;
	}
	if (out != stdout && ret != EXIT_OK)
		remove(o.out);
	if (ret == EXIT_OK && fflush(stdout)) {
		report(NULL, "standard output: %s", strerror(errno));
		ret = EXIT_SYSTEM;
	}
	return ret;
}
