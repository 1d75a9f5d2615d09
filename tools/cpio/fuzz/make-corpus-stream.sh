#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate fuzz/corpus-stream, the seeds of fuzz_stream: small images in
# the initramfs buffer format, plain, gzip, zstd and xz, concatenated and
# NUL-padded.  Each seed starts with the harness's three bytes (split seed,
# options).  Run once; the outputs are committed.  Needs python3, gzip,
# zstd and xz.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$here/corpus-stream
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -rf "$out"
mkdir -p "$out"

PYTHONPATH=$here/.. python3 - "$tmp" <<'PY'
import sys
from cpiowriter import Writer, S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR

d = sys.argv[1]

def archive(crc=False, trailer=True, files=2):
    w = Writer(crc=crc)
    w.member("dir", S_IFDIR | 0o755)
    for i in range(files):
        w.member("dir/f%d" % i, S_IFREG | 0o644, data=b"data %d\n" % i * (i + 1))
    w.member("dir/link", S_IFLNK | 0o777, data=b"f0")
    w.member("dev", S_IFCHR | 0o600, rdevmajor=1, rdevminor=3)
    if trailer:
        w.trailer()
    return bytes(w.out)

open(d + "/a.cpio", "wb").write(archive())
open(d + "/b.cpio", "wb").write(archive(crc=True, files=1))
open(d + "/c.cpio", "wb").write(archive(trailer=False, files=3))
PY

cd "$tmp"
gzip -9n -c a.cpio >a.gz
gzip -1n -c b.cpio >b.gz
zstd -q -19 -c a.cpio >a.zst
zstd -q -1 --no-check -c b.cpio >b.zst
xz -q --check=crc32 -c a.cpio >a.xz
xz -q --check=none --lzma2=dict=4KiB -c b.cpio >b.xz
xz -q --check=crc32 --x86 --lzma2=dict=4KiB -c c.cpio >c.xz
nul() { head -c "$1" /dev/zero; }

# seed NAME OPTS FILES...: the harness prefix, then the files' bytes.
seed() {
	local name=$1 opts=$2
	shift 2
	{ printf '\x5a\x11'; printf "\\x$opts"; cat "$@"; } >"$out/$name"
}

seed plain 00 a.cpio
seed plain-crc 02 b.cpio
seed plain-notrailer 00 c.cpio
seed gzip 00 a.gz
seed gzip-nocrc 01 b.gz
seed zstd 00 a.zst
seed zstd-nocheck 00 b.zst
seed xz 00 a.xz
seed xz-nocheck 00 b.xz
seed xz-bcj 00 c.xz
nul 4 >n4
nul 512 >n512
seed plain-gzip-zstd-xz 00 a.cpio n4 a.gz n512 b.zst n4 b.xz
seed gzip-gzip 00 a.gz b.gz
seed zstd-zstd 00 a.zst n4 b.zst
seed xz-xz 00 b.xz n4 b.xz
seed nul-plain-nul 00 n512 b.cpio n4
seed notrailer-gzip 00 c.cpio a.gz
# Options 0x14: the fifth callback fails with -EIO in the split run.
seed fail-early 14 a.cpio a.gz
# A zstd skippable frame before a frame.
{ printf '\x50\x2a\x4d\x18\x04\x00\x00\x00skip'; cat b.zst; } >skip.zst
seed zstd-skippable 00 skip.zst
ls -l "$out" | awk '{ s += $5 } END { print s " bytes in corpus-stream" }'
