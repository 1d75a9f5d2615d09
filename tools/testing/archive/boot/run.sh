#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot tests: build a small kernel (UML or x86_64 for qemu), make one initrd
# per scenario, boot each with a hard timeout, console captured to a file,
# and turn the console into one KTAP-style line per scenario.
#
# usage: run.sh [--arch um|x86_64] [--tree DIR] [--out DIR] [--only SCENARIO]
#               [--corrupt]
# env:   RESULTS=FILE  write "<passed> <failed> <skipped>" into FILE
#        BOOT_KASAN=0|1  x86_64 only: 0 drops KASAN from debug.config (default 1)
#        BOOT_TIMEOUT=SECONDS  per boot (default 180)
#        BOOT_JOBS=N  boots side by side (default: um 2, x86_64 1 per core)
#        BOOT_APPEND=ARGS  more kernel parameters; BOOT_BUILD_ONLY=1
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../../.." && pwd)
configs=$top/tools/testing/archive/configs

arch=um
tree=$top/build/linux
out=
only=
corrupt=0

usage() {
	sed -n '8,15s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--arch) arch=${2:?}; shift 2 ;;
	--tree) tree=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	--only) only=${2:?}; shift 2 ;;
	--corrupt) corrupt=1; shift ;;
	-h|--help) usage ;;
	*) echo "run.sh: unknown argument '$1'" >&2; usage ;;
	esac
done

case "$arch" in
um|x86_64) ;;
*) echo "run.sh: --arch must be um or x86_64" >&2; exit 2 ;;
esac

out=${out:-$top/build/boot-$arch}
tree=$(cd "$tree" && pwd)
mkdir -p "$out/logs" "$out/work"
out=$(cd "$out" && pwd)
kout=$out/kernel
work=$out/work
logs=$out/logs

passed=0
failed=0
skipped=0
n=0

log() { echo "# $*"; }

write_results() {
	[ -n "${RESULTS:-}" ] && echo "$passed $failed $skipped" > "$RESULTS"
	return 0
}

finish() {
	if [ "$skipped" -gt 0 ]; then
		echo "$passed passed, $failed failed, $skipped skipped"
	else
		echo "$passed passed, $failed failed"
	fi
	write_results
	[ "$failed" -eq 0 ]
}

# A stage that cannot run counts as one failure.
stage_failed() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $arch: $1: $2"
	finish || exit 1
	exit 1
}

# ---------------------------------------------------------------- kernel

# The config is generated in a scratch build directory and copied into the
# real one only when it changed, so that a rerun rebuilds nothing.
make_config() {
	local cfg=$out/config frags base mode sym val got
	mkdir -p "$cfg"
	frags=$cfg/fragments
	mkdir -p "$frags"
	if [ "$arch" = um ]; then
		mode=			# alldefconfig
		base=$frags/base.config
		: > "$base"
		cp "$configs/uml-boot.config" "$frags/arch.config"
		cp "$configs/debug.config" "$frags/debug.config"
	else
		mode=-n			# allnoconfig: tinyconfig
		base=$frags/base.config
		cat "$tree/kernel/configs/tiny.config" \
			"$tree/arch/x86/configs/tiny.config" > "$base"
		cp "$configs/x86_64-boot.config" "$frags/arch.config"
		# KASAN costs about 5 s per TCG boot (18 s instead of 13 s)
		# and 40% more build time; BOOT_KASAN=0 leaves it out.
		if [ "${BOOT_KASAN:-1}" = 1 ]; then
			cp "$configs/debug.config" "$frags/debug.config"
		else
			grep -v 'KASAN' "$configs/debug.config" > "$frags/debug.config"
		fi
	fi
	(cd "$tree" && ARCH=$arch scripts/kconfig/merge_config.sh $mode \
		-O "$cfg" "$base" "$frags/arch.config" "$frags/debug.config") \
		> "$cfg/merge.log" 2>&1 || {
		cat "$cfg/merge.log" >&2
		return 1
	}
	# Report the values of our fragments that Kconfig did not keep.
	cat "$frags/arch.config" "$frags/debug.config" |
	while IFS='=' read -r sym val; do
		case "$sym" in CONFIG_*) ;; *) continue ;; esac
		got=$(grep -E "^$sym=|^# $sym is not set" "$cfg/.config" || true)
		if [ "$val" = n ]; then
			case "$got" in "$sym="*) ;; *) continue ;; esac
		elif [ "$got" = "$sym=$val" ]; then
			continue
		fi
		log "config: $sym=$val requested, got '${got:-nothing}'"
	done
	mkdir -p "$kout"
	if ! cmp -s "$cfg/.config" "$kout/.config"; then
		cp "$cfg/.config" "$kout/.config"
	fi
}

