#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host self-check, run before the tests, the demo and the benchmarks: can
# this machine run what they need?  One line per fact,
#
#   host: <fact>: ok (<details>)
#   host: <fact>: FAILED: <what is wrong, what to do>
#   host: kvm: not used (<why>)
#
# and the exit status is non-zero when a needed fact failed.  KVM is never
# needed: it is used only where a probe boot of the test kernel under
# -enable-kvm shows that it works (on some hosts /dev/kvm exists and SeaBIOS
# starts, but a Linux guest never prints a line).
#
# usage: hostcheck.sh [--uml KERNEL] [--x86 BZIMAGE] [--out DIR]
#   --uml  boot this UML kernel with the probe /init (hostcheck/probe-init.c):
#          three processes that must keep their own SSE register and
#          rounding mode across 2,000 context switches each
#   --x86  boot this x86_64 kernel with the same /init under qemu TCG, then
#          under KVM when /dev/kvm is there (bounded by HOSTCHECK_KVM_TIMEOUT,
#          default 10 s)
#   --out  work directory (default build/hostcheck); <out>/kvm holds 1 when
#          KVM may be used, 0 otherwise
# env:   RESULTS=FILE  write "<passed> <failed> <skipped>" into FILE
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
tree=${TREE:-$top/build/linux}
out=$top/build/hostcheck
uml=
x86=

while [ $# -gt 0 ]; do
	case "$1" in
	--uml) uml=${2:?}; shift 2 ;;
	--x86) x86=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	*) echo "hostcheck: unknown argument '$1'" >&2; exit 2 ;;
	esac
done
mkdir -p "$out"

passed=0
failed=0

ok() {		# ok FACT DETAILS
	echo "host: $1: ok${2:+ ($2)}"
	passed=$((passed + 1))
}

bad() {		# bad FACT MESSAGE
	echo "host: $1: FAILED: $2"
	failed=$((failed + 1))
}

check_packages() {
	local missing
	if missing=$(bash "$here/install-deps.sh" --missing); then
		ok packages "Debian packages of install-deps.sh installed"
	else
		bad packages "missing: $missing (run 'make deps' as root)"
	fi
}

# The CPU, and the XSAVE area size that UML's FP buffers must hold.
check_cpu() {
	local model xsave regset
	model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
	if ! cc -O2 -o "$out/xsave-size" "$here/hostcheck/xsave-size.c" 2>"$out/cc.log"; then
		bad cpu "cannot compile hostcheck/xsave-size.c: $(head -n 1 "$out/cc.log")"
		return
	fi
	# "cpuid <xcr0 bytes> <max bytes> regset <bytes>"
	read -r _ xsave _ _ regset < <("$out/xsave-size")
	ok cpu "${model:-unknown}, $(nproc) cores, XSAVE area $xsave bytes (CPUID 0xd), ptrace regset $regset bytes"
}

# The probe initrd: /dev/console and the static /init.
make_probe_initrd() {
	[ -s "$out/probe.cpio" ] && [ "$out/probe.cpio" -nt "$here/hostcheck/probe-init.c" ] &&
		return 0
	cc -O2 -static -o "$out/probe-init" "$here/hostcheck/probe-init.c" -lm \
		2>"$out/cc.log" || return 1
	cc -O2 -o "$out/gen_init_cpio" "$tree/usr/gen_init_cpio.c" 2>>"$out/cc.log" || return 1
	printf '%s\n' "dir /dev 0755 0 0" "nod /dev/console 0600 0 0 c 5 1" \
		"file /init $out/probe-init 0755 0 0" > "$out/probe.list"
	"$out/gen_init_cpio" "$out/probe.list" > "$out/probe.cpio"
}

probe_result() {	# probe_result LOG: "ok", or what the console shows instead
	local m
	if grep -a -q '^@@hostcheck fpu ok' "$1"; then
		echo ok
		return
	fi
	m=$(grep -a -m1 -E '^@@hostcheck fpu|Kernel panic|ptrace .* failed|BUG:' "$1" |
		tr -d '\r')
	echo "${m:-no output from the probe /init}"
}

check_uml() {	# check_uml KERNEL
	local logf=$out/uml.log t0 r
	t0=$(date +%s.%N)
	(ulimit -c 0; timeout -k 5 60 "$1" mem=128M initrd="$out/probe.cpio" \
		uml_dir="$out" con=null con0=null,fd:1 panic=-1 \
		</dev/null >"$logf" 2>&1)
	r=$(probe_result "$logf")
	if [ "$r" = ok ]; then
		ok uml "user space ran, FPU state kept across context switches, $(
			printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s"
	else
		bad uml "the UML kernel cannot run user space here: $r (see $logf)"
	fi
}

qemu_probe() {	# qemu_probe BZIMAGE LOG TIMEOUT ACCEL-ARGS...
	local k=$1 logf=$2 t=$3
	shift 3
	timeout -k 2 "$t" qemu-system-x86_64 -nodefaults -display none -no-reboot \
		"$@" -smp 1 -m 512 -serial stdio -kernel "$k" -initrd "$out/probe.cpio" \
		-append "console=ttyS0 panic=-1 reboot=t -- reboot" \
		</dev/null >"$logf" 2>&1
}

check_qemu() {	# check_qemu BZIMAGE
	local t0 r secs
	t0=$(date +%s.%N)
	qemu_probe "$1" "$out/tcg.log" 180 -accel tcg -cpu max
	secs=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
	r=$(probe_result "$out/tcg.log")
	if [ "$r" = ok ]; then
		ok qemu-tcg "x86_64 test kernel booted to /init in $secs s"
	else
		bad qemu-tcg "qemu-system-x86_64 (TCG) cannot boot the test kernel: $r (see $out/tcg.log)"
	fi
	echo 0 > "$out/kvm"
	if [ ! -e /dev/kvm ]; then
		echo "host: kvm: not used (no /dev/kvm)"
		return
	fi
	if ! [ -r /dev/kvm ] || ! [ -w /dev/kvm ]; then
		echo "host: kvm: not used (/dev/kvm not accessible)"
		return
	fi
	t0=$(date +%s.%N)
	qemu_probe "$1" "$out/kvm.log" "${HOSTCHECK_KVM_TIMEOUT:-10}" -accel kvm -cpu host
	secs=$(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)")
	r=$(probe_result "$out/kvm.log")
	if [ "$r" = ok ]; then
		echo 1 > "$out/kvm"
		echo "host: kvm: used (probe boot to /init in $secs s)"
	else
		echo "host: kvm: not used (probe boot under -enable-kvm: $r after $secs s; TCG instead)"
	fi
}

check_packages
check_cpu
if [ -n "$uml$x86" ]; then
	if make_probe_initrd; then
		[ -n "$uml" ] && check_uml "$uml"
		[ -n "$x86" ] && check_qemu "$x86"
	else
		bad probe "cannot build the probe initrd: $(head -n 1 "$out/cc.log")"
	fi
fi
[ -n "${RESULTS:-}" ] && echo "$passed $failed 0" > "$RESULTS"
if [ "$failed" -gt 0 ]; then
	echo "host: this machine cannot run the tests: see the FAILED lines above"
	exit 1
fi
exit 0
