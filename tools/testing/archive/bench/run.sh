#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot-time initramfs benchmark: the pristine 6.12 tree against the project
# tree, side by side in one run.  Both are built from the same non-debug UML
# configuration (alldefconfig + configs/uml-boot.config + configs/bench.config)
# and booted with the same initrd, "initcall_debug initramfs_async=0", several
# times each; the time of the populate_rootfs initcall (which then includes
# the whole unpack) is taken from the console.  One line per archive shape:
#
#   bench: <what> (UML): ours <ms> ms, pristine <ms> ms, ratio <ours/pristine> (median of N)
#
# The same shapes are then booted on x86_64 under qemu, with the kernels of
# the tracing guest (tracing/run.sh: tinyconfig + configs/x86_64-boot.config
# + tracing/tracing.config, pristine and ours), the two kernels side by side
# on the two cores:
#
#   bench: <what> (x86_64, qemu): ours <ms> ms, pristine <ms> ms, ratio ...
#
# The shape "kheaders" boots each kernel once with bench/kheaders-init: ours
# mounts the archive "kheaders" N times (mount(2) timed in the guest by
# bench/nstime.c), the pristine kernel extracts /sys/kernel/kheaders.tar.xz
# with tar -xJf N times; the host extracts the pristine tarball into a
# tmpfs N times.  It prints both ratios and the kernel memory the headers
# pin after boot in each kernel.
#
# usage: run.sh [--runs N] [--only SHAPE] [--tree DIR] [--pristine DIR]
#               [--out DIR] [--no-x86]
#   shapes: headers-plain headers-gzip headers-zstd headers-xz large-200m
#           empty-50k kheaders
# env: BENCH_KEEP_IMAGES=1 keeps the images between runs (default: reused
#      when present; they depend only on the pristine sources)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../../.." && pwd)
configs=$top/tools/testing/archive/configs

runs=5
only=
tree=$top/build/linux
pristine=$top/build/pristine
out=$top/build/bench
x86=1

while [ $# -gt 0 ]; do
	case "$1" in
	--runs) runs=${2:?}; shift 2 ;;
	--only) only=${2:?}; shift 2 ;;
	--tree) tree=${2:?}; shift 2 ;;
	--pristine) pristine=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	--no-x86) x86=0; shift ;;
	*) echo "bench: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

mkdir -p "$out/img"
have_perf=0
perf stat -x, -e task-clock -o /dev/null true 2>/dev/null && have_perf=1

# Run COMMAND, its CPU time into OUT: perf stat counts task-clock in ns,
# /usr/bin/time has 10 ms steps.
cpu_probe() {	# cpu_probe OUT COMMAND...
	local o=$1
	shift
	if [ "$have_perf" = 1 ]; then
		perf stat -x, -e task-clock -o "$o" "$@"
	else
		/usr/bin/time -f '@@cpu,%U,%S' -o "$o" "$@"
	fi
}
out=$(cd "$out" && pwd)
tree=$(cd "$tree" && pwd)
log() { echo "# $*"; }
die() { echo "bench: $*" >&2; exit 1; }
# shellcheck disable=SC1091 # ../pristine.sh, checked on its own
. "$here/../pristine.sh"

# ------------------------------------------------------------ the trees

# The pristine tree: see ../pristine.sh.
prepare_pristine() {
	log "pristine tree $pristine (branch baseline)"
	pristine=$(pristine_tree "$tree" "$pristine") ||
		die "cannot check out branch baseline in $pristine"
}

build() {	# build NAME TREE
	local name=$1 src=$2 kout=$out/$1 cfg=$out/$1-config t0
	mkdir -p "$kout" "$cfg"
	(cd "$src" && ARCH=um scripts/kconfig/merge_config.sh -O "$cfg" \
		"$configs/uml-boot.config" "$here/bench.config") \
		> "$cfg/merge.log" 2>&1 || { cat "$cfg/merge.log" >&2; return 1; }
	cmp -s "$cfg/.config" "$kout/.config" || cp "$cfg/.config" "$kout/.config"
	t0=$(date +%s)
	log "building $name ($src)"
	nice make -C "$src" O="$kout" ARCH=um -j2 olddefconfig linux \
		> "$out/$name-build.log" 2>&1 ||
		{ tail -n 30 "$out/$name-build.log" >&2; return 1; }
	log "$name built in $(( $(date +%s) - t0 )) s"
}

