# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-padding: NUL padding of several sizes between segments, plain
# after compressed, compressed after compressed of the same method, and
# padding at the very end (buffer-format.rst).
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	fixture_tree_segment /fixture/b "$S/b.cpio" cpio
	cp "$S/harness.cpio" "$1"
	pad "$1" 0
	gzip -9n < "$S/a.cpio" >> "$1"
	pad "$1" 4096
	gzip -1n < "$S/b.cpio" >> "$1"
	pad "$1" 12
	cat "$S/a.cpio" >> "$1"
	pad "$1" 8
	zstd -q < "$S/b.cpio" >> "$1"
	zstd -q < "$S/a.cpio" >> "$1"
	pad "$1" 1000
}
