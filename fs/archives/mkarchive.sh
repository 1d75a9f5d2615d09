#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mkarchive.sh GEN_INIT_CPIO SRCTREE OUTPUT PATH
#
# Make the cpio archive OUTPUT from PATH, a directory or a gen_init_cpio
# list (relative to SRCTREE unless absolute), with usr/gen_initramfs.sh.
# OUTPUT is rewritten only when its content changes.  File paths in a list
# may use ${srctree}, the absolute path of SRCTREE.
set -e

gen=$(realpath "$1")
srctree=$(realpath "$2")
export srctree
out=$3
src=$4

if [ -z "$src" ]; then
	echo "mkarchive.sh: no path for $out in CONFIG_ARCHIVES_BUILTIN" >&2
	exit 1
fi
case "$src" in
/*) ;;
*) src=$srctree/$src ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/usr"
ln -s "$gen" "$tmp/usr/gen_init_cpio"
(cd "$tmp" && ${CONFIG_SHELL:-sh} "$srctree/usr/gen_initramfs.sh" \
	${KBUILD_BUILD_TIMESTAMP:+-d "$KBUILD_BUILD_TIMESTAMP"} \
	-o "$tmp/out.cpio" "$src")
mkdir -p "$(dirname "$out")"
if ! cmp -s "$tmp/out.cpio" "$out"; then
	mv "$tmp/out.cpio" "$out"
fi
