// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the tmpfs "archive=" option, through the in-kernel mount
 * API: vfs_kern_mount() and fs_context.
 */

#include <kunit/test.h>
#include <linux/archive.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/cpio_extract.h>
#include <linux/cpio_kunit.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/seq_file.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "internal.h"

/* The private information of a tmpfs superblock, for the checks below. */
static struct shmem_sb_info *tmpfs_sbinfo(struct super_block *sb)
{
	return sb->s_fs_info;
}

static const struct cpio_kunit_member tree[] = {
	/* Root attributes in the archive lose against the mount options. */
	{ ".", S_IFDIR | 0700, NULL, 42, 42 },
	{ "etc", S_IFDIR | 0755 },
	{ "etc/hello", S_IFREG | 0644, "hello, world\n" },
	{ "etc/owned", S_IFREG | 0600, "secret", 1000, 1001 },
	{ "bin", S_IFDIR | 0755 },
	{ "bin/sh", S_IFLNK | 0777, "/bin/busybox" },
	{ "empty", S_IFREG | 0444 },
};

#define BIG_FILES 32

/* Names of the archives the suite registers. */
#define TREE "tmpfs-tree"
#define PUBLIC "tmpfs-public"
#define BIG "tmpfs-big"
#define GARBAGE "tmpfs-garbage"
#define TRUNCATED "tmpfs-truncated"

static struct archive *tree_archive, *public_archive, *big_archive;
static struct archive *garbage_archive, *truncated_archive;

static struct archive *reg(const char *name, const void *data, size_t size,
			   unsigned int flags)
{
	struct archive_desc d = {
		.name = name, .data = data, .size = size, .flags = flags,
	};

	return archive_register(&d);
}

/*
 * Suite archives are written before any test runs, so the writers below
 * return an error instead of failing a test.  On success the caller
 * vfree()s @w->buf.
 */
static int write_tree(struct cpio_kunit_writer *w)
{
	size_t i;
	int err;

	err = cpio_kunit_writer_init(NULL, w, 4096);
	w->next_ino = 1000;
	for (i = 0; !err && i < ARRAY_SIZE(tree); i++)
		err = cpio_kunit_add(w, &tree[i]);
	err = err ?: cpio_kunit_add_trailer(w);
	if (err)
		vfree(w->buf);
	return err;
}

static int write_big(struct cpio_kunit_writer *w)
{
	struct cpio_kunit_member m = { "big", S_IFDIR | 0755 };
	char name[32], *data;
	int i, err;

	data = kmalloc(PAGE_SIZE + 1, GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	err = cpio_kunit_writer_init(NULL, w,
				     (BIG_FILES + 2) * (PAGE_SIZE + 256));
	w->next_ino = 1000;
	err = err ?: cpio_kunit_add(w, &m);
	for (i = 0; !err && i < BIG_FILES; i++) {
		snprintf(name, sizeof(name), "big/f%02d", i);
		memset(data, 'a' + i % 26, PAGE_SIZE);
		data[PAGE_SIZE] = 0;
		m = (struct cpio_kunit_member){ name, S_IFREG | 0644, data };
		err = cpio_kunit_add(w, &m);
	}
	err = err ?: cpio_kunit_add_trailer(w);
	if (err)
		vfree(w->buf);
	kfree(data);
	return err;
}

static int archive_tmpfs_suite_init(struct kunit_suite *suite)
{
	static const char garbage[] = "this is not a cpio archive at all";
	struct cpio_kunit_writer w, big;
	int err;

	err = write_tree(&w);
	if (err)
		return err;
	err = write_big(&big);
	if (err)
		goto free_w;

	tree_archive = reg(TREE, w.buf, w.len, 0);
	public_archive = reg(PUBLIC, w.buf, w.len, ARCHIVE_PUBLIC);
	big_archive = reg(BIG, big.buf, big.len, 0);
	garbage_archive = reg(GARBAGE, garbage, sizeof(garbage), 0);
	/* Cut inside the data of etc/hello. */
	truncated_archive = reg(TRUNCATED, w.buf, 3 * CPIO_HDR_LEN + 40, 0);
	err = PTR_ERR_OR_ZERO(tree_archive) ?: PTR_ERR_OR_ZERO(public_archive) ?:
	      PTR_ERR_OR_ZERO(big_archive) ?: PTR_ERR_OR_ZERO(garbage_archive) ?:
	      PTR_ERR_OR_ZERO(truncated_archive);
	vfree(big.buf);
free_w:
	vfree(w.buf);
	return err;
}

static void archive_tmpfs_suite_exit(struct kunit_suite *suite)
{
	archive_unregister(tree_archive);
	archive_unregister(public_archive);
	archive_unregister(big_archive);
	archive_unregister(garbage_archive);
	archive_unregister(truncated_archive);
}

/* Synchronous unmount: the superblock is gone when this returns. */
static void release_mnt(struct vfsmount *mnt)
{
	mnt->mnt_flags |= MNT_INTERNAL;
	mntput(mnt);
}

KUNIT_DEFINE_ACTION_WRAPPER(release_mnt_wrapper, release_mnt,
			    struct vfsmount *);

static struct vfsmount *try_mount(int flags, const char *opts)
{
	struct file_system_type *type = get_fs_type("tmpfs");
	struct vfsmount *mnt;
	char *data;

	if (!type)
		return ERR_PTR(-ENODEV);
	data = kstrdup(opts, GFP_KERNEL);
	mnt = data ? vfs_kern_mount(type, flags, "tmpfs", data) :
		     ERR_PTR(-ENOMEM);
	kfree(data);
	module_put(type->owner);
	return mnt;
}

static struct vfsmount *must_mount(struct kunit *test, int flags,
				   const char *opts)
{
	struct vfsmount *mnt = try_mount(flags, opts);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(mnt), "%s: %ld", opts,
			       PTR_ERR(mnt));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   release_mnt_wrapper,
							   mnt));
	return mnt;
}

