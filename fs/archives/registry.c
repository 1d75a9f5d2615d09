// SPDX-License-Identifier: GPL-2.0-only
/*
 * The registry of named archives and their swappable store.
 */

#include <kunit/visibility.h>
#include <linux/archive.h>
#include <linux/cpio_extract.h>
#include <linux/export.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "internal.h"

/**
 * DOC: named archives
 *
 * A named archive is a cpio "newc" or "crc" archive, possibly made of
 * compressed (gzip, zstd, xz) and NUL-padded segments as the initramfs
 * buffer format allows, registered under a name of 1 to %ARCHIVE_NAME_MAX
 * characters from ``[a-z0-9._-]`` that does not start with a dot.  A tmpfs
 * mounted with ``-o archive=NAME`` is filled with it before it becomes
 * visible.
 *
 * archive_register() copies the archive into a swappable store, a shmem file
 * private to the kernel, so that the registry pins no unswappable memory
 * beyond a small &struct archive per name: built-in archives are linked into
 * the init section and freed after boot, firmware is released once copied.
 * Only a module's own copy stays, as part of the module, until it unloads.
 *
 * Archives are reference counted: archive_get() finds one by name,
 * archive_put() drops the reference.  archive_unregister() removes the name
 * and frees the store at once; holders of a reference keep a valid object
 * whose archive_extract() fails with -ENOENT, while extractions already
 * running finish with the store they hold.  A module may therefore be
 * unloaded at any time, even while a mount made from its archive is being
 * populated.
 */

static DEFINE_MUTEX(archive_mutex);
static LIST_HEAD(archive_list);

static const char * const archive_sources[] = {
	[ARCHIVE_SOURCE_KERNEL] = "kernel",
	[ARCHIVE_SOURCE_BUILTIN] = "builtin",
	[ARCHIVE_SOURCE_MODULE] = "module",
	[ARCHIVE_SOURCE_FIRMWARE] = "firmware",
};

static const char *archive_source_name(enum archive_source source)
{
	return source < ARRAY_SIZE(archive_sources) ? archive_sources[source] :
						      "unknown";
}

/**
 * archive_name_valid() - whether @name may name an archive
 * @name: the name
 *
 * Return: true if @name has 1 to %ARCHIVE_NAME_MAX characters, all of
 * ``[a-z0-9._-]``, and does not start with a dot.
 * Context: any context.
 */
bool archive_name_valid(const char *name)
{
	size_t i;
	char c;

	if (!name || !name[0] || name[0] == '.')
		return false;
	for (i = 0; name[i]; i++) {
		if (i >= ARCHIVE_NAME_MAX)
			return false;
		/* ASCII only: the kernel's islower() takes Latin-1 letters too */
		c = name[i];
		if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') &&
		    c != '.' && c != '_' && c != '-')
			return false;
	}
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(archive_name_valid);

/* What the first segment is: "cpio", a method of cpio_methods[], or "unknown". */
static const char *archive_format(const u8 *p, size_t len)
{
	const struct cpio_method *m;

	if (len >= 6 && (!memcmp(p, "070701", 6) || !memcmp(p, "070702", 6)))
		return "cpio";
	m = cpio_method_find(cpio_methods, p, len);
	return IS_ERR_OR_NULL(m) ? "unknown" : m->name;
}

static int store_write(struct file *store, const void *buf, size_t len,
		       loff_t *pos)
{
	ssize_t n;

	while (len) {
		n = kernel_write(store, buf, min_t(size_t, len, SZ_1M), pos);
		if (n <= 0)
			return n ? n : -EIO;
		buf += n;
		len -= n;
		cond_resched();
	}
	return 0;
}

