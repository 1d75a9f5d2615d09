// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the streaming cpio parser (lib/cpio/parser.c): a table of
 * malformed archives with the exact errno and error offset of each, exact
 * event sequences of good archives, input split at every byte offset,
 * ten thousand members, archive boundaries and callback failures.
 */
#include <kunit/test.h>
#include <linux/cpio.h>
#include <linux/cpio_kunit.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/stat.h>
#include <linux/string.h>

static void cw_init(struct kunit *test, struct cpio_kunit_writer *w,
		    size_t cap)
{
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_writer_init(test, w, cap));
}

static void cw_add(struct kunit *test, struct cpio_kunit_writer *w,
		   const struct cpio_kunit_member *m)
{
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add(w, m));
}

static void cw_trailer(struct kunit *test, struct cpio_kunit_writer *w)
{
	KUNIT_ASSERT_EQ(test, 0, cpio_kunit_add_trailer(w));
}

/* Event recorder: one line per callback. */
struct ev_log {
	char text[4096];
	size_t len;
	int calls;
	int fail_at;		/* this callback returns -ENOSPC */
	u32 data_len;
	u32 hash;
	const char *in;		/* input, to check zero-copy names */
	size_t in_len;
	int in_place;		/* names handed over in place */
};

static __printf(2, 3) void ev_printf(struct ev_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log->len += vscnprintf(log->text + log->len,
			       sizeof(log->text) - log->len, fmt, ap);
	va_end(ap);
}

static int ev_result(struct ev_log *log)
{
	return ++log->calls == log->fail_at ? -ENOSPC : 0;
}

static int ev_entry(void *ctx, const struct cpio_entry *e)
{
	struct ev_log *log = ctx;

	if (log->in && e->name >= log->in && e->name < log->in + log->in_len)
		log->in_place++;
	ev_printf(log, "E %s %o %u:%u n%u t%u s%u r%u:%u i%u @%llu%s%s\n",
		  e->name, e->mode, e->uid, e->gid, e->nlink, e->mtime,
		  e->filesize, e->rdev_major, e->rdev_minor, e->ino,
		  e->offset, e->target ? " -> " : "",
		  e->target ? e->target : "");
	log->data_len = 0;
	log->hash = 0;
	return ev_result(log);
}

static int ev_data(void *ctx, const void *buf, size_t len)
{
	struct ev_log *log = ctx;
	const u8 *s = buf;
	size_t i;

	for (i = 0; i < len; i++)
		log->hash = log->hash * 31 + s[i];
	log->data_len += len;
	return ev_result(log);
}

static int ev_data_end(void *ctx, const struct cpio_entry *e)
{
	struct ev_log *log = ctx;

	ev_printf(log, "D %s %u %08x\n", e->name, log->data_len, log->hash);
	return ev_result(log);
}

static int ev_trailer(void *ctx)
{
	ev_printf(ctx, "T\n");
	return ev_result(ctx);
}

static const struct cpio_parser_ops ev_ops = {
	.entry = ev_entry,
	.data = ev_data,
	.data_end = ev_data_end,
	.trailer = ev_trailer,
};

static int ev_skip(void *ctx, const struct cpio_entry *e, int err,
		   const char *msg)
{
	ev_printf(ctx, "S %s %d %s @%llu\n", e->name ?: "-", err, msg,
		  e->offset);
	return ev_result(ctx);
}

static const struct cpio_parser_ops ev_skip_ops = {
	.entry = ev_entry,
	.data = ev_data,
	.data_end = ev_data_end,
	.trailer = ev_trailer,
	.skip = ev_skip,
};

static void parser_release(void *p)
{
	cpio_parser_destroy(p);
}

static struct cpio_parser *new_parser(struct kunit *test,
				      const struct cpio_parser_ops *ops,
				      void *ctx)
{
	struct cpio_parser *p = cpio_parser_create(ops, ctx);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, parser_release, p));
	return p;
}

/*
 * Feed @buf in pieces cut at @cuts, then finish; log the result and the error
 * like the callbacks.  Return the first error or 0.
 */
static int parse_cut(struct kunit *test, struct ev_log *log, const char *buf,
		     size_t len, const size_t *cuts, size_t ncuts)
{
	struct cpio_parser *p = new_parser(test, &ev_ops, log);
	const struct cpio_error *err;
	size_t start = 0, end, i;
	long n = 0;
	int ret;

	for (i = 0; i <= ncuts; i++) {
		end = i < ncuts ? cuts[i] : len;
		n = cpio_parser_write(p, buf + start, end - start);
		if (n < 0 || (size_t)n != end - start)
			break;
		start = end;
	}
	ret = n < 0 ? n : cpio_parser_finish(p);
	err = cpio_parser_error(p);
	ev_printf(log, "R %d %s @%llu\n", ret, err->msg ?: "-", err->offset);
	return ret;
}

/* --- Malformed archives ------------------------------------------------- */

