#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tracing guest: bcc and bpftrace, Debian's packages, on the kernel
# headers.  Builds two x86_64 kernels from the same configuration
# (tinyconfig + configs/x86_64-boot.config + tracing.config): the project
# and pristine 6.12.  Boots both under qemu side by side, one core each,
# with the host's root shared read-only over virtio-9p (see init) and
# guest.sh as the test:
#
#   ours:      the bcc program (bcc-exec.py) with the archive mounted on
#              /lib/modules/$(uname -r)/build; execsnoop-bpfcc with the
#              boot-time layout of archives.rst; with no build/ there, the
#              bpftrace script (exec-parent.bt) with BPFTRACE_KERNEL_SOURCE,
#              the same script failing without it, and the bcc program
#              with BCC_KERNEL_SOURCE;
#   pristine:  the bcc program through bcc's own extraction of
#              /sys/kernel/kheaders.tar.xz;
#   host:      both bcc programs gave the same result.
#
# One KTAP line per test, then "N passed, M failed".  With --bench RUNS the
# guests measure instead (medians of RUNS) and "bench:" lines are printed:
# headers usable (mount against tar -xJf), the bcc program's cold start,
# the memory the headers take.
#
# usage: run.sh [--bench RUNS | --build-only] [--tree DIR] [--pristine DIR]
#               [--out DIR]
# env:   RESULTS=FILE  write "<passed> <failed> <skipped>" into FILE
#        TRACING_TIMEOUT=SECONDS  per boot (default 1200)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../../.." && pwd)
configs=$top/tools/testing/archive/configs
tree=$top/build/linux
pristine=$top/build/pristine
out=$top/build/tracing
bench=0
build_only=0

while [ $# -gt 0 ]; do
	case "$1" in
	--bench) bench=${2:?}; shift 2 ;;
	--build-only) build_only=1; shift ;;
	--tree) tree=${2:?}; shift 2 ;;
	--pristine) pristine=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	*) echo "tracing: unknown argument '$1'" >&2; exit 2 ;;
	esac
done

passed=0
failed=0
n=0
log() { echo "# $*"; }

finish() {
	echo "$passed passed, $failed failed"
	[ -n "${RESULTS:-}" ] && echo "$passed $failed 0" > "$RESULTS"
	[ "$failed" -eq 0 ]
	exit
}

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - tracing: $*"
}

nok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - tracing: $*"
}

die() {
	nok "$*"
	finish
}

# shellcheck disable=SC1091 # ../pristine.sh, checked on its own
. "$here/../pristine.sh"

mkdir -p "$out" || die "cannot create $out"
out=$(cd "$out" && pwd)
tree=$(cd "$tree" && pwd) || die "no tree $tree: run make tree"

# ------------------------------------------------------------ kernels

# build NAME TREE: the kernel and its modules, installed (with depmod)
# into $out/NAME-modules.  The configuration is made in a scratch
# directory and copied only when it changed, so that a rerun builds nothing.
build() {
	local name=$1 src=$2 kout=$out/$1 cfg=$out/$1-config t0
	mkdir -p "$kout" "$cfg"
	cat "$src/kernel/configs/tiny.config" "$src/arch/x86/configs/tiny.config" \
		> "$cfg/base.config"
	(cd "$src" && ARCH=x86_64 scripts/kconfig/merge_config.sh -n -O "$cfg" \
		"$cfg/base.config" "$configs/x86_64-boot.config" \
		"$here/tracing.config") > "$cfg/merge.log" 2>&1 ||
		{ cat "$cfg/merge.log" >&2; return 1; }
	cmp -s "$cfg/.config" "$kout/.config" || cp "$cfg/.config" "$kout/.config"
	t0=$(date +%s)
	if ! pair_make "$tree" "$src" O="$kout" ARCH=x86_64 -j"$(nproc)" olddefconfig \
		bzImage modules > "$out/$name-build.log" 2>&1; then
		tail -n 30 "$out/$name-build.log" | sed 's/^/# /'
		return 1
	fi
	rm -rf "$out/$name-modules"
	pair_make "$tree" "$src" O="$kout" ARCH=x86_64 INSTALL_MOD_PATH="$out/$name-modules" \
		modules_install > "$out/$name-modules.log" 2>&1 ||
		{ tail -n 30 "$out/$name-modules.log" | sed 's/^/# /'; return 1; }
	log "$name kernel: $(( $(date +%s) - t0 )) s"
}

