#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Seeded generator of initramfs images for the oracle.

  gen.py [--seed N] [--count C] [--jobs J] [--members] OUTDIR
  gen.py --list-features

Writes OUTDIR/gen-NNN.img and OUTDIR/gen-NNN.desc for NNN = 000 .. C-1
(default 320), and prints on stderr how many images exercise each feature.
The oracle boots pristine 6.12 and the project on every image (as the
initrd, after the built-in initramfs that holds /dev, /dev/console, /root
and /oracle-list) and compares the rootfs each leaves; the images are its
input, so what matters here is variety, not what any kernel makes of them.

An image is a sequence of segments, each uncompressed or compressed by a
host tool (gzip, bzip2, xz, lzma, lzop, lz4 legacy, zstd), separated by NUL
padding.  A segment holds one or more newc (070701) or crc (070702)
archives, with or without TRAILER!!!, NUL-padded inside the stream.  The
archives are filled by "ops", one function per feature: files of every
size, directories, symlinks, device nodes, fifos, sockets with odd modes,
owners and mtimes; hard-link groups with the data on any link; an entry
replaced by another of any type at the same path, in the same archive or a
later archive or segment.  About a quarter of the images are damaged on
top of that ("dmg-*" entry damage, "st-*" stream damage): truncation, bad
checksums, junk, odd name sizes, bad hex fields, ".." names, and so on.

The layout follows what init/initramfs.c of 6.12 parses, so that a damaged
member does not desynchronise the rest: the name takes N_ALIGN(namesize)
bytes after the 110-byte header and the data the filesize bytes after it,
with both numbers read from the header the way simple_strtoul() reads them
("0x" prefix skipped, digits up to the first non-hex byte).  An archive
that follows a compressed segment starts at a 4-byte aligned offset of the
image (6.12 looks for "0" only there), a segment that follows an
uncompressed archive too (6.12 reports "broken padding" otherwise), and an
lz4 segment is followed by at least four NULs or the end (its decoder reads
the next four bytes as a chunk size) - unless the damage is precisely that
(st-pad-broken, st-unaligned-archive, st-junk-*).

Nothing ever touches what the built-in initramfs made: no name resolves to
/dev, /dev/console, /root, /oracle-list, "." or "/" (all names are built
from the top-level directories of TOPS and a vocabulary without those
words; ".." names and symlinks resolve inside them).

Every image is a function of (seed, index) alone: random.Random(seed * 1000
+ index) drives the choices, the compressors run with fixed options (gzip
-n; the mtime of the lzop header is zeroed and its checksum recomputed).
Image BIG_INDEX (319) is always the same kind of image: 65,537 hard-link
groups between two trailers (about 16 MB uncompressed, gzip), for the limit
of the project's link table; its .desc says so.  Images with index % 4 == 1
are the damaged ones, the first damage kind taken in turn so that 320
images show each about twice.

gen-NNN.desc: the image's random seed, its damage kinds, its features
(names as --list-features lists them), then one line per segment (offset,
method, sizes, and per archive its format, member count, trailer and what
the ops put there), the NUL padding and junk between segments, and a line
per damage saying where it is.

