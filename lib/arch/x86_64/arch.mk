# x86-64 build flags for stage 2 (included by the top Makefile when
# ARCH=x86_64): general registers only (no SSE/AVX code from the
# compiler), and no CET landing pads.
STAGE2_ARCH_CFLAGS := -fcf-protection=none -mgeneral-regs-only
