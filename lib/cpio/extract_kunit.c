// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the confined cpio extractor, into private tmpfs mounts.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpio_extract.h>
#include <linux/cpio_kunit.h>
#include <linux/file.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/kthread.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>

KUNIT_DEFINE_ACTION_WRAPPER(mntput_wrapper, mntput, struct vfsmount *);

/* Archives written here number their members' inodes from 1000. */
static void cw_init(struct kunit *test, struct cpio_kunit_writer *w,
		    size_t cap)
{
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_writer_init(test, w, cap));
	w->next_ino = 1000;
}

static void cw_add(struct kunit *test, struct cpio_kunit_writer *w,
		   const struct cpio_kunit_member *m)
{
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add(w, m));
}

static void cw_list(struct kunit *test, struct cpio_kunit_writer *w,
		    const struct cpio_kunit_member *m, size_t n)
{
	while (n--)
		cw_add(test, w, m++);
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add_trailer(w));
}

/* A private tmpfs; @data: its options, NULL or a writable string. */
static struct path test_mount_data(struct kunit *test, int flags, char *data)
{
	struct file_system_type *type = get_fs_type("tmpfs");
	struct vfsmount *mnt;
	struct path root;

	KUNIT_ASSERT_NOT_NULL(test, type);
	mnt = vfs_kern_mount(type, flags, "tmpfs", data);
	module_put(type->owner);
	KUNIT_ASSERT_FALSE(test, IS_ERR(mnt));
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, mntput_wrapper,
							   mnt));
	root.mnt = mnt;
	root.dentry = mnt->mnt_root;
	return root;
}

static struct path test_mount_flags(struct kunit *test, int flags)
{
	return test_mount_data(test, flags, NULL);
}

static struct path test_mount(struct kunit *test)
{
	return test_mount_flags(test, 0);
}

/* Look @name up below @root without following a final symlink. */
static int lookup(const struct path *root, const char *name, struct path *p)
{
	return vfs_path_lookup(root->dentry, root->mnt, name, 0, p);
}

static struct inode *must_exist(struct kunit *test, const struct path *root,
				const char *name, umode_t mode)
{
	struct inode *inode;
	struct path p;

	KUNIT_ASSERT_EQ_MSG(test, 0, lookup(root, name, &p), "%s", name);
	inode = d_inode(p.dentry);
	KUNIT_EXPECT_EQ_MSG(test, inode->i_mode, mode, "%s", name);
	path_put(&p);
	return inode;	/* still pinned by its mount */
}

static void must_not_exist(struct kunit *test, const struct path *root,
			   const char *name)
{
	struct path p;

	KUNIT_EXPECT_EQ_MSG(test, -ENOENT, lookup(root, name, &p), "%s", name);
}

static void expect_data(struct kunit *test, const struct path *root,
			const char *name, const char *data)
{
	size_t len = strlen(data);
	struct file *f;
	struct path p;
	loff_t pos = 0;
	char *buf;

	KUNIT_ASSERT_EQ_MSG(test, 0, lookup(root, name, &p), "%s", name);
	KUNIT_EXPECT_EQ(test, i_size_read(d_inode(p.dentry)), len);
	f = dentry_open(&p, O_RDONLY, current_cred());
	path_put(&p);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	buf = kunit_kzalloc(test, len + 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, kernel_read(f, buf, len + 1, &pos), len);
	fput(f);
	KUNIT_EXPECT_STREQ(test, buf, data);
}

static void expect_link(struct kunit *test, const struct path *root,
			const char *name, const char *target)
{
	DEFINE_DELAYED_CALL(done);
	const char *s;
	struct path p;

	KUNIT_ASSERT_EQ(test, 0, lookup(root, name, &p));
	KUNIT_EXPECT_TRUE(test, d_is_symlink(p.dentry));
	s = vfs_get_link(p.dentry, &done);
	KUNIT_EXPECT_FALSE(test, IS_ERR(s));
	if (!IS_ERR(s))
		KUNIT_EXPECT_STREQ(test, s, target);
	do_delayed_call(&done);
	path_put(&p);
}

/* What extract() asks of the policy. */
#define EX_MTIME	BIT(0)	/* apply mtimes */
#define EX_SKIP		BIT(1)	/* skip members that cannot be applied */

static int skip_member(void *ctx, const struct cpio_entry *e, int err,
		       const char *msg)
{
	return 0;
}