gen-NNN.members (with --members; the images stay the same): every member
of the image in archive order, one tab-separated line each: segment index
and compression, archive index, offset in the segment's decompressed
stream, magic, name (as in the archive, without the lister's leading '/',
bytes outside printable ASCII and the backslash as \\xHH, as the lister
writes paths), type, mode (octal), uid, gid, nlink, ino, dev and rdev
(major:minor), filesize, mtime, the op that wrote it, its damage ("-" if
none) and a symlink's target.  Values are those 6.12 reads (simple_strtoul
per field, the name up to its first NUL); the damage column says where
that differs from what was meant, or where a strict reader stops (non-hex
fields, namesize, padding, checksum, out-of-range rdev, odd names, members
cut or lost by truncation, remarks of the damage ops).  Trailers are
members of type TRAILER; "pad" lines are NULs inside a stream, "junk"
lines junk in it; "#" lines head segments, archives and ops (with their
notes) and tell what lies between segments.
"""

import argparse
import concurrent.futures
import os
import random
import re
import stat
import subprocess
import sys
import time
import zlib

PATH_MAX = 4096
BIG_INDEX = 319
BIG_GROUPS = 65537

S_IFREG, S_IFDIR, S_IFLNK = stat.S_IFREG, stat.S_IFDIR, stat.S_IFLNK
S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK = (stat.S_IFCHR, stat.S_IFBLK,
                                       stat.S_IFIFO, stat.S_IFSOCK)
TYPES = ("file", "dir", "symlink", "chr", "blk", "fifo", "sock")
IFMT = {"file": S_IFREG, "dir": S_IFDIR, "symlink": S_IFLNK, "chr": S_IFCHR,
        "blk": S_IFBLK, "fifo": S_IFIFO, "sock": S_IFSOCK}

# Top-level directories of the images, and the words names are made of:
# none of them is (or, with a counter appended, can be) dev, root,
# oracle-list or console.
TOPS = (b"g", b"h", b"x", b"k", b"w", b"data", b"t")
WORDS = (b"a", b"b", b"file", b"conf", b"lib", b"bin", b"etc", b"usr", b"n",
         b"node", b"link", b"sub", b"tmp", b"var", b"opt", b"e", b"img")
ODD_WORDS = (b"sp ace", b"tab\there", b"new\nline", b"back\\slash",
             "\u00fctf-8 \u2603".encode(), b"\xff\xfe raw", b"-dash",
             b"star*?", b"quote'\"", b"semi;colon", b"~tilde", b"#hash",
             b" lead", b"trail ", b"dot.")

# ------------------------------------------------------------ features

GROUPS = {
    "entry": "entry types and attributes",
    "link": "hard links",
    "repl": "replacement at the same path",
    "layout": "segments, archives, trailers, padding",
    "comp": "compression",
    "dmg": "entry damage (near-valid members)",
    "st": "stream damage",
}

FEATURES = {
    # entries
    "file-empty": "regular file of size 0",
    "file-small": "regular file of 1..200 bytes",
    "file-unaligned": "regular file whose size is not a multiple of 4",
    "file-page": "regular file of exactly 4096 bytes",
    "file-large": "regular file above 4 KiB",
    "file-big": "regular file of 1..8 MB",
    "dir": "directory",
    "dir-1777": "directory mode 1777",
    "dir-0700": "directory mode 0700",
    "dir-0000": "directory mode 0000",
    "dir-setgid": "directory with the setgid bit",
    "dir-nonempty": "directory with members below it",
    "symlink-rel": "symlink, relative target that exists",
    "symlink-abs": "symlink, absolute target that exists",
    "symlink-dangling": "symlink, target that does not exist",
    "symlink-long": "symlink, target of 1000..4095 bytes",
    "symlink-dir": "symlink to a directory",
    "chr-small": "character device, small major/minor",
    "chr-large": "character device, major up to 4095 / minor up to 2^20-1",
    "blk-small": "block device, small major/minor",
    "blk-large": "block device, major up to 4095 / minor up to 2^20-1",
    "fifo": "fifo",
    "sock": "socket",
    "mode-setuid": "setuid bit",
    "mode-setgid": "setgid bit on a non-directory",
    "mode-sticky": "sticky bit on a non-directory",
    "mode-0000": "non-directory with mode 0000",
    "uid-nonzero": "uid or gid other than 0",
    "uid-large": "uid or gid above 65535",
    "mtime-zero": "mtime 0",
    "mtime-recent": "mtime in 2020..2025",
    "mtime-max": "mtime 2^32-1",
    "mtime-future": "mtime after 2030 (incl. 2^31)",
    "name-odd-bytes": "names with spaces, tabs, newlines, backslashes, UTF-8, raw bytes",
    "name-long": "name of 3000..4095 bytes in directories of long names",
    "name-extra-nuls": "NULs after the name inside namesize",
    "name-align-4k": "extra NULs that put the data on a 4 KiB boundary",
    "hex-lowercase": "header fields in lowercase hex digits",
    "node-dev-fields": "non-zero c_maj/c_min on members",
    # hard links
    "hl-data-first": "hard-link group, data on the first link",
    "hl-data-middle": "hard-link group, data on a middle link",
    "hl-data-last": "hard-link group, data on the last link",
    "hl-data-several": "hard-link group, data on several links",
    "hl-data-missing": "hard-link group without any data-bearing entry",
    "hl-attrs-differ": "hard-link group whose links differ in mode/owner/mtime",
    "hl-nodes": "hard-linked fifo/socket/device nodes",
    "hl-across-trailer": "same (dev, ino) before and after a TRAILER!!!",
    "hl-across-archive": "same (dev, ino) in two archives without trailer between",
    "hl-across-segment": "same (dev, ino) in two segments without trailer between",
    "hl-same-ino-other-dev": "same ino, different c_maj/c_min",
    "hl-same-ino-other-type": "same ino and dev, different file type",
    "hl-nlink-mismatch": "nlink that does not match the number of links",
    "hl-first-fails": "first link cannot be created (missing parent)",
    "hl-overwrite-plain": "hard-linked path overwritten by a plain file",
    # replacement
    "repl-same-archive": "replacement within one archive",
    "repl-next-archive": "replacement in a later archive of the segment",
    "repl-next-segment": "replacement in a later segment",
    "repl-nonempty-dir": "non-empty directory replaced by a non-directory",
    "repl-dir-twice": "directory listed twice (mode, owner, mtime)",
    # layout
    "seg-1": "one segment",
    "seg-2-3": "two or three segments",
    "seg-4+": "four or more segments",
    "arc-several": "several archives in one segment",
    "arc-no-trailer": "archive without TRAILER!!! followed by another archive",
    "arc-no-trailer-end": "image ending without TRAILER!!!",
    "fmt-crc": "crc (070702) archive with right checksums",
    "fmt-mixed": "newc and crc members in one archive",
    "pad-0": "no padding between segments",
    "pad-4": "4 NULs between segments",
    "pad-odd": "odd NUL padding (1, 3, 5, 7 ..) between compressed segments",
    "pad-512": "512 NULs between segments",
    "pad-4096": "4096 or more NULs between segments",
    "pad-inner": "NULs between archives or members inside a stream",
    "pad-trailing": "NULs after the last segment",
    "empty-archive": "archive holding only TRAILER!!!",
    # compression
    "comp-none": "uncompressed segment",
    "comp-gzip": "gzip segment",
    "comp-bzip2": "bzip2 segment",
    "comp-lzma": "lzma segment",
    "comp-xz": "xz segment, crc32 check",
    "comp-xz-nocheck": "xz segment, no check",
    "comp-lzo": "lzop segment",
    "comp-lz4": "lz4 legacy segment",
    "comp-zstd": "zstd segment",
    "comp-zstd-nocheck": "zstd segment without content checksum",
    "comp-lz4-merged": "two lz4 segments back to back (one decoder run)",
    "comp-gzip-multi": "two gzip segments back to back",
    "comp-mixed": "compressed and uncompressed segments in one image",
    "big-links": "more than 65,536 hard-link groups between trailers",
    # entry damage
    "dmg-bad-checksum": "crc member whose checksum is wrong",
    "dmg-namesize-big": "namesize beyond the NUL (non-NUL byte at namesize-1)",
    "dmg-namesize-small": "namesize that cuts the name",
    "dmg-namesize-zero": "namesize 0",
    "dmg-name-no-nul": "name without its terminating NUL",
    "dmg-name-inner-nul": "NUL in the middle of a name",
    "dmg-name-too-long": "name above PATH_MAX followed by a normal member",
    "dmg-uid-max": "uid/gid 0xffffffff",
    "dmg-dev-big": "rdev major >= 4096 or minor >= 2^20",
    "dmg-hex-0x": "0x prefix in a header field",
    "dmg-hex-invalid": "non-hex bytes in a header field",
    "dmg-mode-high": "mode field above 16 bits",
    "dmg-dotdot": "name with .. components resolving inside the images' dirs",
    "dmg-escape": "name starting with ../",
    "dmg-absolute": "absolute names (/g/x, //g/x, ./g/x)",
    "dmg-trailing-slash": "names ending in /",
    "dmg-empty-component": "names with // inside",
    "dmg-size-nonreg": "non-zero filesize on a directory or node",
    "dmg-symlink-size0": "symlink with filesize 0",
    "dmg-symlink-huge": "symlink with filesize PATH_MAX or above",
    "dmg-orphan": "member whose parent directory does not exist",
    "dmg-under-file": "member below a regular file",
    "dmg-symlink-parent": "member whose parent path goes through a symlink",
    "dmg-pad-nonzero": "non-NUL bytes in name or data padding",
    "dmg-unknown-type": "mode with an unknown file type (or type 0)",
    "dmg-old-magic": "070707 (odc) header",
    "dmg-bad-magic": "header with a wrong magic",
    "dmg-trailer-data": "TRAILER!!! with a non-zero filesize",
    "dmg-hl-repeat": "the same hard-linked name twice in a group",
    "dmg-skip-straddle": "skipped member whose header straddles a decoder output chunk",
    # stream damage
    "st-trunc-header": "image cut inside a header",
    "st-trunc-name": "image cut inside a name",
    "st-trunc-data": "image cut inside file data",
    "st-trunc-compressed": "compressed stream cut",
    "st-trunc-in-compressed": "complete compressed stream of a cut archive",
    "st-junk-between": "junk between segments",
    "st-junk-after": "junk after the last segment",
    "st-junk-digit": "junk starting with '0' where a header may start",
    "st-junk-in-compressed": "junk after the archive inside a compressed stream",
    "st-pad-broken": "NUL padding that leaves the next member unaligned",
    "st-unaligned-archive": "uncompressed archive at an unaligned offset",
    "st-xz-check": "xz with a crc64 or sha256 check",
}
for _a in TYPES:
    for _b in TYPES:
        FEATURES["repl:%s>%s" % (_a, _b)] = "%s replaced by %s" % (_a, _b)


def group_of(feature):
    if feature.startswith("repl:"):
        return "repl"
    head = feature.split("-")[0]
    return {"dmg": "dmg", "st": "st", "comp": "comp", "hl": "link",
            "repl": "repl", "seg": "layout", "arc": "layout", "fmt": "layout",
            "pad": "layout", "empty": "layout", "big": "comp"}.get(head, "entry")


# ------------------------------------------------------------ newc writer

FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
          "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check")
HEXVAL = {c: int(chr(c), 16) for c in b"0123456789abcdefABCDEF"}


def n_align(n):
    """Bytes the kernel takes for a name of n (namesize) after the header."""
    return ((n + 1) & ~3) + 2


def kparse(raw):
    """A header field as parse_header() of 6.12 reads it: simple_strtoul()
    on the 8 bytes, base 16 ("0x" skipped, stops at the first non-hex)."""
    s = raw.split(b"\0", 1)[0]
    if s[:1] == b"0" and s[1:2] in (b"x", b"X"):
        s = s[2:]
    v = 0
    for c in s:
        d = HEXVAL.get(c)
        if d is None:
            break
        v = v * 16 + d
    return v


class Newc:
    """A newc/crc archive in memory.

    member() lays out a member the way the kernel will read it back: the
    name region is N_ALIGN(namesize) bytes and the data filesize bytes, both
    as parsed from the (possibly corrupted) header.  Keyword options corrupt
    it: any field by value (namesize=, filesize=, check=), any field as raw
    bytes (raw={"mode": b"0x0041ed"}), the magic, the bytes of the name
    region (name_bytes=) and the byte used for padding (fill=).  note= is
    a remark for the --members listing (damage a header cannot show).

    log records, for --members, every member (its header offset, the name
    meant, the data length meant, the note and the fill byte), every run
    of NULs put in by pad() and markers of the ops that wrote them.
    """

    def __init__(self, crc=False, lower=False):
        self.crc = crc
        self.lower = lower
        self.buf = bytearray()
        self.count = 0          # members, trailer excluded
        self.members = []       # (header, name, data, end) offsets of each
        self.log = []           # ("m", hdr, name, len(data), note, fill),
                                # ("pad", offset, n), ["op", label, notes]

    def member(self, name, mode, data=b"", *, ino=0, uid=0, gid=0, nlink=1,
               mtime=0, maj=0, mn=0, rmaj=0, rmin=0, filesize=None,
               namesize=None, check=None, raw=None, magic=None,
               name_bytes=None, fill=b"\0", note=None):
        if magic is None:
            magic = b"070702" if self.crc else b"070701"
        if name_bytes is None:
            name_bytes = name + b"\0"
        if namesize is None:
            namesize = len(name) + 1
        if filesize is None:
            filesize = len(data)
        if check is None:
            check = sum(data) & 0xffffffff if magic == b"070702" else 0
        vals = (ino, mode, uid, gid, nlink, mtime, filesize, maj, mn, rmaj,
                rmin, namesize, check)
        fmt = b"%08x" if self.lower else b"%08X"
        fields = [fmt % (v & 0xffffffff) for v in vals]
        for key, value in (raw or {}).items():
            assert len(value) == 8, (key, value)
            fields[FIELDS.index(key)] = value
        knamesize = kparse(fields[11])
        kfilesize = kparse(fields[6])
        hdr = len(self.buf)
        self.buf += magic + b"".join(fields)
        region = n_align(knamesize)
        self.buf += name_bytes[:region].ljust(region, fill)
        body = len(self.buf)
        self.buf += data[:kfilesize].ljust(kfilesize, b"\0")
        end = len(self.buf)
        while len(self.buf) % 4:
            self.buf += fill
        self.count += 1
        self.members.append((hdr, hdr + 110, body, end))
        self.log.append(("m", hdr, name, len(data), note, fill))

    def trailer(self, **kw):
        count, members = self.count, list(self.members)
        self.log.append(["op", "trailer", []])
        self.member(b"TRAILER!!!", 0, nlink=1, **kw)
        self.count, self.members = count, members

    def pad(self, n):
        self.log.append(("pad", len(self.buf), n))
        self.buf += b"\0" * n


# ------------------------------------------------------------ compression

def lzop_zero_mtime(out):
    """lzop stores the time of compression: zero it, fix the header sum."""
    b = bytearray(out)
    p = 9
    version = int.from_bytes(b[p:p + 2], "big")
    p += 4
    if version >= 0x0940:
        p += 2
    p += 1
    if version >= 0x0940:
        p += 1
    flags = int.from_bytes(b[p:p + 4], "big")
    p += 4
    if flags & 0x800:           # F_H_FILTER
        p += 4
    p += 4                      # mode
    mtime = p
    p += 8 if version >= 0x0940 else 4
    b[mtime:p] = bytes(p - mtime)
    p += 1 + b[p]               # name
    if flags & 0x1000:          # F_H_CRC32
        s = zlib.crc32(bytes(b[9:p]))
    else:
        s = zlib.adler32(bytes(b[9:p]))
    b[p:p + 4] = s.to_bytes(4, "big")
    return bytes(b)


def compressor(method, level, opt):
    if method == "gzip":
        return ["gzip", "-n", "-c", "-%d" % level]
    if method == "bzip2":
        return ["bzip2", "-c", "-%d" % level]
    if method == "xz":
        return ["xz", "-c", "-T1", "-%d" % level, "--check=" + opt]
    if method == "lzma":
        return ["xz", "-c", "-T1", "--format=lzma", "-%d" % level]
    if method == "lzo":
        return ["lzop", "-c", "-%d" % level]
    if method == "lz4":
        return ["lz4", "-l", "-c", "-q", "-%d" % level]
    if method == "zstd":
        return ["zstd", "-c", "-q", "-T1", "-%d" % level] + \
            (["--no-check"] if opt == "nocheck" else ["--check"])
    raise ValueError(method)


def compress(method, level, opt, data):
    out = subprocess.run(compressor(method, level, opt), input=bytes(data),
                         stdout=subprocess.PIPE, check=True).stdout
    if method == "lzo":
        out = lzop_zero_mtime(out)
    return out


# ------------------------------------------------------------ image plan

class Archive:
    def __init__(self, trailer, crc, lower):
        self.trailer = trailer
        self.w = Newc(crc=crc, lower=lower)
        self.notes = []
        self.pad_after = 0      # NULs after it, inside the segment's stream


class Segment:
    def __init__(self, method, level, opt, archives):
        self.method, self.level, self.opt = method, level, opt
        self.archives = archives
        self.stream = b""       # uncompressed
        self.blob = b""         # as written to the image
        self.glue = False       # no NULs between it and the next segment
        self.start = 0          # offset in the image
        # for --members: stream damage and what follows in the image
        self.cut = None         # (offset, length) where the stream was cut
        self.blob_cut = None    # offset where the compressed blob was cut
        self.junk = None        # (offset, bytes) of junk at the stream's end
        self.after = []         # NULs and junk after it in the image

    def label(self):
        if self.method == "none":
            return "none"
        if self.method in ("xz", "zstd"):
            return "%s-%d-%s" % (self.method, self.level, self.opt)
        return "%s-%d" % (self.method, self.level)


METHODS = (("none", 32), ("gzip", 14), ("xz", 12), ("zstd", 11),
           ("bzip2", 8), ("lzma", 8), ("lzo", 8), ("lz4", 7))


def wchoice(rng, pairs):
    total = sum(w for _, w in pairs)
    r = rng.random() * total
    for item, w in pairs:
        r -= w
        if r < 0:
            return item
    return pairs[-1][0]


def pick_method(rng, method=None):
    if method is None:
        method = wchoice(rng, METHODS)
    opt = ""
    if method == "gzip":
        level = rng.choice((1, 6, 6, 9))
    elif method == "bzip2":
        level = rng.choice((1, 5, 9))
    elif method == "xz":
        level = rng.choice((0, 1, 3, 6))
        opt = "crc32" if rng.random() < 0.85 else "none"
    elif method == "lzma":
        level = rng.choice((0, 1, 3, 6))
    elif method == "lzo":
        level = rng.choice((1, 3, 9))
    elif method == "lz4":
        level = rng.choice((1, 9))
    elif method == "zstd":
        level = rng.choice((1, 3, 3, 9, 19))
        opt = "check" if rng.random() < 0.7 else "nocheck"
    else:
        level = 0
    return method, level, opt


def plan_layout(rng):
    nseg = wchoice(rng, ((1, 25), (2, 30), (3, 25), (4, 12), (5, 5), (6, 3)))
    segs = []
    for _ in range(nseg):
        narc = wchoice(rng, ((1, 62), (2, 28), (3, 10)))
        archives = [Archive(trailer=rng.random() < 0.85,
                            crc=rng.random() < 0.2,
                            lower=rng.random() < 0.1) for _ in range(narc)]
        segs.append(Segment(*pick_method(rng), archives))
    # sometimes two segments of one method back to back, no NUL between:
    # two gzip members, or two lz4 streams the kernel decodes as one
    if rng.random() < 0.08:
        i = rng.randrange(len(segs))
        method = rng.choice(("lz4", "lz4", "gzip", "zstd", "xz", "bzip2"))
        segs[i].method, segs[i].level, segs[i].opt = pick_method(rng, method)
        segs[i].glue = True
        segs.insert(i + 1, Segment(*pick_method(rng, method), [Archive(True, False, False)]))
    return segs


# ------------------------------------------------------------ context

class Ctx:
    """What the generator knows of the image being made: the paths it
    believes exist (a rough model; the kernels decide), counters, the
    features used, and follow-ups due in a later archive or segment."""

    def __init__(self, rng, tops, odd):
        self.rng = rng
        self.odd = odd
        self.kinds = {}
        self.dirs = []
        self.tops = tops
        self.n = 0
        self.ino = rng.randrange(2, 4096) * 16
        self.features = set()
        self.later_archive = []
        self.later_segment = []
        self.seg = self.arc = None
        self.seg_index = self.arc_index = 0
        self.next_archive = self.next_segment = False
        self.stream_off = 0     # offset of the archive in its stream

    # -- bookkeeping
    def f(self, *names):
        for name in names:
            assert name in FEATURES, name
            self.features.add(name)

    def note(self, text):
        self.arc.notes.append(text)

    def later(self, scope, fn):
        (self.later_archive if scope == "archive" else self.later_segment).append(fn)

    def new_ino(self):
        self.ino += self.rng.randrange(1, 40)
        return self.ino

    def made(self, path, kind):
        self.kinds[path] = kind
        if kind == "dir":
            if path not in self.dirs:
                self.dirs.append(path)
        elif path in self.dirs:
            self.dirs.remove(path)

    def paths_of(self, *kinds):
        return [p for p, k in self.kinds.items() if k in kinds]

    # -- names
    def word(self, odd=None):
        self.n += 1
        if odd is None:
            odd = self.odd and self.rng.random() < 0.35
        if odd:
            self.f("name-odd-bytes")
            return self.rng.choice(ODD_WORDS) + b"%d" % self.n
        return self.rng.choice(WORDS) + b"%d" % self.n

    def parent(self):
        if not self.dirs:
            return self.rng.choice(self.tops)
        return self.rng.choice(self.dirs)

    def new_path(self, parent=None, odd=None):
        return (parent or self.parent()) + b"/" + self.word(odd)

    # -- attributes
    def owner(self):
        r = self.rng
        if r.random() < 0.6:
            return 0, 0
        ids = (0, 1, 2, 100, 1000, 1000, 65534, 65535, 65536, 123456,
               0x7fffffff, 0xfffffffe)
        uid, gid = r.choice(ids), r.choice(ids)
        if uid or gid:
            self.f("uid-nonzero")
        if uid > 65535 or gid > 65535:
            self.f("uid-large")
        return uid, gid

    def mtime(self):
        r = self.rng
        kind = wchoice(r, (("recent", 70), ("zero", 8), ("max", 6),
                           ("future", 10), ("old", 6)))
        if kind == "recent":
            self.f("mtime-recent")
            return r.randrange(1577836800, 1767225600)
        if kind == "zero":
            self.f("mtime-zero")
            return 0
        if kind == "max":
            self.f("mtime-max")
            return 0xffffffff
        if kind == "future":
            self.f("mtime-future")
            return r.choice((0x7fffffff, 0x80000000, r.randrange(1900000000, 4000000000)))
        return r.randrange(1, 1000000000)

    def perm(self, kind):
        r = self.rng
        if kind == "dir":
            m = r.choice((0o755, 0o755, 0o755, 0o700, 0o1777, 0o000, 0o2775,
                          0o2755, 0o555, 0o777, 0o3777, 0o4755))
            self.f("dir")
            if m == 0o1777:
                self.f("dir-1777")
            if m == 0o700:
                self.f("dir-0700")
            if m == 0:
                self.f("dir-0000")
            if m & 0o2000:
                self.f("dir-setgid")
            return m
        m = r.choice((0o644, 0o644, 0o755, 0o600, 0o444, 0o000, 0o777, 0o4755,
                      0o2755, 0o6755, 0o1644, 0o2644, 0o4000, 0o640))
        if kind == "symlink":
            return 0o777
        if m & 0o4000:
            self.f("mode-setuid")
        if m & 0o2000:
            self.f("mode-setgid")
        if m & 0o1000:
            self.f("mode-sticky")
        if m == 0:
            self.f("mode-0000")
        return m

    def attrs(self, kind):
        uid, gid = self.owner()
        kw = dict(ino=self.new_ino(), uid=uid, gid=gid, mtime=self.mtime(),
                  nlink=2 if kind == "dir" else 1)
        if self.rng.random() < 0.05:
            kw.update(maj=self.rng.choice((8, 253, 0xfff)),
                      mn=self.rng.choice((1, 3, 0xfffff)))
            self.f("node-dev-fields")
        return kw

    # -- contents
    def data(self, kind=None):
        r = self.rng
        if kind is None:
            kind = wchoice(r, (("empty", 12), ("small", 40), ("unaligned", 22),
                               ("page", 4), ("large", 20), ("xl", 2)))
        n = {"empty": 0, "small": r.randrange(1, 201),
             "unaligned": r.randrange(201, 4096), "page": 4096,
             "large": r.randrange(4097, 65536),
             "xl": r.randrange(65536, 300000)}[kind]
        if n == 0:
            self.f("file-empty")
        elif n <= 200:
            self.f("file-small")
        elif n == 4096:
            self.f("file-page")
        elif n > 4096:
            self.f("file-large")
        if n % 4:
            self.f("file-unaligned")
        return self.content(n)

    def content(self, n):
        r = self.rng
        if n == 0:
            return b""
        style = r.random()
        if style < 0.4:
            return r.randbytes(n)
        if style < 0.8:
            line = b"line %d of %s\n" % (r.randrange(1 << 30), self.word(False))
            return (line * (n // len(line) + 1))[:n]
        unit = r.randbytes(r.randrange(1, 512))
        return (unit * (n // len(unit) + 1))[:n]

    def target(self, link_path, kind=None):
        """A symlink target for a symlink at link_path (never a path of
        the built-in initramfs)."""
        r = self.rng
        if kind is None:
            kind = r.choice(("rel", "abs", "dangling", "dangling", "long", "dir"))
        existing = [p for p in self.kinds if p != link_path]
        if kind in ("rel", "abs", "dir") and existing:
            if kind == "dir" and self.dirs:
                dest = r.choice(self.dirs)
                self.f("symlink-dir")
            else:
                dest = r.choice(existing)
            if kind == "abs" or (kind == "dir" and r.random() < 0.5):
                self.f("symlink-abs")
                return b"/" + dest
            self.f("symlink-rel")
            depth = link_path.count(b"/")
            return b"../" * depth + dest
        if kind == "long":
            self.f("symlink-long")
            n = r.randrange(1000, 4096)
            parts = []
            while sum(len(p) + 1 for p in parts) < n:
                parts.append(self.word(False) * r.randrange(1, 20))
            t = (b"/".join(parts))[:n]
            return t.rstrip(b"/") or b"x"
        self.f("symlink-dangling")
        return r.choice((b"missing", b"/nonexistent/", b"../nowhere/x",
                         b"no such", b"a/b/c/d/e/f")) + b"%d" % self.new_ino()

    def rdev(self, kind):
        r = self.rng
        if r.random() < 0.6:
            self.f(kind + "-small")
            return r.choice(((1, 3), (8, 0), (4, 64), (0, 0), (254, 1), (10, 200)))
        self.f(kind + "-large")
        return r.choice(((4095, 0xfffff), (4095, 0), (0, 0xfffff), (256, 256),
                         (r.randrange(256, 4096), r.randrange(256, 1 << 20))))


# ------------------------------------------------------------ emitting entries

def emit(ctx, w, path, kind, nonempty=False, **over):
    """One member of type kind at path, random attributes; nonempty puts
    a file (and maybe a subdirectory) below a directory."""
    kw = ctx.attrs(kind)
    kw.update(over)
    mode = IFMT[kind] | ctx.perm(kind)
    data = b""
    if kind == "file":
        data = ctx.data()
    elif kind == "symlink":
        data = ctx.target(path)
    elif kind in ("chr", "blk"):
        kw["rmaj"], kw["rmin"] = ctx.rdev(kind)
    elif kind in ("fifo", "sock"):
        ctx.f(kind)
    if "data" in over:
        data = kw.pop("data")
    if "mode" in over:
        mode = kw.pop("mode")
    w.member(path, mode, data, **kw)
    ctx.made(path, kind)
    if kind == "dir" and nonempty:
        ctx.f("dir-nonempty")
        child = ctx.new_path(path)
        emit(ctx, w, child, "file")
        if ctx.rng.random() < 0.3:
            sub = ctx.new_path(path)
            emit(ctx, w, sub, "dir")
            emit(ctx, w, ctx.new_path(sub), ctx.rng.choice(("file", "fifo", "symlink")))


SHOW = ["\\x%02x" % c if not 0x20 <= c < 0x7f or c == 0x5c else chr(c)
        for c in range(256)]


def show(b, limit=60):
    """Bytes for a .desc line: printable ASCII kept, the rest (and the
    backslash) as \\xHH, as the lister escapes paths; cut beyond limit
    characters unless limit is 0."""
    s = "".join([SHOW[c] for c in b])
    return s if not limit or len(s) <= limit else s[:40] + "...(%d bytes)" % len(b)


# ------------------------------------------------------------ valid ops

def op_files(ctx, w):
    for _ in range(ctx.rng.randrange(1, 6)):
        emit(ctx, w, ctx.new_path(), "file")
    ctx.note("files")


def op_dirs(ctx, w):
    for _ in range(ctx.rng.randrange(1, 3)):
        p = ctx.new_path()
        emit(ctx, w, p, "dir", nonempty=ctx.rng.random() < 0.5)
    ctx.note("dirs")


def op_symlinks(ctx, w):
    for _ in range(ctx.rng.randrange(1, 4)):
        emit(ctx, w, ctx.new_path(), "symlink")
    ctx.note("symlinks")


def op_nodes(ctx, w):
    for _ in range(ctx.rng.randrange(1, 4)):
        emit(ctx, w, ctx.new_path(), ctx.rng.choice(("chr", "blk", "fifo", "sock")))
    ctx.note("nodes")


def link_group(ctx, w, n, where, ino=None, maj=0, mn=0, paths=None, kind="file"):
    """A hard-link group of n regular files (or nodes) with the data on
    the links of where ("first", "middle", "last", "several", "none")."""
    r = ctx.rng
    ino = ino if ino is not None else ctx.new_ino()
    paths = paths or [ctx.new_path() for _ in range(n)]
    uid, gid = ctx.owner()
    perm = ctx.perm(kind)
    mtime = ctx.mtime()
    if where == "first":
        carriers = {0}
    elif where == "middle":
        carriers = {r.randrange(1, n - 1)}
    elif where == "last":
        carriers = {n - 1}
    elif where == "several":
        carriers = set(r.sample(range(n), r.randrange(2, n + 1)))
    else:
        carriers = set()
    rdev = ctx.rdev(kind) if kind in ("chr", "blk") else (0, 0)
    differ = r.random() < 0.2
    for i, p in enumerate(paths):
        data = ctx.data(r.choice(("small", "unaligned", "large"))) \
            if kind == "file" and i in carriers else b""
        if differ and i:
            uid, gid = ctx.owner()
            perm = ctx.perm(kind)
            mtime = ctx.mtime()
            ctx.f("hl-attrs-differ")
        w.member(p, IFMT[kind] | perm, data, ino=ino, nlink=n, uid=uid,
                 gid=gid, mtime=mtime, maj=maj, mn=mn, rmaj=rdev[0], rmin=rdev[1])
        ctx.made(p, kind)
    return ino, paths


def op_hardlinks(ctx, w):
    r = ctx.rng
    n = r.choice((2, 2, 3, 3, 4))
    where = r.choice(("first", "last", "last", "several", "none") +
                     (("middle", "middle") if n > 2 else ()))
    ctx.f({"first": "hl-data-first", "middle": "hl-data-middle",
           "last": "hl-data-last", "several": "hl-data-several",
           "none": "hl-data-missing"}[where])
    ino, paths = link_group(ctx, w, n, where)
    ctx.note("links ino %d x%d data %s" % (ino, n, where))


def op_hl_nodes(ctx, w):
    kind = ctx.rng.choice(("fifo", "sock", "chr", "blk"))
    ctx.f("hl-nodes")
    ino, _ = link_group(ctx, w, ctx.rng.choice((2, 3)), "none", kind=kind)
    ctx.note("linked %s ino %d" % (kind, ino))


def op_hl_oddities(ctx, w):
    r = ctx.rng
    what = r.choice(("other-dev", "other-type", "nlink", "overwrite", "first-fails"))
    if what == "other-dev":
        ino = ctx.new_ino()
        link_group(ctx, w, 2, "last", ino=ino)
        link_group(ctx, w, 2, "first", ino=ino, maj=r.choice((1, 8)), mn=r.choice((0, 1)))
        ctx.f("hl-same-ino-other-dev")
    elif what == "other-type":
        ino = ctx.new_ino()
        link_group(ctx, w, 2, "first", ino=ino)
        link_group(ctx, w, 2, "none", ino=ino, kind=r.choice(("fifo", "chr")))
        ctx.f("hl-same-ino-other-type")
    elif what == "nlink":
        ino = ctx.new_ino()
        paths = [ctx.new_path() for _ in range(3)]
        nl = r.choice(((5, 5, 5), (1, 2, 2), (2, 1, 2), (3, 3, 1)))
        for p, k in zip(paths, nl):
            w.member(p, S_IFREG | 0o644, ctx.data("small") if r.random() < 0.5 else b"",
                     ino=ino, nlink=k, mtime=ctx.mtime())
            ctx.made(p, "file")
        ctx.f("hl-nlink-mismatch")
    elif what == "overwrite":
        ino, paths = link_group(ctx, w, 2, "first")
        emit(ctx, w, paths[r.randrange(2)], "file", data=ctx.data("small"),
             note="plain file over a link of ino %d" % ino)
        ctx.f("hl-overwrite-plain")
    else:
        ino = ctx.new_ino()
        missing = ctx.parent() + b"/absent%d" % ctx.new_ino()
        paths = [missing + b"/" + ctx.word(False)] + [ctx.new_path() for _ in range(2)]
        link_group(ctx, w, 3, "last", ino=ino, paths=paths)
        w.log[-3] = w.log[-3][:4] + ("first link, parent %s absent" % show(missing, 0),
                                     w.log[-3][5])
        ctx.f("hl-first-fails")
    ctx.note("link oddity %s" % what)


def op_hl_cross(ctx, w):
    """A link group split over this archive and the next one (or the next
    segment): one group if no trailer is in between, two files if one is."""
    r = ctx.rng
    scope = "segment" if ctx.next_segment and (not ctx.next_archive or r.random() < 0.4) \
        else "archive"
    if scope == "archive" and not ctx.next_archive:
        return op_hardlinks(ctx, w)
    trailer = ctx.arc.trailer
    seg0 = ctx.seg_index
    ino = ctx.new_ino()
    where = r.choice(("first", "last", "both"))
    p1, p2 = ctx.new_path(), ctx.new_path()
    w.member(p1, S_IFREG | 0o644, ctx.data("small") if where != "last" else b"",
             ino=ino, nlink=2, mtime=ctx.mtime())
    ctx.made(p1, "file")

    def second(ctx2, w2):
        w2.member(p2, S_IFREG | 0o640, ctx2.data("small") if where != "first" else b"",
                  ino=ino, nlink=2, mtime=ctx2.mtime())
        ctx2.made(p2, "file")
        if trailer:
            ctx2.f("hl-across-trailer")
        elif ctx2.seg_index != seg0:
            ctx2.f("hl-across-segment")
        else:
            ctx2.f("hl-across-archive")
        ctx2.note("second link of ino %d (%s)" % (ino, "after a trailer" if trailer
                                                   else "no trailer between"))
    ctx.later(scope, second)
    ctx.note("first link of ino %d, second in the next %s" % (ino, scope))


def op_replace(ctx, w):
    r = ctx.rng
    a, b = r.choice(TYPES), r.choice(TYPES)
    scopes = ["same"]
    if ctx.next_archive:
        scopes.append("archive")
    if ctx.next_segment:
        scopes.append("segment")
    scope = r.choice(scopes)
    seg0 = ctx.seg_index
    path = ctx.new_path()
    nonempty = a == "dir" and r.random() < 0.4
    emit(ctx, w, path, a, nonempty=nonempty)

    def replace(ctx2, w2):
        emit(ctx2, w2, path, b)
        ctx2.f("repl:%s>%s" % (a, b),
               "repl-same-archive" if scope == "same" else
               "repl-next-segment" if ctx2.seg_index != seg0 else "repl-next-archive")
        if nonempty and b != "dir":
            ctx2.f("repl-nonempty-dir")
        if a == b == "dir":
            ctx2.f("repl-dir-twice")
        ctx2.note("%s %s replaced by %s" % (show(path), a, b))
    if scope == "same":
        if r.random() < 0.5:
            op_files(ctx, w)
        replace(ctx, w)
    else:
        ctx.later(scope, replace)
        ctx.note("%s %s, replaced in the next %s" % (show(path), a, scope))


def op_replace_existing(ctx, w):
    paths = [p for p in ctx.kinds if p not in ctx.tops]
    if not paths:
        return op_replace(ctx, w)
    path = ctx.rng.choice(paths)
    a, b = ctx.kinds[path], ctx.rng.choice(TYPES)
    emit(ctx, w, path, b)
    ctx.f("repl:%s>%s" % (a, b), "repl-same-archive")
    if a == b == "dir":
        ctx.f("repl-dir-twice")
    ctx.note("%s (%s) replaced by %s" % (show(path), a, b))


def op_name_nuls(ctx, w):
    """Extra NULs after the name, inside namesize; sometimes so many that
    the data starts on a 4 KiB boundary of the stream."""
    r = ctx.rng
    path = ctx.new_path()
    data = ctx.data(r.choice(("small", "large")))
    here = ctx.stream_off + len(w.buf)
    if r.random() < 0.5:
        target = (here + 110 + len(path) + 1 + 4095) // 4096 * 4096
        gap = target - here - 110
        if gap <= PATH_MAX:
            w.member(path, S_IFREG | 0o644, data, namesize=gap, mtime=ctx.mtime())
            ctx.made(path, "file")
            ctx.f("name-align-4k", "name-extra-nuls")
            ctx.note("%s data at stream offset %d" % (show(path), target))
            return
    extra = r.choice((1, 2, 3, 4, 7, 100))
    w.member(path, S_IFREG | 0o644, data, namesize=len(path) + 1 + extra, mtime=ctx.mtime())
    ctx.made(path, "file")
    ctx.f("name-extra-nuls")
    ctx.note("%s with %d extra NULs" % (show(path), extra))


def op_long_names(ctx, w):
    """Directories of 200..255-byte names down to a name of 3000..4095."""
    r = ctx.rng
    want = r.choice((r.randrange(3000, 4000), 4095, 4094))
    path = r.choice(ctx.tops)
    while len(path) < want - 300:
        comp = (ctx.word(False) + b"_" * 255)[:r.randrange(200, 256)]
        path = path + b"/" + comp
        w.member(path, S_IFDIR | 0o755, ino=ctx.new_ino(), nlink=2, mtime=ctx.mtime())
        ctx.made(path, "dir")
    rest = want - len(path) - 1
    while rest > 255:
        comp = (ctx.word(False) + b"-" * 255)[:min(rest - 1 - 1, 255)]
        path = path + b"/" + comp
        w.member(path, S_IFDIR | 0o700, ino=ctx.new_ino(), nlink=2)
        ctx.made(path, "dir")
        rest = want - len(path) - 1
    leaf = path + b"/" + (ctx.word(False) + b"." * 255)[:rest]
    kind = r.choice(("file", "symlink", "fifo"))
    emit(ctx, w, leaf, kind)
    ctx.f("name-long")
    ctx.note("%s of %d bytes" % (kind, len(leaf)))


def op_big_file(ctx, w):
    r = ctx.rng
    n = r.randrange(1 << 20, 8 << 20)
    unit = r.randbytes(r.randrange(1000, 5000))
    data = bytearray((unit * (n // len(unit) + 1))[:n])
    for _ in range(64):                 # a few changes, still compressible
        i = r.randrange(n)
        data[i] ^= 0x5a
    path = ctx.new_path()
    w.member(path, S_IFREG | 0o644, bytes(data), ino=ctx.new_ino(), mtime=ctx.mtime())
    ctx.made(path, "file")
    ctx.f("file-big", "file-large")
    ctx.note("%s of %d bytes" % (show(path), n))


def op_member_padding(ctx, w):
    w.pad(ctx.rng.choice((4, 8, 64, 512, 4096)))
    ctx.f("pad-inner")
    emit(ctx, w, ctx.new_path(), ctx.rng.choice(("file", "dir", "symlink")))
    ctx.note("NULs between members")


def op_mixed_magic(ctx, w):
    for _ in range(2):
        p = ctx.new_path()
        d = ctx.data("small")
        w.member(p, S_IFREG | 0o644, d, ino=ctx.new_ino(),
                 magic=b"070701" if w.crc else b"070702")
        ctx.made(p, "file")
    ctx.f("fmt-mixed")
    ctx.note("members of the other magic")


VALID_OPS = ((op_files, 12), (op_dirs, 6), (op_symlinks, 6), (op_nodes, 6),
             (op_hardlinks, 7), (op_hl_nodes, 2), (op_hl_oddities, 4),
             (op_hl_cross, 4), (op_replace, 14), (op_replace_existing, 5),
             (op_name_nuls, 1), (op_long_names, 1), (op_member_padding, 2),
             (op_mixed_magic, 1))


# ------------------------------------------------------------ entry damage

ENTRY_DAMAGE = {}


def entry_damage(fn):
    """Register fn as the entry damage "dmg-..." of its name; it counts as
    applied unless it returns False (it did something else instead)."""
    name = fn.__name__.replace("_", "-")

    def run(ctx, w):
        if fn(ctx, w) is not False:
            ctx.f(name)
    run.label = name
    ENTRY_DAMAGE[name] = run
    return fn


def some_file(ctx):
    files = ctx.paths_of("file")
    return ctx.rng.choice(files) if files else None


@entry_damage
def dmg_bad_checksum(ctx, w):
    p = ctx.new_path()
    d = ctx.data(ctx.rng.choice(("small", "large")))
    w.member(p, S_IFREG | 0o644, d, ino=ctx.new_ino(), magic=b"070702",
             check=(sum(d) + ctx.rng.choice((1, 0x100, 0x80000000))) & 0xffffffff)
    ctx.made(p, "file")
    ctx.note("bad checksum on %s" % show(p))


@entry_damage
def dmg_namesize_big(ctx, w):
    p = ctx.new_path()
    d = b"DATA" + ctx.data("small")
    extra = ctx.rng.randrange(1, 7)
    # the name region as a writer with a wrong namesize would leave it:
    # name, NUL, alignment NULs, then the data
    region = p + b"\0" * (n_align(len(p) + 1) - len(p)) + d
    w.member(p, S_IFREG | 0o644, b"", ino=ctx.new_ino(), namesize=len(p) + 1 + extra,
             name_bytes=region[:len(p) + extra] + b"X" + region[len(p) + extra + 1:],
             filesize=0)
    ctx.note("namesize %d for %s" % (len(p) + 1 + extra, show(p)))


@entry_damage
def dmg_namesize_small(ctx, w):
    p = ctx.new_path()
    cut = ctx.rng.randrange(1, len(p))
    w.member(p, S_IFREG | 0o644, ctx.data("small"), ino=ctx.new_ino(), namesize=cut)
    ctx.note("namesize %d for %s" % (cut, show(p)))


@entry_damage
def dmg_namesize_zero(ctx, w):
    p = ctx.new_path()
    w.member(p, S_IFREG | 0o644, ctx.data("small"), ino=ctx.new_ino(), namesize=0)
    emit(ctx, w, ctx.new_path(), "file", note="normal member after namesize 0")
    ctx.note("namesize 0, then a normal member")


@entry_damage
def dmg_name_no_nul(ctx, w):
    p = ctx.new_path()
    w.member(p, S_IFREG | 0o644, ctx.data("small"), ino=ctx.new_ino(),
             namesize=len(p), name_bytes=p, fill=b"\0")
    ctx.note("%s without NUL" % show(p))


@entry_damage
def dmg_name_inner_nul(ctx, w):
    p = ctx.new_path()
    full = p + b"\0" + ctx.word(False)
    w.member(full, S_IFREG | 0o644, ctx.data("small"), ino=ctx.new_ino())
    ctx.made(p, "file")
    ctx.note("NUL inside %s" % show(full))


@entry_damage
def dmg_name_too_long(ctx, w):
    r = ctx.rng
    n = r.choice((4096, 4097, r.randrange(4098, 6000)))
    p = ctx.parent()
    while len(p) < n:
        p += b"/" + (ctx.word(False) + b"z" * 200)[:r.randrange(50, 250)]
    p = p[:n]
    kind = r.choice(("file", "dir", "symlink"))
    data = ctx.data("small") if kind == "file" else (b"target" if kind == "symlink" else b"")
    w.member(p, IFMT[kind] | 0o755, data, ino=ctx.new_ino())
    emit(ctx, w, ctx.new_path(), "file", note="normal member after a too long name")
    ctx.note("%s name of %d bytes (namesize %d), then a normal member" % (kind, n, n + 1))


@entry_damage
def dmg_uid_max(ctx, w):
    for kind in ctx.rng.sample(("file", "dir", "symlink", "fifo"), 2):
        emit(ctx, w, ctx.new_path(), kind, uid=ctx.rng.choice((0xffffffff, 0)),
             gid=0xffffffff)
    ctx.note("uid/gid 0xffffffff")


@entry_damage
def dmg_dev_big(ctx, w):
    r = ctx.rng
    for _ in range(2):
        rmaj, rmin = r.choice(((4096, 1), (0xfff00, 5), (0xffffffff, 0xffffffff),
                               (1, 0x100000), (8, 0xfffffff), (4095, 0x1fffff)))
        p = ctx.new_path()
        w.member(p, r.choice((S_IFCHR, S_IFBLK)) | 0o600, ino=ctx.new_ino(),
                 rmaj=rmaj, rmin=rmin)
        ctx.made(p, "chr")
        ctx.note("%s rdev %x:%x" % (show(p), rmaj, rmin))


@entry_damage
def dmg_hex_0x(ctx, w):
    r = ctx.rng
    p = ctx.new_path()
    d = ctx.data("small")
    field = r.choice(("mode", "filesize", "uid", "mtime", "namesize", "ino", "nlink"))
    vals = {"mode": S_IFREG | 0o644, "filesize": len(d), "uid": 1000,
            "mtime": 0x123456, "namesize": len(p) + 1, "ino": ctx.new_ino() & 0xffffff,
            "nlink": 1}
    raw = {field: b"0x%06X" % vals[field]}
    if field == "uid":
        raw["gid"] = b"0X0003e8"
    w.member(p, S_IFREG | 0o644, d, uid=1000, gid=1000, mtime=0x123456, raw=raw)
    ctx.made(p, "file")
    ctx.note("0x in %s of %s" % (field, show(p)))


@entry_damage
def dmg_hex_invalid(ctx, w):
    r = ctx.rng
    p = ctx.new_path()
    d = ctx.data("small")
    field = r.choice(("uid", "gid", "mtime", "ino", "filesize", "mode", "check"))
    value = r.choice((b"0000001g", b"zzzzzzzz", b" 0000012", b"-0000001",
                      b"0000 001", b"+0000001", b"00000\x0012"))
    if field == "filesize":
        value = b"%07xg" % (len(d) >> 4)
    if field == "mode":
        value = b"000081a4"[:6] + b"q!"      # parses as 0x81 (a file type 0)
    w.member(p, S_IFREG | 0o644, d, ino=ctx.new_ino(), raw={field: value})
    ctx.made(p, "file")
    ctx.note("%s = %r in %s" % (field, value, show(p)))


@entry_damage
def dmg_mode_high(ctx, w):
    p = ctx.new_path()
    w.member(p, S_IFREG | 0o644 | ctx.rng.choice((0x10000, 0xfff0000)),
             ctx.data("small"), ino=ctx.new_ino())
    ctx.made(p, "file")
    ctx.note("mode above 16 bits on %s" % show(p))


@entry_damage
def dmg_dotdot(ctx, w):
    r = ctx.rng
    a, b = r.choice(ctx.dirs or list(ctx.tops)), r.choice(ctx.dirs or list(ctx.tops))
    up = b"/".join([b".."] * (a.count(b"/") + 1))
    name = a + b"/" + up + b"/" + b + b"/" + ctx.word()
    emit(ctx, w, name, r.choice(("file", "dir", "symlink")))
    name2 = a + b"/./" + ctx.word(False) + b"/../" + ctx.word(False)
    emit(ctx, w, name2, "file")
    ctx.note("names %s and %s" % (show(name), show(name2)))


@entry_damage
def dmg_escape(ctx, w):
    r = ctx.rng
    name = r.choice((b"../", b"../../", b"./../")) + b"escape%d" % ctx.new_ino()
    emit(ctx, w, name, r.choice(("file", "dir")))
    ctx.note("name %s" % show(name))


@entry_damage
def dmg_absolute(ctx, w):
    r = ctx.rng
    for prefix in r.sample((b"/", b"//", b"./", b"/./"), 2):
        name = prefix + ctx.new_path()
        emit(ctx, w, name, r.choice(("file", "dir", "symlink", "fifo")))
        ctx.note("name %s" % show(name))


@entry_damage
def dmg_trailing_slash(ctx, w):
    for kind in ctx.rng.sample(("dir", "file", "symlink", "fifo"), 2):
        name = ctx.new_path() + ctx.rng.choice((b"/", b"//"))
        emit(ctx, w, name, kind)
        ctx.note("%s %s" % (kind, show(name)))


@entry_damage
def dmg_empty_component(ctx, w):
    p = ctx.parent()
    name = p + b"//" + ctx.word()
    emit(ctx, w, name, ctx.rng.choice(("file", "dir")))
    name2 = p.replace(b"/", b"///") + b"/" + ctx.word()
    emit(ctx, w, name2, "file")
    ctx.note("names %s and %s" % (show(name), show(name2)))


@entry_damage
def dmg_size_nonreg(ctx, w):
    r = ctx.rng
    kind = r.choice(("dir", "chr", "blk", "fifo", "sock"))
    p = ctx.new_path() if r.random() < 0.6 else r.choice(list(ctx.kinds) or [ctx.new_path()])
    d = ctx.data(r.choice(("small", "unaligned")))
    w.member(p, IFMT[kind] | 0o755, d, ino=ctx.new_ino(), rmaj=1, rmin=7)
    ctx.note("%s %s with filesize %d" % (kind, show(p), len(d)))


@entry_damage
def dmg_symlink_size0(ctx, w):
    existing = [p for p in ctx.kinds if p not in ctx.tops]
    p = ctx.rng.choice(existing) if existing and ctx.rng.random() < 0.7 else ctx.new_path()
    w.member(p, S_IFLNK | 0o777, b"", ino=ctx.new_ino(), mtime=ctx.mtime())
    ctx.note("symlink %s with filesize 0" % show(p))


@entry_damage
def dmg_symlink_huge(ctx, w):
    r = ctx.rng
    p = ctx.new_path()
    n = r.choice((4096, 4097, 8192, 0x10000))
    target = (b"long/" * (n // 5 + 1))[:n]
    w.member(p, S_IFLNK | 0o777, target, ino=ctx.new_ino())
    emit(ctx, w, ctx.new_path(), "file", note="normal member after a huge symlink")
    ctx.note("symlink %s with filesize %d" % (show(p), n))


@entry_damage
def dmg_orphan(ctx, w):
    r = ctx.rng
    missing = ctx.parent() + b"/missing%d" % ctx.new_ino()
    for kind in r.sample(("dir", "file", "symlink", "fifo"), 2):
        emit(ctx, w, missing + b"/" + ctx.word(), kind,
             note="parent %s missing" % show(missing, 0))
    ctx.kinds.pop(missing, None)
    ctx.note("members below missing %s" % show(missing))


@entry_damage
def dmg_under_file(ctx, w):
    f = some_file(ctx)
    if f is None:
        f = ctx.new_path()
        emit(ctx, w, f, "file")
    emit(ctx, w, f + b"/" + ctx.word(), ctx.rng.choice(("file", "dir")),
         note="parent %s is a file" % show(f, 0))
    ctx.note("member below file %s" % show(f))


@entry_damage
def dmg_symlink_parent(ctx, w):
    r = ctx.rng
    link = ctx.new_path()
    dest = r.choice(ctx.dirs or list(ctx.tops))
    w.member(link, S_IFLNK | 0o777, b"/" + dest, ino=ctx.new_ino())
    ctx.made(link, "symlink")
    emit(ctx, w, link + b"/" + ctx.word(), r.choice(("file", "dir", "fifo")),
         note="parent %s is a symlink to /%s" % (show(link, 0), show(dest, 0)))
    ctx.note("member below symlink %s -> /%s" % (show(link), show(dest)))


@entry_damage
def dmg_pad_nonzero(ctx, w):
    p = ctx.new_path()
    d = ctx.data("unaligned")
    w.member(p, S_IFREG | 0o644, d if len(d) % 4 else d + b"!", ino=ctx.new_ino(),
             fill=ctx.rng.choice((b"P", b"\xff", b"0")))
    ctx.made(p, "file")
    ctx.note("non-NUL padding on %s" % show(p))


@entry_damage
def dmg_unknown_type(ctx, w):
    existing = [p for p in ctx.kinds if p not in ctx.tops]
    p = ctx.rng.choice(existing) if existing else ctx.new_path()
    mode = ctx.rng.choice((0o030644, 0o050755, 0o070000, 0o110644, 0o170777, 0o000644))
    w.member(p, mode, b"", ino=ctx.new_ino())
    ctx.note("mode %o on %s" % (mode, show(p)))


@entry_damage
def dmg_old_magic(ctx, w):
    p = ctx.new_path()
    w.member(p, S_IFREG | 0o644, ctx.data("small"), ino=ctx.new_ino(), magic=b"070707")
    ctx.note("070707 header")


@entry_damage
def dmg_bad_magic(ctx, w):
    p = ctx.new_path()
    magic = ctx.rng.choice((b"070703", b"070700", b"07070 ", b"0707X1"))
    w.member(p, S_IFREG | 0o644, ctx.data("small"), ino=ctx.new_ino(), magic=magic)
    ctx.note("magic %r" % magic)


@entry_damage
def dmg_trailer_data(ctx, w):
    ino, paths = link_group(ctx, w, 2, "first")
    w.member(b"TRAILER!!!", 0, b"junk", nlink=1)
    p = ctx.new_path()
    w.member(p, S_IFREG | 0o644, ctx.data("small"), ino=ino, nlink=2,
             note="ino %d of the group before the TRAILER!!!" % ino)
    ctx.made(p, "file")
    ctx.note("TRAILER!!! with 4 bytes of data between links of ino %d" % ino)


@entry_damage
def dmg_hl_repeat(ctx, w):
    ino, paths = link_group(ctx, w, 2, "first")
    w.member(paths[0], S_IFREG | 0o644, ctx.data("small") if ctx.rng.random() < 0.5 else b"",
             ino=ino, nlink=2, note="repeats a link of its own group (ino %d)" % ino)
    ctx.note("%s repeated in its own link group" % show(paths[0]))


@entry_damage
def dmg_skip_straddle(ctx, w):
    """A member 6.12 skips (filesize on a directory) whose header is cut
    by the decoder's output chunks (gzip 32 KiB, xz/bzip2 4 KiB)."""
    chunk = {"gzip": 32768, "xz": 4096, "bzip2": 4096}.get(ctx.seg.method)
    here = ctx.stream_off + len(w.buf)
    if chunk is None:
        dmg_size_nonreg(ctx, w)
        ctx.f("dmg-size-nonreg")
        return False
    target = (here + 60 + chunk - 1) // chunk * chunk - 56
    w.pad(target - here)
    p = ctx.new_path()
    w.member(p, S_IFDIR | 0o755, b"abcd", ino=ctx.new_ino(),
             note="header straddles a %s output chunk of %d" % (ctx.seg.method, chunk))
    for _ in range(3):
        emit(ctx, w, ctx.new_path(), "file", note="after the straddling member")
    ctx.note("dir %s with filesize 4, header at stream offset %d (%s chunk %d)"
             % (show(p), target, ctx.seg.method, chunk))


