/* SPDX-License-Identifier: MIT */
/* The parts of `elfload stack` the HTML report draws too. */
#ifndef ELFLOAD_CLI_STACK_H
#define ELFLOAD_CLI_STACK_H

#include <stddef.h>

#include <elfload/stack.h>

/* What goes inside an entry's box: its value, briefly (at most @n - 1). */
void stack_box_text(const struct elfload_stack_entry *e, char *buf, size_t n);

#endif
