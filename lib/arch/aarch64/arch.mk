# arm64 build flags for stage 2 (included by the top Makefile when
# ARCH=aarch64): general registers only (no SIMD/FP code from the
# compiler: the program must find those registers zero), no branch
# protection landing pads or pointer signing.
STAGE2_ARCH_CFLAGS := -mgeneral-regs-only -mbranch-protection=none
