// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tmpfs "archive=NAME" option: a tmpfs filled from a named archive
 * before it becomes visible.
 */

#include <linux/capability.h>
#include <linux/cpio_extract.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/mount.h>
#include <linux/seq_file.h>
#include <linux/user_namespace.h>

#include "internal.h"

/**
 * DOC: tmpfs archive option
 *
 * ``mount -t tmpfs -o archive=NAME none DIR`` resolves NAME when the option
 * is parsed (archive_tmpfs_parse()), into a reference held by the
 * fs_context and then by the superblock, shown in /proc/mounts and dropped
 * when the superblock goes.  mm/shmem.c creates the superblock through a
 * private mount and has archive_tmpfs_fill() extract the archive into it
 * before the mount is made; on failure the superblock is dropped and the
 * mount fails, so a tmpfs with ``archive=`` is visible only fully
 * populated.  Read-only mounts of one archive with the same options in one
 * user namespace share one superblock (see
 * Documentation/filesystems/archives.rst).
 *
 * Refusals, each with a message in the fs_context log:
 *
 * * -EINVAL: the name is not valid, ``archive=`` is changed or added on
 *   remount (repeating the current name is accepted and does nothing), or
 *   a shared read-only instance is remounted read-write or with other
 *   options;
 * * -ENOENT: no archive of that name is registered and, for mounters
 *   without CAP_SYS_ADMIN in the initial user namespace, none is loaded;
 * * -EPERM: a tmpfs created in a user namespace other than the initial one
 *   names an archive not registered as public;
 * * at population: -ENOSPC (``size=``, ``nr_inodes=``), -ENOMEM, -EINTR,
 *   or the extraction's errno for a malformed archive (-EINVAL, -EBADMSG,
 *   -EOPNOTSUPP, -E2BIG, ...).
 *
 * The mount options own the root directory: its mode, uid and gid are those
 * of ``mode=``, ``uid=``, ``gid=`` (or the tmpfs defaults), and its times
 * those of the population, even if the archive has an entry for ".".
 */

/**
 * archive_tmpfs_parse() - parse the tmpfs "archive=" option
 * @fc: the tmpfs fs_context
 * @name: the option's value
 * @archive: the fs_context's archive, replaced by the one named
 *
 * For a new superblock only: a remount's archive= is mm/shmem.c's to
 * compare with the superblock's.
 * Module auto-loading and firmware lookups happen only for mounters with
 * CAP_SYS_ADMIN in the initial user namespace, creating a tmpfs there.
 *
 * Return: 0, or -EINVAL, -ENOENT, -EPERM as the DOC: section "tmpfs archive
 * option" says, with a message logged in @fc.
 * Context: process context, may sleep (and load a module or firmware).
 */
int archive_tmpfs_parse(struct fs_context *fc, const char *name,
			struct archive **archive)
{
	bool initial = fc->user_ns == &init_user_ns;
	struct archive *a;

	if (!archive_name_valid(name))
		return invalfc(fc, "invalid archive name '%s'", name);
	a = archive_find(name, initial && capable(CAP_SYS_ADMIN));
	if (IS_ERR(a)) {
		if (PTR_ERR(a) == -ENOENT)
			errorfc(fc, "archive %s not found", name);
		else if (PTR_ERR(a) == -ENODATA)
			errorfc(fc, "archive %s: firmware file empty, not regular or corrupt",
				name);
		else
			errorfc(fc, "archive %s cannot be loaded (%pe)", name, a);
		return PTR_ERR(a);
	}
	if (!initial && !archive_is_public(a)) {
		archive_put(a);
		errorfc(fc, "archive %s is not public", name);
		return -EPERM;
	}
	archive_put(*archive);
	*archive = a;
	return 0;
}

/*
 * Credentials to populate with: the mounter's, acting as root of the
 * superblock's user namespace with all capabilities there, since the
 * archive's owners and modes are applied as they are, not as the mounter
 * may create files.
 */
static const struct cred *populate_cred(struct super_block *sb)
{
	kuid_t uid = make_kuid(sb->s_user_ns, 0);
	kgid_t gid = make_kgid(sb->s_user_ns, 0);
	struct cred *cred = prepare_creds();

	if (!cred)
		return NULL;
	if (uid_valid(uid))
		cred->fsuid = uid;
	if (gid_valid(gid))
		cred->fsgid = gid;
	if (cred->user_ns == sb->s_user_ns)
		cred->cap_effective = CAP_FULL_SET;
	return cred;
}

/**
 * archive_tmpfs_fill() - extract an archive into a new tmpfs
 * @fc: the mount's fs_context, for messages
 * @archive: the archive
 * @root: the root of a private, writable mount of the new superblock
 *
 * Extracts with the mounter's credentials acting as root of the
 * superblock's user namespace, and logs in @fc why the extraction failed.
 * The superblock's owner (mm/shmem.c) decides what the root looks like,
 * whether the superblock becomes read-only and whether it is dropped.
 *
 * Return: 0, or the negative errno of the failure.
 * Context: process context, may sleep.
 */
int archive_tmpfs_fill(struct fs_context *fc, struct archive *archive,
		       const struct path *root)
{
	struct cpio_stream_error e = {};
	const struct cred *cred, *old;
	int err;

	cred = populate_cred(root->mnt->mnt_sb);
	if (!cred)
		return -ENOMEM;
	old = override_creds(cred);
	err = archive_extract(archive, root, &e);
	revert_creds(old);
	put_cred(cred);
	if (!err)
		return 0;
	if (e.method)
		errorfc(fc, "archive %s: %s (%s segment at %llu, offset %llu)",
			archive_name(archive), e.msg ? e.msg : "error",
			e.method, e.segment, e.offset);
	else
		errorfc(fc, "archive %s: %s at offset %llu",
			archive_name(archive), e.msg ? e.msg : "error",
			e.segment + e.offset);
	return err;
}

/**
 * archive_tmpfs_show() - show the "archive=" option in /proc/mounts
 * @seq: the mount options being shown
 * @archive: the superblock's archive, or NULL
 *
 * Context: process context.
 */
void archive_tmpfs_show(struct seq_file *seq, struct archive *archive)
{
	if (archive)
		seq_printf(seq, ",archive=%s", archive_name(archive));
}
