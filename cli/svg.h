/* SPDX-License-Identifier: MIT */
/*
 * What every picture of elfload shares: the SVG root (standalone with
 * its XML declaration, or inline in the HTML report), escaped text, and
 * sizes as people read them.
 */
#ifndef ELFLOAD_CLI_SVG_H
#define ELFLOAD_CLI_SVG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Open the root element (@cls its class) of a @w x @h picture, with a
 * white background; @standalone adds the XML declaration of an .svg file.
 */
void svg_begin(FILE *f, const char *cls, double w, double h, bool standalone);

/*
 * Write @s with &, <, >, " and ' escaped for XML text and attributes;
 * control bytes but newline and tab, which XML cannot hold, as '?'.
 */
void svg_escape(FILE *f, const char *s);

/* @bytes as "4.0 KiB", "127.9 TiB", "16.0 EiB"... into @buf. */
const char *human_size(uint64_t bytes, char buf[32]);

/* The same for 2^64 - @below bytes, which does not fit 64 bits. */
const char *human_size_from_top(uint64_t below, char buf[32]);

/* Open @path for writing: the stream, or NULL after the message. */
FILE *svg_open(const char *path);

/*
 * Close a picture opened by svg_open(); @ret the command's result so
 * far: on failure (either) the file is removed.  Returns the new result.
 */
int svg_close(FILE *f, const char *path, int ret);

#endif