/* Extract @w into @root in one write; the error record goes to @err. */
static int extract(const struct path *root, struct cpio_kunit_writer *w,
		   unsigned int how, struct cpio_stream_error *err)
{
	struct cpio_extract_policy policy = {
		.mtime = how & EX_MTIME,
		.member_error = how & EX_SKIP ? skip_member : NULL,
	};
	struct cpio_extract *x = cpio_extract_create(root, &policy);
	int ret;

	if (IS_ERR(x))
		return PTR_ERR(x);
	ret = cpio_extract_write(x, w->buf, w->len);
	if (!ret)
		ret = cpio_extract_finish(x);
	if (err)
		*err = *cpio_extract_error(x);
	cpio_extract_destroy(x);
	return ret;
}

static const struct cpio_kunit_member all_types[] = {
	{ "d", S_IFDIR | 0750, NULL, 1, 2, 2, 100 },
	{ "d/f", S_IFREG | 0640, "hello, world\n", 3, 4, 1, 200 },
	{ "d/l", S_IFLNK | 0777, "f", 5, 6, 1, 300 },
	{ "c", S_IFCHR | 0600, NULL, 0, 0, 1, 400, 0, 1, 3 },
	{ "b", S_IFBLK | 0660, NULL, 0, 6, 1, 500, 0, 8, 1 },
	{ "p", S_IFIFO | 0644, NULL, 7, 7, 1, 600 },
	{ "s", S_IFSOCK | 0755, NULL, 8, 8, 1, 700 },
	{ "e", S_IFREG | 04755, NULL, 9, 9, 1, 800 },
};

static void check_all_types(struct kunit *test, const struct path *root,
			    bool mtime)
{
	const struct cpio_kunit_member *t;
	struct inode *inode;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(all_types); i++) {
		t = &all_types[i];
		inode = must_exist(test, root, t->name, t->mode);
		KUNIT_EXPECT_EQ_MSG(test, i_uid_read(inode), t->uid, "%s", t->name);
		KUNIT_EXPECT_EQ_MSG(test, i_gid_read(inode), t->gid, "%s", t->name);
		KUNIT_EXPECT_EQ_MSG(test, inode->i_rdev,
				    MKDEV(t->rdev_major, t->rdev_minor), "%s",
				    t->name);
		if (mtime)
			KUNIT_EXPECT_EQ_MSG(test, inode_get_mtime_sec(inode),
					    t->mtime, "%s", t->name);
		else
			KUNIT_EXPECT_NE(test, inode_get_mtime_sec(inode),
					t->mtime);
	}
	expect_data(test, root, "d/f", "hello, world\n");
	expect_data(test, root, "e", "");
	expect_link(test, root, "d/l", "f");
}

static void cpio_extract_all_types(struct kunit *test)
{
	struct path root = test_mount(test);
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, all_types, ARRAY_SIZE(all_types));
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, 0, NULL));
	check_all_types(test, &root, false);
}

static void cpio_extract_mtime(struct kunit *test)
{
	struct path root = test_mount(test);
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, all_types, ARRAY_SIZE(all_types));
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, EX_MTIME, NULL));
	check_all_types(test, &root, true);
}

static void cpio_extract_root_entry(struct kunit *test)
{
	static const struct cpio_kunit_member t[] = {
		{ ".", S_IFDIR | 0700, NULL, 11, 12, 2 },
		{ "/./x", S_IFDIR | 0755 },
	};
	struct path root = test_mount(test);
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, t, ARRAY_SIZE(t));
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, 0, NULL));
	KUNIT_EXPECT_EQ(test, d_inode(root.dentry)->i_mode, S_IFDIR | 0700);
	KUNIT_EXPECT_EQ(test, i_uid_read(d_inode(root.dentry)), 11);
	must_exist(test, &root, "x", S_IFDIR | 0755);
}

static void cpio_extract_hard_links(struct kunit *test)
{
	static const struct cpio_kunit_member t[] = {
		{ "a", S_IFREG | 0644, NULL, 0, 0, 3, 0, 42 },
		{ "b", S_IFREG | 0644, NULL, 0, 0, 3, 0, 42 },
		{ "c", S_IFREG | 0644, "shared data", 0, 0, 3, 0, 42 },
		{ "other", S_IFREG | 0600, "x", 0, 0, 1, 0, 43 },
	};
	struct inode *a, *b, *c;
	struct path root = test_mount(test);
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, t, ARRAY_SIZE(t));
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, 0, NULL));
	a = must_exist(test, &root, "a", S_IFREG | 0644);
	b = must_exist(test, &root, "b", S_IFREG | 0644);
	c = must_exist(test, &root, "c", S_IFREG | 0644);
	KUNIT_EXPECT_PTR_EQ(test, a, b);
	KUNIT_EXPECT_PTR_EQ(test, a, c);
	KUNIT_EXPECT_EQ(test, a->i_nlink, 3);
	expect_data(test, &root, "a", "shared data");
	expect_data(test, &root, "other", "x");
}

