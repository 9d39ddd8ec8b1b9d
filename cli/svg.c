// SPDX-License-Identifier: MIT
/* The SVG root, escaping, sizes and files shared by elfload's pictures. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "svg.h"

void svg_begin(FILE *f, const char *cls, double w, double h, bool standalone)
{
	if (standalone)
		fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" "
		   "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
		   "font-family=\"sans-serif\" font-size=\"12\">\n"
		   "<rect class=\"background\" width=\"%.0f\" height=\"%.0f\" "
		   "fill=\"#ffffff\"/>\n",
		cls, w, h, w, h, w, h);
}

void svg_escape(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		case '\n': case '\t':
			fputc(*s, f);
			break;
		default:
			/* Other control bytes are not XML characters. */
			fputc((unsigned char)*s < 0x20 ? '?' : *s, f);
		}
	}
}

static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB",
				     "PiB", "EiB" };

static const char *human(double v, char buf[32])
{
	unsigned u = 0;

	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, 32, "%.0f B", v);
	else
		snprintf(buf, 32, "%.1f %s", v, units[u]);
	return buf;
}

const char *human_size(uint64_t bytes, char buf[32])
{
	return human((double)bytes, buf);
}

const char *human_size_from_top(uint64_t below, char buf[32])
{
	return human(18446744073709551616.0 - (double)below, buf);
}

FILE *svg_open(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		report(path, "%s", strerror(errno));
	return f;
}

int svg_close(FILE *f, const char *path, int ret)
{
	int err = ferror(f);

	if (fclose(f) || err) {
		if (ret == EXIT_OK)
			report(path, "cannot write the picture");
		ret = ret == EXIT_OK ? EXIT_SYSTEM : ret;
	}
	if (ret != EXIT_OK)
		remove(path);
	return ret;
}
