# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-retain: with retain_initrd, /sys/firmware/initrd holds the image
# byte for byte.  The host puts the image's sha256 and size on the kernel
# command line for the guest script to compare.
image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	cp "$S/harness.cpio" "$1"
	pad "$1" 4
	gzip -9n < "$S/a.cpio" >> "$1"
	pad "$1" 7
	BOOT_APPEND="${retain_append=${BOOT_APPEND:-}} retain_initrd"
	BOOT_APPEND="$BOOT_APPEND boottest.initrd_size=$(stat -c %s "$1")"
	BOOT_APPEND="$BOOT_APPEND boottest.initrd_sha256=$(sha256sum < "$1" | cut -d' ' -f1)"
}
