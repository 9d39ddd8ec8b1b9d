/* SPDX-License-Identifier: MIT */
/* elfload report --html: the page's style and script (report_assets.c). */
#ifndef ELFLOAD_CLI_REPORT_H
#define ELFLOAD_CLI_REPORT_H

extern const char report_style[];
extern const char report_script[];

#endif
