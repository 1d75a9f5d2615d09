// SPDX-License-Identifier: GPL-2.0
/*
 * cpio-extract: extract uncompressed cpio newc/crc archives (concatenated
 * and NUL-padded ones too) with the kernel's parser, lib/cpio/parser.c.
 * The userspace peer of the kernel extractor, used by the differential test.
 *
 * Usage: cpio-extract [-C DIR] [ARCHIVE]     (standard input by default)
 *
 * All entry types, modes, owners, mtimes and hard links (data on any link of
 * the group lands in the shared inode, as init/initramfs.c does).  Names are
 * relative to DIR: a leading '/' is stripped, ".." components are refused,
 * and no symlink is followed while extracting.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>
#include <linux/cpio.h>

struct link {
	struct link *next;
	u32 ino, major, minor;
	char *path;
};

struct dir_time {
	struct dir_time *next;
	u32 mtime;
	char *path;
};

struct extract {
	int root;		/* destination directory */
	int fd;			/* regular file being written, or -1 */
	int errors;
	struct link *links;
	struct dir_time *dirs;
};

static void fail(struct extract *x, const struct cpio_entry *e,
		 const char *what)
{
	fprintf(stderr, "cpio-extract: %s (member at %llu): %s%s%s\n",
		e->name, (unsigned long long)e->offset, what,
		errno ? ": " : "", errno ? strerror(errno) : "");
	x->errors++;
}

/* Clean @name into @out: no leading '/', no "." or empty components. */
static int clean_name(const char *name, char *out)
{
	const char *s = name, *end;
	size_t n, len = 0;

	while (*s) {
		while (*s == '/')
			s++;
		end = strchrnul(s, '/');
		n = end - s;
		if (n == 2 && s[0] == '.' && s[1] == '.')
			return -1;
		if (n && !(n == 1 && s[0] == '.')) {
			if (len)
				out[len++] = '/';
			memcpy(out + len, s, n);
			len += n;
		}
		s = end;
	}
	out[len] = '\0';
	return len ? 0 : -1;
}

/*
 * Open the directory holding @path (creating missing ones, following no
 * symlink) and return its fd; *last points to the final component.
 */
static int open_parent(int root, char *path, const char **last)
{
	int fd = dup(root), next;
	char *s = path, *slash;

	while (fd >= 0 && (slash = strchr(s, '/'))) {
		*slash = '\0';
		next = openat(fd, s, O_PATH | O_DIRECTORY | O_NOFOLLOW);
		if (next < 0 && errno == ENOENT && !mkdirat(fd, s, 0755))
			next = openat(fd, s, O_PATH | O_DIRECTORY | O_NOFOLLOW);
		*slash = '/';
		close(fd);
		fd = next;
		s = slash + 1;
	}
	*last = s;
	return fd;
}

static struct link *find_link(struct extract *x, const struct cpio_entry *e)
{
	struct link *l;

	for (l = x->links; l; l = l->next)
		if (l->ino == e->ino && l->major == e->dev_major &&
		    l->minor == e->dev_minor)
			return l;
	return NULL;
}