STREAM_DAMAGE = ("st-trunc-header", "st-trunc-name", "st-trunc-data",
                 "st-trunc-compressed", "st-trunc-in-compressed",
                 "st-junk-between", "st-junk-after", "st-junk-digit",
                 "st-junk-in-compressed", "st-pad-broken",
                 "st-unaligned-archive", "st-xz-check")


def choose_damage(rng, seed, index):
    """The damage kinds of an image: none for three images in four; for
    the fourth (index % 4 == 1) one kind in turn, so that 320 images show
    every kind about twice, sometimes with one or two more at random."""
    if index % 4 != 1:
        return []
    kinds = sorted(ENTRY_DAMAGE) + list(STREAM_DAMAGE)
    first = kinds[(index // 4 + seed) % len(kinds)]
    more = rng.sample([k for k in kinds if k != first], wchoice(rng, ((0, 60), (1, 30), (2, 10))))
    return [first] + more


def shape_for_damage(rng, segs, damage):
    """Make the plan able to carry the stream damage."""
    compressed = [m for m, _ in METHODS if m != "none"]
    if any(d in damage for d in ("st-trunc-header", "st-trunc-name", "st-trunc-data")):
        segs[-1].method, segs[-1].level, segs[-1].opt = pick_method(rng, "none")
    if any(d in damage for d in ("st-trunc-compressed", "st-trunc-in-compressed")):
        if segs[-1].method in ("none", "lz4") or "st-trunc-header" in damage:
            segs.append(Segment(*pick_method(rng, rng.choice(compressed[:-1])),
                                [Archive(True, False, False)]))
    if "st-junk-between" in damage and len(segs) < 2:
        segs.append(Segment(*pick_method(rng), [Archive(True, False, False)]))
    if "st-pad-broken" in damage and not any(s.method == "none" for s in segs[:-1]):
        segs.insert(0, Segment(*pick_method(rng, "none"), [Archive(True, False, False)]))
    if "st-unaligned-archive" in damage and not any(s.method == "none" for s in segs[1:]):
        segs.append(Segment(*pick_method(rng, "none"), [Archive(True, False, False)]))
    if "st-junk-in-compressed" in damage and all(s.method == "none" for s in segs):
        s = rng.choice(segs)
        s.method, s.level, s.opt = pick_method(rng, rng.choice(compressed))
    if "st-xz-check" in damage:
        s = rng.choice(segs)
        s.method, s.level, _ = pick_method(rng, "xz")
        s.opt = rng.choice(("crc64", "crc64", "sha256"))
    if "dmg-skip-straddle" in damage:
        s = rng.choice(segs)
        if s.method not in ("gzip", "xz", "bzip2") and "st-trunc-header" not in damage:
            s.method, s.level, s.opt = pick_method(rng, rng.choice(("gzip", "xz", "bzip2")))


# ------------------------------------------------------------ image

def pad_between(rng, prev, nxt, off):
    """How many NULs follow segment prev, which ends at offset off, before
    segment nxt (None: at the end of the image)."""
    want = wchoice(rng, ((0, 25), (4, 20), (1, 4), (3, 6), (5, 3), (7, 2),
                         (512, 10), (4096, 6), (8192 + 4, 2), (12, 6)))
    if nxt is None:
        return want if rng.random() < 0.3 else 0
    if prev.glue and prev.method == nxt.method:
        return 0
    if prev.method == "lz4" and want < 4:
        # the lz4 decoder takes the next four bytes for a chunk size: 0
        # ends the stream, another lz4 magic would go on with it
        want = 4
    if prev.method == "none":
        return want + (-want) % 4       # keep the next segment aligned
    if nxt.method == "none":
        return want + (-(off + want)) % 4
    return want


def pad_feature(n):
    if n == 0:
        return "pad-0"
    if n % 2:
        return "pad-odd"
    if n >= 4096:
        return "pad-4096"
    if n >= 512:
        return "pad-512"
    return "pad-4"


def run_op(ctx, w, fn):
    """Run an op, marking in the archive's log where its members start and,
    once done, what it noted (for --members)."""
    label = getattr(fn, "label", None) or fn.__qualname__.replace(".<locals>.", "/")
    mark = ["op", label, None]
    w.log.append(mark)
    n = len(ctx.arc.notes)
    fn(ctx, w)
    mark[2] = ctx.arc.notes[n:]


def make_image(seed, index):
    rng = random.Random(seed * 1000 + index)
    if index == BIG_INDEX:
        return make_big_links(rng, seed, index)
    damage = choose_damage(rng, seed, index)
    segs = plan_layout(rng)
    shape_for_damage(rng, segs, damage)
    tops = tuple(rng.sample(TOPS, rng.randrange(1, 4)))
    ctx = Ctx(rng, tops, odd=rng.random() < 0.3)
    # entry damage lands in a random archive; a straddle in one of a
    # segment whose decoder has fixed output chunks
    slots = {}
    for d in damage:
        if d not in ENTRY_DAMAGE:
            continue
        cands = [(si, ai) for si, s in enumerate(segs) for ai in range(len(s.archives))
                 if d != "dmg-skip-straddle" or s.method in ("gzip", "xz", "bzip2")]
        cands = cands or [(0, 0)]
        slots.setdefault(rng.choice(cands), []).append(d)
    big = rng.random() < 0.025 and not damage

    for si, seg in enumerate(segs):
        ctx.seg, ctx.seg_index = seg, si
        ctx.stream_off = 0
        pending_seg, ctx.later_segment = ctx.later_segment, []
        for ai, arc in enumerate(seg.archives):
            ctx.arc, ctx.arc_index = arc, ai
            ctx.next_archive = ai + 1 < len(seg.archives) or si + 1 < len(segs)
            ctx.next_segment = si + 1 < len(segs)
            w = arc.w
            if si == 0 and ai == 0:
                w.log.append(["op", "top dirs", []])
                for t in tops:
                    emit(ctx, w, t, "dir", mode=S_IFDIR | rng.choice((0o755, 0o755, 0o775, 0o1777)))
                arc.notes.append("top dirs " + ",".join(show(t) for t in tops))
            due, ctx.later_archive = ctx.later_archive, []
            if ai == 0:
                due = pending_seg + due
            for fn in due:
                run_op(ctx, w, fn)
            nops = rng.randrange(0, 3) if rng.random() < 0.08 else rng.randrange(1, 7)
            ops = [wchoice(rng, VALID_OPS) for _ in range(nops)]
            for d in slots.get((si, ai), []):
                ops.insert(rng.randrange(len(ops) + 1), ENTRY_DAMAGE[d])
            if big and si == len(segs) - 1 and ai == 0 and seg.method in (
                    "none", "gzip", "zstd", "lz4", "lzo"):
                ops.append(op_big_file)
            for op in ops:
                run_op(ctx, w, op)
            if w.count == 0 and arc.trailer:
                ctx.f("empty-archive")
            if arc.trailer:
                w.trailer()
            elif ai + 1 < len(seg.archives) or si + 1 < len(segs):
                ctx.f("arc-no-trailer")
            else:
                ctx.f("arc-no-trailer-end")
            if ai + 1 < len(seg.archives):
                arc.pad_after = rng.choice((0, 0, 4, 8, 512, 4096))
                if arc.pad_after:
                    ctx.f("pad-inner")
            ctx.stream_off += len(w.buf) + arc.pad_after
        if len(seg.archives) > 1:
            ctx.f("arc-several")
        seg.stream = b"".join(bytes(a.w.buf) + b"\0" * a.pad_after for a in seg.archives)
        if seg.method != "none" and not seg.glue and rng.random() < 0.2:
            seg.stream += b"\0" * rng.choice((1, 3, 4, 100))   # NULs at its end
            ctx.f("pad-inner")

    return assemble(rng, seed, index, segs, ctx, damage)


def assemble(rng, seed, index, segs, ctx, damage):
    """Compress the segments, lay them out with padding, apply the stream
    damage; returns (name, image, .desc lines, features)."""
    notes = []
    last = segs[-1]
    # -- stream damage inside what gets compressed
    if "st-trunc-in-compressed" in damage and last.method != "none" and len(last.stream) > 8:
        cut = rng.randrange(len(last.stream) // 3, len(last.stream) - 1)
        cut -= 1 if cut % 4 == 0 else 0         # never on a member boundary
        notes.append("the archive of the last segment cut at %d of %d before compression"
                     % (cut, len(last.stream)))
        last.cut = (cut, len(last.stream))
        last.stream = last.stream[:cut]
        ctx.f("st-trunc-in-compressed")
    if "st-junk-in-compressed" in damage:
        seg = rng.choice([s for s in segs if s.method != "none"] or segs)
        junk = rng.choice((b"JUNK", b"\x01\x02\x03\x04", b"junk at the end"))
        seg.stream += b"\0" * (-len(seg.stream) % 4)
        seg.junk = (len(seg.stream), junk)
        seg.stream += junk
        ctx.f("st-junk-in-compressed")
        notes.append("junk %r at the end of the %s stream" % (junk, seg.label()))
    # -- compress
    for seg in segs:
        seg.blob = seg.stream if seg.method == "none" else \
            compress(seg.method, seg.level, seg.opt, seg.stream)
        if seg.opt in ("crc64", "sha256"):
            ctx.f("st-xz-check")
        elif seg.method == "xz" and seg.opt == "none":
            ctx.f("comp-xz-nocheck")
        elif seg.method == "zstd" and seg.opt == "nocheck":
            ctx.f("comp-zstd-nocheck")
        else:
            ctx.f("comp-" + seg.method)
    if len({s.method == "none" for s in segs}) == 2:
        ctx.f("comp-mixed")
    ctx.f("seg-1" if len(segs) == 1 else "seg-2-3" if len(segs) <= 3 else "seg-4+")
    if any(a.w.crc for s in segs for a in s.archives):
        ctx.f("fmt-crc")
    if any(a.w.lower for s in segs for a in s.archives):
        ctx.f("hex-lowercase")

    # -- where the padding damage goes
    def one_of(cands):
        return rng.choice(cands) if cands else None
    inner = range(len(segs) - 1)
    junk_at = one_of(list(inner)) if "st-junk-between" in damage else None
    broken_at = one_of([i for i in inner if segs[i].method == "none"]) \
        if "st-pad-broken" in damage else None
    unaligned_at = one_of([i for i in inner if segs[i + 1].method == "none"]) \
        if "st-unaligned-archive" in damage else None

    # -- lay the segments out
    out = bytearray()
    lines = []
    for i, seg in enumerate(segs):
        seg.start = len(out)
        out += seg.blob
        arcs = "; ".join(
            "%s %d members%s%s" % ("crc" if a.w.crc else "newc", a.w.count,
                                   " + TRAILER" if a.trailer else ", no trailer",
                                   (": " + ", ".join(a.notes)) if a.notes else "")
            for a in seg.archives)
        lines.append("segment %d @%d %s, %d bytes (%d uncompressed): %s"
                     % (i, seg.start, seg.label(), len(seg.blob), len(seg.stream), arcs))
        nxt = segs[i + 1] if i + 1 < len(segs) else None
        n = pad_between(rng, seg, nxt, len(out))
        if nxt is not None and n == 0 and seg.method == nxt.method == "lz4":
            ctx.f("comp-lz4-merged")
        if nxt is not None and n == 0 and seg.method == nxt.method == "gzip":
            ctx.f("comp-gzip-multi")
        if i == broken_at:
            n = rng.choice((1, 2, 3, 5))
            ctx.f("st-pad-broken")
            notes.append("%d NULs after segment %d leave segment %d unaligned" % (n, i, i + 1))
        elif i == unaligned_at:
            n += rng.choice((1, 2, 3))
            ctx.f("st-unaligned-archive")
            notes.append("segment %d (uncompressed) starts unaligned at %d" % (i + 1, len(out) + n))
        if nxt is not None:
            ctx.f(pad_feature(n))
        elif n:
            ctx.f("pad-trailing")
        out += b"\0" * n
        if n:
            lines.append("  %d NULs" % n)
            seg.after.append("@%d: %d NULs" % (len(out) - n, n))
        if i == junk_at:
            junk = rng.choice((b"JUNKJUNK", b"\xde\xad\xbe\xef", b"#!/bin/sh\n", b"PK\x03\x04"))
            seg.after.append("@%d: junk %s" % (len(out), show(junk, 0)))
            out += junk
            ctx.f("st-junk-between")
            lines.append("  junk %r" % junk)
            notes.append("junk after segment %d" % i)
    # -- damage at the end
    if "st-junk-after" in damage:
        junk = rng.choice((b"JUNK", b"\x7fELF", b"garbage after the end\n", b"\xff"))
        last.after.append("@%d: junk %s (st-junk-after)" % (len(out), show(junk, 0)))
        out += junk
        ctx.f("st-junk-after")
        notes.append("junk %r at the end" % junk)
    if "st-junk-digit" in damage:
        last.after.append("@%d: %d NULs, then '0123456789abcdef' x 8 (st-junk-digit)"
                          % (len(out), (-len(out)) % 4))
        out += b"\0" * ((-len(out)) % 4) + b"0123456789abcdef" * 8
        ctx.f("st-junk-digit")
        notes.append("'0123456789abcdef' x 8 at the end, aligned")
    if "st-trunc-compressed" in damage and last.method != "none":
        cut = last.start + rng.randrange(len(last.blob) // 3, len(last.blob) - 1)
        last.blob_cut = cut - last.start
        del out[cut:]
        ctx.f("st-trunc-compressed")
        notes.append("cut at %d, inside the %s stream of segment %d"
                     % (cut, last.label(), len(segs) - 1))
    for part, kind in enumerate(("st-trunc-header", "st-trunc-name", "st-trunc-data")):
        if kind in damage and last.method == "none":
            cut = truncate_point(rng, last, part)
            if cut is not None:
                last.cut = (cut, len(last.stream))
                del out[last.start + cut:]
                ctx.f(kind)
                notes.append("cut at %d (%s)" % (last.start + cut, kind))
                break

    name = "gen-%03d" % index
    desc = ["%s: seed %d, image %d (random.Random(%d))"
            % (name, seed, index, seed * 1000 + index),
            "damage: " + (", ".join(sorted(damage)) if damage else "none"),
            "features: " + " ".join(sorted(ctx.features))]
    desc += lines
    desc += ["damage: " + n for n in notes]
    desc.append("size: %d bytes" % len(out))
    return name, bytes(out), desc, ctx.features, \
        lambda: member_lines(name, segs, notes, len(out))


def truncate_point(rng, seg, part):
    """Offset in an uncompressed seg inside the header (part 0), the name
    (1) or the data (2) of a member of its last archive."""
    arc = seg.archives[-1]
    off = len(seg.blob) - len(arc.w.buf) - arc.pad_after
    members = arc.w.members
    if part == 2:
        members = [m for m in members if m[3] > m[2]] or members
    if not members:
        return None
    hdr, name, body, end = rng.choice(members)
    if part == 2 and end > body:
        return off + body + rng.randrange(0, end - body)
    if part >= 1:
        return off + name + rng.randrange(0, body - name)
    return off + hdr + rng.randrange(1, 110)


def make_big_links(rng, seed, index):
    """BIG_GROUPS two-link groups in one archive, then one more archive
    after the trailer whose groups reuse the first inos."""
    w = Newc()
    subs = [b"L/%x" % i for i in range(16)]
    w.member(b"L", S_IFDIR | 0o755, ino=1, nlink=2, mtime=1700000000)
    for i, s in enumerate(subs):
        w.member(s, S_IFDIR | 0o755, ino=2 + i, nlink=2, mtime=1700000000)
    for g in range(BIG_GROUPS):
        ino = 100 + g
        base = subs[g & 15] + b"/%05x" % g
        data = b"group %d\n" % g if g % 4096 == 0 or g >= BIG_GROUPS - 4 else b""
        w.member(base + b"a", S_IFREG | 0o644, b"", ino=ino, nlink=2, mtime=1700000000)
        w.member(base + b"b", S_IFREG | 0o644, data, ino=ino, nlink=2, mtime=1700000000)
    w.trailer()
    w2 = Newc()
    for g in (0, 1, BIG_GROUPS - 1):
        w2.member(b"L/after%d" % g, S_IFREG | 0o600, b"after %d\n" % g, ino=100 + g,
                  nlink=2, mtime=1700000001)
    w2.trailer()
    w.log.insert(0, ["op", "make_big_links", ["%d groups of two links" % BIG_GROUPS]])
    w2.log.insert(0, ["op", "make_big_links", ["links to inos of the first archive, "
                                                "after its TRAILER!!!"]])
    stream = bytes(w.buf) + bytes(w2.buf)
    blob = compress("gzip", 6, "", stream)
    features = {"big-links", "comp-gzip", "seg-1", "arc-several", "hl-data-last",
                "hl-across-trailer", "dir", "file-empty", "file-small"}
    name = "gen-%03d" % index
    desc = ["%s: seed %d, image %d: the big hard-link image (always index %d)"
            % (name, seed, index, BIG_INDEX),
            "damage: none",
            "features: " + " ".join(sorted(features)),
            "segment 0 @0 gzip-6, %d bytes (%d uncompressed): newc: dirs L, L/0..L/f, "
            "then %d groups of two links L/<g&15>/<g:05x>a and ...b (ino 100+g, nlink 2, "
            "data \"group g\\n\" on b for g %% 4096 == 0 and the last 4 groups) + TRAILER; "
            "newc: L/after0, L/after1, L/after%d with inos of groups 0, 1 and the last "
            "(a new table: separate files) + TRAILER" % (len(blob), len(stream),
                                                          BIG_GROUPS, BIG_GROUPS - 1),
            "note: 6.12 kmallocs a ~4.1 KB struct hash per group (8 KiB slab): "
            "%d groups need ~%d MiB; with mem=256M pristine panics out of memory "
            "(\"System is deadlocked on memory\"), with mem=1024M it unpacks all"
            % (BIG_GROUPS, BIG_GROUPS * 8 // 1024),
            "size: %d bytes" % len(blob)]
    seg = Segment("gzip", 6, "", [Archive(True, False, False), Archive(True, False, False)])
    seg.archives[0].w, seg.archives[1].w = w, w2
    seg.stream, seg.blob = stream, blob
    return name, blob, desc, features, lambda: member_lines(name, [seg], [], len(blob))


# ------------------------------------------------------------ --members

TYPE_NAMES = {S_IFREG: "file", S_IFDIR: "dir", S_IFLNK: "symlink", S_IFCHR: "chr",
              S_IFBLK: "blk", S_IFIFO: "fifo", S_IFSOCK: "sock"}
MEMBER_COLUMNS = ("seg", "comp", "arc", "off", "magic", "name", "type", "mode", "uid",
                  "gid", "nlink", "ino", "dev", "rdev", "size", "mtime", "op",
                  "damage", "target")
HEXDIGITS = frozenset(HEXVAL)
ALLHEX = re.compile(rb"[0-9A-Fa-f]{104}")


def name_damage(name):
    """What a (read) name holds that a plain relative name does not."""
    out = []
    if name[:1] == b"/" or name[:2] == b"./":
        out.append("absolute or ./ name")
    parts = name.split(b"/")
    if b".." in parts:
        out.append(".. component")
    if b"//" in name.lstrip(b"/"):
        out.append("empty component (//)")
    if len(name) > 1 and name.endswith(b"/"):
        out.append("trailing /")
    return out


def cut_state(cut, hdr, name_off, body, end):
    """Where the cut at stream offset cut leaves the member, or None."""
    if cut is None or cut >= (end + 3) & ~3:
        return None
    if cut <= hdr:
        return "lost: stream cut at %d" % cut
    if cut < name_off:
        return "cut in the header (at %d)" % cut
    if cut < body:
        return "cut in the name (at %d)" % cut
    if cut < end:
        return "cut in the data (%d of %d bytes there)" % (cut - body, end - body)
    return "cut in the padding after the data (at %d)" % cut


def member_row(buf, base, entry, cut):
    """The columns (from "magic" on) of one logged member, as 6.12 reads
    its header: simple_strtoul() per field, the name up to its first NUL
    within namesize."""
    _, hdr, name_meant, datalen, note, fill = entry
    h = bytes(buf[hdr:hdr + 110])
    magic = h[:6]
    raw = [h[6 + 8 * i:14 + 8 * i] for i in range(13)]
    plain = ALLHEX.fullmatch(h, 6) is not None
    v = [int(r, 16) for r in raw] if plain else [kparse(r) for r in raw]
    ino, mode, uid, gid, nlink, mtime, size, maj, mn, rmaj, rmin, nsize, check = v
    name_off = hdr + 110
    body = name_off + n_align(nsize)
    end = body + size
    nm = bytes(buf[name_off:name_off + nsize])
    z = nm.find(b"\0")
    name = nm[:z] if z >= 0 else nm
    trailer = name == b"TRAILER!!!"
    dmg = []
    mname = {b"070701": "newc", b"070702": "crc"}.get(magic)
    if mname is None:
        dmg.append("magic '%s'" % show(magic, 0))
        mname = show(magic, 0)
    for field, r, val in zip(FIELDS, raw, v):
        if not plain and not all(c in HEXDIGITS for c in r):
            dmg.append("%s field '%s' (6.12 reads %#x)" % (field, show(r, 0), val))
    ftype = mode & 0o170000
    kind = "TRAILER" if trailer else TYPE_NAMES.get(ftype, "type-%o" % (ftype >> 12))
    if not trailer and ftype not in TYPE_NAMES:
        dmg.append("unknown file type %o" % ftype)
    if mode > 0xffff:
        dmg.append("mode above 16 bits (6.12's umode_t keeps %o)" % (mode & 0xffff))
    if nsize == 0:
        dmg.append("namesize 0")
    elif nsize > PATH_MAX:
        dmg.append("namesize %d > PATH_MAX" % nsize)
    elif nm[-1:] != b"\0":
        dmg.append("name not NUL-terminated within namesize %d" % nsize)
    if b"\0" in name_meant:
        dmg.append("NUL inside the name '%s'" % show(name_meant, 0))
    elif nsize and name_meant + b"\0" != nm:
        if nm.startswith(name_meant + b"\0") and not nm[len(name_meant):].strip(b"\0"):
            dmg.append("%d extra NULs in namesize" % (nsize - len(name_meant) - 1))
        else:
            dmg.append("namesize %d for the name '%s' (%d bytes)"
                       % (nsize, show(name_meant, 0), len(name_meant)))
    dmg += name_damage(name)
    if trailer and size:
        dmg.append("TRAILER!!! with filesize %d" % size)
    elif ftype == S_IFREG:
        if size != datalen:
            dmg.append("filesize %d, data meant %d bytes" % (size, datalen))
    elif ftype == S_IFLNK:
        if size == 0:
            dmg.append("symlink with filesize 0")
        elif size >= PATH_MAX:
            dmg.append("symlink with filesize %d >= PATH_MAX" % size)
    elif size and not trailer:
        dmg.append("filesize %d on a %s" % (size, kind))
    if magic == b"070702" and ftype == S_IFREG and not trailer:
        total = sum(buf[body:end]) & 0xffffffff
        if total != check:
            dmg.append("check %08x, data sums to %08x" % (check, total))
    if uid == 0xffffffff or gid == 0xffffffff:
        dmg.append("uid/gid 0xffffffff")
    if rmaj >= 1 << 12 or rmin >= 1 << 20:
        dev = ((rmaj << 20) | rmin) & 0xffffffff
        dmg.append("rdev out of range (6.12: MKDEV gives %d:%d)" % (dev >> 20, dev & 0xfffff))
    if fill != b"\0":
        dmg.append("padding of '%s' bytes" % show(fill, 0))
    c = cut_state(cut, base + hdr, base + name_off, base + body, base + end)
    if c:
        dmg.append(c)
    if note:
        dmg.append(note)
    target = "-"
    if ftype == S_IFLNK and not trailer:
        t = bytes(buf[body:body + min(size, PATH_MAX + 1)])
        target = show(t.split(b"\0", 1)[0], 0)
    return [mname, show(name, 0), kind, "%o" % mode, "%d" % uid, "%d" % gid,
            "%d" % nlink, "%d" % ino, "%d:%d" % (maj, mn), "%d:%d" % (rmaj, rmin),
            "%d" % size, "%d" % mtime], "; ".join(dmg) or "-", target


def member_lines(name, segs, notes, size):
    """gen-NNN.members: every member of the image in archive order, one
    tab-separated line each (columns in MEMBER_COLUMNS), with "#" lines for
    segments, archives, ops and what lies between segments."""
    out = ["# %s: every member in archive order (--members of gen.py)" % name,
           "# values as 6.12 parses them; names as in the archive, escaped as the"
           " lister escapes paths; off: offset in the segment's decompressed stream",
           "#" + "\t".join(MEMBER_COLUMNS)]
    for si, seg in enumerate(segs):
        comp = seg.label()
        extra = ""
        if seg.method == "none":
            extra = " (uncompressed: image offset = %d + off)" % seg.start
        if seg.glue:
            extra += ", no NULs before segment %d: one decoder run" % (si + 1)
        out.append("# segment %d @%d %s, %d bytes (%d uncompressed)%s"
                   % (si, seg.start, comp, len(seg.blob), len(seg.stream), extra))
        if seg.blob_cut is not None:
            out.append("# segment %d: compressed stream cut after %d of %d bytes "
                       "(st-trunc-compressed): its members from some point on are lost"
                       % (si, seg.blob_cut, len(seg.blob)))
        cut = None
        if seg.cut is not None:
            cut = seg.cut[0]
            out.append("# segment %d: stream cut at %d of %d bytes" % (si, cut, seg.cut[1]))
        base = 0
        for ai, arc in enumerate(seg.archives):
            w = arc.w
            out.append("# archive %d @%d %s, %d members, %s"
                       % (ai, base, "crc" if w.crc else "newc", w.count,
                          "TRAILER!!!" if arc.trailer else "no trailer"))
            op = "-"
            for entry in w.log:
                if entry[0] == "op":
                    op = entry[1]
                    out.append("# op %s%s" % (op, (": " + ", ".join(entry[2]))
                                              if entry[2] else ""))
                elif entry[0] == "pad":
                    out.append("%d\t%s\t%d\t%d\tpad\t%d NULs\t%s"
                               % (si, comp, ai, base + entry[1], entry[2],
                                  cut_state(cut, base + entry[1], 0, 0, 0) or ""))
                else:
                    cols, dmg, target = member_row(w.buf, base, entry, cut)
                    out.append("\t".join(["%d" % si, comp, "%d" % ai,
                                          "%d" % (base + entry[1])] + cols +
                                         [op, dmg, target]))
            base += len(w.buf)
            if arc.pad_after:
                out.append("%d\t%s\t%d\t%d\tpad\t%d NULs after the archive"
                           % (si, comp, ai, base, arc.pad_after))
            base += arc.pad_after
        tail = (seg.junk[0] if seg.junk else len(seg.stream)) - base
        if seg.cut is not None:
            tail = seg.cut[1] - base
        if tail > 0:
            out.append("%d\t%s\t-\t%d\tpad\t%d NULs at the end of the stream"
                       % (si, comp, base, tail))
        if seg.junk:
            out.append("%d\t%s\t-\t%d\tjunk\t%s (st-junk-in-compressed)"
                       % (si, comp, seg.junk[0], show(seg.junk[1], 0)))
        for a in seg.after:
            out.append("# image %s" % a)
    out += ["# damage: " + n for n in notes]
    out.append("# size: %d bytes" % size)
    return out


# ------------------------------------------------------------ main

def worker(args):
    seed, index, outdir, members = args
    name, img, desc, features, listing = make_image(seed, index)
    with open(os.path.join(outdir, name + ".img"), "wb") as f:
        f.write(img)
    with open(os.path.join(outdir, name + ".desc"), "w") as f:
        f.write("\n".join(desc) + "\n")
    if members:
        with open(os.path.join(outdir, name + ".members"), "w") as f:
            f.write("\n".join(listing()) + "\n")
    return index, len(img), sorted(features)


def coverage(results, out):
    counts = {k: 0 for k in FEATURES}
    for _, _, feats in results:
        for f in feats:
            counts[f] += 1
    out.write("coverage over %d images (images exercising each feature):\n" % len(results))
    for g, title in GROUPS.items():
        if g == "repl":
            continue
        out.write("  %s\n" % title)
        for k in FEATURES:
            if group_of(k) == g:
                out.write("    %5d  %-26s %s\n" % (counts[k], k, FEATURES[k]))
    out.write("  %s\n" % GROUPS["repl"])
    for k in FEATURES:
        if group_of(k) == "repl" and not k.startswith("repl:"):
            out.write("    %5d  %-26s %s\n" % (counts[k], k, FEATURES[k]))
    out.write("    replaced (row) by (column):\n")
    out.write("    %8s" % "" + "".join("%8s" % t for t in TYPES) + "\n")
    for a in TYPES:
        out.write("    %8s" % a + "".join("%8d" % counts["repl:%s>%s" % (a, b)]
                                          for b in TYPES) + "\n")
    missing = [k for k, v in counts.items() if v == 0]
    out.write("features never exercised: %s\n" % (" ".join(missing) or "none"))
    return missing


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=320)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--list-features", action="store_true")
    ap.add_argument("--members", action="store_true",
                    help="also write gen-NNN.members, every member of each image")
    ap.add_argument("outdir", nargs="?")
    args = ap.parse_args(argv)
    if args.list_features:
        for g, title in GROUPS.items():
            print("%s:" % title)
            for k, v in FEATURES.items():
                if group_of(k) == g:
                    print("  %-26s %s" % (k, v))
        return 0
    if not args.outdir:
        ap.error("OUTDIR is required")
    os.makedirs(args.outdir, exist_ok=True)
    t0 = time.time()
    jobs = [(args.seed, i, args.outdir, args.members) for i in range(args.count)]
    if args.jobs > 1:
        with concurrent.futures.ProcessPoolExecutor(args.jobs) as ex:
            results = list(ex.map(worker, jobs, chunksize=4))
    else:
        results = [worker(j) for j in jobs]
    total = sum(r[1] for r in results)
    coverage(results, sys.stderr)
    sys.stderr.write("%d images, %d bytes, %.1f s\n" % (len(results), total, time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