# ------------------------------------------------------------ the images

img=$out/img

# A tree of files into a newc archive, sorted, owned by root, fixed mtime.
newc() {	# newc DIR OUT
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0 --reproducible) > "$2"
}

make_headers() {
	[ -s "$img/headers.cpio" ] && return
	local t=$img/headers.tree
	rm -rf "$t"
	mkdir -p "$t"
	git -C "$tree" archive upstream include arch/x86/include | tar -x -C "$t"
	find "$t" -exec touch -h -d @1700000000 {} +
	newc "$t" "$img/headers.cpio"
	rm -rf "$t"
}

make_large() {
	[ -s "$img/large.cpio" ] && return
	local t=$img/large.tree i
	rm -rf "$t"
	mkdir -p "$t/big"
	for i in 1 2 3 4; do
		head -c $((50 * 1024 * 1024)) /dev/urandom > "$t/big/file$i"
	done
	find "$t" -exec touch -h -d @1700000000 {} +
	newc "$t" "$img/large.cpio"
	rm -rf "$t"
}

# 50,000 entries: 500 directories of 99 empty files each.
make_empty() {
	[ -s "$img/empty.cpio" ] && return
	python3 - "$img/empty.cpio" <<'EOF'
import sys
out = bytearray()
ino = 1
def entry(name, mode, data=b""):
    global ino, out
    name = name.encode() + b"\0"
    out += b"070701" + b"".join(b"%08X" % v for v in (
        ino, mode, 0, 0, 2 if mode & 0o40000 else 1, 1700000000, len(data),
        0, 0, 0, 0, len(name), 0))
    out += name
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    ino += 1
for d in range(500):
    entry("d%03d" % d, 0o40755)
    for f in range(99):
        entry("d%03d/f%02d" % (d, f), 0o100644)
entry("TRAILER!!!", 0)
out += b"\0" * (-len(out) % 512)
open(sys.argv[1], "wb").write(out)
EOF
}

make_images() {
	make_headers
	[ -s "$img/headers.cpio.gz" ] || gzip -9n < "$img/headers.cpio" > "$img/headers.cpio.gz"
	[ -s "$img/headers.cpio.zst" ] || zstd -q -19 < "$img/headers.cpio" > "$img/headers.cpio.zst"
	[ -s "$img/headers.cpio.xz" ] || xz --check=crc32 < "$img/headers.cpio" > "$img/headers.cpio.xz"
	make_large
	make_empty
}

# ------------------------------------------------------------ measuring

# Boot KERNEL with IMAGE; print the populate_rootfs initcall time in us
# and the CPU time (user + system, ms) of the whole UML process on the
# host.  With no init anywhere the kernel panics right after populate_rootfs
# and UML aborts.
boot_once() {	# boot_once KERNEL IMAGE LOG
	local t
	(ulimit -c 0; cpu_probe "$3.cpu" timeout -k 5 120 "$1" mem=1200M initrd="$2" \
		con=null con0=null,fd:1 initcall_debug loglevel=8 initramfs_async=0 \
		rdinit=/bench-none init=/bench-none panic=-1 \
		</dev/null >"$3" 2>&1) 2>/dev/null || true
	t=$(grep -a -o 'initcall populate_rootfs+[^ ]* returned [-0-9]* after [0-9]* usecs' "$3" |
		sed 's/.* after \([0-9]*\) usecs/\1/' | head -n1)
	[ -n "$t" ] || return 0
	echo "$t $(awk -F, '/^@@cpu/ { printf "%.1f", ($2 + $3) * 1000 }
		/task-clock/ { printf "%.1f", $1 }' "$3.cpu")"
}

# The same on x86_64 (qemu, TCG unless the host check found KVM working):
# the guest's time only, the host CPU time of a qemu process means little.
boot_once_x86() {	# boot_once_x86 BZIMAGE IMAGE LOG
	local t accel="-accel tcg -cpu max"
	[ "$(cat "$top/build/hostcheck/kvm" 2>/dev/null)" = 1 ] &&
		accel="-accel kvm -cpu host"
	# shellcheck disable=SC2086 # accel is a list of words
	timeout -k 5 300 qemu-system-x86_64 -nodefaults -display none -no-reboot \
		$accel -smp 1 -m 1536 -serial stdio -kernel "$1" -initrd "$2" \
		-append "console=ttyS0 initcall_debug loglevel=8 initramfs_async=0 rdinit=/bench-none init=/bench-none panic=-1 reboot=t" \
		</dev/null >"$3" 2>&1 || true
	t=$(tr -d '\r' < "$3" | grep -a -o 'initcall populate_rootfs+[^ ]* returned [-0-9]* after [0-9]* usecs' |
		sed 's/.* after \([0-9]*\) usecs/\1/' | head -n1)
	[ -n "$t" ] && echo "$t"
	return 0
}

