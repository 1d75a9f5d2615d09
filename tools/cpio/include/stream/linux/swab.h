/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's <linux/swab.h> on the UAPI one. */
#ifndef _CPIO_SHIM_LINUX_SWAB_H
#define _CPIO_SHIM_LINUX_SWAB_H

#include_next <linux/swab.h>

#define swab16(x)		__builtin_bswap16(x)
#define swab32(x)		__builtin_bswap32(x)
#define swab64(x)		__builtin_bswap64(x)

#endif
