#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Everything "make check" runs, stage by stage: the host self-check,
# userspace tests, static checks (W=1, sparse, clang, kernel-doc,
# checkpatch), KUnit, boot tests under UML and qemu, the oracle (pristine
# 6.12 beside the project on the same initrds), build tests of the kernel
# headers archive, bcc and bpftrace in a tracing guest (pristine 6.12
# beside the project), and the patch series.  Each stage writes
# "<passed> <failed> <skipped>" to build/results/<stage> and its output to
# build/results/<stage>.log; a stage that could not run counts as one
# failure.  Prints each stage's output and wall time and ends with
# "N passed, M failed[, K skipped]"; exits non-zero on any failure.
#
# The host stage always comes first: it builds the boot-test kernels the
# chosen stages need and checks that this machine runs them (hostcheck.sh).
# When it fails, the other stages are not run.  The others run in two lanes
# (below).
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
here=$top/tools/testing/archive
results=$top/build/results
stages=${STAGES:-"userspace static kunit boot-um oracle kheaders boot-x86_64 tracing series"}
stages="host ${stages#host }"

# The host self-check, with a probe boot of each boot-test kernel a chosen
# stage needs (built here, reused by the boot stages).
stage_host() {
	local args=""
	case " $stages " in *" boot-um "*)
		BOOT_BUILD_ONLY=1 bash "$here/boot/run.sh" --arch um > /dev/null || return 1
		args="$args --uml $top/build/boot-um/kernel/linux" ;;
	esac
	case " $stages " in *" boot-x86_64 "*)
		BOOT_BUILD_ONLY=1 bash "$here/boot/run.sh" --arch x86_64 > /dev/null || return 1
		args="$args --x86 $top/build/boot-x86_64/kernel/arch/x86/boot/bzImage" ;;
	esac
	# shellcheck disable=SC2086 # args is a list of words
	bash "$here/hostcheck.sh" $args
}

stage_userspace() {
	make -C "$top/tools/cpio" --no-print-directory check
}

stage_static() {
	bash "$here/static.sh"
}

stage_kunit() {
	bash "$here/run-kunit.sh"
}

stage_boot-um() {
	bash "$here/boot/run.sh" --arch um
}

stage_oracle() {
	bash "$here/oracle/run.sh"
}

stage_kheaders() {
	bash "$here/kheaders-build.sh"
}

stage_boot-x86_64() {
	bash "$here/boot/run.sh" --arch x86_64
}

stage_tracing() {
	bash "$here/tracing/run.sh"
}

stage_series() {
	bash "$here/series.sh" --check
}

# The x86_64 boot kernels leave KASAN out here (about 3 minutes of a
# 2-core run): the library and its callers are the same code on both
# architectures, and the UML boot kernels and the KUnit kernel keep it.
# BOOT_KASAN=1 puts it back.
export BOOT_KASAN=${BOOT_KASAN:-0}

# The stages after the host stage run in two lanes side by side, so that
# one lane's builds use the core the other's boots or serial steps leave
# idle; the lanes take about the same time.  kheaders-build.sh adds a
# header to build/linux for a while: the stages that build a kernel with
# the headers archive from that tree wait until it is done.
# CHECK_LANES=1 runs them all in one lane, lane B's stages first.
lane_a="kunit oracle tracing"
lane_b="userspace kheaders boot-um static boot-x86_64 series"
after_kheaders="boot-um boot-x86_64 tracing"

selected() {	# selected STAGE: true when STAGE is to run
	case " $stages " in *" $1 "*) return 0 ;; esac
	return 1
}