# image NAME: the guest's initramfs.
image() {
	local name=$1 s=$out/$1-initramfs
	rm -rf "$s"
	mkdir -p "$s/bin" "$s/tracing"
	cp /bin/busybox "$s/bin/busybox"
	cp "$here/init" "$s/init"
	cp "$here/guest.sh" "$here/bcc-exec.py" "$here/exec-parent.bt" \
		"$out/nstime" "$s/tracing/"
	cp -a "$out/$name-modules/lib/modules" "$s/tracing/modules"
	# No build/ or source/ link to the host's trees: the guest has no
	# headers but the ones under test.
	rm -f "$s"/tracing/modules/*/build "$s"/tracing/modules/*/source
	cp "$out/doc/fstab" "$out/doc/kheaders.conf" "$s/tracing/"
	# Ours times tar -xJf of pristine's tarball in its own guest too.
	if [ "$name" = ours ] && [ "$bench" != 0 ]; then
		cp "$out/pristine/kernel/kheaders_data.tar.xz" "$s/tracing/"
	fi
	(cd "$s" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) \
		> "$out/$name.cpio"
}

# The boot-time layout archives.rst documents, taken from it: the fstab
# line, the tmpfiles.d line and the mount unit, into $out/doc.
doc_layout() {
	local rst=$top/Documentation/filesystems/archives.rst d=$out/doc
	rm -rf "$d"
	mkdir -p "$d"
	sed -n 's|^    \(none /run/kheaders tmpfs .*\)|\1|p' "$rst" > "$d/fstab"
	sed -n 's|^    \(L /lib/modules/%v/build .*\)|\1|p' "$rst" > "$d/kheaders.conf"
	sed -n '/^    \[Unit\]$/,/^    WantedBy=/s/^    //p' "$rst" > "$d/run-kheaders.mount"
	[ "$(wc -l < "$d/fstab")" = 1 ] && [ "$(wc -l < "$d/kheaders.conf")" = 1 ] &&
		grep -q '^Where=/run/kheaders$' "$d/run-kheaders.mount"
}

# The documented mount unit, as systemd reads it: no error, no warning.
check_unit() {
	local msg
	if ! command -v systemd-analyze > /dev/null; then
		nok "systemd-analyze is missing: cannot check the mount unit"
	elif msg=$(cd "$out/doc" && systemd-analyze verify --man=no \
		--recursive-errors=no "$out/doc/run-kheaders.mount" 2>&1) &&
		[ -z "$msg" ]; then
		ok "archives.rst's mount unit passes systemd-analyze verify"
	else
		printf '# %s\n' "$msg"
		nok "archives.rst's mount unit fails systemd-analyze verify"
	fi
}

# boot NAME MODE: boot the guest; its console goes to $out/NAME-MODE.log.
boot() {
	local name=$1 mode=$2 accel="-accel tcg -cpu max"
	[ "$(cat "$top/build/hostcheck/kvm" 2>/dev/null)" = 1 ] &&
		accel="-accel kvm -cpu host"
	# shellcheck disable=SC2086 # accel is a list of words
	timeout -k 5 "${TRACING_TIMEOUT:-1200}" qemu-system-x86_64 -nodefaults \
		-display none -no-reboot $accel -smp 1 -m 2048 -serial stdio \
		-kernel "$out/$name/arch/x86/boot/bzImage" -initrd "$out/$name.cpio" \
		-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
		-append "console=ttyS0 loglevel=4 panic=-1 reboot=t tracing.kernel=$name tracing.mode=$mode tracing.runs=$bench" \
		< /dev/null > "$out/$name-$mode.log" 2>&1
}

# ------------------------------------------------------------ results

# The "@@T" lines of a guest's log, as KTAP lines; EXPECTED names the
# tests that must be there.
results() {	# results NAME MODE EXPECTED...
	local name=$1 logf=$out/$1-$2.log test line
	shift 2
	tr -d '\r' < "$logf" > "$logf.txt"
	grep -a '^# ' "$logf.txt" | sed "s/^# /# $name: /"
	grep -a '^@@T fail setup' "$logf.txt" | sed "s/^@@T fail setup/# $name: setup:/"
	for test in "$@"; do
		line=$(grep -a -m1 "^@@T [a-z]* $test\\( \\|\$\\)" "$logf.txt")
		case "$line" in
		"@@T ok $test") ok "$name: $test" ;;
		"@@T fail $test"*) nok "$name: $test: ${line#"@@T fail $test "}" ;;
		*)
			if grep -a -q '^@@T done' "$logf.txt"; then
				nok "$name: $test: no result (see $logf)"
			else
				nok "$name: $test: the guest did not finish (see $logf)"
			fi ;;
		esac
	done
}

check() {
	local a b
	check_unit
	results ours check bcc-program bcc-tool bpftrace bpftrace-needs-headers \
		bcc-kernel-source
	results pristine check bcc-program-pristine
	a=$(sed -n 's/^@@R bcc-program //p' "$out/ours-check.log.txt")
	b=$(sed -n 's/^@@R bcc-program-pristine //p' "$out/pristine-check.log.txt")
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		ok "the bcc program gives the same result on both kernels ($a)"
	else
		nok "the bcc program: ours '${a:-nothing}', pristine '${b:-nothing}'"
	fi
}

