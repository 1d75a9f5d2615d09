#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tracing guest's tests and benchmarks, run by init as PID 1 in the
# guest's root (the host's Debian under an overlay), with the kernel
# command line as arguments: tracing.kernel=ours|pristine,
# tracing.mode=check|bench, tracing.runs=N.  It reboots at the end, which
# ends qemu.  Prints for the host (run.sh):
#
#   @@T ok NAME | @@T fail NAME REASON      one test
#   @@R NAME RESULT                          a result compared across kernels
#   @@B NAME VALUE...                        a benchmark figure
set -u

kernel=ours mode=check runs=3
for arg in "$@"; do
	case "$arg" in
	tracing.kernel=*) kernel=${arg#*=} ;;
	tracing.mode=*) mode=${arg#*=} ;;
	tracing.runs=*) runs=${arg#*=} ;;
	esac
done
release=$(uname -r)
build=/lib/modules/$release/build
t=/tracing
out=/tmp/out
mkdir -p $out

ok() { echo "@@T ok $1"; }
fail() {
	local name=$1
	shift
	echo "@@T fail $name $*"
}
# Show the end of a failed run's output on the console, for the log.
show() { tail -n 15 "$1" | sed 's/^/# /'; }

shmem_kb() { sed -n 's/^Shmem: *\([0-9]*\) kB/\1/p' /proc/meminfo; }
now_ns() { date +%s%N; }
module_bytes() { awk '$1 == "kheaders" { print $2 }' /proc/modules; }

# Run the bcc program; check its result and print it for the comparison
# across kernels.  Its cold start (exec to first event, ms) goes to $1.cold.
bcc_program() {	# bcc_program NAME
	local name=$1 log=$out/$1.log t0 t1 rc=0
	t0=$(now_ns)
	timeout 300 /usr/bin/python3 $t/bcc-exec.py > "$log" 2>&1 || rc=$?
	if [ $rc != 0 ]; then
		show "$log"
		fail "$name" "the bcc program failed (exit $rc)"
		return 1
	fi
	t1=$(sed -n 's/^@@bcc first_event_ns //p' "$log")
	echo $(( (t1 - t0) / 1000000 )) > "$out/$name.cold"
	local result
	result=$(sed -n 's/^@@bcc result //p' "$log")
	echo "@@R $name $result"
	if [[ ! $result =~ ^exec=/bin/true\ pid=child\ ppid=self\ comm=sh\ task_struct=[1-9][0-9]*\ real_parent@[1-9][0-9]*$ ]]; then
		fail "$name" "unexpected result: $result"
		return 1
	fi
	return 0
}

no_extraction() {	# no_extraction: bcc and bpftrace used no tarball
	! ls -d /tmp/kheaders-* > /dev/null 2>&1
}

# ------------------------------------------------------------- checks: ours

check_ours() {
	# Where bcc looks first: /lib/modules/$(uname -r)/build.
	mkdir -p "$build"
	if ! mount -t tmpfs -o archive=kheaders,ro none "$build"; then
		fail bcc-program "mount -o archive=kheaders,ro failed"
	elif [ -e /sys/kernel/kheaders.tar.xz ]; then
		fail bcc-program "/sys/kernel/kheaders.tar.xz exists: bcc could use it"
	elif bcc_program bcc-program; then
		if no_extraction; then
			ok bcc-program
		else
			fail bcc-program "bcc extracted headers into /tmp"
		fi
	fi
	umount "$build" 2>/dev/null
	rmdir "$build"

	# The layout archives.rst documents for boot, its lines taken from
	# there (run.sh): the archive mounted from fstab on /run/kheaders,
	# /lib/modules/$(uname -r)/build a link to it made by systemd-tmpfiles.
	cat $t/fstab >> /etc/fstab
	mkdir -p /run/kheaders
	if ! mount /run/kheaders; then
		fail bcc-tool "mount /run/kheaders (the fstab line) failed"
	elif ! systemd-tmpfiles --create $t/kheaders.conf ||
		[ "$(readlink "$build")" != /run/kheaders ]; then
		fail bcc-tool "systemd-tmpfiles made no link $build"
	else
		check_execsnoop
	fi
	rm -f "$build"

	# No /lib/modules/$(uname -r)/build at all (as on Android): the tools
	# told where the headers are.
	check_bpftrace
	if BCC_KERNEL_SOURCE=/run/kheaders bcc_program bcc-kernel-source; then
		if no_extraction; then
			ok bcc-kernel-source
		else
			fail bcc-kernel-source "bcc extracted headers into /tmp"
		fi
	fi
	umount /run/kheaders
}

check_execsnoop() {
	local log=$out/execsnoop.log marker pid
	marker=tracing-marker-$RANDOM
	/usr/bin/python3 -u /usr/sbin/execsnoop-bpfcc > "$log" 2>&1 &
	pid=$!
	# Its header line is printed once the probes are in.
	for _ in $(seq 300); do
		grep -q '^PCOMM' "$log" && break
		kill -0 $pid 2> /dev/null || break
		sleep 1
	done
	# execsnoop prints its header just before it opens its perf buffer:
	# exec the marker until it is seen.
	for _ in $(seq 60); do
		/bin/echo "$marker" > /dev/null
		grep -q "/bin/echo $marker" "$log" && break
		sleep 1
	done
	# SIGTERM: a background job of a script ignores SIGINT; -u above
	# left nothing unwritten.
	kill $pid 2> /dev/null
	wait $pid
	if grep -Eq "^echo +[0-9]+ +$$ +0 +/bin/echo $marker\$" "$log"; then
		echo "# execsnoop-bpfcc: $(grep -E -m1 "/bin/echo $marker" "$log")"
		ok bcc-tool
	else
		show "$log"
		fail bcc-tool "execsnoop-bpfcc did not report /bin/echo $marker from pid $$"
	fi
}

# Run bpftrace with the script, on /bin/true, under a watchdog; print
# bpftrace's pid.
run_bpftrace() {	# run_bpftrace LOG [VAR=VALUE...]
	local log=$1 bt
	shift
	env "$@" bpftrace -c /bin/true $t/exec-parent.bt > "$log" 2>&1 &
	bt=$!
	(sleep 300; kill $bt 2> /dev/null) > /dev/null 2>&1 &
	wait $bt
	echo $? > "$log.rc"
	kill $! 2> /dev/null
	echo $bt
}

check_bpftrace() {
	local log=$out/bpftrace.log bt line
	bt=$(run_bpftrace "$log" BPFTRACE_KERNEL_SOURCE=/run/kheaders)
	# The command's parent is bpftrace.
	line=$(grep -a -m1 '^@@bt exec' "$log")
	if [[ ! $line =~ ^@@bt\ exec\ pid=[0-9]+\ ppid=$bt\ comm=bpftrace$ ]]; then
		show "$log"
		fail bpftrace "no exec event with parent $bt read from task_struct"
	elif ! no_extraction; then
		fail bpftrace "bpftrace extracted headers into /tmp"
	else
		echo "# bpftrace (bpftrace is $bt): $line"
		ok bpftrace
	fi
	# Without the headers the same script cannot work: the test above
	# depends on them.
	run_bpftrace "$log.none" > /dev/null
	if grep -q '^@@bt exec' "$log.none" || [ "$(cat "$log.none.rc")" = 0 ]; then
		fail bpftrace-needs-headers "the script ran without kernel headers"
	elif ! grep -q "Unknown struct/union: 'struct task_struct'" "$log.none"; then
		# Without kernel headers, <linux/sched.h> is the uapi header
		# of /usr/include, which has no struct task_struct.
		show "$log.none"
		fail bpftrace-needs-headers "bpftrace failed, but not for want of struct task_struct"
	else
		ok bpftrace-needs-headers
	fi
}

# --------------------------------------------------------- checks: pristine

check_pristine() {
	# No build directory: bcc loads kheaders and extracts
	# /sys/kernel/kheaders.tar.xz into /tmp itself.
	if bcc_program bcc-program-pristine; then
		if no_extraction; then
			fail bcc-program-pristine "bcc found headers without extracting them"
		else
			ok bcc-program-pristine
		fi
	fi
}

# ------------------------------------------------------------- benchmarks

median() {
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Headers usable: ours mounts the archive, pristine extracts the tarball
# into a tmpfs with tar -xJf, as bcc does.  Each run timed in ms.
bench_headers() {
	local base
	mkdir -p /tmp/h
	: > $out/headers
	modprobe kheaders
	for _ in $(seq "$runs"); do
		base=$(shmem_kb)
		if [ "$kernel" = ours ]; then
			$t/nstime mount kheaders /tmp/h > $out/ns || return 1
		else
			$t/nstime exec /usr/bin/tar -xJf /sys/kernel/kheaders.tar.xz \
				-C /tmp/h > $out/ns || return 1
		fi
		awk '{ print $3 / 1e6 }' $out/ns >> $out/headers
		echo "@@B shmem_kb mounted $(( $(shmem_kb) - base ))"
		if [ "$kernel" = ours ]; then
			umount /tmp/h
		else
			rm -rf /tmp/h/*
		fi
		echo "@@B shmem_kb after $(( $(shmem_kb) - base ))"
	done
	echo "@@B headers_ms $(median < $out/headers)"
	echo "@@B module_bytes $(module_bytes)"
	if [ "$kernel" = ours ]; then
		echo "@@B pinned_bytes $(cat /sys/kernel/archives/kheaders/pinned)"
		echo "@@B store_bytes $(cat /sys/kernel/archives/kheaders/size)"
	fi
	# Ours: the same tar -xJf of pristine's tarball in this guest.
	if [ -f $t/kheaders_data.tar.xz ]; then
		: > $out/tar
		for _ in $(seq "$runs"); do
			$t/nstime exec /usr/bin/tar -xJf $t/kheaders_data.tar.xz \
				-C /tmp/h > $out/ns || return 1
			awk '{ print $3 / 1e6 }' $out/ns >> $out/tar
			rm -rf /tmp/h/*
		done
		echo "@@B tar_ms $(median < $out/tar)"
	fi
	rmdir /tmp/h
}

# Cold start of the bcc program, exec to first event: ours with the
# archive mounted where bcc looks, pristine through bcc's own extraction
# (Debian's bcc repeats it on every run; the rm makes every bcc version
# do so) and, in the same guest, with the headers already extracted
# (BCC_KERNEL_SOURCE): the difference is what the extraction costs.
bench_cold() {
	: > $out/cold
	if [ "$kernel" = ours ]; then
		mkdir -p "$build"
		mount -t tmpfs -o archive=kheaders,ro none "$build" || return 1
	fi
	for _ in $(seq "$runs"); do
		bcc_program cold > /dev/null || return 1
		cat $out/cold.cold >> $out/cold
		rm -rf /tmp/kheaders-*
	done
	echo "@@B cold_ms $(median < $out/cold)"
	if [ "$kernel" = ours ]; then
		umount "$build"
		return 0
	fi
	mkdir -p /tmp/pre
	tar -xJf /sys/kernel/kheaders.tar.xz -C /tmp/pre || return 1
	: > $out/cold
	for _ in $(seq "$runs"); do
		BCC_KERNEL_SOURCE=/tmp/pre bcc_program cold > /dev/null || return 1
		cat $out/cold.cold >> $out/cold
	done
	echo "@@B cold_pre_ms $(median < $out/cold)"
	rm -rf /tmp/pre
}

# A signal or an error in what follows must still end the boot.
trap 'echo "@@T done"; sync; echo b > /proc/sysrq-trigger' EXIT

if [ "$mode" = bench ]; then
	bench_headers || echo "@@T fail bench-headers"
	bench_cold || echo "@@T fail bench-cold"
elif [ "$kernel" = ours ]; then
	check_ours
else
	check_pristine
fi
