// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of unpack_to_rootfs(): for each cpio archive, what the rootfs
 * must hold afterwards and what the unpacker reports.
 *
 * Each case writes a newc ("070701") or crc ("070702") archive in memory,
 * unpacks it into the root of its task, the rootfs as at boot, and looks
 * at the result with the init_*() file helpers.  The names are
 * initramfs_kunit_*, in the root; a case removes them when it ends.
 */
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/align.h>
#include <linux/cpio_kunit.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/init_syscalls.h>
#include <linux/initrd.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <linux/stat.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uidgid.h>

#include "initramfs_internal.h"

#define IKT_FIELDS	13
#define IKT_MTIME	1577836800	/* 2020-01-01 00:00:00 UTC */
#define IKT		"initramfs_kunit_"

/**
 * ikt_archive() - write an archive
 * @test: the test case, which owns the archive
 * @m: the members, in archive order
 * @n: how many
 * @len: set to the archive's length
 *
 * Return: the archive, without a TRAILER!!! unless @m has one.
 */
static char * __init ikt_archive(struct kunit *test,
				 const struct cpio_kunit_member *m, size_t n,
				 size_t *len)
{
	struct cpio_kunit_writer w;
	size_t i, cap = 0;

	for (i = 0; i < n; i++)
		cap += cpio_kunit_len(&m[i]);
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_writer_init(test, &w, cap));
	for (i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add(&w, &m[i]));
	*len = w.len;
	return w.buf;
}

static const char * __init ikt_unpack(struct kunit *test,
				      const struct cpio_kunit_member *m,
				      size_t n)
{
	size_t len;
	char *buf = ikt_archive(test, m, n, &len);

	return unpack_to_rootfs(buf, len);
}

/* @len test-owned bytes in which every byte value occurs, NUL included. */
static char * __init ikt_pattern(struct kunit *test, size_t len)
{
	char *p = kunit_kmalloc(test, len, GFP_KERNEL);
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (i = 0; i < len; i++)
		p[i] = i * 7 + (i >> 8);
	return p;
}

/* Remove a file or an empty directory, if it is there. */
static void __init ikt_remove(const char *path)
{
	if (init_unlink(path) == -EISDIR)
		init_rmdir(path);
}

static void __init ikt_remove_action(void *path)
{
	ikt_remove(path);
}

/*
 * Remove @path when the case ends.  Paths are removed in the reverse order
 * of these calls: name a directory before what is in it.
 */
static void __init ikt_cleanup(struct kunit *test, const char *path)
{
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ikt_remove_action,
							(void *)path), 0);
}

/* Expect @path to be a regular file that holds exactly @data. */
static void __init ikt_expect_data(struct kunit *test, const char *path,
				   const void *data, size_t len)
{
	char *buf = kunit_kzalloc(test, len + 1, GFP_KERNEL);
	struct file *file;
	loff_t pos = 0;
	ssize_t n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	file = filp_open(path, O_RDONLY, 0);
	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(file), "%s: %pe", path, file);
	KUNIT_EXPECT_TRUE_MSG(test, S_ISREG(file_inode(file)->i_mode),
			      "%s", path);
	n = kernel_read(file, buf, len + 1, &pos);
	fput(file);
	KUNIT_EXPECT_EQ_MSG(test, n, (ssize_t)len, "%s", path);
	KUNIT_EXPECT_MEMEQ_MSG(test, buf, data, len, "%s", path);
}

/* Expect @path to be absent. */
static void __init ikt_expect_none(struct kunit *test, const char *path)
{
	struct kstat st;

	KUNIT_EXPECT_EQ_MSG(test, init_stat(path, &st, AT_SYMLINK_NOFOLLOW),
			    -ENOENT, "%s", path);
}

/*
 * Expect @path to have the type, permissions, owner and group of @m, @nlink
 * links and, with CONFIG_INITRAMFS_PRESERVE_MTIME, the mtime of @m, else
 * one not before @t0.
 */
