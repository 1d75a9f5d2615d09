// SPDX-License-Identifier: GPL-2.0-only
/*
 * Extract a cpio stream into a directory, confined to its mount.
 */

#include <kunit/visibility.h>
#include <linux/cpio_extract.h>
#include <linux/cred.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/kdev_t.h>
#include <linux/list.h>
#include <linux/mnt_idmapping.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/stat.h>

#include "stream.h"

/**
 * DOC: cpio extraction
 *
 * A cpio extractor feeds a cpio stream (see lib/cpio/unpack.c) and applies
 * each member to the directory given at creation with the rules by which
 * the initramfs unpacker fills rootfs, but confined to that directory's
 * mount.  There is one set of rules for every caller; what a caller
 * decides is in its &struct cpio_extract_policy: the compression methods,
 * whether mtimes are applied, and whether a member that cannot be applied
 * stops the extraction or is skipped.
 *
 * * Names are relative to the root directory: leading and repeated '/' and
 *   "." components are skipped.  A name that is only such components is the
 *   root itself; a directory entry for it updates the root's attributes.
 * * A ".." component is refused with -EINVAL, a name ending with '/' for
 *   anything but a directory with -ENOTDIR.
 * * Symlinks are created, never followed: a name whose parent path goes
 *   through a symlink is refused with -ELOOP, through another non-directory
 *   with -ENOTDIR.  Lookups walk dentries of the root's mount and never
 *   cross into another mount.
 * * Parents are not created: a missing parent directory is -ENOENT.
 * * A member replaces an existing entry of another type.  What has the
 *   member's type stays and takes the member's attributes: a regular file
 *   is truncated and rewritten, a device node keeps its device number; a
 *   symlink is replaced.  A non-empty directory in the way of a regular
 *   file is refused with -ENOTEMPTY; in the way of a node or a symlink it
 *   stays, with the member's owner and mtime (and mode, for a node).
 * * Members of any type but directories and symlinks with nlink >= 2 are
 *   hard links grouped by (dev_major, dev_minor, ino, file type): the
 *   first member creates the node, later ones first remove what is at
 *   their name (even the group's own node: the same name twice in a group
 *   leaves neither) and link to it; data may come with any member of a
 *   group of regular files, and a later link of other types leaves the
 *   group's attributes as they are.  The table resets at every TRAILER!!!
 *   and holds at most %CPIO_EXTRACT_MAX_LINK_GROUPS groups (-ENOSPC
 *   beyond).  A member whose group's node is gone (removed by a later
 *   member, or never made because its first member could not be applied)
 *   is refused with -ENOENT; after a first member the parser could not
 *   hand over (a bad name size), the next one makes the node.
 * * uid and gid are taken in the user namespace of the target superblock;
 *   -1 leaves the owner or group as it is (as for chown(2)), other ids it
 *   does not map and device numbers beyond 12-bit major / 20-bit minor are
 *   refused with -EOVERFLOW.
 * * Owner, mode and size of a regular file are set before its data (a file
 *   cut by the end of the archive keeps them), its mtime after.  Mtimes,
 *   when the policy asks for them, of directories at cpio_extract_finish(),
 *   even after an error, by name (a directory replaced by a later member
 *   passes its mtime on) and in reverse order, so that the first member
 *   for a directory sets it; one small node per directory is kept until
 *   then.
 * * Unknown file types are refused with -EINVAL.
 *
 * A read-only mount is refused with -EROFS.  Errors from the VFS (-ENOSPC,
 * -EPERM, ...) are returned as they are, and everything the stream refuses
 * with its own errno.  Every error carries a message, a &enum cpio_fault
 * and the offset of the member it concerns.
 *
 * The member errors go through &cpio_extract_policy.member_error, which
 * may skip the member and its data: every error above that concerns one
 * member, and the members the parser cannot hand over (name size 0 or
 * above PATH_MAX, unknown file type, symlink target empty or too long).
 * Errors of the stream (malformed or corrupt input) and failures to write
 * file data always stop the extraction.
 */

struct cpio_link {
	struct hlist_node node;
	u32 key[4];
	struct dentry *dentry;
};

struct cpio_dir {
	struct list_head list;
	struct dentry *dentry;
	time64_t mtime;
};

