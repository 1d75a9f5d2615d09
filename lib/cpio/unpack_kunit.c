// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the cpio stream: segments, NUL padding, runtime
 * decompression and the errno of each malformed stream.
 */

#include <kunit/test.h>
#include <linux/cpio_extract.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "stream.h"
#include "unpack_kunit_fixtures.h"

/* What the callbacks saw: names and data, concatenated. */
struct rec {
	char log[512];
	int entries, trailers, files;
};

static void rec_add(struct rec *r, const char *s, size_t len)
{
	size_t used = strlen(r->log);

	len = min(len, sizeof(r->log) - used - 1);
	memcpy(r->log + used, s, len);
	r->log[used + len] = 0;
}

static int rec_entry(void *ctx, const struct cpio_entry *e)
{
	struct rec *r = ctx;

	r->entries++;
	rec_add(r, e->name, strlen(e->name));
	rec_add(r, " ", 1);
	return 0;
}

static int rec_data(void *ctx, const void *buf, size_t len)
{
	rec_add(ctx, buf, len);
	return 0;
}

static int rec_data_end(void *ctx, const struct cpio_entry *e)
{
	struct rec *r = ctx;

	r->files++;
	return 0;
}

static int rec_trailer(void *ctx)
{
	struct rec *r = ctx;

	r->trailers++;
	return 0;
}

static const struct cpio_parser_ops rec_ops = {
	.entry = rec_entry,
	.data = rec_data,
	.data_end = rec_data_end,
	.trailer = rec_trailer,
};

#define FX_LOG	"d d/f " FX_DATA

/* A piece of input: a fixture, trimmed, with a byte flipped, padded. */
struct piece {
	const u8 *data;
	size_t len;
	size_t trim;	/* bytes dropped from the end */
	size_t flip;	/* xor 0x55 into the byte this far from the end */
	size_t pad;	/* NULs after it; (size_t)-1: to the next 4 + 1 */
};

#define FX(a)		.data = a, .len = sizeof(a)
#define STR(s)		.data = (const u8 *)(s), .len = sizeof(s) - 1
#define PAD_UNALIGNED	((size_t)-1)

struct stream_case {
	const char *desc;
	struct piece p[4];
	int err;
	int archives;	/* for good streams: copies of the fixture expected */
	int no_trailer;	/* how many of them lack their TRAILER!!! */
	const char *msg; /* for bad streams: how the message starts, if set */
};

/* fx_plain without its TRAILER!!! member (110 + 11 bytes, padded to 124) */
#define TRAILER_LEN	124

static u8 *build(struct kunit *test, const struct piece *p, size_t n,
		 size_t *len)
{
	size_t cap = 0, i, pad, pos = 0;
	u8 *buf;

	for (i = 0; i < n; i++)
		cap += p[i].len + 8 + (p[i].pad == PAD_UNALIGNED ? 0 : p[i].pad);
	buf = kunit_kzalloc(test, cap + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < n && p[i].data; i++) {
		memcpy(buf + pos, p[i].data, p[i].len - p[i].trim);
		pos += p[i].len - p[i].trim;
		if (p[i].flip)
			buf[pos - p[i].flip] ^= 0x55;
		pad = p[i].pad;
		if (pad == PAD_UNALIGNED)
			pad = ((pos + 1) & 3) ? 1 : 2;
		pos += pad;	/* already zero */
	}
	*len = pos;
	return buf;
}

static int run_stream(struct kunit *test, const u8 *buf, size_t len,
		      size_t chunk, struct rec *r,
		      struct cpio_stream_error *err)
{
	struct cpio_stream *s = cpio_stream_create(&rec_ops, r, NULL);
	size_t off, n;
	int ret = 0;

	KUNIT_ASSERT_NOT_NULL(test, s);
	for (off = 0; off < len && !ret; off += n) {
		n = min(chunk, len - off);
		ret = cpio_stream_write(s, buf + off, n);
	}
	if (!ret)
		ret = cpio_stream_finish(s);
	if (err)
		*err = *cpio_stream_error(s);
	cpio_stream_destroy(s);
	return ret;
}