/* Remove what is in the way, unless both are directories. */
static void clear_way(int dfd, const char *last, mode_t mode)
{
	struct stat st;

	if (fstatat(dfd, last, &st, AT_SYMLINK_NOFOLLOW))
		return;
	if (S_ISDIR(st.st_mode) && S_ISDIR(mode))
		return;
	unlinkat(dfd, last, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
}

static int set_attrs(int dfd, const char *last, const struct cpio_entry *e)
{
	struct timespec ts[2] = {
		{ .tv_sec = e->mtime }, { .tv_sec = e->mtime },
	};

	if (fchownat(dfd, last, e->uid, e->gid, AT_SYMLINK_NOFOLLOW))
		return -1;
	if (!S_ISLNK(e->mode) && fchmodat(dfd, last, e->mode & 07777, 0))
		return -1;
	return utimensat(dfd, last, ts, AT_SYMLINK_NOFOLLOW);
}

static int make_file(struct extract *x, int dfd, const char *last,
		     const char *path, const struct cpio_entry *e)
{
	struct link *l = e->nlink > 1 ? find_link(x, e) : NULL;
	int fd;

	if (l) {
		if (linkat(x->root, l->path, dfd, last, 0))
			return -1;
		fd = openat(dfd, last, O_WRONLY | O_NOFOLLOW | O_CLOEXEC);
	} else {
		fd = openat(dfd, last, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
			    O_CLOEXEC, 0600);
	}
	if (fd < 0)
		return -1;
	if (e->nlink > 1 && !l) {
		l = calloc(1, sizeof(*l));
		l->ino = e->ino;
		l->major = e->dev_major;
		l->minor = e->dev_minor;
		l->path = strdup(path);
		l->next = x->links;
		x->links = l;
	}
	x->fd = fd;
	return 0;
}

static int make_node(struct extract *x, int dfd, const char *last,
		     const char *path, const struct cpio_entry *e)
{
	struct dir_time *d;

	if (S_ISLNK(e->mode))
		return symlinkat(e->target, dfd, last);
	if (!S_ISDIR(e->mode))
		return mknodat(dfd, last, e->mode & (S_IFMT | 07777),
			       makedev(e->rdev_major, e->rdev_minor));
	if (mkdirat(dfd, last, 0700) && errno != EEXIST)
		return -1;
	d = calloc(1, sizeof(*d));
	d->mtime = e->mtime;
	d->path = strdup(path);
	d->next = x->dirs;
	x->dirs = d;
	return 0;
}

static int on_entry(void *ctx, const struct cpio_entry *e)
{
	struct extract *x = ctx;
	char path[CPIO_NAME_MAX];
	const char *last;
	int dfd, ret;

	errno = 0;
	if (clean_name(e->name, path)) {
		if (strcmp(e->name, ".") && strcmp(e->name, "./"))
			fail(x, e, "refused name");
		return 0;
	}
	dfd = open_parent(x->root, path, &last);
	if (dfd < 0) {
		fail(x, e, "cannot open parent directory");
		return 0;
	}
	clear_way(dfd, last, e->mode);
	if (S_ISREG(e->mode))
		ret = make_file(x, dfd, last, path, e);
	else
		ret = make_node(x, dfd, last, path, e);
	if (ret)
		fail(x, e, "cannot create");
	else if (!S_ISREG(e->mode) && set_attrs(dfd, last, e))
		fail(x, e, "cannot set attributes");
	close(dfd);
	return 0;
}

static int on_data(void *ctx, const void *buf, size_t len)
{
	struct extract *x = ctx;
	ssize_t n;

	while (x->fd >= 0 && len) {
		n = write(x->fd, buf, len);
		if (n <= 0) {
			perror("cpio-extract: write");
			x->errors++;
			close(x->fd);
			x->fd = -1;
			break;
		}
		buf = (const char *)buf + n;
		len -= n;
	}
	return 0;
}

static int on_data_end(void *ctx, const struct cpio_entry *e)
{
	struct timespec ts[2] = {
		{ .tv_sec = e->mtime }, { .tv_sec = e->mtime },
	};
	struct extract *x = ctx;

	if (x->fd < 0)
		return 0;
	errno = 0;
	if (fchown(x->fd, e->uid, e->gid) || fchmod(x->fd, e->mode & 07777) ||
	    futimens(x->fd, ts))
		fail(x, e, "cannot set attributes");
	close(x->fd);
	x->fd = -1;
	return 0;
}

static const struct cpio_parser_ops extract_ops = {
	.entry = on_entry,
	.data = on_data,
	.data_end = on_data_end,
};

/* Directory times last: creating their children changed them. */
static void finish_dirs(struct extract *x)
{
	struct dir_time *d, *next;

	for (d = x->dirs; d; d = next) {
		struct timespec ts[2] = {
			{ .tv_sec = d->mtime }, { .tv_sec = d->mtime },
		};

		next = d->next;
		utimensat(x->root, d->path, ts, AT_SYMLINK_NOFOLLOW);
		free(d->path);
		free(d);
	}
	x->dirs = NULL;
}

static int run(struct extract *x, int in)
{
	static char buf[1 << 16];
	struct cpio_parser *p = cpio_parser_create(&extract_ops, x);
	const struct cpio_error *err;
	unsigned long long off = 0;
	ssize_t n;
	long used;
	int ret = 0;

	if (!p)
		return -ENOMEM;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		used = cpio_parser_write(p, buf, n);
		if (used < 0) {
			ret = used;
			break;
		}
		off += used;
		if (used < n) {
			fprintf(stderr, "cpio-extract: no cpio archive at offset %llu\n",
				off);
			fprintf(stderr, "cpio-extract: compressed segments are not supported\n");
			ret = -EINVAL;
			break;
		}
	}
	if (n < 0)
		ret = -errno;
	if (!ret)
		ret = cpio_parser_finish(p);
	err = cpio_parser_error(p);
	if (err->msg)
		fprintf(stderr, "cpio-extract: %s at offset %llu\n", err->msg,
			(unsigned long long)err->offset);
	if (x->fd >= 0)
		close(x->fd);
	cpio_parser_destroy(p);
	return ret;
}

int main(int argc, char **argv)
{
	struct extract x = { .fd = -1 };
	const char *dir = ".";
	int opt, in = 0, ret;
	struct link *l;

	while ((opt = getopt(argc, argv, "C:")) != -1) {
		if (opt != 'C') {
			fprintf(stderr, "usage: cpio-extract [-C DIR] [ARCHIVE]\n");
			return 2;
		}
		dir = optarg;
	}
	if (optind < argc) {
		in = open(argv[optind], O_RDONLY);
		if (in < 0) {
			perror(argv[optind]);
			return 1;
		}
	}
	x.root = open(dir, O_PATH | O_DIRECTORY);
	if (x.root < 0) {
		perror(dir);
		return 1;
	}
	umask(0);
	ret = run(&x, in);
	finish_dirs(&x);
	while ((l = x.links)) {
		x.links = l->next;
		free(l->path);
		free(l);
	}
	if (ret)
		fprintf(stderr, "cpio-extract: failed: %s\n", strerror(-ret));
	return ret || x.errors ? 1 : 0;
}