struct cpio_extract {
	struct path root;
	struct mnt_idmap *idmap;
	struct user_namespace *userns;
	struct cpio_extract_policy policy;
	struct cpio_stream *stream;
	struct file *file;		/* regular file receiving data */
	struct dentry *cur;		/* and its dentry */
	loff_t pos;
	u64 cur_off;			/* archive offset of its member */
	bool skip;			/* current member skipped */
	unsigned long skipped;		/* members skipped */
	struct dentry *parent;		/* parent of the last member */
	char *parent_name;		/* its path in the archive */
	size_t parent_len;
	DECLARE_HASHTABLE(links, 8);
	unsigned int nr_links;
	struct list_head dirs;
};

/* The last component of a member's name, and the directory holding it. */
struct cpio_target {
	struct dentry *dir;
	const char *name;
	int len;
};

static int fail(struct cpio_extract *x, int err, enum cpio_fault fault,
		const char *msg, u64 offset)
{
	return cpio_stream_fail(x->stream, err, fault, msg, offset);
}

/* What the caller's policy makes of a member that cannot be applied. */
static int member_error(struct cpio_extract *x, const struct cpio_entry *e,
			int err, const char *msg)
{
	const struct cpio_extract_policy *p = &x->policy;

	return p->member_error ? p->member_error(p->ctx, e, err, msg) : err;
}

/* @e cannot be applied: stop, or skip it if the policy says so. */
static int fail_entry(struct cpio_extract *x, int err, const char *msg,
		      const struct cpio_entry *e)
{
	int ret = member_error(x, e, err, msg);

	if (ret)
		return fail(x, ret, CPIO_FAULT_MEMBER, msg, e->offset);
	x->skip = true;
	x->skipped++;
	return 0;
}

/* Length of the next component at *@pp, skipping "/" and "."; 0 at end. */
static int next_component(const char **pp, const char **comp)
{
	const char *p = *pp;
	const char *c;

	for (;;) {
		while (*p == '/')
			p++;
		c = p;
		while (*p && *p != '/')
			p++;
		if (p - c == 1 && c[0] == '.')
			continue;
		*comp = c;
		*pp = p;
		return p - c;
	}
}

static bool is_dotdot(const char *c, int len)
{
	return len == 2 && c[0] == '.' && c[1] == '.';
}

/* Step from @dir to its child @c, which must be a real directory. */
static struct dentry *walk_step(struct cpio_extract *x, struct dentry *dir,
				const char *c, int len)
{
	struct dentry *child = lookup_one_unlocked(x->idmap, c, dir, len);

	if (IS_ERR(child))
		return child;
	if (d_is_negative(child)) {
		dput(child);
		return ERR_PTR(-ENOENT);
	}
	if (d_is_symlink(child)) {
		dput(child);
		return ERR_PTR(-ELOOP);
	}
	if (!d_can_lookup(child)) {
		dput(child);
		return ERR_PTR(-ENOTDIR);
	}
	return child;
}

/* Walk the directories of the first @plen bytes of @name from the root. */
static struct dentry *walk_dirs(struct cpio_extract *x, const char *name,
				size_t plen)
{
	struct dentry *dir = dget(x->root.dentry), *child;
	const char *p = name, *c;
	int len;

	while ((len = next_component(&p, &c)) && c < name + plen) {
		child = walk_step(x, dir, c, len);
		dput(dir);
		if (IS_ERR(child))
			return child;
		dir = child;
	}
	return dir;
}

/*
 * Resolve the parent of @name below the root; t->len == 0: the root.
 * Archives list the members of a directory one after the other: the last
 * parent is kept, and reused while the next name has the same directory
 * part and the directory was not removed meanwhile.
 */
static int walk_parent(struct cpio_extract *x, const char *name,
		       struct cpio_target *t)
{
	const char *p = name, *c;
	struct dentry *dir;
	size_t plen;
	int len;

	t->name = name;
	t->len = 0;
	while ((len = next_component(&p, &c))) {
		if (is_dotdot(c, len))
			return -EINVAL;
		t->name = c;
		t->len = len;
	}
	if (!t->len) {
		t->dir = dget(x->root.dentry);
		return 0;
	}
	plen = t->name - name;
	if (x->parent && plen == x->parent_len &&
	    !memcmp(name, x->parent_name, plen) && !d_unhashed(x->parent)) {
		t->dir = dget(x->parent);
		return 0;
	}
	dir = walk_dirs(x, name, plen);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	dput(x->parent);
	x->parent = dget(dir);
	memcpy(x->parent_name, name, plen);
	x->parent_len = plen;
	t->dir = dir;
	return 0;
}

