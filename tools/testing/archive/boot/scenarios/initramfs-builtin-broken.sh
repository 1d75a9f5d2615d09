# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-builtin-broken: a built-in initramfs whose second archive has a
# bad crc checksum must panic with the message, as upstream: "Kernel panic
# - not syncing: bad data checksum".  Kernel variant as in initramfs-builtin.
check_manifest=0
# shellcheck source=/dev/null
. "$here/scenarios/initramfs-builtin.sh"
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	python3 - "$S/a.cpio" <<-'PY'
	import sys
	b = bytearray(open(sys.argv[1], "rb").read())
	i = b.index(b"fixture/a/d/f4096\0")
	i += len(b"fixture/a/d/f4096\0")
	i += -(110 + len(b"fixture/a/d/f4096\0")) % 4
	b[i + 100] ^= 0x01          # one data byte: the crc sum differs
	open(sys.argv[1], "wb").write(b)
	PY
	# /dev/console and /root, as the default built-in archive has them
	"$gen_init_cpio" -t 1700000000 "$tree/usr/default_cpio_list" > "$S/console.cpio"
	cat "$S/console.cpio" "$S/harness.cpio" "$S/a.cpio" > "$S/builtin.cpio"
	[ -n "${builtin_done:-}" ] || builtin_variant "$S/builtin.cpio"
	builtin_done=1
	: > "$1"
}

verdict() {	# verdict LOG RC EXPECTED_MANIFEST|""
	if grep -a -q 'Kernel panic - not syncing: bad data checksum' "$1"; then
		return 0
	fi
	echo "no 'Kernel panic - not syncing: bad data checksum'"
	return 1
}
