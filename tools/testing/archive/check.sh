#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Everything "make check" runs, stage by stage: the host self-check,
# userspace tests, static checks (W=1, sparse, clang, kernel-doc,
# checkpatch), KUnit, boot tests under UML and qemu, the oracle (pristine
# 6.12 beside the project on the same initrds), build tests of the kernel
# headers archive, bcc and bpftrace in a tracing guest (pristine 6.12
# beside the project), and the patch series.  Each stage writes
# "<passed> <failed> <skipped>" to build/results/<stage>; a stage that could
# not run counts as one failure.  Prints each stage's wall time and ends with
# "N passed, M failed[, K skipped]"; exits non-zero on any failure.
#
# The host stage always comes first: it builds the boot-test kernels the
# chosen stages need and checks that this machine runs them (hostcheck.sh).
# When it fails, the other stages are not run.
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

rm -rf "$results"
mkdir -p "$results"
timing=""
for stage in $stages; do
	echo "=== stage $stage"
	start=$(date +%s)
	RESULTS=$results/$stage "stage_$stage"
	rc=$?
	secs=$(( $(date +%s) - start ))
	if [ ! -s "$results/$stage" ]; then
		echo "=== stage $stage could not run (exit $rc)"
		echo "0 1 0" > "$results/$stage"
	elif [ "$rc" -ne 0 ] && [ "$(cut -d' ' -f2 "$results/$stage")" = 0 ]; then
		echo "=== stage $stage exited $rc without reporting a failure"
		read -r p _ s < "$results/$stage"
		echo "$p 1 $s" > "$results/$stage"
	fi
	read -r p f s < "$results/$stage"
	timing="$timing$(printf '%-12s %4ds  %d passed, %d failed, %d skipped' "$stage" "$secs" "$p" "$f" "$s")"$'\n'
	echo "=== stage $stage: ${secs}s"
	if [ "$stage" = host ] && [ "$f" -gt 0 ]; then
		echo "=== the host self-check failed: no other stage runs (see the FAILED lines)"
		stages=host
		break
	fi
done

passed=0 failed=0 skipped=0
for stage in $stages; do
	read -r p f s < "$results/$stage"
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done
echo
echo "Stage wall times:"
printf '%s' "$timing"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