static void forget_parent(struct cpio_extract *x)
{
	dput(x->parent);
	x->parent = NULL;
}

static const char *walk_msg(int err)
{
	switch (err) {
	case -EINVAL:
		return "name has a .. component";
	case -ENOENT:
		return "parent directory missing";
	case -ELOOP:
		return "name goes through a symlink";
	case -ENOTDIR:
		return "parent is not a directory";
	default:
		return "cannot look up parent directory";
	}
}

/* Apply @ia to @dentry; the caller holds write access to the mount. */
static int change_attrs(struct cpio_extract *x, struct dentry *dentry,
			struct iattr *ia)
{
	struct inode *inode = d_inode(dentry);
	int err;

	inode_lock(inode);
	err = notify_change(x->idmap, dentry, ia, NULL);
	inode_unlock(inode);
	return err;
}

/* Add access and modification times of @mtime to @ia. */
static void iattr_times(struct iattr *ia, time64_t mtime)
{
	ia->ia_valid |= ATTR_MTIME | ATTR_MTIME_SET | ATTR_ATIME | ATTR_ATIME_SET;
	ia->ia_mtime.tv_sec = mtime;
	ia->ia_mtime.tv_nsec = 0;
	ia->ia_atime = ia->ia_mtime;
}

/* An id of -1 leaves the owner (or group) as it is, as for chown(2). */
static bool keeps_owner(u32 id)
{
	return id == (u32)-1;
}

/* Owner, mode and, if @mtime, times of @dentry from @e. */
static int set_attrs(struct cpio_extract *x, struct dentry *dentry,
		     const struct cpio_entry *e, bool mtime)
{
	struct inode *inode = d_inode(dentry);
	kuid_t uid = make_kuid(x->userns, e->uid);
	kgid_t gid = make_kgid(x->userns, e->gid);
	struct iattr ia = { };

	if (!keeps_owner(e->uid)) {
		ia.ia_valid |= ATTR_UID;
		ia.ia_vfsuid = make_vfsuid(x->idmap, x->userns, uid);
		if (!vfsuid_valid(ia.ia_vfsuid))
			return -EOVERFLOW;
	}
	if (!keeps_owner(e->gid)) {
		ia.ia_valid |= ATTR_GID;
		ia.ia_vfsgid = make_vfsgid(x->idmap, x->userns, gid);
		if (!vfsgid_valid(ia.ia_vfsgid))
			return -EOVERFLOW;
	}
	if (!S_ISLNK(e->mode) && !d_is_symlink(dentry)) {
		ia.ia_valid |= ATTR_MODE;
		ia.ia_mode = (e->mode & S_IALLUGO) | (inode->i_mode & ~S_IALLUGO);
	}
	if (mtime)
		iattr_times(&ia, e->mtime);
	return change_attrs(x, dentry, &ia);
}

static int remember_dir(struct cpio_extract *x, struct dentry *dentry,
			const struct cpio_entry *e)
{
	struct cpio_dir *d;

	if (!x->policy.mtime)
		return 0;
	d = kmalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	d->dentry = dget(dentry);
	d->mtime = e->mtime;
	list_add(&d->list, &x->dirs);
	return 0;
}

/*
 * Directory mtimes are applied by name: a directory that was replaced
 * meanwhile passes its mtime to what is now at its name.  Returns a new
 * reference, or NULL.
 */
static struct dentry *dir_mtime_target(struct cpio_extract *x,
				       struct dentry *dentry)
{
	struct dentry *parent = dentry->d_parent, *now;

	if (!d_unhashed(dentry))
		return d_really_is_positive(dentry) ? dget(dentry) : NULL;
	if (d_unhashed(parent))
		return NULL;
	now = lookup_one_unlocked(x->idmap, dentry->d_name.name, parent,
				  dentry->d_name.len);
	if (IS_ERR(now))
		return NULL;
	if (d_is_negative(now)) {
		dput(now);
		return NULL;
	}
	return now;
}

