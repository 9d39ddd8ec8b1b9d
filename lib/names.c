// SPDX-License-Identifier: MIT
/*
 * Human names for ELF constants, spelled exactly as GNU readelf 2.40
 * prints them in "readelf -hlSW", so that elfload's output can be
 * compared with readelf's line by line.
 *
 * The spellings (typos included) and the formats used for values that
 * have no name were checked against readelf 2.40 itself, by feeding it
 * synthetic headers for every e_machine, every OS/ABI byte and the
 * interesting ranges of p_type, sh_type and sh_flags.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <elfload/elf.h>
#include <elfload/image.h>
#include <elfload/names.h>

/* A value and its name; tables end with a NULL name. */
struct name_entry {
	uint32_t value;
	const char *name;
};

static const char *lookup(const struct name_entry *t, uint32_t value)
{
	for (; t->name; t++)
		if (t->value == value)
			return t->name;
	return NULL;
}

/* snprintf into the caller's buffer and hand the buffer back. */
static const char *fmt_name(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static const char *fmt_name(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (!buf || !n)
		return "";
	va_start(ap, fmt);
	vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return buf;
}

const char *elfload_class_name(unsigned cls, char *buf, size_t n)
{
	switch (cls) {
	case ELFLOAD_ELFCLASSNONE:
		return "none";
	case ELFLOAD_ELFCLASS32:
		return "ELF32";
	case ELFLOAD_ELFCLASS64:
		return "ELF64";
	}
	return fmt_name(buf, n, "<unknown: %x>", cls);
}

const char *elfload_data_name(unsigned data, char *buf, size_t n)
{
	switch (data) {
	case ELFLOAD_ELFDATANONE:
		return "none";
	case ELFLOAD_ELFDATA2LSB:
		return "2's complement, little endian";
	case ELFLOAD_ELFDATA2MSB:
		return "2's complement, big endian";
	}
	return fmt_name(buf, n, "<unknown: %x>", data);
}

/* readelf prints the number, then " (current)" or " <unknown>" unless 0. */
const char *elfload_ident_version_name(unsigned v, char *buf, size_t n)
{
	if (v == ELFLOAD_EV_CURRENT)
		return "1 (current)";
	if (v == ELFLOAD_EV_NONE)
		return "0";
	return fmt_name(buf, n, "%u <unknown>", v);
}

static const struct name_entry osabi_names[] = {
	{ ELFLOAD_ELFOSABI_NONE, "UNIX - System V" },
	{ ELFLOAD_ELFOSABI_HPUX, "UNIX - HP-UX" },
	{ ELFLOAD_ELFOSABI_NETBSD, "UNIX - NetBSD" },
	{ ELFLOAD_ELFOSABI_GNU, "UNIX - GNU" },
	{ ELFLOAD_ELFOSABI_SOLARIS, "UNIX - Solaris" },
	{ ELFLOAD_ELFOSABI_AIX, "UNIX - AIX" },
	{ ELFLOAD_ELFOSABI_IRIX, "UNIX - IRIX" },
	{ ELFLOAD_ELFOSABI_FREEBSD, "UNIX - FreeBSD" },
	{ ELFLOAD_ELFOSABI_TRU64, "UNIX - TRU64" },
	{ ELFLOAD_ELFOSABI_MODESTO, "Novell - Modesto" },
	{ ELFLOAD_ELFOSABI_OPENBSD, "UNIX - OpenBSD" },
	{ ELFLOAD_ELFOSABI_OPENVMS, "VMS - OpenVMS" },
	{ ELFLOAD_ELFOSABI_NSK, "HP - Non-Stop Kernel" },
	{ ELFLOAD_ELFOSABI_AROS, "AROS" },
	{ ELFLOAD_ELFOSABI_FENIXOS, "FenixOS" },
	{ ELFLOAD_ELFOSABI_CLOUDABI, "Nuxi CloudABI" },
	{ ELFLOAD_ELFOSABI_OPENVOS, "Stratus Technologies OpenVOS" },
	{ 0, NULL }
};

/* Values 64 and up mean something only for the machine that defines them. */
static const char *machine_osabi_name(unsigned osabi, unsigned machine)
{
	switch (machine) {
	case ELFLOAD_EM_AMDGPU:
		if (osabi == ELFLOAD_ELFOSABI_AMDGPU_HSA)
			return "AMD HSA";
		if (osabi == ELFLOAD_ELFOSABI_AMDGPU_PAL)
			return "AMD PAL";
		if (osabi == ELFLOAD_ELFOSABI_AMDGPU_MESA3D)
			return "AMD Mesa3D";
		break;
	case ELFLOAD_EM_ARM:
		if (osabi == ELFLOAD_ELFOSABI_ARM)
			return "ARM";
		if (osabi == ELFLOAD_ELFOSABI_ARM_FDPIC)
			return "ARM FDPIC";
		break;
	case ELFLOAD_EM_MSP430:
	case ELFLOAD_EM_MSP430_OLD:
	case ELFLOAD_EM_VISIUM:
		if (osabi == ELFLOAD_ELFOSABI_STANDALONE)
			return "Standalone App";
		break;
	case ELFLOAD_EM_TI_C6000:
		if (osabi == ELFLOAD_ELFOSABI_C6000_ELFABI)
			return "Bare-metal C6000";
		if (osabi == ELFLOAD_ELFOSABI_C6000_LINUX)
			return "Linux C6000";
		break;
	}
	return NULL;
}

const char *elfload_osabi_name(unsigned osabi, unsigned machine, char *buf,
			       size_t n)
{
	const char *name = NULL;

	if (osabi < 64)
		name = lookup(osabi_names, osabi);
	else
		name = machine_osabi_name(osabi, machine);
	return name ? name : fmt_name(buf, n, "<unknown: %x>", osabi);
}

const char *elfload_file_type_name(const struct elfload_image *img, char *buf,
				   size_t n)
{
	unsigned type = img->ehdr.type;

	switch (type) {
	case ELFLOAD_ET_NONE:
		return "NONE (None)";
	case ELFLOAD_ET_REL:
		return "REL (Relocatable file)";
	case ELFLOAD_ET_EXEC:
		return "EXEC (Executable file)";
	case ELFLOAD_ET_DYN:
		/* readelf looks only at DF_1_PIE in the first DT_FLAGS_1. */
		if (elfload_image_dt_flags_1(img) & ELFLOAD_DF_1_PIE)
			return "DYN (Position-Independent Executable file)";
		return "DYN (Shared object file)";
	case ELFLOAD_ET_CORE:
		return "CORE (Core file)";
	}
	if (type >= ELFLOAD_ET_LOPROC && type <= ELFLOAD_ET_HIPROC)
		return fmt_name(buf, n, "Processor Specific: (%x)", type);
	if (type >= ELFLOAD_ET_LOOS && type <= ELFLOAD_ET_HIOS)
		return fmt_name(buf, n, "OS Specific: (%x)", type);
	return fmt_name(buf, n, "<unknown>: %x", type);
}

/*
 * readelf's machine table.  Several values share a name (the old
 * unofficial numbers, and EM_CR16, which readelf files under MicroBlaze).
 */
static const struct name_entry machine_names[] = {
	{ ELFLOAD_EM_NONE, "None" },
	{ ELFLOAD_EM_M32, "WE32100" },
	{ ELFLOAD_EM_SPARC, "Sparc" },
	{ ELFLOAD_EM_386, "Intel 80386" },
	{ ELFLOAD_EM_68K, "MC68000" },
	{ ELFLOAD_EM_88K, "MC88000" },
	{ ELFLOAD_EM_IAMCU, "Intel MCU" },
	{ ELFLOAD_EM_860, "Intel 80860" },
	{ ELFLOAD_EM_MIPS, "MIPS R3000" },
	{ ELFLOAD_EM_S370, "IBM System/370" },
	{ ELFLOAD_EM_MIPS_RS3_LE, "MIPS R4000 big-endian" },
	{ ELFLOAD_EM_OLD_SPARCV9, "Sparc v9 (old)" },
	{ ELFLOAD_EM_PARISC, "HPPA" },
	{ ELFLOAD_EM_VPP550, "Fujitsu VPP500" },
	{ ELFLOAD_EM_SPARC32PLUS, "Sparc v8+" },
	{ ELFLOAD_EM_960, "Intel 80960" },
	{ ELFLOAD_EM_PPC, "PowerPC" },
	{ ELFLOAD_EM_PPC64, "PowerPC64" },
	{ ELFLOAD_EM_S390, "IBM S/390" },
	{ ELFLOAD_EM_SPU, "SPU" },
	{ ELFLOAD_EM_V800, "Renesas V850 (using RH850 ABI)" },
	{ ELFLOAD_EM_FR20, "Fujitsu FR20" },
	{ ELFLOAD_EM_RH32, "TRW RH32" },
	{ ELFLOAD_EM_MCORE, "MCORE" },
	{ ELFLOAD_EM_ARM, "ARM" },
	{ ELFLOAD_EM_OLD_ALPHA, "Digital Alpha (old)" },
	{ ELFLOAD_EM_SH, "Renesas / SuperH SH" },
	{ ELFLOAD_EM_SPARCV9, "Sparc v9" },
	{ ELFLOAD_EM_TRICORE, "Siemens Tricore" },
	{ ELFLOAD_EM_ARC, "ARC" },
	{ ELFLOAD_EM_H8_300, "Renesas H8/300" },
	{ ELFLOAD_EM_H8_300H, "Renesas H8/300H" },
	{ ELFLOAD_EM_H8S, "Renesas H8S" },
	{ ELFLOAD_EM_H8_500, "Renesas H8/500" },
	{ ELFLOAD_EM_IA_64, "Intel IA-64" },
	{ ELFLOAD_EM_MIPS_X, "Stanford MIPS-X" },
	{ ELFLOAD_EM_COLDFIRE, "Motorola Coldfire" },
	{ ELFLOAD_EM_68HC12, "Motorola MC68HC12 Microcontroller" },
	{ ELFLOAD_EM_MMA, "Fujitsu Multimedia Accelerator" },
	{ ELFLOAD_EM_PCP, "Siemens PCP" },
	{ ELFLOAD_EM_NCPU, "Sony nCPU embedded RISC processor" },
	{ ELFLOAD_EM_NDR1, "Denso NDR1 microprocesspr" },
	{ ELFLOAD_EM_STARCORE, "Motorola Star*Core processor" },
	{ ELFLOAD_EM_ME16, "Toyota ME16 processor" },
	{ ELFLOAD_EM_ST100, "STMicroelectronics ST100 processor" },
	{ ELFLOAD_EM_TINYJ, "Advanced Logic Corp. TinyJ embedded processor" },
	{ ELFLOAD_EM_X86_64, "Advanced Micro Devices X86-64" },
	{ ELFLOAD_EM_PDSP, "Sony DSP processor" },
	{ ELFLOAD_EM_PDP10, "Digital Equipment Corp. PDP-10" },
	{ ELFLOAD_EM_PDP11, "Digital Equipment Corp. PDP-11" },
	{ ELFLOAD_EM_FX66, "Siemens FX66 microcontroller" },
	{ ELFLOAD_EM_ST9PLUS, "STMicroelectronics ST9+ 8/16 bit microcontroller" },
	{ ELFLOAD_EM_ST7, "STMicroelectronics ST7 8-bit microcontroller" },
	{ ELFLOAD_EM_68HC16, "Motorola MC68HC16 Microcontroller" },
	{ ELFLOAD_EM_68HC11, "Motorola MC68HC11 Microcontroller" },
	{ ELFLOAD_EM_68HC08, "Motorola MC68HC08 Microcontroller" },
	{ ELFLOAD_EM_68HC05, "Motorola MC68HC05 Microcontroller" },
	{ ELFLOAD_EM_SVX, "Silicon Graphics SVx" },
	{ ELFLOAD_EM_ST19, "STMicroelectronics ST19 8-bit microcontroller" },
	{ ELFLOAD_EM_VAX, "Digital VAX" },
	{ ELFLOAD_EM_CRIS, "Axis Communications 32-bit embedded processor" },
	{ ELFLOAD_EM_JAVELIN, "Infineon Technologies 32-bit embedded cpu" },
	{ ELFLOAD_EM_FIREPATH, "Element 14 64-bit DSP processor" },
	{ ELFLOAD_EM_ZSP, "LSI Logic's 16-bit DSP processor" },
	{ ELFLOAD_EM_MMIX, "Donald Knuth's educational 64-bit processor" },
	{ ELFLOAD_EM_HUANY,
	  "Harvard Universitys's machine-independent object format" },
	{ ELFLOAD_EM_PRISM, "Vitesse Prism" },
	{ ELFLOAD_EM_AVR, "Atmel AVR 8-bit microcontroller" },
	{ ELFLOAD_EM_FR30, "Fujitsu FR30" },
	{ ELFLOAD_EM_D10V, "d10v" },
	{ ELFLOAD_EM_D30V, "d30v" },
	{ ELFLOAD_EM_V850, "Renesas V850" },
	{ ELFLOAD_EM_M32R, "Renesas M32R (formerly Mitsubishi M32r)" },
	{ ELFLOAD_EM_MN10300, "mn10300" },
	{ ELFLOAD_EM_MN10200, "mn10200" },
	{ ELFLOAD_EM_PJ, "picoJava" },
	{ ELFLOAD_EM_OR1K, "OpenRISC 1000" },
	{ ELFLOAD_EM_ARC_COMPACT, "ARCompact" },
	{ ELFLOAD_EM_XTENSA, "Tensilica Xtensa Processor" },
	{ ELFLOAD_EM_VIDEOCORE, "Alphamosaic VideoCore processor" },
	{ ELFLOAD_EM_TMM_GPP, "Thompson Multimedia General Purpose Processor" },
	{ ELFLOAD_EM_NS32K, "National Semiconductor 32000 series" },
	{ ELFLOAD_EM_TPC, "Tenor Network TPC processor" },
	{ ELFLOAD_EM_SNP1K, "Trebia SNP 1000 processor" },
	{ ELFLOAD_EM_ST200, "STMicroelectronics ST200 microcontroller" },
	{ ELFLOAD_EM_IP2K, "Ubicom IP2xxx 8-bit microcontrollers" },
	{ ELFLOAD_EM_MAX, "MAX Processor" },
	{ ELFLOAD_EM_CR, "National Semiconductor CompactRISC" },
	{ ELFLOAD_EM_F2MC16, "Fujitsu F2MC16" },
	{ ELFLOAD_EM_MSP430, "Texas Instruments msp430 microcontroller" },
	{ ELFLOAD_EM_BLACKFIN, "Analog Devices Blackfin" },
	{ ELFLOAD_EM_SE_C33, "S1C33 Family of Seiko Epson processors" },
	{ ELFLOAD_EM_SEP, "Sharp embedded microprocessor" },
	{ ELFLOAD_EM_ARCA, "Arca RISC microprocessor" },
	{ ELFLOAD_EM_UNICORE, "Unicore" },
	{ ELFLOAD_EM_EXCESS, "eXcess 16/32/64-bit configurable embedded CPU" },
	{ ELFLOAD_EM_DXP, "Icera Semiconductor Inc. Deep Execution Processor" },
	{ ELFLOAD_EM_ALTERA_NIOS2, "Altera Nios II" },
	{ ELFLOAD_EM_CRX, "National Semiconductor CRX microprocessor" },
	{ ELFLOAD_EM_XGATE, "Motorola XGATE embedded processor" },
	{ ELFLOAD_EM_C166, "Infineon Technologies xc16x" },
	{ ELFLOAD_EM_M16C, "Renesas M16C series microprocessors" },
	{ ELFLOAD_EM_DSPIC30F,
	  "Microchip Technology dsPIC30F Digital Signal Controller" },
	{ ELFLOAD_EM_CE, "Freescale Communication Engine RISC core" },
	{ ELFLOAD_EM_M32C, "Renesas M32c" },
	{ ELFLOAD_EM_TSK3000, "Altium TSK3000 core" },
	{ ELFLOAD_EM_RS08, "Freescale RS08 embedded processor" },
	{ ELFLOAD_EM_ECOG2, "Cyan Technology eCOG2 microprocessor" },
	{ ELFLOAD_EM_SCORE, "SUNPLUS S+Core" },
	{ ELFLOAD_EM_DSP24, "New Japan Radio (NJR) 24-bit DSP Processor" },
	{ ELFLOAD_EM_VIDEOCORE3, "Broadcom VideoCore III processor" },
	{ ELFLOAD_EM_LATTICEMICO32, "Lattice Mico32" },
	{ ELFLOAD_EM_SE_C17, "Seiko Epson C17 family" },
	{ ELFLOAD_EM_TI_C6000, "Texas Instruments TMS320C6000 DSP family" },
	{ ELFLOAD_EM_TI_C2000, "Texas Instruments TMS320C2000 DSP family" },
	{ ELFLOAD_EM_TI_C5500, "Texas Instruments TMS320C55x DSP family" },
	{ ELFLOAD_EM_TI_PRU, "TI PRU I/O processor" },
	{ ELFLOAD_EM_MMDSP_PLUS, "STMicroelectronics 64bit VLIW Data Signal Processor" },
	{ ELFLOAD_EM_CYPRESS_M8C, "Cypress M8C microprocessor" },
	{ ELFLOAD_EM_R32C, "Renesas R32C series microprocessors" },
	{ ELFLOAD_EM_TRIMEDIA, "NXP Semiconductors TriMedia architecture family" },
	{ ELFLOAD_EM_QDSP6, "QUALCOMM DSP6 Processor" },
	{ ELFLOAD_EM_8051, "Intel 8051 and variants" },
	{ ELFLOAD_EM_STXP7X, "STMicroelectronics STxP7x family" },
	{ ELFLOAD_EM_NDS32, "Andes Technology compact code size embedded RISC "
		    "processor family" },
	{ ELFLOAD_EM_ECOG1X, "Cyan Technology eCOG1X family" },
	{ ELFLOAD_EM_MAXQ30, "Dallas Semiconductor MAXQ30 Core microcontrollers" },
	{ ELFLOAD_EM_XIMO16, "New Japan Radio (NJR) 16-bit DSP Processor" },
	{ ELFLOAD_EM_MANIK, "M2000 Reconfigurable RISC Microprocessor" },
	{ ELFLOAD_EM_CRAYNV2, "Cray Inc. NV2 vector architecture" },
	{ ELFLOAD_EM_RX, "Renesas RX" },
	{ ELFLOAD_EM_METAG, "Imagination Technologies Meta processor architecture" },
	{ ELFLOAD_EM_MCST_ELBRUS,
	  "MCST Elbrus general purpose hardware architecture" },
	{ ELFLOAD_EM_ECOG16, "Cyan Technology eCOG16 family" },
	{ ELFLOAD_EM_CR16, "Xilinx MicroBlaze" },
	{ ELFLOAD_EM_ETPU, "Freescale Extended Time Processing Unit" },
	{ ELFLOAD_EM_SLE9X, "Infineon Technologies SLE9X core" },
	{ ELFLOAD_EM_L1OM, "Intel L1OM" },
	{ ELFLOAD_EM_K1OM, "Intel K1OM" },
	{ ELFLOAD_EM_INTEL182, "Intel (reserved)" },
	{ ELFLOAD_EM_AARCH64, "AArch64" },
	{ ELFLOAD_EM_ARM184, "ARM (reserved)" },
	{ ELFLOAD_EM_AVR32, "Atmel Corporation 32-bit microprocessor" },
	{ ELFLOAD_EM_STM8, "STMicroeletronics STM8 8-bit microcontroller" },
	{ ELFLOAD_EM_TILE64, "Tilera TILE64 multicore architecture family" },
	{ ELFLOAD_EM_TILEPRO, "Tilera TILEPro multicore architecture family" },
	{ ELFLOAD_EM_MICROBLAZE, "Xilinx MicroBlaze" },
	{ ELFLOAD_EM_CUDA, "NVIDIA CUDA architecture" },
	{ ELFLOAD_EM_TILEGX, "Tilera TILE-Gx multicore architecture family" },
	{ ELFLOAD_EM_CLOUDSHIELD, "CloudShield architecture family" },
	{ ELFLOAD_EM_COREA_1ST, "KIPO-KAIST Core-A 1st generation processor family" },
	{ ELFLOAD_EM_COREA_2ND, "KIPO-KAIST Core-A 2nd generation processor family" },
	{ ELFLOAD_EM_ARC_COMPACT2, "ARCv2" },
	{ ELFLOAD_EM_OPEN8, "Open8 8-bit RISC soft processor core" },
	{ ELFLOAD_EM_RL78, "Renesas RL78" },
	{ ELFLOAD_EM_VIDEOCORE5, "Broadcom VideoCore V processor" },
	{ ELFLOAD_EM_78K0R, "Renesas 78K0R" },
	{ ELFLOAD_EM_56800EX, "Freescale 56800EX Digital Signal Controller (DSC)" },
	{ ELFLOAD_EM_BA1, "Beyond BA1 CPU architecture" },
	{ ELFLOAD_EM_BA2, "Beyond BA2 CPU architecture" },
	{ ELFLOAD_EM_XCORE, "XMOS xCORE processor family" },
	{ ELFLOAD_EM_MCHP_PIC, "Microchip 8-bit PIC(r) family" },
	{ ELFLOAD_EM_INTELGT, "Intel Graphics Technology" },
	{ ELFLOAD_EM_KM32, "KM211 KM32 32-bit processor" },
	{ ELFLOAD_EM_KMX32, "KM211 KMX32 32-bit processor" },
	{ ELFLOAD_EM_KMX16, "KM211 KMX16 16-bit processor" },
	{ ELFLOAD_EM_KMX8, "KM211 KMX8 8-bit processor" },
	{ ELFLOAD_EM_KVARC, "KM211 KVARC processor" },
	{ ELFLOAD_EM_CDP, "Paneve CDP architecture family" },
	{ ELFLOAD_EM_COGE, "Cognitive Smart Memory Processor" },
	{ ELFLOAD_EM_COOL, "Bluechip Systems CoolEngine" },
	{ ELFLOAD_EM_NORC, "Nanoradio Optimized RISC" },
	{ ELFLOAD_EM_CSR_KALIMBA, "CSR Kalimba architecture family" },
	{ ELFLOAD_EM_Z80, "Zilog Z80" },
	{ ELFLOAD_EM_VISIUM, "CDS VISIUMcore processor" },
	{ ELFLOAD_EM_FT32, "FTDI Chip FT32" },
	{ ELFLOAD_EM_MOXIE, "Moxie" },
	{ ELFLOAD_EM_AMDGPU, "AMD GPU" },
	{ ELFLOAD_EM_RISCV, "RISC-V" },
	{ ELFLOAD_EM_LANAI, "Lanai 32-bit processor" },
	{ ELFLOAD_EM_CEVA, "CEVA Processor Architecture Family" },
	{ ELFLOAD_EM_CEVA_X2, "CEVA X2 Processor Family" },
	{ ELFLOAD_EM_BPF, "Linux BPF" },
	{ ELFLOAD_EM_GRAPHCORE_IPU, "Graphcore Intelligent Processing Unit" },
	{ ELFLOAD_EM_IMG1, "Imagination Technologies" },
	{ ELFLOAD_EM_NFP, "Netronome Flow Processor" },
	{ ELFLOAD_EM_VE, "NEC Vector Engine" },
	{ ELFLOAD_EM_CSKY, "C-SKY" },
	{ ELFLOAD_EM_ARC_COMPACT3_64, "Synopsys ARCv2.3 64-bit" },
	{ ELFLOAD_EM_MCS6502, "MOS Technology MCS 6502 processor" },
	{ ELFLOAD_EM_ARC_COMPACT3, "Synopsys ARCv2.3 32-bit" },
	{ ELFLOAD_EM_KVX, "Kalray VLIW core of the MPPA processor family" },
	{ ELFLOAD_EM_65816, "WDC 65816/65C816" },
	{ ELFLOAD_EM_LOONGARCH, "LoongArch" },
	{ ELFLOAD_EM_KF32, "ChipON KungFu32" },
	/* Unofficial numbers, from before the official ones. */
	{ ELFLOAD_EM_AVR_OLD, "Atmel AVR 8-bit microcontroller" },
	{ ELFLOAD_EM_ADAPTEVA_EPIPHANY, "Adapteva EPIPHANY" },
	{ ELFLOAD_EM_MT, "Morpho Techologies MT processor" },
	{ ELFLOAD_EM_CYGNUS_FR30, "Fujitsu FR30" },
	{ ELFLOAD_EM_WEBASSEMBLY, "Web Assembly" },
	{ ELFLOAD_EM_XC16X, "Infineon Technologies xc16x" },
	{ ELFLOAD_EM_S12Z, "Freescale S12Z" },
	{ ELFLOAD_EM_CYGNUS_FRV, "Fujitsu FR-V" },
	{ ELFLOAD_EM_DLX, "OpenDLX" },
	{ ELFLOAD_EM_CYGNUS_D10V, "d10v" },
	{ ELFLOAD_EM_CYGNUS_D30V, "d30v" },
	{ ELFLOAD_EM_IP2K_OLD, "Ubicom IP2xxx 8-bit microcontrollers" },
	{ ELFLOAD_EM_ALPHA, "Alpha" },
	{ ELFLOAD_EM_CYGNUS_M32R, "Renesas M32R (formerly Mitsubishi M32r)" },
	{ ELFLOAD_EM_CYGNUS_V850, "Renesas V850" },
	{ ELFLOAD_EM_S390_OLD, "IBM S/390" },
	{ ELFLOAD_EM_XTENSA_OLD, "Tensilica Xtensa Processor" },
	{ ELFLOAD_EM_XSTORMY16, "Sanyo XStormy16 CPU core" },
	{ ELFLOAD_EM_MICROBLAZE_OLD, "Xilinx MicroBlaze" },
	{ ELFLOAD_EM_CYGNUS_MN10300, "mn10300" },
	{ ELFLOAD_EM_CYGNUS_MN10200, "mn10200" },
	{ ELFLOAD_EM_CYGNUS_MEP, "Toshiba MeP Media Engine" },
	{ ELFLOAD_EM_M32C_OLD, "Altera Nios" },
	{ ELFLOAD_EM_IQ2000, "Vitesse IQ2000" },
	{ ELFLOAD_EM_NIOS32, "Altera Nios" },
	{ 0, NULL }
};

const char *elfload_machine_name(unsigned machine, char *buf, size_t n)
{
	const char *name = lookup(machine_names, machine);

	return name ? name : fmt_name(buf, n, "<unknown>: 0x%x", machine);
}

/* Program header types. */

static const struct name_entry segment_names[] = {
	{ ELFLOAD_PT_NULL, "NULL" },
	{ ELFLOAD_PT_LOAD, "LOAD" },
	{ ELFLOAD_PT_DYNAMIC, "DYNAMIC" },
	{ ELFLOAD_PT_INTERP, "INTERP" },
	{ ELFLOAD_PT_NOTE, "NOTE" },
	{ ELFLOAD_PT_SHLIB, "SHLIB" },
	{ ELFLOAD_PT_PHDR, "PHDR" },
	{ ELFLOAD_PT_TLS, "TLS" },
	{ ELFLOAD_PT_GNU_EH_FRAME, "GNU_EH_FRAME" },
	{ ELFLOAD_PT_GNU_STACK, "GNU_STACK" },
	{ ELFLOAD_PT_GNU_RELRO, "GNU_RELRO" },
	{ ELFLOAD_PT_GNU_PROPERTY, "GNU_PROPERTY" },
	{ ELFLOAD_PT_GNU_SFRAME, "GNU_SFRAME" },
	{ ELFLOAD_PT_OPENBSD_RANDOMIZE, "OPENBSD_RANDOMIZE" },
	{ ELFLOAD_PT_OPENBSD_WXNEEDED, "OPENBSD_WXNEEDED" },
	{ ELFLOAD_PT_OPENBSD_BOOTDATA, "OPENBSD_BOOTDATA" },
	{ 0, NULL }
};

static const struct name_entry aarch64_segment_names[] = {
	{ ELFLOAD_PT_LOPROC + 0, "AARCH64_ARCHEXT" },
	{ ELFLOAD_PT_LOPROC + 2, "AARCH64_MEMTAG_MTE" },
	{ 0, NULL }
};

static const struct name_entry arm_segment_names[] = {
	{ ELFLOAD_PT_LOPROC + 1, "EXIDX" },
	{ 0, NULL }
};

static const struct name_entry mips_segment_names[] = {
	{ ELFLOAD_PT_MIPS_REGINFO, "REGINFO" },
	{ ELFLOAD_PT_MIPS_RTPROC, "RTPROC" },
	{ ELFLOAD_PT_MIPS_OPTIONS, "OPTIONS" },
	{ ELFLOAD_PT_MIPS_ABIFLAGS, "ABIFLAGS" },
	{ 0, NULL }
};

static const struct name_entry parisc_segment_names[] = {
	{ ELFLOAD_PT_LOPROC + 0, "PARISC_ARCHEXT" },
	{ ELFLOAD_PT_LOPROC + 1, "PARISC_UNWIND" },
	{ ELFLOAD_PT_LOPROC + 2, "PARISC_WEAKORDER" },
	{ 0, NULL }
};

static const struct name_entry ia64_segment_names[] = {
	{ ELFLOAD_PT_LOPROC + 0, "IA_64_ARCHEXT" },
	{ ELFLOAD_PT_LOPROC + 1, "IA_64_UNWIND" },
	{ 0, NULL }
};

static const struct name_entry tic6x_segment_names[] = {
	{ ELFLOAD_PT_LOPROC + 0, "C6000_PHATTR" },
	{ 0, NULL }
};

static const struct name_entry s390_segment_names[] = {
	{ ELFLOAD_PT_LOPROC + 0, "S390_PGSTE" },
	{ 0, NULL }
};

static const struct name_entry riscv_segment_names[] = {
	{ ELFLOAD_PT_LOPROC + 3, "RISCV_ATTRIBUTES" },
	{ 0, NULL }
};

/*
 * Processor-specific program header types.  readelf knows none for
 * x86-64, i386 or PowerPC; those print as LOPROC+n like any other.
 */
static const struct name_entry *proc_segment_table(unsigned machine)
{
	switch (machine) {
	case ELFLOAD_EM_AARCH64:
		return aarch64_segment_names;
	case ELFLOAD_EM_ARM:
		return arm_segment_names;
	case ELFLOAD_EM_MIPS:
	case ELFLOAD_EM_MIPS_RS3_LE:
		return mips_segment_names;
	case ELFLOAD_EM_PARISC:
		return parisc_segment_names;
	case ELFLOAD_EM_IA_64:
		return ia64_segment_names;
	case ELFLOAD_EM_TI_C6000:
		return tic6x_segment_names;
	case ELFLOAD_EM_S390:
	case ELFLOAD_EM_S390_OLD:
		return s390_segment_names;
	case ELFLOAD_EM_RISCV:
		return riscv_segment_names;
	}
	return NULL;
}

static const struct name_entry hpux_parisc_segment_names[] = {
	{ ELFLOAD_PT_LOOS + 0x00, "HP_TLS" },
	{ ELFLOAD_PT_LOOS + 0x01, "HP_CORE_NONE" },
	{ ELFLOAD_PT_LOOS + 0x02, "HP_CORE_VERSION" },
	{ ELFLOAD_PT_LOOS + 0x03, "HP_CORE_KERNEL" },
	{ ELFLOAD_PT_LOOS + 0x04, "HP_CORE_COMM" },
	{ ELFLOAD_PT_LOOS + 0x05, "HP_CORE_PROC" },
	{ ELFLOAD_PT_LOOS + 0x06, "HP_CORE_LOADABLE" },
	{ ELFLOAD_PT_LOOS + 0x07, "HP_CORE_STACK" },
	{ ELFLOAD_PT_LOOS + 0x08, "HP_CORE_SHM" },
	{ ELFLOAD_PT_LOOS + 0x09, "HP_CORE_MMF" },
	{ ELFLOAD_PT_LOOS + 0x10, "HP_PARALLEL" },
	{ ELFLOAD_PT_LOOS + 0x11, "HP_FASTBIND" },
	{ ELFLOAD_PT_LOOS + 0x12, "HP_OPT_ANNOT" },
	{ ELFLOAD_PT_LOOS + 0x13, "HP_HSL_ANNOT" },
	{ ELFLOAD_PT_LOOS + 0x14, "HP_STACK" },
	{ ELFLOAD_PT_LOOS + 0x15, "HP_CORE_UTSNAME" },
	{ 0, NULL }
};

static const struct name_entry hpux_ia64_segment_names[] = {
	{ ELFLOAD_PT_LOOS + 0x00, "HP_TLS" },
	{ ELFLOAD_PT_LOOS + 0x12, "HP_OPT_ANNOT" },
	{ ELFLOAD_PT_LOOS + 0x13, "HP_HSL_ANNOT" },
	{ ELFLOAD_PT_LOOS + 0x14, "HP_STACK" },
	{ 0, NULL }
};

/* readelf prints these Solaris names with their "PT_" prefix. */
static const struct name_entry solaris_segment_names[] = {
	{ 0x6464e550, "PT_SUNW_UNWIND" },
	{ 0x6474e550, "PT_SUNW_EH_FRAME" },
	{ 0x6ffffff7, "PT_LOSUNW" },
	{ 0x6ffffffa, "PT_SUNWBSS" },
	{ 0x6ffffffb, "PT_SUNWSTACK" },
	{ 0x6ffffffc, "PT_SUNWDTRACE" },
	{ 0x6ffffffd, "PT_SUNWCAP" },
	{ 0x6fffffff, "PT_HISUNW" },
	{ 0, NULL }
};

/* OS-specific program header types: they depend on EI_OSABI. */
static const char *os_segment_name(unsigned osabi, unsigned machine,
				   uint32_t type, char *buf, size_t n)
{
	switch (osabi) {
	case ELFLOAD_ELFOSABI_GNU:
	case ELFLOAD_ELFOSABI_FREEBSD:
		if (type >= ELFLOAD_PT_GNU_MBIND_LO && type <= ELFLOAD_PT_GNU_MBIND_HI)
			return fmt_name(buf, n, "GNU_MBIND+%#" PRIx32,
					type - ELFLOAD_PT_GNU_MBIND_LO);
		break;
	case ELFLOAD_ELFOSABI_HPUX:
		if (machine == ELFLOAD_EM_PARISC)
			return lookup(hpux_parisc_segment_names, type);
		if (machine == ELFLOAD_EM_IA_64)
			return lookup(hpux_ia64_segment_names, type);
		break;
	case ELFLOAD_ELFOSABI_SOLARIS:
		return lookup(solaris_segment_names, type);
	}
	return NULL;
}

const char *elfload_segment_type_name(const struct elfload_image *img,
				      uint32_t type, char *buf, size_t n)
{
	unsigned machine = img->ehdr.machine;
	unsigned osabi = img->ehdr.ident[ELFLOAD_EI_OSABI];
	const struct name_entry *t;
	const char *name = lookup(segment_names, type);

	if (name)
		return name;
	if (type >= ELFLOAD_PT_LOPROC && type <= ELFLOAD_PT_HIPROC) {
		t = proc_segment_table(machine);
		name = t ? lookup(t, type) : NULL;
		return name ? name : fmt_name(buf, n, "LOPROC+%#" PRIx32,
					      type - ELFLOAD_PT_LOPROC);
	}
	if (type >= ELFLOAD_PT_LOOS && type <= ELFLOAD_PT_HIOS) {
		name = os_segment_name(osabi, machine, type, buf, n);
		return name ? name : fmt_name(buf, n, "LOOS+%#" PRIx32,
					      type - ELFLOAD_PT_LOOS);
	}
	return fmt_name(buf, n, "<unknown>: %" PRIx32, type);
}

/* Section header types. */

static const struct name_entry section_names[] = {
	{ ELFLOAD_SHT_NULL, "NULL" },
	{ ELFLOAD_SHT_PROGBITS, "PROGBITS" },
	{ ELFLOAD_SHT_SYMTAB, "SYMTAB" },
	{ ELFLOAD_SHT_STRTAB, "STRTAB" },
	{ ELFLOAD_SHT_RELA, "RELA" },
	{ ELFLOAD_SHT_RELR, "RELR" },
	{ ELFLOAD_SHT_HASH, "HASH" },
	{ ELFLOAD_SHT_DYNAMIC, "DYNAMIC" },
	{ ELFLOAD_SHT_NOTE, "NOTE" },
	{ ELFLOAD_SHT_NOBITS, "NOBITS" },
	{ ELFLOAD_SHT_REL, "REL" },
	{ ELFLOAD_SHT_SHLIB, "SHLIB" },
	{ ELFLOAD_SHT_DYNSYM, "DYNSYM" },
	{ ELFLOAD_SHT_INIT_ARRAY, "INIT_ARRAY" },
	{ ELFLOAD_SHT_FINI_ARRAY, "FINI_ARRAY" },
	{ ELFLOAD_SHT_PREINIT_ARRAY, "PREINIT_ARRAY" },
	{ ELFLOAD_SHT_GNU_HASH, "GNU_HASH" },
	{ ELFLOAD_SHT_GROUP, "GROUP" },
	{ ELFLOAD_SHT_SYMTAB_SHNDX, "SYMTAB SECTION INDICES" },
	{ ELFLOAD_SHT_GNU_verdef, "VERDEF" },
	{ ELFLOAD_SHT_GNU_verneed, "VERNEED" },
	{ ELFLOAD_SHT_GNU_versym, "VERSYM" },
	/* Old Sun numbers that readelf still names after their GNU twins. */
	{ 0x6ffffff0, "VERSYM" },
	{ 0x6ffffffc, "VERDEF" },
	{ 0x7ffffffd, "AUXILIARY" },
	{ 0x7fffffff, "FILTER" },
	{ ELFLOAD_SHT_GNU_LIBLIST, "GNU_LIBLIST" },
	{ 0, NULL }
};

static const struct name_entry arc_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 1, "ARC_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry mips_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 0x00, "MIPS_LIBLIST" },
	{ ELFLOAD_SHT_LOPROC + 0x01, "MIPS_MSYM" },
	{ ELFLOAD_SHT_LOPROC + 0x02, "MIPS_CONFLICT" },
	{ ELFLOAD_SHT_LOPROC + 0x03, "MIPS_GPTAB" },
	{ ELFLOAD_SHT_LOPROC + 0x04, "MIPS_UCODE" },
	{ ELFLOAD_SHT_LOPROC + 0x05, "MIPS_DEBUG" },
	{ ELFLOAD_SHT_LOPROC + 0x06, "MIPS_REGINFO" },
	{ ELFLOAD_SHT_LOPROC + 0x07, "MIPS_PACKAGE" },
	{ ELFLOAD_SHT_LOPROC + 0x08, "MIPS_PACKSYM" },
	{ ELFLOAD_SHT_LOPROC + 0x09, "MIPS_RELD" },
	{ ELFLOAD_SHT_LOPROC + 0x0b, "MIPS_IFACE" },
	{ ELFLOAD_SHT_LOPROC + 0x0c, "MIPS_CONTENT" },
	{ ELFLOAD_SHT_LOPROC + 0x0d, "MIPS_OPTIONS" },
	{ ELFLOAD_SHT_LOPROC + 0x10, "MIPS_SHDR" },
	{ ELFLOAD_SHT_LOPROC + 0x11, "MIPS_FDESC" },
	{ ELFLOAD_SHT_LOPROC + 0x12, "MIPS_EXTSYM" },
	{ ELFLOAD_SHT_LOPROC + 0x13, "MIPS_DENSE" },
	{ ELFLOAD_SHT_LOPROC + 0x14, "MIPS_PDESC" },
	{ ELFLOAD_SHT_LOPROC + 0x15, "MIPS_LOCSYM" },
	{ ELFLOAD_SHT_LOPROC + 0x16, "MIPS_AUXSYM" },
	{ ELFLOAD_SHT_LOPROC + 0x17, "MIPS_OPTSYM" },
	{ ELFLOAD_SHT_LOPROC + 0x18, "MIPS_LOCSTR" },
	{ ELFLOAD_SHT_LOPROC + 0x19, "MIPS_LINE" },
	{ ELFLOAD_SHT_LOPROC + 0x1a, "MIPS_RFDESC" },
	{ ELFLOAD_SHT_LOPROC + 0x1b, "MIPS_DELTASYM" },
	{ ELFLOAD_SHT_LOPROC + 0x1c, "MIPS_DELTAINST" },
	{ ELFLOAD_SHT_LOPROC + 0x1d, "MIPS_DELTACLASS" },
	{ ELFLOAD_SHT_LOPROC + 0x1e, "MIPS_DWARF" },
	{ ELFLOAD_SHT_LOPROC + 0x1f, "MIPS_DELTADECL" },
	{ ELFLOAD_SHT_LOPROC + 0x20, "MIPS_SYMBOL_LIB" },
	{ ELFLOAD_SHT_LOPROC + 0x21, "MIPS_EVENTS" },
	{ ELFLOAD_SHT_LOPROC + 0x22, "MIPS_TRANSLATE" },
	{ ELFLOAD_SHT_LOPROC + 0x23, "MIPS_PIXIE" },
	{ ELFLOAD_SHT_LOPROC + 0x24, "MIPS_XLATE" },
	{ ELFLOAD_SHT_LOPROC + 0x25, "MIPS_XLATE_DEBUG" },
	{ ELFLOAD_SHT_LOPROC + 0x26, "MIPS_WHIRL" },
	{ ELFLOAD_SHT_LOPROC + 0x27, "MIPS_EH_REGION" },
	{ ELFLOAD_SHT_LOPROC + 0x28, "MIPS_XLATE_OLD" },
	{ ELFLOAD_SHT_LOPROC + 0x29, "MIPS_PDR_EXCEPTION" },
	{ ELFLOAD_SHT_LOPROC + 0x2a, "MIPS_ABIFLAGS" },
	{ ELFLOAD_SHT_LOPROC + 0x2b, "MIPS_XHASH" },
	{ 0, NULL }
};

