/* SPDX-License-Identifier: MIT */
/*
 * The ELF vocabulary of elfload: every file-layout structure and every
 * constant the project uses, in one style (ELFLOAD_ + the standard name),
 * so that nothing depends on the host's <elf.h>, which varies between
 * C libraries and versions and knows only its own machines.
 *
 * The values are the System V gABI's, the Linux kernel's and GNU
 * binutils' (include/elf/common.h).  Where glibc's <elf.h> spells a value
 * differently, the comment gives its name; tests/unit/test_elf.c checks
 * every value that <elf.h> also defines, and every structure's size and
 * field offsets, against the host's <elf.h>.
 *
 * The structures describe the bytes of a file: read the fields with
 * elfload_get16/32/64 at offsetof() positions, bounds-checked, rather than
 * casting file bytes to them (byte order and alignment are the file's).
 */
#ifndef ELFLOAD_ELF_H
#define ELFLOAD_ELF_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The four bytes every ELF file starts with. */
#define ELFLOAD_ELFMAG			"\177ELF"
#define ELFLOAD_SELFMAG			4

/* e_ident[] indexes */
#define ELFLOAD_EI_MAG0			0
#define ELFLOAD_EI_MAG1			1
#define ELFLOAD_EI_MAG2			2
#define ELFLOAD_EI_MAG3			3
#define ELFLOAD_EI_CLASS		4
#define ELFLOAD_EI_DATA			5
#define ELFLOAD_EI_VERSION		6
#define ELFLOAD_EI_OSABI		7
#define ELFLOAD_EI_ABIVERSION		8
#define ELFLOAD_EI_PAD			9
#define ELFLOAD_EI_NIDENT		16

/* e_ident[EI_CLASS] */
#define ELFLOAD_ELFCLASSNONE		0
#define ELFLOAD_ELFCLASS32		1
#define ELFLOAD_ELFCLASS64		2

/* e_ident[EI_DATA] */
#define ELFLOAD_ELFDATANONE		0
#define ELFLOAD_ELFDATA2LSB		1
#define ELFLOAD_ELFDATA2MSB		2

/* e_ident[EI_VERSION] and e_version */
#define ELFLOAD_EV_NONE			0
#define ELFLOAD_EV_CURRENT		1

/* e_ident[EI_OSABI]; from 64 up the meaning depends on e_machine */
#define ELFLOAD_ELFOSABI_NONE		0
#define ELFLOAD_ELFOSABI_HPUX		1
#define ELFLOAD_ELFOSABI_NETBSD		2
#define ELFLOAD_ELFOSABI_GNU		3
#define ELFLOAD_ELFOSABI_SOLARIS	6
#define ELFLOAD_ELFOSABI_AIX		7
#define ELFLOAD_ELFOSABI_IRIX		8
#define ELFLOAD_ELFOSABI_FREEBSD	9
#define ELFLOAD_ELFOSABI_TRU64		10
#define ELFLOAD_ELFOSABI_MODESTO	11
#define ELFLOAD_ELFOSABI_OPENBSD	12
#define ELFLOAD_ELFOSABI_OPENVMS	13
#define ELFLOAD_ELFOSABI_NSK		14
#define ELFLOAD_ELFOSABI_AROS		15
#define ELFLOAD_ELFOSABI_FENIXOS	16
#define ELFLOAD_ELFOSABI_CLOUDABI	17
#define ELFLOAD_ELFOSABI_OPENVOS	18
#define ELFLOAD_ELFOSABI_AMDGPU_HSA	64
#define ELFLOAD_ELFOSABI_C6000_ELFABI	64
#define ELFLOAD_ELFOSABI_AMDGPU_PAL	65
#define ELFLOAD_ELFOSABI_ARM_FDPIC	65
#define ELFLOAD_ELFOSABI_C6000_LINUX	65
#define ELFLOAD_ELFOSABI_AMDGPU_MESA3D	66
#define ELFLOAD_ELFOSABI_ARM		97
#define ELFLOAD_ELFOSABI_STANDALONE	255