/* Access and modification times of @dentry, to @mtime. */
static int set_mtime(struct cpio_extract *x, struct dentry *dentry,
		     time64_t mtime)
{
	struct iattr ia = { };

	iattr_times(&ia, mtime);
	return change_attrs(x, dentry, &ia);
}

static void free_dirs(struct cpio_extract *x, bool apply)
{
	struct cpio_dir *d, *tmp;
	struct dentry *target;

	if (apply && mnt_want_write(x->root.mnt))
		apply = false;
	list_for_each_entry_safe(d, tmp, &x->dirs, list) {
		target = apply ? dir_mtime_target(x, d->dentry) : NULL;
		if (target) {
			set_mtime(x, target, d->mtime);
			dput(target);
		}
		list_del(&d->list);
		dput(d->dentry);
		kfree(d);
		cond_resched();
	}
	if (apply)
		mnt_drop_write(x->root.mnt);
}

static void link_key(const struct cpio_entry *e, u32 key[4])
{
	key[0] = e->dev_major;
	key[1] = e->dev_minor;
	key[2] = e->ino;
	key[3] = e->mode & S_IFMT;
}

static struct cpio_link *find_link(struct cpio_extract *x,
				   const struct cpio_entry *e)
{
	struct cpio_link *l;
	u32 key[4];

	link_key(e, key);
	hash_for_each_possible(x->links, l, node, jhash2(key, 4, 0))
		if (!memcmp(l->key, key, sizeof(key)))
			return l;
	return NULL;
}

static int add_link(struct cpio_extract *x, const struct cpio_entry *e,
		    struct dentry *dentry)
{
	struct cpio_link *l;

	l = kmalloc(sizeof(*l), GFP_KERNEL_ACCOUNT);
	if (!l)
		return -ENOMEM;
	link_key(e, l->key);
	l->dentry = dget(dentry);	/* NULL: see remember_failed_group() */
	hash_add(x->links, &l->node, jhash2(l->key, 4, 0));
	x->nr_links++;
	return 0;
}

static void free_links(struct cpio_extract *x)
{
	struct hlist_node *tmp;
	struct cpio_link *l;
	int bkt;

	hash_for_each_safe(x->links, bkt, tmp, l, node) {
		hash_del(&l->node);
		dput(l->dentry);
		kfree(l);
	}
	x->nr_links = 0;
}

/* Whether what is at @d stays for a member of @mode: same type, no symlink. */
static bool keep_existing(struct dentry *d, umode_t mode)
{
	return !((d_inode(d)->i_mode ^ mode) & S_IFMT) && !S_ISLNK(mode);
}

/*
 * Remove what is at @*dentry unless it stays (keep_existing()).  On
 * removal, *@dentry is replaced by a fresh negative dentry.  A non-empty
 * directory in the way of a node or a symlink stays too.
 * Called with the parent locked.
 */
static int clear_existing(struct cpio_extract *x, struct cpio_target *t,
			  struct dentry **dentry, umode_t mode)
{
	struct inode *dir = d_inode(t->dir);
	struct dentry *d = *dentry;
	int err;

	if (d_is_negative(d) || keep_existing(d, mode))
		return 0;
	if (d_is_dir(d))
		err = vfs_rmdir(x->idmap, dir, d);
	else
		err = vfs_unlink(x->idmap, dir, d, NULL);
	if (err == -ENOTEMPTY && !S_ISREG(mode))
		return 0;
	if (err)
		return err;
	d = lookup_one(x->idmap, t->name, t->dir, t->len);
	if (IS_ERR(d))
		return PTR_ERR(d);
	dput(*dentry);
	*dentry = d;
	return 0;
}

static int make_node(struct cpio_extract *x, struct inode *dir,
		     struct dentry *d, const struct cpio_entry *e)
{
	umode_t mode = e->mode;

	switch (mode & S_IFMT) {
	case S_IFREG:
		return vfs_create(x->idmap, dir, d, mode & S_IALLUGO, true);
	case S_IFDIR:
		return vfs_mkdir(x->idmap, dir, d, mode & S_IALLUGO);
	case S_IFLNK:
		return vfs_symlink(x->idmap, dir, d, e->target);
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		return vfs_mknod(x->idmap, dir, d, mode,
				 MKDEV(e->rdev_major, e->rdev_minor));
	}
	return -EINVAL;
}

