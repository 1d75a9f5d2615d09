# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# kheaders: the kernel headers archive (CONFIG_IKHEADERS), see
# kheaders.guest.  On the host: the archive the build made is extracted by
# GNU cpio, its file set checked against the headers of the source and
# object trees, and its listing (kheaders-listing, the guest's too) put in
# the image as /kheaders/expected with the sha256 of the build's tarball.
# shellcheck source=archives.inc
. "$here/scenarios/archives.inc"
# shellcheck source=kheaders-listing.inc
. "$here/scenarios/kheaders-listing.inc"

# The headers gen_kheaders.sh must archive: *.h under include/ and
# arch/SRCARCH/include/ of both trees, silly-rename files and utsversion.h
# (written after the archive) left out.
kheaders_expected_set() {	# kheaders_expected_set SRCARCH
	local t d
	for t in "$tree" "$kout"; do
		for d in include "arch/$1/include"; do
			[ -d "$t/$d" ] || continue
			(cd "$t" && find "$d" -name '*.h' ! -name '.nfs*' ! -name '.__afs*')
		done
	done | grep -v '^include/generated/utsversion.h$' | LC_ALL=C sort -u
}

image() {
	local srcarch=$arch cpio x root=$S/kh
	[ "$arch" = x86_64 ] && srcarch=x86
	# Builds the modules too: with IKHEADERS=m, the archive comes with them.
	archives_image "$S/archives.img"
	cpio=$(ls "$kout"/kernel/kheaders_data.cpio.* 2> /dev/null) ||
		{ echo "# no kernel/kheaders_data.cpio.*: CONFIG_IKHEADERS off?"; return 1; }
	rm -rf "$S/khx" "$root"
	mkdir -p "$S/khx" "$root/kheaders"
	case "$cpio" in
	*.zst) x="zstd -dc" ;;
	*.xz) x="xz -dc" ;;
	esac
	$x "$cpio" | (cd "$S/khx" && cpio -idm --quiet)
	kheaders_expected_set "$srcarch" > "$S/set.expected"
	(cd "$S/khx" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort) > "$S/set.got"
	if ! diff -u "$S/set.expected" "$S/set.got" > "$S/set.diff"; then
		echo "# the archive's file set differs from the header set:"
		head -n 20 "$S/set.diff" | sed 's/^/# /'
		return 1
	fi
	echo "# $(wc -l < "$S/set.got") headers, $(stat -c %s "$cpio") bytes in $cpio"
	kheaders_listing "$S/khx" > "$root/kheaders/expected"
	if [ -f "$kout/kernel/kheaders_data.tar.xz" ]; then
		sha256sum < "$kout/kernel/kheaders_data.tar.xz" | cut -d' ' -f1 \
			> "$root/kheaders/tarball.sha256"
	fi
	cp "$here/scenarios/kheaders-listing.inc" "$root/kheaders/listing.sh"
	(cd "$root" && find kheaders | LC_ALL=C sort | cpio -o -H newc --quiet) \
		> "$S/kheaders.cpio"
	cat "$S/archives.img" "$S/kheaders.cpio" > "$1"
}

# The headers, their tarball and a user namespace: up to a minute under UML,
# up to eight minutes in an x86_64 KASAN guest under TCG on a slow host.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-900}
