// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the archive registry.
 */

#include <kunit/test.h>
#include <linux/archive.h>
#include <linux/completion.h>
#include <linux/cpio_extract.h>
#include <linux/cpio_kunit.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/sched/signal.h>
#include <linux/string.h>

#include "internal.h"

/* Not a valid cpio archive: registration does not look inside. */
static const char blob[] = "070701 not really an archive";

KUNIT_DEFINE_ACTION_WRAPPER(unregister_wrapper, archive_unregister,
			    struct archive *);

static struct archive *reg(struct kunit *test, const char *name,
			   unsigned int flags)
{
	struct archive_desc d = {
		.name = name, .data = blob, .size = sizeof(blob),
		.flags = flags,
	};
	struct archive *a = archive_register(&d);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(a), "%s: %ld", name, PTR_ERR(a));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   unregister_wrapper,
							   a));
	return a;
}

struct name_case {
	const char *name;
	bool valid;
};

static const struct name_case name_cases[] = {
	{ "a", true },
	{ "registry-name", true },
	{ "x86_64-6.12.0", true },
	{ "0123456789012345678901234567890123456789012345678901234567890123",
	  true },
	{ "01234567890123456789012345678901234567890123456789012345678901234",
	  false },
	{ "", false },
	{ ".hidden", false },
	{ "..", false },
	{ "Upper", false },
	{ "a/b", false },
	{ "a b", false },
	{ "a,b", false },
	{ "a=b", false },
	{ "caf\xc3\xa9", false },
	/* Latin-1 lower-case letters, which islower() accepts */
	{ "\xdf", false },
	{ "caf\xe9", false },
	{ "\xff", false },
};

/* The name in quotes, at most 20 bytes, non-ASCII bytes as \xNN. */
static void name_desc(const struct name_case *c, char *desc)
{
	size_t i, n = 0;
	unsigned char b;

	n += scnprintf(desc + n, KUNIT_PARAM_DESC_SIZE - n, "\"");
	for (i = 0; c->name[i] && i < 20; i++) {
		b = c->name[i];
		if (b >= 0x20 && b < 0x7f)
			n += scnprintf(desc + n, KUNIT_PARAM_DESC_SIZE - n,
				       "%c", b);
		else
			n += scnprintf(desc + n, KUNIT_PARAM_DESC_SIZE - n,
				       "\\x%02x", b);
	}
	scnprintf(desc + n, KUNIT_PARAM_DESC_SIZE - n, "\"");
}

KUNIT_ARRAY_PARAM(name, name_cases, name_desc);

static void archive_registry_names(struct kunit *test)
{
	const struct name_case *c = test->param_value;
	struct archive_desc d = {
		.name = c->name, .data = blob, .size = sizeof(blob),
	};
	struct archive *a;

	KUNIT_EXPECT_EQ(test, archive_name_valid(c->name), c->valid);
	a = archive_register(&d);
	if (c->valid) {
		KUNIT_EXPECT_FALSE(test, IS_ERR(a));
		archive_unregister(a);
	} else {
		KUNIT_EXPECT_EQ(test, PTR_ERR(a), -EINVAL);
	}
}

static void archive_registry_register(struct kunit *test)
{
	struct archive *a = reg(test, "registry-one", 0), *b;

	KUNIT_EXPECT_STREQ(test, archive_name(a), "registry-one");
	KUNIT_EXPECT_EQ(test, archive_size(a), sizeof(blob));
	KUNIT_EXPECT_FALSE(test, archive_is_public(a));
	b = archive_get("registry-one");
	KUNIT_ASSERT_FALSE(test, IS_ERR(b));
	KUNIT_EXPECT_PTR_EQ(test, a, b);
	archive_put(b);
	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_get("registry-none")), -ENOENT);

	a = reg(test, "registry-public", ARCHIVE_PUBLIC);
	KUNIT_EXPECT_TRUE(test, archive_is_public(a));
}

static void archive_registry_bad_desc(struct kunit *test)
{
	struct archive_desc d = { .name = "registry-bad" };

	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_register(&d)), -EINVAL);
	d.data = blob;
	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_register(&d)), -EINVAL);
	d.size = sizeof(blob);
	d.name = NULL;
	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_register(&d)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_get("registry-bad")), -ENOENT);
}