static int lookup(struct vfsmount *mnt, const char *name, struct path *p)
{
	return vfs_path_lookup(mnt->mnt_root, mnt, name, 0, p);
}

static void expect_node(struct kunit *test, struct vfsmount *mnt,
			const struct cpio_kunit_member *t)
{
	struct inode *inode;
	struct path p;

	KUNIT_ASSERT_EQ_MSG(test, 0, lookup(mnt, t->name, &p), "%s", t->name);
	inode = d_inode(p.dentry);
	KUNIT_EXPECT_EQ_MSG(test, inode->i_mode, t->mode, "%s", t->name);
	KUNIT_EXPECT_EQ_MSG(test, from_kuid(&init_user_ns, inode->i_uid),
			    t->uid, "%s", t->name);
	KUNIT_EXPECT_EQ_MSG(test, from_kgid(&init_user_ns, inode->i_gid),
			    t->gid, "%s", t->name);
	if (S_ISREG(t->mode))
		KUNIT_EXPECT_EQ_MSG(test, i_size_read(inode),
				    t->data ? strlen(t->data) : 0, "%s",
				    t->name);
	path_put(&p);
}

static void expect_data(struct kunit *test, struct vfsmount *mnt,
			const char *name, const char *data)
{
	size_t len = strlen(data);
	struct file *f;
	struct path p;
	loff_t pos = 0;
	char *buf;

	KUNIT_ASSERT_EQ_MSG(test, 0, lookup(mnt, name, &p), "%s", name);
	f = dentry_open(&p, O_RDONLY, current_cred());
	path_put(&p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	buf = kunit_kzalloc(test, len + 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, len + 1, &pos), len);
	__fput_sync(f);	/* not delayed: the mount goes with the test */
	KUNIT_EXPECT_STREQ(test, buf, data);
}

static void expect_tree(struct kunit *test, struct vfsmount *mnt)
{
	size_t i;

	for (i = 1; i < ARRAY_SIZE(tree); i++)
		expect_node(test, mnt, &tree[i]);
	expect_data(test, mnt, "etc/hello", "hello, world\n");
	expect_data(test, mnt, "etc/owned", "secret");
}

static void expect_big(struct kunit *test, struct vfsmount *mnt)
{
	char name[32];
	struct path p;
	int i;

	for (i = 0; i < BIG_FILES; i++) {
		snprintf(name, sizeof(name), "big/f%02d", i);
		KUNIT_ASSERT_EQ_MSG(test, 0, lookup(mnt, name, &p), "%s", name);
		KUNIT_EXPECT_EQ(test, i_size_read(d_inode(p.dentry)),
				PAGE_SIZE);
		path_put(&p);
	}
}

static char *shown(struct kunit *test, struct vfsmount *mnt)
{
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct seq_file m = {};

	KUNIT_ASSERT_NOT_NULL(test, buf);
	m.buf = buf;
	m.size = PAGE_SIZE - 1;
	KUNIT_EXPECT_EQ(test, 0, mnt->mnt_sb->s_op->show_options(&m,
								 mnt->mnt_root));
	return buf;
}