static void __init ikt_expect_attr(struct kunit *test, const char *path,
				   const struct cpio_kunit_member *m,
				   unsigned int nlink, time64_t t0)
{
	struct kstat st;

	KUNIT_ASSERT_EQ_MSG(test, init_stat(path, &st, AT_SYMLINK_NOFOLLOW), 0,
			    "%s", path);
	KUNIT_EXPECT_EQ_MSG(test, st.mode, (umode_t)m->mode, "%s", path);
	KUNIT_EXPECT_EQ_MSG(test, from_kuid(&init_user_ns, st.uid), m->uid,
			    "%s", path);
	KUNIT_EXPECT_EQ_MSG(test, from_kgid(&init_user_ns, st.gid), m->gid,
			    "%s", path);
	KUNIT_EXPECT_EQ_MSG(test, st.nlink, nlink, "%s", path);
	if (IS_ENABLED(CONFIG_INITRAMFS_PRESERVE_MTIME)) {
		KUNIT_EXPECT_EQ_MSG(test, st.mtime.tv_sec, (time64_t)m->mtime,
				    "%s", path);
		KUNIT_EXPECT_EQ_MSG(test, st.mtime.tv_nsec, 0L, "%s", path);
	} else {
		KUNIT_EXPECT_GE_MSG(test, st.mtime.tv_sec, t0, "%s", path);
	}
}

/*
 * Mode, owner, group, link count and mtime of a directory and of a file in
 * it.  The permissions include bits the umask (022) would clear, and the
 * directory's mtime must survive the file created in it afterwards.
 */
static void __init initramfs_kunit_attributes(struct kunit *test)
{
	struct cpio_kunit_member m[] = { {
		.name = IKT "attr",
		.mode = S_IFDIR | 0757, .uid = 56, .gid = 78, .nlink = 2,
		.ino = 1, .mtime = IKT_MTIME + 1,
	}, {
		.name = IKT "attr/file",
		.mode = S_IFREG | 0672, .uid = 12, .gid = 34,
		.ino = 2, .mtime = IKT_MTIME, .data = "attr", .size = 4,
	} };
	time64_t t0 = ktime_get_real_seconds();
	const char *msg;

	ikt_cleanup(test, "/" IKT "attr");
	ikt_cleanup(test, "/" IKT "attr/file");
	msg = ikt_unpack(test, m, ARRAY_SIZE(m));
	KUNIT_EXPECT_NULL_MSG(test, msg, "%s", msg);
	ikt_expect_attr(test, "/" IKT "attr", &m[0], 2, t0);
	ikt_expect_attr(test, "/" IKT "attr/file", &m[1], 1, t0);
}

/*
 * A name whose last byte (at namesize - 1) is not NUL stops the archive,
 * even when a NUL follows in the padding: nothing of that member or after
 * it is created.  The unpacker reports the parser's own description of
 * the fault, whose wording this test does not fix: only a message is
 * expected.
 */
static void __init initramfs_kunit_name_unterminated(struct kunit *test)
{
	struct cpio_kunit_member m[] = { {
		.name = IKT "nonul",
		.namesize = sizeof(IKT "nonul") - 1,
		.mode = S_IFREG | 0644, .ino = 1, .data = "data", .size = 4,
	}, {
		.name = IKT "nonul_next",
		.mode = S_IFREG | 0644, .ino = 2, .data = "next", .size = 4,
	} };
	const char *msg;

	/*
	 * The name does not end on a 4-byte boundary: the padding after it
	 * starts with a NUL, which a reader going by strlen() would take.
	 */
	BUILD_BUG_ON((CPIO_HDR_LEN + sizeof(IKT "nonul") - 1) % 4 == 0);
	ikt_cleanup(test, "/" IKT "nonul");
	ikt_cleanup(test, "/" IKT "nonul_next");
	msg = ikt_unpack(test, m, ARRAY_SIZE(m));
	KUNIT_EXPECT_NOT_NULL(test, msg);
	kunit_info(test, "message: %s\n", msg ?: "(none)");
	ikt_expect_none(test, "/" IKT "nonul");
	ikt_expect_none(test, "/" IKT "nonul_next");
}

/*
 * File data comes out byte for byte: a file of 5,001 bytes (every byte
 * value, NULs included, over more than a page, size not a multiple of 4),
 * an empty one, and a short one after them.
 */
