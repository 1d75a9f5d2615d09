# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-async0: initrd-multi's image booted with initramfs_async=0.
image() {
	# shellcheck source=/dev/null
	. "$here/scenarios/initrd-multi.sh"
	image "$1"
	BOOT_APPEND="${async_append=${BOOT_APPEND:-}} initramfs_async=0"
}
