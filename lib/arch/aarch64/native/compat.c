// SPDX-License-Identifier: MIT
/*
 * Built only on an arm64 host: the compat hooks of loader.h for a host
 * that runs its own programs only.  elfload has no 32-bit ARM (AArch32)
 * description, so an EM_ARM program is refused as a kernel without
 * CONFIG_COMPAT refuses it, and nothing of the compat path is reached.
 */
#include <errno.h>
#include <string.h>

#include "loader.h"

const struct elfload_arch *loader_arch_runs(unsigned machine)
{
	const struct elfload_arch *native = loader_arch_native();

	return machine == native->machine ? native : NULL;
}

int loader_layout_arch(struct elfload_layout *lay,
		       const struct elfload_arch *arch, struct elfload_diag *d)
{
	(void)lay;
	if (arch == loader_arch_native())
		return 0;
	return elfload_diag_set(d, -ENOEXEC, "ELF header", -1, "e_machine",
				arch->machine, 0,
				"%s programs cannot run on aarch64", arch->name);
}

void loader_observe_arch(const struct elfload_layout *lay,
			 struct elfload_observed *obs)
{
	(void)lay;
	memset(obs, 0, sizeof(*obs));
}

int loader_job_arch(const struct elfload_program *prog,
		    struct stage2_job *job, struct elfload_diag *d)
{
	(void)prog;
	(void)job;
	(void)d;
	return 0;
}
