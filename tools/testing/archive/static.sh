#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static checks of the project's kernel code, as a maintainer runs them:
#
#  - gcc with W=1 and sparse (C=2: every object named, built or not),
#  - clang with W=1 (LLVM=1),
#  - scripts/kernel-doc -none -Wall on every project source and header,
#  - scripts/checkpatch.pl --strict on every patch of the series
#    (series.sh writes them; "series --check" applies them).
#
# Both compilers build one x86_64 configuration that enables every project
# object (tinyconfig, the x86_64 boot fragment, the KUnit suites, the test
# module and kheaders), in build/static/{gcc,clang}.  Only the objects of
# files the project adds or patches are built.  A warning in a project file
# fails its check; a warning in an upstream file the project patches is
# listed and counted apart (pre-existing: the same check on the pristine
# file gives it too), and fails nothing.
#
# Prints KTAP, "static: N passed, M failed", and writes
# "<passed> <failed> <skipped>" to $RESULTS when set.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd -P)
here=$top/tools/testing/archive
tree=${TREE:-$top/build/linux}
out=$top/build/static
jobs=$(nproc)
passed=0 failed=0 n=0

# Objects built from the project's own files and from the upstream files
# its patches change.
objects="lib/cpio/ fs/archives/ init/initramfs.o init/initramfs_kunit.o
	kernel/kheaders.o mm/shmem.o lib/xz/xz_dec_lzma2.o"

# gcc and clang end a warning with its option, "[-Wname]"; sparse, which
# C=2 runs after the compiler on each object, does not.
compiler_warning='^[^ ]+:[0-9]+:[0-9]+: warning: .*\[-W[^]]*\]$'
sparse_warning='^[^ ]+:[0-9]+:[0-9]+: (warning|error): .*[^]]$'

# Project files: the only ones whose warnings count.
project_files() {
	(cd "$top" && git ls-files -co --exclude-standard -- \
		lib/cpio include/linux init kernel fs/archives mm) |
		grep -E '\.[ch]$'
}

ok() {
	n=$((n + 1)) passed=$((passed + 1))
	echo "ok $n - $*"
}

not_ok() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $*"
}

configure() {
	local dir=$1
	shift
	mkdir -p "$dir"
	{
		cat "$here/configs/x86_64-boot.config"
		grep -v '^CONFIG_ARCHIVES_BUILTIN=' "$top/kunit-tests/.kunitconfig"
	} > "$dir/static.config"
	make -C "$tree" O="$dir" "$@" -s tinyconfig > /dev/null &&
		(cd "$tree" && ./scripts/kconfig/merge_config.sh -m -O "$dir" \
			"$dir/.config" "$dir/static.config" > /dev/null 2>&1) &&
		make -C "$tree" O="$dir" "$@" -s olddefconfig > /dev/null 2>&1
}

# Is every line of the fragment set in the resulting .config?
config_complete() {
	local dir=$1 missing
	missing=$(grep -E '^CONFIG_[A-Z0-9_]+=[ym]$' "$dir/static.config" |
		while read -r l; do
			grep -qx "$l" "$dir/.config" || echo "$l"
		done)
	[ -z "$missing" ] || { echo "# not set: $missing" | tr '\n' ' '; echo; }
	[ -z "$missing" ]
}

# Build the objects; the log holds every compiler and sparse message.
build_objects() {
	local dir=$1 log=$2
	shift 2
	# shellcheck disable=SC2086 # objects is a list of words
	nice make -C "$tree" O="$dir" -j"$jobs" W=1 "$@" \
		prepare > /dev/null 2> "$log.prepare" || return 1
	# Rebuild every object: a warning is printed only when it compiles.
	find "$dir/lib/cpio" "$dir/fs/archives" "$dir/init" "$dir/kernel" \
		"$dir/mm" "$dir/lib/xz" -name '*.o' -delete 2> /dev/null
	# shellcheck disable=SC2086
	nice make -C "$tree" O="$dir" -j"$jobs" W=1 "$@" $objects \
		> "$log.steps" 2> "$log"
}

# Report the warnings of one tool: project files fail, patched upstream
# files are listed.
judge() {
	local name=$1 log=$2 pattern=$3 f mine=0 theirs=0
	local own
	own=$(project_files)
	while IFS= read -r line; do
		f=${line%%:*}
		f=${f#"$tree"/}
		f=${f#../}
		if echo "$own" | grep -qFx "$f"; then
			mine=$((mine + 1))
			echo "# $line"
		else
			theirs=$((theirs + 1))
			echo "# upstream: $line"
		fi
	done < <(grep -E "$pattern" "$log")
	if [ "$mine" -eq 0 ]; then
		ok "$name: 0 warnings in project files ($theirs in patched upstream files)"
	else
		not_ok "$name: $mine warnings in project files"
	fi
}

check_gcc() {
	local dir=$out/gcc log=$out/gcc.log
	if ! configure "$dir" || ! config_complete "$dir"; then
		not_ok "gcc W=1: configuration"
		return
	fi
	if ! build_objects "$dir" "$log" C=2; then
		sed 's/^/# /' "$log.prepare" "$log" | tail -n 30
		not_ok "gcc W=1 C=2: build"
		return
	fi
	judge "gcc W=1 ($(grep -c '^  CC ' "$log.steps") objects)" "$log" \
		"$compiler_warning"
	judge "sparse C=2 ($(grep -c '^  CHECK ' "$log.steps") files)" "$log" \
		"$sparse_warning"
}

check_clang() {
	local dir=$out/clang log=$out/clang.log
	if ! configure "$dir" LLVM=1 || ! config_complete "$dir"; then
		not_ok "clang W=1: configuration"
		return
	fi
	if ! build_objects "$dir" "$log" LLVM=1; then
		sed 's/^/# /' "$log.prepare" "$log" | tail -n 30
		not_ok "clang W=1: build"
		return
	fi
	judge "clang W=1 ($(grep -c '^  CC ' "$log.steps") objects)" "$log" \
		"$compiler_warning"
}

check_kernel_doc() {
	local log=$out/kernel-doc.log
	# shellcheck disable=SC2046 # one word per file
	(cd "$top" && perl "$tree/scripts/kernel-doc" -none -Wall \
		$(project_files)) > "$log" 2>&1
	judge "kernel-doc -none -Wall" "$log" '(warning|error)'
}

# One test per patch, from "series.sh --checkpatch", which writes the
# series and leaves out the messages checkpatch gives on identifiers of
# upstream APIs (CamelCase of lib/zstd and the fs_parameter Opt_*).
check_patches() {
	local line
	bash "$here/series.sh" --checkpatch > "$out/series.log" 2>&1
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "${line#ok * - }" ;;
		"not ok "*) not_ok "${line#not ok * - }" ;;
		"#"*) echo "$line" ;;
		esac
	done < "$out/series.log"
	grep -q '^ok \|^not ok ' "$out/series.log" || {
		sed 's/^/# /' "$out/series.log" | tail -n 20
		not_ok "checkpatch --strict: the series could not be written"
	}
}

mkdir -p "$out"
echo "TAP version 13"
check_kernel_doc
check_patches
check_gcc
check_clang
echo "1..$n"
echo "static: $passed passed, $failed failed"
[ -n "${RESULTS:-}" ] && echo "$passed $failed 0" > "$RESULTS"
[ "$failed" -eq 0 ]
