# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-builtin: no external initrd; the harness and the fixture are
# linked into a variant of the boot kernel as its built-in initramfs
# (CONFIG_INITRAMFS_SOURCE, compressed as the config says).  The variant is
# a copy of the kernel build directory (<out>/kernel-builtin) with that one
# option changed.  The boot gets an empty
# initrd, which both architectures ignore.
builtin_variant() {	# builtin_variant CPIO: sets kernel and builtin_cpio
	kernel_variant builtin "CONFIG_INITRAMFS_SOURCE=\"$1\"" || return 1
	builtin_cpio=$out/kernel-builtin/usr/initramfs_inc_data
}

image() {
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	fixture_tree_segment /fixture/b "$S/b.cpio" bsdtar
	# /dev/console and /root, as the default built-in archive has them
	"$gen_init_cpio" -t 1700000000 "$tree/usr/default_cpio_list" > "$S/console.cpio"
	cat "$S/console.cpio" "$S/harness.cpio" "$S/a.cpio" "$S/b.cpio" > "$S/builtin.cpio"
	[ -n "${builtin_done:-}" ] || builtin_variant "$S/builtin.cpio"
	builtin_done=1
	: > "$1"
}
