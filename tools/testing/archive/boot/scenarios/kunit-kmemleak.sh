# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2154,SC2034
# kunit-kmemleak: the cpio library's KUnit suites, built into the UML boot
# kernel, run before init; init's kmemleak scan then covers all they
# allocated, which kunit.py's own runs cannot check.  The x86_64 boot
# kernel has no KUnit.
# arch: um
image() {
	harness_segment "$1"
	BOOT_APPEND="${kunit_append=${BOOT_APPEND:-}} kunit.enable=1"
}