enum base_archive {
	BASE_FILE,	/* "abcd" = "123456", trailer at 124, end 248 */
	BASE_LINK,	/* "l" -> "target", trailer at 120 */
	BASE_CRC,	/* crc "abcd" = "123456" */
	BASE_DIR,	/* directory "d" with 5 bytes of skipped data */
};

struct bad_case {
	const char *desc;
	enum base_archive base;
	size_t at;		/* patch offset (may extend the archive) */
	const char *patch;	/* NULL: no patch */
	size_t trunc;		/* cut the archive here; 0: keep it whole */
	int err;
	u64 err_off;
};

#define HEX(field)	(6 + 8 * (field))
#define BAD(d, b, a, pt, e, o)	{ .desc = d, .base = b, .at = a, .patch = pt, \
				  .err = -(e), .err_off = o }
#define CUT(d, b, t, o)	{ .desc = d, .base = b, .trunc = t, \
			  .err = -ENODATA, .err_off = o }

static const struct bad_case bad_cases[] = {
	BAD("bad magic digit", BASE_FILE, 5, "3", EINVAL, 0),
	BAD("bad magic third digit", BASE_FILE, 2, "1", EINVAL, 0),
	BAD("ascii junk in header", BASE_FILE, 1, "x", EINVAL, 0),
	BAD("odc magic", BASE_FILE, 5, "7", EOPNOTSUPP, 0),
	BAD("binary magic", BASE_FILE, 0, "\xc7\x71", EOPNOTSUPP, 0),
	BAD("byte-swapped binary magic", BASE_FILE, 0, "\x71\xc7", EOPNOTSUPP, 0),
	BAD("half binary magic", BASE_FILE, 0, "\x71", EINVAL, 0),
	BAD("nonhex ino", BASE_FILE, HEX(0) + 7, "g", EINVAL, HEX(0) + 7),
	BAD("nonhex mode", BASE_FILE, HEX(1) + 1, "G", EINVAL, HEX(1) + 1),
	BAD("nonhex uid", BASE_FILE, HEX(2), " ", EINVAL, HEX(2)),
	BAD("nonhex gid", BASE_FILE, HEX(3) + 3, "-", EINVAL, HEX(3) + 3),
	BAD("nonhex nlink", BASE_FILE, HEX(4) + 4, "+", EINVAL, HEX(4) + 4),
	BAD("nonhex mtime", BASE_FILE, HEX(5) + 5, "\xff", EINVAL, HEX(5) + 5),
	BAD("nonhex filesize", BASE_FILE, HEX(6) + 6, "z", EINVAL, HEX(6) + 6),
	BAD("nonhex devmajor", BASE_FILE, HEX(7) + 2, "\0", EINVAL, HEX(7) + 2),
	BAD("nonhex devminor", BASE_FILE, HEX(8) + 7, ":", EINVAL, HEX(8) + 7),
	BAD("nonhex rdevmajor", BASE_FILE, HEX(9), "@", EINVAL, HEX(9)),
	BAD("nonhex rdevminor", BASE_FILE, HEX(10) + 1, "`", EINVAL, HEX(10) + 1),
	BAD("nonhex namesize", BASE_FILE, HEX(11) + 7, "h", EINVAL, HEX(11) + 7),
	BAD("nonhex check", BASE_FILE, HEX(12) + 4, "/", EINVAL, HEX(12) + 4),
	BAD("0x prefix", BASE_FILE, HEX(1), "0x", EINVAL, HEX(1) + 1),
	BAD("0X prefix", BASE_FILE, HEX(6), "0X", EINVAL, HEX(6) + 1),
	BAD("namesize 0", BASE_FILE, HEX(11), "00000000", EINVAL, HEX(11)),
	BAD("namesize above PATH_MAX", BASE_FILE, HEX(11), "00001001",
	    ENAMETOOLONG, HEX(11)),
	BAD("name without NUL", BASE_FILE, 114, "e", EINVAL, 114),
	BAD("namesize too short for NUL", BASE_FILE, HEX(11), "00000004",
	    EINVAL, 113),
	BAD("nonzero padding after name", BASE_FILE, 115, "\x01", EINVAL, 115),
	BAD("nonzero padding after data", BASE_FILE, 123, "0", EINVAL, 123),
	BAD("nonzero padding after target", BASE_LINK, 118, "\x80", EINVAL, 118),
	BAD("symlink with filesize 0", BASE_LINK, HEX(6), "00000000",
	    EINVAL, HEX(6)),
	BAD("symlink body above PATH_MAX", BASE_LINK, HEX(6), "00001001",
	    ENAMETOOLONG, HEX(6)),
	BAD("symlink target of 4 GiB", BASE_LINK, HEX(6), "FFFFFFFF",
	    ENAMETOOLONG, HEX(6)),
	BAD("crc checksum mismatch", BASE_CRC, HEX(12), "00000000",
	    EBADMSG, HEX(12)),
	BAD("crc checksum off by one", BASE_CRC, HEX(12) + 7, "0",
	    EBADMSG, HEX(12)),
	BAD("file type 0", BASE_FILE, HEX(1), "000001A4", EINVAL, HEX(1)),
	BAD("file type 0170000", BASE_FILE, HEX(1), "0000F1A4", EINVAL, HEX(1)),
	BAD("file type 0030000", BASE_FILE, HEX(1), "000031A4", EINVAL, HEX(1)),
	BAD("unaligned header after trailer", BASE_FILE, 250, "070701",
	    EINVAL, 250),
	BAD("odc after trailer", BASE_FILE, 248, "070707", EOPNOTSUPP, 248),
	BAD("binary after trailer", BASE_FILE, 252, "\xc7\x71", EOPNOTSUPP, 252),
	CUT("truncated in magic", BASE_FILE, 3, 3),
	CUT("truncated in ino", BASE_FILE, HEX(0) + 4, HEX(0) + 4),
	CUT("truncated in filesize", BASE_FILE, HEX(6) + 1, HEX(6) + 1),
	CUT("truncated in check", BASE_FILE, 109, 109),
	CUT("truncated before name", BASE_FILE, 110, 110),
	CUT("truncated in name", BASE_FILE, 112, 112),
	CUT("truncated in name padding", BASE_FILE, 115, 115),
	CUT("truncated before data", BASE_FILE, 116, 116),
	CUT("truncated in data", BASE_FILE, 119, 119),
	CUT("truncated in trailer header", BASE_FILE, 200, 200),
	CUT("truncated in trailer name", BASE_FILE, 240, 240),
	CUT("truncated in trailer padding", BASE_FILE, 246, 246),
	CUT("truncated in symlink target", BASE_LINK, 115, 115),
	CUT("truncated in skipped data", BASE_DIR, 114, 114),
	{ .desc = "truncated after binary byte", .base = BASE_FILE, .at = 0,
	  .patch = "\xc7", .trunc = 1, .err = -ENODATA, .err_off = 1 },
};