build_kernel() {
	local t0 target
	t0=$(date +%s)
	if [ "$arch" = um ]; then
		target=linux
	else
		target=bzImage
	fi
	log "building $arch kernel in $kout"
	if ! nice make -C "$tree" O="$kout" ARCH="$arch" -j2 olddefconfig "$target" \
		> "$out/build.log" 2>&1; then
		tail -n 30 "$out/build.log" >&2
		return 1
	fi
	log "kernel build: $(( $(date +%s) - t0 )) s"
	if [ "$arch" = um ]; then
		kernel=$kout/linux
	else
		kernel=$kout/arch/x86/boot/bzImage
	fi
}

# usr/gen_init_cpio is built by the kernel build; compile it directly when
# the build did not (e.g. a config without BLK_DEV_INITRD).
build_gen_init_cpio() {
	gen_init_cpio=$kout/usr/gen_init_cpio
	if [ ! -x "$gen_init_cpio" ]; then
		gen_init_cpio=$work/gen_init_cpio
		cc -O2 -o "$gen_init_cpio" "$tree/usr/gen_init_cpio.c"
	fi
	# The built-in initramfs, unpacked before the initrd.
	builtin_cpio=$kout/usr/initramfs_inc_data
}

# ---------------------------------------------------------------- boot

boot() {	# boot IMAGE LOG
	local img=$1 logf=$2 rc=0 t=${BOOT_TIMEOUT:-} append
	if [ "$arch" = um ]; then
		t=${t:-180}
		# UML aborts (SIGABRT) on panic: no core files.
		# shellcheck disable=SC2086 # BOOT_APPEND is a list of words
		(ulimit -c 0; timeout -k 5 "$t" "$kernel" mem=256M initrd="$img" uml_dir="$work" \
			con=null con0=null,fd:1 panic_on_warn=1 panic=-1 \
			${BOOT_APPEND:-} </dev/null >"$logf" 2>&1) || rc=$?
	else
		t=${t:-180}
		append="console=ttyS0 panic_on_warn=1 panic=-1 reboot=t boottest.reboot"
		# shellcheck disable=SC2086 # accel is a list of words
		timeout -k 5 "$t" qemu-system-x86_64 -nodefaults -display none \
			-no-reboot $accel -smp 1 -m 512 -serial stdio \
			-kernel "$kernel" -initrd "$img" \
			-append "$append ${BOOT_APPEND:-}" \
			</dev/null >"$logf" 2>&1 || rc=$?
	fi
	return $rc
}

# ---------------------------------------------------------------- main

t_start=$(date +%s)
make_config || stage_failed config "merge_config.sh failed"
build_kernel || stage_failed build "kernel build failed (see $out/build.log)"
build_gen_init_cpio || stage_failed build "cannot build gen_init_cpio"
[ "${BOOT_BUILD_ONLY:-0}" = 1 ] && exit 0

# ---------------------------------------------------------------- scenarios

# shellcheck source=SCRIPTDIR/lib.sh
. "$here/lib.sh"

# Console lines that fail a boot wherever they appear (manifest lines aside).
kernel_reports='Kernel panic|BUG:|WARNING:|KASAN|general protection|Oops|Call Trace'
kernel_reports="$kernel_reports|unreferenced object|kmemleak: [0-9]+ new suspected"
kernel_reports="$kernel_reports|Initramfs unpacking failed"

# Verdict of one boot from its console log; prints the reason on failure.
verdict() {	# verdict LOG RC EXPECTED_MANIFEST|""
	local logf=$1 rc=$2 expected=$3 m
	m=$(grep -a -v '^@@M' "$logf" | grep -a -m1 -E "$kernel_reports" | tr -d '\r') || true
	if [ -n "$m" ]; then
		echo "kernel: ${m#\[*\] }"
		return 1
	fi
	if ! grep -a -q '^@@BOOTTEST done' "$logf"; then
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			echo "timeout"
		else
			echo "no verdict from the guest (exit status $rc)"
		fi
		return 1
	fi
	m=$(grep -a '^@@BOOTTEST verdict' "$logf" | tr -d '\r')
	if [ "$m" != "@@BOOTTEST verdict ok" ]; then
		echo "guest: ${m#@@BOOTTEST verdict }"
		return 1
	fi
	if [ -n "$expected" ]; then
		python3 "$here/manifest.py" compare "$expected" "$logf" || return 1
	fi
	return 0
}

# Phase 1 of a scenario, one at a time (builds use both cores): make the
# image and the expected manifest, and save in $S/state what the boot needs
# (the kernel, which a variant build changes, and the scenario's settings).
prepare_scenario() {	# prepare_scenario NAME
	scenario=$1
	S=$work/$scenario
	rm -rf "$S"
	mkdir -p "$S"
	local expected=$S/expected.manifest mtime=""
	check_manifest=1
	# shellcheck source=/dev/null
	. "$here/scenarios/$scenario.sh"
	corrupt=0
	image "$S/clean.img" || return 1
	if [ "$check_manifest" = 1 ]; then
		grep -q '^CONFIG_INITRAMFS_PRESERVE_MTIME=y' "$kout/.config" && mtime=--mtime
		# shellcheck disable=SC2086
		python3 "$here/manifest.py" cpio $mtime "$builtin_cpio" "$S/clean.img" \
			> "$expected" || return 1
	else
		expected=
	fi
	if [ "$corrupt_run" = 1 ]; then
		corrupt=1
		image "$S/initrd.img" || return 1
	else
		mv "$S/clean.img" "$S/initrd.img"
	fi
	# A variant kernel is rebuilt by the next scenario that uses it: keep
	# this scenario's own copy.
	if [ "$kernel" != "$main_kernel" ]; then
		cp "$kernel" "$S/kernel"
		kernel=$S/kernel
	fi
	{
		declare -p kernel expected
		declare -p BOOT_APPEND BOOT_TIMEOUT 2>/dev/null || true
	} > "$S/state"
}

