// SPDX-License-Identifier: MIT
/* Diagnostics: fill a struct elfload_diag with a located, one-line message. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <elfload/diag.h>

void elfload_diag_clear(struct elfload_diag *d)
{
	if (!d)
		return;
	memset(d, 0, sizeof(*d));
	d->index = -1;
}

int elfload_diag_set(struct elfload_diag *d, int err, const char *structure,
		     long index, const char *field, uint64_t value,
		     uint64_t limit, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!d)
		return err;
	d->err = err;
	d->structure = structure;
	d->index = index;
	d->field = field;
	d->value = value;
	d->limit = limit;
	if (structure && index >= 0)
		n = snprintf(d->msg, sizeof(d->msg), "%s %ld: ", structure,
			     index);
	else if (structure)
		n = snprintf(d->msg, sizeof(d->msg), "%s: ", structure);
	if (n < 0 || (size_t)n >= sizeof(d->msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(d->msg + n, sizeof(d->msg) - n, fmt, ap);
	va_end(ap);
	return err;
}
