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
#include <elf.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <elfload/image.h>
#include <elfload/names.h>

/*
 * Constants that <elf.h> lacks or spells differently.  The values are
 * the ones binutils uses; the EL_ prefix keeps them from clashing with
 * a newer <elf.h>.
 */

/* e_machine values missing from glibc, or named differently there. */
#define EL_EM_OLD_SPARCV9	11
#define EL_EM_VPP550		17	/* glibc: EM_VPP500 */
#define EL_EM_MCORE		39	/* glibc: EM_RCE */
#define EL_EM_OLD_ALPHA		41	/* glibc: EM_FAKE_ALPHA */
#define EL_EM_OR1K		92	/* glibc: EM_OPENRISC */
#define EL_EM_SCORE		135	/* glibc: EM_SCORE7 */
#define EL_EM_L1OM		180	/* glibc: EM_L10M */
#define EL_EM_K1OM		181	/* glibc: EM_K10M */
#define EL_EM_INTEL182		182
#define EL_EM_ARM184		184
#define EL_EM_ARC_COMPACT2	195	/* glibc: EM_ARCV2 */
#define EL_EM_78K0R		199	/* glibc: EM_78KOR */
#define EL_EM_KMX16		212	/* glibc: EM_EMX16 */
#define EL_EM_KMX8		213	/* glibc: EM_EMX8 */
#define EL_EM_LANAI		244
#define EL_EM_CEVA		245
#define EL_EM_CEVA_X2		246
#define EL_EM_GRAPHCORE_IPU	248
#define EL_EM_IMG1		249
#define EL_EM_NFP		250
#define EL_EM_VE		251
#define EL_EM_ARC_COMPACT3_64	253
#define EL_EM_MCS6502		254
#define EL_EM_ARC_COMPACT3	255
#define EL_EM_KVX		256
#define EL_EM_65816		257
#define EL_EM_LOONGARCH		258
#define EL_EM_KF32		259

/* Unofficial values used by old GNU tools before numbers were assigned. */
#define EL_EM_AVR_OLD		0x1057
#define EL_EM_MSP430_OLD	0x1059
#define EL_EM_ADAPTEVA_EPIPHANY	0x1223
#define EL_EM_MT		0x2530
#define EL_EM_CYGNUS_FR30	0x3330
#define EL_EM_WEBASSEMBLY	0x4157
#define EL_EM_XC16X		0x4688
#define EL_EM_S12Z		0x4def
#define EL_EM_CYGNUS_FRV	0x5441
#define EL_EM_DLX		0x5aa5
#define EL_EM_CYGNUS_D10V	0x7650
#define EL_EM_CYGNUS_D30V	0x7676
#define EL_EM_IP2K_OLD		0x8217
#define EL_EM_ALPHA		0x9026
#define EL_EM_CYGNUS_M32R	0x9041
#define EL_EM_CYGNUS_V850	0x9080
#define EL_EM_S390_OLD		0xa390
#define EL_EM_XTENSA_OLD	0xabc7
#define EL_EM_XSTORMY16		0xad45
#define EL_EM_MICROBLAZE_OLD	0xbaab
#define EL_EM_CYGNUS_MN10300	0xbeef
#define EL_EM_CYGNUS_MN10200	0xdead
#define EL_EM_CYGNUS_MEP	0xf00d
#define EL_EM_M32C_OLD		0xfeb0
#define EL_EM_IQ2000		0xfeba
#define EL_EM_NIOS32		0xfebb

/* EI_OSABI values missing from glibc. */
#define EL_ELFOSABI_OPENVMS	13
#define EL_ELFOSABI_NSK		14
#define EL_ELFOSABI_AROS	15
#define EL_ELFOSABI_FENIXOS	16
#define EL_ELFOSABI_CLOUDABI	17
#define EL_ELFOSABI_OPENVOS	18
/* Machine-specific EI_OSABI values (64 and up). */
#define EL_ELFOSABI_AMDGPU_HSA	64
#define EL_ELFOSABI_AMDGPU_PAL	65
#define EL_ELFOSABI_AMDGPU_MESA3D 66
#define EL_ELFOSABI_ARM_FDPIC	65
#define EL_ELFOSABI_C6000_ELFABI 64
#define EL_ELFOSABI_C6000_LINUX	65

/* p_type values missing from glibc. */
#define EL_PT_GNU_SFRAME	0x6474e554
#define EL_PT_GNU_MBIND_LO	0x6474e555
#define EL_PT_GNU_MBIND_HI	(EL_PT_GNU_MBIND_LO + 0xfff)
#define EL_PT_OPENBSD_RANDOMIZE	0x65a3dbe6
#define EL_PT_OPENBSD_WXNEEDED	0x65a3dbe7
#define EL_PT_OPENBSD_BOOTDATA	0x65a41be6

/* sh_type values missing from glibc. */
#define EL_SHT_RELR		19
#define EL_SHT_GNU_INCREMENTAL_INPUTS 0x6fff4700
#define EL_SHT_GNU_ATTRIBUTES	0x6ffffff5
#define EL_SHT_GNU_LIBLIST	0x6ffffff7
#define EL_SHT_IA_64_LOPSREG	0x78000000	/* 0x78 <osabi> xxxx */
/* glibc ends the user range at 0x8fffffff; readelf goes to 0xffffffff. */
#define EL_SHT_HIUSER		0xffffffffu

/* sh_flags bits missing from glibc. */
#define EL_SHF_GNU_MBIND	0x01000000
#define EL_SHF_X86_64_LARGE	0x10000000
#define EL_SHF_ARM_PURECODE	0x20000000
#define EL_SHF_PPC_VLE		0x10000000

#ifndef DF_1_PIE
#define DF_1_PIE		0x08000000
#endif

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
	case ELFCLASSNONE:
		return "none";
	case ELFCLASS32:
		return "ELF32";
	case ELFCLASS64:
		return "ELF64";
	}
	return fmt_name(buf, n, "<unknown: %x>", cls);
}