static const struct name_entry parisc_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 0, "PARISC_EXT" },
	{ ELFLOAD_SHT_LOPROC + 1, "PARISC_UNWIND" },
	{ ELFLOAD_SHT_LOPROC + 2, "PARISC_DOC" },
	{ ELFLOAD_SHT_LOPROC + 3, "PARISC_ANNOT" },
	{ ELFLOAD_SHT_LOPROC + 4, "PARISC_DLKM" },
	{ ELFLOAD_SHT_LOPROC + 8, "PARISC_SYMEXTN" },
	{ ELFLOAD_SHT_LOPROC + 9, "PARISC_STUBS" },
	{ 0, NULL }
};

/* IA-64 names both processor and (OpenVMS) OS-specific section types. */
static const struct name_entry ia64_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 0, "IA_64_EXT" },
	{ ELFLOAD_SHT_LOPROC + 1, "IA_64_UNWIND" },
	{ 0x79000000, "IA_64_PRIORITY_INIT" },
	{ ELFLOAD_SHT_LOOS + 0, "VMS_TRACE" },
	{ ELFLOAD_SHT_LOOS + 1, "VMS_TIE_SIGNATURES" },
	{ ELFLOAD_SHT_LOOS + 2, "VMS_DEBUG" },
	{ ELFLOAD_SHT_LOOS + 3, "VMS_DEBUG_STR" },
	{ ELFLOAD_SHT_LOOS + 4, "VMS_LINKAGES" },
	{ ELFLOAD_SHT_LOOS + 5, "VMS_SYMBOL_VECTOR" },
	{ ELFLOAD_SHT_LOOS + 6, "VMS_FIXUP" },
	{ 0, NULL }
};