median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Boot both kernels RUNS times each with IMAGE, interleaved so that load
# changes hit both alike; LOGS/NAME.{ours,pristine} get "<us> <cpu ms>".
measure() {	# measure NAME IMAGE
	local name=$1 image=$2 k i t
	mkdir -p "$out/logs"
	: > "$out/logs/$name.ours"
	: > "$out/logs/$name.pristine"
	for i in $(seq "$runs"); do
		for k in ours pristine; do
			t=$(boot_once "$out/$k/linux" "$image" "$out/logs/$name-$k-$i.log")
			[ -n "$t" ] || die "$k: no populate_rootfs time for $name (see $out/logs/$name-$k-$i.log)"
			echo "$t" >> "$out/logs/$name.$k"
		done
	done
}

# measure_x86 NAME IMAGE: as measure, on x86_64; the two kernels boot at
# the same time, one per core.
measure_x86() {
	local name=$1 image=$2 k i t
	mkdir -p "$out/logs"
	for i in $(seq "$runs"); do
		for k in ours pristine; do
			boot_once_x86 "$x86_kernels/$k/arch/x86/boot/bzImage" "$image" \
				"$out/logs/$name-x86-$k-$i.log" > "$out/logs/$name-x86-$k-$i.t" &
		done
		wait
	done
	for k in ours pristine; do
		: > "$out/logs/$name-x86.$k"
		for i in $(seq "$runs"); do
			t=$(cat "$out/logs/$name-x86-$k-$i.t")
			[ -n "$t" ] || die "$k: no populate_rootfs time for $name on x86_64 (see $out/logs/$name-x86-$k-$i.log)"
			echo "$t" >> "$out/logs/$name-x86.$k"
		done
	done
}

bench_shape_x86() {	# bench_shape_x86 NAME IMAGE
	local name=$1 image=$2 ours pris
	[ -n "$only" ] && [ "$only" != "$name" ] && return 0
	measure_x86 "$name" "$image"
	ours=$(median < "$out/logs/$name-x86.ours")
	pris=$(median < "$out/logs/$name-x86.pristine")
	awk -v w="$name" -v o="$ours" -v p="$pris" -v n="$runs" 'BEGIN {
		printf "bench: %s (x86_64, qemu): ours %.1f ms, pristine %.1f ms, ratio %.2f (median of %d)\n",
			w, o / 1000, p / 1000, o / p, n }'
}

# Two lines per shape: the populate_rootfs initcall time (wall clock, as
# the guest sees it), and the CPU time the host spent on the boot minus
# that of a boot with an empty archive ("cpu"): on a loaded machine the
# wall clock of a UML guest includes the time it waits for a host CPU,
# its CPU time does not.
bench_shape() {	# bench_shape NAME IMAGE
	local name=$1 image=$2 ours pris ob pb
	[ -n "$only" ] && [ "$only" != "$name" ] && return 0
	measure "$name" "$image"
	ours=$(cut -d' ' -f1 "$out/logs/$name.ours" | median)
	pris=$(cut -d' ' -f1 "$out/logs/$name.pristine" | median)
	awk -v w="$name" -v o="$ours" -v p="$pris" -v n="$runs" 'BEGIN {
		printf "bench: %s (UML): ours %.1f ms, pristine %.1f ms, ratio %.2f (median of %d)\n",
			w, o / 1000, p / 1000, o / p, n }'
	ours=$(cut -d' ' -f2 "$out/logs/$name.ours" | median)
	pris=$(cut -d' ' -f2 "$out/logs/$name.pristine" | median)
	ob=$(cut -d' ' -f2 "$out/logs/base.ours" | median)
	pb=$(cut -d' ' -f2 "$out/logs/base.pristine" | median)
	awk -v w="$name" -v o="$ours" -v p="$pris" -v ob="$ob" -v pb="$pb" -v n="$runs" 'BEGIN {
		o -= ob; p -= pb
		if (o < 1) o = 1
		if (p < 1) p = 1
		printf "bench: %s (UML, cpu): ours %.1f ms, pristine %.1f ms, ratio %.2f (median of %d, minus an empty boot)\n",
			w, o, p, o / p, n }'
	# The fastest boot of each, least disturbed by other load.
	ours=$(cut -d' ' -f1 "$out/logs/$name.ours" | sort -n | head -n1)
	pris=$(cut -d' ' -f1 "$out/logs/$name.pristine" | sort -n | head -n1)
	awk -v w="$name" -v o="$ours" -v p="$pris" 'BEGIN {
		printf "# %s: fastest boot: ours %.1f ms, pristine %.1f ms, ratio %.2f\n",
			w, o / 1000, p / 1000, o / p }'
}

