// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sys/kernel/archives: one directory per registered archive.
 * See Documentation/ABI/testing/sysfs-kernel-archives.
 */

#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "internal.h"

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

static void archive_kobj_release(struct kobject *kobj)
{
	archive_release(to_archive(kobj));
}

static const struct kobj_type archive_ktype = {
	.release = archive_kobj_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = archive_groups,
};

void archive_sysfs_init_kobj(struct archive *a)
{
	kobject_init(&a->kobj, &archive_ktype);
}

/* Called with the registry locked: the name is known to be free. */
int archive_sysfs_add(struct archive *a)
{
	a->kobj.kset = archive_kset;
	return kobject_add(&a->kobj, NULL, "%s", a->name);
}

int __init archive_sysfs_init(void)
{
	archive_kset = kset_create_and_add("archives", NULL, kernel_kobj);
	return archive_kset ? 0 : -ENOMEM;
}
