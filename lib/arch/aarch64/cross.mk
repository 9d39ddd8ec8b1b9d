# Cross-building for arm64 on another host (make ARCH=aarch64): Debian's
# clang with its arm64 target, ld.lld, and the arm64 cross C library
# (libc6-dev-arm64-cross, libgcc-12-dev-arm64-cross), ar and objcopy from
# binutils-aarch64-linux-gnu.  gcc-aarch64-linux-gnu would do too
# (make ARCH=aarch64 CC=aarch64-linux-gnu-gcc), but on Debian 12 it
# cannot be installed next to gcc-multilib.  The tool is linked
# statically, to run on a machine that has no arm64 C library.
CROSS_TRIPLE := aarch64-linux-gnu
ifeq ($(origin CC),default)
CC := clang --target=$(CROSS_TRIPLE)
LDFLAGS += -fuse-ld=lld
endif
ifeq ($(origin AR),default)
AR := $(CROSS_TRIPLE)-ar
endif
OBJCOPY ?= $(CROSS_TRIPLE)-objcopy
TOOL_LDFLAGS ?= -static