static void archive_tmpfs_mount(struct kunit *test)
{
	time64_t before = ktime_get_real_seconds();
	struct vfsmount *mnt = must_mount(test, 0, "archive=" TREE);
	struct inode *root = d_inode(mnt->mnt_root);

	expect_tree(test, mnt);
	KUNIT_EXPECT_EQ(test, root->i_mode, S_IFDIR | 01777);
	KUNIT_EXPECT_TRUE(test, uid_eq(root->i_uid, GLOBAL_ROOT_UID));
	/* The archive's "." has mtime 0: the root keeps the mount's time. */
	KUNIT_EXPECT_GE(test, inode_get_mtime_sec(root), before);
	KUNIT_EXPECT_FALSE(test, sb_rdonly(mnt->mnt_sb));
	KUNIT_EXPECT_NOT_NULL(test, strstr(shown(test, mnt), ",archive=" TREE));
	KUNIT_EXPECT_PTR_EQ(test, tmpfs_sbinfo(mnt->mnt_sb)->archive, tree_archive);
	/* Writable: a new file can be made. */
	KUNIT_EXPECT_EQ(test, 0, mnt_want_write(mnt));
	mnt_drop_write(mnt);
}

struct opt_case {
	const char *desc;
	const char *opts;
	int flags;
	umode_t mode;
	u32 uid, gid;
	unsigned long blocks, inodes;
	const char *shown;
};

static const struct opt_case opt_cases[] = {
	{ "size", "archive=" TREE ",size=1m", 0, 01777, 0, 0,
	  SZ_1M / PAGE_SIZE, 0, ",size=1024k" },
	{ "nr_inodes", "nr_inodes=64,archive=" TREE, 0, 01777, 0, 0, 0, 64,
	  ",nr_inodes=64" },
	{ "mode", "archive=" TREE ",mode=0750", 0, 0750, 0, 0, 0, 0,
	  ",mode=750" },
	{ "uid_gid", "archive=" TREE ",uid=1234,gid=5678", 0, 01777, 1234,
	  5678, 0, 0, ",uid=1234,gid=5678" },
	{ "huge", "archive=" TREE ",huge=never", 0, 01777, 0, 0, 0, 0, NULL },
	{ "ro_flag", "archive=" TREE, SB_RDONLY, 01777, 0, 0, 0, 0, NULL },
	{ "ro_option", "archive=" TREE ",ro", 0, 01777, 0, 0, 0, 0, NULL },
	{ "all",
	  "size=2m,nr_inodes=100,mode=0555,uid=1,gid=2,huge=never,ro,archive=tmpfs-tree",
	  0, 0555, 1, 2, SZ_2M / PAGE_SIZE, 100,
	  ",size=2048k,nr_inodes=100,mode=555,uid=1,gid=2" },
	{ "twice", "archive=" PUBLIC ",archive=" TREE, 0, 01777, 0, 0, 0, 0,
	  NULL },
};

static void opt_desc(const struct opt_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(opt, opt_cases, opt_desc);

static void archive_tmpfs_options(struct kunit *test)
{
	const struct opt_case *c = test->param_value;
	struct vfsmount *mnt = must_mount(test, c->flags, c->opts);
	struct shmem_sb_info *sbinfo = tmpfs_sbinfo(mnt->mnt_sb);
	struct inode *root = d_inode(mnt->mnt_root);
	bool ro = (c->flags & SB_RDONLY) || strstr(c->opts, ",ro");
	char *opts = shown(test, mnt);

	expect_tree(test, mnt);
	KUNIT_EXPECT_EQ(test, root->i_mode, S_IFDIR | c->mode);
	KUNIT_EXPECT_EQ(test, from_kuid(&init_user_ns, root->i_uid), c->uid);
	KUNIT_EXPECT_EQ(test, from_kgid(&init_user_ns, root->i_gid), c->gid);
	if (c->blocks)
		KUNIT_EXPECT_EQ(test, sbinfo->max_blocks, c->blocks);
	if (c->inodes)
		KUNIT_EXPECT_EQ(test, sbinfo->max_inodes, c->inodes);
	KUNIT_EXPECT_EQ(test, sb_rdonly(mnt->mnt_sb), ro);
	if (ro)
		KUNIT_EXPECT_EQ(test, mnt_want_write(mnt), -EROFS);
	KUNIT_EXPECT_NOT_NULL(test, strstr(opts, ",archive=" TREE));
	if (c->shown)
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(opts, c->shown), "%s",
					  opts);
	KUNIT_EXPECT_PTR_EQ(test, sbinfo->archive, tree_archive);
}