static const struct stream_case good_cases[] = {
	{ "plain", { { FX(fx_plain) } }, 0, 1 },
	{ "gzip", { { FX(fx_gzip) } }, 0, 1 },
	{ "zstd", { { FX(fx_zstd) } }, 0, 1 },
	{ "xz", { { FX(fx_xz) } }, 0, 1 },
	{ "leading NULs", { { STR("\0\0\0\0\0\0\0\0") }, { FX(fx_plain) } },
	  0, 1 },
	{ "all segments", { { FX(fx_plain), .pad = 4 }, { FX(fx_gzip), .pad = 3 },
			    { FX(fx_zstd), .pad = 5 }, { FX(fx_xz) } }, 0, 4 },
	{ "compressed then plain", { { FX(fx_xz), .pad = 4 - sizeof(fx_xz) % 4 },
				     { FX(fx_plain) } }, 0, 2 },
	{ "zstd frames", { { FX(fx_zstd) }, { FX(fx_zstd) } }, 0, 2 },
	{ "zstd skippable", { { STR("\x50\x2a\x4d\x18\x02\0\0\0ab") },
			      { FX(fx_zstd) } }, 0, 1 },
	{ "xz streams", { { FX(fx_xz) }, { FX(fx_xz) } }, 0, 2 },
	{ "gzip members", { { FX(fx_gzip) }, { FX(fx_gzip) } }, 0, 2 },
	{ "plain twice", { { FX(fx_plain) }, { FX(fx_plain) } }, 0, 2 },
	/* The trailer is optional: iPXE pads a trailer-less archive to 4 KiB. */
	{ "no trailer, NUL padding, gzip",
	  { { FX(fx_plain), .trim = TRAILER_LEN,
	      .pad = 4096 - sizeof(fx_plain) + TRAILER_LEN }, { FX(fx_gzip) } },
	  0, 2, 1 },
	{ "no trailer, then zstd", { { FX(fx_plain), .trim = TRAILER_LEN },
				     { FX(fx_zstd) } }, 0, 2, 1 },
	{ "no trailer, then plain", { { FX(fx_plain), .trim = TRAILER_LEN },
				      { FX(fx_plain) } }, 0, 2, 1 },
};

static void case_desc(const struct stream_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(good, good_cases, case_desc);

static void cpio_unpack_good(struct kunit *test)
{
	const struct stream_case *c = test->param_value;
	static const size_t chunks[] = { SIZE_MAX, 1, 3, 64 };
	struct rec *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	size_t len, i;
	int a;
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, r);
	buf = build(test, c->p, ARRAY_SIZE(c->p), &len);
	for (i = 0; i < ARRAY_SIZE(chunks); i++) {
		memset(r, 0, sizeof(*r));
		KUNIT_EXPECT_EQ_MSG(test, 0,
				    run_stream(test, buf, len, chunks[i], r, NULL),
				    "chunk %zu", chunks[i]);
		KUNIT_EXPECT_EQ(test, r->trailers, c->archives - c->no_trailer);
		KUNIT_EXPECT_EQ(test, r->files, c->archives);
		for (a = 0; a < c->archives; a++)
			KUNIT_EXPECT_NOT_NULL(test, strnstr(r->log + a * strlen(FX_LOG),
							    FX_LOG, strlen(FX_LOG)));
	}
}

/* The start of a tar header: a name, and "ustar" at offset 257. */
static const u8 fx_tar[512] = {
	'f', [257] = 'u', 's', 't', 'a', 'r', '\0', '0', '0',
};

#define JUNK_AFTER	.msg = "junk after the last segment"

