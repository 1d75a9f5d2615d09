/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Named archives: what the registry, its sources, sysfs and the tmpfs glue
 * share.
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

/* registry.c */
struct archive *archive_add(const struct archive_desc *desc,
			    enum archive_source source);
void archive_release(struct archive *a);
const char *archive_source_name(enum archive_source source);

/* sysfs.c */
int archive_sysfs_init(void);
int archive_sysfs_add(struct archive *a);
void archive_sysfs_init_kobj(struct archive *a);

/* sources.c */
struct archive *archive_find(const char *name, bool may_load);
int archive_builtin_init(void);

#endif /* _FS_ARCHIVES_INTERNAL_H */