struct sb_count {
	struct archive *a;
	int n;
};

static void count_one(struct super_block *sb, void *arg)
{
	struct sb_count *c = arg;

	if (tmpfs_sbinfo(sb) && tmpfs_sbinfo(sb)->archive == c->a)
		c->n++;
}

/* Live tmpfs superblocks filled from @a. */
static int count_sb(struct archive *a)
{
	struct file_system_type *type = get_fs_type("tmpfs");
	struct sb_count c = { a, 0 };

	iterate_supers_type(type, count_one, &c);
	module_put(type->owner);
	return c.n;
}

/*
 * Superblocks left by a failed mount made from a kernel thread: the private
 * mount that created one is put by delayed work (a mount(2) caller puts it
 * before returning to user space), so wait for it.
 */
static int settled_count_sb(struct archive *a)
{
	int i, n = count_sb(a);

	for (i = 0; n && i < 100; i++) {
		msleep(20);
		n = count_sb(a);
	}
	return n;
}

struct fail_case {
	const char *desc;
	const char *opts;
	int err;
	struct archive **archive;
};

static const struct fail_case fail_cases[] = {
	{ "unknown", "archive=tmpfs-none", -ENOENT },
	{ "invalid_name", "archive=Tmpfs", -EINVAL },
	{ "dot_name", "archive=..", -EINVAL },
	{ "empty_name", "archive=", -EINVAL },
	{ "long_name",
	  "archive=01234567890123456789012345678901234567890123456789012345678901234",
	  -EINVAL },
	{ "size", "size=16k,archive=" BIG, -ENOSPC, &big_archive },
	{ "size_ro", "size=16k,ro,archive=" BIG, -ENOSPC, &big_archive },
	{ "nr_inodes", "nr_inodes=4,archive=" TREE, -ENOSPC, &tree_archive },
	{ "malformed", "archive=" GARBAGE, -EINVAL, &garbage_archive },
	{ "truncated", "archive=" TRUNCATED, -ENODATA, &truncated_archive },
};

static void fail_desc(const struct fail_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fail, fail_cases, fail_desc);

static void archive_tmpfs_failures(struct kunit *test)
{
	const struct fail_case *c = test->param_value;
	struct archive *a = c->archive ? *c->archive : NULL;
	unsigned int refs = a ? kref_read(&a->kobj.kref) : 0;
	struct vfsmount *mnt;

	mnt = try_mount(0, c->opts);
	if (!IS_ERR(mnt))
		release_mnt(mnt);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(mnt), c->err);
	if (a) {
		/* No superblock, no reference left behind. */
		KUNIT_EXPECT_EQ(test, settled_count_sb(a), 0);
		KUNIT_EXPECT_EQ(test, kref_read(&a->kobj.kref), refs);
	}
}

/* What fsopen() attaches to @fc, so that messages can be read back. */
static void attach_log(struct kunit *test, struct fs_context *fc)
{
	struct fc_log *log = kzalloc(sizeof(*log), GFP_KERNEL);

	if (!log)
		put_fs_context(fc);
	KUNIT_ASSERT_NOT_NULL(test, log);
	refcount_set(&log->usage, 1);
	log->owner = fc->fs_type->owner;
	fc->log.log = log;
}

static struct fs_context *new_fc(struct kunit *test)
{
	struct file_system_type *type = get_fs_type("tmpfs");
	struct fs_context *fc;

	KUNIT_ASSERT_NOT_NULL(test, type);
	fc = fs_context_for_mount(type, 0);
	module_put(type->owner);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fc));
	attach_log(test, fc);
	return fc;
}

static const char *last_msg(struct fs_context *fc)
{
	struct fc_log *log = fc->log.log;

	return log->head == log->tail ? "" : log->buffer[(log->head - 1) & 7];
}

static int set_archive(struct fs_context *fc, const char *name)
{
	return vfs_parse_fs_string(fc, "archive", name, strlen(name));
}