static void bad_case_desc(const struct bad_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cpio_parser_bad, bad_cases, bad_case_desc);

static const struct cpio_kunit_member base_members[] = {
	[BASE_FILE] = { .name = "abcd", .mode = S_IFREG | 0644, .data = "123456" },
	[BASE_LINK] = { .name = "l", .mode = S_IFLNK | 0777, .data = "target" },
	[BASE_CRC] = { .name = "abcd", .mode = S_IFREG | 0644, .data = "123456",
		       .crc = true },
	[BASE_DIR] = { .name = "d", .mode = S_IFDIR | 0755, .data = "12345" },
};

static void build_base(struct kunit *test, struct cpio_kunit_writer *w,
		       enum base_archive b)
{
	cw_init(test, w, 1024);
	cw_add(test, w, &base_members[b]);
	cw_trailer(test, w);
}

static void cpio_parser_malformed(struct kunit *test)
{
	const struct bad_case *c = test->param_value;
	size_t len, plen, k, *cuts;
	struct ev_log *whole, *bytes;
	struct cpio_kunit_writer w;

	build_base(test, &w, c->base);
	len = w.len;
	if (c->patch) {
		plen = strlen(c->patch) ?: 1;	/* "\0" patches one NUL */
		memcpy(w.buf + c->at, c->patch, plen);
		len = max(len, c->at + plen);
	}
	if (c->trunc)
		len = c->trunc;

	whole = kunit_kzalloc(test, sizeof(*whole), GFP_KERNEL);
	bytes = kunit_kzalloc(test, sizeof(*bytes), GFP_KERNEL);
	cuts = kunit_kcalloc(test, len, sizeof(*cuts), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, whole);
	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_ASSERT_NOT_NULL(test, cuts);

	KUNIT_EXPECT_EQ(test, c->err, parse_cut(test, whole, w.buf, len, NULL, 0));
	KUNIT_EXPECT_NOT_NULL(test, strstr(whole->text, "R "));
	for (k = 0; k + 1 < len; k++)
		cuts[k] = k + 1;
	parse_cut(test, bytes, w.buf, len, cuts, len - 1);
	KUNIT_EXPECT_STREQ(test, whole->text, bytes->text);

	/* The error and its offset, from the last log line. */
	{
		struct cpio_parser *p = new_parser(test, &ev_ops, whole);
		long n = cpio_parser_write(p, w.buf, len);
		int ret = n < 0 ? n : cpio_parser_finish(p);
		const struct cpio_error *err = cpio_parser_error(p);

		KUNIT_EXPECT_EQ(test, c->err, ret);
		KUNIT_EXPECT_NOT_NULL(test, err->msg);
		KUNIT_EXPECT_EQ(test, c->err_off, err->offset);
		/* Errors stick. */
		KUNIT_EXPECT_EQ(test, (long)c->err, cpio_parser_write(p, "0", 1));
		KUNIT_EXPECT_EQ(test, c->err, cpio_parser_finish(p));
		KUNIT_EXPECT_FALSE(test, cpio_parser_at_boundary(p));
	}
}

