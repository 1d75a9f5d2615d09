// SPDX-License-Identifier: GPL-2.0
/*
 * The initramfs generator, built here once for the named archives of
 * fs/archives (CONFIG_ARCHIVES_BUILTIN, the test module) and for kheaders:
 * scripts/ is built before the directories that use it.
 */
#include "../usr/gen_init_cpio.c"
