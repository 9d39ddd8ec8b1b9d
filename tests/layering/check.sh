#!/bin/bash
# The layering check: read the symbol tables of the built objects (nm), not
# the source text, and fail on what the design forbids (docs/design.md):
#
#   cycle      two objects that need each other, or any longer cycle in the
#              graph "A references a symbol B defines" over lib/ and cli/;
#              shown as the chain of objects and the symbol of each step.
#   cli-sys    an object of cli/ that calls a system interface the library
#              owns (the list CLI_FORBIDDEN below: processes, tracing,
#              descriptor passing, raw system calls);
#   lib-print  an object of lib/ that prints to stdout/stderr (LIB_PRINT,
#              or LIB_STREAM together with the stdout/stderr objects);
#              snprintf/vsnprintf into buffers are fine;
#   lib-exit   an object of lib/ that ends the process (LIB_EXIT): the
#              library returns errors; it never exits;
#   exports    libelfload.so exports (or libelfload.a defines globally) a
#              symbol that is not elfload_*, or an elfload_* symbol no
#              public header (include/elfload/*.h) declares.
#
# Exemptions, with their reasons:
#   - lib/stage2.o (stage 2, freestanding) ends the process after the
#     point of no return by SIGSEGV, as the kernel does after a failed
#     exec, and writes its one failure line to fd 2 -- both through its own
#     system call instructions, with no libc symbol at all (checked by
#     tests/check-stage2.sh), so nothing here sees them and it needs no
#     entry.  lib/load.c reaches stage 2 the same way; fflush(NULL) before
#     the jump only empties the caller's buffers and is not output.
#   - Compiler helpers (__stack_chk_fail, __tls_get_addr, ...) are not
#     in any list.
#
# Usage:
#   check.sh [BUILD [SO [AR]]]  check BUILD/lib/**/*.o and BUILD/cli/*.o
#                           (default build), SO (default ./libelfload.so) and
#                           AR (default ./libelfload.a), each skipped if it
#                           does not exist and was not named
#   check.sh --self-test    plant one violation of each kind in a temporary
#                           tree, and a clean tree, and check that each is
#                           caught and the clean one passes
# Violations are printed as "layering: KIND: ..." lines; the last line is
# "N passed, N failed" with one test per kind.
set -u
cd "$(dirname "$0")/../.."
top=$PWD
NM=${NM:-nm}

# System interfaces that belong to the library (issue 16: the kernel
# oracle, the demand-paging protocol, the loader): a cli/ object must ask
# the library instead.  One list, here.
CLI_FORBIDDEN="fork vfork clone clone3 ptrace process_vm_readv
	process_vm_writev sendmsg recvmsg socketpair prctl syscall personality
	waitid wait4 execve execveat fexecve userfaultfd pidfd_open
	pidfd_getfd pidfd_send_signal ioctl mmap mmap64 munmap mprotect mremap"
# Output to stdout/stderr whatever the arguments.
LIB_PRINT="printf vprintf puts putchar perror psignal psiginfo err errx
	verr verrx warn warnx vwarn vwarnx error error_at_line __printf_chk
	__vprintf_chk"
# Output to a stream: forbidden when the object also names stdout/stderr.
LIB_STREAM="fputs fprintf vfprintf fputc putc fwrite fputs_unlocked
	fwrite_unlocked putc_unlocked fputc_unlocked __fprintf_chk
	__vfprintf_chk"
LIB_STREAMS="stdout stderr _IO_2_1_stdout_ _IO_2_1_stderr_"
LIB_EXIT="exit _exit _Exit abort quick_exit __assert_fail"
# OBJECT:SYMBOL pairs allowed all the same, each with its reason:
#   lib/launch.o:_exit  the launcher's forked children (also the kernel
#                       oracle's), whose execve or elfload_exec_program
#                       failed, end themselves (126/127 as a shell
#                       would); the caller's process never exits.
#   lib/arch/x86_64/native/ia32.o:_exit  the child forked once per
#                       process to measure the 32-bit vDSO (only a
#                       process without the 64-bit one may map it) ends
#                       itself after writing what it found to a pipe.
ALLOWED="lib/launch.o:_exit lib/arch/x86_64/native/ia32.o:_exit"

