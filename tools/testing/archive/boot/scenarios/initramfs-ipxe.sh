# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# initramfs-ipxe: an initrd as iPXE builds one for "initrd name=...": newc
# members for a named file and its directory with no TRAILER!!!, NUL
# padding up to 4 KiB, then the next image: a gzip initramfs with the
# harness and the fixture.  The trailer is optional (buffer-format.rst);
# 6.12 unpacks both and runs /init.  Then the same without the padding and
# with a compressed segment whose content lacks the trailer too.
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	python3 - "$S/named.cpio" "$S/named2.cpio" <<-'PY'
	import sys
	def entry(name, mode, data=b"", ino=1):
	    name = name.encode() + b"\0"
	    h = b"070701" + b"".join(b"%08X" % v for v in (
	        ino, mode, 0, 0, 1, 1600000000, len(data), 0, 0, 0, 0, len(name), 0))
	    out = h + name
	    out += b"\0" * (-len(out) % 4) + data
	    return out + b"\0" * (-len(out) % 4)
	open(sys.argv[1], "wb").write(entry("ipxe", 0o40755, ino=1) +
	    entry("ipxe/boot.cfg", 0o100644, b"console=ttyS0\n", ino=2))
	open(sys.argv[2], "wb").write(entry("ipxe/second", 0o100600, b"x" * 5, ino=3))
	PY
	cp "$S/named.cpio" "$1"
	head -c $(( 4096 - $(stat -c %s "$1") )) /dev/zero >> "$1"
	gzip -9n < "$S/harness.cpio" >> "$1"
	pad "$1" 0
	gzip -9n < "$S/named2.cpio" >> "$1"
	zstd -q < "$S/a.cpio" >> "$1"
}