/* --- Good archives ------------------------------------------------------ */

static const char good_events[] =
	"E d 40755 0:0 n2 t7 s0 r0:0 i1 @0\n"
	"E d/f 100640 1000:100 n1 t1700000000 s11 r0:0 i2 @112\n"
	"D d/f 11 %08x\n"
	"E d/empty 100600 0:0 n1 t0 s0 r0:0 i3 @240\n"
	"D d/empty 0 00000000\n"
	"E d/l 120777 0:0 n1 t0 s8 r0:0 i4 @360 -> ../d/f/x\n"
	"E d/c 20620 0:5 n1 t0 s0 r4:64 i5 @484\n"
	"E d/b 60660 0:6 n1 t0 s0 r8:1 i6 @600\n"
	"E d/p 10644 0:0 n1 t0 s0 r0:0 i7 @716\n"
	"E d/s 140755 0:0 n1 t0 s0 r0:0 i8 @832\n"
	"E d/h1 100644 0:0 n2 t0 s0 r0:0 i9 @948\n"
	"D d/h1 0 00000000\n"
	"E d/h2 100644 0:0 n2 t0 s3 r0:0 i9 @1064\n"
	"D d/h2 3 %08x\n"
	"E d/dd 40700 0:0 n1 t0 s4 r0:0 i10 @1184\n"
	"T\n"
	"R 0 - @0\n";

static const struct cpio_kunit_member good_members[] = {
	{ .name = "d", .mode = S_IFDIR | 0755, .ino = 1, .nlink = 2, .mtime = 7 },
	{ .name = "d/f", .mode = S_IFREG | 0640, .data = "hello world",
	  .ino = 2, .uid = 1000, .gid = 100, .mtime = 1700000000 },
	{ .name = "d/empty", .mode = S_IFREG | 0600, .ino = 3 },
	{ .name = "d/l", .mode = S_IFLNK | 0777, .data = "../d/f/x", .ino = 4 },
	{ .name = "d/c", .mode = S_IFCHR | 0620, .gid = 5, .rdev_major = 4,
	  .rdev_minor = 64, .ino = 5 },
	{ .name = "d/b", .mode = S_IFBLK | 0660, .gid = 6, .rdev_major = 8,
	  .rdev_minor = 1, .ino = 6 },
	{ .name = "d/p", .mode = S_IFIFO | 0644, .ino = 7 },
	{ .name = "d/s", .mode = S_IFSOCK | 0755, .ino = 8 },
	{ .name = "d/h1", .mode = S_IFREG | 0644, .ino = 9, .nlink = 2 },
	{ .name = "d/h2", .mode = S_IFREG | 0644, .data = "abc", .ino = 9,
	  .nlink = 2 },
	{ .name = "d/dd", .mode = S_IFDIR | 0700, .data = "skip", .ino = 10 },
};

static void build_good(struct kunit *test, struct cpio_kunit_writer *w)
{
	size_t i;

	cw_init(test, w, 2048);
	for (i = 0; i < ARRAY_SIZE(good_members); i++)
		cw_add(test, w, &good_members[i]);
	cw_trailer(test, w);
}

static u32 str_hash(const char *s)
{
	u32 h = 0;

	while (*s)
		h = h * 31 + (u8)*s++;
	return h;
}

static void cpio_parser_good_events(struct kunit *test)
{
	struct ev_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	char *want = kunit_kzalloc(test, sizeof(good_events) + 16, GFP_KERNEL);
	struct cpio_kunit_writer w;

	KUNIT_ASSERT_NOT_NULL(test, log);
	KUNIT_ASSERT_NOT_NULL(test, want);
	build_good(test, &w);
	snprintf(want, sizeof(good_events) + 16, good_events,
		 str_hash("hello world"), str_hash("abc"));
	log->in = w.buf;
	log->in_len = w.len;
	KUNIT_EXPECT_EQ(test, 0, parse_cut(test, log, w.buf, w.len, NULL, 0));
	KUNIT_EXPECT_STREQ(test, want, log->text);
	/* Whole in the buffer: every name was handed over in place. */
	KUNIT_EXPECT_EQ(test, 11, log->in_place);
}

/*
 * A name is handed over in place only with a word of input after it: the
 * VFS hashes names a word at a time, past their end.  Cut right after the
 * first name's NUL, then a word later.
 */
static void cpio_parser_name_slack(struct kunit *test)
{
	struct ev_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	size_t name_end = CPIO_HDR_LEN + strlen(good_members[0].name) + 1;
	size_t cut;
	struct cpio_kunit_writer w;

	KUNIT_ASSERT_NOT_NULL(test, log);
	build_good(test, &w);
	for (cut = name_end; cut <= name_end + sizeof(long); cut += sizeof(long)) {
		memset(log, 0, sizeof(*log));
		log->in = w.buf;
		log->in_len = cut;
		KUNIT_EXPECT_EQ(test, 0, parse_cut(test, log, w.buf, w.len,
						   &cut, 1));
		KUNIT_EXPECT_STRNEQ(test, "", log->text);
		/* Only the first name is in the first write. */
		KUNIT_EXPECT_EQ_MSG(test, (int)(cut > name_end), log->in_place,
				    "cut at %zu", cut);
	}
}

