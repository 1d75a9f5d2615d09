# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-replace: later segments replace what earlier ones made: a file
# by a directory, an empty directory by a symlink, a symlink by a directory,
# a FIFO by a file; a non-empty directory cannot be replaced by a symlink
# (the member is skipped, as upstream does); a member whose parent is
# missing is skipped too, and unpacking goes on.
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	cat > "$S/first.list" <<-LIST
	dir /r 0755 0 0
	file /r/file-to-dir $DATA/511 0644 0 0
	dir /r/emptydir-to-link 0750 0 0
	slink /r/link-to-dir ../fixture 0777 0 0
	pipe /r/fifo-to-file 0600 0 0
	dir /r/full 0755 0 0
	file /r/full/keep $DATA/1 0644 0 0
	LIST
	gen_segment "$S/first.list" "$S/first.cpio" 1600000000
	cat > "$S/second.list" <<-LIST
	dir /r/file-to-dir 0711 1 2
	slink /r/emptydir-to-link /fixture/a 0777 3 4
	dir /r/link-to-dir 0700 0 0
	file /r/fifo-to-file $DATA/4096 0640 5 6
	slink /r/full /nowhere 0777 0 0
	file /r/missing/parent $DATA/1 0644 0 0
	file /r/after-skips $DATA/511-b 0644 0 0
	LIST
	gen_segment "$S/second.list" "$S/second.cpio" 1650000000
	cp "$S/harness.cpio" "$1"
	gzip -9n < "$S/a.cpio" >> "$1"
	pad "$1" 0
	cat "$S/first.cpio" >> "$1"
	xz --check=crc32 < "$S/second.cpio" >> "$1"
}