const char *elfload_data_name(unsigned data, char *buf, size_t n)
{
	switch (data) {
	case ELFDATANONE:
		return "none";
	case ELFDATA2LSB:
		return "2's complement, little endian";
	case ELFDATA2MSB:
		return "2's complement, big endian";
	}
	return fmt_name(buf, n, "<unknown: %x>", data);
}

/* readelf prints the number, then " (current)" or " <unknown>" unless 0. */
const char *elfload_ident_version_name(unsigned v, char *buf, size_t n)
{
	if (v == EV_CURRENT)
		return "1 (current)";
	if (v == EV_NONE)
		return "0";
	return fmt_name(buf, n, "%u <unknown>", v);
}

static const struct name_entry osabi_names[] = {
	{ ELFOSABI_NONE, "UNIX - System V" },
	{ ELFOSABI_HPUX, "UNIX - HP-UX" },
	{ ELFOSABI_NETBSD, "UNIX - NetBSD" },
	{ ELFOSABI_GNU, "UNIX - GNU" },
	{ ELFOSABI_SOLARIS, "UNIX - Solaris" },
	{ ELFOSABI_AIX, "UNIX - AIX" },
	{ ELFOSABI_IRIX, "UNIX - IRIX" },
	{ ELFOSABI_FREEBSD, "UNIX - FreeBSD" },
	{ ELFOSABI_TRU64, "UNIX - TRU64" },
	{ ELFOSABI_MODESTO, "Novell - Modesto" },
	{ ELFOSABI_OPENBSD, "UNIX - OpenBSD" },
	{ EL_ELFOSABI_OPENVMS, "VMS - OpenVMS" },
	{ EL_ELFOSABI_NSK, "HP - Non-Stop Kernel" },
	{ EL_ELFOSABI_AROS, "AROS" },
	{ EL_ELFOSABI_FENIXOS, "FenixOS" },
	{ EL_ELFOSABI_CLOUDABI, "Nuxi CloudABI" },
	{ EL_ELFOSABI_OPENVOS, "Stratus Technologies OpenVOS" },
	{ 0, NULL }
};

/* Values 64 and up mean something only for the machine that defines them. */
static const char *machine_osabi_name(unsigned osabi, unsigned machine)
{
	switch (machine) {
	case EM_AMDGPU:
		if (osabi == EL_ELFOSABI_AMDGPU_HSA)
			return "AMD HSA";
		if (osabi == EL_ELFOSABI_AMDGPU_PAL)
			return "AMD PAL";
		if (osabi == EL_ELFOSABI_AMDGPU_MESA3D)
			return "AMD Mesa3D";
		break;
	case EM_ARM:
		if (osabi == ELFOSABI_ARM)
			return "ARM";
		if (osabi == EL_ELFOSABI_ARM_FDPIC)
			return "ARM FDPIC";
		break;
	case EM_MSP430:
	case EL_EM_MSP430_OLD:
	case EM_VISIUM:
		if (osabi == ELFOSABI_STANDALONE)
			return "Standalone App";
		break;
	case EM_TI_C6000:
		if (osabi == EL_ELFOSABI_C6000_ELFABI)
			return "Bare-metal C6000";
		if (osabi == EL_ELFOSABI_C6000_LINUX)
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
	case ET_NONE:
		return "NONE (None)";
	case ET_REL:
		return "REL (Relocatable file)";
	case ET_EXEC:
		return "EXEC (Executable file)";
	case ET_DYN:
		/* readelf looks only at DF_1_PIE in the first DT_FLAGS_1. */
		if (elfload_image_dt_flags_1(img) & DF_1_PIE)
			return "DYN (Position-Independent Executable file)";
		return "DYN (Shared object file)";
	case ET_CORE:
		return "CORE (Core file)";
	}
	if (type >= ET_LOPROC && type <= ET_HIPROC)
		return fmt_name(buf, n, "Processor Specific: (%x)", type);
	if (type >= ET_LOOS && type <= ET_HIOS)
		return fmt_name(buf, n, "OS Specific: (%x)", type);
	return fmt_name(buf, n, "<unknown>: %x", type);
}

/*
 * readelf's machine table.  Several values share a name (the old
 * unofficial numbers, and EM_CR16, which readelf files under MicroBlaze).
 */
