#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run a fuzzer (FUZZ_NAME, default parser) for FUZZ_SECONDS from a copy of
# the seed corpus and report one test line.
# Usage: smoke.sh FUZZER CORPUS WORKDIR
fuzzer=$1 corpus=$2 work=$3
secs=${FUZZ_SECONDS:-60}
rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp "$corpus"/* "$work/corpus/"
"$fuzzer" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
	-rss_limit_mb=2048 -artifact_prefix="$work/artifacts/" \
	"$work/corpus" >"$work/log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -1)
if [ $rc -eq 0 ]; then
	echo "ok 1 - fuzz ${FUZZ_NAME:-parser} ${secs}s: $execs runs, $cov"
	passed=1 failed=0
else
	echo "not ok 1 - fuzz ${FUZZ_NAME:-parser} ${secs}s: exit $rc," \
		"see $work/log and $work/artifacts"
	grep -m5 -E 'ERROR|SUMMARY|VIOLATION|^whole|^split' "$work/log"
	passed=0 failed=1
fi
echo "$passed passed, $failed failed"
[ -n "$RESULTS" ] && echo "$passed $failed 0" >"$RESULTS"
exit $failed
