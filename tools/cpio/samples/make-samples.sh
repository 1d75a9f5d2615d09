#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate tools/cpio/samples: good-*.cpio must parse, bad-<errno>-*.cpio
# must fail with exactly that errno.  Run once; the outputs are committed.
# Needs cpio, bsdtar (libarchive-tools), python3 and a C compiler; the
# gen_init_cpio sample needs usr/gen_init_cpio.c from a kernel tree
# (KSRC, default ../../../build/linux).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ksrc=${KSRC:-$here/../../../build/linux}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$here"
rm -f good-*.cpio bad-*.cpio

# A small tree, with fixed times for reproducible archives.
t=$tmp/tree
mkdir -p "$t/dir/sub"
printf 'hello\n' >"$t/dir/file"
printf 'abc' >"$t/dir/sub/odd"
: >"$t/empty"
ln "$t/dir/file" "$t/dir/hardlink"
ln -s dir/file "$t/link"
mkfifo "$t/fifo"
find "$t" -exec touch -h -d @1700000000 {} +
(cd "$t" && find . | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible) >good-cpio-newc.cpio
(cd "$t" && find . | LC_ALL=C sort | cpio --quiet -o -H crc --reproducible) >good-cpio-crc.cpio
(cd "$t" && find . | LC_ALL=C sort | bsdtar --format newc -cf - -n -T -) >good-bsdtar-newc.cpio
(cd "$t" && find . | LC_ALL=C sort | cpio --quiet -o -H odc --reproducible) >bad-eopnotsupp-odc.cpio
(cd "$t" && find . | LC_ALL=C sort | cpio --quiet -o -H bin --reproducible) \
	>bad-eopnotsupp-binary.cpio

if [ -f "$ksrc/usr/gen_init_cpio.c" ]; then
	cc -O2 -o "$tmp/gen_init_cpio" "$ksrc/usr/gen_init_cpio.c"
	printf 'x' >"$tmp/one"
	cat >"$tmp/list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/loop0 0660 0 6 b 7 0
dir /root 0700 0 0
file /init $tmp/one 0755 0 0
slink /bin /usr/bin 0777 0 0
pipe /run.fifo 0644 0 0
sock /run.sock 0644 0 0
LIST
	"$tmp/gen_init_cpio" -t 1700000000 "$tmp/list" >good-gen-init-cpio.cpio
fi

PYTHONPATH=$here/.. python3 - <<'PY'
from cpiowriter import *

def save(name, w):
    open(name, "wb").write(w if isinstance(w, bytes) else w.bytes())

def base(**kw):
    return Writer(**kw)

# Good, hand-made.
save("good-empty.cpio", base().trailer())
save("good-types.cpio", base().dir("d").file("d/f", "data\n")
     .file("d/empty").symlink("d/l", "f").node("d/c", S_IFCHR, rmaj=1, rmin=3)
     .node("d/b", S_IFBLK, rmaj=8, rmin=1).node("d/p", S_IFIFO)
     .node("d/s", S_IFSOCK).member("d/dirdata", S_IFDIR | 0o755, b"skipped")
     .trailer())
save("good-crc.cpio", base(crc=True).file("a", b"\xff" * 7).file("b", "x")
     .trailer())
save("good-notrailer.cpio", base().file("a", "1").file("b", "22"))
save("good-nul-gaps.cpio", base().nuls(8).file("a", "1").nuls(12)
     .file("b", "22").trailer().nuls(512))
save("good-concat.cpio", base().file("a", "1").trailer().nuls(4)
     .file("a", "2").trailer())
save("good-name-lengths.cpio", base().file("x").file("xy").file("xyz")
     .file("wxyz").file("vwxyz", "12345").trailer())
save("good-hardlinks.cpio", base().file("h1", nlink=2, ino=7)
     .file("h2", "shared", nlink=2, ino=7).trailer())
save("good-lowercase-hex.cpio", base().file("a", "1", raw={"mode": "000081a4"})
     .trailer())
# A name ends at its first NUL; NULs after it align the data.
save("good-name-embedded-nul.cpio", base().file("a", "1", name_bytes=b"a\0b\0"))
save("good-name-nul-padded.cpio", base().file("a", "1", name_bytes=b"a" + bytes(13)).trailer())
save("good-big.cpio", base().file("big", bytes(range(256)) * 64).trailer())

# Bad ones: errno in the name.
save("bad-einval-magic.cpio", base().file("a", "1", magic=b"070703"))
save("bad-einval-magic-prefix.cpio", base().file("a", "1", magic=b"071701"))
save("bad-einval-half-binary.cpio", b"\x71" + base().file("a", "1").bytes())
save("bad-einval-0x-prefix.cpio", base().file("a", "1", raw={"mode": "0x0081A4"}))
for f in FIELDS:
    save("bad-einval-nonhex-%s.cpio" % f, base().file("a", "1", raw={f: "0000000g"}))
save("bad-einval-namesize0.cpio",
     base().file("a", "1", name_bytes=b"", raw={"namesize": "00000000"}))
save("bad-enametoolong-namesize.cpio", base().file("a" * 4096, "1"))
save("bad-einval-name-no-nul.cpio", base().file("a", "1", name_bytes=b"ab"))
save("bad-einval-padding-name.cpio", base().file("ab", "1", name_pad=b"\0x"))
save("bad-einval-padding-data.cpio", base().file("a", "1", data_pad=b"\0\0z"))
save("bad-einval-symlink-empty.cpio", base().symlink("l", ""))
save("bad-enametoolong-symlink.cpio", base().symlink("l", "t" * 4096))
save("bad-ebadmsg-crc.cpio", base(crc=True).file("a", "1", check=0x32))
save("bad-einval-unaligned-after-trailer.cpio", base().trailer().nuls(2).file("a", "1"))
save("bad-einval-file-type.cpio", base().member("x", 0o170644))
good = base().file("abcd", "123456").trailer().bytes()
save("bad-enodata-header.cpio", good[:50])
save("bad-enodata-name.cpio", good[:113])
save("bad-enodata-name-pad.cpio", good[:115])
save("bad-enodata-data.cpio", good[:119])
save("good-unpadded-end.cpio", good[:123])   # iPXE: last file unpadded
save("bad-enodata-target.cpio", base().symlink("l", "target").bytes()[:117])
save("bad-enodata-binary-byte.cpio", b"\x71")
PY
ls -l good-*.cpio bad-*.cpio | wc -l