static const struct stream_case bad_cases[] = {
	{ "junk between segments", { { FX(fx_plain) }, { STR("XYZW") } },
	  -EINVAL, JUNK_AFTER },
	{ "junk after a member", { { FX(fx_plain), .trim = TRAILER_LEN },
				   { STR("XYZW") } }, -EINVAL, JUNK_AFTER },
	{ "junk after NUL padding", { { FX(fx_gzip), .pad = 4 },
				      { STR("\x1f\x8c") } }, -EINVAL },
	{ "unknown magic", { { STR("\xff\xfe\xfd\xfc") } }, -EINVAL,
	  .msg = "neither a cpio archive nor a known compression format" },
	{ "text", { { STR("hello, world\n") } }, -EINVAL,
	  .msg = "text, not an archive" },
	{ "trailing garbage", { { FX(fx_gzip) }, { STR("junk") } }, -EINVAL,
	  JUNK_AFTER },
	{ "incomplete magic", { { FX(fx_gzip) }, { STR("\xfd\x37") } },
	  -EINVAL, .msg = "input ends inside a compression magic" },
	{ "binary cpio", { { STR("\xc7\x71\0\0\0\0\0\0") } }, -EOPNOTSUPP,
	  .msg = "binary cpio not supported, use newc" },
	{ "tar", { { FX(fx_tar) } }, -EOPNOTSUPP, .msg = "tar archive, not cpio" },
	{ "rpm", { { STR("\xed\xab\xee\xdb\x03\0\0\x01") } }, -EOPNOTSUPP,
	  .msg = "rpm package, not cpio" },
	{ "zip", { { STR("PK\x03\x04\x14\0\0\0") } }, -EOPNOTSUPP,
	  .msg = "zip archive, not cpio" },
	{ "unaligned NUL padding", { { FX(fx_gzip), .pad = PAD_UNALIGNED },
				     { FX(fx_plain) } }, -EINVAL },
	{ "gzip unaligned after plain", { { FX(fx_plain), .pad = PAD_UNALIGNED },
					  { FX(fx_gzip) } }, -EINVAL },
	{ "junk within gzip", { { FX(fx_gzip_junk_cpio) } }, -EINVAL },
	{ "junk at end of gzip", { { FX(fx_gzip_trunc_cpio) } }, -EINVAL },
	/* Each gzip member is a segment: its content must end between members. */
	{ "gzip member ends inside a member",
	  { { FX(fx_gzip_trunc_cpio) }, { FX(fx_gzip) } }, -EINVAL,
	  .msg = "truncated cpio" },
	{ "truncated gzip", { { FX(fx_gzip), .trim = 1 } }, -ENODATA },
	{ "truncated gzip data", { { FX(fx_gzip), .trim = 20 } }, -ENODATA },
	{ "truncated zstd", { { FX(fx_zstd), .trim = 1 } }, -ENODATA },
	{ "truncated zstd data", { { FX(fx_zstd), .trim = 20 } }, -ENODATA },
	{ "truncated xz", { { FX(fx_xz), .trim = 1 } }, -ENODATA },
	{ "truncated xz data", { { FX(fx_xz), .trim = 40 } }, -ENODATA },
	{ "truncated plain", { { FX(fx_plain), .trim = 130 } }, -ENODATA },
	{ "corrupt gzip crc", { { FX(fx_gzip), .flip = 6 } }, -EBADMSG },
	{ "corrupt gzip size", { { FX(fx_gzip), .flip = 2 } }, -EBADMSG },
	{ "corrupt gzip header", { { FX(fx_gzip), .flip = sizeof(fx_gzip) - 2 } },
	  -EBADMSG },
	{ "corrupt zstd checksum", { { FX(fx_zstd), .flip = 1 } }, -EBADMSG },
	{ "corrupt xz", { { FX(fx_xz), .flip = 1 } }, -EBADMSG },
	{ "bzip2", { { STR("BZh91AY&SY\x01\x02\x03\x04") } }, -EOPNOTSUPP },
	{ "lzma", { { STR("\x5d\0\0\x80\0\xff\xff\xff") } }, -EOPNOTSUPP },
	{ "lzo", { { STR("\x89LZO\0\r\n\x1a\n") } }, -EOPNOTSUPP },
	{ "lz4", { { STR("\x02\x21\x4c\x18\0\0\0\0") } }, -EOPNOTSUPP,
	  .msg = "compression method not supported at runtime" },
	{ "lz4 frame", { { STR("\x04\x22\x4d\x18\x64\x40\xa7") } },
	  -EOPNOTSUPP, .msg = "compression method not supported at runtime" },
	{ "zstd window too large", { { FX(fx_zstd_big_window) } }, -E2BIG },
	{ "xz crc64", { { FX(fx_xz_crc64) } }, -EOPNOTSUPP,
	  .msg = "xz CRC64 check (xz's default) cannot be verified" },
	{ "xz sha256", { { STR("\xfd\x37\x7a\x58\x5a\0\0\x0a\xe1\xfb\x0c\xa1") } },
	  -EOPNOTSUPP, .msg = "xz integrity check cannot be verified" },
	{ "xz reserved flags",
	  { { STR("\xfd\x37\x7a\x58\x5a\0\x01\x01\x28\x13\xc5\x2f") } },
	  -EOPNOTSUPP, .msg = "unsupported xz filters or options" },
	{ "odc cpio", { { STR("070707000000000000000000000000") } },
	  -EOPNOTSUPP, .msg = "odc cpio not supported, use newc" },
};