static void cpio_parser_every_split(struct kunit *test)
{
	struct ev_log *whole = kunit_kzalloc(test, sizeof(*whole), GFP_KERNEL);
	struct ev_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	size_t k, *cuts;
	struct cpio_kunit_writer w;

	KUNIT_ASSERT_NOT_NULL(test, whole);
	KUNIT_ASSERT_NOT_NULL(test, log);
	build_good(test, &w);
	cuts = kunit_kcalloc(test, w.len, sizeof(*cuts), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cuts);
	parse_cut(test, whole, w.buf, w.len, NULL, 0);
	for (k = 0; k <= w.len; k++) {
		memset(log, 0, sizeof(*log));
		parse_cut(test, log, w.buf, w.len, &k, 1);
		KUNIT_ASSERT_STREQ_MSG(test, whole->text, log->text,
				       "split at %zu", k);
	}
	for (k = 0; k + 1 < w.len; k++)
		cuts[k] = k + 1;
	memset(log, 0, sizeof(*log));
	parse_cut(test, log, w.buf, w.len, cuts, w.len - 1);
	KUNIT_EXPECT_STREQ(test, whole->text, log->text);
}

struct count_ctx {
	u32 entries;
	u32 data_ends;
	u32 trailers;
	u64 bytes;
};

static int count_entry(void *ctx, const struct cpio_entry *e)
{
	((struct count_ctx *)ctx)->entries++;
	return 0;
}

static int count_data(void *ctx, const void *buf, size_t len)
{
	((struct count_ctx *)ctx)->bytes += len;
	return 0;
}

static int count_data_end(void *ctx, const struct cpio_entry *e)
{
	((struct count_ctx *)ctx)->data_ends++;
	return 0;
}

static int count_trailer(void *ctx)
{
	((struct count_ctx *)ctx)->trailers++;
	return 0;
}

static const struct cpio_parser_ops count_ops = {
	.entry = count_entry,
	.data = count_data,
	.data_end = count_data_end,
	.trailer = count_trailer,
};

/* Ten thousand members, written member by member in odd-sized pieces. */
static void cpio_parser_many_entries(struct kunit *test)
{
	struct count_ctx cnt = { };
	struct cpio_parser *p = new_parser(test, &count_ops, &cnt);
	char name[32];
	struct cpio_kunit_member d = {
		.name = name, .mode = S_IFREG | 0644, .data = name
	};
	struct cpio_kunit_writer w;
	size_t off, n;
	u32 i;

	cw_init(test, &w, 512);
	for (i = 0; i < 10000; i++) {
		w.len = 0;
		snprintf(name, sizeof(name), "dir%u/file%u", i % 97, i);
		d.ino = i + 1;
		cw_add(test, &w, &d);
		for (off = 0; off < w.len; off += n) {
			n = min_t(size_t, w.len - off, 1 + i % 61);
			KUNIT_ASSERT_EQ(test, (long)n,
					cpio_parser_write(p, w.buf + off, n));
		}
	}
	w.len = 0;
	cw_trailer(test, &w);
	KUNIT_EXPECT_EQ(test, (long)w.len, cpio_parser_write(p, w.buf, w.len));
	KUNIT_EXPECT_EQ(test, 0, cpio_parser_finish(p));
	KUNIT_EXPECT_EQ(test, 10000U, cnt.entries);
	KUNIT_EXPECT_EQ(test, 10000U, cnt.data_ends);
	KUNIT_EXPECT_EQ(test, 1U, cnt.trailers);
	KUNIT_EXPECT_GT(test, cnt.bytes, 10000ULL);
}

/* Every callback's error stops the parse, is returned and sticks. */
static void cpio_parser_callback_error(struct kunit *test)
{
	struct ev_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	int k, calls;
	struct cpio_kunit_writer w;

	KUNIT_ASSERT_NOT_NULL(test, log);
	build_good(test, &w);
	parse_cut(test, log, w.buf, w.len, NULL, 0);
	calls = log->calls;
	KUNIT_EXPECT_GE(test, calls, 14);
	for (k = 1; k <= calls; k++) {
		struct cpio_parser *p;

		memset(log, 0, sizeof(*log));
		log->fail_at = k;
		p = new_parser(test, &ev_ops, log);
		KUNIT_EXPECT_EQ(test, -ENOSPC, cpio_parser_write(p, w.buf, w.len));
		KUNIT_EXPECT_EQ(test, k, log->calls);
		KUNIT_EXPECT_EQ(test, -ENOSPC, cpio_parser_write(p, w.buf, 4));
		KUNIT_EXPECT_EQ(test, -ENOSPC, cpio_parser_finish(p));
		KUNIT_EXPECT_NOT_NULL(test, cpio_parser_error(p)->msg);
	}
}