static void cpio_extract_link_group_gone(struct kunit *test)
{
	static const struct cpio_kunit_member t[] = {
		{ "a", S_IFREG | 0644, NULL, 0, 0, 2, 0, 5 },
		{ "a", S_IFDIR | 0755 },
		{ "b", S_IFREG | 0644, "data", 0, 0, 2, 0, 5 },
	};
	struct path root = test_mount(test);
	struct cpio_stream_error err;
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, t, ARRAY_SIZE(t));
	KUNIT_EXPECT_EQ(test, -ENOENT, extract(&root, &w, 0, &err));
	KUNIT_EXPECT_STREQ(test, err.msg, "hard link target is gone");
	must_not_exist(test, &root, "b");
}

/* The hard-link table is per archive: a TRAILER!!! ends every group. */
static void cpio_extract_link_groups_reset(struct kunit *test)
{
	static const struct cpio_kunit_member a = {
		"a", S_IFREG | 0644, "one", 0, 0, 2, 0, 42
	};
	static const struct cpio_kunit_member b = {
		"b", S_IFREG | 0644, "two", 0, 0, 2, 0, 42
	};
	struct path root = test_mount(test);
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, &a, 1);
	cw_list(test, &w, &b, 1);
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, 0, NULL));
	KUNIT_EXPECT_PTR_NE(test, must_exist(test, &root, "a", S_IFREG | 0644),
			    must_exist(test, &root, "b", S_IFREG | 0644));
	expect_data(test, &root, "a", "one");
	expect_data(test, &root, "b", "two");
}

/*
 * At most CPIO_EXTRACT_MAX_LINK_GROUPS groups per archive: the first
 * member of one more group is refused with -ENOSPC and not created.
 */
static void cpio_extract_link_groups_limit(struct kunit *test)
{
	const unsigned int n = CPIO_EXTRACT_MAX_LINK_GROUPS;
	struct cpio_kunit_member t = { "l", S_IFDIR | 0755 };
	/* tmpfs's default inode limit is below n on a small machine. */
	char opts[] = "nr_inodes=0";
	struct path root = test_mount_data(test, 0, opts);
	struct cpio_stream_error err;
	size_t last = 0;
	char name[16];
	struct cpio_kunit_writer w;
	u32 i;

	/* n inodes and dentries, with KASAN and kmemleak metadata. */
	if (totalram_pages() < (SZ_512M >> PAGE_SHIFT))
		kunit_skip(test, "needs 512 MiB of memory");
	cw_init(test, &w, 128 * (n + 3));
	cw_add(test, &w, &t);
	for (i = 0; i <= n; i++) {
		snprintf(name, sizeof(name), "l/g%05u", i);
		t = (struct cpio_kunit_member){
			name, S_IFREG | 0644, NULL, 0, 0, 2, 0, i + 1
		};
		last = w.len;
		cw_add(test, &w, &t);
	}
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add_trailer(&w));
	KUNIT_EXPECT_EQ(test, -ENOSPC, extract(&root, &w, 0, &err));
	KUNIT_EXPECT_STREQ(test, err.msg,
			   "no space left (or too many hard-link groups)");
	KUNIT_EXPECT_EQ(test, err.offset, last);
	snprintf(name, sizeof(name), "l/g%05u", n - 1);
	must_exist(test, &root, name, S_IFREG | 0644);
	snprintf(name, sizeof(name), "l/g%05u", n);
	must_not_exist(test, &root, name);
}

static void cpio_extract_replace(struct kunit *test)
{
	static const struct cpio_kunit_member t[] = {
		{ "a", S_IFREG | 0644, "file a" },
		{ "b", S_IFDIR | 0755 },
		{ "f", S_IFREG | 0644, "a longer first version" },
		{ "l", S_IFLNK | 0777, "old" },
		{ "a", S_IFDIR | 0711 },
		{ "b", S_IFLNK | 0777, "a" },
		{ "f", S_IFREG | 0600, "second" },
		{ "l", S_IFLNK | 0777, "new" },
		{ "a/in", S_IFREG | 0644, "inside" },
	};
	struct path root = test_mount(test);
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, t, ARRAY_SIZE(t));
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, 0, NULL));
	must_exist(test, &root, "a", S_IFDIR | 0711);
	expect_link(test, &root, "b", "a");
	must_exist(test, &root, "f", S_IFREG | 0600);
	expect_data(test, &root, "f", "second");
	expect_link(test, &root, "l", "new");
	expect_data(test, &root, "a/in", "inside");
}

static void cpio_extract_nonempty_dir(struct kunit *test)
{
	static const struct cpio_kunit_member t[] = {
		{ "a", S_IFDIR | 0755 },
		{ "a/x", S_IFREG | 0644 },
		{ "a", S_IFREG | 0644, "no" },
	};
	struct path root = test_mount(test);
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, t, ARRAY_SIZE(t));
	KUNIT_EXPECT_EQ(test, -ENOTEMPTY, extract(&root, &w, 0, NULL));
}

