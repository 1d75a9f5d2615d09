# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# initrd-xz: the three archives of initrd-plain in one xz stream.
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	fixture_tree_segment /fixture/b "$S/b.cpio" cpio
	cat "$S/harness.cpio" "$S/a.cpio" "$S/b.cpio" | xz --check=crc32 > "$1"
}