/* Copy the archive of @d into a new store; the first bytes go to @head. */
static struct file *store_create(const struct archive_desc *d, u8 *head,
				 size_t head_len)
{
	struct file *store;
	loff_t pos = 0;
	size_t n;
	void *buf;
	int err;

	store = shmem_kernel_file_setup("archive", d->size, VM_NORESERVE);
	if (IS_ERR(store))
		return store;
	if (d->data) {
		memcpy(head, d->data, min(head_len, d->size));
		err = store_write(store, d->data, d->size, &pos);
		goto out;
	}
	err = -ENOMEM;
	buf = (void *)__get_free_page(GFP_KERNEL);
	if (!buf)
		goto out;
	err = 0;
	while (!err && pos < d->size) {
		n = min_t(size_t, d->size - pos, PAGE_SIZE);
		err = d->read(d->priv, buf, n, pos);
		if (!err && !pos)
			memcpy(head, buf, min(head_len, n));
		if (!err)
			err = store_write(store, buf, n, &pos);
	}
	free_page((unsigned long)buf);
out:
	if (err) {
		fput(store);
		return ERR_PTR(err);
	}
	return store;
}

static struct archive *archive_lookup_locked(const char *name)
{
	struct archive *a;

	lockdep_assert_held(&archive_mutex);
	list_for_each_entry(a, &archive_list, node)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}

static bool archive_exists(const char *name)
{
	bool exists;

	mutex_lock(&archive_mutex);
	exists = archive_lookup_locked(name);
	mutex_unlock(&archive_mutex);
	return exists;
}

/*
 * What of @desc stays in unswappable memory once registered: a module's
 * blob is module data and stays until the module goes, unless it is in
 * the module's init section, freed once the module is initialized.
 */
static size_t archive_pinned(const struct archive_desc *desc,
			     enum archive_source source)
{
	if (source != ARCHIVE_SOURCE_MODULE || !desc->data)
		return 0;
	if (desc->owner &&
	    within_module_init((unsigned long)desc->data, desc->owner))
		return 0;
	return desc->size;
}

/*
 * /sys/kernel/archives: one directory per registered archive, see
 * Documentation/ABI/testing/sysfs-kernel-archives.
 */

static struct kset *archive_kset;

static struct archive *to_archive(struct kobject *kobj)
{
	return container_of(kobj, struct archive, kobj);
}

static ssize_t size_show(struct kobject *kobj, struct kobj_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%zu\n", to_archive(kobj)->size);
}

static ssize_t pinned_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%zu\n", to_archive(kobj)->pinned);
}

static ssize_t source_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  archive_source_name(to_archive(kobj)->source));
}

static ssize_t format_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", to_archive(kobj)->format);
}

static ssize_t public_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%d\n", archive_is_public(to_archive(kobj)));
}

static struct kobj_attribute size_attr = __ATTR_RO(size);
static struct kobj_attribute pinned_attr = __ATTR_RO(pinned);
static struct kobj_attribute source_attr = __ATTR_RO(source);
static struct kobj_attribute format_attr = __ATTR_RO(format);
static struct kobj_attribute public_attr = __ATTR_RO(public);

static struct attribute *archive_attrs[] = {
	&size_attr.attr,
	&pinned_attr.attr,
	&source_attr.attr,
	&format_attr.attr,
	&public_attr.attr,
	NULL,
};
ATTRIBUTE_GROUPS(archive);

/* The last reference is gone. */
static void archive_kobj_release(struct kobject *kobj)
{
	struct archive *a = to_archive(kobj);

	if (a->store)
		fput(a->store);
	kfree(a);
}

static const struct kobj_type archive_ktype = {
	.release = archive_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = archive_groups,
};

/* Called with the registry locked: the name is known to be free. */
static int archive_sysfs_add(struct archive *a)
{
	a->kobj.kset = archive_kset;
	return kobject_add(&a->kobj, NULL, "%s", a->name);
}

/* Register @desc as coming from @source; see archive_register(). */
struct archive *archive_add(const struct archive_desc *desc,
			    enum archive_source source)
{
	struct archive *a;
	struct file *store;
	u8 head[8] = {};
	int err;

	if (!archive_kset)	/* the registry failed to initialize */
		return ERR_PTR(-ENOMEM);
	if (!archive_name_valid(desc->name))
		return ERR_PTR(-EINVAL);
	if (!desc->size || !desc->data == !desc->read)
		return ERR_PTR(-EINVAL);
	if (archive_exists(desc->name))
		return ERR_PTR(-EEXIST);
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return ERR_PTR(-ENOMEM);
	kobject_init(&a->kobj, &archive_ktype);
	INIT_LIST_HEAD(&a->node);
	spin_lock_init(&a->lock);
	strscpy(a->name, desc->name, sizeof(a->name));
	a->size = desc->size;
	a->source = source;
	a->flags = desc->flags & ARCHIVE_PUBLIC;
	a->pinned = archive_pinned(desc, source);

