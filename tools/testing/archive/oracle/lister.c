// SPDX-License-Identifier: GPL-2.0
/*
 * /oracle-list: the init of the oracle kernels (rdinit=/oracle-list, from
 * their built-in initramfs).  It lists the rootfs as the initramfs code left
 * it, before anything is mounted or written, in the manifest format of
 * ../boot/init (one "@@M" line per path, see ../boot/manifest.py):
 *
 *   @@M <path> <mode hex> <uid> <gid> <size> <major hex> <minor hex>
 *       <mtime> <inode> <sha256|symlink target|->
 *
 * Bytes of a path or target that are not printable ASCII, and the
 * backslash, are written as \xHH so that any name fits one line.  Before
 * it comes "@@ORACLE now <seconds>", the clock when the listing was
 * printed; after it the kernel log between markers; then it powers off.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------ sha256 */

struct sha256 {
	uint32_t h[8];
	uint8_t block[64];
	uint64_t bytes;
	unsigned int fill;
};

static const uint32_t sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror32(uint32_t x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha256_block(struct sha256 *s, const uint8_t *p)
{
	uint32_t w[64], v[8], t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | p[4 * i + 1] << 16 |
		       p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++)
		w[i] = w[i - 16] + w[i - 7] +
		       (ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3)) +
		       (ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10));
	memcpy(v, s->h, sizeof(v));
	for (i = 0; i < 64; i++) {
		t1 = v[7] + (ror32(v[4], 6) ^ ror32(v[4], 11) ^ ror32(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + sha256_k[i] + w[i];
		t2 = (ror32(v[0], 2) ^ ror32(v[0], 13) ^ ror32(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		s->h[i] += v[i];
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(s->h, iv, sizeof(iv));
	s->bytes = 0;
	s->fill = 0;
}

static void sha256_update(struct sha256 *s, const uint8_t *p, size_t n)
{
	s->bytes += n;
	while (n) {
		size_t take = 64 - s->fill < n ? 64 - s->fill : n;

		memcpy(s->block + s->fill, p, take);
		s->fill += take;
		p += take;
		n -= take;
		if (s->fill == 64) {
			sha256_block(s, s->block);
			s->fill = 0;
		}
	}
}

static void sha256_hex(struct sha256 *s, char out[65])
{
	uint64_t bits = s->bytes * 8;
	uint8_t pad = 0x80;
	int i;

	sha256_update(s, &pad, 1);
	pad = 0;
	while (s->fill != 56)
		sha256_update(s, &pad, 1);
	for (i = 7; i >= 0; i--) {
		pad = bits >> (8 * i);
		sha256_update(s, &pad, 1);
	}
	for (i = 0; i < 8; i++)
		sprintf(out + 8 * i, "%08x", s->h[i]);
}

/* ------------------------------------------------------------ listing */

/* The listing is kept in memory until the console is known to work. */
static char *out;
static size_t out_len, out_size;

static void emit(const char *p, size_t n)
{
	if (out_len + n > out_size) {
		out_size = (out_len + n) * 2 + 4096;
		out = realloc(out, out_size);
		if (!out)
			_exit(1);
	}
	memcpy(out + out_len, p, n);
	out_len += n;
}

static void emits(const char *s)
{
	emit(s, strlen(s));
}

static void emit_escaped(const char *s, size_t n)
{
	char hex[5];
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c > 0x20 && c < 0x7f && c != '\\') {
			emit(s + i, 1);
		} else if (c == ' ') {
			emit(" ", 1);
		} else {
			snprintf(hex, sizeof(hex), "\\x%02x", c);
			emit(hex, 4);
		}
	}
}

static void file_sha256(const char *path, char hex[65])
{
	static uint8_t buf[1 << 16];
	struct sha256 s;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW);
	if (fd < 0) {
		snprintf(hex, 65, "open-error-%d", errno);
		return;
	}
	sha256_init(&s);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		sha256_update(&s, buf, n);
	close(fd);
	if (n < 0)
		snprintf(hex, 65, "read-error-%d", errno);
	else
		sha256_hex(&s, hex);
}

static void list_entry(const char *path, const struct stat *st)
{
	char line[256], extra[PATH_MAX + 1];
	ssize_t n;

	emits("@@M\t");
	emit_escaped(path, strlen(path));
	snprintf(line, sizeof(line), "\t%x\t%u\t%u\t%lld\t%x\t%x\t%lld\t%llu\t",
		 st->st_mode, st->st_uid, st->st_gid, (long long)st->st_size,
		 major(st->st_rdev), minor(st->st_rdev),
		 (long long)st->st_mtime, (unsigned long long)st->st_ino);
	emits(line);
	if (S_ISLNK(st->st_mode)) {
		n = readlink(path, extra, PATH_MAX);
		if (n < 0)
			emits("readlink-error");
		else
			emit_escaped(extra, n);
	} else if (S_ISREG(st->st_mode)) {
		file_sha256(path, extra);
		emits(extra);
	} else {
		emits("-");
	}
	emits("\n");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * List PATH, then what is under it in byte order of the names (as
 * "find | sort" with LC_ALL=C would for names without control bytes).
 */
static void walk(const char *path, dev_t root_dev)
{
	struct stat st;
	struct dirent *d;
	char **names = NULL, *child;
	size_t count = 0, i;
	DIR *dir;

	if (lstat(path, &st)) {
		emits("@@oracle lstat-error ");
		emit_escaped(path, strlen(path));
		emits("\n");
		return;
	}
	list_entry(path, &st);
	if (!S_ISDIR(st.st_mode) || st.st_dev != root_dev)
		return;
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
			continue;
		names = realloc(names, (count + 1) * sizeof(*names));
		if (!names)
			_exit(1);
		names[count++] = strdup(d->d_name);
	}
	closedir(dir);
	qsort(names, count, sizeof(*names), by_name);
	for (i = 0; i < count; i++) {
		if (asprintf(&child, "%s%s%s", path,
			     strcmp(path, "/") ? "/" : "", names[i]) < 0)
			_exit(1);
		walk(child, root_dev);
		free(child);
		free(names[i]);
	}
	free(names);
}

/* ------------------------------------------------------------ output */

static void write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w <= 0)
			return;
		p += w;
		n -= w;
	}
}