#define MANY 10000

static void cpio_extract_many(struct kunit *test)
{
	struct cpio_kunit_member t = { "many", S_IFDIR | 0755 };
	struct path root = test_mount(test);
	char name[32], data[16];
	struct cpio_kunit_writer w;
	int i;

	cw_init(test, &w, 200 * MANY);
	cw_add(test, &w, &t);
	for (i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "many/f%05d", i);
		snprintf(data, sizeof(data), "%d", i);
		t = (struct cpio_kunit_member){ name, S_IFREG | 0644, data };
		cw_add(test, &w, &t);
	}
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add_trailer(&w));
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, 0, NULL));
	for (i = 0; i < MANY; i += 997) {
		snprintf(name, sizeof(name), "many/f%05d", i);
		snprintf(data, sizeof(data), "%d", i);
		expect_data(test, &root, name, data);
	}
	snprintf(name, sizeof(name), "many/f%05d", MANY - 1);
	must_exist(test, &root, name, S_IFREG | 0644);
}

/*
 * Confinement and refused members: each archive is extracted into "sub"
 * and must fail with its errno, leaving nothing outside "sub".
 */
struct confine_case {
	const char *desc;
	struct cpio_kunit_member t[3];
	int err;
};

static const struct confine_case confine_cases[] = {
	{ "dotdot", { { "../x", S_IFREG | 0644, "evil" } }, -EINVAL },
	{ "slash dotdot", { { "/../x", S_IFREG | 0644 } }, -EINVAL },
	{ "deep dotdot", { { "a", S_IFDIR | 0755 },
			   { "a/../../x", S_IFREG | 0644 } }, -EINVAL },
	{ "dotdot dir", { { "..", S_IFDIR | 0755 } }, -EINVAL },
	{ "file named x/", { { "x/", S_IFREG | 0644, "data" } }, -ENOTDIR },
	{ "symlink to root", { { "d", S_IFLNK | 0777, "/" },
			       { "d/x", S_IFREG | 0644 } }, -ELOOP },
	{ "symlink to parent", { { "d", S_IFLNK | 0777, ".." },
				 { "d/x", S_IFDIR | 0755 } }, -ELOOP },
	{ "missing parent", { { "nodir/x", S_IFREG | 0644 } }, -ENOENT },
	{ "file as parent", { { "f", S_IFREG | 0644 },
			      { "f/x", S_IFREG | 0644 } }, -ENOTDIR },
	{ "root as file", { { "/", S_IFREG | 0644 } }, -EINVAL },
	{ "rdev too large", { { "x", S_IFCHR | 0600, NULL, 0, 0, 1, 0, 0,
				 1 << 12, 0 } }, -EOVERFLOW },
	{ "unknown type", { { "x", 0170644 } }, -EINVAL },
};

static void confine_desc(const struct confine_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(confine, confine_cases, confine_desc);

static void cpio_extract_confined(struct kunit *test)
{
	const struct confine_case *c = test->param_value;
	static const struct cpio_kunit_member sub = { "sub", S_IFDIR | 0755 };
	struct path root = test_mount(test), subp;
	struct cpio_stream_error err;
	struct cpio_kunit_writer w;
	int i;

	cw_init(test, &w, 4096);
	cw_add(test, &w, &sub);
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, 0, NULL));
	KUNIT_ASSERT_EQ(test, 0, lookup(&root, "sub", &subp));
	w.len = 0;
	for (i = 0; i < ARRAY_SIZE(c->t) && c->t[i].name; i++)
		cw_add(test, &w, &c->t[i]);
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add_trailer(&w));
	KUNIT_EXPECT_EQ(test, c->err, extract(&subp, &w, 0, &err));
	KUNIT_EXPECT_NOT_NULL(test, err.msg);
	path_put(&subp);
	must_not_exist(test, &root, "x");
	must_not_exist(test, &root, "d");
	must_not_exist(test, &root, "a");
	must_not_exist(test, &root, "sub/x");
	must_exist(test, &root, "sub", S_IFDIR | 0755);
}

static void cpio_extract_error_offset(struct kunit *test)
{
	static const struct cpio_kunit_member t[] = {
		{ "ok", S_IFREG | 0644, "1234" },
		{ "../bad", S_IFREG | 0644 },
	};
	struct path root = test_mount(test);
	struct cpio_stream_error err;
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, t, ARRAY_SIZE(t));
	KUNIT_EXPECT_EQ(test, -EINVAL, extract(&root, &w, 0, &err));
	KUNIT_EXPECT_STREQ(test, err.msg, "name has a .. component");
	/* 110 + "ok\0" padded to 116, 4 data bytes */
	KUNIT_EXPECT_EQ(test, err.offset, 120);
	KUNIT_EXPECT_EQ(test, err.segment, 0);
	KUNIT_EXPECT_NULL(test, err.method);
	must_exist(test, &root, "ok", S_IFREG | 0644);
}

