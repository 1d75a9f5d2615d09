#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare what pristine 6.12 and the project left in the rootfs.

  compare.py --deviations FILE [--results FILE] LOGDIR IMAGE...

For each IMAGE (NAME.img), LOGDIR/NAME.pristine and LOGDIR/NAME.ours are the
consoles of the two oracle boots.  The outcome of a boot is the rootfs
listing the lister printed (../boot/manifest.py's format, mtimes and hard
links included; an mtime within BOOT_WINDOW of the boot's clock reads
"now"), the "Initramfs unpacking failed" message if any, and any
kernel report (BUG, WARNING, Oops, panic).  An image whose two outcomes are
the same is "identical"; one whose differences are all matched by entries
of the deviation table is "explained"; any other difference fails.

Prints one KTAP-style line per image, a summary per source (the tool that
made the image: the name up to its first '-', "gnu-cpio" and
"gen_init_cpio" as wholes), the deviations seen, and "P passed, F failed".
"""

import argparse
import fnmatch
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "boot"))
import manifest  # noqa: E402

FAILED = re.compile(r"Initramfs unpacking failed: (.*)")
REPORT = re.compile(r"(BUG:|WARNING:|Oops|Kernel panic|general protection"
                    r"|KASAN|Call Trace)")
PREFIX = re.compile(r"^(<\d+>)?(\[[ 0-9.]+\] )?")
NOW = re.compile(r"@@ORACLE now (\d+)")
# An mtime this close to the boot's clock was set by the kernel, not the
# archive (a file cut by the end of the archive never gets its own).
BOOT_WINDOW = 600


def mark_boot_mtimes(listing, now):
    """Replace mtimes within BOOT_WINDOW seconds of @now by "now"."""
    out = []
    for line in listing:
        f = line.split("\t")
        if f[6].isdigit() and 0 <= now - int(f[6]) <= BOOT_WINDOW:
            f[6] = "now"
        out.append("\t".join(f))
    return out
SOURCES = ("gnu-cpio", "gen_init_cpio")


class Deviation:
    def __init__(self, ident, where, regex, reason):
        self.ident, self.where, self.reason = ident, where, reason
        self.regex = re.compile(regex)
        self.images = 0

    def applies(self, image, features):
        kind, _, arg = self.where.partition(":")
        if kind == "image":
            return fnmatch.fnmatchcase(image, arg)
        return kind == "feature" and arg in features

    def explains(self, image, features, diff):
        return self.applies(image, features) and self.regex.search(diff)


def read_features(img):
    """The features (damage kinds included) gen.py lists in IMAGE.desc."""
    try:
        with open(img[:-len(".img")] + ".desc") as f:
            for line in f:
                if line.startswith("features:"):
                    return set(line.split()[1:])
    except OSError:
        pass
    return set()


def read_deviations(path):
    """Entries: "ID<TAB>WHERE<TAB>REGEX<TAB>REASON", WHERE being
    image:GLOB or feature:NAME (of gen.py's .desc); '#' comments."""
    table = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 4:
                sys.exit("%s:%d: expected 4 tab-separated fields" % (path, n))
            table.append(Deviation(*fields))
    return table


def outcome(logfile):
    """(listing or None, unpack failure message or None, kernel reports)."""
    try:
        listing = manifest.guest_manifest(logfile, True)
    except (manifest.Error, OSError):
        listing = None
    failed, reports = None, []
    try:
        with open(logfile, "rb") as f:
            text = f.read().decode("utf-8", "replace")
    except OSError:
        text = ""
    m = NOW.search(text)
    if listing is not None and m:
        listing = mark_boot_mtimes(listing, int(m.group(1)))
    for line in text.splitlines():
        line = PREFIX.sub("", line.rstrip("\r"))
        m = FAILED.search(line)
        if m:
            failed = m.group(1)
        elif REPORT.search(line):
            reports.append(line.strip())
    return listing, failed, reports


def differences(pristine, ours):
    p_list, p_failed, p_reports = pristine
    o_list, o_failed, o_reports = ours
    diffs = []
    if o_list is None or p_list is None:
        if o_list is not p_list:
            side = "ours" if o_list is None else "pristine"
            diffs.append("listing: none from %s" % side)
    else:
        for d in manifest.compare(p_list, o_list):
            diffs.append("rootfs: " + d.replace("(expected", "(pristine")
                         .replace(", got", ", ours"))
    if p_failed != o_failed:
        diffs.append("message: pristine %r, ours %r" % (p_failed, o_failed))
    for r in sorted(set(o_reports) - set(p_reports)):
        diffs.append("report: ours: " + r)
    for r in sorted(set(p_reports) - set(o_reports)):
        diffs.append("report: pristine: " + r)
    return diffs


def source_of(name):
    for s in SOURCES:
        if name.startswith(s + "-"):
            return s
    return name.split("-", 1)[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--deviations", required=True)
    ap.add_argument("--results")
    ap.add_argument("logdir")
    ap.add_argument("images", nargs="+")
    args = ap.parse_args()
    table = read_deviations(args.deviations)

    print("TAP version 13")
    print("1..%d" % len(args.images))
    passed = failed = 0
    per_source = {}
    for n, img in enumerate(args.images, 1):
        name = os.path.basename(img)[:-len(".img")]
        logs = [os.path.join(args.logdir, name + "." + k)
                for k in ("pristine", "ours")]
        diffs = differences(outcome(logs[0]), outcome(logs[1]))
        features = read_features(img)
        stats = per_source.setdefault(source_of(name), [0, 0, 0, 0])
        stats[0] += 1
        unexplained, used = [], []
        for d in diffs:
            dev = next((t for t in table if t.explains(name, features, d)),
                       None)
            if dev is None:
                unexplained.append(d)
            elif dev not in used:
                used.append(dev)
        for dev in used:
            dev.images += 1
        if unexplained:
            failed += 1
            stats[3] += 1
            more = " (+%d more)" % (len(unexplained) - 3) if len(unexplained) > 3 else ""
            print("not ok %d - oracle: %s: %s%s" % (n, name, "; ".join(unexplained[:3]), more))
        elif diffs:
            passed += 1
            stats[2] += 1
            print("ok %d - oracle: %s: explained by %s" %
                  (n, name, ", ".join(d.ident for d in used)))
        else:
            passed += 1
            stats[1] += 1
            print("ok %d - oracle: %s: identical" % (n, name))

    print("# per source: images, identical, explained, unexplained")
    for src in sorted(per_source):
        s = per_source[src]
        print("# oracle: %-14s %4d images, %4d identical, %3d explained, %3d unexplained"
              % (src, *s))
    print("# deviations seen (table: %s)" % args.deviations)
    for dev in table:
        print("# %s: %d images: %s" % (dev.ident, dev.images, dev.reason))
    print("%d passed, %d failed" % (passed, failed))
    if args.results:
        with open(args.results, "w") as f:
            f.write("%d %d 0\n" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