# Phase 2, side by side with other scenarios: boot and judge.
boot_scenario() {	# boot_scenario NAME NUMBER
	scenario=$1
	S=$work/$scenario
	local logf=$logs/$scenario.log rc=0 t0 reason expected
	# shellcheck source=/dev/null
	. "$here/scenarios/$scenario.sh"	# its verdict(), if it has one
	# shellcheck source=/dev/null
	. "$S/state"
	t0=$(date +%s.%N)
	boot "$S/initrd.img" "$logf" || rc=$?
	if reason=$(verdict "$logf" "$rc" "$expected"); then
		echo "ok $2 - $arch: $scenario"
	else
		echo "not ok $2 - $arch: $scenario: $reason"
	fi
	log "$scenario: boot $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s, log $logf"
}

corrupt_run=$corrupt
main_kernel=$kernel
# KVM only where the host self-check's probe boot showed that it works.
accel="-accel tcg -cpu max"
if [ "$arch" = x86_64 ] && [ "$(cat "$top/build/hostcheck/kvm" 2>/dev/null)" = 1 ]; then
	accel="-accel kvm -cpu host"
	log "qemu with KVM (build/hostcheck/kvm)"
fi
# A scenario whose file has a line "# arch: A [B]" runs only on those.
scenarios=$(cd "$here/scenarios" && for f in *.sh; do
	a=$(sed -n 's/^# arch: //p' "$f")
	case " ${a:-$arch} " in *" $arch "*) echo "${f%.sh}" ;; esac
done)
if [ -n "$only" ]; then
	echo "$scenarios" | grep -qx -- "$only" ||
		stage_failed "$only" "no such scenario (have: $(echo "$scenarios" | tr '\n' ' '))"
	scenarios=$only
fi

echo "KTAP version 1"
echo "1..$(echo "$scenarios" | wc -w)"

# Phase 1.  A subshell per scenario: its image() and variables stay there,
# and errexit works inside it (it would not in an "if" condition).
make_data
t_prep=$(date +%s)
for s in $scenarios; do
	set +e
	(set -e; prepare_scenario "$s") > "$work/$s.out" 2>&1
	echo $? > "$work/$s.prepared"
	set -e
done
log "images and kernel variants: $(( $(date +%s) - t_prep )) s"

# Phase 2: BOOT_JOBS boots at a time, results printed in scenario order as
# they come.  A qemu boot keeps a core busy (TCG): one per core.  A UML boot
# mostly waits (for kmemleak's minimum object age, see init): two per core.
boot_jobs=${BOOT_JOBS:-$(nproc)}
[ "$arch" = um ] && boot_jobs=${BOOT_JOBS:-$(( 2 * $(nproc) ))}
for s in $scenarios; do
	rm -f "$work/$s.booted"
done
(
	i=0
	for s in $scenarios; do
		i=$((i + 1))
		[ "$(cat "$work/$s.prepared")" = 0 ] || { : > "$work/$s.booted"; continue; }
		while [ "$(jobs -pr | wc -l)" -ge "$boot_jobs" ]; do
			wait -n || true
		done
		(boot_scenario "$s" "$i" >> "$work/$s.out" 2>&1 || true
		 : > "$work/$s.booted") &
	done
	wait
) &
launcher=$!
for s in $scenarios; do
	while [ ! -e "$work/$s.booted" ]; do
		kill -0 "$launcher" 2>/dev/null || break
		sleep 0.5
	done
	n=$((n + 1))
	if [ "$(cat "$work/$s.prepared")" != 0 ]; then
		sed 's/^/# /' "$work/$s.out"
		failed=$((failed + 1))
		echo "not ok $n - $arch: $s: cannot build the image (see $work/$s.out)"
		continue
	fi
	if ! grep -q "^\(not \)\{0,1\}ok " "$work/$s.out"; then
		sed 's/^/# /' "$work/$s.out"
		failed=$((failed + 1))
		echo "not ok $n - $arch: $s: no result from the boot (see $work/$s.out)"
		continue
	fi
	# Anything but the KTAP line is a diagnostic.
	sed '/^\(not \)\{0,1\}ok /!s/^\([^#]\)/# \1/' "$work/$s.out"
	if grep -q "^ok " "$work/$s.out"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
wait "$launcher" 2>/dev/null || true
log "total $(( $(date +%s) - t_start )) s"
finish