/*
 * A caller's abort between two writes: recorded as CPIO_FAULT_CALLER at the
 * input offset reached, returned by every later call, and never replacing
 * an error recorded first.
 */
static void cpio_extract_abort_caller(struct kunit *test)
{
	static const struct cpio_kunit_member t[] = {
		{ "first", S_IFREG | 0644, "1234" },
		{ "second", S_IFREG | 0644, "5678" },
	};
	struct path root = test_mount(test);
	const struct cpio_stream_error *err;
	struct cpio_extract *x;
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, t, ARRAY_SIZE(t));
	x = cpio_extract_create(&root, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(x));
	/* 110 + "first\0" padded to 120, 4 data bytes: "first" is whole */
	KUNIT_ASSERT_EQ(test, 0, cpio_extract_write(x, w.buf, 124));
	KUNIT_EXPECT_EQ(test, -EIO, cpio_extract_abort(x, -EIO, "read failed"));
	KUNIT_EXPECT_EQ(test, -EIO, cpio_extract_write(x, w.buf + 124,
						       w.len - 124));
	KUNIT_EXPECT_EQ(test, -EIO, cpio_extract_abort(x, -EINTR, "second"));
	KUNIT_EXPECT_EQ(test, -EIO, cpio_extract_finish(x));
	err = cpio_extract_error(x);
	KUNIT_EXPECT_EQ(test, err->fault, CPIO_FAULT_CALLER);
	KUNIT_EXPECT_STREQ(test, err->msg, "read failed");
	KUNIT_EXPECT_EQ(test, err->segment, 124);
	KUNIT_EXPECT_NULL(test, err->method);
	cpio_extract_destroy(x);
	must_exist(test, &root, "first", S_IFREG | 0644);
	must_not_exist(test, &root, "second");
}

static void cpio_extract_abort_after_error(struct kunit *test)
{
	static const struct cpio_kunit_member t[] = {
		{ "../bad", S_IFREG | 0644 },
	};
	struct path root = test_mount(test);
	const struct cpio_stream_error *err;
	struct cpio_extract *x;
	struct cpio_kunit_writer w;

	cw_init(test, &w, 4096);
	cw_list(test, &w, t, ARRAY_SIZE(t));
	x = cpio_extract_create(&root, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(x));
	KUNIT_EXPECT_EQ(test, -EINVAL, cpio_extract_write(x, w.buf, w.len));
	KUNIT_EXPECT_EQ(test, -EINVAL,
			cpio_extract_abort(x, -EINTR, "interrupted"));
	err = cpio_extract_error(x);
	KUNIT_EXPECT_EQ(test, err->fault, CPIO_FAULT_MEMBER);
	KUNIT_EXPECT_STREQ(test, err->msg, "name has a .. component");
	cpio_extract_destroy(x);
}

static const struct cpio_kunit_member small[] = {
	{ "d", S_IFDIR | 0755, NULL, 1, 1, 2, 10 },
	{ "d/f", S_IFREG | 0644, "some file data", 2, 2, 1, 20 },
	{ "d/h1", S_IFREG | 0600, NULL, 0, 0, 2, 30, 77 },
	{ "d/h2", S_IFREG | 0600, "linked", 0, 0, 2, 30, 77 },
	{ "d/l", S_IFLNK | 0777, "f" },
	{ "p", S_IFIFO | 0600 },
};

static void check_small(struct kunit *test, const struct path *root)
{
	struct inode *h1, *h2;

	must_exist(test, root, "d", S_IFDIR | 0755);
	expect_data(test, root, "d/f", "some file data");
	h1 = must_exist(test, root, "d/h1", S_IFREG | 0600);
	h2 = must_exist(test, root, "d/h2", S_IFREG | 0600);
	KUNIT_EXPECT_PTR_EQ(test, h1, h2);
	KUNIT_EXPECT_EQ(test, h1->i_nlink, 2);
	expect_data(test, root, "d/h1", "linked");
	expect_link(test, root, "d/l", "f");
	must_exist(test, root, "p", S_IFIFO | 0600);
}

