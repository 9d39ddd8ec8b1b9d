/* SPDX-License-Identifier: MIT */
/*
 * libelfload: read, validate, plan and load ELF programs in user space.
 *
 * This umbrella header pulls in the whole public API.
 */
#ifndef ELFLOAD_ELFLOAD_H
#define ELFLOAD_ELFLOAD_H

#define ELFLOAD_VERSION "0.1.0"

#include <elfload/arch.h>
#include <elfload/demand.h>
#include <elfload/diag.h>
#include <elfload/elf.h>
#include <elfload/exec.h>
#include <elfload/image.h>
#include <elfload/launch.h>
#include <elfload/names.h>
#include <elfload/oracle.h>
#include <elfload/host.h>
#include <elfload/pager.h>
#include <elfload/extent.h>
#include <elfload/pagesim.h>
#include <elfload/plan.h>
#include <elfload/program.h>
#include <elfload/snapshot.h>
#include <elfload/stack.h>
#include <elfload/validate.h>

#endif
