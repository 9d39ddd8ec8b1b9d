# elfload: one non-recursive Makefile.
#
#   make                 build libelfload.a, libelfload.so and elfload
#   make check           run every test (installs test-only packages)
#   make install         honours PREFIX and DESTDIR
#   make format          clang-format the sources
#   make fuzz            build and run the libFuzzer targets
#   make bench           run the benchmarks
#   make ARCH=aarch64    cross-build for arm64 into build/aarch64/
#   make check-aarch64   boot a real arm64 kernel (qemu) and test there

VERSION := 0.1.0
.DEFAULT_GOAL := all
HOST_ARCH := $(shell uname -m)
ARCH ?= $(HOST_ARCH)
# Cross-building (make ARCH=aarch64 on an x86-64 host): the architecture's
# cross.mk names the compiler and tools, and everything built goes to
# build/$(ARCH)/, next to the host's own build.
ifneq ($(ARCH),$(HOST_ARCH))
include lib/arch/$(ARCH)/cross.mk
BUILD ?= build/$(ARCH)/obj
OUT ?= build/$(ARCH)
endif
PREFIX ?= /usr/local
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BUILD ?= build
# Where the products go (the ASan build puts its own under build/asan).
OUT ?= .

CFLAGS ?= -O2 -g
ELFLOAD_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE \
	-Iinclude -Ilib -Ilib/arch/$(ARCH)/native -fPIC

# Kernel uapi headers (<linux/...>, <asm/...>).  A C library that does not
# ship them on its include path (musl-gcc) gets them from the system's,
# through a directory of symlinks in $(BUILD) that holds only those three
# trees, so the C library's own headers stay its own.
KERNEL_HEADERS ?= /usr/include
KERNEL_ASM_HEADERS ?= $(KERNEL_HEADERS)/$(ARCH)-linux-gnu/asm
UAPI_DIR := $(BUILD)/uapi
NEED_UAPI := $(shell printf '\043include <linux/ioctl.h>\n' | \
	$(CC) -E -x c -o /dev/null - 2>/dev/null || echo yes)
ifeq ($(NEED_UAPI),yes)
ELFLOAD_CFLAGS += -isystem $(UAPI_DIR)
UAPI_STAMP := $(UAPI_DIR)/.stamp
endif

$(UAPI_DIR)/.stamp:
	@mkdir -p $(@D)
	ln -sfn $(KERNEL_HEADERS)/linux $(@D)/linux
	ln -sfn $(KERNEL_HEADERS)/asm-generic $(@D)/asm-generic
	ln -sfn $(KERNEL_ASM_HEADERS) $(@D)/asm
	@touch $@

