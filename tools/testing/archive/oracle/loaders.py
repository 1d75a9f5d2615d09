#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Initrds the way boot loaders assemble them, and a segment lister.

    loaders.py ipxe OUT IMAGE...    IMAGE: "FILE" or "FILE ARG..."
    loaders.py grub OUT ARG...      ARG: "FILE" or "newc:NAME:FILE"
    loaders.py list IMG
    loaders.py check IMG PATH...

ipxe: each IMAGE is one `initrd URI ARG...` line of an iPXE script, with
FILE standing for the URI.  An image without arguments is passed as it is;
the first argument of an image with arguments is a path, for which iPXE
(src/core/cpio.c, src/image/initrd.c) writes newc headers before the
data: the file itself (mode 0644 or "mode=OCTAL"), with "mkdir=N" also
its N nearest parent directories (-1: all of them), a path ending in "/"
being a directory.  Headers carry mode, nlink 1, the size and the name
and zeros elsewhere (ino, uid, gid, mtime); the name is NUL-padded to a
multiple of 4 and no TRAILER!!! is written.  Every image starts at a
multiple of 4 KiB, zero-padded; nothing follows the last one.

grub: the arguments of GRUB's `initrd` command (grub-core/loader/linux.c).
Each component starts at a multiple of 4, zero-padded.  "newc:NAME:FILE"
writes a newc header for every parent directory of NAME (mode 040777)
not written yet in the current run of newc: components, then one for
NAME (mode 0100777, the size of FILE), then FILE; leading slashes of NAME
are dropped.  The run ends with a TRAILER!!! header, before the next
plain component or at the end.  Whether a directory was "written yet"
follows GRUB's bookkeeping: one list of directory names, newest first,
where the first component of a path is looked up from the head of the
list and each further component only among the entries after the one
its parent matched.  A directory whose name matches an entry reached
that way is not written again, even if that entry stood for a different
path (newc:a/b/f then newc:b/c/g writes no "b").

list: walks IMG the way the kernel's initramfs unpacker does (NUL
padding, uncompressed newc/crc archives, gzip, xz and zstd segments,
archives concatenated inside a decompressed stream) and prints one line
per segment and per entry.  crc checksums are verified.  odc and binary
cpio are recognised and reported, not listed.

check: list, then fail unless every PATH is an entry and /oracle-list is
not; warn when the entries' data exceed 40 MiB.
"""

import lzma
import os
import stat
import subprocess
import sys
import zlib

NEWC_HDR = 110


def align(n, a):
    return (n + a - 1) // a * a


def newc_header(name, mode, size, nlink=1):
    """name: bytes without NUL; header, name, NUL and padding to 4."""
    fields = [0, mode, 0, 0, nlink, 0, size, 0, 0, 0, 0, len(name) + 1, 0]
    hdr = b"070701" + b"".join(b"%08x" % f for f in fields) + name
    return hdr + b"\0" * (align(len(hdr) + 1, 4) - len(hdr))


# --- iPXE -----------------------------------------------------------------

def ipxe_argument(cmdline, key):
    """The text after KEY where KEY starts the command line or a word."""
    start = 0
    while True:
        at = cmdline.find(key, start)
        if at < 0:
            return None
        if at == 0 or cmdline[at - 1].isspace():
            return cmdline[at + len(key):]
        start = at + len(key)


def leading_int(text, base):
    """strtoul(): the leading number of TEXT (with sign), 0 if none."""
    digits = "01234567" if base == 8 else "0123456789"
    sign, i = 1, 0
    if text[:1] in ("-", "+"):
        sign, i = (-1 if text[0] == "-" else 1), 1
    j = i
    while j < len(text) and text[j] in digits:
        j += 1
    return sign * int(text[i:j], base) if j > i else 0


def ipxe_cpio(cmdline, size):
    """The headers iPXE writes before an image with command line CMDLINE."""
    if not cmdline:
        return b""
    name = cmdline.split(" ", 1)[0].encode()
    # Ends of the path's components: index just past each component.
    slash = ord("/")
    ends = [i + 1 for i, c in enumerate(name) if c != slash and
            (i + 1 == len(name) or name[i + 1] == slash)]
    mode, count = 0o644, 1
    arg = ipxe_argument(cmdline, "mode=")
    if arg is not None:
        mode = leading_int(arg, 8) & 0xffffffff
    arg = ipxe_argument(cmdline, "mkdir=")
    if arg is not None:
        count = (count + leading_int(arg, 10)) & 0xffffffff
    if count == 0:
        count = 0xffffffff
    count = min(count, len(ends))
    out = b""
    for index in range(count):
        depth = len(ends) - count + index + 1
        nlen = ends[depth - 1]
        if nlen < len(name) and name[nlen] == slash:
            emode = stat.S_IFDIR | 0o755
        else:
            emode = mode | stat.S_IFREG
        esize = size if depth == len(ends) else 0
        out += newc_header(name[:nlen], emode, esize)
    return out


def ipxe(out, images):
    data = bytearray()
    for image in images:
        path, _, cmdline = image.partition(" ")
        with open(path, "rb") as f:
            blob = f.read()
        data += b"\0" * (align(len(data), 4096) - len(data))
        data += ipxe_cpio(cmdline.strip(" "), len(blob)) + blob
    with open(out, "wb") as f:
        f.write(data)


# --- GRUB -----------------------------------------------------------------

class GrubDirs:
    """GRUB's record of the directories written in a run of newc: args."""

    def __init__(self):
        self.names = []         # newest first, as GRUB links them

    def headers(self, name):
        out = b""
        parts = [p for p in name.split(b"/") if p]
        if not name.endswith(b"/"):
            parts = parts[:-1]  # the last component is the file
        start = 0               # where the lookup of a component starts
        offset = 0
        for part in parts:
            offset = name.index(part, offset) + len(part)
            try:
                found = self.names.index(part, start)
            except ValueError:
                found = None
            if found is None:
                self.names.insert(0, part)
                out += newc_header(name[:offset], 0o40777, 0)
                found = 0
            start = found + 1
        return out