static const struct name_entry machine_names[] = {
	{ EM_NONE, "None" },
	{ EM_M32, "WE32100" },
	{ EM_SPARC, "Sparc" },
	{ EM_386, "Intel 80386" },
	{ EM_68K, "MC68000" },
	{ EM_88K, "MC88000" },
	{ EM_IAMCU, "Intel MCU" },
	{ EM_860, "Intel 80860" },
	{ EM_MIPS, "MIPS R3000" },
	{ EM_S370, "IBM System/370" },
	{ EM_MIPS_RS3_LE, "MIPS R4000 big-endian" },
	{ EL_EM_OLD_SPARCV9, "Sparc v9 (old)" },
	{ EM_PARISC, "HPPA" },
	{ EL_EM_VPP550, "Fujitsu VPP500" },
	{ EM_SPARC32PLUS, "Sparc v8+" },
	{ EM_960, "Intel 80960" },
	{ EM_PPC, "PowerPC" },
	{ EM_PPC64, "PowerPC64" },
	{ EM_S390, "IBM S/390" },
	{ EM_SPU, "SPU" },
	{ EM_V800, "Renesas V850 (using RH850 ABI)" },
	{ EM_FR20, "Fujitsu FR20" },
	{ EM_RH32, "TRW RH32" },
	{ EL_EM_MCORE, "MCORE" },
	{ EM_ARM, "ARM" },
	{ EL_EM_OLD_ALPHA, "Digital Alpha (old)" },
	{ EM_SH, "Renesas / SuperH SH" },
	{ EM_SPARCV9, "Sparc v9" },
	{ EM_TRICORE, "Siemens Tricore" },
	{ EM_ARC, "ARC" },
	{ EM_H8_300, "Renesas H8/300" },
	{ EM_H8_300H, "Renesas H8/300H" },
	{ EM_H8S, "Renesas H8S" },
	{ EM_H8_500, "Renesas H8/500" },
	{ EM_IA_64, "Intel IA-64" },
	{ EM_MIPS_X, "Stanford MIPS-X" },
	{ EM_COLDFIRE, "Motorola Coldfire" },
	{ EM_68HC12, "Motorola MC68HC12 Microcontroller" },
	{ EM_MMA, "Fujitsu Multimedia Accelerator" },
	{ EM_PCP, "Siemens PCP" },
	{ EM_NCPU, "Sony nCPU embedded RISC processor" },
	{ EM_NDR1, "Denso NDR1 microprocesspr" },
	{ EM_STARCORE, "Motorola Star*Core processor" },
	{ EM_ME16, "Toyota ME16 processor" },
	{ EM_ST100, "STMicroelectronics ST100 processor" },
	{ EM_TINYJ, "Advanced Logic Corp. TinyJ embedded processor" },
	{ EM_X86_64, "Advanced Micro Devices X86-64" },
	{ EM_PDSP, "Sony DSP processor" },
	{ EM_PDP10, "Digital Equipment Corp. PDP-10" },
	{ EM_PDP11, "Digital Equipment Corp. PDP-11" },
	{ EM_FX66, "Siemens FX66 microcontroller" },
	{ EM_ST9PLUS, "STMicroelectronics ST9+ 8/16 bit microcontroller" },
	{ EM_ST7, "STMicroelectronics ST7 8-bit microcontroller" },
	{ EM_68HC16, "Motorola MC68HC16 Microcontroller" },
	{ EM_68HC11, "Motorola MC68HC11 Microcontroller" },
	{ EM_68HC08, "Motorola MC68HC08 Microcontroller" },
	{ EM_68HC05, "Motorola MC68HC05 Microcontroller" },
	{ EM_SVX, "Silicon Graphics SVx" },
	{ EM_ST19, "STMicroelectronics ST19 8-bit microcontroller" },
	{ EM_VAX, "Digital VAX" },
	{ EM_CRIS, "Axis Communications 32-bit embedded processor" },
	{ EM_JAVELIN, "Infineon Technologies 32-bit embedded cpu" },
	{ EM_FIREPATH, "Element 14 64-bit DSP processor" },
	{ EM_ZSP, "LSI Logic's 16-bit DSP processor" },
	{ EM_MMIX, "Donald Knuth's educational 64-bit processor" },
	{ EM_HUANY,
	  "Harvard Universitys's machine-independent object format" },
	{ EM_PRISM, "Vitesse Prism" },
	{ EM_AVR, "Atmel AVR 8-bit microcontroller" },
	{ EM_FR30, "Fujitsu FR30" },
	{ EM_D10V, "d10v" },
	{ EM_D30V, "d30v" },
	{ EM_V850, "Renesas V850" },
	{ EM_M32R, "Renesas M32R (formerly Mitsubishi M32r)" },
	{ EM_MN10300, "mn10300" },
	{ EM_MN10200, "mn10200" },
	{ EM_PJ, "picoJava" },
	{ EL_EM_OR1K, "OpenRISC 1000" },
	{ EM_ARC_COMPACT, "ARCompact" },
	{ EM_XTENSA, "Tensilica Xtensa Processor" },
	{ EM_VIDEOCORE, "Alphamosaic VideoCore processor" },
	{ EM_TMM_GPP, "Thompson Multimedia General Purpose Processor" },
	{ EM_NS32K, "National Semiconductor 32000 series" },
	{ EM_TPC, "Tenor Network TPC processor" },
	{ EM_SNP1K, "Trebia SNP 1000 processor" },
	{ EM_ST200, "STMicroelectronics ST200 microcontroller" },
	{ EM_IP2K, "Ubicom IP2xxx 8-bit microcontrollers" },
	{ EM_MAX, "MAX Processor" },
	{ EM_CR, "National Semiconductor CompactRISC" },
	{ EM_F2MC16, "Fujitsu F2MC16" },
	{ EM_MSP430, "Texas Instruments msp430 microcontroller" },
	{ EM_BLACKFIN, "Analog Devices Blackfin" },
	{ EM_SE_C33, "S1C33 Family of Seiko Epson processors" },
	{ EM_SEP, "Sharp embedded microprocessor" },
	{ EM_ARCA, "Arca RISC microprocessor" },
	{ EM_UNICORE, "Unicore" },
	{ EM_EXCESS, "eXcess 16/32/64-bit configurable embedded CPU" },
	{ EM_DXP, "Icera Semiconductor Inc. Deep Execution Processor" },
	{ EM_ALTERA_NIOS2, "Altera Nios II" },
	{ EM_CRX, "National Semiconductor CRX microprocessor" },
	{ EM_XGATE, "Motorola XGATE embedded processor" },
	{ EM_C166, "Infineon Technologies xc16x" },
	{ EM_M16C, "Renesas M16C series microprocessors" },
	{ EM_DSPIC30F,
	  "Microchip Technology dsPIC30F Digital Signal Controller" },
	{ EM_CE, "Freescale Communication Engine RISC core" },
	{ EM_M32C, "Renesas M32c" },
	{ EM_TSK3000, "Altium TSK3000 core" },
	{ EM_RS08, "Freescale RS08 embedded processor" },
	{ EM_ECOG2, "Cyan Technology eCOG2 microprocessor" },
	{ EL_EM_SCORE, "SUNPLUS S+Core" },
	{ EM_DSP24, "New Japan Radio (NJR) 24-bit DSP Processor" },
	{ EM_VIDEOCORE3, "Broadcom VideoCore III processor" },
	{ EM_LATTICEMICO32, "Lattice Mico32" },
	{ EM_SE_C17, "Seiko Epson C17 family" },
	{ EM_TI_C6000, "Texas Instruments TMS320C6000 DSP family" },
	{ EM_TI_C2000, "Texas Instruments TMS320C2000 DSP family" },
	{ EM_TI_C5500, "Texas Instruments TMS320C55x DSP family" },
	{ EM_TI_PRU, "TI PRU I/O processor" },
	{ EM_MMDSP_PLUS, "STMicroelectronics 64bit VLIW Data Signal Processor" },
	{ EM_CYPRESS_M8C, "Cypress M8C microprocessor" },
	{ EM_R32C, "Renesas R32C series microprocessors" },
	{ EM_TRIMEDIA, "NXP Semiconductors TriMedia architecture family" },
	{ EM_QDSP6, "QUALCOMM DSP6 Processor" },
	{ EM_8051, "Intel 8051 and variants" },
	{ EM_STXP7X, "STMicroelectronics STxP7x family" },
	{ EM_NDS32, "Andes Technology compact code size embedded RISC "
		    "processor family" },
	{ EM_ECOG1X, "Cyan Technology eCOG1X family" },
	{ EM_MAXQ30, "Dallas Semiconductor MAXQ30 Core microcontrollers" },
	{ EM_XIMO16, "New Japan Radio (NJR) 16-bit DSP Processor" },
	{ EM_MANIK, "M2000 Reconfigurable RISC Microprocessor" },
	{ EM_CRAYNV2, "Cray Inc. NV2 vector architecture" },
	{ EM_RX, "Renesas RX" },
	{ EM_METAG, "Imagination Technologies Meta processor architecture" },
	{ EM_MCST_ELBRUS,
	  "MCST Elbrus general purpose hardware architecture" },
	{ EM_ECOG16, "Cyan Technology eCOG16 family" },
	{ EM_CR16, "Xilinx MicroBlaze" },
	{ EM_ETPU, "Freescale Extended Time Processing Unit" },
	{ EM_SLE9X, "Infineon Technologies SLE9X core" },
	{ EL_EM_L1OM, "Intel L1OM" },
	{ EL_EM_K1OM, "Intel K1OM" },
	{ EL_EM_INTEL182, "Intel (reserved)" },
	{ EM_AARCH64, "AArch64" },
	{ EL_EM_ARM184, "ARM (reserved)" },
	{ EM_AVR32, "Atmel Corporation 32-bit microprocessor" },
	{ EM_STM8, "STMicroeletronics STM8 8-bit microcontroller" },
	{ EM_TILE64, "Tilera TILE64 multicore architecture family" },
	{ EM_TILEPRO, "Tilera TILEPro multicore architecture family" },
	{ EM_MICROBLAZE, "Xilinx MicroBlaze" },
	{ EM_CUDA, "NVIDIA CUDA architecture" },
	{ EM_TILEGX, "Tilera TILE-Gx multicore architecture family" },
	{ EM_CLOUDSHIELD, "CloudShield architecture family" },
	{ EM_COREA_1ST, "KIPO-KAIST Core-A 1st generation processor family" },
	{ EM_COREA_2ND, "KIPO-KAIST Core-A 2nd generation processor family" },
	{ EL_EM_ARC_COMPACT2, "ARCv2" },
	{ EM_OPEN8, "Open8 8-bit RISC soft processor core" },
	{ EM_RL78, "Renesas RL78" },
	{ EM_VIDEOCORE5, "Broadcom VideoCore V processor" },
	{ EL_EM_78K0R, "Renesas 78K0R" },
	{ EM_56800EX, "Freescale 56800EX Digital Signal Controller (DSC)" },
	{ EM_BA1, "Beyond BA1 CPU architecture" },
	{ EM_BA2, "Beyond BA2 CPU architecture" },
	{ EM_XCORE, "XMOS xCORE processor family" },
	{ EM_MCHP_PIC, "Microchip 8-bit PIC(r) family" },
	{ EM_INTELGT, "Intel Graphics Technology" },
	{ EM_KM32, "KM211 KM32 32-bit processor" },
	{ EM_KMX32, "KM211 KMX32 32-bit processor" },
	{ EL_EM_KMX16, "KM211 KMX16 16-bit processor" },
	{ EL_EM_KMX8, "KM211 KMX8 8-bit processor" },
	{ EM_KVARC, "KM211 KVARC processor" },
	{ EM_CDP, "Paneve CDP architecture family" },
	{ EM_COGE, "Cognitive Smart Memory Processor" },
	{ EM_COOL, "Bluechip Systems CoolEngine" },
	{ EM_NORC, "Nanoradio Optimized RISC" },
	{ EM_CSR_KALIMBA, "CSR Kalimba architecture family" },
	{ EM_Z80, "Zilog Z80" },
	{ EM_VISIUM, "CDS VISIUMcore processor" },
	{ EM_FT32, "FTDI Chip FT32" },
	{ EM_MOXIE, "Moxie" },
	{ EM_AMDGPU, "AMD GPU" },
	{ EM_RISCV, "RISC-V" },
	{ EL_EM_LANAI, "Lanai 32-bit processor" },
	{ EL_EM_CEVA, "CEVA Processor Architecture Family" },
	{ EL_EM_CEVA_X2, "CEVA X2 Processor Family" },
	{ EM_BPF, "Linux BPF" },
	{ EL_EM_GRAPHCORE_IPU, "Graphcore Intelligent Processing Unit" },
	{ EL_EM_IMG1, "Imagination Technologies" },
	{ EL_EM_NFP, "Netronome Flow Processor" },
	{ EL_EM_VE, "NEC Vector Engine" },
	{ EM_CSKY, "C-SKY" },
	{ EL_EM_ARC_COMPACT3_64, "Synopsys ARCv2.3 64-bit" },
	{ EL_EM_MCS6502, "MOS Technology MCS 6502 processor" },
	{ EL_EM_ARC_COMPACT3, "Synopsys ARCv2.3 32-bit" },
	{ EL_EM_KVX, "Kalray VLIW core of the MPPA processor family" },
	{ EL_EM_65816, "WDC 65816/65C816" },
	{ EL_EM_LOONGARCH, "LoongArch" },
	{ EL_EM_KF32, "ChipON KungFu32" },
	/* Unofficial numbers, from before the official ones. */
	{ EL_EM_AVR_OLD, "Atmel AVR 8-bit microcontroller" },
	{ EL_EM_ADAPTEVA_EPIPHANY, "Adapteva EPIPHANY" },
	{ EL_EM_MT, "Morpho Techologies MT processor" },
	{ EL_EM_CYGNUS_FR30, "Fujitsu FR30" },
	{ EL_EM_WEBASSEMBLY, "Web Assembly" },
	{ EL_EM_XC16X, "Infineon Technologies xc16x" },
	{ EL_EM_S12Z, "Freescale S12Z" },
	{ EL_EM_CYGNUS_FRV, "Fujitsu FR-V" },
	{ EL_EM_DLX, "OpenDLX" },
	{ EL_EM_CYGNUS_D10V, "d10v" },
	{ EL_EM_CYGNUS_D30V, "d30v" },
	{ EL_EM_IP2K_OLD, "Ubicom IP2xxx 8-bit microcontrollers" },
	{ EL_EM_ALPHA, "Alpha" },
	{ EL_EM_CYGNUS_M32R, "Renesas M32R (formerly Mitsubishi M32r)" },
	{ EL_EM_CYGNUS_V850, "Renesas V850" },
	{ EL_EM_S390_OLD, "IBM S/390" },
	{ EL_EM_XTENSA_OLD, "Tensilica Xtensa Processor" },
	{ EL_EM_XSTORMY16, "Sanyo XStormy16 CPU core" },
	{ EL_EM_MICROBLAZE_OLD, "Xilinx MicroBlaze" },
	{ EL_EM_CYGNUS_MN10300, "mn10300" },
	{ EL_EM_CYGNUS_MN10200, "mn10200" },
	{ EL_EM_CYGNUS_MEP, "Toshiba MeP Media Engine" },
	{ EL_EM_M32C_OLD, "Altera Nios" },
	{ EL_EM_IQ2000, "Vitesse IQ2000" },
	{ EL_EM_NIOS32, "Altera Nios" },
	{ 0, NULL }
};

