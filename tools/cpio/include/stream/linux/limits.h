/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's <linux/limits.h> (INT_MAX and friends) on the UAPI one. */
#ifndef _CPIO_SHIM_LINUX_LIMITS_H
#define _CPIO_SHIM_LINUX_LIMITS_H

#include_next <linux/limits.h>
#include <limits.h>

#endif
