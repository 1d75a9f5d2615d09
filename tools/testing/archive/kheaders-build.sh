#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build tests of the kernel headers archive (kernel/gen_kheaders.sh), on the
# UML boot-test kernel (built by boot/run.sh when missing) and a second,
# clean build of kernel/kheaders.o from the same .config in another
# directory, under another umask:
#  1. the two clean builds give byte-identical archives and tarballs;
#  2. a rerun of make with nothing changed regenerates nothing;
#  3. a new header is added to the archive, and removing it gives back the
#     first build's bytes;
#  4. an input touched without a content change regenerates the archive
#     but leaves the file (and so kheaders.o) untouched.
# One KTAP line per test, then "N passed, M failed".
# env: RESULTS=FILE  write "<passed> <failed> <skipped>" into FILE
set -u

top=$(cd "$(dirname "$0")/../../.." && pwd)
tree=$top/build/linux
ref=$top/build/boot-um/kernel
b2=$top/build/kheaders-build
passed=0
failed=0
n=0

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	echo "ok $n - kheaders: $*"
}

nok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - kheaders: $*"
}

finish() {
	echo "$passed passed, $failed failed"
	[ -n "${RESULTS:-}" ] && echo "$passed $failed 0" > "$RESULTS"
	[ "$failed" -eq 0 ]
	exit
}

# make kernel/kheaders.o in the second build; the log is in $b2.log
build2() {
	(umask 027 && nice make -C "$tree" O="$b2" ARCH=um -j2 olddefconfig \
		kernel/kheaders.o) > "$b2.log" 2>&1
}

generated() { grep -q 'GEN .*kheaders_data' "$b2.log"; }

same_outputs() {	# same_outputs: the second build's outputs equal the first's
	local f
	for f in $outputs; do
		cmp -s "$ref/kernel/$f" "$b2/kernel/$f" || return 1
	done
}

echo "KTAP version 1"
echo "1..5"
if [ ! -f "$ref/kernel/kheaders.md5" ]; then
	BOOT_BUILD_ONLY=1 bash "$top/tools/testing/archive/boot/run.sh" --arch um ||
		{ nok "the UML boot-test kernel does not build"; finish; }
fi
outputs=$(cd "$ref/kernel" && ls kheaders_data.*)
rm -rf "$b2"
mkdir -p "$b2"
cp "$ref/.config" "$b2/.config"
if ! build2; then
	tail -n 20 "$b2.log" | sed 's/^/# /'
	nok "second clean build of kernel/kheaders.o fails"
	finish
fi

if same_outputs; then
	ok "two clean builds give byte-identical $(echo "$outputs" | tr '\n' ' ')"
else
	nok "two clean builds differ: $(echo "$outputs" | tr '\n' ' ')"
fi

build2
if generated; then
	nok "rerun with nothing changed regenerates"
else
	ok "rerun with nothing changed regenerates nothing"
fi

# A header of the object tree's include/linux, new to the archive: its
# comments go but those naming SPDX.
mkdir -p "$b2/include/linux"
kept='#define KHEADERS_BUILD_TEST 1 /* SPDX: kept */'
printf '/* a comment */\n%s\n' "$kept" > "$b2/include/linux/kheaders-build-test.h"
build2
cpio=$(echo "$outputs" | grep cpio)
case "$cpio" in *.zst) x="zstd -dc" ;; *) x="xz -dc" ;; esac
if $x "$b2/kernel/$cpio" |
	cpio -i --quiet --to-stdout include/linux/kheaders-build-test.h |
	cmp -s - <(printf '\n%s\n' "$kept"); then
	ok "a new header is added, its comments stripped but the SPDX one"
else
	nok "a new header is not in the archive as expected"
fi
touch -d '2001-01-01' "$b2/kernel/$cpio"
touch "$b2/include/linux/kheaders-build-test.h"
build2
if generated && [ "$(stat -c %Y "$b2/kernel/$cpio")" = "$(date -d 2001-01-01 +%s)" ]; then
	ok "a header touched with no change regenerates without rewriting the archive"
else
	generated && what=regenerated || what="not regenerated"
	nok "a touched header: $what, archive mtime $(stat -c %y "$b2/kernel/$cpio")"
fi
rm "$b2/include/linux/kheaders-build-test.h"
build2
if generated && same_outputs; then
	ok "removing it gives back the first build's bytes"
else
	nok "removing the new header does not give back the first build's bytes"
fi
finish