KUNIT_ARRAY_PARAM(bad, bad_cases, case_desc);

static void cpio_unpack_bad(struct kunit *test)
{
	const struct stream_case *c = test->param_value;
	static const size_t chunks[] = { SIZE_MAX, 1, 7 };
	struct rec *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct cpio_stream_error err;
	size_t len, i;
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, r);
	buf = build(test, c->p, ARRAY_SIZE(c->p), &len);
	for (i = 0; i < ARRAY_SIZE(chunks); i++) {
		KUNIT_EXPECT_EQ_MSG(test, c->err,
				    run_stream(test, buf, len, chunks[i], r, &err),
				    "chunk %zu", chunks[i]);
		KUNIT_EXPECT_NOT_NULL(test, err.msg);
		if (c->msg && err.msg)
			KUNIT_EXPECT_TRUE_MSG(test, strstarts(err.msg, c->msg),
					      "chunk %zu: \"%s\"", chunks[i],
					      err.msg);
	}
}

static void cpio_unpack_error_position(struct kunit *test)
{
	static const struct piece p[] = {
		{ FX(fx_plain), .pad = 4 }, { FX(fx_gzip_junk_cpio) },
	};
	struct rec *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	struct cpio_stream_error err;
	size_t len;
	u8 *buf;

	KUNIT_ASSERT_NOT_NULL(test, r);
	buf = build(test, p, ARRAY_SIZE(p), &len);
	KUNIT_EXPECT_EQ(test, -EINVAL, run_stream(test, buf, len, SIZE_MAX, r,
						  &err));
	KUNIT_EXPECT_STREQ(test, err.msg, "junk within compressed archive");
	KUNIT_EXPECT_STREQ(test, err.method, "gzip");
	KUNIT_EXPECT_EQ(test, err.segment, sizeof(fx_plain) + 4);
	KUNIT_EXPECT_EQ(test, err.offset, sizeof(fx_plain));

	buf[0] = 'X';
	KUNIT_EXPECT_EQ(test, -EINVAL, run_stream(test, buf, len, SIZE_MAX, r,
						  &err));
	KUNIT_EXPECT_NULL(test, err.method);
	KUNIT_EXPECT_EQ(test, err.segment, 0);
}

