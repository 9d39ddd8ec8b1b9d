// SPDX-License-Identifier: MIT
/*
 * The input of the initial stack (see initstack.h), and the initial stack
 * of a planned program as a library call (elfload_program_stack).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>

#include <elfload/stack.h>

#include "initstack.h"

uint64_t initstack_planned_special(const struct elfload_plan *plan,
				   const char *name)
{
	size_t i;

	for (i = 0; i < plan->nvmas; i++)
		if (plan->vmas[i].kind == ELFLOAD_VMA_SPECIAL &&
		    !strcmp(plan->vmas[i].name, name))
			return plan->vmas[i].start;
	return 0;
}

/* The layout's special mapping named @name, or NULL. */
static const struct elfload_special *
layout_special(const struct elfload_layout *lay, const char *name)
{
	size_t i;

	for (i = 0; i < lay->nspecial; i++)
		if (!strcmp(lay->special[i].name, name))
			return &lay->special[i];
	return NULL;
}

/* Is @type an auxv entry of @arch's ARCH_DLINFO? */
static bool arch_auxv_type(const struct elfload_arch *arch, uint64_t type)
{
	size_t i;

	for (i = 0; i < arch->nauxv; i++)
		if (arch->auxv[i].type == type)
			return true;
	return false;
}

/*
 * The entries of the architecture's ARCH_DLINFO, first as the kernel
 * writes them: a special mapping's planned start (or entry point), else
 * the host's value of the same type (dropped when the host has none).
 */
static size_t arch_auxv(const struct elfload_program *prog,
			const struct elfload_auxv *host, size_t nhost,
			struct elfload_auxv *out)
{
	const struct elfload_arch *arch = prog->layout.arch;
	size_t i, j, n = 0;

	for (i = 0; i < arch->nauxv; i++) {
		const struct elfload_arch_auxv *a = &arch->auxv[i];
		const struct elfload_special *s =
			a->special ? layout_special(&prog->layout, a->special) :
				     NULL;

		out[n].type = a->type;
		if (a->special) {
			out[n].value = initstack_planned_special(&prog->plan,
								 a->special);
			if (out[n].value && s && a->entry)
				out[n].value += s->entry;
			n += out[n].value != 0;
			continue;
		}
		for (j = 0; j < nhost; j++)
			if (host[j].type == a->type)
				break;
		if (j < nhost)
			out[n++].value = host[j].value;
	}
	return n;
}

/*
 * The kernel's auxiliary vector for this process, with the entries that
 * describe the program replaced by the planned ones.
 */
static int planned_auxv(const struct elfload_program *prog,
			struct elfload_auxv *auxv, size_t *n,
			struct elfload_diag *d)
{
	const struct elfload_plan *plan = &prog->plan;
	struct elfload_auxv host[LOADER_MAX_AUXV];
	size_t i, nhost, out;
	int ret = loader_read_self_auxv(host, LOADER_MAX_AUXV, &nhost, d);

	if (ret)
		return ret;
	out = arch_auxv(prog, host, nhost, auxv);
	for (i = 0; i < nhost && out < LOADER_MAX_AUXV; i++) {
		struct elfload_auxv a = host[i];

		if (arch_auxv_type(prog->layout.arch, a.type) ||
		    arch_auxv_type(loader_arch_native(), a.type))
			continue;
		switch (a.type) {
		case ELFLOAD_AT_EXECFD: continue;
		case ELFLOAD_AT_PHDR: a.value = plan->exe.phdr_addr; break;
		case ELFLOAD_AT_PHENT: a.value = prog->exe->ehdr.phentsize; break;
		case ELFLOAD_AT_PHNUM: a.value = prog->exe->ehdr.phnum; break;
		case ELFLOAD_AT_BASE: a.value = plan->interp.bias; break;
		case ELFLOAD_AT_FLAGS: a.value = 0; break;
		case ELFLOAD_AT_ENTRY: a.value = plan->exe.entry; break;
		default: break;
		}
		auxv[out++] = a;
	}
	*n = out;
	return 0;
}

/* The value of auxv entry @type in @is, or NULL. */
static struct elfload_auxv *auxv_entry(struct initstack *is, uint64_t type)
{
	size_t i;

	for (i = 0; i < is->in.nauxv; i++)
		if (is->auxv[i].type == type)
			return &is->auxv[i];
	return NULL;
}

/*
 * The credentials an exec of a set-ID @prog grants (begin_new_exec,
 * cap_bprm_creds_from_file): the file's owner as the effective user, its
 * group as the effective group, and secure mode when either changed.
 * elfload run cannot grant them; the kernel's own stack has them.
 */
static void setid_creds(const struct elfload_program *prog,
			struct initstack *is)
{
	struct elfload_auxv *uid = auxv_entry(is, ELFLOAD_AT_UID);
	struct elfload_auxv *euid = auxv_entry(is, ELFLOAD_AT_EUID);
	struct elfload_auxv *gid = auxv_entry(is, ELFLOAD_AT_GID);
	struct elfload_auxv *egid = auxv_entry(is, ELFLOAD_AT_EGID);
	struct elfload_auxv *secure = auxv_entry(is, ELFLOAD_AT_SECURE);
	struct stat st;