static void cpio_extract_chunked(struct kunit *test)
{
	struct path root = test_mount(test), sub;
	struct cpio_extract *x;
	struct cpio_kunit_member dir = { .mode = S_IFDIR | 0755 };
	char name[24];
	struct cpio_kunit_writer w, d;
	size_t k;

	cw_init(test, &w, 4096);
	cw_init(test, &d, 256);
	cw_list(test, &w, small, ARRAY_SIZE(small));
	for (k = 1; k < w.len; k++) {
		snprintf(name, sizeof(name), "s%zu", k);
		dir.name = name;
		d.len = 0;
		cw_add(test, &d, &dir);
		KUNIT_ASSERT_EQ(test, 0, extract(&root, &d, 0, NULL));
		KUNIT_ASSERT_EQ(test, 0, lookup(&root, name, &sub));
		x = cpio_extract_create(&sub, NULL);
		KUNIT_ASSERT_FALSE(test, IS_ERR(x));
		KUNIT_EXPECT_EQ(test, 0, cpio_extract_write(x, w.buf, k));
		KUNIT_EXPECT_EQ(test, 0, cpio_extract_write(x, w.buf + k,
							    w.len - k));
		KUNIT_EXPECT_EQ(test, 0, cpio_extract_finish(x));
		cpio_extract_destroy(x);
		check_small(test, &sub);
		path_put(&sub);
		if (test->status == KUNIT_FAILURE) {
			kunit_info(test, "split at %zu", k);
			return;
		}
	}
}

static void cpio_extract_readonly(struct kunit *test)
{
	struct path root = test_mount_flags(test, SB_RDONLY);

	KUNIT_EXPECT_EQ(test, -EROFS,
			PTR_ERR(cpio_extract_create(&root, NULL)));
}

struct worker {
	struct path root;
	struct cpio_kunit_writer *w;
	int ret;
	struct completion done;
};

static int worker_fn(void *data)
{
	struct worker *wk = data;

	wk->ret = extract(&wk->root, wk->w, EX_MTIME, NULL);
	complete(&wk->done);
	return 0;
}

static void cpio_extract_concurrent(struct kunit *test)
{
	struct worker wk[2];
	struct task_struct *task;
	char name[32], data[32];
	struct cpio_kunit_writer w[2];
	struct cpio_kunit_member t;
	int i, j;

	for (i = 0; i < 2; i++) {
		wk[i].root = test_mount(test);
		cw_init(test, &w[i], 200 * 2000);
		t = (struct cpio_kunit_member){ "top", S_IFDIR | 0755 };
		cw_add(test, &w[i], &t);
		for (j = 0; j < 2000; j++) {
			snprintf(name, sizeof(name), "top/w%d-%d", i, j);
			snprintf(data, sizeof(data), "worker %d file %d", i, j);
			t = (struct cpio_kunit_member){
				name, S_IFREG | 0644, data
			};
			cw_add(test, &w[i], &t);
		}
		KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add_trailer(&w[i]));
		wk[i].w = &w[i];
		wk[i].ret = 1;
		init_completion(&wk[i].done);
	}
	for (i = 0; i < 2; i++) {
		task = kthread_run(worker_fn, &wk[i], "cpio_extract_%d", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	}
	for (i = 0; i < 2; i++) {
		wait_for_completion(&wk[i].done);
		KUNIT_EXPECT_EQ(test, wk[i].ret, 0);
	}
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 2000; j += 199) {
			snprintf(name, sizeof(name), "top/w%d-%d", i, j);
			snprintf(data, sizeof(data), "worker %d file %d", i, j);
			expect_data(test, &wk[i].root, name, data);
			snprintf(name, sizeof(name), "top/w%d-%d", !i, j);
			must_not_exist(test, &wk[i].root, name);
		}
	}
}

/* Members refused one by one, and replacements, with a policy that skips. */
static const struct cpio_kunit_member skipped_members[] = {
	{ "d", S_IFDIR | 0755, NULL, 0, 0, 2, 100 },
	{ "d/f", S_IFREG | 0644, "in d\n" },
	{ "missing/f", S_IFREG | 0644, "no parent\n" },
	{ "d/../x", S_IFREG | 0644, "dot dot\n" },
	{ "d", S_IFLNK | 0777, "elsewhere" },
	{ "l", S_IFLNK | 0777, "d" },
	{ "l/f", S_IFREG | 0644, "through a symlink\n" },
	{ "d", S_IFDIR | 0700, NULL, 0, 0, 2, 200 },
	{ "after", S_IFREG | 0600, "after skips\n" },
	{ "n1", S_IFCHR | 0600, NULL, 0, 0, 2, 0, 77, 1, 3 },
	{ "n2", S_IFCHR | 0600, NULL, 0, 0, 2, 0, 77, 1, 3 },
	{ "owned", S_IFREG | 0644, "first\n", 7, 8 },
	{ "owned", S_IFREG | 0600, "second\n", 0xffffffff, 9 },
	{ "grouped", S_IFDIR | 0755, NULL, 7, 8 },
	{ "grouped", S_IFDIR | 0700, NULL, 9, 0xffffffff },
	{ "c", S_IFCHR | 0600, NULL, 0, 0, 1, 0, 0, 1, 3 },
	{ "c", S_IFCHR | 0644, NULL, 3, 4, 1, 0, 0, 1, 5 },
	{ "nd", S_IFDIR | 0755 },
	{ "nd/in", S_IFREG | 0644, "in nd\n" },
	{ "nd", S_IFIFO | 0600, NULL, 5, 6 },
	{ "sd", S_IFDIR | 0755 },
	{ "sd/in", S_IFREG | 0644, "in sd\n" },
	{ "sd", S_IFLNK | 0777, "elsewhere", 4, 5 },
	{ "absent/h1", S_IFREG | 0644, NULL, 0, 0, 2, 0, 90 },
	{ "h2", S_IFREG | 0644, "group 90\n", 0, 0, 2, 0, 90 },
	{ "twice", S_IFREG | 0644, "group 91\n", 0, 0, 2, 0, 91 },
	{ "twice", S_IFREG | 0644, NULL, 0, 0, 2, 0, 91 },
	{ "slash/", S_IFREG | 0644, "a file named slash/\n" },
	{ "dslash/", S_IFDIR | 0750 },
};