/* Link a later member of a hard-link group to the group's first file. */
static int make_link(struct cpio_extract *x, struct cpio_target *t,
		     struct dentry **dentry, struct cpio_link *l)
{
	struct dentry *d = *dentry;
	int err;

	if (!l->dentry)
		return -ENOENT;
	if (d_is_positive(d)) {
		err = d_is_dir(d) ? vfs_rmdir(x->idmap, d_inode(t->dir), d) :
			vfs_unlink(x->idmap, d_inode(t->dir), d, NULL);
		if (err)
			return err;
		d = lookup_one(x->idmap, t->name, t->dir, t->len);
		if (IS_ERR(d))
			return PTR_ERR(d);
		dput(*dentry);
		*dentry = d;
	}
	/* The group's first name is gone (maybe just now): nothing to link. */
	if (d_unhashed(l->dentry))
		return -ENOENT;
	return vfs_link(l->dentry, x->idmap, d_inode(t->dir), d, NULL);
}

/* Whether @e belongs to a hard-link group: any type but dirs and symlinks. */
static bool is_linked(const struct cpio_entry *e)
{
	return e->nlink >= 2 && !S_ISDIR(e->mode) && !S_ISLNK(e->mode);
}

/*
 * A hard-link group whose first member was skipped is remembered without a
 * file, so that its later members are skipped too rather than one of them
 * becoming the group's file.
 */
static int remember_failed_group(struct cpio_extract *x,
				 const struct cpio_entry *e)
{
	if (!is_linked(e) || find_link(x, e) ||
	    x->nr_links >= CPIO_EXTRACT_MAX_LINK_GROUPS)
		return 0;
	return add_link(x, e, NULL);
}

/* How place_entry() put a member in place. */
enum cpio_placed {
	CPIO_CREATED,		/* a new node */
	CPIO_KEPT,		/* what was there stays (clear_existing()) */
	CPIO_LINKED,		/* a link to its hard-link group's first node */
};

/* Create (or keep, or link) the node for @e at @t, under the parent lock. */
static int place_entry(struct cpio_extract *x, struct cpio_target *t,
		       struct dentry **dentry, const struct cpio_entry *e,
		       enum cpio_placed *how)
{
	bool linked = is_linked(e);
	struct cpio_link *l = NULL;
	int err;

	if (linked)
		l = find_link(x, e);
	if (l) {
		*how = CPIO_LINKED;
		return make_link(x, t, dentry, l);
	}
	/* A new group beyond the limit: refused before anything changes. */
	if (linked && x->nr_links >= CPIO_EXTRACT_MAX_LINK_GROUPS)
		return -ENOSPC;
	err = clear_existing(x, t, dentry, e->mode);
	if (err)
		return err;
	*how = d_is_positive(*dentry) ? CPIO_KEPT : CPIO_CREATED;
	if (*how == CPIO_CREATED)
		err = make_node(x, d_inode(t->dir), *dentry, e);
	if (!err && linked)
		err = add_link(x, e, *dentry);
	return err;
}

static const char *place_msg(int err)
{
	switch (err) {
	case -ENOTEMPTY:
		return "cannot replace a non-empty directory";
	case -ENOENT:
		return "hard link target is gone";
	case -ENOSPC:
		return "no space left (or too many hard-link groups)";
	case -EPERM:
		return "not permitted (device nodes need CAP_MKNOD in the initial userns)";
	default:
		return "cannot create entry";
	}
}

/* Truncate a file to @size; the caller holds write access to the mount. */
static int set_size(struct cpio_extract *x, struct dentry *dentry, loff_t size)
{
	struct iattr ia = { .ia_valid = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME,
			    .ia_size = size };

	return change_attrs(x, dentry, &ia);
}

/*
 * A regular file: empty it if it was kept, give it its owner, mode and
 * size, and open it for its data (a file cut by the end of the archive
 * keeps them); its mtime comes after the data.
 */
static int open_file(struct cpio_extract *x, struct dentry *dentry,
		     const struct cpio_entry *e, bool truncate)
{
	struct path path = { .mnt = x->root.mnt, .dentry = dentry };
	struct file *f;
	int err;

	if (truncate) {
		err = set_size(x, dentry, 0);
		if (err)
			return err;
	}
	err = set_attrs(x, dentry, e, false);
	if (!err && e->filesize)
		err = set_size(x, dentry, e->filesize);
	if (err)
		return err;
	x->cur = dget(dentry);
	x->cur_off = e->offset;
	if (!e->filesize)
		return 0;
	f = dentry_open(&path, O_WRONLY | O_LARGEFILE, current_cred());
	if (IS_ERR(f))
		return PTR_ERR(f);
	x->file = f;
	x->pos = 0;
	return 0;
}

