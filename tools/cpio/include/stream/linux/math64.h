/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in for the kernel's <linux/math64.h>, see kernel-shim.h. */
#include "../kernel-shim.h"
