/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's <linux/stddef.h> (NULL, offsetof, bool) on the UAPI one. */
#ifndef _CPIO_SHIM_LINUX_STDDEF_H
#define _CPIO_SHIM_LINUX_STDDEF_H

#include_next <linux/stddef.h>
#include <stdbool.h>
#include <stddef.h>

#endif