static void close_file(struct cpio_extract *x)
{
	if (x->file)
		__fput_sync(x->file);
	x->file = NULL;
	dput(x->cur);
	x->cur = NULL;
}

/* The member names the root itself: only a directory may, for its attrs. */
static int entry_root(struct cpio_extract *x, const struct cpio_entry *e)
{
	int err;

	if (!S_ISDIR(e->mode))
		return fail_entry(x, -EINVAL, "name refers to the root", e);
	err = set_attrs(x, x->root.dentry, e, false);
	if (!err)
		err = remember_dir(x, x->root.dentry, e);
	return err ? fail_entry(x, err, "cannot set attributes", e) : 0;
}

/*
 * After placing: file data, attributes, deferred directory mtime.  A later
 * link of a device node, FIFO or socket leaves the group's attributes as
 * the first member set them.
 */
static int finish_entry(struct cpio_extract *x, struct dentry *dentry,
			const struct cpio_entry *e, enum cpio_placed how)
{
	bool mtime = x->policy.mtime;
	int err;

	if (S_ISREG(e->mode)) {
		/* Attributes come at data_end, after the data. */
		bool trunc = how == CPIO_KEPT || (e->nlink >= 2 && e->filesize);

		err = open_file(x, dentry, e, trunc);
		return err ? fail_entry(x, err, "cannot open file", e) : 0;
	}
	if (how == CPIO_LINKED)
		return 0;
	err = set_attrs(x, dentry, e, mtime && !S_ISDIR(e->mode));
	if (!err && S_ISDIR(e->mode))
		err = remember_dir(x, dentry, e);
	return err ? fail_entry(x, err, "cannot set attributes", e) : 0;
}

static bool ids_mapped(struct cpio_extract *x, const struct cpio_entry *e)
{
	return (keeps_owner(e->uid) || uid_valid(make_kuid(x->userns, e->uid))) &&
	       (keeps_owner(e->gid) || gid_valid(make_kgid(x->userns, e->gid)));
}

/* Place @e and set its attributes, with write access to the mount held. */
static int apply_entry(struct cpio_extract *x, const struct cpio_entry *e)
{
	struct cpio_target t;
	struct dentry *dentry;
	enum cpio_placed how = CPIO_CREATED;
	int err;

	err = walk_parent(x, e->name, &t);
	if (err)
		return fail_entry(x, err, walk_msg(err), e);
	if (!t.len) {
		err = entry_root(x, e);
		goto put_dir;
	}
	/* "name/" can only be a directory, as for open(2) and mknod(2). */
	if (t.name[t.len] == '/' && !S_ISDIR(e->mode)) {
		err = fail_entry(x, -ENOTDIR, "name ends with / but is no directory",
				 e);
		goto put_dir;
	}
	inode_lock_nested(d_inode(t.dir), I_MUTEX_PARENT);
	dentry = lookup_one(x->idmap, t.name, t.dir, t.len);
	if (IS_ERR(dentry)) {
		inode_unlock(d_inode(t.dir));
		err = fail_entry(x, PTR_ERR(dentry), "cannot look up name", e);
		goto put_dir;
	}
	err = place_entry(x, &t, &dentry, e, &how);
	inode_unlock(d_inode(t.dir));
	if (err)
		err = fail_entry(x, err, place_msg(err), e);
	else
		err = finish_entry(x, dentry, e, how);
	dput(dentry);
put_dir:
	dput(t.dir);
	return err;
}

/*
 * Write access to the mount is taken per member, not for the whole stream:
 * kernel_write() takes the superblock's freeze protection itself, which
 * must not nest in mnt_want_write().
 */
