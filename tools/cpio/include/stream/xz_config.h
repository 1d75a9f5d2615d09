/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What lib/xz/xz_private.h asks of a userspace build: found by its
 * #include "xz_config.h" through tools/cpio/include/stream.  The BCJ filters
 * are those an x86_64 kernel enables by default (lib/xz/Kconfig); the CRC32
 * is xz's own (lib/xz/xz_crc32.c), initialised by stream-shim.c.
 */
#ifndef _CPIO_XZ_CONFIG_H
#define _CPIO_XZ_CONFIG_H

#include "kernel-shim.h"

#define XZ_DEC_X86
#define XZ_DEC_POWERPC
#define XZ_DEC_ARM
#define XZ_DEC_ARMTHUMB
#define XZ_DEC_ARM64
#define XZ_DEC_SPARC
#define XZ_DEC_RISCV

#include <linux/xz.h>

#define memeq(a, b, size)	(memcmp(a, b, size) == 0)
#define memzero(buf, size)	memset(buf, 0, size)
#define get_le32(p)		get_unaligned_le32(p)

#endif /* _CPIO_XZ_CONFIG_H */