struct limits_ctx {
	size_t name_len[5];
	size_t target_len[5];
	int n;
};

static int limits_entry(void *ctx, const struct cpio_entry *e)
{
	struct limits_ctx *l = ctx;

	if (l->n < ARRAY_SIZE(l->name_len)) {
		l->name_len[l->n] = strlen(e->name);
		l->target_len[l->n] = e->target ? strlen(e->target) : 0;
	}
	l->n++;
	return 0;
}

static const struct cpio_parser_ops limits_ops = { .entry = limits_entry };

/*
 * The largest name and target accepted, a target stored with its NUL (as
 * gen_init_cpio does) and a newc check field, which is ignored.
 */
static void cpio_parser_limits(struct kunit *test)
{
	char *big = kunit_kzalloc(test, CPIO_NAME_MAX, GFP_KERNEL);
	struct cpio_kunit_member d = { .mode = S_IFREG | 0644 };
	struct limits_ctx l = { };
	struct cpio_parser *p;
	struct cpio_kunit_writer w;

	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(big, 'n', CPIO_NAME_MAX - 1);
	cw_init(test, &w, 4 * CPIO_NAME_MAX);
	d.name = big;
	cw_add(test, &w, &d);
	d = (struct cpio_kunit_member){
		.name = "l", .mode = S_IFLNK | 0777, .data = big
	};
	cw_add(test, &w, &d);
	d = (struct cpio_kunit_member){
		.name = "g", .mode = S_IFLNK | 0777, .data = "t", .size = 2
	};
	cw_add(test, &w, &d);
	d = (struct cpio_kunit_member){
		.name = "c", .mode = S_IFREG | 0644, .data = "x"
	};
	cw_add(test, &w, &d);
	memcpy(w.buf + w.len - 116 + HEX(12), "DEADBEEF", 8);
	d = (struct cpio_kunit_member){
		.name = "z", .mode = S_IFLNK | 0777, .data = big,
		.size = CPIO_NAME_MAX
	};
	cw_add(test, &w, &d);

	p = new_parser(test, &limits_ops, &l);
	KUNIT_EXPECT_EQ(test, (long)w.len, cpio_parser_write(p, w.buf, w.len));
	KUNIT_EXPECT_EQ(test, 0, cpio_parser_finish(p));
	KUNIT_ASSERT_EQ(test, 5, l.n);
	KUNIT_EXPECT_EQ(test, (size_t)CPIO_NAME_MAX - 1, l.name_len[0]);
	KUNIT_EXPECT_EQ(test, (size_t)CPIO_NAME_MAX - 1, l.target_len[1]);
	KUNIT_EXPECT_EQ(test, (size_t)1, l.target_len[2]);
	KUNIT_EXPECT_EQ(test, (size_t)1, l.name_len[3]);
	KUNIT_EXPECT_EQ(test, (size_t)CPIO_NAME_MAX - 1, l.target_len[4]);
}

/* A body of PATH_MAX bytes with no NUL in it is a target that is too long. */
static void cpio_parser_target_without_nul(struct kunit *test)
{
	char *big = kunit_kzalloc(test, CPIO_NAME_MAX, GFP_KERNEL);
	struct cpio_kunit_member d = { .name = "l", .mode = S_IFLNK | 0777,
			     .size = CPIO_NAME_MAX };
	struct limits_ctx l = { };
	struct cpio_parser *p;
	struct cpio_kunit_writer w;

	KUNIT_ASSERT_NOT_NULL(test, big);
	memset(big, 't', CPIO_NAME_MAX);
	d.data = big;
	cw_init(test, &w, 2 * CPIO_NAME_MAX);
	cw_add(test, &w, &d);

	p = new_parser(test, &limits_ops, &l);
	KUNIT_EXPECT_EQ(test, -ENAMETOOLONG, cpio_parser_write(p, w.buf, w.len));
	KUNIT_EXPECT_EQ(test, (u64)HEX(6), cpio_parser_error(p)->offset);
	KUNIT_EXPECT_EQ(test, 0, l.n);
}

/* Archives, NUL padding, then something else: write() stops right there. */
static const struct cpio_kunit_member dir_x = { .name = "x", .mode = S_IFDIR };

