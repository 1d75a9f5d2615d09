#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demo: build the boot-test UML kernel, boot it with a small initramfs
# made here, and print what the kernel shows: the unpacked rootfs (checked
# against the host's sha256 of the same files) and, when the kernel has named
# archives, each one mounted with "archive=", its size, the time the mount
# took and the memory returned after umount.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
tree=$top/build/linux
out=$top/build/demo
kernel=$top/build/boot-um/kernel/linux
mkdir -p "$out"

echo "demo: building the UML kernel (build/boot-um/kernel, incremental)"
BOOT_BUILD_ONLY=1 bash "$here/boot/run.sh" --arch um >/dev/null

echo "demo: checking the host"
bash "$here/hostcheck.sh" --uml "$kernel" ||
	{ echo "demo: this host cannot run the UML kernel (see above)"; exit 1; }

echo "demo: making the initramfs"
cc -O2 -o "$out/gen_init_cpio" "$tree/usr/gen_init_cpio.c"
mkdir -p "$out/files"
cp "$tree/COPYING" "$out/files/COPYING"
head -c 1048576 /dev/urandom > "$out/files/random.bin"
cat > "$out/list" <<LIST
dir /bin 0755 0 0
file /bin/busybox /bin/busybox 0755 0 0
slink /bin/sh busybox 0777 0 0
file /init $here/demo/init 0755 0 0
dir /proc 0555 0 0
dir /sys 0555 0 0
dir /dev 0755 0 0
dir /mnt 0755 0 0
dir /demo 0755 0 0
file /demo/COPYING $out/files/COPYING 0644 0 0
file /demo/random.bin $out/files/random.bin 0600 1000 1000
slink /demo/license COPYING 0777 0 0
LIST
(cd "$out" && ./gen_init_cpio list | zstd -q -19 -f -o initrd.zst)
for f in COPYING random.bin; do
	echo "host  sha256 $(sha256sum "$out/files/$f" | cut -c1-64)  /demo/$f"
done

echo "demo: booting $(basename "$kernel") under UML"
(ulimit -c 0; timeout -k 5 120 "$kernel" mem=256M initrd="$out/initrd.zst" \
	con=null con0=null,fd:1 quiet </dev/null 2>&1 || true) |
	tr -d '\r' | sed -n '/^=== kernel/,/^=== demo done/p' | tee "$out/console.log"
grep -q '^=== demo done' "$out/console.log" || { echo "demo: the guest did not finish"; exit 1; }