static void archive_registry_duplicate(struct kunit *test)
{
	struct archive_desc d = {
		.name = "registry-dup", .data = blob, .size = sizeof(blob),
	};
	struct archive *a;

	reg(test, "registry-dup", 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_register(&d)), -EEXIST);
	/* The first one is untouched. */
	a = archive_get("registry-dup");
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_EXPECT_EQ(test, archive_size(a), sizeof(blob));
	archive_put(a);
}

static void archive_registry_reregister(struct kunit *test)
{
	struct archive_desc d = {
		.name = "registry-again", .data = blob, .size = sizeof(blob),
	};
	struct archive *a;
	int i;

	for (i = 0; i < 3; i++) {
		a = archive_register(&d);
		KUNIT_ASSERT_FALSE(test, IS_ERR(a));
		archive_unregister(a);
		KUNIT_EXPECT_EQ(test, PTR_ERR(archive_get("registry-again")),
				-ENOENT);
	}
}

static void archive_registry_unregister_referenced(struct kunit *test)
{
	struct archive_desc d = {
		.name = "registry-held", .data = blob, .size = sizeof(blob),
	};
	struct cpio_stream_error err;
	struct archive *a, *held;
	struct path none = {};

	a = archive_register(&d);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	held = archive_get("registry-held");
	KUNIT_ASSERT_PTR_EQ(test, held, a);
	archive_unregister(a);

	/* Gone from the registry, the name free again, the object valid. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_get("registry-held")), -ENOENT);
	KUNIT_EXPECT_STREQ(test, archive_name(held), "registry-held");
	KUNIT_EXPECT_EQ(test, archive_extract(held, &none, &err), -ENOENT);
	KUNIT_EXPECT_NOT_NULL(test, err.msg);
	a = reg(test, "registry-held", 0);
	KUNIT_EXPECT_PTR_NE(test, a, held);
	archive_put(held);
}

struct read_src {
	size_t calls;
};

static int read_blob(void *priv, void *buf, size_t len, loff_t pos)
{
	struct read_src *src = priv;
	size_t i;

	src->calls++;
	for (i = 0; i < len; i++)
		((u8 *)buf)[i] = (pos + i) & 0xff;
	return 0;
}

static int read_fail(void *priv, void *buf, size_t len, loff_t pos)
{
	return pos ? -EIO : 0;
}

static void archive_registry_read(struct kunit *test)
{
	struct read_src src = {};
	struct archive_desc d = {
		.name = "registry-read", .read = read_blob, .priv = &src,
		.size = 3 * PAGE_SIZE + 5,
	};
	struct archive *a = archive_register(&d);

	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_EXPECT_EQ(test, src.calls, 4);
	KUNIT_EXPECT_EQ(test, archive_size(a), 3 * PAGE_SIZE + 5);
	archive_unregister(a);

	d.read = read_fail;
	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_register(&d)), -EIO);
	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_get("registry-read")), -ENOENT);
	d.data = blob;
	KUNIT_EXPECT_EQ(test, PTR_ERR(archive_register(&d)), -EINVAL);
}

#define MANY 300

static void archive_registry_many(struct kunit *test)
{
	struct archive **a;
	struct archive *b;
	char name[32];
	int i;

	a = kunit_kcalloc(test, MANY, sizeof(*a), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	for (i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "registry-many-%d", i);
		a[i] = reg(test, name, i & 1 ? ARCHIVE_PUBLIC : 0);
	}
	for (i = MANY - 1; i >= 0; i--) {
		snprintf(name, sizeof(name), "registry-many-%d", i);
		b = archive_get(name);
		KUNIT_ASSERT_PTR_EQ(test, b, a[i]);
		KUNIT_EXPECT_EQ(test, archive_is_public(b), i & 1);
		archive_put(b);
	}
}

struct racer {
	struct kunit *test;
	int id;
	int errors;
	struct completion done;
};

#define RACERS 4
#define ROUNDS 200

/* Register, look up and unregister names shared with the other racers. */
static int racer_fn(void *data)
{
	struct racer *r = data;
	struct archive_desc d = { .data = blob, .size = sizeof(blob) };
	struct archive *a, *b;
	char name[32];
	int i;

	d.name = name;
	for (i = 0; i < ROUNDS; i++) {
		snprintf(name, sizeof(name), "registry-race-%d", i % 8);
		a = archive_register(&d);
		if (IS_ERR(a) && PTR_ERR(a) != -EEXIST)
			r->errors++;
		b = archive_get(name);
		if (IS_ERR(b) && PTR_ERR(b) != -ENOENT)
			r->errors++;
		if (!IS_ERR(b) && strcmp(archive_name(b), name))
			r->errors++;
		archive_put(b);
		if (!IS_ERR(a))
			archive_unregister(a);
	}
	complete(&r->done);
	return 0;
}

static void archive_registry_concurrent(struct kunit *test)
{
	struct racer r[RACERS];
	struct task_struct *t;
	char name[32];
	int i;

	for (i = 0; i < RACERS; i++) {
		r[i] = (struct racer){ .test = test, .id = i };
		init_completion(&r[i].done);
	}
	for (i = 0; i < RACERS; i++) {
		t = kthread_run(racer_fn, &r[i], "archive_race_%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
	for (i = 0; i < RACERS; i++) {
		wait_for_completion(&r[i].done);
		KUNIT_EXPECT_EQ(test, r[i].errors, 0);
	}
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "registry-race-%d", i);
		KUNIT_EXPECT_EQ(test, PTR_ERR(archive_get(name)), -ENOENT);
	}
}

KUNIT_DEFINE_ACTION_WRAPPER(mntput_wrapper, mntput, struct vfsmount *);

/* The text of /sys/kernel/archives/@name/@attr, "" if it is missing. */
static const char *attr(struct kunit *test, struct vfsmount *sysfs,
			const char *name, const char *attr)
{
	char *buf = kunit_kzalloc(test, 64, GFP_KERNEL);
	char path[128];
	struct file *f;
	loff_t pos = 0;
	struct path p;
	ssize_t n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	snprintf(path, sizeof(path), "kernel/archives/%s/%s", name, attr);
	if (vfs_path_lookup(sysfs->mnt_root, sysfs, path, 0, &p))
		return "";
	f = dentry_open(&p, O_RDONLY, current_cred());
	path_put(&p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	n = kernel_read(f, buf, 63, &pos);
	__fput_sync(f);
	KUNIT_EXPECT_GT(test, n, 0);
	return buf;
}

static void archive_registry_sysfs(struct kunit *test)
{
	struct file_system_type *type = get_fs_type("sysfs");
	static const u8 gz[] = { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 };
	struct archive_desc d = {
		.name = "registry-sysfs", .data = gz, .size = sizeof(gz),
		.flags = ARCHIVE_PUBLIC,
	};
	struct vfsmount *sysfs;
	struct archive *a;

	KUNIT_ASSERT_NOT_NULL(test, type);
	sysfs = vfs_kern_mount(type, 0, "sysfs", NULL);
	module_put(type->owner);
	KUNIT_ASSERT_FALSE(test, IS_ERR(sysfs));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, mntput_wrapper,
							   sysfs));

	reg(test, "registry-attrs", 0);
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, "registry-attrs", "size"),
			   "29\n");
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, "registry-attrs", "source"),
			   "kernel\n");
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, "registry-attrs", "format"),
			   "cpio\n");
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, "registry-attrs", "public"),
			   "0\n");
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, "registry-attrs", "pinned"),
			   "0\n");

	/* What a module registers stays pinned as module data. */
	a = archive_add(&d, ARCHIVE_SOURCE_MODULE);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, d.name, "source"),
			   "module\n");
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, d.name, "format"),
			   "gzip\n");
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, d.name, "public"), "1\n");
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, d.name, "pinned"),
			   "10\n");
	archive_unregister(a);
	KUNIT_EXPECT_STREQ(test, attr(test, sysfs, d.name, "size"), "");
}

