# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# initrd-multi: segments of different kinds with NUL padding between them,
# and a last segment whose entries replace earlier ones:
#   harness (plain) | pad | fixture a (gzip) | pad | fixture b by bsdtar
#   (zstd) | pad | replacements (xz) | pad
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	fixture_tree_segment /fixture/b "$S/b.cpio" bsdtar
	cat > "$S/replace.list" <<-LIST
	# a file with new contents, mode and owner
	file /fixture/a/one $DATA/100-new 0604 7 8
	# a symlink replaced by a file, a file by a directory, a device by a FIFO
	file /fixture/a/d/rel $DATA/511-b 0644 0 0
	dir /fixture/a/f511 0711 0 0
	pipe /fixture/a/null 0600 0 0
	# a non-empty directory cannot be replaced: this entry is ignored
	file /fixture/b/d/nested $DATA/1 0644 0 0
	# a file over one name of a hard-link group is opened with O_TRUNC:
	# the other names (d/hl2, d/nested/hl3) see the new contents too
	file /fixture/b/hl1 $DATA/1-b 0644 0 0
	LIST
	gen_segment "$S/replace.list" "$S/replace.cpio" 1650000000

	cp "$S/harness.cpio" "$1"
	pad "$1" 512
	gzip -9n < "$S/a.cpio" >> "$1"
	pad "$1" 13
	zstd -q -19 < "$S/b.cpio" >> "$1"
	pad "$1" 4
	xz --check=crc32 < "$S/replace.cpio" >> "$1"
	pad "$1" 64
}
