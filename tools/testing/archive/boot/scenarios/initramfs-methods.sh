# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-methods: the methods boot decodes with the __init decompressors
# of lib/decompress_*.c, through the cpio library's whole-stream decoder
# hook (CONFIG_RD_BZIP2, _LZMA, _LZO and _LZ4).  One image of four
# compressed segments back to back, one per method, each holding the
# fixture as two tools write it under /fixture/METHOD-{a,b}.  lz4 comes
# last: its legacy format has no end mark, so its decompressor reads to the
# end of the image.
image() {
	local m
	harness_segment "$S/harness.cpio"
	: > "$1"
	for m in bzip2 lzma lzo lz4; do
		fixture_gen_segment "/fixture/$m-a" "$S/$m-a.cpio"
		fixture_tree_segment "/fixture/$m-b" "$S/$m-b.cpio" cpio
		{
			[ "$m" = bzip2 ] && cat "$S/harness.cpio"
			cat "$S/$m-a.cpio" "$S/$m-b.cpio"
		} | case $m in
		bzip2) bzip2 -9 -c ;;
		lzma) lzma -9 -c ;;
		lzo) lzop -9 -c ;;
		lz4) lz4 -l -9 -c -q ;;
		esac >> "$1"
	done
}

# manifest.py does not decode these methods: the guest script checks the
# tree.
check_manifest=0
