/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's <linux/compiler.h>, see kernel-shim.h. */
#include "../kernel-shim.h"
