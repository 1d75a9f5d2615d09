# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the scripts whose kernels share objects through ccache: the
# pristine/project pairs (pristine.sh) and the UML boot kernel with the
# KUnit kernel made from its configuration (boot/run.sh, run-kunit.sh).
#
# shellcheck shell=bash

# shared_cc TREE: set kbuild_cc to the CC of such a build: "ccache gcc",
# with the cache in build/ccache beside TREE, when ccache is installed, and
# gcc otherwise.  Paths are not made relative: the builds that share
# objects compile from the same absolute paths.
# shellcheck disable=SC2034 # kbuild_cc is the caller's
shared_cc() {
	kbuild_cc=gcc
	command -v ccache > /dev/null || return 0
	kbuild_cc="ccache gcc"
	export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$1")/ccache}
	export CCACHE_NOHASHDIR=1
}
