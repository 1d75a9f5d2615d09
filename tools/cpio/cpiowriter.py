# SPDX-License-Identifier: GPL-2.0
"""Minimal cpio newc/crc writer for tools/cpio samples and difftest.

Members are written verbatim, so tests can also build broken archives:
every field can be overridden with a raw 8-character string.
"""

FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
          "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize",
          "check")

S_IFREG, S_IFDIR, S_IFLNK = 0o100000, 0o040000, 0o120000
S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK = 0o020000, 0o060000, 0o010000, 0o140000


def pad4(n):
    return (4 - n % 4) % 4


class Writer:
    def __init__(self, crc=False):
        self.out = bytearray()
        self.crc = crc
        self.ino = 100

    def member(self, name, mode, data=b"", raw=None, magic=None,
               name_bytes=None, name_pad=None, data_pad=None, **kw):
        """Append one member; kw sets numeric fields, raw sets text ones."""
        if isinstance(name, str):
            name = name.encode()
        if isinstance(data, str):
            data = data.encode()
        nb = name + b"\0" if name_bytes is None else name_bytes
        self.ino += 1
        vals = dict(ino=self.ino, mode=mode, uid=0, gid=0, nlink=1,
                    mtime=0, filesize=len(data), devmajor=0, devminor=0,
                    rdevmajor=0, rdevminor=0, namesize=len(nb), check=0)
        if self.crc and (mode & 0o170000) == S_IFREG:
            vals["check"] = sum(data) & 0xffffffff
        vals.update(kw)
        fields = {f: b"%08X" % vals[f] for f in FIELDS}
        for f, v in (raw or {}).items():
            fields[f] = v.encode() if isinstance(v, str) else v
        if magic is None:
            magic = b"070702" if self.crc else b"070701"
        self.out += magic + b"".join(fields[f] for f in FIELDS)
        self.out += nb
        self.out += name_pad if name_pad is not None else \
            b"\0" * pad4(len(self.out))
        self.out += data
        self.out += data_pad if data_pad is not None else \
            b"\0" * pad4(len(self.out))
        return self

    def file(self, name, data=b"", perm=0o644, **kw):
        return self.member(name, S_IFREG | perm, data, **kw)

    def dir(self, name, perm=0o755, **kw):
        return self.member(name, S_IFDIR | perm, nlink=2, **kw)

    def symlink(self, name, target, perm=0o777, **kw):
        return self.member(name, S_IFLNK | perm, target, **kw)

    def node(self, name, kind, perm=0o644, rmaj=0, rmin=0, **kw):
        return self.member(name, kind | perm, rdevmajor=rmaj,
                           rdevminor=rmin, **kw)

    def trailer(self):
        return self.member("TRAILER!!!", 0, ino=0, nlink=1)

    def nuls(self, n):
        self.out += b"\0" * n
        return self

    def raw(self, b):
        self.out += b
        return self

    def bytes(self):
        return bytes(self.out)