static int extract_member(struct cpio_extract *x, const struct cpio_entry *e)
{
	int err;

	cond_resched();
	close_file(x);
	x->skip = false;
	if (!ids_mapped(x, e))
		return fail_entry(x, -EOVERFLOW,
				  "uid or gid not mapped in the filesystem", e);
	if (e->rdev_major >= 1U << 12 || e->rdev_minor >= 1U << 20)
		return fail_entry(x, -EOVERFLOW, "device number out of range",
				  e);
	err = mnt_want_write(x->root.mnt);
	if (err)
		return fail(x, err, CPIO_FAULT_WRITE, "mount is not writable",
			    e->offset);
	err = apply_entry(x, e);
	mnt_drop_write(x->root.mnt);
	return err;
}

static int extract_entry(void *ctx, const struct cpio_entry *e)
{
	struct cpio_extract *x = ctx;
	int err = extract_member(x, e);

	if (!err && x->skip && remember_failed_group(x, e))
		return fail(x, -ENOMEM, CPIO_FAULT_RESOURCE, "out of memory",
			    e->offset);
	return err;
}

static int extract_data(void *ctx, const void *buf, size_t len)
{
	struct cpio_extract *x = ctx;
	ssize_t n;

	if (x->skip)
		return 0;
	if (!x->file)
		return fail(x, -EINVAL, CPIO_FAULT_RESOURCE, "data without a file",
			    x->cur_off);
	while (len) {
		n = kernel_write(x->file, buf, len, &x->pos);
		if (n <= 0)
			return fail(x, n ? n : -EIO, CPIO_FAULT_WRITE,
				    "cannot write file data",
				    x->cur_off);
		buf += n;
		len -= n;
	}
	return 0;
}

/*
 * The attributes a regular file gets once its data is written: its mtime,
 * and its mode again when it has set-id bits, which writing the data
 * clears without CAP_FSETID in the initial user namespace (a mount made
 * in another one).  The owner and mode came at open_file().
 */
static int set_file_attrs(struct cpio_extract *x, const struct cpio_entry *e)
{
	struct inode *inode = d_inode(x->cur);
	struct iattr ia = { };

	if (x->policy.mtime)
		iattr_times(&ia, e->mtime);
	if ((e->mode & (S_ISUID | S_ISGID)) &&
	    (inode->i_mode & S_IALLUGO) != (e->mode & S_IALLUGO)) {
		ia.ia_valid |= ATTR_MODE;
		ia.ia_mode = (e->mode & S_IALLUGO) | (inode->i_mode & ~S_IALLUGO);
	}
	return ia.ia_valid ? change_attrs(x, x->cur, &ia) : 0;
}

/* A regular file's data is complete: close it, then set its attributes. */
static int extract_data_end(void *ctx, const struct cpio_entry *e)
{
	struct cpio_extract *x = ctx;
	int err = 0;

	if (x->skip) {
		close_file(x);
		return 0;
	}
	if (x->file) {
		if (x->pos != e->filesize)
			err = -EIO;
		__fput_sync(x->file);
		x->file = NULL;
	}
	if (!err && x->cur)
		err = mnt_want_write(x->root.mnt);
	if (!err && x->cur) {
		err = set_file_attrs(x, e);
		mnt_drop_write(x->root.mnt);
	}
	close_file(x);
	if (err == -EIO)
		return fail(x, err, CPIO_FAULT_WRITE, "short file data", e->offset);
	if (err)
		return fail_entry(x, err, "cannot set attributes", e);
	return 0;
}

static int extract_trailer(void *ctx)
{
	struct cpio_extract *x = ctx;

	close_file(x);
	free_links(x);
	return 0;
}

/* A member the parser cannot hand over: as the policy says. */
static int extract_skip(void *ctx, const struct cpio_entry *e, int err,
			const char *msg)
{
	struct cpio_extract *x = ctx;
	int ret;

	close_file(x);
	ret = member_error(x, e, err, msg);
	if (!ret)
		x->skipped++;
	return ret;
}

static const struct cpio_parser_ops extract_ops = {
	.entry = extract_entry,
	.data = extract_data,
	.data_end = extract_data_end,
	.trailer = extract_trailer,
	.skip = extract_skip,
};

/**
 * cpio_extract_create() - start extracting a cpio stream into a directory
 * @root: the directory to fill; entries never leave its mount
 * @policy: the caller's choices (copied; its method table must outlive the
 *	extractor), or NULL for cpio_methods[], no mtimes and stopping at
 *	the first member that cannot be applied
 *
 * Write access to @root's mount is taken for each member while it is
 * applied, so a read-only mount or superblock fails here or at the first
 * member with -EROFS.
 *
 * Return: the extractor, ERR_PTR(-ENOTDIR) if @root is no directory,
 * ERR_PTR(-EROFS) if its mount is read-only, or ERR_PTR(-ENOMEM).
 * Context: process context, may sleep.
 */
