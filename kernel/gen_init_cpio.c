// SPDX-License-Identifier: GPL-2.0
/* The initramfs generator, built here for gen_kheaders.sh. */
#include "../usr/gen_init_cpio.c"