/* e_type */
#define ELFLOAD_ET_NONE			0
#define ELFLOAD_ET_REL			1
#define ELFLOAD_ET_EXEC			2
#define ELFLOAD_ET_DYN			3
#define ELFLOAD_ET_CORE			4
#define ELFLOAD_ET_LOOS			0xfe00
#define ELFLOAD_ET_HIOS			0xfeff
#define ELFLOAD_ET_LOPROC		0xff00
#define ELFLOAD_ET_HIPROC		0xffff

/* e_machine */
#define ELFLOAD_EM_NONE			0
#define ELFLOAD_EM_M32			1
#define ELFLOAD_EM_SPARC		2
#define ELFLOAD_EM_386			3
#define ELFLOAD_EM_68K			4
#define ELFLOAD_EM_88K			5
#define ELFLOAD_EM_IAMCU		6
#define ELFLOAD_EM_860			7
#define ELFLOAD_EM_MIPS			8
#define ELFLOAD_EM_S370			9
#define ELFLOAD_EM_MIPS_RS3_LE		10
#define ELFLOAD_EM_OLD_SPARCV9		11
#define ELFLOAD_EM_PARISC		15
#define ELFLOAD_EM_VPP550		17	/* glibc: EM_VPP500 */
#define ELFLOAD_EM_SPARC32PLUS		18
#define ELFLOAD_EM_960			19
#define ELFLOAD_EM_PPC			20
#define ELFLOAD_EM_PPC64		21
#define ELFLOAD_EM_S390			22
#define ELFLOAD_EM_SPU			23
#define ELFLOAD_EM_V800			36
#define ELFLOAD_EM_FR20			37
#define ELFLOAD_EM_RH32			38
#define ELFLOAD_EM_MCORE		39	/* glibc: EM_RCE */
#define ELFLOAD_EM_ARM			40
#define ELFLOAD_EM_OLD_ALPHA		41	/* glibc: EM_FAKE_ALPHA */
#define ELFLOAD_EM_SH			42
#define ELFLOAD_EM_SPARCV9		43
#define ELFLOAD_EM_TRICORE		44
#define ELFLOAD_EM_ARC			45
#define ELFLOAD_EM_H8_300		46
#define ELFLOAD_EM_H8_300H		47
#define ELFLOAD_EM_H8S			48
#define ELFLOAD_EM_H8_500		49
#define ELFLOAD_EM_IA_64		50
#define ELFLOAD_EM_MIPS_X		51
#define ELFLOAD_EM_COLDFIRE		52
#define ELFLOAD_EM_68HC12		53
#define ELFLOAD_EM_MMA			54
#define ELFLOAD_EM_PCP			55
#define ELFLOAD_EM_NCPU			56
#define ELFLOAD_EM_NDR1			57
#define ELFLOAD_EM_STARCORE		58
#define ELFLOAD_EM_ME16			59
#define ELFLOAD_EM_ST100		60
#define ELFLOAD_EM_TINYJ		61
#define ELFLOAD_EM_X86_64		62
#define ELFLOAD_EM_PDSP			63
#define ELFLOAD_EM_PDP10		64
#define ELFLOAD_EM_PDP11		65
#define ELFLOAD_EM_FX66			66
#define ELFLOAD_EM_ST9PLUS		67
#define ELFLOAD_EM_ST7			68
#define ELFLOAD_EM_68HC16		69
#define ELFLOAD_EM_68HC11		70
#define ELFLOAD_EM_68HC08		71
#define ELFLOAD_EM_68HC05		72
#define ELFLOAD_EM_SVX			73
#define ELFLOAD_EM_ST19			74
#define ELFLOAD_EM_VAX			75
#define ELFLOAD_EM_CRIS			76
#define ELFLOAD_EM_JAVELIN		77
#define ELFLOAD_EM_FIREPATH		78
#define ELFLOAD_EM_ZSP			79
#define ELFLOAD_EM_MMIX			80
#define ELFLOAD_EM_HUANY		81
#define ELFLOAD_EM_PRISM		82
#define ELFLOAD_EM_AVR			83
#define ELFLOAD_EM_FR30			84
#define ELFLOAD_EM_D10V			85
#define ELFLOAD_EM_D30V			86
#define ELFLOAD_EM_V850			87
#define ELFLOAD_EM_M32R			88
#define ELFLOAD_EM_MN10300		89
#define ELFLOAD_EM_MN10200		90
#define ELFLOAD_EM_PJ			91
#define ELFLOAD_EM_OR1K			92	/* glibc: EM_OPENRISC */
#define ELFLOAD_EM_ARC_COMPACT		93
#define ELFLOAD_EM_XTENSA		94
#define ELFLOAD_EM_VIDEOCORE		95
#define ELFLOAD_EM_TMM_GPP		96
#define ELFLOAD_EM_NS32K		97
#define ELFLOAD_EM_TPC			98
#define ELFLOAD_EM_SNP1K		99
#define ELFLOAD_EM_ST200		100
#define ELFLOAD_EM_IP2K			101
#define ELFLOAD_EM_MAX			102
#define ELFLOAD_EM_CR			103
#define ELFLOAD_EM_F2MC16		104
#define ELFLOAD_EM_MSP430		105
#define ELFLOAD_EM_BLACKFIN		106
#define ELFLOAD_EM_SE_C33		107
#define ELFLOAD_EM_SEP			108
#define ELFLOAD_EM_ARCA			109
#define ELFLOAD_EM_UNICORE		110
#define ELFLOAD_EM_EXCESS		111
#define ELFLOAD_EM_DXP			112
#define ELFLOAD_EM_ALTERA_NIOS2		113
#define ELFLOAD_EM_CRX			114
#define ELFLOAD_EM_XGATE		115
#define ELFLOAD_EM_C166			116
#define ELFLOAD_EM_M16C			117
#define ELFLOAD_EM_DSPIC30F		118
#define ELFLOAD_EM_CE			119
#define ELFLOAD_EM_M32C			120
#define ELFLOAD_EM_TSK3000		131
#define ELFLOAD_EM_RS08			132
#define ELFLOAD_EM_ECOG2		134
#define ELFLOAD_EM_SCORE		135	/* glibc: EM_SCORE7 */
#define ELFLOAD_EM_DSP24		136
#define ELFLOAD_EM_VIDEOCORE3		137
#define ELFLOAD_EM_LATTICEMICO32	138
#define ELFLOAD_EM_SE_C17		139
#define ELFLOAD_EM_TI_C6000		140
#define ELFLOAD_EM_TI_C2000		141
#define ELFLOAD_EM_TI_C5500		142
#define ELFLOAD_EM_TI_PRU		144
#define ELFLOAD_EM_MMDSP_PLUS		160
#define ELFLOAD_EM_CYPRESS_M8C		161
#define ELFLOAD_EM_R32C			162
#define ELFLOAD_EM_TRIMEDIA		163
#define ELFLOAD_EM_QDSP6		164
#define ELFLOAD_EM_8051			165
#define ELFLOAD_EM_STXP7X		166
#define ELFLOAD_EM_NDS32		167
#define ELFLOAD_EM_ECOG1X		168
#define ELFLOAD_EM_MAXQ30		169
#define ELFLOAD_EM_XIMO16		170
#define ELFLOAD_EM_MANIK		171
#define ELFLOAD_EM_CRAYNV2		172
#define ELFLOAD_EM_RX			173
#define ELFLOAD_EM_METAG		174
#define ELFLOAD_EM_MCST_ELBRUS		175
#define ELFLOAD_EM_ECOG16		176
#define ELFLOAD_EM_CR16			177
#define ELFLOAD_EM_ETPU			178
#define ELFLOAD_EM_SLE9X		179
#define ELFLOAD_EM_L1OM			180	/* glibc: EM_L10M */
#define ELFLOAD_EM_K1OM			181	/* glibc: EM_K10M */
#define ELFLOAD_EM_INTEL182		182
#define ELFLOAD_EM_AARCH64		183
#define ELFLOAD_EM_ARM184		184
#define ELFLOAD_EM_AVR32		185
#define ELFLOAD_EM_STM8			186
#define ELFLOAD_EM_TILE64		187
#define ELFLOAD_EM_TILEPRO		188
#define ELFLOAD_EM_MICROBLAZE		189
#define ELFLOAD_EM_CUDA			190
#define ELFLOAD_EM_TILEGX		191
#define ELFLOAD_EM_CLOUDSHIELD		192
#define ELFLOAD_EM_COREA_1ST		193
#define ELFLOAD_EM_COREA_2ND		194
#define ELFLOAD_EM_ARC_COMPACT2		195	/* glibc: EM_ARCV2 */
#define ELFLOAD_EM_OPEN8		196
#define ELFLOAD_EM_RL78			197
#define ELFLOAD_EM_VIDEOCORE5		198
#define ELFLOAD_EM_78K0R		199	/* glibc: EM_78KOR */
#define ELFLOAD_EM_56800EX		200
#define ELFLOAD_EM_BA1			201
#define ELFLOAD_EM_BA2			202
#define ELFLOAD_EM_XCORE		203
#define ELFLOAD_EM_MCHP_PIC		204
#define ELFLOAD_EM_INTELGT		205
#define ELFLOAD_EM_KM32			210
#define ELFLOAD_EM_KMX32		211
#define ELFLOAD_EM_KMX16		212	/* glibc: EM_EMX16 */
#define ELFLOAD_EM_KMX8			213	/* glibc: EM_EMX8 */
#define ELFLOAD_EM_KVARC		214
#define ELFLOAD_EM_CDP			215
#define ELFLOAD_EM_COGE			216
#define ELFLOAD_EM_COOL			217
#define ELFLOAD_EM_NORC			218
#define ELFLOAD_EM_CSR_KALIMBA		219
#define ELFLOAD_EM_Z80			220
#define ELFLOAD_EM_VISIUM		221
#define ELFLOAD_EM_FT32			222
#define ELFLOAD_EM_MOXIE		223
#define ELFLOAD_EM_AMDGPU		224
#define ELFLOAD_EM_RISCV		243
#define ELFLOAD_EM_LANAI		244
#define ELFLOAD_EM_CEVA			245
#define ELFLOAD_EM_CEVA_X2		246
#define ELFLOAD_EM_BPF			247
#define ELFLOAD_EM_GRAPHCORE_IPU	248
#define ELFLOAD_EM_IMG1			249
#define ELFLOAD_EM_NFP			250
#define ELFLOAD_EM_VE			251
#define ELFLOAD_EM_CSKY			252
#define ELFLOAD_EM_ARC_COMPACT3_64	253
#define ELFLOAD_EM_MCS6502		254
#define ELFLOAD_EM_ARC_COMPACT3		255
#define ELFLOAD_EM_KVX			256
#define ELFLOAD_EM_65816		257
#define ELFLOAD_EM_LOONGARCH		258
#define ELFLOAD_EM_KF32			259
#define ELFLOAD_EM_AVR_OLD		0x1057
#define ELFLOAD_EM_MSP430_OLD		0x1059
#define ELFLOAD_EM_ADAPTEVA_EPIPHANY	0x1223
#define ELFLOAD_EM_MT			0x2530
#define ELFLOAD_EM_CYGNUS_FR30		0x3330
#define ELFLOAD_EM_WEBASSEMBLY		0x4157
#define ELFLOAD_EM_XC16X		0x4688
#define ELFLOAD_EM_S12Z			0x4def
#define ELFLOAD_EM_CYGNUS_FRV		0x5441
#define ELFLOAD_EM_DLX			0x5aa5
#define ELFLOAD_EM_CYGNUS_D10V		0x7650
#define ELFLOAD_EM_CYGNUS_D30V		0x7676
#define ELFLOAD_EM_IP2K_OLD		0x8217
#define ELFLOAD_EM_ALPHA		0x9026
#define ELFLOAD_EM_CYGNUS_M32R		0x9041
#define ELFLOAD_EM_CYGNUS_V850		0x9080
#define ELFLOAD_EM_S390_OLD		0xa390
#define ELFLOAD_EM_XTENSA_OLD		0xabc7
#define ELFLOAD_EM_XSTORMY16		0xad45
#define ELFLOAD_EM_MICROBLAZE_OLD	0xbaab
#define ELFLOAD_EM_CYGNUS_MN10300	0xbeef
#define ELFLOAD_EM_CYGNUS_MN10200	0xdead
#define ELFLOAD_EM_CYGNUS_MEP		0xf00d
#define ELFLOAD_EM_M32C_OLD		0xfeb0
#define ELFLOAD_EM_IQ2000		0xfeba
#define ELFLOAD_EM_NIOS32		0xfebb