	store = store_create(desc, head, sizeof(head));
	if (IS_ERR(store)) {
		err = PTR_ERR(store);
		goto put;
	}
	a->store = store;
	a->format = archive_format(head, min(sizeof(head), desc->size));

	mutex_lock(&archive_mutex);
	err = -EEXIST;
	if (archive_lookup_locked(a->name))
		goto unlock;
	err = archive_sysfs_add(a);
	if (err)
		goto unlock;
	list_add_tail(&a->node, &archive_list);
	mutex_unlock(&archive_mutex);
	return a;

unlock:
	mutex_unlock(&archive_mutex);
put:
	kobject_put(&a->kobj);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_IF_KUNIT(archive_add);

/**
 * archive_register() - register a named archive
 * @desc: the name, the archive (@desc->data or @desc->read), its size, the
 *	owner module and flags
 *
 * Copies the name and the archive (into a swappable shmem store), so that
 * nothing of @desc is used after the call.  The archive itself is not
 * checked here: a malformed archive fails the mounts that use it.
 *
 * Return: the archive, holding one reference that archive_unregister()
 * drops; ERR_PTR(-EINVAL) for an invalid name, a zero size, or both or
 * neither of @desc->data and @desc->read; ERR_PTR(-EEXIST) if the name is
 * taken; ERR_PTR(-ENOMEM) or the error of @desc->read or of the store.
 * Context: process context, may sleep.
 */
struct archive *archive_register(const struct archive_desc *desc)
{
	return archive_add(desc, desc->owner ? ARCHIVE_SOURCE_MODULE :
					       ARCHIVE_SOURCE_KERNEL);
}
EXPORT_SYMBOL_GPL(archive_register);

/**
 * archive_unregister() - remove a named archive
 * @a: what archive_register() returned, or NULL or an ERR_PTR()
 *
 * Removes the name from the registry and from sysfs, frees the store and
 * drops the reference taken by archive_register().  Mounts being populated
 * from @a finish; later archive_extract() calls on remaining references
 * fail with -ENOENT.
 *
 * Context: process context, may sleep.
 */
void archive_unregister(struct archive *a)
{
	struct file *store;

	if (IS_ERR_OR_NULL(a))
		return;
	mutex_lock(&archive_mutex);
	list_del_init(&a->node);
	kobject_del(&a->kobj);
	mutex_unlock(&archive_mutex);

	spin_lock(&a->lock);
	store = a->store;
	a->store = NULL;
	spin_unlock(&a->lock);
	if (store)
		fput(store);
	kobject_put(&a->kobj);
}
EXPORT_SYMBOL_GPL(archive_unregister);

/**
 * archive_get() - find a registered archive by name
 * @name: the name
 *
 * Only looks in the registry; see archive_find() for the sources.
 *
 * Return: the archive with a new reference, or ERR_PTR(-ENOENT).
 * Context: process context, may sleep.
 */
struct archive *archive_get(const char *name)
{
	struct archive *a;

