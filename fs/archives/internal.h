/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Named archives: what the registry, its sources and the tmpfs glue
 * share.  Calls go one way: tmpfs.c to sources.c, sources.c and builtin.c
 * to registry.c, which owns the archive object and its lifetime.
 */
#ifndef _FS_ARCHIVES_INTERNAL_H
#define _FS_ARCHIVES_INTERNAL_H

#include <linux/archive.h>
#include <linux/fs.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/spinlock.h>

/**
 * struct archive - a registered archive
 * @kobj: its directory in /sys/kernel/archives; holds the reference count
 * @node: in the registry's list while registered
 * @name: the archive name
 * @lock: protects @store
 * @store: swappable shmem file holding the archive, NULL once unregistered
 * @size: archive size in bytes
 * @pinned: bytes of the archive its source keeps in unswappable memory
 * @source: where it came from
 * @flags: %ARCHIVE_PUBLIC or 0
 * @format: compression of its first segment ("cpio", "gzip", "zstd", ...)
 */
struct archive {
	struct kobject kobj;
	struct list_head node;
	char name[ARCHIVE_NAME_MAX + 1];
	spinlock_t lock;		/* protects store */
	struct file *store;
	size_t size;
	size_t pinned;
	enum archive_source source;
	unsigned int flags;
	const char *format;
};

struct cpio_stream_error;
struct path;

/* registry.c, for the sources (builtin.c, sources.c), tmpfs.c and KUnit */
struct archive *archive_add(const struct archive_desc *desc,
			    enum archive_source source);
struct archive *archive_get(const char *name);
size_t archive_size(const struct archive *a);
bool archive_is_public(const struct archive *a);
int archive_extract(struct archive *a, const struct path *root,
		    struct cpio_stream_error *err);
bool archive_name_valid(const char *name);

/* sources.c, for tmpfs.c */
struct archive *archive_find(const char *name, bool may_load);

#endif /* _FS_ARCHIVES_INTERNAL_H */