/* e_phnum */
#define ELFLOAD_PN_XNUM			0xffff

/* special section indexes */
#define ELFLOAD_SHN_UNDEF		0
#define ELFLOAD_SHN_LORESERVE		0xff00
#define ELFLOAD_SHN_ABS			0xfff1
#define ELFLOAD_SHN_COMMON		0xfff2
#define ELFLOAD_SHN_XINDEX		0xffff

/* p_type */
#define ELFLOAD_PT_NULL			0
#define ELFLOAD_PT_LOAD			1
#define ELFLOAD_PT_DYNAMIC		2
#define ELFLOAD_PT_INTERP		3
#define ELFLOAD_PT_NOTE			4
#define ELFLOAD_PT_SHLIB		5
#define ELFLOAD_PT_PHDR			6
#define ELFLOAD_PT_TLS			7
#define ELFLOAD_PT_LOOS			0x60000000
#define ELFLOAD_PT_GNU_EH_FRAME		0x6474e550
#define ELFLOAD_PT_GNU_STACK		0x6474e551
#define ELFLOAD_PT_GNU_RELRO		0x6474e552
#define ELFLOAD_PT_GNU_PROPERTY		0x6474e553
#define ELFLOAD_PT_GNU_SFRAME		0x6474e554
#define ELFLOAD_PT_GNU_MBIND_LO		0x6474e555
#define ELFLOAD_PT_GNU_MBIND_HI		0x6474f554	/* PT_GNU_MBIND_LO + 0xfff */
#define ELFLOAD_PT_OPENBSD_RANDOMIZE	0x65a3dbe6
#define ELFLOAD_PT_OPENBSD_WXNEEDED	0x65a3dbe7
#define ELFLOAD_PT_OPENBSD_BOOTDATA	0x65a41be6
#define ELFLOAD_PT_HIOS			0x6fffffff
#define ELFLOAD_PT_LOPROC		0x70000000
#define ELFLOAD_PT_MIPS_REGINFO		0x70000000
#define ELFLOAD_PT_MIPS_RTPROC		0x70000001
#define ELFLOAD_PT_MIPS_OPTIONS		0x70000002
#define ELFLOAD_PT_MIPS_ABIFLAGS	0x70000003
#define ELFLOAD_PT_HIPROC		0x7fffffff

