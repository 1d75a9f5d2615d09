# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-truncated: the image ends inside the data of a file of its last,
# uncompressed archive.  Upstream accepts this silently, and so does the
# rewrite: everything before the cut is there, the cut file holds the data
# that was there, and no failure is reported.  (manifest.py treats the cut
# as an error, so the guest script checks the tree.)
check_manifest=0
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	cat > "$S/last.list" <<-LIST
	dir /t 0755 0 0
	file /t/whole $DATA/4096 0644 0 0
	file /t/cut $DATA/1048576 0644 0 0
	LIST
	gen_segment "$S/last.list" "$S/last.cpio" 1650000000
	cat "$S/harness.cpio" "$S/a.cpio" > "$1"
	# Cut 100000 bytes into the data of /t/cut (the last member before the trailer).
	head -c $(( $(stat -c %s "$S/last.cpio") - 1048576 - 512 + 100000 )) "$S/last.cpio" >> "$1"
}