/* The fsopen()/fsconfig()/fsmount() path, messages included. */
static void archive_tmpfs_fs_context(struct kunit *test)
{
	unsigned int refs = kref_read(&garbage_archive->kobj.kref);
	struct fs_context *fc = new_fc(test);
	struct vfsmount *mnt;
	int err;

	err = set_archive(fc, "tmpfs-none");
	KUNIT_EXPECT_EQ(test, err, -ENOENT);
	KUNIT_EXPECT_NOT_NULL(test, strstr(last_msg(fc), "tmpfs-none"));
	err = set_archive(fc, "No");
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(last_msg(fc), "invalid"));

	KUNIT_EXPECT_EQ(test, 0, set_archive(fc, GARBAGE));
	KUNIT_EXPECT_EQ(test, vfs_get_tree(fc), -EINVAL);
	KUNIT_EXPECT_NULL(test, fc->root);
	KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(last_msg(fc), GARBAGE), "%s",
				  last_msg(fc));
	put_fs_context(fc);
	KUNIT_EXPECT_EQ(test, settled_count_sb(garbage_archive), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&garbage_archive->kobj.kref), refs);

	fc = new_fc(test);
	KUNIT_EXPECT_EQ(test, 0, set_archive(fc, TREE));
	KUNIT_EXPECT_EQ(test, 0, vfs_parse_fs_string(fc, "ro", NULL, 0));
	mnt = fc_mount(fc);	/* vfs_get_tree(), then the mount */
	put_fs_context(fc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mnt));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   release_mnt_wrapper,
							   mnt));
	expect_tree(test, mnt);
	KUNIT_EXPECT_TRUE(test, sb_rdonly(mnt->mnt_sb));
}

/* Parses archive=@name for a remount of @mnt, then applies the remount. */
static int remount_archive(struct kunit *test, struct vfsmount *mnt,
			   const char *name)
{
	struct fs_context *fc;
	int err;

	fc = fs_context_for_reconfigure(mnt->mnt_root, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fc));
	attach_log(test, fc);
	err = set_archive(fc, name);
	if (!err)
		err = fc->ops->reconfigure(fc);
	if (err)
		KUNIT_EXPECT_NOT_NULL(test, strstr(last_msg(fc), "archive"));
	put_fs_context(fc);
	return err;
}

/* archive= may be repeated on remount, not changed, added or made invalid. */
static void archive_tmpfs_remount(struct kunit *test)
{
	struct vfsmount *mnt = must_mount(test, 0, "archive=" TREE);
	struct vfsmount *plain = must_mount(test, 0, "size=1m");

	KUNIT_EXPECT_EQ(test, remount_archive(test, mnt, PUBLIC), -EINVAL);
	KUNIT_EXPECT_EQ(test, remount_archive(test, mnt, TREE), 0);
	KUNIT_EXPECT_EQ(test, remount_archive(test, mnt, "tmpfs-none"), -EINVAL);
	KUNIT_EXPECT_EQ(test, remount_archive(test, mnt, "../x"), -EINVAL);
	KUNIT_EXPECT_EQ(test, remount_archive(test, plain, TREE), -EINVAL);

	KUNIT_EXPECT_PTR_EQ(test, tmpfs_sbinfo(mnt->mnt_sb)->archive, tree_archive);
	KUNIT_EXPECT_NULL(test, tmpfs_sbinfo(plain->mnt_sb)->archive);
}

/* A tmpfs created in another user namespace may use public archives only. */
static void archive_tmpfs_user_ns(struct kunit *test)
{
	static struct user_namespace other;
	struct fs_context *fc = new_fc(test);
	struct user_namespace *saved = fc->user_ns;

	fc->user_ns = &other;
	KUNIT_EXPECT_EQ(test, set_archive(fc, TREE), -EPERM);
	KUNIT_EXPECT_NOT_NULL(test, strstr(last_msg(fc), "not public"));
	KUNIT_EXPECT_EQ(test, set_archive(fc, "tmpfs-none"), -ENOENT);
	KUNIT_EXPECT_EQ(test, set_archive(fc, PUBLIC), 0);
	fc->user_ns = saved;
	put_fs_context(fc);
}

/* Registers @tree under @name, cut to its first @len bytes if @len. */
static struct archive *reg_tree(struct kunit *test, const char *name,
				size_t len)
{
	struct cpio_kunit_writer w;
	struct archive *a;

	KUNIT_ASSERT_EQ(test, 0, write_tree(&w));
	a = reg(name, w.buf, len ? len : w.len, 0);
	vfree(w.buf);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	return a;
}