/* p_flags */
#define ELFLOAD_PF_X			0x1
#define ELFLOAD_PF_W			0x2
#define ELFLOAD_PF_R			0x4

/* sh_type */
#define ELFLOAD_SHT_NULL		0
#define ELFLOAD_SHT_PROGBITS		1
#define ELFLOAD_SHT_SYMTAB		2
#define ELFLOAD_SHT_STRTAB		3
#define ELFLOAD_SHT_RELA		4
#define ELFLOAD_SHT_HASH		5
#define ELFLOAD_SHT_DYNAMIC		6
#define ELFLOAD_SHT_NOTE		7
#define ELFLOAD_SHT_NOBITS		8
#define ELFLOAD_SHT_REL			9
#define ELFLOAD_SHT_SHLIB		10
#define ELFLOAD_SHT_DYNSYM		11
#define ELFLOAD_SHT_INIT_ARRAY		14
#define ELFLOAD_SHT_FINI_ARRAY		15
#define ELFLOAD_SHT_PREINIT_ARRAY	16
#define ELFLOAD_SHT_GROUP		17
#define ELFLOAD_SHT_SYMTAB_SHNDX	18
#define ELFLOAD_SHT_RELR		19
#define ELFLOAD_SHT_LOOS		0x60000000
#define ELFLOAD_SHT_GNU_INCREMENTAL_INPUTS	0x6fff4700
#define ELFLOAD_SHT_GNU_ATTRIBUTES	0x6ffffff5
#define ELFLOAD_SHT_GNU_HASH		0x6ffffff6
#define ELFLOAD_SHT_GNU_LIBLIST		0x6ffffff7
#define ELFLOAD_SHT_GNU_verdef		0x6ffffffd
#define ELFLOAD_SHT_GNU_verneed		0x6ffffffe
#define ELFLOAD_SHT_GNU_versym		0x6fffffff
#define ELFLOAD_SHT_HIOS		0x6fffffff
#define ELFLOAD_SHT_LOPROC		0x70000000
#define ELFLOAD_SHT_IA_64_LOPSREG	0x78000000	/* 0x78 <osabi> xxxx */
#define ELFLOAD_SHT_HIPROC		0x7fffffff
#define ELFLOAD_SHT_LOUSER		0x80000000u

