# libFuzzer targets (included by the top Makefile).
#
#   make fuzz            build every target and fuzz each for FUZZ_SECONDS
#   make fuzz-build      build them only (build/fuzz/fuzz_*)
#
# The library is compiled again with clang, coverage instrumentation and
# ASan + UBSan into its own archive; the targets link only the objects
# they use.  Stage 2 (lib/stage2.c, freestanding, no sanitizers) and the
# assembly are left out: no target reaches the loader.

FUZZ_CC ?= clang
FUZZ_BUILD := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := reader segmap plan stack
FUZZ_BIN := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS := -O1 -g $(FUZZ_SAN)
FUZZ_LIB_SRC := $(filter-out lib/stage2.c,$(LIB_SRC))
FUZZ_LIB_OBJ := $(FUZZ_LIB_SRC:%.c=$(FUZZ_BUILD)/obj/%.o)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ELFLOAD_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
		-MMD -MP -c $< -o $@

$(FUZZ_BUILD)/libelfload-fuzz.a: $(FUZZ_LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FUZZ_BUILD)/libelfload-fuzz.a
	@mkdir -p $(@D)
	$(FUZZ_CC) $(ELFLOAD_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
		-o $@ $< $(FUZZ_BUILD)/libelfload-fuzz.a

fuzz-build: $(FUZZ_BIN)

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh fuzz $(FUZZ_TARGETS)

.PHONY: fuzz fuzz-build

-include $(FUZZ_LIB_OBJ:.o=.d)