static void cpio_parser_boundary(struct kunit *test)
{
	struct ev_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct count_ctx cnt = { };
	struct cpio_parser *p;
	size_t first;
	struct cpio_kunit_writer w;

	KUNIT_ASSERT_NOT_NULL(test, log);
	build_base(test, &w, BASE_FILE);
	first = w.len;
	memset(w.buf + w.len, 0, 12);
	w.len += 12;
	cw_add(test, &w, &dir_x);
	cw_trailer(test, &w);
	memset(w.buf + w.len, 0, 8);
	w.len += 8;
	memcpy(w.buf + w.len, "\x1f\x8b\x08", 3);

	p = new_parser(test, &ev_ops, log);
	KUNIT_EXPECT_TRUE(test, cpio_parser_at_boundary(p));
	KUNIT_EXPECT_EQ(test, (long)first, cpio_parser_write(p, w.buf, first));
	KUNIT_EXPECT_TRUE(test, cpio_parser_at_boundary(p));
	KUNIT_EXPECT_EQ(test, (long)w.len - first,
			cpio_parser_write(p, w.buf + first, w.len - first + 3));
	KUNIT_EXPECT_TRUE(test, cpio_parser_at_boundary(p));
	KUNIT_EXPECT_EQ(test, 0L, cpio_parser_write(p, w.buf + w.len, 3));
	KUNIT_EXPECT_EQ(test, 0, cpio_parser_finish(p));
	KUNIT_EXPECT_NULL(test, cpio_parser_error(p)->msg);
	KUNIT_EXPECT_STREQ(test, log->text,
			   "E abcd 100644 0:0 n1 t0 s6 r0:0 i0 @0\n"
			   "D abcd 6 56760663\nT\nE x 40000 0:0 n1 t0 s0 r0:0 i0 @260\nT\n");

	/* Inside an archive there is no boundary; an archive may lack a trailer. */
	p = new_parser(test, &count_ops, &cnt);
	KUNIT_EXPECT_EQ(test, 100L, cpio_parser_write(p, w.buf, 100));
	KUNIT_EXPECT_FALSE(test, cpio_parser_at_boundary(p));
	KUNIT_EXPECT_EQ(test, 24L, cpio_parser_write(p, w.buf + 100, 24));
	KUNIT_EXPECT_EQ(test, 0, cpio_parser_finish(p));
}

/*
 * Members whose extent is known but which cannot be handed over go to
 * &cpio_parser_ops.skip; when it returns 0 they are skipped and the next
 * member is parsed, as the initramfs unpacker needs.
 */
static void cpio_parser_skip_member(struct kunit *test)
{
	static const struct cpio_kunit_member members[] = {
		{ .name = "", .mode = S_IFREG | 0644 },	/* namesize made 0 */
		{ .name = "long", .mode = S_IFREG | 0644, .data = "data",
		  .namesize = CPIO_NAME_MAX + 1 },
		{ .name = "odd", .mode = 0170644, .data = "zz" },
		{ .name = "l", .mode = S_IFLNK | 0777 },
		{ .name = "e", .mode = S_IFLNK | 0777, .data = "\0x", .size = 2 },
		{ .name = "x", .mode = S_IFDIR | 0755 },
	};
	struct ev_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct cpio_parser *p;
	struct cpio_kunit_writer w;
	size_t i;

	KUNIT_ASSERT_NOT_NULL(test, log);
	cw_init(test, &w, 3 * CPIO_NAME_MAX);
	for (i = 0; i < ARRAY_SIZE(members); i++)
		cw_add(test, &w, &members[i]);
	cw_trailer(test, &w);
	memcpy(w.buf + HEX(11), "00000000", 8);
	p = new_parser(test, &ev_skip_ops, log);
	KUNIT_EXPECT_EQ(test, (long)w.len, cpio_parser_write(p, w.buf, w.len));
	KUNIT_EXPECT_EQ(test, 0, cpio_parser_finish(p));
	KUNIT_EXPECT_STREQ(test, log->text,
			   "S - -22 cpio name size 0 @0\n"
			   "S - -36 cpio name too long @112\n"
			   "S odd -22 unknown file type in cpio mode @4324\n"
			   "S l -22 cpio symlink without target @4444\n"
			   "S e -22 cpio symlink without target @4556\n"
			   "E x 40755 0:0 n1 t0 s0 r0:0 i0 @4672\nT\n");

	/* An errno from skip() stops the parse with the parser's message. */
	log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log);
	log->fail_at = 2;
	p = new_parser(test, &ev_skip_ops, log);
	KUNIT_EXPECT_EQ(test, -ENOSPC, cpio_parser_write(p, w.buf, w.len));
	KUNIT_EXPECT_STREQ(test, cpio_parser_error(p)->msg, "cpio name too long");
}

/*
 * A name ends at its first NUL; the bytes after it up to the name size are
 * ignored, and NULs there align the data (here to 4 KiB).
 */
