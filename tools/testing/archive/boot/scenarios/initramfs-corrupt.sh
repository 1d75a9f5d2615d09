# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-corrupt: an external initrd whose last segment is corrupt: a
# gzip stream holding a crc-format archive in which one data byte of
# /fixture/a/d/f4096 was flipped (the gzip stream itself is sound, as the
# boot unpacker never verified its CRC32).  The kernel prints
# "Initramfs unpacking failed: bad data checksum" and boots on with what the
# earlier segments made.  The failure message is expected here, so the
# verdict requires it and judges the rest of the console as usual.
check_manifest=0
image() {
	harness_segment "$S/harness.cpio"
	fixture_tree_segment /fixture/b "$S/b.cpio" cpio
	fixture_gen_segment /fixture/a "$S/a.cpio"
	python3 - "$S/a.cpio" <<-'PY'
	import sys
	b = bytearray(open(sys.argv[1], "rb").read())
	name = b"fixture/a/d/f4096\0"
	i = b.index(name) + len(name)
	i += -(110 + len(name)) % 4
	b[i + 100] ^= 0x01          # one data byte: the crc sum differs
	open(sys.argv[1], "wb").write(b)
	PY
	cp "$S/harness.cpio" "$1"
	cat "$S/b.cpio" >> "$1"
	gzip -9n < "$S/a.cpio" >> "$1"
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