/* sh_flags */
#define ELFLOAD_SHF_WRITE		0x1
#define ELFLOAD_SHF_ALLOC		0x2
#define ELFLOAD_SHF_EXECINSTR		0x4
#define ELFLOAD_SHF_MERGE		0x10
#define ELFLOAD_SHF_STRINGS		0x20
#define ELFLOAD_SHF_INFO_LINK		0x40
#define ELFLOAD_SHF_LINK_ORDER		0x80
#define ELFLOAD_SHF_OS_NONCONFORMING	0x100
#define ELFLOAD_SHF_GROUP		0x200
#define ELFLOAD_SHF_TLS			0x400
#define ELFLOAD_SHF_COMPRESSED		0x800
#define ELFLOAD_SHF_GNU_RETAIN		0x200000
#define ELFLOAD_SHF_GNU_MBIND		0x1000000
#define ELFLOAD_SHF_MASKOS		0xff00000
#define ELFLOAD_SHF_PPC_VLE		0x10000000
#define ELFLOAD_SHF_X86_64_LARGE	0x10000000
#define ELFLOAD_SHF_ARM_PURECODE	0x20000000
#define ELFLOAD_SHF_EXCLUDE		0x80000000u
#define ELFLOAD_SHF_MASKPROC		0xf0000000u

