#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the project's KUnit suites (kunit-tests/.kunitconfig) on UML with the
# debug fragment, through tools/testing/kunit/kunit.py.  Prints kunit.py's
# parsed KTAP, ends with "N passed, M failed" and, when RESULTS names a file,
# writes "<passed> <failed> <skipped>" there.  A build failure or a kernel
# that crashes before reporting counts as one failure.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
tree=${TREE:-$top/build/linux}
out=${OUT:-$top/build/kunit}
kunitconfig=${KUNITCONFIG:-$top/kunit-tests/.kunitconfig}
log=$out.log

mkdir -p "$out"
(cd "$tree" && nice ./tools/testing/kunit/kunit.py run --arch=um \
	--build_dir="$out" --jobs="$(nproc)" --timeout=900 \
	--kunitconfig="$kunitconfig" \
	--kunitconfig="$top/tools/testing/archive/configs/debug.config" \
	--kconfig_add=CONFIG_UML_PCI_OVER_VIRTIO_DEVICE_ID=65535 \
	--kernel_args=panic_on_warn=1 --kernel_args=kasan.fault=report \
	"$@") 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

passed=0 failed=0 skipped=0
summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" |
	grep -E 'Testing complete\. Ran [0-9]+ tests' | tail -n 1)
if [ -n "$summary" ]; then
	passed=$(echo "$summary" | sed -nE 's/.*passed: ([0-9]+).*/\1/p')
	failed=$(echo "$summary" | sed -nE 's/.*failed: ([0-9]+).*/\1/p')
	skipped=$(echo "$summary" | sed -nE 's/.*skipped: ([0-9]+).*/\1/p')
	crashed=$(echo "$summary" | sed -nE 's/.*crashed: ([0-9]+).*/\1/p')
	errors=$(echo "$summary" | sed -nE 's/.*errors: ([0-9]+).*/\1/p')
	passed=${passed:-0} skipped=${skipped:-0}
	failed=$(( ${failed:-0} + ${crashed:-0} + ${errors:-0} ))
fi
# kunit.py fails on a bad build, a crash or missing results: never a pass.
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=1
fi
if [ $(( passed + failed )) -eq 0 ]; then
	echo "kunit: no test ran" >&2
	failed=1
fi
echo "kunit: $passed passed, $failed failed, $skipped skipped"
[ -n "${RESULTS:-}" ] && echo "$passed $failed $skipped" > "$RESULTS"
[ "$failed" -eq 0 ]
