# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-hardlinks: hard-link groups as archivers write them: data on
# the last link (GNU cpio, bsdtar), data on the first link with empty later
# links, links in different directories, the same inode number reused after
# a TRAILER!!! (a new group), and linked device nodes and FIFOs.
image() {
	harness_segment "$S/harness.cpio"
	python3 - "$S/links.cpio" <<'PY'
import sys
out = bytearray()
def entry(name, mode, ino=0, nlink=1, data=b"", rdev=(0, 0), mtime=1600000000):
    global out
    name = name.encode() + b"\0"
    out += b"070701" + b"".join(b"%08X" % v for v in (
        ino, mode, 0, 0, nlink, mtime, len(data), 3, 1, rdev[0], rdev[1],
        len(name), 0))
    out += name + b"\0" * (-(110 + len(name)) % 4)
    out += data + b"\0" * (-len(data) % 4)
def trailer():
    entry("TRAILER!!!", 0)
entry("links", 0o40755, 1, 2)
entry("links/sub", 0o40755, 2, 2)
# data on the last link
entry("links/last1", 0o100644, 10, 3)
entry("links/sub/last2", 0o100644, 10, 3)
entry("links/last3", 0o100640, 10, 3, b"data on the last link\n" * 100)
# data on the first link, later links empty
entry("links/first1", 0o100600, 11, 2, b"data on the first link\n" * 7)
entry("links/sub/first2", 0o100600, 11, 2)
# linked device nodes and FIFOs
entry("links/null1", 0o20666, 12, 2, rdev=(1, 3))
entry("links/sub/null2", 0o20666, 12, 2, rdev=(1, 3))
entry("links/fifo1", 0o10600, 13, 2)
entry("links/fifo2", 0o10600, 13, 2)
trailer()
# after the trailer, inode 10 is a new group
entry("links/again1", 0o100644, 10, 2)
entry("links/again2", 0o100644, 10, 2, b"a new group\n")
trailer()
out += b"\0" * (-len(out) % 512)
open(sys.argv[1], "wb").write(out)
PY
	cat "$S/harness.cpio" "$S/links.cpio" > "$1"
}