static void cpio_parser_name_padding(struct kunit *test)
{
	static const struct cpio_kunit_member aligned = {
		.name = "big", .mode = S_IFREG | 0644, .data = "xyz",
		.namesize = 4096 - CPIO_HDR_LEN,
	};
	static const struct cpio_kunit_member padded_trailer = {
		.name = "TRAILER!!!", .namesize = 16,
	};
	struct ev_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	struct cpio_parser *p;
	struct cpio_kunit_writer w;

	KUNIT_ASSERT_NOT_NULL(test, log);
	cw_init(test, &w, 8192);
	cw_add(test, &w, &aligned);
	KUNIT_EXPECT_EQ(test, 4096 + 4, w.len);
	cw_add(test, &w, &dir_x);
	cw_add(test, &w, &padded_trailer);
	p = new_parser(test, &ev_ops, log);
	KUNIT_EXPECT_EQ(test, (long)w.len, cpio_parser_write(p, w.buf, w.len));
	KUNIT_EXPECT_EQ(test, 0, cpio_parser_finish(p));
	KUNIT_EXPECT_STREQ(test, log->text,
			   "E big 100644 0:0 n1 t0 s3 r0:0 i0 @0\n"
			   "D big 3 0001d199\n"
			   "E x 40000 0:0 n1 t0 s0 r0:0 i0 @4100\nT\n");

	/* What follows the first NUL need not be NUL: "a\0cd\0" is "a". */
	log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log);
	build_base(test, &w, BASE_FILE);
	w.buf[CPIO_HDR_LEN + 1] = '\0';
	p = new_parser(test, &ev_ops, log);
	KUNIT_EXPECT_EQ(test, (long)w.len, cpio_parser_write(p, w.buf, w.len));
	KUNIT_EXPECT_STREQ(test, log->text,
			   "E a 100644 0:0 n1 t0 s6 r0:0 i0 @0\n"
			   "D a 6 56760663\nT\n");
}

/*
 * A member ends with its body: an input that stops in the padding after it
 * (iPXE's last appended file) has the whole member, and finish() takes it.
 */
static void cpio_parser_unpadded_end(struct kunit *test)
{
	struct ev_log *log;
	struct cpio_parser *p;
	struct cpio_kunit_writer w;
	size_t end;

	build_base(test, &w, BASE_FILE);
	for (end = 122; end < 124; end++) {
		log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, log);
		p = new_parser(test, &ev_ops, log);
		KUNIT_EXPECT_EQ(test, (long)end, cpio_parser_write(p, w.buf, end));
		KUNIT_EXPECT_FALSE(test, cpio_parser_at_boundary(p));
		KUNIT_EXPECT_EQ(test, 0, cpio_parser_finish(p));
		KUNIT_EXPECT_STREQ(test, log->text,
				   "E abcd 100644 0:0 n1 t0 s6 r0:0 i0 @0\n"
				   "D abcd 6 56760663\n");
	}
}

/*
 * The trailer is optional: after any member, what is neither NUL nor a
 * header ends the archive (iPXE appends a compressed image there).
 */
static void cpio_parser_no_trailer(struct kunit *test)
{
	static const struct {
		char patch[8];		/* 6 bytes at 124, where the trailer was */
		long stop;
	} cases[] = {
		{ "\x1f\x8b\x08", 124 },	/* gzip right after a member */
		{ "\0\0\0\0\x28\xb5", 128 },	/* NULs, then zstd */
		{ "X", 124 },			/* the caller judges this byte */
	};
	struct count_ctx cnt = { };
	struct cpio_parser *p;
	struct cpio_kunit_writer w;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		build_base(test, &w, BASE_FILE);
		memcpy(w.buf + 124, cases[i].patch, 6);
		memset(&cnt, 0, sizeof(cnt));
		p = new_parser(test, &count_ops, &cnt);
		KUNIT_EXPECT_EQ(test, cases[i].stop,
				cpio_parser_write(p, w.buf, 130));
		KUNIT_EXPECT_TRUE(test, cpio_parser_at_boundary(p));
		KUNIT_EXPECT_EQ(test, 0, cpio_parser_finish(p));
		KUNIT_EXPECT_NULL(test, cpio_parser_error(p)->msg);
		KUNIT_EXPECT_EQ(test, 1, cnt.data_ends);
		KUNIT_EXPECT_EQ(test, 0, cnt.trailers);
	}
}

static struct kunit_case cpio_parser_cases[] = {
	KUNIT_CASE_PARAM(cpio_parser_malformed, cpio_parser_bad_gen_params),
	KUNIT_CASE(cpio_parser_good_events),
	KUNIT_CASE(cpio_parser_name_slack),
	KUNIT_CASE(cpio_parser_every_split),
	KUNIT_CASE(cpio_parser_many_entries),
	KUNIT_CASE(cpio_parser_callback_error),
	KUNIT_CASE(cpio_parser_boundary),
	KUNIT_CASE(cpio_parser_no_trailer),
	KUNIT_CASE(cpio_parser_unpadded_end),
	KUNIT_CASE(cpio_parser_name_padding),
	KUNIT_CASE(cpio_parser_skip_member),
	KUNIT_CASE(cpio_parser_limits),
	KUNIT_CASE(cpio_parser_target_without_nul),
	{}
};

static struct kunit_suite cpio_parser_suite = {
	.name = "cpio_parser",
	.test_cases = cpio_parser_cases,
};

kunit_test_suite(cpio_parser_suite);

MODULE_DESCRIPTION("KUnit tests for the streaming cpio parser");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");
