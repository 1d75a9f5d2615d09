#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Show that the series is bisectable: apply it patch by patch with "git am"
# to the pristine tree (plus the host fixes of patches/host, which the UML
# test kernels need on this machine), and after each patch
#
#  - build the x86_64 boot configuration (tinyconfig and
#    configs/x86_64-boot.config: bzImage and modules);
#  - build a UML KUnit kernel with every suite the tree has at that point
#    (lib/cpio, init/initramfs, fs/archives) and run them;
#  - when the patch changes tools/cpio, run its userspace tests.
#
# Not part of "make check" (about a minute or two per patch with ccache,
# much more without): "make bisect".  Prints KTAP, one test per patch and
# build, and "bisect: N passed, M failed"; logs in build/bisect/.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
here=$top/tools/testing/archive
tree=${TREE:-$top/build/linux}
out=$top/build/bisect
work=$out/tree
series=$top/build/series
jobs=$(nproc)
passed=0 failed=0 n=0
cc=gcc
command -v ccache > /dev/null && cc="ccache gcc"

ok() {
	n=$((n + 1)) passed=$((passed + 1))
	echo "ok $n - $*"
}

not_ok() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $*"
}

# The x86_64 boot configuration as far as this step knows its symbols.
build_x86() {
	local dir=$out/x86_64 log=$1
	mkdir -p "$dir"
	make -C "$work" O="$dir" -s tinyconfig > "$log" 2>&1 &&
		(cd "$work" && ./scripts/kconfig/merge_config.sh -m -O "$dir" \
			"$dir/.config" "$here/configs/x86_64-boot.config") \
			>> "$log" 2>&1 &&
		make -C "$work" O="$dir" -s olddefconfig >> "$log" 2>&1 &&
		nice make -C "$work" O="$dir" -j"$jobs" CC="$cc" \
			bzImage modules >> "$log" 2>&1
}

# The KUnit configurations of the suites this step has.
kunit_args() {
	local k
	for k in lib/cpio fs/archives; do
		[ -f "$work/$k/.kunitconfig" ] &&
			echo "--kunitconfig=$k"
	done
	if [ -f "$work/init/initramfs_kunit.c" ]; then
		echo "--kconfig_add=CONFIG_BLK_DEV_INITRD=y"
		echo "--kconfig_add=CONFIG_INITRAMFS_KUNIT_TEST=y"
	fi
}

run_kunit() {
	local log=$1 args
	args=$(kunit_args)
	[ -n "$args" ] || return 125
	# shellcheck disable=SC2086 # one argument per line
	(cd "$work" && nice ./tools/testing/kunit/kunit.py run --arch=um \
		--build_dir="$out/kunit" --jobs="$jobs" --timeout=900 \
		--make_options="CC=$cc" $args \
		--kconfig_add=CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=65535) \
		> "$log" 2>&1
}

kunit_summary() {
	sed 's/\x1b\[[0-9;]*m//g' "$1" |
		grep -E 'Testing complete\. Ran [0-9]+ tests' | tail -n 1 |
		sed 's/.*Testing complete\. //'
}

mkdir -p "$out"
bash "$here/series.sh" > "$out/series.log" 2>&1 || {
	cat "$out/series.log"
	exit 1
}
# A copy: "make series" or "make static" meanwhile rewrite build/series.
rm -rf "$out/patches"
cp -r "$top/build/series" "$out/patches"
series=$out/patches
git -C "$tree" worktree remove --force "$work" > /dev/null 2>&1
rm -rf "$work"
git -C "$tree" worktree prune
git -C "$tree" worktree add -q --detach "$work" baseline || exit 1

echo "TAP version 13"
for p in "$series"/0*.patch; do
	case "$p" in *0000-cover-letter.patch) continue ;; esac
	name=$(basename "$p" .patch)
	if ! git -C "$work" am -q "$p" > "$out/$name.am.log" 2>&1; then
		not_ok "$name: git am"
		break
	fi
	start=$(date +%s)
	if build_x86 "$out/$name.x86_64.log"; then
		ok "$name: x86_64 builds ($(( $(date +%s) - start )) s)"
	else
		tail -n 20 "$out/$name.x86_64.log" | sed 's/^/# /'
		not_ok "$name: x86_64 build"
	fi
	# The stream fuzzer is the repository's, not the series' (exclude).
	if grep -q '^diff --git a/tools/cpio/' "$p"; then
		if make -C "$work/tools/cpio" check FUZZ_SECONDS=10 \
			CHECKS="test difftest fuzz-smoke" > "$out/$name.tools.log" 2>&1; then
			ok "$name: tools/cpio: $(grep -E '^[0-9]+ passed' "$out/$name.tools.log" | tail -n 1)"
		else
			tail -n 20 "$out/$name.tools.log" | sed 's/^/# /'
			not_ok "$name: tools/cpio check"
		fi
	fi
	start=$(date +%s)
	run_kunit "$out/$name.kunit.log"
	rc=$?
	if [ "$rc" = 125 ]; then
		echo "# $name: no KUnit suite yet"
	elif [ "$rc" = 0 ]; then
		ok "$name: UML KUnit $(kunit_summary "$out/$name.kunit.log") ($(( $(date +%s) - start )) s)"
	else
		tail -n 20 "$out/$name.kunit.log" | sed 's/^/# /'
		not_ok "$name: UML KUnit $(kunit_summary "$out/$name.kunit.log")"
	fi
done
echo "1..$n"
echo "bisect: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