static const struct name_entry x86_64_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 1, "X86_64_UNWIND" },
	{ 0, NULL }
};

static const struct name_entry aarch64_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 3, "AARCH64_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry arm_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 1, "ARM_EXIDX" },
	{ ELFLOAD_SHT_LOPROC + 2, "ARM_PREEMPTMAP" },
	{ ELFLOAD_SHT_LOPROC + 3, "ARM_ATTRIBUTES" },
	{ ELFLOAD_SHT_LOPROC + 4, "ARM_DEBUGOVERLAY" },
	{ ELFLOAD_SHT_LOPROC + 5, "ARM_OVERLAYSECTION" },
	{ 0, NULL }
};

static const struct name_entry tic6x_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 1, "C6000_UNWIND" },
	{ ELFLOAD_SHT_LOPROC + 2, "C6000_PREEMPTMAP" },
	{ ELFLOAD_SHT_LOPROC + 3, "C6000_ATTRIBUTES" },
	{ 0x7f000000, "TI_ICODE" },
	{ 0x7f000001, "TI_XREF" },
	{ 0x7f000002, "TI_HANDLER" },
	{ 0x7f000003, "TI_INITINFO" },
	{ 0x7f000004, "TI_PHATTRS" },
	{ 0, NULL }
};

static const struct name_entry msp430_section_names[] = {
	{ 0x7f000005, "MSP430_SEC_FLAGS" },
	{ 0x7f000006, "MSP430_SYM_ALIASES" },
	{ ELFLOAD_SHT_LOPROC + 3, "MSP430_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry nfp_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 1, "NFP_MECONFIG" },
	{ ELFLOAD_SHT_LOPROC + 2, "NFP_INITREG" },
	{ 0, NULL }
};

/* V850 has processor types and, uniquely, named user types. */
static const struct name_entry v850_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 0, "V850 Small Common" },
	{ ELFLOAD_SHT_LOPROC + 1, "V850 Tiny Common" },
	{ ELFLOAD_SHT_LOPROC + 2, "V850 Zero Common" },
	{ ELFLOAD_SHT_LOUSER + 0, "RENESAS IOP" },
	{ 0xa0000000, "RENESAS INFO" },
	{ 0, NULL }
};

