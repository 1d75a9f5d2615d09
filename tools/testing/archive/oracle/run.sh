#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The oracle: pristine 6.12 and the project booted side by side on the same
# initrds, and the rootfs each leaves compared entry by entry.  See README.
#
# usage: run.sh [--tree DIR] [--pristine DIR] [--out DIR] [--only GLOB]
#               [--seed N] [--count N]
# env:   RESULTS=FILE     write "<passed> <failed> <skipped>" into FILE
#        ORACLE_JOBS=N    boots side by side (default: two per core)
#        ORACLE_TIMEOUT=S per boot (default 180)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../../.." && pwd)
tree=$top/build/linux
pristine=$top/build/pristine
out=$top/build/oracle
only='*'
seed=1
count=320

while [ $# -gt 0 ]; do
	case "$1" in
	--tree) tree=${2:?}; shift 2 ;;
	--pristine) pristine=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	--only) only=${2:?}; shift 2 ;;
	--seed) seed=${2:?}; shift 2 ;;
	--count) count=${2:?}; shift 2 ;;
	*) echo "oracle: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

log() { echo "# $*"; }
die() {
	echo "oracle: $*" >&2
	[ -n "${RESULTS:-}" ] && echo "0 1 0" > "$RESULTS"
	exit 1
}
# shellcheck disable=SC1091 # ../pristine.sh, checked on its own
. "$here/../pristine.sh"

mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd)
tree=$(cd "$tree" && pwd) || die "no tree $tree: run make tree"

# ------------------------------------------------------------ kernels

# The lister, and the built-in initramfs that carries it.  Both kernels get
# the same one, with one fixed mtime (KBUILD_BUILD_TIMESTAMP below).
make_builtin() {
	gcc -static -O2 -Wall -o "$out/lister.new" "$here/lister.c" ||
		die "cannot build the lister"
	cmp -s "$out/lister.new" "$out/lister" || mv "$out/lister.new" "$out/lister"
	rm -f "$out/lister.new"
	cat > "$out/builtin.list" <<-EOF
	dir /dev 0755 0 0
	nod /dev/console 0600 0 0 c 5 1
	dir /root 0700 0 0
	file /oracle-list $out/lister 0755 0 0
	EOF
	echo "CONFIG_INITRAMFS_SOURCE=\"$out/builtin.list\"" > "$out/builtin.config"
}

build() {	# build NAME TREE
	local name=$1 src=$2 kout=$out/$1 cfg=$out/$1-config t0
	mkdir -p "$kout" "$cfg"
	(cd "$src" && ARCH=um scripts/kconfig/merge_config.sh -O "$cfg" \
		"$here/oracle.config" "$out/builtin.config") \
		> "$cfg/merge.log" 2>&1 || { cat "$cfg/merge.log" >&2; return 1; }
	cmp -s "$cfg/.config" "$kout/.config" || cp "$cfg/.config" "$kout/.config"
	t0=$(date +%s)
	KBUILD_BUILD_TIMESTAMP="2026-01-01 00:00:00 UTC" \
		pair_make "$tree" "$src" O="$kout" ARCH=um -j"$(nproc)" olddefconfig linux \
		> "$out/$name-build.log" 2>&1 ||
		{ tail -n 30 "$out/$name-build.log" >&2; return 1; }
	log "$name built in $(( $(date +%s) - t0 )) s"
}

# ------------------------------------------------------------ images

# Every image lands in $out/img as <source>-<name>.img with a .desc.
make_images() {
	local t0
	rm -rf "$out/img"
	mkdir -p "$out/img/tools" "$out/img/gen"
	t0=$(date +%s)
	bash "$here/tools.sh" "$out/img/tools" "$out/ours/usr/gen_init_cpio" \
		> "$out/tools.log" 2>&1 || { tail -n 20 "$out/tools.log" >&2; return 1; }
	python3 "$here/gen.py" --seed "$seed" --count "$count" "$out/img/gen" \
		> "$out/gen.log" 2>&1 || { tail -n 20 "$out/gen.log" >&2; return 1; }
	mv "$out/img/tools/"* "$out/img/gen/"* "$out/img/"
	rmdir "$out/img/tools" "$out/img/gen"
	log "images made in $(( $(date +%s) - t0 )) s"
}

# ------------------------------------------------------------ boots

# One boot: KERNEL (ours|pristine) on IMAGE, console to logs/NAME.KERNEL.
boot_one() {	# boot_one KERNEL IMAGE
	local k=$1 img=$2 name
	name=$(basename "$img" .img)
	(ulimit -c 0
	 timeout -k 5 "${ORACLE_TIMEOUT:-180}" "$out/$k/linux" mem=1024M \
		initrd="$img" rdinit=/oracle-list uml_dir="$out/uml" \
		con=null con0=null,fd:1 panic=-1 \
		</dev/null >"$out/logs/$name.$k" 2>&1) 2>/dev/null || true
}

boot_all() {
	local jobs=${ORACLE_JOBS:-$(( 2 * $(nproc) ))} t0 img k
	rm -rf "$out/logs" "$out/uml"
	mkdir -p "$out/logs" "$out/uml"
	export -f boot_one
	export out
	t0=$(date +%s)
	# shellcheck disable=SC2016 # the inner bash expands $1 and $2
	for img in "$out"/img/$only.img; do
		[ -f "$img" ] || continue
		for k in ours pristine; do
			printf '%s\0%s\0' "$k" "$img"
		done
	done | xargs -0 -n 2 -P "$jobs" bash -c 'boot_one "$1" "$2"' _
	log "boots done in $(( $(date +%s) - t0 )) s ($jobs side by side)"
}

# ------------------------------------------------------------ main

make_builtin
pristine=$(pristine_tree "$tree" "$pristine") ||
	die "cannot check out branch baseline in $pristine"
build ours "$tree" || die "building the project's kernel failed (see $out/ours-build.log)"
build pristine "$pristine" || die "building pristine 6.12 failed (see $out/pristine-build.log)"
make_images || die "making the images failed (see $out/tools.log, $out/gen.log)"
boot_all
# shellcheck disable=SC2086 # $only is a glob
python3 "$here/compare.py" --deviations "$here/deviations" \
	--results "${RESULTS:-/dev/null}" "$out/logs" "$out"/img/$only.img