def grub(out, args):
    data = bytearray()
    dirs = None
    for arg in args:
        data += b"\0" * (align(len(data), 4) - len(data))
        path, head = arg, b""
        if arg.startswith("newc:") and ":" in arg[5:]:
            name, path = arg[5:].split(":", 1)
            name = name.lstrip("/").encode()
            if dirs is None:
                dirs = GrubDirs()
            head = dirs.headers(name)
            size = os.path.getsize(path)
            head += newc_header(name, 0o100777, size)
        elif dirs is not None:
            head = newc_header(b"TRAILER!!!", 0, 0)
            dirs = None
        with open(path, "rb") as f:
            data += head + f.read()
    if dirs is not None:
        data += b"\0" * (align(len(data), 4) - len(data))
        data += newc_header(b"TRAILER!!!", 0, 0)
    with open(out, "wb") as f:
        f.write(data)


# --- lister ---------------------------------------------------------------

class Bad(Exception):
    pass


def list_cpio(buf, pos, seg, lines):
    """Entries of newc/crc archives from POS until data that is neither
    a header nor NUL padding; returns the position reached."""
    while pos < len(buf):
        if buf[pos] == 0:
            pos += 1
            continue
        magic = bytes(buf[pos:pos + 6])
        if magic not in (b"070701", b"070702") or pos % 4:
            return pos
        if pos + NEWC_HDR > len(buf):
            raise Bad("truncated header at %d" % pos)
        try:
            f = [int(buf[pos + 6 + 8 * i:pos + 14 + 8 * i], 16)
                 for i in range(13)]
        except ValueError:
            raise Bad("bad header at %d" % pos) from None
        mode, uid, gid, nlink, mtime, size = f[1:7]
        rdev = (f[9], f[10])
        namesize, check = f[11], f[12]
        npos = pos + NEWC_HDR
        name = bytes(buf[npos:npos + namesize]).split(b"\0", 1)[0]
        dpos = align(npos + namesize, 4)
        data = bytes(buf[dpos:dpos + size])
        if len(data) != size:
            raise Bad("truncated data of %r at %d" % (name, dpos))
        pos = align(dpos + size, 4)
        if name == b"TRAILER!!!":
            lines.append("%s TRAILER!!!" % seg)
            continue
        if magic == b"070702" and stat.S_ISREG(mode) and \
                sum(data) & 0xffffffff != check:
            raise Bad("checksum mismatch for %r" % name)
        text = name.decode("utf-8", "backslashreplace")
        if text.startswith("./"):
            text = text[2:]
        text = "/" + text.lstrip("/") if text != "." else "/"
        extra = ""
        if stat.S_ISLNK(mode):
            extra = " -> " + data.decode("utf-8", "backslashreplace")
            extra = extra.replace("\0", "\\0")   # gen_init_cpio's NUL
        elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            extra = " dev %d,%d" % rdev
        lines.append("%s %s %07o %d:%d nlink=%d size=%d mtime=%d %s%s" %
                     (seg, magic.decode(), mode, uid, gid, nlink, size,
                      mtime, text, extra))
        lines.entries[text] = size
    return pos


