// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-line parts of tools/cpio/include/stream/kernel-shim.h: the CRC32
 * that lib/cpio/unpack.c checks gzip members with, and the set-up xz's
 * standalone CRC32 needs before the first xz_dec_run().
 */
#include <linux/crc32.h>
#include <linux/xz.h>

#define CRC32_POLY_LE	0xedb88320

static u32 crc32_table[256];

/* Bit-reflected CRC32 (IEEE 802.3), as lib/crc32.c's crc32_le(). */
u32 crc32_le(u32 crc, const void *p, size_t len)
{
	const u8 *buf = p;

	while (len--)
		crc = crc32_table[(crc ^ *buf++) & 0xff] ^ (crc >> 8);
	return crc;
}

static void __attribute__((constructor)) stream_shim_init(void)
{
	u32 i, j, r;

	for (i = 0; i < 256; i++) {
		r = i;
		for (j = 0; j < 8; j++)
			r = (r >> 1) ^ (r & 1 ? CRC32_POLY_LE : 0);
		crc32_table[i] = r;
	}
	xz_crc32_init();
}