const char *elfload_machine_name(unsigned machine, char *buf, size_t n)
{
	const char *name = lookup(machine_names, machine);

	return name ? name : fmt_name(buf, n, "<unknown>: 0x%x", machine);
}

/* Program header types. */

static const struct name_entry segment_names[] = {
	{ PT_NULL, "NULL" },
	{ PT_LOAD, "LOAD" },
	{ PT_DYNAMIC, "DYNAMIC" },
	{ PT_INTERP, "INTERP" },
	{ PT_NOTE, "NOTE" },
	{ PT_SHLIB, "SHLIB" },
	{ PT_PHDR, "PHDR" },
	{ PT_TLS, "TLS" },
	{ PT_GNU_EH_FRAME, "GNU_EH_FRAME" },
	{ PT_GNU_STACK, "GNU_STACK" },
	{ PT_GNU_RELRO, "GNU_RELRO" },
	{ PT_GNU_PROPERTY, "GNU_PROPERTY" },
	{ EL_PT_GNU_SFRAME, "GNU_SFRAME" },
	{ EL_PT_OPENBSD_RANDOMIZE, "OPENBSD_RANDOMIZE" },
	{ EL_PT_OPENBSD_WXNEEDED, "OPENBSD_WXNEEDED" },
	{ EL_PT_OPENBSD_BOOTDATA, "OPENBSD_BOOTDATA" },
	{ 0, NULL }
};