static void __init initramfs_kunit_data(struct kunit *test)
{
	char *big = ikt_pattern(test, 5001);
	struct cpio_kunit_member m[] = { {
		.name = IKT "data_big", .mode = S_IFREG | 0644, .ino = 1,
		.data = big, .size = 5001,
	}, {
		.name = IKT "data_empty", .mode = S_IFREG | 0644, .ino = 2,
	}, {
		.name = IKT "data_small", .mode = S_IFREG | 0644, .ino = 3,
		.data = "abc", .size = 3,
	} };
	const char *msg;

	ikt_cleanup(test, "/" IKT "data_big");
	ikt_cleanup(test, "/" IKT "data_empty");
	ikt_cleanup(test, "/" IKT "data_small");
	msg = ikt_unpack(test, m, ARRAY_SIZE(m));
	KUNIT_EXPECT_NULL_MSG(test, msg, "%s", msg);
	ikt_expect_data(test, "/" IKT "data_big", big, 5001);
	ikt_expect_data(test, "/" IKT "data_empty", "", 0);
	ikt_expect_data(test, "/" IKT "data_small", "abc", 3);
}

/*
 * crc members with the right sum are extracted; the check field of newc
 * members and of crc members that are not regular files is not looked at.
 */
static void __init initramfs_kunit_crc_good(struct kunit *test)
{
	char *data = ikt_pattern(test, 1000);
	struct cpio_kunit_member m[] = { {
		.name = IKT "crc", .mode = S_IFREG | 0644, .ino = 1,
		.crc = true, .check = cpio_kunit_sum(data, 1000),
		.data = data, .size = 1000,
	}, {
		.name = IKT "crc_dir", .mode = S_IFDIR | 0755, .ino = 2,
		.crc = true, .check = 0x1234,
	}, {
		.name = IKT "crc_newc", .mode = S_IFREG | 0644, .ino = 3,
		.check = 0xdeadbeef, .data = "newc", .size = 4,
	} };
	struct kstat st;
	const char *msg;

	ikt_cleanup(test, "/" IKT "crc");
	ikt_cleanup(test, "/" IKT "crc_dir");
	ikt_cleanup(test, "/" IKT "crc_newc");
	msg = ikt_unpack(test, m, ARRAY_SIZE(m));
	KUNIT_EXPECT_NULL_MSG(test, msg, "%s", msg);
	ikt_expect_data(test, "/" IKT "crc", data, 1000);
	KUNIT_EXPECT_EQ(test, init_stat("/" IKT "crc_dir", &st, 0), 0);
	KUNIT_EXPECT_TRUE(test, S_ISDIR(st.mode));
	ikt_expect_data(test, "/" IKT "crc_newc", "newc", 4);
}

/*
 * A wrong sum is reported as "bad data checksum" once the file is written:
 * the file stays with its data, and the archive stops after it.
 */
static void __init initramfs_kunit_crc_bad(struct kunit *test)
{
	char *data = ikt_pattern(test, 1000);
	struct cpio_kunit_member m[] = { {
		.name = IKT "badsum", .mode = S_IFREG | 0644, .ino = 1,
		.crc = true, .check = cpio_kunit_sum(data, 1000) + 1,
		.data = data, .size = 1000,
	}, {
		.name = IKT "badsum_next", .mode = S_IFREG | 0644, .ino = 2,
		.data = "next", .size = 4,
	} };
	const char *msg;

	ikt_cleanup(test, "/" IKT "badsum");
	ikt_cleanup(test, "/" IKT "badsum_next");
	msg = ikt_unpack(test, m, ARRAY_SIZE(m));
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_EXPECT_STREQ(test, msg, "bad data checksum");
	ikt_expect_data(test, "/" IKT "badsum", data, 1000);
	ikt_expect_none(test, "/" IKT "badsum_next");
}

/*
 * Three names of one inode (same ino, nlink 3), the data with the last
 * one, and no TRAILER!!! between or after them: one inode with three
 * links, which holds the data once.
 */
