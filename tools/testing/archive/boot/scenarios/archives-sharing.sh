# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# archives-sharing: read-only archive mounts share a superblock,
# see archives-sharing.guest; the image is made by archives.inc.
# shellcheck source=archives.inc
. "$here/scenarios/archives.inc"
image() {
	archives_image "$1" && add_static_tool "$1" sync-probe
}