struct cpio_extract *
cpio_extract_create(const struct path *root,
		    const struct cpio_extract_policy *policy)
{
	struct cpio_extract *x;

	if (!d_can_lookup(root->dentry))
		return ERR_PTR(-ENOTDIR);
	if (__mnt_is_readonly(root->mnt))
		return ERR_PTR(-EROFS);
	x = kzalloc(sizeof(*x), GFP_KERNEL_ACCOUNT);
	if (!x)
		return ERR_PTR(-ENOMEM);
	x->parent_name = kmalloc(CPIO_NAME_MAX, GFP_KERNEL_ACCOUNT);
	if (policy)
		x->policy = *policy;
	x->stream = cpio_stream_create(&extract_ops, x, x->policy.methods);
	if (!x->stream || !x->parent_name) {
		cpio_stream_destroy(x->stream);
		kfree(x->parent_name);
		kfree(x);
		return ERR_PTR(-ENOMEM);
	}
	x->root = *root;
	path_get(&x->root);
	x->idmap = mnt_idmap(root->mnt);
	x->userns = root->mnt->mnt_sb->s_user_ns;
	hash_init(x->links);
	INIT_LIST_HEAD(&x->dirs);
	return x;
}
EXPORT_SYMBOL_IF_KUNIT(cpio_extract_create);

/**
 * cpio_extract_write() - extract the next chunk of the stream
 * @x: the extractor
 * @buf: input bytes
 * @len: number of bytes at @buf, any size
 *
 * Return: 0, or the negative errno of the first error (see the DOC:
 * overviews of extraction and of the cpio stream), sticky.
 * Context: process context, may sleep.
 */
int cpio_extract_write(struct cpio_extract *x, const void *buf, size_t len)
{
	return cpio_stream_write(x->stream, buf, len);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_extract_write);

/**
 * cpio_extract_finish() - the stream is complete
 * @x: the extractor
 *
 * Applies the deferred directory mtimes (also after an error, to what was
 * extracted), and frees the hard-link table.
 *
 * Return: 0, or the negative errno of the first error.
 * Context: process context, may sleep.
 */
int cpio_extract_finish(struct cpio_extract *x)
{
	int err = cpio_stream_finish(x->stream);

	close_file(x);
	forget_parent(x);
	free_links(x);
	free_dirs(x, true);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(cpio_extract_finish);

/**
 * cpio_extract_abort() - stop an extraction for a reason of the caller
 * @x: the extraction
 * @err: negative errno
 * @msg: static description
 *
 * For a caller whose own work fails between two cpio_extract_write() calls
 * (reading its input, a fatal signal): records @err and @msg as
 * %CPIO_FAULT_CALLER at the input offset reached, so that
 * cpio_extract_error() describes every failure, unless an error was
 * recorded first.  Later calls other than cpio_extract_destroy() return
 * the extraction's error.
 *
 * Return: the extraction's error.
 * Context: any context.
 */
int cpio_extract_abort(struct cpio_extract *x, int err, const char *msg)
{
	return cpio_stream_abort(x->stream, err, msg);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_extract_abort);

/**
 * cpio_extract_error() - why and where extraction failed
 * @x: the extractor
 *
 * Return: the first error; its @msg is NULL if there was none.
 * Context: any context.
 */
const struct cpio_stream_error *cpio_extract_error(const struct cpio_extract *x)
{
	return cpio_stream_error(x->stream);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_extract_error);

/**
 * cpio_extract_destroy() - free an extractor, finished or not
 * @x: the extractor, or NULL or an ERR_PTR()
 *
 * What was extracted stays; nothing else is kept.
 *
 * Context: process context, may sleep.
 */
void cpio_extract_destroy(struct cpio_extract *x)
{
	if (IS_ERR_OR_NULL(x))
		return;
	close_file(x);
	forget_parent(x);
	free_links(x);
	free_dirs(x, false);
	cpio_stream_destroy(x->stream);
	path_put(&x->root);
	kfree(x->parent_name);
	kfree(x);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_extract_destroy);