static const struct name_entry aarch64_segment_names[] = {
	{ PT_LOPROC + 0, "AARCH64_ARCHEXT" },
	{ PT_LOPROC + 2, "AARCH64_MEMTAG_MTE" },
	{ 0, NULL }
};

static const struct name_entry arm_segment_names[] = {
	{ PT_LOPROC + 1, "EXIDX" },
	{ 0, NULL }
};

static const struct name_entry mips_segment_names[] = {
	{ PT_MIPS_REGINFO, "REGINFO" },
	{ PT_MIPS_RTPROC, "RTPROC" },
	{ PT_MIPS_OPTIONS, "OPTIONS" },
	{ PT_MIPS_ABIFLAGS, "ABIFLAGS" },
	{ 0, NULL }
};

static const struct name_entry parisc_segment_names[] = {
	{ PT_LOPROC + 0, "PARISC_ARCHEXT" },
	{ PT_LOPROC + 1, "PARISC_UNWIND" },
	{ PT_LOPROC + 2, "PARISC_WEAKORDER" },
	{ 0, NULL }
};

static const struct name_entry ia64_segment_names[] = {
	{ PT_LOPROC + 0, "IA_64_ARCHEXT" },
	{ PT_LOPROC + 1, "IA_64_UNWIND" },
	{ 0, NULL }
};

static const struct name_entry tic6x_segment_names[] = {
	{ PT_LOPROC + 0, "C6000_PHATTR" },
	{ 0, NULL }
};

static const struct name_entry s390_segment_names[] = {
	{ PT_LOPROC + 0, "S390_PGSTE" },
	{ 0, NULL }
};

static const struct name_entry riscv_segment_names[] = {
	{ PT_LOPROC + 3, "RISCV_ATTRIBUTES" },
	{ 0, NULL }
};

/*
 * Processor-specific program header types.  readelf knows none for
 * x86-64, i386 or PowerPC; those print as LOPROC+n like any other.
 */
static const struct name_entry *proc_segment_table(unsigned machine)
{
	switch (machine) {
	case EM_AARCH64:
		return aarch64_segment_names;
	case EM_ARM:
		return arm_segment_names;
	case EM_MIPS:
	case EM_MIPS_RS3_LE:
		return mips_segment_names;
	case EM_PARISC:
		return parisc_segment_names;
	case EM_IA_64:
		return ia64_segment_names;
	case EM_TI_C6000:
		return tic6x_segment_names;
	case EM_S390:
	case EL_EM_S390_OLD:
		return s390_segment_names;
	case EM_RISCV:
		return riscv_segment_names;
	}
	return NULL;
}