/* A whole newc archive with no member, the trailer alone: 124 bytes. */
static struct archive *reg_trailer(struct kunit *test, const char *name)
{
	struct archive_desc d = { .name = name };
	struct cpio_kunit_writer w;
	struct archive *a;

	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_writer_init(test, &w, 256));
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add_trailer(&w));
	KUNIT_ASSERT_EQ(test, w.len, 124);
	d.data = w.buf;
	d.size = w.len;
	a = archive_register(&d);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   unregister_wrapper,
							   a));
	return a;
}

static struct path tmpfs_root(struct kunit *test)
{
	struct file_system_type *type = get_fs_type("tmpfs");
	struct vfsmount *mnt;

	KUNIT_ASSERT_NOT_NULL(test, type);
	mnt = vfs_kern_mount(type, 0, "tmpfs", NULL);
	module_put(type->owner);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mnt));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, mntput_wrapper,
							   mnt));
	return (struct path){ .mnt = mnt, .dentry = mnt->mnt_root };
}

static void archive_registry_extract(struct kunit *test)
{
	struct archive *a = reg(test, "registry-extract", 0);
	struct cpio_stream_error err = { .msg = "stale" };
	struct path root = tmpfs_root(test);

	/*
	 * The registry does not look inside; the extraction finds the blob
	 * ending inside its first header.
	 */
	KUNIT_EXPECT_EQ(test, archive_extract(a, &root, &err), -ENODATA);
	KUNIT_EXPECT_EQ(test, err.fault, CPIO_FAULT_TRUNCATED);
	KUNIT_EXPECT_EQ(test, archive_extract(a, &root, NULL), -ENODATA);

	a = reg_trailer(test, "registry-trailer");
	KUNIT_EXPECT_EQ(test, archive_extract(a, &root, &err), 0);
	KUNIT_EXPECT_NULL(test, err.msg);
}

