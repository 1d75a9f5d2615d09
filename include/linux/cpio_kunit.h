/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A cpio newc/crc writer for KUnit suites: the parser's, the extractor's,
 * initramfs' and the named archives' tests write their archives with it.
 * Only test code includes this header.
 */
#ifndef _LINUX_CPIO_KUNIT_H
#define _LINUX_CPIO_KUNIT_H

#include <kunit/test.h>
#include <linux/align.h>
#include <linux/cpio.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

/**
 * struct cpio_kunit_member - a member to write
 * @name: the name
 * @mode: file type and permission bits
 * @data: file data or symlink target, or NULL
 * @uid: owner
 * @gid: group
 * @nlink: link count; 0 for 1
 * @mtime: modification time, in seconds since the epoch
 * @ino: inode number, what groups hard links; 0 takes the writer's
 *	&cpio_kunit_writer.next_ino when that is set
 * @rdev_major: device number of a device node, major
 * @rdev_minor: device number of a device node, minor
 * @size: bytes of @data, the header's filesize; 0 for strlen(@data)
 * @namesize: the header's namesize, the name then NULs up to it; 0 for
 *	strlen(@name) + 1, and strlen(@name) leaves the name without its NUL
 * @check: the header's check field; for @crc, 0 writes the sum of the data
 * @crc: the "070702" magic instead of "070701"
 *
 * The first fields come in the order positional initializers of the
 * suites use.
 */
struct cpio_kunit_member {
	const char *name;
	u32 mode;
	const void *data;
	u32 uid, gid, nlink, mtime, ino, rdev_major, rdev_minor;
	u32 size, namesize, check;
	bool crc;
};

/**
 * struct cpio_kunit_writer - an archive being written
 * @buf: the archive
 * @len: bytes written
 * @cap: bytes of @buf
 * @next_ino: when nonzero, the inode number given to the next member
 *	written with @ino 0, then incremented
 */
struct cpio_kunit_writer {
	char *buf;
	size_t len, cap;
	u32 next_ino;
};

static inline void cpio_kunit_vfree(void *p)
{
	vfree(p);
}

/**
 * cpio_kunit_writer_init() - start an empty archive of at most @cap bytes
 * @test: the test case owning the buffer, or NULL for one the caller frees
 *	with vfree()
 * @w: the writer
 * @cap: buffer size
 *
 * Return: 0 or -ENOMEM.
 */
static inline int cpio_kunit_writer_init(struct kunit *test,
					 struct cpio_kunit_writer *w,
					 size_t cap)
{
	*w = (struct cpio_kunit_writer){ .cap = cap };
	w->buf = vzalloc(cap);
	if (!w->buf)
		return -ENOMEM;
	if (!test)
		return 0;
	return kunit_add_action_or_reset(test, cpio_kunit_vfree, w->buf);
}

static inline u32 cpio_kunit_size(const struct cpio_kunit_member *m)
{
	return m->size ?: (m->data ? strlen(m->data) : 0);
}

static inline u32 cpio_kunit_namesize(const struct cpio_kunit_member *m)
{
	return m->namesize ?: strlen(m->name) + 1;
}

/* The crc format's check: the 32-bit sum of the data bytes, unsigned. */
static inline u32 cpio_kunit_sum(const void *data, size_t len)
{
	const u8 *p = data;
	u32 sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

/* Bytes of @m in an archive: header and name, then data, padded to 4. */
static inline size_t cpio_kunit_len(const struct cpio_kunit_member *m)
{
	return ALIGN(CPIO_HDR_LEN + cpio_kunit_namesize(m), 4) +
	       ALIGN(cpio_kunit_size(m), 4);
}

/**
 * cpio_kunit_add() - append a member
 * @w: the writer
 * @m: the member
 *
 * Return: 0, or -ENOSPC and nothing written if @m does not fit.
 */
static inline int cpio_kunit_add(struct cpio_kunit_writer *w,
				 const struct cpio_kunit_member *m)
{
	u32 size = cpio_kunit_size(m), namesize = cpio_kunit_namesize(m);
	u32 check = m->check, ino = m->ino;
	char hdr[CPIO_HDR_LEN + 1];
	char *p = w->buf + w->len;

	if (w->len + cpio_kunit_len(m) > w->cap)
		return -ENOSPC;
	if (m->crc && !check)
		check = cpio_kunit_sum(m->data, size);
	if (!ino && w->next_ino)
		ino = w->next_ino++;
	snprintf(hdr, sizeof(hdr),
		 "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 m->crc ? "070702" : "070701", ino, m->mode, m->uid, m->gid,
		 m->nlink ?: 1, m->mtime, size, 0, 0, m->rdev_major,
		 m->rdev_minor, namesize, check);
	memset(p, 0, cpio_kunit_len(m));
	memcpy(p, hdr, CPIO_HDR_LEN);
	memcpy(p + CPIO_HDR_LEN, m->name,
	       min_t(size_t, strlen(m->name), namesize));
	if (size)
		memcpy(p + ALIGN(CPIO_HDR_LEN + namesize, 4), m->data, size);
	w->len += cpio_kunit_len(m);
	return 0;
}

/**
 * cpio_kunit_add_trailer() - append the "TRAILER!!!" member
 * @w: the writer
 *
 * Return: 0 or -ENOSPC.
 */
static inline int cpio_kunit_add_trailer(struct cpio_kunit_writer *w)
{
	static const struct cpio_kunit_member trailer = {
		.name = "TRAILER!!!",
	};

	return cpio_kunit_add(w, &trailer);
}

#endif /* _LINUX_CPIO_KUNIT_H */