def zstd_frame_end(buf, pos):
    """End of the zstd frame at POS, from its header and block headers."""
    try:
        fhd = buf[pos + 4]
        single = fhd >> 5 & 1
        fcs = (1 if single else 0, 2, 4, 8)[fhd >> 6]
        p = pos + 5 + (0 if single else 1) + (0, 1, 2, 4)[fhd & 3] + fcs
        while True:
            if p + 3 > len(buf):
                raise IndexError
            bh = int.from_bytes(buf[p:p + 3], "little")
            kind, size = bh >> 1 & 3, bh >> 3
            p += 3 + (1 if kind == 1 else size)
            if bh & 1:
                break
        p += 4 if fhd & 4 else 0
    except IndexError:
        raise Bad("truncated zstd frame at %d" % pos) from None
    if p > len(buf):
        raise Bad("truncated zstd frame at %d" % pos)
    return p


def decompress(buf, pos):
    """(method, output, end position) of the compressed stream at POS."""
    head = bytes(buf[pos:pos + 6])
    if head[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(31)
        out = d.decompress(bytes(buf[pos:]))
        if not d.eof:
            raise Bad("truncated gzip stream at %d" % pos)
        return "gzip", out, len(buf) - len(d.unused_data)
    if head == b"\xfd7zXZ\0":
        d = lzma.LZMADecompressor(lzma.FORMAT_XZ)
        out = d.decompress(bytes(buf[pos:]))
        if not d.eof:
            raise Bad("truncated xz stream at %d" % pos)
        check = {lzma.CHECK_CRC32: "crc32", lzma.CHECK_CRC64: "crc64",
                 lzma.CHECK_NONE: "none"}.get(d.check, "check%d" % d.check)
        return "xz-" + check, out, len(buf) - len(d.unused_data)
    if head[:4] == b"\x28\xb5\x2f\xfd":
        end = zstd_frame_end(buf, pos)
        r = subprocess.run(["zstd", "-dcq"], input=bytes(buf[pos:end]),
                           stdout=subprocess.PIPE, check=False)
        if r.returncode:
            raise Bad("zstd frame at %d does not decompress" % pos)
        return "zstd", r.stdout, end
    return None, None, pos


class Listing(list):
    def __init__(self):
        super().__init__()
        self.entries = {}       # path: data size


def list_image(path):
    with open(path, "rb") as f:
        buf = f.read()
    lines, pos, nseg = Listing(), 0, 0
    while pos < len(buf):
        if buf[pos] == 0:
            pos += 1
            continue
        nseg += 1
        seg = "seg%d" % nseg
        start = pos
        if bytes(buf[pos:pos + 6]) in (b"070701", b"070702") and \
                not pos % 4:
            pos = list_cpio(buf, pos, seg, lines)
            lines.append("%s [%d,%d) cpio" % (seg, start, pos))
            if pos < len(buf) and buf[pos] != 0 and \
                    bytes(buf[pos:pos + 6]) in (b"070701", b"070702"):
                raise Bad("misaligned header at %d" % pos)
            continue
        if bytes(buf[pos:pos + 6]) == b"070707":
            lines.append("%s [%d,...) odc cpio, not listed" % (seg, pos))
            break
        if bytes(buf[pos:pos + 2]) == b"\xc7\x71":
            lines.append("%s [%d,...) binary cpio, not listed" % (seg, pos))
            break
        method, out, end = decompress(buf, pos)
        if method is None:
            raise Bad("unknown data at %d: %r" %
                      (pos, bytes(buf[pos:pos + 8])))
        rest = list_cpio(out, 0, seg, lines)
        if rest != len(out):
            raise Bad("junk at %d within %s stream at %d" %
                      (rest, method, pos))
        lines.append("%s [%d,%d) %s, %d bytes unpacked" %
                     (seg, start, end, method, len(out)))
        pos = end
    print("\n".join(lines))
    return lines


def check(path, want):
    entries = list_image(path).entries
    missing = [p for p in want if p not in entries]
    if missing:
        raise Bad("missing " + ", ".join(missing))
    if "/oracle-list" in entries:
        raise Bad("holds /oracle-list")
    total = sum(entries.values())
    if total > 40 << 20:
        print("loaders.py: %s: warning: %d MiB of data" % (path, total >> 20),
              file=sys.stderr)


def main(argv):
    if len(argv) >= 3 and argv[1] == "ipxe":
        ipxe(argv[2], argv[3:])
    elif len(argv) >= 3 and argv[1] == "grub":
        grub(argv[2], argv[3:])
    elif len(argv) == 3 and argv[1] == "list":
        try:
            list_image(argv[2])
        except Bad as e:
            sys.exit("loaders.py: %s: %s" % (argv[2], e))
    elif len(argv) >= 3 and argv[1] == "check":
        try:
            check(argv[2], argv[3:])
        except Bad as e:
            sys.exit("loaders.py: %s: %s" % (argv[2], e))
    else:
        sys.exit(__doc__.split("\n\n")[1])


if __name__ == "__main__":
    main(sys.argv)