# The value of "@@B NAME VALUE" in a guest's bench log (the median line).
figure() {	# figure KERNEL NAME
	tr -d '\r' < "$out/$1-bench.log" | awk -v w="$2" '$1 == "@@B" && $2 == w { v = $3 } END { print v }'
}

# The largest "@@B shmem_kb WHEN KB" of a guest's bench log.
shmem_figure() {	# shmem_figure KERNEL WHEN
	tr -d '\r' < "$out/$1-bench.log" |
		awk -v w="$2" '$1 == "@@B" && $2 == "shmem_kb" && $3 == w && $4 > m { m = $4 } END { print m + 0 }'
}

report_bench() {
	local k o p
	for k in ours pristine; do
		if grep -a -q '^@@T fail' "$out/$k-bench.log" ||
			! grep -a -q '^@@B cold_ms' "$out/$k-bench.log"; then
			tr -d '\r' < "$out/$k-bench.log" | tail -n 30 | sed 's/^/# /'
			die "$k: the benchmark guest failed (see $out/$k-bench.log)"
		fi
	done
	o=$(figure ours headers_ms)
	p=$(figure pristine headers_ms)
	awk -v o="$o" -v p="$p" -v t="$(figure ours tar_ms)" -v n="$bench" 'BEGIN {
		printf "bench: tracing guest (x86_64, qemu): headers usable: mount archive=kheaders (zstd) %.1f ms, tar -xJf of the same headers in the same guest %.1f ms, ratio %.2f (median of %d)\n",
			o, t, o / t, n
		printf "bench: tracing guest (x86_64, qemu): headers usable: ours mount (zstd) %.1f ms, pristine tar -xJf /sys/kernel/kheaders.tar.xz %.1f ms (its own guest, booted beside), ratio %.2f (median of %d)\n",
			o, p, o / p, n }'
	o=$(figure ours cold_ms)
	p=$(figure pristine cold_ms)
	awk -v o="$o" -v p="$p" -v n="$bench" 'BEGIN {
		printf "bench: tracing guest (x86_64, qemu): bcc program cold start (exec to first event): ours %.0f ms (headers mounted), pristine %.0f ms (bcc extracts the tarball; its own guest), ratio %.2f (median of %d)\n",
			o, p, o / p, n }'
	awk -v e="$p" -v x="$(figure pristine cold_pre_ms)" -v t="$(figure pristine headers_ms)" -v n="$bench" 'BEGIN {
		printf "bench: tracing guest (x86_64, qemu): pristine, same guest: bcc program cold start %.0f ms extracting the tarball, %.0f ms with the headers already extracted (BCC_KERNEL_SOURCE): the extraction costs %.0f ms per run, tar -xJf alone %.0f ms (median of %d)\n",
			e, x, e - x, t, n }'
	echo "bench: tracing guest (x86_64, qemu): memory the headers pin while available: ours $(( $(figure ours module_bytes) + $(figure ours pinned_bytes) )) bytes (kheaders.ko $(figure ours module_bytes), archive pinned $(figure ours pinned_bytes); its store, $(figure ours store_bytes) bytes, is swappable), pristine $(figure pristine module_bytes) bytes (kheaders.ko with the tarball)"
	echo "bench: tracing guest (x86_64, qemu): Shmem while the headers are usable: ours $(shmem_figure ours mounted) kB (mounted), pristine $(shmem_figure pristine mounted) kB (extracted into a tmpfs); after umount or rm: ours $(shmem_figure ours after) kB, pristine $(shmem_figure pristine after) kB"
}

# ------------------------------------------------------------ main

if ! command -v bpftrace > /dev/null || [ ! -x /usr/sbin/execsnoop-bpfcc ] ||
	[ ! -x /usr/bin/python3 ]; then
	die "bcc, bpftrace or python3 missing: run tools/testing/archive/install-deps.sh"
fi
pristine=$(pristine_tree "$tree" "$pristine") || die "cannot check out the pristine tree"
cc -O2 -static -o "$out/nstime" "$here/../bench/nstime.c" || die "cannot build nstime"
build ours "$tree" || die "the project's tracing kernel does not build"
build pristine "$pristine" || die "the pristine tracing kernel does not build"
[ -f "$out/pristine/kernel/kheaders_data.tar.xz" ] || die "no kheaders tarball in the pristine build"
[ "$build_only" = 1 ] && exit 0
doc_layout || die "archives.rst has no fstab line, tmpfiles.d line or mount unit for /run/kheaders"
{ image ours && image pristine; } || die "cannot make the initramfs"

mode=check
[ "$bench" != 0 ] && mode=bench
[ "$mode" = check ] && printf 'KTAP version 1\n1..8\n'
t0=$(date +%s)
boot ours $mode &
boot pristine $mode
wait
log "boots: $(( $(date +%s) - t0 )) s"
[ "$mode" = bench ] && { report_bench; exit 0; }
check
finish