# "OBJ SYMBOL" lines: what each object references / defines.
undefined() { for o in "$@"; do $NM -u "$o" | awk -v o="$o" '{ print o, $NF }'; done; }
defined() { for o in "$@"; do $NM -g --defined-only "$o" | awk -v o="$o" 'NF == 3 { print o, $3 }'; done; }

# Objects (given relative to $root) that reference any of the words in $1.
# Prints "layering: KIND: OBJ: sym sym" and returns 1 if any does.
# The words after OBJ that ALLOWED does not pair with OBJ.
allowed_out() {	# OBJ SYM...
	local o=$1 sym out=
	shift
	for sym in "$@"; do
		case " $ALLOWED " in *" $o:$sym "*) ;; *) out+="$sym " ;; esac
	done
	printf '%s' "$out"
}

refs_of() {	# KIND WORDS [NEED_ALSO_WORDS] -- OBJ...
	local kind=$1 words=$2 also=$3 bad=0 o hits
	shift 3
	for o in "$@"; do
		hits=$(undefined "$o" | awk -v w="$words" '
			BEGIN { n = split(w, a); for (i = 1; i <= n; i++) f[a[i]] = 1 }
			$2 in f { printf "%s ", $2 }')
		hits=$(allowed_out "${o#"$root"/}" $hits)
		if [ -n "$hits" ] && [ -n "$also" ]; then
			undefined "$o" | awk -v w="$also" '
				BEGIN { n = split(w, a); for (i = 1; i <= n; i++) f[a[i]] = 1 }
				$2 in f { found = 1 } END { exit !found }' || hits=
		fi
		if [ -n "$hits" ]; then
			echo "layering: $kind: ${o#"$root"/}: ${hits% }"
			bad=1
		fi
	done
	return $bad
}

# Any cycle among the objects: for each object s (in name order), the
# shortest path back to s through objects after s; each cycle is reported
# once, from its first object.
cycles() {	# OBJ...
	{ defined "$@" | sed 's/^/D /'; undefined "$@" | sed 's/^/U /'; } |
	awk -v root="$root/" '
	function short(o) { sub("^" root, "", o); return o }
	$1 == "D" { def[$3] = $2; next }
	{ use[++nu] = $2 SUBSEP $3 }
	END {
		for (k = 1; k <= nu; k++) {
			split(use[k], p, SUBSEP)
			to = def[p[2]]
			if (to == "" || to == p[1] || (p[1] SUBSEP to) in edge)
				continue
			edge[p[1], to] = p[2]
			out[p[1]] = out[p[1]] " " to
			node[p[1]] = node[to] = 1
		}
		n = 0
		for (v in node) names[++n] = v
		# insertion sort: a handful of objects
		for (i = 2; i <= n; i++) {
			v = names[i]
			for (j = i - 1; j >= 1 && names[j] > v; j--)
				names[j + 1] = names[j]
			names[j + 1] = v
		}
		bad = 0
		for (i = 1; i <= n; i++) {
			s = names[i]
			delete prev; delete seen
			head = tail = 1; queue[1] = s; found = ""
			while (head <= tail && found == "") {
				v = queue[head++]
				m = split(out[v], nx, " ")
				for (j = 1; j <= m; j++) {
					w = nx[j]
					if (w == s) { found = v; break }
					if (w <= s || w in seen) continue
					seen[w] = 1; prev[w] = v; queue[++tail] = w
				}
			}
			if (found == "") continue
			# walk back from found to s, then print forwards
			len = 0; v = found
			while (v != s) { chain[++len] = v; v = prev[v] }
			line = short(s); from = s
			for (j = len; j >= 1; j--) {
				line = line " -(" edge[from, chain[j]] ")-> " short(chain[j])
				from = chain[j]
			}
			line = line " -(" edge[from, s] ")-> " short(s)
			print "layering: cycle: " line
			bad = 1
		}
		exit bad
	}'
}

# libelfload.so: only elfload_* symbols, each declared in a public header.
exports() {	# SO|ARCHIVE INCLUDE_DIR
	local so=$1 inc=$2 bad=0 sym table=-D
	case $so in *.a) table=-g ;; esac	# an archive's own symbol table
	for sym in $($NM $table --defined-only "$so" |
		awk 'NF == 3 && $2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort -u); do
		case $sym in
		elfload_*)
			if ! grep -qw -- "$sym" "$inc"/*.h; then
				echo "layering: exports: $sym is exported but no header in ${inc#"$root"/} declares it"
				bad=1
			fi ;;
		_init|_fini|_edata|_end|__bss_start) ;;	# the linker's own
		*)
			echo "layering: exports: $sym is exported (not public API)"
			bad=1 ;;
		esac
	done
	return $bad
}

passed=0
failed=0
judge() {	# NAME CMD...
	local name=$1
	shift
	if "$@"; then
		echo "ok: $name"
		passed=$((passed + 1))
	else
		echo "FAILED: $name"
		failed=$((failed + 1))
	fi
}

# Run every check over the tree at $root (BUILD dir $1, shared object $2).
check_tree() {	# BUILD SO INCLUDE_DIR [ARCHIVE]
	local build=$1 so=$2 inc=$3 ar=${4:-} lib cli
	mapfile -t lib < <(find "$build/lib" -name '*.o' | sort)
	mapfile -t cli < <(find "$build/cli" -name '*.o' | sort)
	judge "no cycle between objects" cycles "${lib[@]}" "${cli[@]}"
	judge "cli/ calls none of the library's system interfaces" \
		refs_of cli-sys "$CLI_FORBIDDEN" "" "${cli[@]}"
	judge "lib/ prints nothing to stdout/stderr" \
		refs_of lib-print "$LIB_PRINT" "" "${lib[@]}"
	judge "lib/ writes to no stdout/stderr stream" \
		refs_of lib-print "$LIB_STREAM" "$LIB_STREAMS" "${lib[@]}"
	judge "lib/ never ends the process" \
		refs_of lib-exit "$LIB_EXIT" "" "${lib[@]}"
	if [ -n "$so" ]; then
		judge "libelfload.so exports only the documented elfload_* API" \
			exports "$so" "$inc"
	fi
	if [ -n "$ar" ]; then
		judge "libelfload.a defines only the documented elfload_* API" \
			exports "$ar" "$inc"
	fi
}

# ---- self-test: planted violations must be caught -----------------------

plant() {	# DIR/NAME.o C-SOURCE
	mkdir -p "$(dirname "$1")"
	printf '%s\n' "$2" > "${1%.o}.c"
	${CC:-cc} -O0 -w -fPIC -c "${1%.o}.c" -o "$1"
}

expect() {	# WHAT PATTERN LOG
	if grep -q -- "$2" "$3"; then
		echo "ok: self-test: $1 is caught"
		passed=$((passed + 1))
	else
		echo "FAILED: self-test: $1 is not caught"
		failed=$((failed + 1))
	fi
}

self_test() {
	local log out
	tmp=$(mktemp -d) || exit 1
	trap 'rm -rf "$tmp"' EXIT
	# A clean tree: cli calls lib, lib calls libc quietly.
	plant "$tmp/clean/lib/api.o" '#include <stdio.h>
int elfload_ok(char *b) { return snprintf(b, 4, "%d", 1); }'
	plant "$tmp/clean/cli/main.o" 'int elfload_ok(char *); int main(void) { char b[4]; return elfload_ok(b); }'
	mkdir -p "$tmp/clean/include"
	echo 'int elfload_ok(char *b);' > "$tmp/clean/include/api.h"
	${CC:-cc} -shared -o "$tmp/clean/lib.so" "$tmp/clean/lib/api.o"
	# One violation of each kind.
	plant "$tmp/bad/lib/pair_a.o" 'int pair_b(void); int pair_a(void) { return pair_b(); }'
	plant "$tmp/bad/lib/pair_b.o" 'int pair_c(void); int pair_b(void) { return pair_c(); }'
	plant "$tmp/bad/lib/pair_c.o" 'int pair_a(void); int pair_c(void) { return pair_a(); }'
	plant "$tmp/bad/cli/mutual1.o" 'int m2(void); int m1(void) { return m2(); }'
	plant "$tmp/bad/cli/mutual2.o" 'int m1(void); int m2(void) { return m1(); }'
	plant "$tmp/bad/cli/spawn.o" '#include <unistd.h>
int spawn(void) { return fork(); }'
	plant "$tmp/bad/lib/say.o" '#include <stdio.h>
void elfload_say(int x) { printf("%d\n", x); }'
	plant "$tmp/bad/lib/complain.o" '#include <stdio.h>
void elfload_complain(const char *s) { fputs(s, stderr); }'
	plant "$tmp/bad/lib/quit.o" '#include <stdlib.h>
void elfload_quit(void) { exit(3); }'
	mkdir -p "$tmp/bad/include"
	echo 'void elfload_say(int x);' > "$tmp/bad/include/api.h"
	${CC:-cc} -shared -o "$tmp/bad/lib.so" "$tmp/bad/lib"/*.o
	ar rcs "$tmp/bad/lib.a" "$tmp/bad/lib"/*.o
	log=$tmp/log
	out=$(root=$tmp/clean; passed=0; failed=0
	      check_tree "$tmp/clean" "$tmp/clean/lib.so" "$tmp/clean/include"
	      echo "$failed")
	printf '%s\n' "$out" | sed 's/^/  clean tree: /'
	if [ "$(printf '%s\n' "$out" | tail -n 1)" = 0 ]; then
		echo "ok: self-test: a clean tree passes"
		passed=$((passed + 1))
	else
		echo "FAILED: self-test: a clean tree does not pass"
		failed=$((failed + 1))
	fi
	(root=$tmp/bad; check_tree "$tmp/bad" "$tmp/bad/lib.so" "$tmp/bad/include" \
		"$tmp/bad/lib.a") > "$log"
	sed 's/^/  planted: /' "$log"
	expect "a three-object cycle" 'cycle: lib/pair_a.o -(pair_b)-> lib/pair_b.o -(pair_c)-> lib/pair_c.o -(pair_a)-> lib/pair_a.o' "$log"
	expect "two objects calling each other" 'cycle: cli/mutual1.o -(m2)-> cli/mutual2.o -(m1)-> cli/mutual1.o' "$log"
	expect "fork from cli/" 'cli-sys: cli/spawn.o: fork' "$log"
	expect "printf from lib/" 'lib-print: lib/say.o: \(printf\|puts\)' "$log"
	expect "fputs to stderr from lib/" 'lib-print: lib/complain.o: \(fputs\|fwrite\)' "$log"
	expect "exit from lib/" 'lib-exit: lib/quit.o: exit' "$log"
	expect "a non-elfload export" 'exports: pair_a is exported' "$log"
	expect "an undocumented elfload_* export" 'exports: elfload_quit is exported but no header' "$log"
	expect "the archive's exports judged too" 'FAILED: libelfload.a defines only' "$log"
}

if [ "${1:-}" = --self-test ]; then
	self_test
else
	build=${1:-build}
	so=${2:-}
	ar=${3:-}
	if [ -z "$so" ] && [ -e libelfload.so ]; then so=libelfload.so; fi
	if [ -z "$ar" ] && [ -e libelfload.a ]; then ar=libelfload.a; fi
	root=$top/$build
	[ "${build#/}" != "$build" ] && root=$build
	check_tree "$root" "$so" "$top/include/elfload" "$ar"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
