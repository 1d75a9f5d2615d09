# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154
# archives-memcg: decoder workspaces charged to the mounter's memory cgroup,
# see archives-memcg.guest; the image is made by archives.inc.
# shellcheck source=archives.inc
. "$here/scenarios/archives.inc"
image() {
	archives_image "$1"
}