# The table of architectures (lib/arch/arch.c) and every architecture's
# description (lib/arch/*/*.c, pure data and pure hooks) are built on
# every host; the code that runs programs natively
# (lib/arch/$(ARCH)/native/) only for the host's own.
LIB_SRC := $(sort $(wildcard lib/*.c) $(wildcard lib/arch/*.c) \
	$(wildcard lib/arch/*/*.c) \
	$(wildcard lib/arch/$(ARCH)/native/*.c))
LIB_ASM := $(sort $(wildcard lib/arch/$(ARCH)/native/*.S))
CLI_SRC := $(sort $(wildcard cli/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(LIB_ASM:%.S=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)

all: $(OUT)/elfload $(OUT)/libelfload.a $(OUT)/libelfload.so elfload.pc

$(BUILD)/%.o: %.c | $(UAPI_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ELFLOAD_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.S | $(UAPI_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ELFLOAD_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# Stage 2 of the loader runs after the old address space is gone: it is
# compiled freestanding, without sanitizers or stack protector, and must not
# refer to anything outside its own section (checked here).
cc-option = $(shell $(CC) -Werror $(1) -x c -c -o /dev/null /dev/null \
	2>/dev/null && echo $(1))
# The host architecture adds its own flags (STAGE2_ARCH_CFLAGS).
include lib/arch/$(ARCH)/arch.mk
STAGE2_CFLAGS := -ffreestanding -fno-builtin -fno-stack-protector \
	-fno-sanitize=all -fno-jump-tables -fno-asynchronous-unwind-tables \
	$(STAGE2_ARCH_CFLAGS) \
	$(call cc-option,-fno-reorder-blocks-and-partition)

$(BUILD)/lib/stage2.o: lib/stage2.c | $(UAPI_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ELFLOAD_CFLAGS) $(CFLAGS) $(STAGE2_CFLAGS) -MMD -MP -c $< -o $@
	@tests/check-stage2.sh $@ || { rm -f $@; exit 1; }

# The static library is one relocatable object whose only global symbols
# are the public elfload_* API, as libelfload.so exports only those
# (lib/libelfload.map): the library's internal names (pager_*, job_*,
# ...) cannot collide with a program that links it.
OBJCOPY ?= objcopy
$(OUT)/libelfload.a: $(LIB_OBJ)
	rm -f $@ $(BUILD)/libelfload.o
	$(CC) -r -nostdlib -o $(BUILD)/libelfload.o $^
	$(OBJCOPY) --wildcard --keep-global-symbol='elfload_*' \
		$(BUILD)/libelfload.o
	$(AR) rcs $@ $(BUILD)/libelfload.o

# The shared library exports only the public API (lib/libelfload.map).
$(OUT)/libelfload.so: $(LIB_OBJ) lib/libelfload.map
	$(CC) $(CFLAGS) -shared -Wl,-soname,libelfload.so.0 \
		-Wl,--version-script=lib/libelfload.map -o $@ $(LIB_OBJ) $(LDFLAGS)

# The elfload command is static, against musl (ELFLOAD_STATIC, the C
# compiler of Debian's musl-tools, which make installs when missing:
# build-packages.txt): it starts with no dynamic linker and almost no
# libc start-up, which it would pay before every program it runs, and
# nothing of it reads the environment meant for the program (LD_*,
# GLIBC_TUNABLES, MALLOC_*).  Its objects go to $(BUILD)/static.  A
# CC given to make (or ELFLOAD_STATIC= ) links it with $(CC) instead;
# $(BUILD)/elfload-dynamic is always linked so, for the tests that
# need a dynamic command (LD_PRELOAD shims).  It is linked at 1 GiB
# (STATIC_BASE), not at the usual 4 MiB: the lowest pages stay free for
# the stage 2 of an ia32 program, whose way out unmaps it from address 0
# (blob.c), and the code stays below 2 GiB for musl's non-PIC libc.a.
STATIC_BASE ?= 0x40000000
ifeq ($(origin CC),default)
ELFLOAD_STATIC ?= musl-gcc
endif
STATIC_BUILD := $(BUILD)/static

$(BUILD)/elfload-dynamic: $(CLI_OBJ) $(OUT)/libelfload.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(OUT)/libelfload.a $(LDFLAGS)

ifneq ($(ELFLOAD_STATIC),)
$(OUT)/elfload: FORCE
	@command -v $(ELFLOAD_STATIC) >/dev/null || \
		tests/deps.sh build-packages.txt || { echo \
		"make: no $(ELFLOAD_STATIC); 'make ELFLOAD_STATIC=' links a dynamic elfload" \
		>&2; exit 1; }
	@$(MAKE) --no-print-directory CC=$(ELFLOAD_STATIC) ELFLOAD_STATIC= \
		BUILD=$(STATIC_BUILD) OUT=$(STATIC_BUILD) CFLAGS='$(CFLAGS)' \
		LDFLAGS='-static -Wl,-Ttext-segment=$(STATIC_BASE) $(LDFLAGS)' \
		$(STATIC_BUILD)/elfload
	@cmp -s $(STATIC_BUILD)/elfload $@ || cp $(STATIC_BUILD)/elfload $@
else
$(OUT)/elfload: $(CLI_OBJ) $(OUT)/libelfload.a
	$(CC) $(CFLAGS) -o $@ $(CLI_OBJ) $(OUT)/libelfload.a $(LDFLAGS) \
		$(TOOL_LDFLAGS)
endif

elfload.pc: Makefile
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$(LIBDIR)' \
		'includedir=$(INCLUDEDIR)' '' 'Name: elfload' \
		'Description: Load ELF programs in user space and show every step' \
		'Version: $(VERSION)' 'Libs: -L$${libdir} -lelfload' \
		'Cflags: -I$${includedir}' > $@

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCLUDEDIR)/elfload $(DESTDIR)$(MANDIR)/man1
	install -m 755 elfload $(DESTDIR)$(BINDIR)/elfload
	install -m 644 libelfload.a $(DESTDIR)$(LIBDIR)/libelfload.a
	install -m 755 libelfload.so $(DESTDIR)$(LIBDIR)/libelfload.so.$(VERSION)
	ln -sf libelfload.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libelfload.so.0
	ln -sf libelfload.so.0 $(DESTDIR)$(LIBDIR)/libelfload.so
	install -m 644 include/elfload/*.h $(DESTDIR)$(INCLUDEDIR)/elfload/
	install -m 644 elfload.pc $(DESTDIR)$(LIBDIR)/pkgconfig/elfload.pc
	install -m 644 docs/elfload.1 $(DESTDIR)$(MANDIR)/man1/elfload.1

# ---- tests ---------------------------------------------------------------

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
ASAN_BUILD := $(BUILD)/asan
ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

$(BUILD)/tests/test_%: tests/unit/test_%.c tests/unit/elfbuild.h $(OUT)/libelfload.a
	@mkdir -p $(@D)
	$(CC) $(ELFLOAD_CFLAGS) $(CFLAGS) -o $@ $< $(OUT)/libelfload.a \
		$(LDFLAGS) -lcmocka

# test_elf compares include/elfload/elf.h with the host <elf.h>, constant by
# constant, from a list generated out of elf.h itself.
$(BUILD)/tests/elf_names.h: include/elfload/elf.h tests/unit/elf_names.sh
	@mkdir -p $(@D)
	tests/unit/elf_names.sh $< > $@

$(BUILD)/tests/test_elf: $(BUILD)/tests/elf_names.h
$(BUILD)/tests/test_elf: ELFLOAD_CFLAGS += -I$(BUILD)/tests

unit-tests: $(UNIT_BIN)

# The library, the tool and the unit tests again under ASan + UBSan.
asan:
	@mkdir -p $(ASAN_BUILD)
	$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD)/obj OUT=$(ASAN_BUILD) \
		ELFLOAD_STATIC= CFLAGS='$(ASAN_FLAGS)' LDFLAGS='$(ASAN_FLAGS)' \
		$(ASAN_BUILD)/elfload unit-tests

$(BUILD)/bench/launch: bench/launch.c bench/stamp.h $(OUT)/libelfload.a
	@mkdir -p $(@D)
	$(CC) $(ELFLOAD_CFLAGS) $(CFLAGS) -o $@ $< $(OUT)/libelfload.a $(LDFLAGS)

# The stamp program (no libc) marks when a launch reaches its first
# instruction; the floor is a no-op linked exactly as elfload is.
$(BUILD)/bench/stamp: bench/stamp.c bench/stamp.h
	@mkdir -p $(@D)
	$(CC) $(ELFLOAD_CFLAGS) -O2 $(STAGE2_CFLAGS) -static -nostdlib -o $@ $<

ifneq ($(ELFLOAD_STATIC),)
$(BUILD)/bench/floor: bench/floor.c
	@mkdir -p $(@D)
	$(ELFLOAD_STATIC) $(CFLAGS) -static -o $@ $< $(LDFLAGS)
else
$(BUILD)/bench/floor: bench/floor.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS)
endif

bench: all $(BUILD)/bench/launch $(BUILD)/bench/stamp $(BUILD)/bench/floor
	bench/run.sh

check: all $(BUILD)/elfload-dynamic
	@tests/run-all.sh

# elfload on real arm64 kernels (4 and 16 KiB pages) booted with qemu:
# fetches what it needs, cross-builds, boots (about 5 minutes, most of it
# the malformed corpus).
check-aarch64:
	@tests/deps.sh && tests/aarch64/vm.sh

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) lib/*.h cli/*.h include/elfload/*.h \
		$(wildcard tests/unit/*.c tests/progs/*.c)

clean:
	rm -rf $(BUILD) elfload libelfload.a libelfload.so elfload.pc

.PHONY: all install check check-aarch64 format clean unit-tests asan bench FORCE

include fuzz/fuzz.mk

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
