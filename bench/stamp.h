/* SPDX-License-Identifier: MIT */
/*
 * bench/stamp and bench/launch: the descriptor the stamps go to, and
 * the step number the stamp program writes (bench/launch's T_ENTRY).
 */
#ifndef ELFLOAD_BENCH_STAMP_H
#define ELFLOAD_BENCH_STAMP_H

#define STAMP_FD 9
#define STAMP_STEP_ENTRY 5

#endif
