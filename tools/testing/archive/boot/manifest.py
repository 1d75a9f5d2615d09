#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Manifests of initramfs contents, for the boot tests.

  manifest.py cpio [--mtime] IMAGE...   rootfs after the kernel unpacks IMAGEs
                                       in order (built-in archive first)
  manifest.py guest LOG                 the manifest the guest printed
  manifest.py compare EXPECTED LOG      diff; prints the first differences
  manifest.py corrupt IN OUT PATH       flip one data byte of PATH in an
                                       uncompressed newc/crc archive

The cpio side replays init/initramfs.c (6.12) on a model file system rather
than listing archive members: the buffer format of
Documentation/driver-api/early-userspace/buffer-format.rst (uncompressed and
gzip/xz/zstd segments, NUL padding, several archives), later entries
replacing earlier ones (clean_path), hard links by (dev major, dev minor,
ino, type) for nlink >= 2 with a table reset at each TRAILER!!!, data written
by the last link, missing parent directories making an entry fail (nothing
is implied), symlink permissions ignored, and with --mtime the
INITRAMFS_PRESERVE_MTIME rules: file/node/symlink mtimes set when the entry
is written, directory mtimes applied at the end of each unpack call, in
reverse order of appearance (so the first entry for a directory wins).  A
directory changed by a later unpack call without an entry of its own has an
unknown mtime ("?", not compared); so has /dev/console (5:1), whose mtime
the tty layer updates whenever init writes to the console.

A manifest is one line per path, sorted, tab-separated:
  path mode(octal, with type) uid gid size sha256|target|rdev mtime links