/* A method without a decoder, in the default table and in a caller's. */
static void cpio_unpack_unsupported_names(struct kunit *test)
{
	static const struct cpio_method gzip_only[] = {
		{ "gzip", "\x1f\x8b", NULL, 2, &cpio_gzip_ops },
		{ "zstd", "\x28\xb5", NULL, 2, NULL },
		{ }
	};
	static const char bz[] = "BZh9";
	const struct cpio_stream_error *e;
	struct cpio_stream *s = cpio_stream_create(&rec_ops, NULL, NULL);

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, cpio_stream_write(s, bz, 4));
	KUNIT_EXPECT_STREQ(test, cpio_stream_error(s)->method, "bzip2");
	KUNIT_EXPECT_EQ(test, cpio_stream_error(s)->fault, CPIO_FAULT_METHOD);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP, cpio_stream_finish(s));
	cpio_stream_destroy(s);

	s = cpio_stream_create(&rec_ops, NULL, gzip_only);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, -EOPNOTSUPP,
			cpio_stream_write(s, fx_zstd, sizeof(fx_zstd)));
	e = cpio_stream_error(s);
	KUNIT_EXPECT_STREQ(test, e->method, "zstd");
	KUNIT_EXPECT_EQ(test, e->fault, CPIO_FAULT_METHOD);
	cpio_stream_destroy(s);

	/* xz is not in that table at all: refused once it is all seen. */
	s = cpio_stream_create(&rec_ops, NULL, gzip_only);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, 0, cpio_stream_write(s, fx_xz, sizeof(fx_xz)));
	KUNIT_EXPECT_EQ(test, -EINVAL, cpio_stream_finish(s));
	e = cpio_stream_error(s);
	KUNIT_EXPECT_NULL(test, e->method);
	KUNIT_EXPECT_EQ(test, e->fault, CPIO_FAULT_SEGMENT);
	cpio_stream_destroy(s);
}

/* cpio_method_find(): a match, an undecided prefix, no match. */
static void cpio_unpack_method_find(struct kunit *test)
{
	const struct cpio_method *m;

	m = cpio_method_find(cpio_methods, fx_xz, 6);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(m));
	KUNIT_EXPECT_STREQ(test, m->name, "xz");
	KUNIT_EXPECT_PTR_EQ(test, m->ops, &cpio_xz_ops);
	m = cpio_method_find(cpio_methods, (const u8 *)"\x5f\x2a\x4d\x18", 4);
	KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(m));
	KUNIT_EXPECT_STREQ(test, m->name, "zstd");
	KUNIT_EXPECT_NULL(test, cpio_method_find(cpio_methods, fx_xz, 3));
	KUNIT_EXPECT_EQ(test, PTR_ERR(cpio_method_find(cpio_methods,
						       (const u8 *)"BZx", 3)),
			-ENOENT);
}

/*
 * A "stored" method decoded whole (&cpio_decoder_ops.decode): magic, le32
 * length, the data as it is; handed on in two pieces, as decompressors
 * flush.
 */
static int stored_decode(const u8 *in, size_t len, size_t *used,
			 int (*out)(void *ctx, const void *buf, size_t len),
			 void *ctx, const char **msg)
{
	u32 n;
	int err;

	if (len < 6 || get_unaligned_le32(in + 2) > len - 6) {
		*msg = "truncated stored segment";
		return -ENODATA;
	}
	n = get_unaligned_le32(in + 2);
	err = out(ctx, in + 6, n / 2);
	if (!err)
		err = out(ctx, in + 6 + n / 2, n - n / 2);
	*used = 6 + n;
	return err;
}

static const struct cpio_decoder_ops stored_ops = {
	.decode = stored_decode,
};

static const struct cpio_method stored_decoders[] = {
	{ "stored", "\xaa\xbb", NULL, 2, &stored_ops },
	{ }
};

/* plain | stored(plain) | stored(plain) | NULs, in one write. */
static u8 *stored_stream(struct kunit *test, size_t *len)
{
	size_t n = sizeof(fx_plain), pos = n;
	u8 *buf = kunit_kzalloc(test, 3 * n + 20, GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	memcpy(buf, fx_plain, n);
	for (i = 0; i < 2; i++) {
		buf[pos] = 0xaa;
		buf[pos + 1] = 0xbb;
		put_unaligned_le32(n, buf + pos + 2);
		memcpy(buf + pos + 6, fx_plain, n);
		pos += 6 + n;
	}
	*len = pos + 5;
	return buf;
}

static void cpio_unpack_whole_decoder(struct kunit *test)
{
	struct rec r = {};
	struct cpio_stream *s;
	size_t len;
	u8 *buf = stored_stream(test, &len);

	s = cpio_stream_create(&rec_ops, &r, stored_decoders);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, 0, cpio_stream_write(s, buf, len));
	KUNIT_EXPECT_EQ(test, 0, cpio_stream_finish(s));
	cpio_stream_destroy(s);
	KUNIT_EXPECT_EQ(test, r.trailers, 3);
	KUNIT_EXPECT_STREQ(test, r.log, FX_LOG FX_LOG FX_LOG);
}

