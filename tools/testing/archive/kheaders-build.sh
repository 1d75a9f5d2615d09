#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build tests of the kernel headers archive (kernel/gen_kheaders.sh), on the
# UML boot-test kernel (built by boot/run.sh when missing) and a second,
# clean build of kernel/kheaders.o from the same .config in another
# directory, under another umask:
#  1. the two clean builds give byte-identical archives and tarballs;
#  2. a rerun of make with nothing changed regenerates nothing;
#  3. a new header is added to the archive, its comments stripped, and the
#     object tree's copy of a header wins over the source tree's;
#  4. touching a header without changing it regenerates nothing;
#  5. a change that leaves the archive the same (a comment) regenerates
#     it but rewrites neither the archive nor kheaders.o;
#  6. an output of another configuration left in the directory goes;
#  7. removing the new header gives back the first build's bytes.
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
	[ -n "$outputs" ] || return 1
	for f in $outputs; do
		cmp -s "$ref/kernel/$f" "$b2/kernel/$f" || return 1
	done
}

echo "KTAP version 1"
echo "1..7"
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

if ! build2; then
	nok "rerun fails"
elif generated; then
	nok "rerun with nothing changed regenerates"
else
	ok "rerun with nothing changed regenerates nothing"
fi

# A header of the object tree's include/linux, new to the archive: its
# comments go but those naming SPDX.  And one that shadows a header of the
# source tree: the object tree's copy wins.
hdr=$b2/include/linux/kheaders-build-test.h
shadow=$b2/include/linux/kheaders-shadow-test.h
mkdir -p "$b2/include/linux"
kept='#define KHEADERS_BUILD_TEST 1 /* SPDX: kept */'
printf '/* a comment */\n%s\n' "$kept" > "$hdr"
trap 'rm -f "$tree/include/linux/kheaders-shadow-test.h"' EXIT
cp "$tree/include/linux/types.h" "$tree/include/linux/kheaders-shadow-test.h"
echo '#define KHEADERS_SHADOW_TEST 1' > "$shadow"
build2
cpio=$(echo "$outputs" | grep cpio)
case "$cpio" in *.zst) x="zstd -dc" ;; *) x="xz -dc" ;; esac
member() {	# member NAME: its content in the second build's archive
	$x "$b2/kernel/$cpio" | cpio -i --quiet --to-stdout "$1"
}
if member include/linux/kheaders-build-test.h | cmp -s - <(printf '\n%s\n' "$kept") &&
	member include/linux/kheaders-shadow-test.h | cmp -s - "$shadow"; then
	ok "a new header is added, its comments stripped but the SPDX one; the object tree wins"
else
	nok "the new headers are not in the archive as expected"
fi

# An old mtime on the archive, and the mtime of kheaders.o (which would be
# rebuilt if backdated), show whether they are rewritten.
touch -d 2001-01-01 "$b2/kernel/$cpio"
old="$(stat -c %y "$b2/kernel/$cpio") $(stat -c %y "$b2/kernel/kheaders.o")"
untouched() {
	[ "$(stat -c %y "$b2/kernel/$cpio") $(stat -c %y "$b2/kernel/kheaders.o")" = "$old" ]
}
touch "$hdr"
if ! build2; then
	nok "build after touching a header fails"
elif generated || ! untouched; then
	nok "a header touched without a change regenerates"
else
	ok "a header touched without a change regenerates nothing"
fi

printf '/* another comment */\n%s\n' "$kept" > "$hdr"
if ! build2; then
	nok "build after a comment change fails"
elif generated && untouched; then
	ok "a comment change regenerates, rewriting neither the archive nor kheaders.o"
else
	nok "a comment change: $(generated || echo "not ")regenerated," \
		"archive $(stat -c %y "$b2/kernel/$cpio")," \
		"kheaders.o $(stat -c %y "$b2/kernel/kheaders.o")"
fi

# What a kernel configured with the other compression would have left.
case "$cpio" in *.zst) stale=kheaders_data.cpio.xz ;; *) stale=kheaders_data.cpio.zst ;; esac
touch "$b2/kernel/$stale"
if build2 && [ ! -e "$b2/kernel/$stale" ]; then
	ok "an output of another configuration goes"
else
	nok "$stale of another configuration stays"
fi

rm "$hdr" "$shadow" "$tree/include/linux/kheaders-shadow-test.h"
build2
if generated && same_outputs; then
	ok "removing the new header gives back the first build's bytes"
else
	nok "removing the new header does not give back the first build's bytes"
fi
finish