# Runs STAGE with its output in $results/STAGE.log; a stage that could not
# run, or that exited non-zero without reporting a failure, counts as one
# failure.  $results/STAGE.secs, its wall time, marks it done.
run_stage() {	# run_stage STAGE
	local stage=$1 start rc p f s
	start=$(date +%s)
	RESULTS=$results/$stage "stage_$stage" > "$results/$stage.log" 2>&1 < /dev/null
	rc=$?
	if [ ! -s "$results/$stage" ]; then
		echo "=== stage $stage could not run (exit $rc)" >> "$results/$stage.log"
		echo "0 1 0" > "$results/$stage"
	elif [ "$rc" -ne 0 ] && [ "$(cut -d' ' -f2 "$results/$stage")" = 0 ]; then
		echo "=== stage $stage exited $rc without reporting a failure" >> "$results/$stage.log"
		read -r p f s < "$results/$stage"
		echo "$p 1 $s" > "$results/$stage"
	fi
	echo $(( $(date +%s) - start )) > "$results/$stage.secs"
}

wait_for() {	# wait_for STAGE: until STAGE is done, if it runs at all
	selected "$1" || return 0
	while [ ! -e "$results/$1.secs" ]; do
		sleep 2
	done
}

run_lane() {	# run_lane STAGE...
	local stage
	for stage in "$@"; do
		selected "$stage" || continue
		case " $after_kheaders " in *" $stage "*) wait_for kheaders ;; esac
		run_stage "$stage"
	done
}

any_alive() {	# any_alive PID...: true while one of them runs
	local pid
	for pid in "$@"; do
		kill -0 "$pid" 2> /dev/null && return 0
	done
	return 1
}

# Prints STAGE's output and wall time once it is done (or no lane runs),
# and adds its line to $timing.
report_stage() {	# report_stage STAGE LANE-PIDS...
	local stage=$1 p f s secs
	shift
	while [ ! -e "$results/$stage.secs" ]; do
		any_alive "$@" || break
		sleep 2
	done
	echo "=== stage $stage"
	cat "$results/$stage.log" 2> /dev/null
	if [ ! -e "$results/$stage.secs" ]; then
		echo "=== stage $stage did not finish (no lane runs it)"
		echo "0 1 0" > "$results/$stage"
		echo 0 > "$results/$stage.secs"
	fi
	secs=$(cat "$results/$stage.secs")
	read -r p f s < "$results/$stage"
	timing="$timing$(printf '%-12s %4ds  %d passed, %d failed, %d skipped' "$stage" "$secs" "$p" "$f" "$s")"$'\n'
	echo "=== stage $stage: ${secs}s"
}

rm -rf "$results"
mkdir -p "$results"
timing=""
t_start=$(date +%s)

# The host stage alone: the others need what it builds.
run_stage host
report_stage host
if [ "$(cut -d' ' -f2 "$results/host")" -gt 0 ]; then
	echo "=== the host self-check failed: no other stage runs (see the FAILED lines)"
	stages=host
else
	# The pristine worktree, made once here rather than by two lanes at
	# once (git worktree add is not safe to run concurrently).
	if selected oracle || selected tracing; then
		# shellcheck source=SCRIPTDIR/pristine.sh
		. "$here/pristine.sh"
		pristine_tree "$top/build/linux" "$top/build/pristine" > /dev/null ||
			echo "=== cannot make the pristine worktree build/pristine"
	fi
	if [ "${CHECK_LANES:-2}" = 1 ]; then
		# shellcheck disable=SC2086 # lists of stage names
		run_lane $lane_b $lane_a &
		lanes=$!
	else
		# shellcheck disable=SC2086 # lists of stage names
		run_lane $lane_a &
		lanes=$!
		# shellcheck disable=SC2086
		run_lane $lane_b &
		lanes="$lanes $!"
	fi
	for stage in $stages; do
		[ "$stage" = host ] && continue
		# shellcheck disable=SC2086 # lanes is a list of pids
		report_stage "$stage" $lanes
	done
	wait
fi

passed=0 failed=0 skipped=0
for stage in $stages; do
	read -r p f s < "$results/$stage"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done
echo
echo "Stage wall times (in all $(( $(date +%s) - t_start ))s):"
printf '%s' "$timing"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