/* A store that ends before the archive's size: -EIO where the data ends. */
static void archive_registry_store_short(struct kunit *test)
{
	struct archive *a = reg_trailer(test, "registry-short");
	struct path root = tmpfs_root(test);
	struct cpio_stream_error err;

	KUNIT_ASSERT_EQ(test, 0, vfs_truncate(&a->store->f_path, 100));
	KUNIT_EXPECT_EQ(test, archive_extract(a, &root, &err), -EIO);
	KUNIT_EXPECT_EQ(test, err.fault, CPIO_FAULT_CALLER);
	KUNIT_EXPECT_STREQ(test, err.msg, "cannot read the archive store");
	KUNIT_EXPECT_EQ(test, err.segment, 100);
}

struct killed_extract {
	struct archive *a;
	const struct path *root;
	struct cpio_stream_error err;
	int ret;
	struct completion done;
};

/* archive_extract() with SIGKILL pending, as in a mount killed by kill -9. */
static int killed_extract_fn(void *data)
{
	struct killed_extract *k = data;

	allow_signal(SIGKILL);
	send_sig(SIGKILL, current, 1);
	k->ret = archive_extract(k->a, k->root, &k->err);
	flush_signals(current);
	kthread_complete_and_exit(&k->done, 0);
}

static void archive_registry_extract_killed(struct kunit *test)
{
	struct path root = tmpfs_root(test);
	struct killed_extract k = { .root = &root };
	struct task_struct *t;

	k.a = reg_trailer(test, "registry-killed");
	init_completion(&k.done);
	t = kthread_run(killed_extract_fn, &k, "archive_killed");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	wait_for_completion(&k.done);
	KUNIT_EXPECT_EQ(test, k.ret, -EINTR);
	KUNIT_EXPECT_EQ(test, k.err.fault, CPIO_FAULT_CALLER);
	KUNIT_EXPECT_STREQ(test, k.err.msg, "interrupted");
	KUNIT_EXPECT_EQ(test, k.err.segment, 124);
}

static struct kunit_case archive_registry_cases[] = {
	KUNIT_CASE_PARAM(archive_registry_names, name_gen_params),
	KUNIT_CASE(archive_registry_register),
	KUNIT_CASE(archive_registry_bad_desc),
	KUNIT_CASE(archive_registry_duplicate),
	KUNIT_CASE(archive_registry_reregister),
	KUNIT_CASE(archive_registry_unregister_referenced),
	KUNIT_CASE(archive_registry_read),
	KUNIT_CASE(archive_registry_many),
	KUNIT_CASE(archive_registry_concurrent),
	KUNIT_CASE(archive_registry_sysfs),
	KUNIT_CASE(archive_registry_extract),
	KUNIT_CASE(archive_registry_store_short),
	KUNIT_CASE(archive_registry_extract_killed),
	{}
};

static struct kunit_suite archive_registry_suite = {
	.name = "archive_registry",
	.test_cases = archive_registry_cases,
};

kunit_test_suite(archive_registry_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_DESCRIPTION("KUnit tests for the archive registry");
MODULE_LICENSE("GPL");