/* d_tag */
#define ELFLOAD_DT_NULL			0
#define ELFLOAD_DT_NEEDED		1
#define ELFLOAD_DT_DEBUG		21
#define ELFLOAD_DT_FLAGS		30
#define ELFLOAD_DT_FLAGS_1		0x6ffffffb

/* DT_FLAGS_1 bits */
#define ELFLOAD_DF_1_NOW		0x1
#define ELFLOAD_DF_1_NODELETE		0x8
#define ELFLOAD_DF_1_PIE		0x8000000

/* n_type of notes named "GNU" */
#define ELFLOAD_NT_GNU_ABI_TAG		1
#define ELFLOAD_NT_GNU_BUILD_ID		3
#define ELFLOAD_NT_GNU_PROPERTY_TYPE_0	5

/* pr_type and pr_data of NT_GNU_PROPERTY_TYPE_0 properties */
#define ELFLOAD_GNU_PROPERTY_AARCH64_FEATURE_1_AND	0xc0000000
#define ELFLOAD_GNU_PROPERTY_AARCH64_FEATURE_1_BTI	0x1
#define ELFLOAD_GNU_PROPERTY_AARCH64_FEATURE_1_PAC	0x2

/* a_type: auxiliary vector entries */
#define ELFLOAD_AT_NULL			0
#define ELFLOAD_AT_IGNORE		1
#define ELFLOAD_AT_EXECFD		2
#define ELFLOAD_AT_PHDR			3
#define ELFLOAD_AT_PHENT		4
#define ELFLOAD_AT_PHNUM		5
#define ELFLOAD_AT_PAGESZ		6
#define ELFLOAD_AT_BASE			7
#define ELFLOAD_AT_FLAGS		8
#define ELFLOAD_AT_ENTRY		9
#define ELFLOAD_AT_NOTELF		10
#define ELFLOAD_AT_UID			11
#define ELFLOAD_AT_EUID			12
#define ELFLOAD_AT_GID			13
#define ELFLOAD_AT_EGID			14
#define ELFLOAD_AT_PLATFORM		15
#define ELFLOAD_AT_HWCAP		16
#define ELFLOAD_AT_CLKTCK		17
#define ELFLOAD_AT_FPUCW		18
#define ELFLOAD_AT_DCACHEBSIZE		19
#define ELFLOAD_AT_ICACHEBSIZE		20
#define ELFLOAD_AT_UCACHEBSIZE		21
#define ELFLOAD_AT_IGNOREPPC		22
#define ELFLOAD_AT_SECURE		23
#define ELFLOAD_AT_BASE_PLATFORM	24
#define ELFLOAD_AT_RANDOM		25
#define ELFLOAD_AT_HWCAP2		26
#define ELFLOAD_AT_RSEQ_FEATURE_SIZE	27
#define ELFLOAD_AT_RSEQ_ALIGN		28
#define ELFLOAD_AT_HWCAP3		29	/* Linux 6.13; not in every <elf.h> */
#define ELFLOAD_AT_HWCAP4		30	/* Linux 6.13; not in every <elf.h> */
#define ELFLOAD_AT_EXECFN		31
#define ELFLOAD_AT_SYSINFO		32
#define ELFLOAD_AT_SYSINFO_EHDR		33
#define ELFLOAD_AT_MINSIGSTKSZ		51