static void archive_tmpfs_unregister_mounted(struct kunit *test)
{
	struct archive *a, *b;
	struct vfsmount *mnt;

	a = reg_tree(test, "tmpfs-gone", 0);
	mnt = must_mount(test, 0, "archive=tmpfs-gone");
	archive_unregister(a);

	expect_tree(test, mnt);
	KUNIT_EXPECT_NOT_NULL(test, strstr(shown(test, mnt), ",archive=tmpfs-gone"));
	KUNIT_EXPECT_EQ(test, PTR_ERR(try_mount(0, "archive=tmpfs-gone")),
			-ENOENT);
	/* The name is free again while the old mount lives. */
	b = reg("tmpfs-gone", "070701", 6, 0);
	KUNIT_EXPECT_FALSE(test, IS_ERR(b));
	archive_unregister(b);
}

#define MOUNTERS 8

struct mounter {
	const char *opts;
	struct vfsmount *mnt;
	struct completion done;
};

static int mounter_fn(void *data)
{
	struct mounter *m = data;

	m->mnt = try_mount(0, m->opts);
	complete(&m->done);
	return 0;
}

static void start_mounters(struct kunit *test, struct mounter *m,
			   const char *opts)
{
	struct task_struct *t;
	int i;

	for (i = 0; i < MOUNTERS; i++) {
		m[i].opts = opts;
		m[i].mnt = NULL;
		init_completion(&m[i].done);
	}
	for (i = 0; i < MOUNTERS; i++) {
		t = kthread_run(mounter_fn, &m[i], "archive_mount_%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	}
}

static void archive_tmpfs_concurrent(struct kunit *test)
{
	struct mounter m[MOUNTERS];
	int i;

	start_mounters(test, m, "archive=" BIG);
	for (i = 0; i < MOUNTERS; i++) {
		wait_for_completion(&m[i].done);
		KUNIT_EXPECT_FALSE(test, IS_ERR(m[i].mnt));
	}
	for (i = 0; i < MOUNTERS; i++) {
		if (IS_ERR(m[i].mnt))
			continue;
		expect_big(test, m[i].mnt);
		release_mnt(m[i].mnt);
	}
	KUNIT_EXPECT_EQ(test, settled_count_sb(big_archive), 0);
}

/* Unregistering while mounts populate: each mount is whole or refused. */
static void archive_tmpfs_unregister_populating(struct kunit *test)
{
	struct mounter m[MOUNTERS];
	struct archive *a;
	struct cpio_kunit_writer w;
	int i, ok = 0;

	KUNIT_ASSERT_EQ(test, 0, write_big(&w));
	a = reg("tmpfs-racing", w.buf, w.len, 0);
	vfree(w.buf);
	KUNIT_ASSERT_FALSE(test, IS_ERR(a));
	start_mounters(test, m, "archive=tmpfs-racing");
	/* As soon as one mount holds the archive. */
	while (kref_read(&a->kobj.kref) < 2)
		cond_resched();
	archive_unregister(a);
	for (i = 0; i < MOUNTERS; i++) {
		wait_for_completion(&m[i].done);
		if (IS_ERR(m[i].mnt)) {
			KUNIT_EXPECT_EQ(test, PTR_ERR(m[i].mnt), -ENOENT);
			continue;
		}
		ok++;
		expect_big(test, m[i].mnt);
		release_mnt(m[i].mnt);
	}
	kunit_info(test, "%d of %d mounts populated, the others refused", ok,
		   MOUNTERS);
}

/*
 * Read-only mounts of one archive with the same options share a superblock;
 * read-write mounts, other options, other archives and exclusive creation
 * get their own.
 */
static void archive_tmpfs_shared(struct kunit *test)
{
	struct vfsmount *a = must_mount(test, SB_RDONLY, "archive=" TREE);
	struct vfsmount *b = must_mount(test, 0, "archive=" TREE ",ro");
	struct vfsmount *rw = must_mount(test, 0, "archive=" TREE);
	struct vfsmount *mode = must_mount(test, SB_RDONLY,
					   "archive=" TREE ",mode=0755");
	struct vfsmount *pub = must_mount(test, SB_RDONLY, "archive=" PUBLIC);
	struct vfsmount *excl;
	struct fs_context *fc;

	KUNIT_EXPECT_PTR_EQ(test, a->mnt_sb, b->mnt_sb);
	KUNIT_EXPECT_PTR_NE(test, a->mnt_sb, rw->mnt_sb);
	KUNIT_EXPECT_PTR_NE(test, a->mnt_sb, mode->mnt_sb);
	KUNIT_EXPECT_PTR_NE(test, a->mnt_sb, pub->mnt_sb);
	KUNIT_EXPECT_TRUE(test, tmpfs_sbinfo(a->mnt_sb)->archive_shared);
	KUNIT_EXPECT_FALSE(test, tmpfs_sbinfo(rw->mnt_sb)->archive_shared);
	KUNIT_EXPECT_TRUE(test, sb_rdonly(a->mnt_sb));
	expect_tree(test, b);

	/* FSCONFIG_CMD_CREATE_EXCL: a private read-only copy. */
	fc = new_fc(test);
	KUNIT_EXPECT_EQ(test, 0, set_archive(fc, TREE));
	KUNIT_EXPECT_EQ(test, 0, vfs_parse_fs_string(fc, "ro", NULL, 0));
	fc->exclusive = true;
	excl = fc_mount(fc);
	put_fs_context(fc);
	KUNIT_ASSERT_FALSE(test, IS_ERR(excl));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   release_mnt_wrapper,
							   excl));
	KUNIT_EXPECT_PTR_NE(test, a->mnt_sb, excl->mnt_sb);
	KUNIT_EXPECT_TRUE(test, sb_rdonly(excl->mnt_sb));
	KUNIT_EXPECT_FALSE(test, tmpfs_sbinfo(excl->mnt_sb)->archive_shared);
	expect_tree(test, excl);
}