/*
 * The rules do not depend on the policy: the replacements above that need
 * no skipping give the same tree when any member error would stop.
 */
static const struct cpio_kunit_member replacing_members[] = {
	{ "n1", S_IFCHR | 0600, NULL, 0, 0, 2, 0, 77, 1, 3 },
	{ "n2", S_IFCHR | 0600, NULL, 0, 0, 2, 0, 77, 1, 3 },
	{ "owned", S_IFREG | 0644, "first\n", 7, 8 },
	{ "owned", S_IFREG | 0600, "second\n", 0xffffffff, 9 },
	{ "c", S_IFCHR | 0600, NULL, 0, 0, 1, 0, 0, 1, 3 },
	{ "c", S_IFCHR | 0644, NULL, 3, 4, 1, 0, 0, 1, 5 },
	{ "nd", S_IFDIR | 0755 },
	{ "nd/in", S_IFREG | 0644, "in nd\n" },
	{ "nd", S_IFIFO | 0600, NULL, 5, 6 },
};

/* What the members of replacing_members[] leave, whatever the policy. */
static void expect_replaced(struct kunit *test, struct path *root)
{
	struct inode *n1, *n2, *d;

	/*
	 * Device nodes with nlink >= 2 are hard links too: members of every
	 * type but directories and symlinks are grouped by inode.
	 */
	n1 = must_exist(test, root, "n1", S_IFCHR | 0600);
	n2 = must_exist(test, root, "n2", S_IFCHR | 0600);
	KUNIT_EXPECT_PTR_EQ(test, n1, n2);
	/* An id of -1 leaves the owner or group as it was, as chown(2). */
	d = must_exist(test, root, "owned", S_IFREG | 0600);
	KUNIT_EXPECT_EQ(test, 7, from_kuid(&init_user_ns, d->i_uid));
	KUNIT_EXPECT_EQ(test, 9, from_kgid(&init_user_ns, d->i_gid));
	expect_data(test, root, "owned", "second\n");
	/* A node of the same type stays, with its device number. */
	d = must_exist(test, root, "c", S_IFCHR | 0644);
	KUNIT_EXPECT_EQ(test, d->i_rdev, MKDEV(1, 3));
	KUNIT_EXPECT_EQ(test, 3, from_kuid(&init_user_ns, d->i_uid));
	/* A non-empty directory stays, with the owner (and mode) given. */
	d = must_exist(test, root, "nd", S_IFDIR | 0600);
	KUNIT_EXPECT_EQ(test, 5, from_kuid(&init_user_ns, d->i_uid));
	expect_data(test, root, "nd/in", "in nd\n");
}

static void cpio_extract_skipping(struct kunit *test)
{
	struct path root = test_mount(test);
	struct inode *d;
	struct cpio_kunit_writer w;

	cw_init(test, &w, 8192);
	cw_list(test, &w, skipped_members, ARRAY_SIZE(skipped_members));
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, EX_SKIP |
					 EX_MTIME, NULL));
	expect_data(test, &root, "d/f", "in d\n");
	expect_data(test, &root, "after", "after skips\n");
	must_not_exist(test, &root, "missing");
	must_not_exist(test, &root, "x");
	expect_link(test, &root, "l", "d");
	d = must_exist(test, &root, "d", S_IFDIR | 0700);
	/*
	 * The first member for a directory sets its mtime: directory mtimes
	 * are applied in reverse archive order.
	 */
	KUNIT_EXPECT_EQ(test, inode_get_mtime_sec(d), 100);
	expect_replaced(test, &root);
	d = must_exist(test, &root, "grouped", S_IFDIR | 0700);
	KUNIT_EXPECT_EQ(test, 9, from_kuid(&init_user_ns, d->i_uid));
	KUNIT_EXPECT_EQ(test, 8, from_kgid(&init_user_ns, d->i_gid));
	d = must_exist(test, &root, "sd", S_IFDIR | 0755);
	KUNIT_EXPECT_EQ(test, 4, from_kuid(&init_user_ns, d->i_uid));
	expect_data(test, &root, "sd/in", "in sd\n");
	/* A group whose first member was skipped is skipped whole. */
	must_not_exist(test, &root, "h2");
	/* The same name twice in a group: the second removes the file. */
	must_not_exist(test, &root, "twice");
	/* "name/" is a directory or nothing. */
	must_not_exist(test, &root, "slash");
	must_exist(test, &root, "dslash", S_IFDIR | 0750);
}

