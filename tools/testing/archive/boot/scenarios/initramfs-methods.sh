# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-bzip2: the three archives of initrd-plain in one bzip2 stream,
# decoded by the __init decompressor of lib/decompress_*.c through the cpio
# library's whole-stream decoder hook (needs CONFIG_RD_BZIP2).
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	fixture_tree_segment /fixture/b "$S/b.cpio" cpio
	cat "$S/harness.cpio" "$S/a.cpio" "$S/b.cpio" | bzip2 -9 -c > "$1"
}

# manifest.py does not decode this method: the guest script checks the tree.
check_manifest=0