/* A shared instance stays read-only; a private one may become writable. */
static void archive_tmpfs_shared_remount(struct kunit *test)
{
	struct vfsmount *shared = must_mount(test, SB_RDONLY, "archive=" TREE);
	struct vfsmount *rw = must_mount(test, 0, "archive=" TREE);
	struct fs_context *fc;

	fc = fs_context_for_reconfigure(shared->mnt_root, 0, SB_RDONLY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fc));
	KUNIT_EXPECT_EQ(test, fc->ops->reconfigure(fc), -EINVAL);
	put_fs_context(fc);

	fc = fs_context_for_reconfigure(shared->mnt_root, SB_RDONLY, SB_RDONLY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fc));
	KUNIT_EXPECT_EQ(test, fc->ops->reconfigure(fc), 0);
	put_fs_context(fc);

	/* Its options stay too; repeating one is accepted. */
	fc = fs_context_for_reconfigure(shared->mnt_root, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fc));
	KUNIT_EXPECT_EQ(test, 0, vfs_parse_fs_string(fc, "size", "1m", 2));
	KUNIT_EXPECT_EQ(test, fc->ops->reconfigure(fc), -EINVAL);
	put_fs_context(fc);
	fc = fs_context_for_reconfigure(shared->mnt_root, 0, 0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fc));
	KUNIT_EXPECT_EQ(test, 0, vfs_parse_fs_string(fc, "huge", "never", 5));
	KUNIT_EXPECT_EQ(test, fc->ops->reconfigure(fc), 0);
	put_fs_context(fc);

	fc = fs_context_for_reconfigure(rw->mnt_root, 0, SB_RDONLY);
	KUNIT_ASSERT_FALSE(test, IS_ERR(fc));
	KUNIT_EXPECT_EQ(test, fc->ops->reconfigure(fc), 0);
	put_fs_context(fc);
}

/* Replacing the archive: later mounts get the new content, earlier keep theirs. */
static void archive_tmpfs_shared_replaced(struct kunit *test)
{
	struct vfsmount *old, *new;
	struct archive *a;
	struct path p;

	a = reg_tree(test, "tmpfs-replaced", 0);
	old = must_mount(test, SB_RDONLY, "archive=tmpfs-replaced");
	archive_unregister(a);

	/* Only "." and "etc", without a trailer: a valid prefix of the tree. */
	a = reg_tree(test, "tmpfs-replaced", 2 * CPIO_HDR_LEN + 8);
	new = must_mount(test, SB_RDONLY, "archive=tmpfs-replaced");
	archive_unregister(a);
	KUNIT_EXPECT_PTR_NE(test, old->mnt_sb, new->mnt_sb);
	KUNIT_EXPECT_EQ(test, lookup(new, "etc/hello", &p), -ENOENT);
	expect_tree(test, old);
}