static void cpio_unpack_whole_decoder_errors(struct kunit *test)
{
	const struct cpio_stream_error *e;
	struct rec r = {};
	struct cpio_stream *s;
	size_t len, n;
	u8 *buf = stored_stream(test, &len);

	/* The second stored segment claims more than there is. */
	put_unaligned_le32(len, buf + 2 * sizeof(fx_plain) + 6 + 2);
	s = cpio_stream_create(&rec_ops, &r, stored_decoders);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, -ENODATA, cpio_stream_write(s, buf, len));
	e = cpio_stream_error(s);
	KUNIT_EXPECT_STREQ(test, e->msg, "truncated stored segment");
	KUNIT_EXPECT_STREQ(test, e->method, "stored");
	KUNIT_EXPECT_EQ(test, e->segment, 2 * sizeof(fx_plain) + 6);
	cpio_stream_destroy(s);

	/* A whole-stream segment cannot start in an earlier write. */
	memset(&r, 0, sizeof(r));
	s = cpio_stream_create(&rec_ops, &r, stored_decoders);
	KUNIT_ASSERT_NOT_NULL(test, s);
	n = sizeof(fx_plain) + 1;
	KUNIT_EXPECT_EQ(test, 0, cpio_stream_write(s, buf, n));
	KUNIT_EXPECT_EQ(test, -EINVAL, cpio_stream_write(s, buf + n, len - n));
	cpio_stream_destroy(s);
}

/* A gzip member whose CRC32 is wrong, with either gzip decoder. */
static void cpio_unpack_gzip_no_crc(struct kunit *test)
{
	static const struct cpio_method unchecked[] = {
		{ "gzip", "\x1f\x8b", NULL, 2, &cpio_gzip_unchecked_ops },
		{ }
	};
	struct piece p[] = { { FX(fx_gzip), .flip = 8 } };
	struct rec r = {};
	struct cpio_stream *s;
	size_t len;
	u8 *buf = build(test, p, ARRAY_SIZE(p), &len);

	s = cpio_stream_create(&rec_ops, &r, NULL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, -EBADMSG, cpio_stream_write(s, buf, len));
	KUNIT_EXPECT_STREQ(test, cpio_stream_error(s)->msg,
			   "gzip crc32 mismatch");
	cpio_stream_destroy(s);

	memset(&r, 0, sizeof(r));
	s = cpio_stream_create(&rec_ops, &r, unchecked);
	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_EXPECT_EQ(test, 0, cpio_stream_write(s, buf, len));
	KUNIT_EXPECT_EQ(test, 0, cpio_stream_finish(s));
	KUNIT_EXPECT_STREQ(test, r.log, FX_LOG);
	cpio_stream_destroy(s);
}

static struct kunit_case cpio_unpack_cases[] = {
	KUNIT_CASE_PARAM(cpio_unpack_good, good_gen_params),
	KUNIT_CASE_PARAM(cpio_unpack_bad, bad_gen_params),
	KUNIT_CASE(cpio_unpack_error_position),
	KUNIT_CASE(cpio_unpack_unsupported_names),
	KUNIT_CASE(cpio_unpack_method_find),
	KUNIT_CASE(cpio_unpack_whole_decoder),
	KUNIT_CASE(cpio_unpack_whole_decoder_errors),
	KUNIT_CASE(cpio_unpack_gzip_no_crc),
	{}
};

static struct kunit_suite cpio_unpack_suite = {
	.name = "cpio_unpack",
	.test_cases = cpio_unpack_cases,
};

kunit_test_suite(cpio_unpack_suite);

MODULE_DESCRIPTION("KUnit tests for cpio segments and runtime decompression");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
MODULE_LICENSE("GPL");
