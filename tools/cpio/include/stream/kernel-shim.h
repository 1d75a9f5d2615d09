/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the kernel facilities used by lib/cpio/unpack.c
 * and by the decoders it calls (lib/zlib_inflate, lib/zstd, lib/xz,
 * lib/xxhash.c), so that tools/cpio can build and fuzz the whole stream
 * layer from unmodified kernel sources.  Every <linux/...> header under
 * tools/cpio/include/stream/ that the kernel has but userspace does not
 * is a one-line include of this file.
 */
#ifndef _CPIO_KERNEL_SHIM_H
#define _CPIO_KERNEL_SHIM_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/types.h>	/* the shim next to this file */
#include "cpio-shim.h"

#ifndef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#define noinline		__attribute__((__noinline__))
#define __maybe_unused		__attribute__((__unused__))
#define __init
#define __exit
#define __force
#ifndef fallthrough
#define fallthrough		__attribute__((__fallthrough__))
#endif
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

/*
 * IS_ENABLED(CONFIG_FOO) needs a __cpio_enabled_CONFIG_FOO below: an
 * option nobody thought about fails the build instead of silently
 * reading as 0.  The values are those of an x86_64 kernel.
 */
#define IS_ENABLED(option)	__cpio_enabled_##option
#define __cpio_enabled_CONFIG_HAVE_EFFICIENT_UNALIGNED_ACCESS	1
#define __cpio_enabled_CONFIG_CPIO_UNPACK_GZIP	1
#define __cpio_enabled_CONFIG_CPIO_UNPACK_ZSTD	1
#define __cpio_enabled_CONFIG_CPIO_UNPACK_XZ	1

#define BIT(nr)			(1UL << (nr))

#define min(a, b)		({ __typeof__(a) _a = (a); \
				   __typeof__(b) _b = (b); _a < _b ? _a : _b; })
#define max(a, b)		({ __typeof__(a) _a = (a); \
				   __typeof__(b) _b = (b); _a > _b ? _a : _b; })
#define max_t(type, a, b)	({ type _a = (a), _b = (b); _a > _b ? _a : _b; })

/* A kernel WARN is a bug worth stopping the fuzzer for. */
#define WARN_ON(cond)		({ int _c = !!(cond); \
				   if (_c) { fprintf(stderr, \
					"WARN_ON(%s) at %s:%d\n", #cond, \
					__FILE__, __LINE__); abort(); } _c; })
#define WARN_ON_ONCE(cond)	WARN_ON(cond)
#define BUG_ON(cond)		((void)WARN_ON(cond))
#define pr_debug(fmt, ...)	do { } while (0)

#define EXPORT_SYMBOL(sym)	extern int __cpio_shim_export_##sym
#define EXPORT_SYMBOL_GPL(sym)	extern int __cpio_shim_export_##sym
#define MODULE_LICENSE(s)	extern int __cpio_shim_module_license
#define MODULE_DESCRIPTION(s)	extern int __cpio_shim_module_description
#define MODULE_AUTHOR(s)	extern int __cpio_shim_module_author

/* Error pointers. */
#define MAX_ERRNO		4095

static inline void *ERR_PTR(long err)
{
	return (void *)err;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}

/* Memory: vmalloc and kvmalloc are plain malloc here. */
static inline void *vmalloc(size_t size)
{
	return malloc(size);
}

static inline void vfree(const void *ptr)
{
	free((void *)ptr);
}

static inline void *__vmalloc(size_t size, int gfp)
{
	return malloc(size);
}

static inline void *kvmalloc(size_t size, int gfp)
{
	return malloc(size);
}

static inline void kvfree(const void *ptr)
{
	free((void *)ptr);
}

static inline void cond_resched(void)
{
}

static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return dividend / divisor;
}

/* Byte order: the kernel's helpers, on a little-endian host. */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "tools/cpio/include/stream assumes a little-endian host"
#endif

/* Accesses through a packed struct may be unaligned, as on x86. */
#define get_unaligned(ptr)	({ const struct { __typeof__(*(ptr)) v; } \
				   __attribute__((__packed__)) *_p = \
				   (const void *)(ptr); _p->v; })
#define put_unaligned(val, ptr)	({ struct { __typeof__(*(ptr)) v; } \
				   __attribute__((__packed__)) *_p = \
				   (void *)(ptr); _p->v = (val); (void)0; })

static inline u16 get_unaligned_le16(const void *p)
{
	return get_unaligned((const u16 *)p);
}

static inline u32 get_unaligned_le32(const void *p)
{
	return get_unaligned((const u32 *)p);
}

static inline u64 get_unaligned_le64(const void *p)
{
	return get_unaligned((const u64 *)p);
}

static inline u32 get_unaligned_be32(const void *p)
{
	return __builtin_bswap32(get_unaligned((const u32 *)p));
}

static inline u64 get_unaligned_be64(const void *p)
{
	return __builtin_bswap64(get_unaligned((const u64 *)p));
}

static inline void put_unaligned_le16(u16 val, void *p)
{
	put_unaligned(val, (u16 *)p);
}

static inline void put_unaligned_le32(u32 val, void *p)
{
	put_unaligned(val, (u32 *)p);
}

static inline void put_unaligned_le64(u64 val, void *p)
{
	put_unaligned(val, (u64 *)p);
}

static inline void put_unaligned_be32(u32 val, void *p)
{
	put_unaligned(__builtin_bswap32(val), (u32 *)p);
}

static inline void put_unaligned_be64(u64 val, void *p)
{
	put_unaligned(__builtin_bswap64(val), (u64 *)p);
}

#define cpu_to_le16(x)		((u16)(x))
#define cpu_to_le32(x)		((u32)(x))
#define le16_to_cpu(x)		((u16)(x))
#define le32_to_cpu(x)		((u32)(x))
#define le64_to_cpu(x)		((u64)(x))

/* lib/crc32.c's crc32_le(), in stream-shim.c: no pre- or post-inversion. */
u32 crc32_le(u32 crc, const void *p, size_t len);

#endif /* _CPIO_KERNEL_SHIM_H */
