# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-initrd-image: with CONFIG_BLK_DEV_RAM, an external initrd that
# is not a (valid) initramfs is written to /initrd.image whole, after
# "rootfs image is not initramfs (...); looks like an initrd", and boot goes
# on.  Here the image starts with the harness, so /init is there, and ends
# with bytes that are no archive.  The kernel is a variant of the boot
# kernel with CONFIG_BLK_DEV_RAM=y (a copy of its build directory, kept in
# <out>/kernel-ram between runs).  UML only for now: the x86_64 boot kernel
# is tinyconfig-based, without the block layer that BLK_DEV_RAM needs.
# arch: um
check_manifest=0

image() {
	harness_segment "$S/harness.cpio"
	cp "$S/harness.cpio" "$1"
	printf 'this is no archive' >> "$1"
	[ -n "${ram_done:-}" ] || kernel_variant ram CONFIG_BLK_DEV_RAM=y
	ram_done=1
	BOOT_APPEND="${ram_append=${BOOT_APPEND:-}} boottest.initrd_size=$(stat -c %s "$1")"
	BOOT_APPEND="$BOOT_APPEND boottest.initrd_sha256=$(sha256sum < "$1" | cut -d' ' -f1)"
}

verdict() {	# verdict LOG RC EXPECTED_MANIFEST|""
	local m='rootfs image is not initramfs'
	m="$m (invalid magic at start of compressed archive); looks like an initrd"
	grep -a -q "$m" "$1" || {
		echo "no 'rootfs image is not initramfs (...)' message"
		return 1
	}
	grep -a -q '^@@BOOTTEST verdict ok' "$1" || {
		echo "guest: $(grep -a '^@@BOOTTEST verdict' "$1" | tr -d '\r')"
		return 1
	}
	! grep -a -q -E 'Kernel panic|BUG:|WARNING:|KASAN|Oops|Call Trace' "$1" || {
		echo "kernel report on the console"
		return 1
	}
}