/* File layouts. */

struct elfload_elf32_ehdr {
	unsigned char e_ident[ELFLOAD_EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint32_t e_entry;
	uint32_t e_phoff;
	uint32_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

struct elfload_elf64_ehdr {
	unsigned char e_ident[ELFLOAD_EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

/* ELF32 puts p_flags after p_memsz, ELF64 right after p_type. */
struct elfload_elf32_phdr {
	uint32_t p_type;
	uint32_t p_offset;
	uint32_t p_vaddr;
	uint32_t p_paddr;
	uint32_t p_filesz;
	uint32_t p_memsz;
	uint32_t p_flags;
	uint32_t p_align;
};

struct elfload_elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

struct elfload_elf32_shdr {
	uint32_t sh_name;
	uint32_t sh_type;
	uint32_t sh_flags;
	uint32_t sh_addr;
	uint32_t sh_offset;
	uint32_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint32_t sh_addralign;
	uint32_t sh_entsize;
};

struct elfload_elf64_shdr {
	uint32_t sh_name;
	uint32_t sh_type;
	uint64_t sh_flags;
	uint64_t sh_addr;
	uint64_t sh_offset;
	uint64_t sh_size;
	uint32_t sh_link;
	uint32_t sh_info;
	uint64_t sh_addralign;
	uint64_t sh_entsize;
};

/* A note header: the same in both classes; name and desc follow, padded. */
struct elfload_elf32_nhdr {
	uint32_t n_namesz;
	uint32_t n_descsz;
	uint32_t n_type;
};

struct elfload_elf64_nhdr {
	uint32_t n_namesz;
	uint32_t n_descsz;
	uint32_t n_type;
};

struct elfload_elf32_dyn {
	int32_t d_tag;
	union {
		uint32_t d_val;
		uint32_t d_ptr;
	} d_un;
};

struct elfload_elf64_dyn {
	int64_t d_tag;
	union {
		uint64_t d_val;
		uint64_t d_ptr;
	} d_un;
};

/* One auxiliary vector entry, as the kernel puts it on the stack. */
struct elfload_elf32_auxv {
	uint32_t a_type;
	union {
		uint32_t a_val;
	} a_un;
};

struct elfload_elf64_auxv {
	uint64_t a_type;
	union {
		uint64_t a_val;
	} a_un;
};

#ifdef __cplusplus
#define ELFLOAD_STATIC_ASSERT static_assert
#else
#define ELFLOAD_STATIC_ASSERT _Static_assert
#endif
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf32_ehdr) == 52, "Elf32_Ehdr");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf64_ehdr) == 64, "Elf64_Ehdr");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf32_phdr) == 32, "Elf32_Phdr");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf64_phdr) == 56, "Elf64_Phdr");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf32_shdr) == 40, "Elf32_Shdr");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf64_shdr) == 64, "Elf64_Shdr");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf32_nhdr) == 12, "Elf32_Nhdr");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf64_nhdr) == 12, "Elf64_Nhdr");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf32_dyn) == 8, "Elf32_Dyn");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf64_dyn) == 16, "Elf64_Dyn");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf32_auxv) == 8, "Elf32_auxv_t");
ELFLOAD_STATIC_ASSERT(sizeof(struct elfload_elf64_auxv) == 16, "Elf64_auxv_t");
#undef ELFLOAD_STATIC_ASSERT

#ifdef __cplusplus
}
#endif

#endif
