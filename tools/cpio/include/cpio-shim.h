/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the few kernel facilities lib/cpio/parser.c uses,
 * so that the same file builds in tools/cpio (as lib/bootconfig.c does).
 */
#ifndef _CPIO_SHIM_H
#define _CPIO_SHIM_H

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef uint32_t u32;
typedef uint64_t u64;

#define GFP_KERNEL		0
#define GFP_KERNEL_ACCOUNT	0
#define __GFP_RETRY_MAYFAIL	0
#define __GFP_NOWARN		0

static inline void *kmalloc(size_t size, int gfp)
{
	return malloc(size);
}

static inline void *kzalloc(size_t size, int gfp)
{
	return calloc(1, size);
}

static inline void kfree(const void *ptr)
{
	free((void *)ptr);
}

/*
 * No module exports in userspace: declare an unused object instead, which
 * also gives the trailing semicolon of EXPORT_SYMBOL_IF_KUNIT(sym);
 * something to end.
 */
#define EXPORT_SYMBOL_IF_KUNIT(sym)	extern int __cpio_shim_export_##sym

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define min_t(type, a, b)	({ type _a = (a), _b = (b); _a < _b ? _a : _b; })
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))(y) - 1)) + 1)

#endif /* _CPIO_SHIM_H */