	if (!prog->exe_id.setid || fstat(prog->exe_fd, &st) < 0 || !uid ||
	    !euid || !gid || !egid || !secure)
		return;
	if (st.st_mode & S_ISUID)
		euid->value = st.st_uid;
	if ((st.st_mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		egid->value = st.st_gid;
	if (euid->value != uid->value || egid->value != gid->value)
		secure->value = 1;
}

/* The kernel's draws: 16 random bytes, and the jitter when randomizing. */
static int draw(const struct elfload_program *prog,
		struct elfload_stack_draws *out, struct elfload_diag *d)
{
	const struct elfload_arch *arch = prog->layout.arch;
	unsigned char jitter[2];

	if (getrandom(out->random, sizeof(out->random), 0) !=
		    sizeof(out->random) ||
	    getrandom(jitter, sizeof(jitter), 0) != sizeof(jitter))
		return elfload_diag_set(d, -errno, "getrandom", -1, NULL, 0, 0,
					"%s", strerror(errno));
	out->jitter = prog->layout.randomize && arch->stack_jitter ?
			      ((unsigned)jitter[0] << 8 | jitter[1]) %
				      arch->stack_jitter :
			      0;
	return 0;
}

int initstack_input(const struct elfload_program *prog, char *const argv[],
		    char *const envp[], const struct elfload_stack_draws *draws,
		    struct initstack *out, struct elfload_diag *d)
{
	const struct elfload_arch *arch = prog->layout.arch;
	struct elfload_stack_draws drawn;
	int ret = 0;

	elfload_diag_clear(d);
	if (!draws) {
		ret = draw(prog, &drawn, d);
		draws = &drawn;
	}
	if (ret)
		return ret;
	memcpy(out->random, draws->random, sizeof(out->random));
	out->in = (struct elfload_stack_input){
		.arch = arch, .top = prog->plan.stack_top,
		.execfn = prog->execfn, .argv = argv, .envp = envp,
		.platform = arch->platform, .random = out->random,
		.align_jitter = draws->jitter, .auxv = out->auxv,
	};
	return planned_auxv(prog, out->auxv, &out->in.nauxv, d);
}

void elfload_initial_stack_free(struct elfload_initial_stack *s)
{
	if (!s)
		return;
	free(s->entries);
	free(s->bytes);
	free(s);
}

/* Build @s->bytes from @is and decode them. */
static int build_and_decode(struct elfload_initial_stack *s,
			    const struct initstack *is, size_t room,
			    struct elfload_diag *d)
{
	unsigned char *buf = malloc(room);
	int ret;

	if (!buf)
		return elfload_diag_set(d, -ENOMEM, "initial stack", -1, NULL,
					0, 0, "out of memory");
	ret = elfload_stack_build(&is->in, buf, room, &s->img, d);
	if (!ret) {
		s->bytes = malloc(s->img.size ? s->img.size : 1);
		if (!s->bytes)
			ret = elfload_diag_set(d, -ENOMEM, "initial stack", -1,
					       NULL, 0, 0, "out of memory");
	}
	if (!ret) {
		memcpy(s->bytes, buf + room - s->img.size, s->img.size);
		ret = elfload_stack_decode(s->arch, s->bytes, s->img.size,
					   s->top, &s->entries, &s->nentries,
					   d);
	}
	free(buf);
	return ret;
}

/*
 * Bytes enough for the whole image: the strings, the end marker, the
 * platform string and random bytes, the jitter, every pointer and auxv
 * word, and the alignment of each part.
 */
static size_t stack_room(const struct elfload_program *prog,
			 char *const argv[], char *const envp[])
{
	const struct elfload_arch *arch = prog->layout.arch;
	size_t words = 2 * (LOADER_MAX_AUXV + 1) + 4, i;

	for (i = 0; argv && argv[i]; i++)
		words++;
	for (i = 0; envp && envp[i]; i++)
		words++;
	return elfload_stack_strings_size(prog->execfn, argv, envp) +
	       (arch->platform ? strlen(arch->platform) + 1 : 0) + 16 +
	       arch->stack_jitter + 4 * arch->stack_align +
	       words * arch->word_size;
}

int elfload_program_stack(const struct elfload_program *prog,
			  char *const argv[], char *const envp[],
			  const struct elfload_stack_draws *draws,
			  struct elfload_initial_stack **out,
			  struct elfload_diag *d)
{
	struct elfload_initial_stack *s = calloc(1, sizeof(*s));
	struct initstack *is = malloc(sizeof(*is));
	size_t room = stack_room(prog, argv, envp);
	int ret;

	*out = NULL;
	if (!s || !is) {
		ret = elfload_diag_set(d, -ENOMEM, "initial stack", -1, NULL,
				       0, 0, "out of memory");
		goto free_all;
	}
	ret = initstack_input(prog, argv, envp, draws, is, d);
	if (ret)
		goto free_all;
	setid_creds(prog, is);
	s->arch = prog->layout.arch;
	s->top = is->in.top;
	memcpy(s->draws.random, is->random, sizeof(s->draws.random));
	s->draws.jitter = is->in.align_jitter;
	ret = build_and_decode(s, is, room, d);
	if (ret)
		goto free_all;
	free(is);
	*out = s;
	return 0;

free_all:
	free(is);
	elfload_initial_stack_free(s);
	return ret;
}