static const struct name_entry hpux_parisc_segment_names[] = {
	{ PT_LOOS + 0x00, "HP_TLS" },
	{ PT_LOOS + 0x01, "HP_CORE_NONE" },
	{ PT_LOOS + 0x02, "HP_CORE_VERSION" },
	{ PT_LOOS + 0x03, "HP_CORE_KERNEL" },
	{ PT_LOOS + 0x04, "HP_CORE_COMM" },
	{ PT_LOOS + 0x05, "HP_CORE_PROC" },
	{ PT_LOOS + 0x06, "HP_CORE_LOADABLE" },
	{ PT_LOOS + 0x07, "HP_CORE_STACK" },
	{ PT_LOOS + 0x08, "HP_CORE_SHM" },
	{ PT_LOOS + 0x09, "HP_CORE_MMF" },
	{ PT_LOOS + 0x10, "HP_PARALLEL" },
	{ PT_LOOS + 0x11, "HP_FASTBIND" },
	{ PT_LOOS + 0x12, "HP_OPT_ANNOT" },
	{ PT_LOOS + 0x13, "HP_HSL_ANNOT" },
	{ PT_LOOS + 0x14, "HP_STACK" },
	{ PT_LOOS + 0x15, "HP_CORE_UTSNAME" },
	{ 0, NULL }
};

static const struct name_entry hpux_ia64_segment_names[] = {
	{ PT_LOOS + 0x00, "HP_TLS" },
	{ PT_LOOS + 0x12, "HP_OPT_ANNOT" },
	{ PT_LOOS + 0x13, "HP_HSL_ANNOT" },
	{ PT_LOOS + 0x14, "HP_STACK" },
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
	case ELFOSABI_GNU:
	case ELFOSABI_FREEBSD:
		if (type >= EL_PT_GNU_MBIND_LO && type <= EL_PT_GNU_MBIND_HI)
			return fmt_name(buf, n, "GNU_MBIND+%#" PRIx32,
					type - EL_PT_GNU_MBIND_LO);
		break;
	case ELFOSABI_HPUX:
		if (machine == EM_PARISC)
			return lookup(hpux_parisc_segment_names, type);
		if (machine == EM_IA_64)
			return lookup(hpux_ia64_segment_names, type);
		break;
	case ELFOSABI_SOLARIS:
		return lookup(solaris_segment_names, type);
	}
	return NULL;
}

const char *elfload_segment_type_name(const struct elfload_image *img,
				      uint32_t type, char *buf, size_t n)
{
	unsigned machine = img->ehdr.machine;
	unsigned osabi = img->ehdr.ident[EI_OSABI];
	const struct name_entry *t;
	const char *name = lookup(segment_names, type);

	if (name)
		return name;
	if (type >= PT_LOPROC && type <= PT_HIPROC) {
		t = proc_segment_table(machine);
		name = t ? lookup(t, type) : NULL;
		return name ? name : fmt_name(buf, n, "LOPROC+%#" PRIx32,
					      type - PT_LOPROC);
	}
	if (type >= PT_LOOS && type <= PT_HIOS) {
		name = os_segment_name(osabi, machine, type, buf, n);
		return name ? name : fmt_name(buf, n, "LOOS+%#" PRIx32,
					      type - PT_LOOS);
	}
	return fmt_name(buf, n, "<unknown>: %" PRIx32, type);
}

/* Section header types. */

static const struct name_entry section_names[] = {
	{ SHT_NULL, "NULL" },
	{ SHT_PROGBITS, "PROGBITS" },
	{ SHT_SYMTAB, "SYMTAB" },
	{ SHT_STRTAB, "STRTAB" },
	{ SHT_RELA, "RELA" },
	{ EL_SHT_RELR, "RELR" },
	{ SHT_HASH, "HASH" },
	{ SHT_DYNAMIC, "DYNAMIC" },
	{ SHT_NOTE, "NOTE" },
	{ SHT_NOBITS, "NOBITS" },
	{ SHT_REL, "REL" },
	{ SHT_SHLIB, "SHLIB" },
	{ SHT_DYNSYM, "DYNSYM" },
	{ SHT_INIT_ARRAY, "INIT_ARRAY" },
	{ SHT_FINI_ARRAY, "FINI_ARRAY" },
	{ SHT_PREINIT_ARRAY, "PREINIT_ARRAY" },
	{ SHT_GNU_HASH, "GNU_HASH" },
	{ SHT_GROUP, "GROUP" },
	{ SHT_SYMTAB_SHNDX, "SYMTAB SECTION INDICES" },
	{ SHT_GNU_verdef, "VERDEF" },
	{ SHT_GNU_verneed, "VERNEED" },
	{ SHT_GNU_versym, "VERSYM" },
	/* Old Sun numbers that readelf still names after their GNU twins. */
	{ 0x6ffffff0, "VERSYM" },
	{ 0x6ffffffc, "VERDEF" },
	{ 0x7ffffffd, "AUXILIARY" },
	{ 0x7fffffff, "FILTER" },
	{ EL_SHT_GNU_LIBLIST, "GNU_LIBLIST" },
	{ 0, NULL }
};