# ------------------------------------------------------------ kheaders

# The image of the kheaders guest: busybox, nstime and kheaders-init.
kheaders_image() {	# kheaders_image OUT
	local list=$out/kheaders.list
	cc -O2 -static -o "$out/nstime" "$here/nstime.c" || return 1
	{
		echo "dir /bin 0755 0 0"
		echo "file /bin/busybox /bin/busybox 0755 0 0"
		echo "slink /bin/sh busybox 0777 0 0"
		echo "file /bin/nstime $out/nstime 0755 0 0"
		echo "file /init $here/kheaders-init 0755 0 0"
		echo "dir /proc 0555 0 0"
		echo "dir /sys 0555 0 0"
		echo "dir /dev 0755 0 0"
		echo "dir /mnt 0755 0 0"
	} > "$list"
	"$out/pristine/usr/gen_init_cpio" "$list" > "$1"
}

# The values of "@@nstime WHAT NS" lines of LOG, in ms, one per line.
nstimes() {	# nstimes WHAT LOG
	tr -d '\r' < "$2" | awk -v w="$1" '$1 == "@@nstime" && $2 == w { print $3 / 1e6 }'
}

# Mounting the archive "kheaders" (ours, timed in the guest around mount(2))
# against extracting upstream's tarball of the same headers with tar -xJf:
# on the host into a tmpfs, and in the pristine guest from
# /sys/kernel/kheaders.tar.xz into a tmpfs, as tools do today.  And the
# kernel memory the headers pin after boot.
bench_kheaders() {
	local image=$img/kheaders.cpio k tarball=$out/pristine/kernel/kheaders_data.tar.xz
	local shm i t0 ours host guest pinned store tarsize tree
	[ -n "$only" ] && [ "$only" != kheaders ] && return 0
	[ -f "$tarball" ] || die "no $tarball: CONFIG_IKHEADERS off in the pristine kernel?"
	kheaders_image "$image" || die "cannot make the kheaders image"
	mkdir -p "$out/logs"
	for k in ours pristine; do
		(ulimit -c 0; timeout -k 5 600 "$out/$k/linux" mem=1200M initrd="$image" \
			con=null con0=null,fd:1 quiet khbench.runs="$runs" panic=-1 \
			</dev/null > "$out/logs/kheaders-$k.log" 2>&1) || true
		grep -q '^@@kh done' "$out/logs/kheaders-$k.log" ||
			die "$k: kheaders guest failed (see $out/logs/kheaders-$k.log)"
	done
	shm=$(mktemp -d -p /dev/shm kheaders-bench.XXXXXX)
	: > "$out/logs/kheaders-host"
	for i in $(seq "$runs"); do
		mkdir "$shm/x"
		t0=$(date +%s%N)
		tar -xJf "$tarball" -C "$shm/x"
		echo "$(( $(date +%s%N) - t0 ))" | awk '{ print $1 / 1e6 }' >> "$out/logs/kheaders-host"
		rm -rf "$shm/x"
	done
	rmdir "$shm"
	ours=$(nstimes mount "$out/logs/kheaders-ours.log" | median) ||
		die "ours: no mount of kheaders timed (see $out/logs/kheaders-ours.log)"
	guest=$(nstimes exec "$out/logs/kheaders-pristine.log" | median) ||
		die "pristine: no tar -xJf timed (see $out/logs/kheaders-pristine.log)"
	host=$(median < "$out/logs/kheaders-host")
	awk -v o="$ours" -v h="$host" -v g="$guest" -v n="$runs" 'BEGIN {
		printf "bench: kheaders (UML): mount archive=kheaders %.1f ms (timed in the guest), tar -xJf into a host tmpfs %.1f ms, ratio %.2f (median of %d)\n",
			o, h, o / h, n
		printf "bench: kheaders (UML): mount archive=kheaders %.1f ms, tar -xJf /sys/kernel/kheaders.tar.xz in the pristine guest %.1f ms, ratio %.2f (median of %d)\n",
			o, g, o / g, n }'
	read -r _ _ pinned _ store < <(grep -a '^@@kh pinned' "$out/logs/kheaders-ours.log" | tr -d '\r')
	tarsize=$(grep -a '^@@kh tarball' "$out/logs/kheaders-pristine.log" | tr -d '\r' | cut -d' ' -f3)
	tree=$(grep -a '^@@kh tree_kb' "$out/logs/kheaders-ours.log" | tr -d '\r' | cut -d' ' -f3)
	echo "bench: kheaders (UML): memory pinned after boot: pristine $tarsize bytes (kheaders.tar.xz), ours $pinned bytes (archive store $store bytes, swappable; a mount adds $tree kB of tmpfs pages until umount)"
	second=$(nstimes second "$out/logs/kheaders-ours.log" | median) ||
		die "ours: no second mount timed (see $out/logs/kheaders-ours.log)"
	read -r _ _ second_kb < <(grep -a '^@@kh second_kb' "$out/logs/kheaders-ours.log" | tail -n 1 | tr -d '\r')
	read -r _ _ _ shared _ private < <(grep -a '^@@kh eight' "$out/logs/kheaders-ours.log" | tr -d '\r')
	awk -v s="$second" -v o="$ours" -v k="$second_kb" -v n="$runs" 'BEGIN {
		printf "bench: kheaders (UML): second read-only mount while the first is mounted %.3f ms, first mount %.1f ms, ratio %.3f, Shmem added %d kB (median of %d)\n",
			s, o, s / o, k, n }'
	awk -v s="$shared" -v p="$private" 'BEGIN {
		printf "bench: kheaders (UML): eight read-only mounts (containers) hold %d kB of Shmem, eight private copies %d kB, ratio %.3f\n",
			s, p, (p ? s / p : 0) }'
}