static void __init initramfs_kunit_hardlinks(struct kunit *test)
{
	static const char * const names[] = {
		"/" IKT "link_a", "/" IKT "link_b", "/" IKT "link_c",
	};
	struct cpio_kunit_member m[] = { {
		.name = IKT "link_a", .mode = S_IFREG | 0640, .nlink = 3,
		.ino = 7,
	}, {
		.name = IKT "link_b", .mode = S_IFREG | 0640, .nlink = 3,
		.ino = 7,
	}, {
		.name = IKT "link_c", .mode = S_IFREG | 0640, .nlink = 3,
		.ino = 7, .data = "linked data", .size = 11,
	} };
	struct kstat st[ARRAY_SIZE(names)];
	const char *msg;
	int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		ikt_cleanup(test, names[i]);
	msg = ikt_unpack(test, m, ARRAY_SIZE(m));
	KUNIT_EXPECT_NULL_MSG(test, msg, "%s", msg);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		KUNIT_ASSERT_EQ_MSG(test, init_stat(names[i], &st[i], 0), 0,
				    "%s", names[i]);
		KUNIT_EXPECT_EQ_MSG(test, st[i].ino, st[0].ino, "%s", names[i]);
		KUNIT_EXPECT_EQ_MSG(test, st[i].nlink, 3U, "%s", names[i]);
		ikt_expect_data(test, names[i], "linked data", 11);
	}
}

#define IKT_MANY	1000
#define IKT_MANY_PATH	sizeof("/" IKT "many/999")

/*
 * A directory and 1,000 files in it, each holding its own number, then a
 * TRAILER!!!: all of them are extracted.
 */
static void __init initramfs_kunit_many(struct kunit *test)
{
	struct cpio_kunit_member *m = kunit_kcalloc(test, IKT_MANY + 2, sizeof(*m),
					     GFP_KERNEL);
	char *paths = kunit_kcalloc(test, IKT_MANY, IKT_MANY_PATH, GFP_KERNEL);
	const char *msg;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, paths);
	m[0] = (struct cpio_kunit_member){
		.name = IKT "many", .mode = S_IFDIR | 0755, .ino = 1,
	};
	ikt_cleanup(test, "/" IKT "many");
	for (i = 0; i < IKT_MANY; i++) {
		char *path = paths + i * IKT_MANY_PATH;
		char *num = path + sizeof("/" IKT "many/") - 1;

		snprintf(path, IKT_MANY_PATH, "/" IKT "many/%d", i);
		ikt_cleanup(test, path);
		m[i + 1] = (struct cpio_kunit_member){
			.name = path + 1, .mode = S_IFREG | 0644, .ino = i + 2,
			.data = num, .size = strlen(num),
		};
	}
	m[IKT_MANY + 1] = (struct cpio_kunit_member){ .name = "TRAILER!!!" };
	msg = ikt_unpack(test, m, IKT_MANY + 2);
	KUNIT_EXPECT_NULL_MSG(test, msg, "%s", msg);
	for (i = 0; i < IKT_MANY; i++)
		ikt_expect_data(test, paths + i * IKT_MANY_PATH,
				m[i + 1].data, m[i + 1].size);
}

/*
 * A name padded with NULs up to a namesize that puts the file data at
 * 4 KiB in the archive (an aligner's trick for extent sharing): the name
 * ends at its first NUL, the data is the file's.
 */
static void __init initramfs_kunit_name_padded(struct kunit *test)
{
	static const char data[] = "file data at 4 KiB";
	struct cpio_kunit_member m = {
		.name = IKT "pad", .namesize = SZ_4K - CPIO_HDR_LEN,
		.mode = S_IFREG | 0644, .ino = 1,
		.data = data, .size = sizeof(data) - 1,
	};
	const char *msg;
	size_t len;
	char *buf;

	ikt_cleanup(test, "/" IKT "pad");
	buf = ikt_archive(test, &m, 1, &len);
	KUNIT_ASSERT_EQ(test, len, SZ_4K + ALIGN(sizeof(data) - 1, 4));
	KUNIT_ASSERT_EQ(test, memcmp(buf + SZ_4K, data, sizeof(data) - 1), 0);
	msg = unpack_to_rootfs(buf, len);
	KUNIT_EXPECT_NULL_MSG(test, msg, "%s", msg);
	ikt_expect_data(test, "/" IKT "pad", data, sizeof(data) - 1);
}

/*
 * A member whose namesize is above PATH_MAX is skipped whole, its data
 * too (it holds what would parse as a member), and the archive goes on.
 */
