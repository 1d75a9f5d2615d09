/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Named archives: cpio archives registered by name, from which a tmpfs can
 * be filled ("mount -t tmpfs -o archive=NAME none DIR").  See
 * Documentation/filesystems/archives.rst and fs/archives/.
 */
#ifndef _LINUX_ARCHIVE_H
#define _LINUX_ARCHIVE_H

#include <linux/bits.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/stringify.h>
#include <linux/types.h>

struct archive;
struct fs_context;
struct module;
struct path;
struct seq_file;

/* Longest archive name; names are [a-z0-9._-], not starting with '.'. */
#define ARCHIVE_NAME_MAX	64

/* Mountable from a tmpfs created in a user namespace other than the initial. */
#define ARCHIVE_PUBLIC		BIT(0)

/**
 * enum archive_source - where a registered archive came from
 * @ARCHIVE_SOURCE_KERNEL: registered by built-in kernel code at run time
 * @ARCHIVE_SOURCE_BUILTIN: linked into the image by kbuild
 *	(CONFIG_ARCHIVES_BUILTIN)
 * @ARCHIVE_SOURCE_MODULE: registered by a module
 * @ARCHIVE_SOURCE_FIRMWARE: loaded with request_firmware_direct()
 */
enum archive_source {
	ARCHIVE_SOURCE_KERNEL,
	ARCHIVE_SOURCE_BUILTIN,
	ARCHIVE_SOURCE_MODULE,
	ARCHIVE_SOURCE_FIRMWARE,
};

/**
 * struct archive_desc - what to register
 * @name: the archive name, copied
 * @data: the archive: cpio newc/crc segments, possibly compressed (gzip,
 *	zstd, xz), as the initramfs buffer format allows; copied into a
 *	swappable store at registration unless @read is set
 * @size: bytes at @data, or the size @read produces
 * @read: instead of @data, a way to get the archive: called at registration
 *	to fill @buf with @len bytes from offset @pos; returns 0 or -errno
 * @priv: passed to @read
 * @owner: the module registering the archive, THIS_MODULE (NULL if built in)
 * @flags: %ARCHIVE_PUBLIC or 0
 */
struct archive_desc {
	const char *name;
	const void *data;
	size_t size;
	int (*read)(void *priv, void *buf, size_t len, loff_t pos);
	void *priv;
	struct module *owner;
	unsigned int flags;
};

/*
 * Link a file into the image as an archive blob, the way kernel/configs.c
 * embeds its configuration.  @sym and @sym##_end delimit the data; @section
 * is ".init.rodata" for a blob registered from an __init function and
 * freed afterwards (after boot when built in, once the module is
 * initialized in a module), ".rodata" otherwise.  @path is relative to the
 * top of the object tree.
 */
#define ARCHIVE_INCBIN(sym, section, path)				\
	extern const u8 sym[];						\
	extern const u8 sym##_end[];					\
	asm("	.pushsection " section ", \"a\"\n"			\
	    "	.balign 8\n"						\
	    "	.global " __stringify(sym) "\n"				\
	    __stringify(sym) ":\n"					\
	    "	.incbin \"" path "\"\n"					\
	    "	.global " __stringify(sym) "_end\n"			\
	    __stringify(sym) "_end:\n"					\
	    "	.popsection\n")

#ifdef CONFIG_ARCHIVES

struct archive *archive_register(const struct archive_desc *desc);
void archive_unregister(struct archive *a);
struct archive *archive_hold(struct archive *a);
void archive_put(struct archive *a);
const char *archive_name(const struct archive *a);

/* The tmpfs "archive=" option, called from mm/shmem.c. */
int archive_tmpfs_parse(struct fs_context *fc, const char *name,
			struct archive **archive);
int archive_tmpfs_fill(struct fs_context *fc, struct archive *archive,
		       const struct path *root);
void archive_tmpfs_show(struct seq_file *seq, struct archive *archive);

#else /* !CONFIG_ARCHIVES */

static inline struct archive *archive_register(const struct archive_desc *desc)
{
	return ERR_PTR(-EOPNOTSUPP);
}

static inline void archive_unregister(struct archive *a)
{
}

static inline struct archive *archive_hold(struct archive *a)
{
	return a;
}

static inline void archive_put(struct archive *a)
{
}

static inline const char *archive_name(const struct archive *a)
{
	return NULL;
}

static inline int archive_tmpfs_parse(struct fs_context *fc, const char *name,
				      struct archive **archive)
{
	return -EOPNOTSUPP;
}

static inline int archive_tmpfs_fill(struct fs_context *fc,
				     struct archive *archive,
				     const struct path *root)
{
	return -EOPNOTSUPP;
}

static inline void archive_tmpfs_show(struct seq_file *seq,
				      struct archive *archive)
{
}

#endif /* CONFIG_ARCHIVES */

#endif /* _LINUX_ARCHIVE_H */
