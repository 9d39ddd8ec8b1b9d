// SPDX-License-Identifier: MIT
/* elfload faults TRACE: the summary of a trace saved by run --demand. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "trace.h"

static const char faults_help[] =
	"Usage: elfload faults [--json] TRACE\n"
	"Print again the summary of a fault trace written by\n"
	"'elfload run --demand --trace TRACE' (text or JSON Lines): faults\n"
	"per VMA and per section, pages touched against pages mapped, time\n"
	"spent serving.  With --json, write the trace's events as JSON Lines\n"
	"instead.  TRACE - reads standard input.\n\n"
	"Exit status: 0 success, 1 not a valid trace, 2 usage error,\n"
	"3 the file cannot be read.\n";

int cmd_faults(int argc, char **argv)
{
	struct inspect_opts o;
	struct trace t;
	char err[128];
	FILE *f;
	int ret = parse_inspect_opts("faults", faults_help, argc, argv, &o);

	if (ret >= 0)
		return ret;
	f = strcmp(o.file, "-") ? fopen(o.file, "re") : stdin;
	if (!f) {
		report(o.file, "%s", strerror(errno));
		return EXIT_SYSTEM;
	}
	ret = trace_read(f, &t, err, sizeof(err));
	if (f != stdin)
		fclose(f);
	if (ret) {
		report(o.file, "%s", err);
		trace_free(&t);
		return ret == -ENOMEM ? EXIT_SYSTEM : EXIT_BAD_ELF;
	}
	if (o.json)
		trace_write(stdout, &t, TRACE_JSON);
	else
		trace_summary(stdout, &t);
	trace_free(&t);
	return EXIT_OK;
}