static void cpio_extract_same_rules(struct kunit *test)
{
	struct path root = test_mount(test);
	struct cpio_kunit_writer w;

	cw_init(test, &w, 8192);
	cw_list(test, &w, replacing_members, ARRAY_SIZE(replacing_members));
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, 0, NULL));
	expect_replaced(test, &root);
}

static void cpio_extract_strict(struct kunit *test)
{
	struct path root = test_mount(test);
	struct cpio_stream_error err;
	struct cpio_kunit_writer w;

	cw_init(test, &w, 8192);
	cw_list(test, &w, skipped_members, ARRAY_SIZE(skipped_members));
	KUNIT_EXPECT_EQ(test, -ENOENT, extract(&root, &w, 0, &err));
	KUNIT_EXPECT_STREQ(test, err.msg, "parent directory missing");
}

/*
 * The parent of the last member is kept for the next one; it must not be
 * used once its directory was removed, even when a new directory took its
 * name.
 */
static void cpio_extract_parent_gone(struct kunit *test)
{
	struct path root = test_mount(test);
	struct cpio_kunit_member t[] = {
		{ "e", S_IFDIR | 0755 },
		{ "e/sub", S_IFDIR | 0755 },
		{ NULL, S_IFREG | 0644, "name too long\n" },
		{ "e/sub", S_IFREG | 0644, "now a file\n" },
		{ "e/sub", S_IFDIR | 0755 },
		{ "e/sub/g", S_IFREG | 0644, "in the new e/sub\n" },
	};
	char *name = kunit_kzalloc(test, 6 + NAME_MAX + 2, GFP_KERNEL);
	struct cpio_kunit_writer w;

	KUNIT_ASSERT_NOT_NULL(test, name);
	memcpy(name, "e/sub/", 6);
	memset(name + 6, 'n', NAME_MAX + 1);
	/* Walks to e/sub, then fails: e/sub stays empty and can go. */
	t[2].name = name;
	cw_init(test, &w, 8192);
	cw_list(test, &w, t, ARRAY_SIZE(t));
	KUNIT_ASSERT_EQ(test, 0, extract(&root, &w, EX_SKIP,
					 NULL));
	expect_data(test, &root, "e/sub/g", "in the new e/sub\n");
}

static struct kunit_case cpio_extract_cases[] = {
	KUNIT_CASE(cpio_extract_all_types),
	KUNIT_CASE(cpio_extract_mtime),
	KUNIT_CASE(cpio_extract_root_entry),
	KUNIT_CASE(cpio_extract_hard_links),
	KUNIT_CASE(cpio_extract_link_group_gone),
	KUNIT_CASE(cpio_extract_link_groups_reset),
	KUNIT_CASE(cpio_extract_link_groups_limit),
	KUNIT_CASE(cpio_extract_replace),
	KUNIT_CASE(cpio_extract_nonempty_dir),
	KUNIT_CASE(cpio_extract_many),
	KUNIT_CASE_PARAM(cpio_extract_confined, confine_gen_params),
	KUNIT_CASE(cpio_extract_error_offset),
	KUNIT_CASE(cpio_extract_abort_caller),
	KUNIT_CASE(cpio_extract_abort_after_error),
	KUNIT_CASE(cpio_extract_chunked),
	KUNIT_CASE(cpio_extract_readonly),
	KUNIT_CASE(cpio_extract_concurrent),
	KUNIT_CASE(cpio_extract_skipping),
	KUNIT_CASE(cpio_extract_strict),
	KUNIT_CASE(cpio_extract_same_rules),
	KUNIT_CASE(cpio_extract_parent_gone),
	{}
};

static struct kunit_suite cpio_extract_suite = {
	.name = "cpio_extract",
	.test_cases = cpio_extract_cases,
};

kunit_test_suite(cpio_extract_suite);

MODULE_DESCRIPTION("KUnit tests for the confined cpio extractor");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");
