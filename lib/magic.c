// SPDX-License-Identifier: MIT
/* Say what a file that is not ELF looks like, for one-line diagnostics. */
#include <string.h>

#include "internal.h"

struct magic {
	const char *bytes;
	size_t len;
	const char *what;
};

static const struct magic magics[] = {
	{ "#!", 2, "a script (#!)" },
	{ "!<arch>\n", 8, "an ar archive (static library)" },
	{ "!<thin>\n", 8, "a thin ar archive" },
	{ "MZ", 2, "a PE/DOS executable" },
	{ "\x1f\x8b", 2, "gzip data" },
	{ "PK\x03\x04", 4, "a zip archive" },
	{ "\xca\xfe\xba\xbe", 4, "a Mach-O universal binary or Java class" },
	{ "\xfe\xed\xfa\xce", 4, "a Mach-O executable" },
	{ "\xfe\xed\xfa\xcf", 4, "a Mach-O executable" },
	{ "\xce\xfa\xed\xfe", 4, "a Mach-O executable" },
	{ "\xcf\xfa\xed\xfe", 4, "a Mach-O executable" },
	{ "\0asm", 4, "a WebAssembly module" },
	{ "\x7f" "ELF", 4, "a truncated ELF file" },
};

static bool looks_like_text(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 512; i++) {
		unsigned char c = p[i];

		if (c < 0x20 && c != '\n' && c != '\t' && c != '\r' &&
		    c != '\f')
			return false;
		if (c == 0x7f)
			return false;
	}
	return true;
}

const char *describe_non_elf(const unsigned char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return "an empty file";
	for (i = 0; i < ARRAY_SIZE(magics); i++)
		if (n >= magics[i].len &&
		    !memcmp(p, magics[i].bytes, magics[i].len))
			return magics[i].what;
	if (n < 4 && !memcmp(p, "\x7f" "ELF", n))
		return "a truncated ELF file";
	return looks_like_text(p, n) ? "text" : "data of an unknown kind";
}