static void __init initramfs_kunit_name_too_long(struct kunit *test)
{
	struct cpio_kunit_member ghost = {
		.name = IKT "ghost", .mode = S_IFREG | 0644, .ino = 2,
		.data = "ghost", .size = 5,
	};
	char *name = kunit_kmalloc(test, PATH_MAX + 1, GFP_KERNEL);
	struct cpio_kunit_member m[] = { {
		.name = name, .mode = S_IFREG | 0644, .ino = 1,
	}, {
		.name = IKT "after", .mode = S_IFREG | 0644, .ino = 3,
		.data = "after", .size = 5,
	} };
	const char *msg;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, name);
	memset(name, 'a', PATH_MAX);
	memcpy(name, IKT "long", sizeof(IKT "long") - 1);
	name[PATH_MAX] = '\0';
	m[0].data = ikt_archive(test, &ghost, 1, &len);
	m[0].size = len;
	KUNIT_ASSERT_EQ(test, cpio_kunit_namesize(&m[0]), PATH_MAX + 1);

	ikt_cleanup(test, "/" IKT "ghost");
	ikt_cleanup(test, "/" IKT "after");
	msg = ikt_unpack(test, m, ARRAY_SIZE(m));
	KUNIT_EXPECT_NULL_MSG(test, msg, "%s", msg);
	ikt_expect_none(test, "/" IKT "ghost");
	ikt_expect_data(test, "/" IKT "after", "after", 5);
}

/*
 * Header fields are eight hex digits: the archive is extracted as written,
 * and refused with "0x" in place of the two leading zeros of any one of
 * the thirteen fields, nothing created: "x" is not a hex digit, even
 * though simple_strtoul() would take "0x" as a prefix.
 */
static void __init initramfs_kunit_hex_prefix(struct kunit *test)
{
	struct cpio_kunit_member m = {
		.name = IKT "hex", .mode = S_IFREG | 0644, .uid = 1, .gid = 2,
		.ino = 3, .mtime = 4, .data = "hex", .size = 3,
	};
	const char *msg;
	size_t len;
	char *buf;
	int i;

	ikt_cleanup(test, "/" IKT "hex");
	buf = ikt_archive(test, &m, 1, &len);
	msg = unpack_to_rootfs(buf, len);
	KUNIT_EXPECT_NULL_MSG(test, msg, "%s", msg);
	ikt_expect_data(test, "/" IKT "hex", "hex", 3);
	ikt_remove("/" IKT "hex");

	for (i = 0; i < IKT_FIELDS; i++) {
		char *field;

		buf = ikt_archive(test, &m, 1, &len);
		field = buf + 6 + 8 * i;
		KUNIT_ASSERT_EQ(test, memcmp(field, "00", 2), 0);
		memcpy(field, "0x", 2);
		msg = unpack_to_rootfs(buf, len);
		KUNIT_EXPECT_NOT_NULL_MSG(test, msg, "0x in field %d", i);
		ikt_expect_none(test, "/" IKT "hex");
		ikt_remove("/" IKT "hex");
		if (!i)
			kunit_info(test, "message: %s\n", msg ?: "(none)");
	}
}

/* The built-in and external archives are unpacked asynchronously. */
static int __init initramfs_kunit_suite_init(struct kunit_suite *suite)
{
	wait_for_initramfs();
	return 0;
}

/* Not __initdata: KUnit reports results from them after boot. */
static struct kunit_case __refdata initramfs_kunit_cases[] = {
	KUNIT_CASE(initramfs_kunit_attributes),
	KUNIT_CASE(initramfs_kunit_name_unterminated),
	KUNIT_CASE(initramfs_kunit_data),
	KUNIT_CASE(initramfs_kunit_crc_good),
	KUNIT_CASE(initramfs_kunit_crc_bad),
	KUNIT_CASE(initramfs_kunit_hardlinks),
	KUNIT_CASE(initramfs_kunit_many),
	KUNIT_CASE(initramfs_kunit_name_padded),
	KUNIT_CASE(initramfs_kunit_name_too_long),
	KUNIT_CASE(initramfs_kunit_hex_prefix),
	{}
};

static struct kunit_suite __refdata initramfs_kunit_suite = {
	.name = "initramfs",
	.suite_init = initramfs_kunit_suite_init,
	.test_cases = initramfs_kunit_cases,
};

kunit_test_init_section_suites(&initramfs_kunit_suite);
