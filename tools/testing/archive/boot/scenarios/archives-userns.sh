# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# archives-userns: named archives mounted as tmpfs (fs/archives), see
# archives-userns.guest; the image is made by archives.inc.
# shellcheck source=archives.inc
. "$here/scenarios/archives.inc"
image() {
	archives_image "$1"
}
