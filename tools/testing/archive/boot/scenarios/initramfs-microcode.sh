# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# initramfs-microcode: the layout distributions ship, an uncompressed early
# cpio (CPU microcode under kernel/x86/microcode/, no leading slash, as
# dracut and initramfs-tools write it) directly followed by the compressed
# main archive.
image() {
	local t=$S/early
	rm -rf "$t"
	mkdir -p "$t/kernel/x86/microcode"
	mkdata 4096 ucode-amd "$t/kernel/x86/microcode/AuthenticAMD.bin"
	mkdata 10000 ucode-intel "$t/kernel/x86/microcode/GenuineIntel.bin"
	find "$t" -exec touch -h -d @1650000000 {} +
	(cd "$t" && find kernel | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0 --reproducible) > "$S/early.cpio"
	harness_segment "$S/harness.cpio"
	fixture_gen_segment /fixture/a "$S/a.cpio"
	cp "$S/early.cpio" "$1"
	cat "$S/harness.cpio" "$S/a.cpio" | zstd -q -19 >> "$1"
}