/*
 * The image may have replaced /dev/console with something else: use a
 * console node of our own then, made only after the listing.
 */
static int console_fd(void)
{
	if (fcntl(1, F_GETFD) >= 0)
		return 1;
	mknod("/oracle-console", S_IFCHR | 0600, makedev(5, 1));
	return open("/oracle-console", O_WRONLY);
}

int main(void)
{
	struct stat root;
	char now[64];
	char *log;
	int fd, n;

	if (lstat("/", &root))
		return 1;
	walk("/", root.st_dev);

	fd = console_fd();
	/* Keep kernel messages off the console while the listing prints. */
	klogctl(8, NULL, 1);	/* SYSLOG_ACTION_CONSOLE_LEVEL */
	/* Files the archive gave no mtime have this boot's time. */
	snprintf(now, sizeof(now), "@@ORACLE now %lld\n", (long long)time(NULL));
	write_all(fd, now, strlen(now));
	write_all(fd, "@@BOOTTEST manifest-begin\n", 26);
	write_all(fd, out, out_len);
	write_all(fd, "@@BOOTTEST manifest-end\n", 24);

	n = klogctl(10, NULL, 0);	/* SYSLOG_ACTION_SIZE_BUFFER */
	log = malloc(n > 0 ? n : 1);
	n = log ? klogctl(3, log, n) : -1;	/* SYSLOG_ACTION_READ_ALL */
	write_all(fd, "@@BOOTTEST dmesg-begin\n", 23);
	if (n > 0)
		write_all(fd, log, n);
	write_all(fd, "\n@@BOOTTEST dmesg-end\n@@BOOTTEST done\n", 38);
	reboot(RB_POWER_OFF);
	return 0;
}