	mutex_lock(&archive_mutex);
	a = archive_lookup_locked(name);
	if (a)
		kobject_get(&a->kobj);
	mutex_unlock(&archive_mutex);
	return a ? a : ERR_PTR(-ENOENT);
}
EXPORT_SYMBOL_IF_KUNIT(archive_get);

/**
 * archive_hold() - take another reference
 * @a: the archive, on which the caller holds a reference, or NULL
 *
 * Return: @a.
 * Context: any context.
 */
struct archive *archive_hold(struct archive *a)
{
	if (a)
		kobject_get(&a->kobj);
	return a;
}
EXPORT_SYMBOL_IF_KUNIT(archive_hold);

/**
 * archive_put() - drop a reference
 * @a: the archive, or NULL or an ERR_PTR()
 *
 * Context: process context, may sleep.
 */
void archive_put(struct archive *a)
{
	if (!IS_ERR_OR_NULL(a))
		kobject_put(&a->kobj);
}
EXPORT_SYMBOL_IF_KUNIT(archive_put);

/**
 * archive_name() - the name of an archive
 * @a: the archive
 *
 * Return: its name, valid while the reference is held.
 * Context: any context.
 */
const char *archive_name(const struct archive *a)
{
	return a->name;
}
EXPORT_SYMBOL_IF_KUNIT(archive_name);

/**
 * archive_size() - the size of an archive
 * @a: the archive
 *
 * Return: its size in bytes, as registered (compressed if it is).
 * Context: any context.
 */
size_t archive_size(const struct archive *a)
{
	return a->size;
}
EXPORT_SYMBOL_IF_KUNIT(archive_size);

/**
 * archive_is_public() - whether a user namespace may mount an archive
 * @a: the archive
 *
 * Return: true if @a was registered with %ARCHIVE_PUBLIC.
 * Context: any context.
 */
bool archive_is_public(const struct archive *a)
{
	return a->flags & ARCHIVE_PUBLIC;
}
EXPORT_SYMBOL_IF_KUNIT(archive_is_public);

static struct file *archive_store_get(struct archive *a)
{
	struct file *store;

	spin_lock(&a->lock);
	store = a->store ? get_file(a->store) : NULL;
	spin_unlock(&a->lock);
	return store;
}

/* Feeds the archive's store to @x one page at a time. */
static int archive_feed(struct cpio_extract *x, struct file *store,
			size_t size)
{
	loff_t pos = 0;
	ssize_t n;
	void *buf;
	int err = 0;

	buf = (void *)__get_free_page(GFP_KERNEL_ACCOUNT);
	if (!buf)
		return cpio_extract_abort(x, -ENOMEM, "out of memory");
	while (!err && pos < size) {
		n = kernel_read(store, buf, min_t(size_t, size - pos, PAGE_SIZE),
				&pos);
		if (n <= 0)
			err = cpio_extract_abort(x, n ? n : -EIO,
						 "cannot read the archive store");
		else
			err = cpio_extract_write(x, buf, n);
		if (!err && fatal_signal_pending(current))
			err = cpio_extract_abort(x, -EINTR, "interrupted");
	}
	free_page((unsigned long)buf);
	return err;
}

/* Mounts stop at the first member that cannot be applied. */
static const struct cpio_extract_policy archive_policy = {
	.mtime = true,
};

/**
 * archive_extract() - extract an archive into a directory
 * @a: the archive
 * @root: the directory to fill; extraction is confined to its mount
 * @err: where to copy the error description, or NULL
 *
 * Reads the archive from its store one page at a time into
 * cpio_extract_write(), applying archive mtimes.  See the DOC: section
 * "cpio extraction" for what is refused and with which errno.
 *
 * Return: 0; -ENOENT if @a was unregistered; -EINTR on a fatal signal;
 * -ENOMEM; or the error of the extraction (-EINVAL, -EBADMSG, -ENOSPC, ...)
 * described in @err.
 * Context: process context, may sleep.
 */
int archive_extract(struct archive *a, const struct path *root,
		    struct cpio_stream_error *err)
{
	struct cpio_stream_error none = {};
	struct cpio_extract *x;
	struct file *store;
	int ret;

	if (!err)
		err = &none;
	memset(err, 0, sizeof(*err));
	store = archive_store_get(a);
	if (!store) {
		err->msg = "archive was unregistered";
		return -ENOENT;
	}
	x = cpio_extract_create(root, &archive_policy);
	if (IS_ERR(x)) {
		err->msg = "cannot start extraction";
		fput(store);
		return PTR_ERR(x);
	}
	ret = archive_feed(x, store, a->size);
	if (!ret)
		ret = cpio_extract_finish(x);
	*err = *cpio_extract_error(x);
	cpio_extract_destroy(x);
	fput(store);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(archive_extract);

static int __init archive_init(void)
{
	archive_kset = kset_create_and_add("archives", NULL, kernel_kobj);
	return archive_kset ? 0 : -ENOMEM;
}
fs_initcall(archive_init);
