# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# archives-sources: named archives mounted as tmpfs (fs/archives), see
# archives-sources.guest; the image is made by archives.inc.
# shellcheck source=archives.inc
. "$here/scenarios/archives.inc"
image() {
	archives_image "$1"
}
