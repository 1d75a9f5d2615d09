#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Differential test: cpio-extract (the kernel parser in userspace) against
bsdtar -xpf on random valid newc/crc archives with deterministic seeds.

Each archive holds nested directories, regular files (empty, odd sizes, a
few of several MB), symlinks, character and block devices, FIFOs, sockets
and hard-link groups with the data on a random link.  Both trees must agree
on names, types, permission bits, owners, sizes, contents, mtimes, symlink
targets, device numbers and hard-link groups.

Every tenth seed, the tree bsdtar extracted is archived again with GNU cpio
(-H newc or -H crc: real-world hard links, with the data on the last link)
and that archive is extracted and compared the same way.

Known bsdtar difference: libarchive does not create sockets and leaves an
empty regular file instead; a socket on our side matches that.
"""
import argparse
import hashlib
import os
import random
import shutil
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cpiowriter import (Writer, S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR,  # noqa
                        S_IFBLK, S_IFIFO, S_IFSOCK)

NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+ ,=@~"


def rand_name(rng, taken):
    while True:
        n = rng.choice([1, 1, 2, 3, 5, 7, 8, 13, 31, 64, 100, 255])
        name = "".join(rng.choice(NAME_CHARS) for _ in range(n))
        if name not in (".", "..") and name not in taken:
            taken.add(name)
            return name


def make_archive(seed, big):
    """Return (bytes, number of members) for one seed."""
    rng = random.Random(seed)
    w = Writer(crc=rng.random() < 0.25)
    # Archive spelling of names: as is, "./name" (GNU cpio) or "/name".
    prefix = rng.choice(["", "", "./", "/"])
    add = w.member

    def member(name, *a, **kw):
        return add(name if name == "TRAILER!!!" else prefix + name, *a, **kw)
    w.member = member
    dirs = [""]
    children = {"": set()}
    members = 0

    def new_path(parent):
        name = rand_name(rng, children[parent])
        return parent + "/" + name if parent else name

    def attrs():
        return dict(uid=rng.choice([0, 0, 1, 1000, 65534, rng.randrange(1 << 20)]),
                    gid=rng.choice([0, 0, 5, 100, rng.randrange(1 << 20)]),
                    mtime=rng.randrange(1 << 31))

    for _ in range(rng.randrange(1, 8)):
        parent = rng.choice(dirs)
        if parent.count("/") >= 5:
            continue
        path = new_path(parent)
        w.dir(path, perm=rng.choice([0o755, 0o700, 0o555, 0o1777, 0o2755,
                                     rng.randrange(0o10000)]), **attrs())
        dirs.append(path)
        children[path] = set()
        members += 1

    for _ in range(rng.randrange(0, 40)):
        parent = rng.choice(dirs)
        path = new_path(parent)
        kind = rng.random()
        perm = rng.choice([0o644, 0o755, 0o600, 0o4755, 0o2711,
                           rng.randrange(0o10000)])
        if kind < 0.45:
            size = rng.choice([0, 0, 1, 2, 3, 4, 5, 511, 4096, 4097,
                               rng.randrange(70000)])
            w.file(path, rng.randbytes(size), perm=perm, **attrs())
        elif kind < 0.60:
            target = rng.choice(["/", "/etc/passwd", "..", "../" * 3 + "x",
                                 "dangling", "a" * rng.randrange(1, 300),
                                 rng.choice(dirs) or "."])
            w.symlink(path, target, **attrs())
        elif kind < 0.70:
            w.node(path, rng.choice([S_IFCHR, S_IFBLK]), perm=perm,
                   rmaj=rng.randrange(4096), rmin=rng.randrange(1 << 20),
                   **attrs())
        elif kind < 0.78:
            w.node(path, S_IFIFO, perm=perm, **attrs())
        elif kind < 0.83:
            w.node(path, S_IFSOCK, perm=perm, **attrs())
        else:
            nlinks = rng.randrange(2, 5)
            data = rng.randbytes(rng.choice([0, 1, 3, 1000, 9999]))
            holder = rng.randrange(nlinks)
            a = attrs()
            ino = 100000 + members
            for i in range(nlinks):
                lpath = new_path(rng.choice(dirs)) if i else path
                w.file(lpath, data if i == holder else b"", perm=perm,
                       nlink=nlinks, ino=ino, **a)
            members += nlinks - 1
        members += 1

    if big:
        parent = rng.choice(dirs)
        size = rng.randrange(2 << 20, 5 << 20)
        w.file(new_path(parent), rng.randbytes(size), perm=0o644, **attrs())
        members += 1
    w.trailer()
    return w.bytes(), members


def describe(root):
    """Map relative path -> attribute tuple; plus the hard-link groups."""
    tree, inodes = {}, {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, root)
            st = os.lstat(full)
            mode = st.st_mode
            info = [stat.S_IFMT(mode), st.st_uid, st.st_gid]
            if not stat.S_ISLNK(mode):
                info.append(oct(stat.S_IMODE(mode)))
            info.append(st.st_mtime_ns)
            if stat.S_ISREG(mode):
                with open(full, "rb") as f:
                    info += [st.st_size, hashlib.sha1(f.read()).hexdigest()]
                inodes.setdefault(st.st_ino, []).append(rel)
            elif stat.S_ISLNK(mode):
                info.append(os.readlink(full))
            elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
                info.append((os.major(st.st_rdev), os.minor(st.st_rdev)))
            tree[rel] = tuple(info)
    groups = sorted(sorted(g) for g in inodes.values() if len(g) > 1)
    return tree, groups


def compare(ours, theirs):
    (ta, ga), (tb, gb) = ours, theirs
    for path in sorted(set(ta) | set(tb)):
        a, b = ta.get(path), tb.get(path)
        if a is None or b is None:
            return "%s: only in %s" % (path, "cpio-extract" if b is None
                                       else "bsdtar")
        if a[0] == stat.S_IFSOCK and b[0] == stat.S_IFREG:
            b = (stat.S_IFSOCK,) + b[1:-2]  # bsdtar: no sockets
        if a != b:
            return "%s: cpio-extract %r, bsdtar %r" % (path, a, b)
    if ga != gb:
        return "hard links: cpio-extract %r, bsdtar %r" % (ga, gb)
    return None


def count_members(data):
    off = n = 0
    while data[off:off + 5] == b"07070":
        namesize = int(data[off + 94:off + 102], 16)
        filesize = int(data[off + 54:off + 62], 16)
        if data[off + 110:off + 109 + namesize] == b"TRAILER!!!":
            break
        n += 1
        off += 110 + namesize
        off += (4 - off % 4) % 4 + filesize
        off += (4 - off % 4) % 4
    return n


def gnu_cpio_archive(tree, fmt):
    """Archive @tree with GNU cpio: hard links carry data on the last link."""
    names = subprocess.run("cd '%s' && find . -mindepth 1 | LC_ALL=C sort" % tree,
                           shell=True, capture_output=True).stdout
    r = subprocess.run(["cpio", "--quiet", "-o", "-H", fmt], cwd=tree,
                       input=names, capture_output=True)
    return r.stdout if r.returncode == 0 else None


def run_one(args, seed, big, data=None):
    if data is None:
        data, members = make_archive(seed, big)
        work = os.path.join(args.workdir, "seed-%d" % seed)
    else:
        members = count_members(data)
        work = os.path.join(args.workdir, "gnu-%d" % seed)
    shutil.rmtree(work, ignore_errors=True)
    arc, ours, theirs = (os.path.join(work, n) for n in ("a.cpio", "ours",
                                                          "bsdtar"))
    os.makedirs(ours)
    os.makedirs(theirs)
    with open(arc, "wb") as f:
        f.write(data)
    r = subprocess.run([args.extract, "-C", ours, arc], capture_output=True)
    if r.returncode:
        return members, "cpio-extract failed: %s" % r.stderr.decode().strip()
    r = subprocess.run(["bsdtar", "-xpf", arc, "-C", theirs],
                       capture_output=True)
    if r.returncode:
        return members, "bsdtar failed: %s" % r.stderr.decode().strip()
    why = compare(describe(ours), describe(theirs))
    gnu = None
    if why is None and args.gnu and seed % 10 == 0:
        gnu = gnu_cpio_archive(theirs, "crc" if seed % 20 else "newc")
    if why is None:
        shutil.rmtree(work)
    else:
        why += " (kept in %s)" % work
    return members, why, gnu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--extract", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--no-gnu", dest="gnu", action="store_false",
                    help="skip the GNU cpio round trips (every 10th seed)")
    args = ap.parse_args()
    if os.geteuid():
        print("difftest needs root (mknod, chown)", file=sys.stderr)
    os.makedirs(args.workdir, exist_ok=True)
    passed = failed = 0
    start = time.time()
    number = 0

    def report(name, why):
        nonlocal passed, failed, number
        number += 1
        if why is None:
            passed += 1
            print("ok %d - %s" % (number, name))
        else:
            failed += 1
            print("not ok %d - %s: %s" % (number, name, why))
        sys.stdout.flush()

    for i in range(args.count):
        seed = args.first_seed + i
        members, why, gnu = run_one(args, seed, big=seed % 50 == 7)
        report("difftest seed %d (%d members)" % (seed, members), why)
        if gnu is not None:
            # The bsdtar tree archived again by GNU cpio, extracted by both.
            members, why, _ = run_one(args, seed, False, data=gnu)
            report("difftest GNU cpio round trip of seed %d (%d members)" %
                   (seed, members), why)
    print("# %.1f s" % (time.time() - start))
    print("%d passed, %d failed" % (passed, failed))
    if os.environ.get("RESULTS"):
        with open(os.environ["RESULTS"], "w") as f:
            f.write("%d %d 0\n" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
