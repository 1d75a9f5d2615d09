# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-corrupt: an external initrd whose last segment is corrupt (one
# byte flipped in the middle of its gzip data): the kernel prints
# "Initramfs unpacking failed: ..." and boots on with what the earlier
# segments made.  The failure message is expected here, so the verdict
# requires it and judges the rest of the console as usual.
check_manifest=0
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	fixture_tree_segment /fixture/b "$S/b.cpio" cpio
	cp "$S/harness.cpio" "$1"
	cat "$S/a.cpio" >> "$1"
	gzip -9n < "$S/b.cpio" > "$S/b.cpio.gz"
	python3 - "$S/b.cpio.gz" <<-'PY'
	import sys
	b = bytearray(open(sys.argv[1], "rb").read())
	b[len(b) // 2] ^= 0x55
	open(sys.argv[1], "wb").write(b)
	PY
	cat "$S/b.cpio.gz" >> "$1"
}

eval "initramfs_corrupt_$(declare -f verdict)"
verdict() {	# verdict LOG RC EXPECTED_MANIFEST|""
	local m
	m=$(grep -a -m1 'Initramfs unpacking failed: ' "$1" | tr -d '\r') || true
	if [ -z "$m" ]; then
		echo "no 'Initramfs unpacking failed' message"
		return 1
	fi
	grep -a -v 'Initramfs unpacking failed: ' "$1" > "$1.rest"
	initramfs_corrupt_verdict "$1.rest" "$2" "$3"
}
