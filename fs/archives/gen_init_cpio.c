// SPDX-License-Identifier: GPL-2.0
/* The initramfs generator, built here for the built-in archives. */
#include "../../usr/gen_init_cpio.c"
