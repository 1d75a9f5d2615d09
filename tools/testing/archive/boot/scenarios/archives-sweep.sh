# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# archives-sweep: every allocation of one mount of the built-in archive
# "boot" (zstd, every entry type) failed in turn through fail-nth, see
# archives-sweep.guest and ../archive-sweep.c; the image is made by
# archives.inc plus the static helper /bin/archive-sweep.  UML only: its
# boot kernel has KASAN and kmemleak, and a sweep under TCG would be slow.
# arch: um
# shellcheck source=archives.inc
. "$here/scenarios/archives.inc"
image() {
	archives_image "$1" && add_static_tool "$1" archive-sweep
}

# About 200 mounts: about 100 s on a 2-core EPYC host under UML.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-240}
