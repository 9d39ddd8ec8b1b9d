// SPDX-License-Identifier: MIT
/*
 * "#!" parsing with the kernel's rules (fs/binfmt_script.c): the first 256
 * bytes, zero-padded; blanks are ' ' and '\t'; the line ends at the first
 * '\n' found before any NUL; without one, the interpreter name must end
 * (in a blank or NUL) within the buffer; everything after the name and its
 * blanks is one argument.
 */
#include <errno.h>
#include <string.h>

#include <elfload/script.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool terminator(char c)
{
	return blank(c) || c == '\0';
}

/* First non-blank in [p, end), or NULL. */
static char *skip_blanks(char *p, char *end)
{
	for (; p < end; p++)
		if (!blank(*p))
			return p;
	return NULL;
}

/* First blank or NUL in [p, end), or NULL. */
static char *find_terminator(char *p, char *end)
{
	for (; p < end; p++)
		if (terminator(*p))
			return p;
	return NULL;
}

int elfload_script_parse(const void *head, size_t len,
			 struct elfload_script *s)
{
	char *buf = s->buf, *buf_end = buf + ELFLOAD_BINPRM_BUF_SIZE - 1;
	char *i_end, *i_name, *i_sep, *i_arg, *p;

	memset(s->buf, 0, sizeof(s->buf));
	memcpy(buf, head, len < ELFLOAD_BINPRM_BUF_SIZE ? len :
						  ELFLOAD_BINPRM_BUF_SIZE);
	s->name = s->arg = NULL;
	if (buf[0] != '#' || buf[1] != '!')
		return -ENOEXEC;
	/* strnchr(): the search for '\n' stops at the first NUL. */
	i_end = memchr(buf, '\n', strnlen(buf, ELFLOAD_BINPRM_BUF_SIZE));
	if (!i_end) {
		p = skip_blanks(buf + 2, buf_end);
		if (!p || !find_terminator(p, buf_end))
			return -ENOEXEC;	/* no name, or cut short */
		i_end = buf_end;
	}
	while (i_end > buf + 2 && blank(i_end[-1]))
		i_end--;
	i_name = skip_blanks(buf + 2, i_end);
	if (!i_name || i_name == i_end)
		return -ENOEXEC;
	i_sep = find_terminator(i_name, i_end);
	i_arg = NULL;
	if (i_sep && *i_sep)
		i_arg = skip_blanks(i_sep, i_end);
	*i_end = '\0';
	if (i_sep)
		*i_sep = '\0';
	s->name = i_name;
	s->arg = i_arg;
	return 0;
}