static const struct name_entry riscv_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 3, "RISCV_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry csky_section_names[] = {
	{ ELFLOAD_SHT_LOPROC + 1, "CSKY_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry *proc_section_table(unsigned machine)
{
	switch (machine) {
	case ELFLOAD_EM_ARC:
	case ELFLOAD_EM_ARC_COMPACT:
	case ELFLOAD_EM_ARC_COMPACT2:
		return arc_section_names;
	case ELFLOAD_EM_MIPS:
	case ELFLOAD_EM_MIPS_RS3_LE:
		return mips_section_names;
	case ELFLOAD_EM_PARISC:
		return parisc_section_names;
	case ELFLOAD_EM_IA_64:
		return ia64_section_names;
	case ELFLOAD_EM_X86_64:
	case ELFLOAD_EM_L1OM:
	case ELFLOAD_EM_K1OM:
		return x86_64_section_names;
	case ELFLOAD_EM_AARCH64:
		return aarch64_section_names;
	case ELFLOAD_EM_ARM:
		return arm_section_names;
	case ELFLOAD_EM_TI_C6000:
		return tic6x_section_names;
	case ELFLOAD_EM_MSP430:
		return msp430_section_names;
	case ELFLOAD_EM_NFP:
		return nfp_section_names;
	case ELFLOAD_EM_V800:
	case ELFLOAD_EM_V850:
	case ELFLOAD_EM_CYGNUS_V850:
		return v850_section_names;
	case ELFLOAD_EM_RISCV:
		return riscv_section_names;
	case ELFLOAD_EM_CSKY:
		return csky_section_names;
	}
	return NULL;
}

static const struct name_entry gnu_section_names[] = {
	{ ELFLOAD_SHT_GNU_INCREMENTAL_INPUTS, "GNU_INCREMENTAL_INPUTS" },
	{ ELFLOAD_SHT_GNU_ATTRIBUTES, "GNU_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry solaris_section_names[] = {
	{ 0x6fffffee, "SUNW_ancillary" },
	{ 0x6fffffef, "SUNW_capchain" },
	{ 0x6ffffff1, "SUNW_symsort" },
	{ 0x6ffffff2, "SUNW_tlssort" },
	{ 0x6ffffff3, "SUNW_LDYNSYM" },
	{ 0x6ffffff4, "SUNW_dof" },
	{ 0x6ffffff5, "SUNW_cap" },
	{ 0x6ffffff8, "SUNW_DEBUGSTR" },
	{ 0x6ffffff9, "SUNW_DEBUG" },
	{ 0x6ffffffa, "SUNW_move" },
	{ 0x6ffffffb, "SUNW_COMDAT" },
	{ 0, NULL }
};

/*
 * IA-64 types 0x78XXxxxx carry an OS/ABI number in XX; readelf shows
 * them as that OS/ABI's name.
 */
static const char *ia64_proc_section_name(uint32_t type, char *buf, size_t n)
{
	if ((type & 0xff000000) == ELFLOAD_SHT_IA_64_LOPSREG)
		return elfload_osabi_name((type >> 16) & 0xff, ELFLOAD_EM_IA_64, buf,
					  n);
	return lookup(ia64_section_names, type);
}

static const char *proc_section_name(unsigned machine, uint32_t type,
				     char *buf, size_t n)
{
	const struct name_entry *t;

	if (machine == ELFLOAD_EM_IA_64)
		return ia64_proc_section_name(type, buf, n);
	t = proc_section_table(machine);
	return t ? lookup(t, type) : NULL;
}

static const char *os_section_name(unsigned osabi, unsigned machine,
				   uint32_t type)
{
	if (machine == ELFLOAD_EM_IA_64)
		return lookup(ia64_section_names, type);
	if (osabi == ELFLOAD_ELFOSABI_SOLARIS)
		return lookup(solaris_section_names, type);
	return lookup(gnu_section_names, type);
}

static const char *user_section_name(unsigned machine, uint32_t type)
{
	switch (machine) {
	case ELFLOAD_EM_V800:
	case ELFLOAD_EM_V850:
	case ELFLOAD_EM_CYGNUS_V850:
		return lookup(v850_section_names, type);
	}
	return NULL;
}

const char *elfload_section_type_name(const struct elfload_image *img,
				      uint32_t type, char *buf, size_t n)
{
	unsigned machine = img->ehdr.machine;
	unsigned osabi = img->ehdr.ident[ELFLOAD_EI_OSABI];
	const char *name = lookup(section_names, type);

	if (name)
		return name;
	if (type >= ELFLOAD_SHT_LOPROC && type <= ELFLOAD_SHT_HIPROC) {
		name = proc_section_name(machine, type, buf, n);
		return name ? name : fmt_name(buf, n, "LOPROC+%#" PRIx32,
					      type - ELFLOAD_SHT_LOPROC);
	}
	if (type >= ELFLOAD_SHT_LOOS && type <= ELFLOAD_SHT_HIOS) {
		name = os_section_name(osabi, machine, type);
		return name ? name : fmt_name(buf, n, "LOOS+%#" PRIx32,
					      type - ELFLOAD_SHT_LOOS);
	}
	/*
	 * The user range runs to 0xffffffff, the last sh_type, for readelf
	 * and the gABI (glibc's SHT_HIUSER is 0x8fffffff).
	 */
	if (type >= ELFLOAD_SHT_LOUSER) {
		name = user_section_name(machine, type);
		return name ? name : fmt_name(buf, n, "LOUSER+%#" PRIx32,
					      type - ELFLOAD_SHT_LOUSER);
	}
	/* Hex first: readelf expects a 15-column field. */
	return fmt_name(buf, n, "%08" PRIx32 ": <unknown>", type);
}

/* Section flags. */

/* Letters that do not depend on the machine or OS/ABI. */
static char generic_flag_letter(uint64_t flag)
{
	switch (flag) {
	case ELFLOAD_SHF_WRITE:
		return 'W';
	case ELFLOAD_SHF_ALLOC:
		return 'A';
	case ELFLOAD_SHF_EXECINSTR:
		return 'X';
	case ELFLOAD_SHF_MERGE:
		return 'M';
	case ELFLOAD_SHF_STRINGS:
		return 'S';
	case ELFLOAD_SHF_INFO_LINK:
		return 'I';
	case ELFLOAD_SHF_LINK_ORDER:
		return 'L';
	case ELFLOAD_SHF_OS_NONCONFORMING:
		return 'O';
	case ELFLOAD_SHF_GROUP:
		return 'G';
	case ELFLOAD_SHF_TLS:
		return 'T';
	case ELFLOAD_SHF_EXCLUDE:
		return 'E';
	case ELFLOAD_SHF_COMPRESSED:
		return 'C';
	}
	return 0;
}

static char machine_flag_letter(unsigned machine, uint64_t flag)
{
	switch (machine) {
	case ELFLOAD_EM_X86_64:
	case ELFLOAD_EM_L1OM:
	case ELFLOAD_EM_K1OM:
		return flag == ELFLOAD_SHF_X86_64_LARGE ? 'l' : 0;
	case ELFLOAD_EM_ARM:
		return flag == ELFLOAD_SHF_ARM_PURECODE ? 'y' : 0;
	case ELFLOAD_EM_PPC:
		return flag == ELFLOAD_SHF_PPC_VLE ? 'v' : 0;
	}
	return 0;
}

/*
 * GNU OS flags: SHF_GNU_RETAIN only under the GNU and FreeBSD OS/ABIs;
 * SHF_GNU_MBIND also under ELFOSABI_NONE, because old binutils left
 * EI_OSABI at 0.
 */
static char os_flag_letter(unsigned osabi, uint64_t flag)
{
	switch (osabi) {
	case ELFLOAD_ELFOSABI_GNU:
	case ELFLOAD_ELFOSABI_FREEBSD:
		if (flag == ELFLOAD_SHF_GNU_RETAIN)
			return 'R';
		/* fall through */
	case ELFLOAD_ELFOSABI_NONE:
		if (flag == ELFLOAD_SHF_GNU_MBIND)
			return 'D';
	}
	return 0;
}

/*
 * The "Flg" column of readelf -SW: one letter per set bit, lowest bit
 * first.  An unnamed OS-specific bit prints 'o' and an unnamed
 * processor-specific bit 'p', each at most once: readelf drops the rest
 * of that mask (including SHF_EXCLUDE, when it comes later) after the
 * first one.  Any other unnamed bit prints 'x'.  readelf clears the
 * processor mask as a 32-bit value, so after a 'p' every bit above
 * bit 31 is dropped as well.
 */
const char *elfload_section_flags_string(const struct elfload_image *img,
					 uint64_t flags, char *buf, size_t n)
{
	unsigned machine = img->ehdr.machine;
	unsigned osabi = img->ehdr.ident[ELFLOAD_EI_OSABI];
	size_t len = 0;

	if (!buf || !n)
		return "";
	while (flags) {
		uint64_t flag = flags & -flags;
		char c;

		flags &= ~flag;
		c = generic_flag_letter(flag);
		if (!c)
			c = machine_flag_letter(machine, flag);
		if (!c && (flag & ELFLOAD_SHF_MASKOS)) {
			c = os_flag_letter(osabi, flag);
			if (!c) {
				c = 'o';
				flags &= ~(uint64_t)ELFLOAD_SHF_MASKOS;
			}
		} else if (!c && (flag & ELFLOAD_SHF_MASKPROC)) {
			c = 'p';
			flags &= (uint32_t)~ELFLOAD_SHF_MASKPROC;
		} else if (!c) {
			c = 'x';
		}
		if (len + 1 < n)
			buf[len++] = c;
	}
	buf[len] = '\0';
	return buf;
}

/* Always three columns: 'R', 'W', 'E' or a space for each. */
const char *elfload_segment_flags_string(uint32_t flags, char *buf, size_t n)
{
	char s[4];

	s[0] = flags & ELFLOAD_PF_R ? 'R' : ' ';
	s[1] = flags & ELFLOAD_PF_W ? 'W' : ' ';
	s[2] = flags & ELFLOAD_PF_X ? 'E' : ' ';
	s[3] = '\0';
	return fmt_name(buf, n, "%s", s);
}
