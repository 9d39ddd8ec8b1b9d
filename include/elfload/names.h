/* SPDX-License-Identifier: MIT */
/*
 * Human names for ELF constants, spelled exactly as GNU readelf spells
 * them, so that elfload's output can be compared with readelf's.
 *
 * Functions that may need to format an unknown value take a caller
 * buffer (at least ELFLOAD_NAME_MAX bytes) and return either a static
 * string or @buf.
 */
#ifndef ELFLOAD_NAMES_H
#define ELFLOAD_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include <elfload/image.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ELFLOAD_NAME_MAX 64

/* "ELF32", "ELF64", "none", "<unknown: %x>" */
const char *elfload_class_name(unsigned cls, char *buf, size_t n);
/* "2's complement, little endian", ... */
const char *elfload_data_name(unsigned data, char *buf, size_t n);
/* "1 (current)", "0", ... as readelf prints e_ident[EI_VERSION] */
const char *elfload_ident_version_name(unsigned v, char *buf, size_t n);
/* "UNIX - System V", "UNIX - GNU", ... (may depend on e_machine) */
const char *elfload_osabi_name(unsigned osabi, unsigned machine, char *buf,
			       size_t n);
/* "DYN (Position-Independent Executable file)", "EXEC (Executable file)" */
const char *elfload_file_type_name(const struct elfload_image *img, char *buf,
				   size_t n);
/* "Advanced Micro Devices X86-64", "Intel 80386", ... */
const char *elfload_machine_name(unsigned machine, char *buf, size_t n);
/* "LOAD", "GNU_STACK", "LOOS+0x..." (machine and OS/ABI dependent) */
const char *elfload_segment_type_name(const struct elfload_image *img,
				      uint32_t type, char *buf, size_t n);
/* "PROGBITS", "X86_64_UNWIND", "LOUSER+0x..." */
const char *elfload_section_type_name(const struct elfload_image *img,
				      uint32_t type, char *buf, size_t n);
/* readelf -SW "Flg" column letters, e.g. "WAX" */
const char *elfload_section_flags_string(const struct elfload_image *img,
					 uint64_t flags, char *buf, size_t n);
/* readelf -lW "Flg" column, e.g. "R E" */
const char *elfload_segment_flags_string(uint32_t flags, char *buf, size_t n);

#ifdef __cplusplus
}
#endif

#endif