"-" means not applicable; links is the sorted, comma-separated list of all
paths sharing the inode when there is more than one.  The root directory is
not listed (its attributes come from the kernel, not from the archive).
"""

import hashlib
import lzma
import os
import stat
import subprocess
import sys
import zlib

PATH_MAX = 4096
IFMT = 0o170000


class Error(Exception):
    pass


# ------------------------------------------------------------ decompression

def _zstd_frame_len(buf, pos):
    """Length of the zstd frame at buf[pos:], from its block headers."""
    p = pos + 4
    fhd = buf[p]
    p += 1
    fcs_flag, single, has_csum, did_flag = fhd >> 6, (fhd >> 5) & 1, (fhd >> 2) & 1, fhd & 3
    if not single:
        p += 1
    p += (0, 1, 2, 4)[did_flag]
    p += ((1 if single else 0), 2, 4, 8)[fcs_flag]
    while True:
        if p + 3 > len(buf):
            raise Error("truncated zstd frame")
        h = buf[p] | buf[p + 1] << 8 | buf[p + 2] << 16
        p += 3
        last, btype, bsize = h & 1, (h >> 1) & 3, h >> 3
        p += 1 if btype == 1 else bsize
        if last:
            break
    if has_csum:
        p += 4
    return p - pos


def decompress(buf, pos):
    """Decompress one stream at buf[pos:]: (data, bytes consumed)."""
    head = bytes(buf[pos:pos + 6])
    if head[:2] in (b"\x1f\x8b", b"\x1f\x9e"):
        d = zlib.decompressobj(wbits=31)
        data = d.decompress(bytes(buf[pos:]))
        if not d.eof:
            raise Error("decompressor failed")
        return data, len(buf) - pos - len(d.unused_data)
    if head == b"\xfd7zXZ\x00":
        d = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
        data = d.decompress(bytes(buf[pos:]))
        if not d.eof:
            raise Error("decompressor failed")
        return data, len(buf) - pos - len(d.unused_data)
    if head[:4] == b"\x28\xb5\x2f\xfd":
        n = _zstd_frame_len(buf, pos)
        r = subprocess.run(["zstd", "-dcq"], input=bytes(buf[pos:pos + n]),
                           stdout=subprocess.PIPE, check=False)
        if r.returncode:
            raise Error("decompressor failed")
        return r.stdout, n
    for magic, name in ((b"BZh", "bzip2"), (b"\x5d\x00\x00", "lzma"),
                        (b"\x89LZO", "lzo"), (b"\x02\x21\x4c\x18", "lz4")):
        if head.startswith(magic):
            raise Error("compression method %s not supported by manifest.py" % name)
    raise Error("invalid magic at start of compressed archive")


# ------------------------------------------------------------ model rootfs

class Inode:
    def __init__(self, mode, uid=0, gid=0):
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.data = bytearray()
        self.target = None
        self.rdev = (0, 0)
        self.mtime = None          # None: unknown


class RootFS:
    """Paths (no leading '/', root is '') to inodes, with the few VFS
    rules that init/initramfs.c relies on."""

    def __init__(self, with_mtime):
        self.files = {"": Inode(stat.S_IFDIR | 0o755)}
        self.with_mtime = with_mtime

    @staticmethod
    def norm(name):
        parts = [c for c in name.split("/") if c not in ("", ".")]
        return "/".join(parts)

    def parent_ok(self, path):
        if path == "":
            return False
        parent = path.rpartition("/")[0]
        ino = self.files.get(parent)
        return ino is not None and stat.S_ISDIR(ino.mode)

    def has_children(self, path):
        prefix = path + "/"
        return any(p.startswith(prefix) for p in self.files)

    def touched_dir(self, path):
        """A change inside the directory holding path resets its mtime."""
        parent = path.rpartition("/")[0]
        if parent in self.files:
            self.files[parent].mtime = None

    def add(self, path, ino):
        if path in self.files or not self.parent_ok(path):
            return False
        self.files[path] = ino
        self.touched_dir(path)
        return True

    def remove(self, path):
        ino = self.files.get(path)
        if ino is None or path == "":
            return False
        if stat.S_ISDIR(ino.mode) and self.has_children(path):
            return False           # rmdir: ENOTEMPTY
        del self.files[path]
        self.touched_dir(path)
        return True

    def clean_path(self, path, fmode):
        ino = self.files.get(path)
        if ino is not None and (ino.mode ^ fmode) & IFMT:
            self.remove(path)

    def set_mtime(self, path, mtime):
        if self.with_mtime and path in self.files:
            self.files[path].mtime = mtime


# ------------------------------------------------------------ unpacker

def n_align(n):
    return ((n + 1) & ~3) + 2


class Unpacker:
    """One unpack_to_rootfs() call."""

    def __init__(self, fs):
        self.fs = fs
        self.links = {}
        self.dirs = []

    def maybe_link(self, h, path):
        if h["nlink"] < 2:
            return 0
        key = (h["major"], h["minor"], h["ino"], h["mode"] & IFMT)
        old = self.links.get(key)
        if old is None:
            self.links[key] = path
            return 0
        self.fs.clean_path(path, 0)
        ino = self.fs.files.get(old)
        if ino is None or stat.S_ISDIR(ino.mode) or not self.fs.add(path, ino):
            return -1
        return 1

    def entry(self, h, name, body):
        fs, mode = self.fs, h["mode"]
        path = fs.norm(name)
        if name == "TRAILER!!!":
            self.links = {}
            return
        if stat.S_ISLNK(mode):
            fs.clean_path(path, 0)
            target = bytes(body).split(b"\0")[0].decode("utf-8", "surrogateescape")
            ino = Inode(stat.S_IFLNK | 0o777)
            ino.target = target
            fs.add(path, ino)
            if path in fs.files:
                fs.files[path].uid, fs.files[path].gid = h["uid"], h["gid"]
            fs.set_mtime(path, h["mtime"])
            return
        fs.clean_path(path, mode)
        if stat.S_ISREG(mode):
            ml = self.maybe_link(h, path)
            if ml < 0:
                return
            ino = fs.files.get(path)
            if ino is None:
                ino = Inode(mode)
                if not fs.add(path, ino):
                    return
            elif not stat.S_ISREG(ino.mode):
                return             # EISDIR: a non-empty directory stayed
            elif ml != 1:
                ino.data = bytearray()     # O_TRUNC
            ino.uid, ino.gid = h["uid"], h["gid"]
            ino.mode = stat.S_IFREG | (mode & 0o7777)
            if len(body) > len(ino.data):
                ino.data.extend(b"\0" * (len(body) - len(ino.data)))
            elif body:
                del ino.data[len(body):]    # vfs_truncate(body_len)
            ino.data[0:len(body)] = body
            fs.set_mtime(path, h["mtime"])
            if h["csum"] is not None and sum(body) & 0xffffffff != h["csum"]:
                raise Error("bad data checksum")
        elif stat.S_ISDIR(mode):
            if not fs.add(path, Inode(mode)) and path not in fs.files:
                return
            ino = fs.files[path]
            ino.uid, ino.gid = h["uid"], h["gid"]
            ino.mode = (ino.mode & IFMT) | (mode & 0o7777)
            self.dirs.append((path, h["mtime"]))
        elif stat.S_IFMT(mode) in (stat.S_IFBLK, stat.S_IFCHR,
                                   stat.S_IFIFO, stat.S_IFSOCK):
            if self.maybe_link(h, path) != 0:
                return
            ino = Inode(mode)
            if stat.S_ISBLK(mode) or stat.S_ISCHR(mode):
                ino.rdev = (h["rmajor"], h["rminor"])
            fs.add(path, ino)
            if path in fs.files:
                ino = fs.files[path]
                ino.uid, ino.gid = h["uid"], h["gid"]
                ino.mode = (ino.mode & IFMT) | (mode & 0o7777)
                fs.set_mtime(path, h["mtime"])

    def cpio(self, buf, pos, end, base):
        """Parse newc/crc entries from buf[pos:end] until something that is
        not a header.  base: offset of buf[0] for the alignment rule."""
        while pos < end:
            c = buf[pos]
            if c == 0:
                pos += 1
                continue
            if c != 0x30:          # '0'
                if (pos - base) & 3:
                    raise Error("broken padding")
                return pos
            if (pos - base) & 3:
                raise Error("broken padding")
            hdr = bytes(buf[pos:pos + 110])
            if len(hdr) < 110:
                raise Error("truncated archive")
            magic = hdr[:6]
            if magic not in (b"070701", b"070702"):
                if magic == b"070707":
                    raise Error("incorrect cpio method used: use -H newc option")
                raise Error("no cpio magic")
            f = [int(hdr[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
            h = dict(ino=f[0], mode=f[1], uid=f[2], gid=f[3], nlink=f[4],
                     mtime=f[5], major=f[7], minor=f[8], rmajor=f[9],
                     rminor=f[10], csum=f[12] if magic == b"070702" else None)
            body_len, name_len = f[6], f[11]
            name_at = pos + 110
            # 110 + N_ALIGN(name_len) is a multiple of 4: data starts there
            body_at = pos + 110 + n_align(name_len)
            nxt = body_at + body_len
            if nxt > end:
                raise Error("truncated archive")
            pos = min(base + ((nxt - base + 3) & ~3), end)
            if name_len <= 0 or name_len > PATH_MAX:
                continue
            mode = h["mode"]
            if stat.S_ISLNK(mode) and body_len > PATH_MAX:
                continue
            if not (stat.S_ISLNK(mode) or stat.S_ISREG(mode) or body_len == 0):
                continue
            rawname = bytes(buf[name_at:name_at + name_len])
            if rawname[-1:] != b"\0":
                raise Error("malformed archive")
            name = rawname[:-1].split(b"\0")[0].decode("utf-8", "surrogateescape")
            body = buf[body_at:body_at + body_len]
            self.entry(h, name, body)
        return pos

    def unpack(self, buf):
        """unpack_to_rootfs(): returns an error message or None."""
        pos, msg = 0, None
        try:
            while pos < len(buf):
                c = buf[pos]
                if c == 0x30 and not pos & 3:
                    pos = self.cpio(buf, pos, len(buf), 0)
                    continue
                if c == 0:
                    pos += 1
                    continue
                data, used = decompress(buf, pos)
                data = memoryview(bytearray(data))
                rest = self.cpio(data, 0, len(data), 0)
                if rest < len(data):
                    raise Error("junk within compressed archive")
                pos += used
        except Error as e:
            msg = str(e)
        for path, mtime in reversed(self.dirs):
            self.fs.set_mtime(path, mtime)
        return msg


# ------------------------------------------------------------ manifests

def manifest_lines(entries):
    """entries: {path: dict(mode, uid, gid, size, extra, mtime, key)}"""
    groups = {}
    for path, e in entries.items():
        groups.setdefault(e["key"], []).append(path)
    out = []
    for path in sorted(entries):
        e = entries[path]
        g = sorted(groups[e["key"]])
        out.append("\t".join([
            path, "%o" % e["mode"], str(e["uid"]), str(e["gid"]),
            str(e["size"]) if e["size"] is not None else "-",
            e["extra"] if e["extra"] is not None else "-",
            str(e["mtime"]) if e["mtime"] is not None else "-",
            ",".join(g) if len(g) > 1 else "-"]))
    return out


def fs_manifest(fs):
    entries = {}
    for path, ino in fs.files.items():
        if path == "":
            continue
        fmt = stat.S_IFMT(ino.mode)
        extra = size = None
        if fmt == stat.S_IFREG:
            size = len(ino.data)
            extra = hashlib.sha256(ino.data).hexdigest()
        elif fmt == stat.S_IFLNK:
            extra = ino.target
        elif fmt in (stat.S_IFCHR, stat.S_IFBLK):
            extra = "%d:%d" % ino.rdev
        mtime = ino.mtime if fs.with_mtime else None
        if fs.with_mtime and (mtime is None or
                              (fmt == stat.S_IFCHR and ino.rdev == (5, 1))):
            mtime = "?"    # unknown; a tty's mtime moves when written to
        entries["/" + path] = dict(mode=ino.mode, uid=ino.uid, gid=ino.gid,
                                   size=size, extra=extra, mtime=mtime,
                                   key=id(ino))
    return manifest_lines(entries)


def cmd_cpio(args):
    with_mtime = False
    if args and args[0] == "--mtime":
        with_mtime, args = True, args[1:]
    fs = RootFS(with_mtime)
    for img in args:
        with open(img, "rb") as f:
            buf = memoryview(bytearray(f.read()))
        msg = Unpacker(fs).unpack(buf)
        if msg:
            print("manifest.py: %s: %s" % (img, msg), file=sys.stderr)
    print("\n".join(fs_manifest(fs)))


BEGIN, END, LINE = "@@BOOTTEST manifest-begin", "@@BOOTTEST manifest-end", "@@M\t"


def guest_manifest(logfile, with_mtime):
    """Parse the lines printed by init between the markers:
    @@M path hexmode uid gid size major(hex) minor(hex) mtime ino extra"""
    entries, inside, seen_end = {}, False, False
    with open(logfile, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "surrogateescape").rstrip("\r\n")
            if line.endswith(BEGIN):
                inside = True
                continue
            if line.endswith(END):
                seen_end = True
                break
            if not inside or not line.startswith(LINE):
                continue
            p = line.split("\t")
            if len(p) != 11:
                raise Error("garbled manifest line: %r" % line)
            path, mode = p[1], int(p[2], 16)
            if path == "/":
                continue
            fmt = stat.S_IFMT(mode)
            extra = size = None
            if fmt == stat.S_IFREG:
                size, extra = int(p[5]), p[10]
            elif fmt == stat.S_IFLNK:
                extra = p[10]
            elif fmt in (stat.S_IFCHR, stat.S_IFBLK):
                extra = "%d:%d" % (int(p[6], 16), int(p[7], 16))
            entries[path] = dict(mode=mode, uid=int(p[3]), gid=int(p[4]),
                                 size=size, extra=extra,
                                 mtime=int(p[8]) if with_mtime else None,
                                 key=int(p[9]))
    if not seen_end:
        raise Error("no manifest on the console")
    return manifest_lines(entries)


def cmd_guest(args):
    print("\n".join(guest_manifest(args[0], True)))


FIELDS = ("mode", "uid", "gid", "size", "sha256/target/rdev", "mtime", "links")


def compare(expected, actual):
    """Return a list of human-readable differences, first paths first."""
    def table(lines):
        return {l.split("\t")[0]: l.split("\t")[1:] for l in lines if l}
    exp, act = table(expected), table(actual)
    diffs = []
    for path in sorted(set(exp) | set(act)):
        if path not in act:
            diffs.append("%s: missing" % path)
        elif path not in exp:
            diffs.append("%s: unexpected" % path)
        else:
            for name, e, a in zip(FIELDS, exp[path], act[path]):
                if e == "?" or e == a:
                    continue
                if name == "sha256/target/rdev":
                    fmt = stat.S_IFMT(int(exp[path][0], 8))
                    name = {stat.S_IFREG: "sha256", stat.S_IFLNK: "target"}.get(fmt, "rdev")
                if name == "sha256":
                    diffs.append("%s: sha256 differs" % path)
                else:
                    diffs.append("%s: %s differs (expected %s, got %s)" % (path, name, e, a))
    return diffs


def cmd_compare(args):
    with open(args[0]) as f:
        expected = f.read().splitlines()
    with_mtime = any(l.split("\t")[6] != "-" for l in expected if l)
    try:
        actual = guest_manifest(args[1], with_mtime)
    except Error as e:
        print(str(e))
        return 1
    diffs = compare(expected, actual)
    if not diffs:
        return 0
    more = " (+%d more)" % (len(diffs) - 3) if len(diffs) > 3 else ""
    print("; ".join(diffs[:3]) + more)
    return 1


def cmd_corrupt(args):
    src, dst, target = args
    with open(src, "rb") as f:
        buf = bytearray(f.read())
    pos, target = 0, RootFS.norm(target)
    while pos + 110 <= len(buf):
        if buf[pos] == 0:
            pos += 1
            continue
        hdr = bytes(buf[pos:pos + 110])
        if hdr[:6] not in (b"070701", b"070702"):
            raise Error("corrupt: not an uncompressed newc archive")
        f = [int(hdr[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        body_len, name_len = f[6], f[11]
        name = bytes(buf[pos + 110:pos + 110 + name_len - 1]).decode()
        body_at = pos + 110 + n_align(name_len)
        if RootFS.norm(name) == target and body_len > 0:
            at = body_at + body_len // 2
            buf[at] ^= 0x20
            if hdr[:6] == b"070702":
                csum = sum(buf[body_at:body_at + body_len]) & 0xffffffff
                buf[pos + 6 + 8 * 12:pos + 110] = b"%08X" % csum
            with open(dst, "wb") as f:
                f.write(buf)
            return 0
        pos = (pos + 110 + n_align(name_len) + body_len + 3) & ~3
    raise Error("corrupt: %s not found with data" % target)


def main(argv):
    cmds = dict(cpio=cmd_cpio, guest=cmd_guest, compare=cmd_compare,
                corrupt=cmd_corrupt)
    if len(argv) < 2 or argv[1] not in cmds:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        return cmds[argv[1]](argv[2:]) or 0
    except Error as e:
        print("manifest.py: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