static const struct name_entry arc_section_names[] = {
	{ SHT_LOPROC + 1, "ARC_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry mips_section_names[] = {
	{ SHT_LOPROC + 0x00, "MIPS_LIBLIST" },
	{ SHT_LOPROC + 0x01, "MIPS_MSYM" },
	{ SHT_LOPROC + 0x02, "MIPS_CONFLICT" },
	{ SHT_LOPROC + 0x03, "MIPS_GPTAB" },
	{ SHT_LOPROC + 0x04, "MIPS_UCODE" },
	{ SHT_LOPROC + 0x05, "MIPS_DEBUG" },
	{ SHT_LOPROC + 0x06, "MIPS_REGINFO" },
	{ SHT_LOPROC + 0x07, "MIPS_PACKAGE" },
	{ SHT_LOPROC + 0x08, "MIPS_PACKSYM" },
	{ SHT_LOPROC + 0x09, "MIPS_RELD" },
	{ SHT_LOPROC + 0x0b, "MIPS_IFACE" },
	{ SHT_LOPROC + 0x0c, "MIPS_CONTENT" },
	{ SHT_LOPROC + 0x0d, "MIPS_OPTIONS" },
	{ SHT_LOPROC + 0x10, "MIPS_SHDR" },
	{ SHT_LOPROC + 0x11, "MIPS_FDESC" },
	{ SHT_LOPROC + 0x12, "MIPS_EXTSYM" },
	{ SHT_LOPROC + 0x13, "MIPS_DENSE" },
	{ SHT_LOPROC + 0x14, "MIPS_PDESC" },
	{ SHT_LOPROC + 0x15, "MIPS_LOCSYM" },
	{ SHT_LOPROC + 0x16, "MIPS_AUXSYM" },
	{ SHT_LOPROC + 0x17, "MIPS_OPTSYM" },
	{ SHT_LOPROC + 0x18, "MIPS_LOCSTR" },
	{ SHT_LOPROC + 0x19, "MIPS_LINE" },
	{ SHT_LOPROC + 0x1a, "MIPS_RFDESC" },
	{ SHT_LOPROC + 0x1b, "MIPS_DELTASYM" },
	{ SHT_LOPROC + 0x1c, "MIPS_DELTAINST" },
	{ SHT_LOPROC + 0x1d, "MIPS_DELTACLASS" },
	{ SHT_LOPROC + 0x1e, "MIPS_DWARF" },
	{ SHT_LOPROC + 0x1f, "MIPS_DELTADECL" },
	{ SHT_LOPROC + 0x20, "MIPS_SYMBOL_LIB" },
	{ SHT_LOPROC + 0x21, "MIPS_EVENTS" },
	{ SHT_LOPROC + 0x22, "MIPS_TRANSLATE" },
	{ SHT_LOPROC + 0x23, "MIPS_PIXIE" },
	{ SHT_LOPROC + 0x24, "MIPS_XLATE" },
	{ SHT_LOPROC + 0x25, "MIPS_XLATE_DEBUG" },
	{ SHT_LOPROC + 0x26, "MIPS_WHIRL" },
	{ SHT_LOPROC + 0x27, "MIPS_EH_REGION" },
	{ SHT_LOPROC + 0x28, "MIPS_XLATE_OLD" },
	{ SHT_LOPROC + 0x29, "MIPS_PDR_EXCEPTION" },
	{ SHT_LOPROC + 0x2a, "MIPS_ABIFLAGS" },
	{ SHT_LOPROC + 0x2b, "MIPS_XHASH" },
	{ 0, NULL }
};

static const struct name_entry parisc_section_names[] = {
	{ SHT_LOPROC + 0, "PARISC_EXT" },
	{ SHT_LOPROC + 1, "PARISC_UNWIND" },
	{ SHT_LOPROC + 2, "PARISC_DOC" },
	{ SHT_LOPROC + 3, "PARISC_ANNOT" },
	{ SHT_LOPROC + 4, "PARISC_DLKM" },
	{ SHT_LOPROC + 8, "PARISC_SYMEXTN" },
	{ SHT_LOPROC + 9, "PARISC_STUBS" },
	{ 0, NULL }
};

/* IA-64 names both processor and (OpenVMS) OS-specific section types. */
static const struct name_entry ia64_section_names[] = {
	{ SHT_LOPROC + 0, "IA_64_EXT" },
	{ SHT_LOPROC + 1, "IA_64_UNWIND" },
	{ 0x79000000, "IA_64_PRIORITY_INIT" },
	{ SHT_LOOS + 0, "VMS_TRACE" },
	{ SHT_LOOS + 1, "VMS_TIE_SIGNATURES" },
	{ SHT_LOOS + 2, "VMS_DEBUG" },
	{ SHT_LOOS + 3, "VMS_DEBUG_STR" },
	{ SHT_LOOS + 4, "VMS_LINKAGES" },
	{ SHT_LOOS + 5, "VMS_SYMBOL_VECTOR" },
	{ SHT_LOOS + 6, "VMS_FIXUP" },
	{ 0, NULL }
};

static const struct name_entry x86_64_section_names[] = {
	{ SHT_LOPROC + 1, "X86_64_UNWIND" },
	{ 0, NULL }
};

static const struct name_entry aarch64_section_names[] = {
	{ SHT_LOPROC + 3, "AARCH64_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry arm_section_names[] = {
	{ SHT_LOPROC + 1, "ARM_EXIDX" },
	{ SHT_LOPROC + 2, "ARM_PREEMPTMAP" },
	{ SHT_LOPROC + 3, "ARM_ATTRIBUTES" },
	{ SHT_LOPROC + 4, "ARM_DEBUGOVERLAY" },
	{ SHT_LOPROC + 5, "ARM_OVERLAYSECTION" },
	{ 0, NULL }
};

static const struct name_entry tic6x_section_names[] = {
	{ SHT_LOPROC + 1, "C6000_UNWIND" },
	{ SHT_LOPROC + 2, "C6000_PREEMPTMAP" },
	{ SHT_LOPROC + 3, "C6000_ATTRIBUTES" },
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
	{ SHT_LOPROC + 3, "MSP430_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry nfp_section_names[] = {
	{ SHT_LOPROC + 1, "NFP_MECONFIG" },
	{ SHT_LOPROC + 2, "NFP_INITREG" },
	{ 0, NULL }
};

/* V850 has processor types and, uniquely, named user types. */
static const struct name_entry v850_section_names[] = {
	{ SHT_LOPROC + 0, "V850 Small Common" },
	{ SHT_LOPROC + 1, "V850 Tiny Common" },
	{ SHT_LOPROC + 2, "V850 Zero Common" },
	{ SHT_LOUSER + 0, "RENESAS IOP" },
	{ 0xa0000000, "RENESAS INFO" },
	{ 0, NULL }
};

static const struct name_entry riscv_section_names[] = {
	{ SHT_LOPROC + 3, "RISCV_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry csky_section_names[] = {
	{ SHT_LOPROC + 1, "CSKY_ATTRIBUTES" },
	{ 0, NULL }
};

static const struct name_entry *proc_section_table(unsigned machine)
{
	switch (machine) {
	case EM_ARC:
	case EM_ARC_COMPACT:
	case EL_EM_ARC_COMPACT2:
		return arc_section_names;
	case EM_MIPS:
	case EM_MIPS_RS3_LE:
		return mips_section_names;
	case EM_PARISC:
		return parisc_section_names;
	case EM_IA_64:
		return ia64_section_names;
	case EM_X86_64:
	case EL_EM_L1OM:
	case EL_EM_K1OM:
		return x86_64_section_names;
	case EM_AARCH64:
		return aarch64_section_names;
	case EM_ARM:
		return arm_section_names;
	case EM_TI_C6000:
		return tic6x_section_names;
	case EM_MSP430:
		return msp430_section_names;
	case EL_EM_NFP:
		return nfp_section_names;
	case EM_V800:
	case EM_V850:
	case EL_EM_CYGNUS_V850:
		return v850_section_names;
	case EM_RISCV:
		return riscv_section_names;
	case EM_CSKY:
		return csky_section_names;
	}
	return NULL;
}

static const struct name_entry gnu_section_names[] = {
	{ EL_SHT_GNU_INCREMENTAL_INPUTS, "GNU_INCREMENTAL_INPUTS" },
	{ EL_SHT_GNU_ATTRIBUTES, "GNU_ATTRIBUTES" },
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
	if ((type & 0xff000000) == EL_SHT_IA_64_LOPSREG)
		return elfload_osabi_name((type >> 16) & 0xff, EM_IA_64, buf,
					  n);
	return lookup(ia64_section_names, type);
}

static const char *proc_section_name(unsigned machine, uint32_t type,
				     char *buf, size_t n)
{
	const struct name_entry *t;

	if (machine == EM_IA_64)
		return ia64_proc_section_name(type, buf, n);
	t = proc_section_table(machine);
	return t ? lookup(t, type) : NULL;
}

static const char *os_section_name(unsigned osabi, unsigned machine,
				   uint32_t type)
{
	if (machine == EM_IA_64)
		return lookup(ia64_section_names, type);
	if (osabi == ELFOSABI_SOLARIS)
		return lookup(solaris_section_names, type);
	return lookup(gnu_section_names, type);
}

static const char *user_section_name(unsigned machine, uint32_t type)
{
	switch (machine) {
	case EM_V800:
	case EM_V850:
	case EL_EM_CYGNUS_V850:
		return lookup(v850_section_names, type);
	}
	return NULL;
}

const char *elfload_section_type_name(const struct elfload_image *img,
				      uint32_t type, char *buf, size_t n)
{
	unsigned machine = img->ehdr.machine;
	unsigned osabi = img->ehdr.ident[EI_OSABI];
	const char *name = lookup(section_names, type);

	if (name)
		return name;
	if (type >= SHT_LOPROC && type <= SHT_HIPROC) {
		name = proc_section_name(machine, type, buf, n);
		return name ? name : fmt_name(buf, n, "LOPROC+%#" PRIx32,
					      type - SHT_LOPROC);
	}
	if (type >= SHT_LOOS && type <= SHT_HIOS) {
		name = os_section_name(osabi, machine, type);
		return name ? name : fmt_name(buf, n, "LOOS+%#" PRIx32,
					      type - SHT_LOOS);
	}
	if (type >= SHT_LOUSER && type <= EL_SHT_HIUSER) {
		name = user_section_name(machine, type);
		return name ? name : fmt_name(buf, n, "LOUSER+%#" PRIx32,
					      type - SHT_LOUSER);
	}
	/* Hex first: readelf expects a 15-column field. */
	return fmt_name(buf, n, "%08" PRIx32 ": <unknown>", type);
}

/* Section flags. */

/* Letters that do not depend on the machine or OS/ABI. */
static char generic_flag_letter(uint64_t flag)
{
	switch (flag) {
	case SHF_WRITE:
		return 'W';
	case SHF_ALLOC:
		return 'A';
	case SHF_EXECINSTR:
		return 'X';
	case SHF_MERGE:
		return 'M';
	case SHF_STRINGS:
		return 'S';
	case SHF_INFO_LINK:
		return 'I';
	case SHF_LINK_ORDER:
		return 'L';
	case SHF_OS_NONCONFORMING:
		return 'O';
	case SHF_GROUP:
		return 'G';
	case SHF_TLS:
		return 'T';
	case SHF_EXCLUDE:
		return 'E';
	case SHF_COMPRESSED:
		return 'C';
	}
	return 0;
}

static char machine_flag_letter(unsigned machine, uint64_t flag)
{
	switch (machine) {
	case EM_X86_64:
	case EL_EM_L1OM:
	case EL_EM_K1OM:
		return flag == EL_SHF_X86_64_LARGE ? 'l' : 0;
	case EM_ARM:
		return flag == EL_SHF_ARM_PURECODE ? 'y' : 0;
	case EM_PPC:
		return flag == EL_SHF_PPC_VLE ? 'v' : 0;
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
	case ELFOSABI_GNU:
	case ELFOSABI_FREEBSD:
		if (flag == SHF_GNU_RETAIN)
			return 'R';
		/* fall through */
	case ELFOSABI_NONE:
		if (flag == EL_SHF_GNU_MBIND)
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
	unsigned osabi = img->ehdr.ident[EI_OSABI];
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
		if (!c && (flag & SHF_MASKOS)) {
			c = os_flag_letter(osabi, flag);
			if (!c) {
				c = 'o';
				flags &= ~(uint64_t)SHF_MASKOS;
			}
		} else if (!c && (flag & SHF_MASKPROC)) {
			c = 'p';
			flags &= (uint32_t)~SHF_MASKPROC;
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

	s[0] = flags & PF_R ? 'R' : ' ';
	s[1] = flags & PF_W ? 'W' : ' ';
	s[2] = flags & PF_X ? 'E' : ' ';
	s[3] = '\0';
	return fmt_name(buf, n, "%s", s);
}