/* Racing first read-only mounts populate one superblock, all succeed. */
static void archive_tmpfs_shared_racing(struct kunit *test)
{
	struct mounter m[MOUNTERS];
	int i;

	start_mounters(test, m, "archive=" BIG ",ro");
	for (i = 0; i < MOUNTERS; i++) {
		wait_for_completion(&m[i].done);
		KUNIT_EXPECT_FALSE(test, IS_ERR(m[i].mnt));
	}
	KUNIT_EXPECT_EQ(test, settled_count_sb(big_archive), 1);
	for (i = 0; i < MOUNTERS; i++) {
		if (IS_ERR(m[i].mnt))
			continue;
		KUNIT_EXPECT_PTR_EQ(test, m[i].mnt->mnt_sb, m[0].mnt->mnt_sb);
		expect_big(test, m[i].mnt);
		release_mnt(m[i].mnt);
	}
	KUNIT_EXPECT_EQ(test, settled_count_sb(big_archive), 0);

	/* A failing population fails every racer with the same errno. */
	start_mounters(test, m, "archive=" GARBAGE ",ro");
	for (i = 0; i < MOUNTERS; i++) {
		wait_for_completion(&m[i].done);
		KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(m[i].mnt), -EINVAL);
		if (!IS_ERR(m[i].mnt))
			release_mnt(m[i].mnt);
	}
	KUNIT_EXPECT_EQ(test, settled_count_sb(garbage_archive), 0);
}

/* CONFIG_ARCHIVES_BUILTIN="kunit-builtin=fs/archives/test-archive.list" */
static void archive_tmpfs_builtin(struct kunit *test)
{
	static const struct cpio_kunit_member nodes[] = {
		{ "etc", S_IFDIR | 0755 },
		{ "etc/self", S_IFLNK | 0777 },
		{ "data", S_IFDIR | 0750, NULL, 1000, 100 },
		{ "data/empty", S_IFREG | 0600 },
		{ "data/fifo", S_IFIFO | 0644 },
	};
	struct archive *a = archive_get("kunit-builtin");
	struct vfsmount *mnt;
	struct path p1, p2;
	size_t i;

	if (IS_ERR(a))
		kunit_skip(test, "CONFIG_ARCHIVES_BUILTIN has no kunit-builtin");
	KUNIT_EXPECT_EQ(test, a->source, ARCHIVE_SOURCE_BUILTIN);
	KUNIT_EXPECT_EQ(test, a->pinned, 0);
	KUNIT_EXPECT_FALSE(test, archive_is_public(a));
	if (IS_ENABLED(CONFIG_ARCHIVES_BUILTIN_COMPRESSION_ZSTD))
		KUNIT_EXPECT_STREQ(test, a->format, "zstd");
	archive_put(a);

	mnt = must_mount(test, 0, "archive=kunit-builtin,ro");
	for (i = 0; i < ARRAY_SIZE(nodes); i++)
		expect_node(test, mnt, &nodes[i]);
	KUNIT_ASSERT_EQ(test, 0, lookup(mnt, "data/sub/link1", &p1));
	KUNIT_ASSERT_EQ(test, 0, lookup(mnt, "data/sub/link2", &p2));
	KUNIT_EXPECT_PTR_EQ(test, d_inode(p1.dentry), d_inode(p2.dentry));
	KUNIT_EXPECT_EQ(test, d_inode(p1.dentry)->i_nlink, 2);
	KUNIT_EXPECT_GT(test, i_size_read(d_inode(p1.dentry)), 0);
	path_put(&p1);
	path_put(&p2);
	KUNIT_EXPECT_TRUE(test, sb_rdonly(mnt->mnt_sb));
}

static struct kunit_case archive_tmpfs_cases[] = {
	KUNIT_CASE(archive_tmpfs_mount),
	KUNIT_CASE_PARAM(archive_tmpfs_options, opt_gen_params),
	KUNIT_CASE_PARAM(archive_tmpfs_failures, fail_gen_params),
	KUNIT_CASE(archive_tmpfs_fs_context),
	KUNIT_CASE(archive_tmpfs_remount),
	KUNIT_CASE(archive_tmpfs_user_ns),
	KUNIT_CASE(archive_tmpfs_unregister_mounted),
	KUNIT_CASE(archive_tmpfs_concurrent),
	KUNIT_CASE(archive_tmpfs_unregister_populating),
	KUNIT_CASE(archive_tmpfs_shared),
	KUNIT_CASE(archive_tmpfs_shared_remount),
	KUNIT_CASE(archive_tmpfs_shared_replaced),
	KUNIT_CASE(archive_tmpfs_shared_racing),
	KUNIT_CASE(archive_tmpfs_builtin),
	{}
};

static struct kunit_suite archive_tmpfs_suite = {
	.name = "archive_tmpfs",
	.suite_init = archive_tmpfs_suite_init,
	.suite_exit = archive_tmpfs_suite_exit,
	.test_cases = archive_tmpfs_cases,
};

kunit_test_suite(archive_tmpfs_suite);

MODULE_DESCRIPTION("KUnit tests for the tmpfs archive= option");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");