prepare_pristine
build ours "$tree" || die "cannot build the project kernel"
build pristine "$pristine" || die "cannot build the pristine kernel"
# Both kernels must run user space here (kheaders shape): check the host.
for k in ours pristine; do
	hc=$out/hostcheck-$k
	if ! bash "$here/../hostcheck.sh" --uml "$out/$k/linux" --out "$hc" > "$hc.log"; then
		cat "$hc.log"
		die "this host cannot run the $k kernel (see above)"
	fi
	if [ "$k" = ours ]; then
		sed "s/^host: uml:/host: uml ($k):/" "$hc.log"
	else
		sed -n "s/^host: uml:/host: uml ($k):/p" "$hc.log"
	fi
done
make_images
# The empty archive: only a trailer, the baseline of the CPU figures.
python3 -c 'import sys; n = b"TRAILER!!!\0"
h = b"070701" + b"".join(b"%08X" % v for v in (0,) * 11 + (len(n), 0)) + n
sys.stdout.buffer.write(h + b"\0" * (-len(h) % 512))' > "$img/base.cpio"
[ "$only" = kheaders ] || measure base "$img/base.cpio"
bench_shape headers-plain "$img/headers.cpio"
bench_shape headers-gzip "$img/headers.cpio.gz"
bench_shape headers-zstd "$img/headers.cpio.zst"
bench_shape headers-xz "$img/headers.cpio.xz"
bench_shape large-200m "$img/large.cpio"
bench_shape empty-50k "$img/empty.cpio"
bench_kheaders
[ "$x86" = 1 ] || exit 0
[ "$only" = kheaders ] && exit 0
x86_kernels=$top/build/tracing
bash "$here/../tracing/run.sh" --build-only --tree "$tree" --pristine "$pristine" \
	> "$out/x86-build.log" 2>&1 || {
	tail -n 20 "$out/x86-build.log"
	die "cannot build the x86_64 kernels (tracing/run.sh --build-only)"
}
bench_shape_x86 headers-plain "$img/headers.cpio"
bench_shape_x86 headers-gzip "$img/headers.cpio.gz"
bench_shape_x86 headers-zstd "$img/headers.cpio.zst"
bench_shape_x86 headers-xz "$img/headers.cpio.xz"
bench_shape_x86 large-200m "$img/large.cpio"
bench_shape_x86 empty-50k "$img/empty.cpio"
