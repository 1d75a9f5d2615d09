// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runtime walk of the initramfs buffer format: segments of cpio archives,
 * plain or compressed, separated by NUL padding.
 */

#include <linux/bits.h>
#include <linux/cpio_extract.h>
#include <linux/crc32.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/xz.h>
#include <linux/zlib.h>
#include <linux/zstd.h>

/**
 * DOC: cpio stream
 *
 * A cpio stream takes the buffer format of
 * Documentation/driver-api/early-userspace/buffer-format.rst in chunks of
 * any size and hands every member of every archive to the callbacks of a
 * &struct cpio_parser_ops.  The input is a sequence of segments, each an
 * uncompressed cpio archive (which must start at an input offset that is a
 * multiple of 4, like the NUL padding between segments) or a compressed
 * stream whose content is itself a sequence of cpio archives and NUL padding.
 * Each stream is a segment, even one that follows another of the same
 * method (gzip members, xz streams, zstd frames): its content must end
 * between members, and the next one starts its own.
 *
 * Runtime decoders are gzip (zlib_inflate(), CRC32 -- unless
 * cpio_stream_no_crc() -- and length verified),
 * zstd (frames with a window of at most %CPIO_ZSTD_WINDOW_MAX, skippable
 * frames allowed) and xz (CRC32 or no check, LZMA2 dictionary of at most
 * %CPIO_XZ_DICT_MAX).  Memory: a 64 KiB bounce buffer, plus while a segment
 * is open either the zlib workspace (about 60 KiB), the zstd workspace
 * (zstd_dstream_workspace_bound() of the largest window its frames declared,
 * at most about 8.3 MiB) or the xz state and its dictionary (at most
 * %CPIO_XZ_DICT_MAX, allocated to the size the stream declares).
 *
 * Boot code may pass an extra decoder table to cpio_stream_create(),
 * searched before the built-in one; its entries may decode a whole stream
 * at once (&cpio_decoder.whole), which then has to be passed in one
 * cpio_stream_write() call.
 *
 * Errno for each class of bad input:
 *
 * * -EINVAL: unknown magic where a segment starts, a cpio archive or what
 *   follows an uncompressed one at an unaligned offset, a compressed
 *   segment that does not end at an archive boundary ("junk at the end of
 *   compressed archive"), bytes that are no archive inside decompressed
 *   data ("junk within compressed archive"), and any malformed cpio header
 *   (from the parser).
 * * -EOPNOTSUPP: a compression method known but not available at runtime
 *   (bzip2, lzma, lzo, lz4), xz options other than CRC32/no check and LZMA2
 *   ("compress with xz --check=crc32"), odc or binary cpio.
 * * -E2BIG: a zstd window or xz dictionary beyond the limits above.
 * * -EBADMSG: corrupt compressed data, gzip CRC32 or length mismatch, cpio
 *   "crc" checksum mismatch.
 * * -ENODATA: the input ends inside a compressed stream or a cpio member.
 * * -ENAMETOOLONG: a cpio name or symlink target longer than PATH_MAX.
 * * -ENOMEM: an allocation failed.
 *
 * Errors are sticky; cpio_stream_error() says where the first one happened.
 */

#define CPIO_STREAM_BOUNCE	(64 * 1024)

struct cpio_stream {
	const struct cpio_parser_ops *ops;
	void *ctx;
	const struct cpio_decoder *extra;
	struct cpio_parser *parser;	/* parser of the open segment */
	const struct cpio_decoder *dec;	/* method of the open segment */
	void *dstate;
	bool stream_ended;		/* @dec finished a stream/frame */
	bool finished;
	u64 in_off;			/* input bytes consumed */
	u64 seg_start;			/* input offset of the open segment */
	u64 seg_out;			/* decompressed bytes of the segment */
	u8 magic[8];			/* start of the next segment so far */
	unsigned int magic_len;
	u64 magic_off;
	int err;
	struct cpio_stream_error error;
	u8 *bounce;
	bool no_crc;			/* see cpio_stream_no_crc() */
};

static int stream_fail(struct cpio_stream *s, int err, const char *msg,
		       const char *method, u64 segment, u64 offset)
{
	if (!s->err) {
		s->err = err;
		s->error.msg = msg;
		s->error.method = method;
		s->error.segment = segment;
		s->error.offset = offset;
	}
	return s->err;
}

/* Fail inside the open segment, @offset counted within it. */
static int seg_fail(struct cpio_stream *s, int err, const char *msg,
		    u64 offset)
{
	return stream_fail(s, err, msg, s->dec ? s->dec->name : NULL,
			   s->seg_start, offset);
}

static int parser_fail(struct cpio_stream *s, int err)
{
	const struct cpio_error *pe = cpio_parser_error(s->parser);

	if (pe && pe->msg)
		return seg_fail(s, err, pe->msg, pe->offset);
	return seg_fail(s, err, "malformed cpio archive", s->seg_out);
}

/* gzip: header parsed here, raw deflate by zlib, trailer verified here. */

enum gz_step { GZ_FIXED, GZ_XLEN, GZ_EXTRA, GZ_NAME, GZ_COMMENT, GZ_HCRC,
	       GZ_DATA, GZ_TRAILER };

#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10
#define GZ_FHCRC	0x02
#define GZ_FRESERVED	0xe0

struct gz_state {
	struct z_stream_s strm;
	enum gz_step step;
	u8 buf[10];
	unsigned int pos;
	unsigned int skip;
	u8 flags;
	u32 crc;
	u32 isize;
};

static int gz_reset(void *state)
{
	struct gz_state *gz = state;

	gz->step = GZ_FIXED;
	gz->pos = 0;
	gz->crc = ~0U;
	gz->isize = 0;
	return zlib_inflateReset(&gz->strm) == Z_OK ? 0 : -EINVAL;
}

static void gz_destroy(void *state)
{
	struct gz_state *gz = state;

	kvfree(gz->strm.workspace);
	kfree(gz);
}

static void *gz_create(void)
{
	struct gz_state *gz = kzalloc(sizeof(*gz), GFP_KERNEL);

	if (!gz)
		return ERR_PTR(-ENOMEM);
	gz->strm.workspace = kvmalloc(zlib_inflate_workspacesize(), GFP_KERNEL);
	if (!gz->strm.workspace) {
		kfree(gz);
		return ERR_PTR(-ENOMEM);
	}
	if (zlib_inflateInit2(&gz->strm, -MAX_WBITS) != Z_OK) {
		gz_destroy(gz);
		return ERR_PTR(-EINVAL);
	}
	gz_reset(gz);
	return gz;
}

/* The step after the optional header field @step. */
static enum gz_step gz_next_field(struct gz_state *gz, enum gz_step step)
{
	if (step < GZ_XLEN && (gz->flags & GZ_FEXTRA))
		return GZ_XLEN;
	if (step < GZ_NAME && (gz->flags & GZ_FNAME))
		return GZ_NAME;
	if (step < GZ_COMMENT && (gz->flags & GZ_FCOMMENT))
		return GZ_COMMENT;
	if (step < GZ_HCRC && (gz->flags & GZ_FHCRC))
		return GZ_HCRC;
	return GZ_DATA;
}

static int gz_header_byte(struct gz_state *gz, u8 c, struct cpio_dbuf *b)
{
	switch (gz->step) {
	case GZ_FIXED:
		gz->buf[gz->pos++] = c;
		if (gz->pos < 10)
			return 0;
		if (gz->buf[0] != 0x1f || gz->buf[1] != 0x8b || gz->buf[2] != 8 ||
		    (gz->buf[3] & GZ_FRESERVED)) {
			b->msg = "bad gzip header";
			return -EBADMSG;
		}
		gz->flags = gz->buf[3];
		gz->pos = 0;
		break;
	case GZ_XLEN:
		gz->buf[gz->pos++] = c;
		if (gz->pos < 2)
			return 0;
		gz->skip = gz->buf[0] | (gz->buf[1] << 8);
		gz->pos = 0;
		if (gz->skip) {
			gz->step = GZ_EXTRA;
			return 0;
		}
		break;
	case GZ_EXTRA:
		if (--gz->skip)
			return 0;
		break;
	case GZ_NAME:
	case GZ_COMMENT:
		if (c)
			return 0;
		break;
	case GZ_HCRC:
		if (++gz->pos < 2)
			return 0;
		break;
	default:
		return 0;
	}
	gz->step = gz_next_field(gz, gz->step);
	return 0;
}

static int gz_inflate(struct gz_state *gz, struct cpio_dbuf *b)
{
	size_t produced;
	int ret;

	gz->strm.next_in = b->in + b->in_pos;
	gz->strm.avail_in = b->in_size - b->in_pos;
	gz->strm.next_out = b->out + b->out_pos;
	gz->strm.avail_out = b->out_size - b->out_pos;
	ret = zlib_inflate(&gz->strm, Z_SYNC_FLUSH);
	produced = b->out_size - b->out_pos - gz->strm.avail_out;
	if (!b->no_crc)
		gz->crc = crc32_le(gz->crc, b->out + b->out_pos, produced);
	gz->isize += produced;
	b->out_pos += produced;
	b->in_pos = b->in_size - gz->strm.avail_in;
	if (ret == Z_STREAM_END) {
		gz->step = GZ_TRAILER;
		gz->pos = 0;
		return 0;
	}
	if (ret == Z_OK || ret == Z_BUF_ERROR)
		return 0;
	b->msg = "corrupt gzip data";
	return -EBADMSG;
}

static int gz_trailer(struct gz_state *gz, struct cpio_dbuf *b)
{
	while (gz->pos < 8 && b->in_pos < b->in_size)
		gz->buf[gz->pos++] = b->in[b->in_pos++];
	if (gz->pos < 8)
		return 0;
	if (!b->no_crc && get_unaligned_le32(gz->buf) != ~gz->crc) {
		b->msg = "gzip crc32 mismatch";
		return -EBADMSG;
	}
	if (get_unaligned_le32(gz->buf + 4) != gz->isize) {
		b->msg = "gzip length mismatch";
		return -EBADMSG;
	}
	return CPIO_DEC_END;
}

static int gz_run(void *state, struct cpio_dbuf *b)
{
	struct gz_state *gz = state;
	int ret;

	while (gz->step < GZ_DATA && b->in_pos < b->in_size) {
		ret = gz_header_byte(gz, b->in[b->in_pos++], b);
		if (ret)
			return ret;
	}
	if (gz->step == GZ_DATA) {
		ret = gz_inflate(gz, b);
		if (ret)
			return ret;
	}
	if (gz->step == GZ_TRAILER)
		return gz_trailer(gz, b);
	return 0;
}

/* zstd: the frame header is checked for the window size before decoding. */

#define ZS_HDR_MAX	18	/* ZSTD_FRAMEHEADERSIZE_MAX */

#define ZS_WINDOW_MIN	BIT(10)		/* ZSTD_WINDOWLOG_ABSOLUTEMIN */

/*
 * The decoder's workspace is sized for the window of the frame being
 * decoded (zstd -3 needs 2-4 MiB less than the 8 MiB bound), and grown when
 * a later frame needs a larger one.
 */
struct zs_state {
	zstd_dstream *ds;
	void *ws;
	size_t window;			/* largest window @ds accepts */
	u8 hdr[ZS_HDR_MAX];
	unsigned int hlen;
	bool checked;
};

static int zs_reset(void *state)
{
	struct zs_state *zs = state;

	zs->hlen = 0;
	zs->checked = false;
	if (!zs->ds)
		return 0;
	return zstd_is_error(zstd_reset_dstream(zs->ds)) ? -EINVAL : 0;
}

static void zs_destroy(void *state)
{
	struct zs_state *zs = state;

	kvfree(zs->ws);
	kfree(zs);
}

static void *zs_create(void)
{
	struct zs_state *zs = kzalloc(sizeof(*zs), GFP_KERNEL);

	return zs ?: ERR_PTR(-ENOMEM);
}

/* A decoder for frames with a window of up to @window bytes. */
static int zs_prepare(struct zs_state *zs, size_t window, struct cpio_dbuf *b)
{
	size_t size;

	window = max_t(size_t, window, ZS_WINDOW_MIN);
	if (zs->ds && window <= zs->window)
		return 0;
	kvfree(zs->ws);
	zs->ds = NULL;
	zs->window = 0;
	size = zstd_dstream_workspace_bound(window);
	zs->ws = kvmalloc(size, GFP_KERNEL);
	if (zs->ws)
		zs->ds = zstd_init_dstream(window, zs->ws, size);
	if (!zs->ds) {
		b->msg = "out of memory for the zstd window";
		return -ENOMEM;
	}
	zs->window = window;
	return 0;
}

static int zs_error(size_t ret, struct cpio_dbuf *b)
{
	if (zstd_get_error_code(ret) == ZSTD_error_frameParameter_windowTooLarge) {
		b->msg = "zstd window larger than 8 MiB";
		return -E2BIG;
	}
	b->msg = "corrupt zstd data";
	return -EBADMSG;
}

/* Collect the frame header, refuse too large windows, then decode it. */
static int zs_check_header(struct zs_state *zs, struct cpio_dbuf *b)
{
	zstd_frame_header fh;
	zstd_in_buffer in;
	zstd_out_buffer out;
	size_t ret;
	int err;

	do {
		if (b->in_pos == b->in_size)
			return 0;
		if (zs->hlen == ZS_HDR_MAX) {
			b->msg = "corrupt zstd frame header";
			return -EBADMSG;
		}
		zs->hdr[zs->hlen++] = b->in[b->in_pos++];
		ret = zstd_get_frame_header(&fh, zs->hdr, zs->hlen);
		if (zstd_is_error(ret))
			return zs_error(ret, b);
	} while (ret);
	if (fh.frameType == ZSTD_frame && fh.windowSize > CPIO_ZSTD_WINDOW_MAX) {
		b->msg = "zstd window larger than 8 MiB";
		return -E2BIG;
	}
	err = zs_prepare(zs, fh.frameType == ZSTD_frame ? fh.windowSize : 0, b);
	if (err)
		return err;
	zs->checked = true;
	in.src = zs->hdr;
	in.size = zs->hlen;
	in.pos = 0;
	out.dst = b->out;
	out.size = b->out_size;
	out.pos = b->out_pos;
	ret = zstd_decompress_stream(zs->ds, &out, &in);
	b->out_pos = out.pos;
	if (zstd_is_error(ret))
		return zs_error(ret, b);
	if (in.pos != in.size) {
		b->msg = "corrupt zstd frame header";
		return -EBADMSG;
	}
	return ret ? 0 : CPIO_DEC_END;
}

static int zs_run(void *state, struct cpio_dbuf *b)
{
	struct zs_state *zs = state;
	zstd_in_buffer in;
	zstd_out_buffer out;
	size_t ret;

	if (!zs->checked) {
		int err = zs_check_header(zs, b);

		if (err || !zs->checked)
			return err;
	}
	in.src = b->in;
	in.size = b->in_size;
	in.pos = b->in_pos;
	out.dst = b->out;
	out.size = b->out_size;
	out.pos = b->out_pos;
	ret = zstd_decompress_stream(zs->ds, &out, &in);
	b->in_pos = in.pos;
	b->out_pos = out.pos;
	if (zstd_is_error(ret))
		return zs_error(ret, b);
	return ret ? 0 : CPIO_DEC_END;
}

/* xz: CRC32 or no check only, dictionary bounded by CPIO_XZ_DICT_MAX. */

static void *xzd_create(void)
{
	struct xz_dec *xz = xz_dec_init(XZ_DYNALLOC, CPIO_XZ_DICT_MAX);

	return xz ? (void *)xz : ERR_PTR(-ENOMEM);
}

static int xzd_reset(void *state)
{
	xz_dec_reset(state);
	return 0;
}

static void xzd_destroy(void *state)
{
	xz_dec_end(state);
}

static int xzd_run(void *state, struct cpio_dbuf *b)
{
	struct xz_buf xb = {
		.in = b->in, .in_pos = b->in_pos, .in_size = b->in_size,
		.out = b->out, .out_pos = b->out_pos, .out_size = b->out_size,
	};
	enum xz_ret ret = xz_dec_run(state, &xb);

	b->in_pos = xb.in_pos;
	b->out_pos = xb.out_pos;
	switch (ret) {
	case XZ_OK:
		return 0;
	case XZ_STREAM_END:
		return CPIO_DEC_END;
	case XZ_BUF_ERROR:
		if (b->in_pos == b->in_size)
			return 0;
		b->msg = "corrupt xz data";
		return -EBADMSG;
	case XZ_MEM_ERROR:
		b->msg = "out of memory for the xz dictionary";
		return -ENOMEM;
	case XZ_MEMLIMIT_ERROR:
		b->msg = "xz dictionary larger than 32 MiB";
		return -E2BIG;
	case XZ_OPTIONS_ERROR:
	case XZ_UNSUPPORTED_CHECK:
		b->msg = "unsupported xz options: compress with xz --check=crc32";
		return -EOPNOTSUPP;
	default:
		b->msg = "corrupt xz data";
		return -EBADMSG;
	}
}

#define CPIO_DECODER(n, m, c, r, run_, d) { .name = n, .magic = m,	\
	.magic_len = sizeof(m) - 1, .create = c, .reset = r, .run = run_, \
	.destroy = d }

static const struct cpio_decoder cpio_decoders[] = {
	CPIO_DECODER("gzip", "\x1f\x8b", gz_create, gz_reset, gz_run,
		     gz_destroy),
	CPIO_DECODER("zstd", "\x28\xb5\x2f\xfd", zs_create, zs_reset, zs_run,
		     zs_destroy),
	{ .name = "zstd", .magic = "\x50\x2a\x4d\x18",
	  .mask = "\xf0\xff\xff\xff", .magic_len = 4, .create = zs_create,
	  .reset = zs_reset, .run = zs_run, .destroy = zs_destroy },
	CPIO_DECODER("xz", "\xfd\x37\x7a\x58\x5a\x00", xzd_create, xzd_reset,
		     xzd_run, xzd_destroy),
	/* Known to the kernel, but only as __init code. */
	{ .name = "bzip2", .magic = "BZh", .magic_len = 3 },
	{ .name = "lzma", .magic = "\x5d\x00\x00", .magic_len = 3 },
	{ .name = "lzo", .magic = "\x89\x4c\x5a\x4f", .magic_len = 4 },
	{ .name = "lz4", .magic = "\x02\x21\x4c\x18", .magic_len = 4 },
	{ }
};

/* 1: @d matches the collected bytes, 0: it may with more, -1: it cannot. */
static int magic_cmp(const struct cpio_decoder *d, const u8 *buf,
		     unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len && i < d->magic_len; i++) {
		u8 mask = d->mask ? d->mask[i] : 0xff;

		if ((buf[i] ^ d->magic[i]) & mask)
			return -1;
	}
	return len >= d->magic_len ? 1 : 0;
}

/* The decoder for the collected magic, NULL if undecided, ERR_PTR if none. */
static const struct cpio_decoder *find_decoder(struct cpio_stream *s)
{
	const struct cpio_decoder *tables[] = { s->extra, cpio_decoders };
	const struct cpio_decoder *d;
	bool maybe = false;
	int i, r;

	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		for (d = tables[i]; d && d->name; d++) {
			r = magic_cmp(d, s->magic, s->magic_len);
			if (r > 0)
				return d;
			maybe |= !r;
		}
	}
	return maybe ? NULL : ERR_PTR(-EINVAL);
}

static int open_parser(struct cpio_stream *s)
{
	s->parser = cpio_parser_create(s->ops, s->ctx);
	if (!s->parser)
		return stream_fail(s, -ENOMEM, "out of memory", NULL,
				   s->in_off, 0);
	s->seg_out = 0;
	return 0;
}

static void close_segment(struct cpio_stream *s)
{
	if (s->dec && s->dec->destroy)
		s->dec->destroy(s->dstate);
	s->dec = NULL;
	s->dstate = NULL;
	s->stream_ended = false;
	cpio_parser_destroy(s->parser);
	s->parser = NULL;
}

/* A compressed stream ended: its content must end at an archive boundary. */
static int check_stream_end(struct cpio_stream *s)
{
	int err = cpio_parser_finish(s->parser);

	if (err)
		return parser_fail(s, -EINVAL);
	if (!cpio_parser_at_boundary(s->parser))
		return seg_fail(s, -EINVAL,
				"junk at the end of compressed archive",
				s->seg_out);
	return 0;
}

static int end_compressed(struct cpio_stream *s)
{
	int err = check_stream_end(s);

	if (!err)
		close_segment(s);
	return err;
}

/*
 * Another stream of the method that just ended (a gzip member, an xz
 * stream, a zstd frame): a segment of its own, with its own parser, as
 * each is for the initramfs unpacker; the decoder is reused.
 */
static int next_stream(struct cpio_stream *s)
{
	int err = check_stream_end(s);

	if (err)
		return err;
	cpio_parser_destroy(s->parser);
	err = open_parser(s);
	if (err)
		return err;
	s->stream_ended = false;
	s->seg_start = s->magic_off;
	err = s->dec->reset(s->dstate);
	return err ? seg_fail(s, err, "cannot reset decoder", 0) : 0;
}

/* Hand decompressed bytes to the parser of the open segment. */
static int feed_parser(struct cpio_stream *s, const u8 *buf, size_t len)
{
	long n = cpio_parser_write(s->parser, buf, len);

	if (n < 0)
		return parser_fail(s, n);
	if (n < len)
		return seg_fail(s, -EINVAL, "junk within compressed archive",
				s->seg_out + n);
	s->seg_out += len;
	return 0;
}

/* Decode from @in until it is consumed or the stream ends. */
static long feed_decoder(struct cpio_stream *s, const u8 *in, size_t len)
{
	struct cpio_dbuf b = { .in = in, .in_size = len, .out = s->bounce,
			       .out_size = CPIO_STREAM_BOUNCE,
			       .no_crc = s->no_crc };
	size_t in_before;
	int ret, err;

	for (;;) {
		in_before = b.in_pos;
		b.out_pos = 0;
		b.msg = NULL;
		ret = s->dec->run(s->dstate, &b);
		if (ret < 0)
			return seg_fail(s, ret, b.msg ?: "corrupt compressed data",
					s->seg_out);
		if (b.out_pos) {
			err = feed_parser(s, s->bounce, b.out_pos);
			if (err)
				return err;
		}
		if (ret == CPIO_DEC_END) {
			s->stream_ended = true;
			break;
		}
		if (b.in_pos == b.in_size && b.out_pos < b.out_size)
			break;
		if (b.in_pos == in_before && !b.out_pos)
			return seg_fail(s, -EBADMSG, "corrupt compressed data",
					s->seg_out);
		cond_resched();
	}
	return b.in_pos;
}

static int whole_out(void *ctx, const void *buf, size_t len)
{
	return feed_parser(ctx, buf, len);
}

/*
 * A method decoding one whole stream at once: the segment starts with the
 * collected magic, which must be in @buf, and may take the rest of @buf.
 * Returns the bytes of @buf consumed.
 */
static long run_whole(struct cpio_stream *s, const struct cpio_decoder *d,
		      const u8 *buf, size_t len)
{
	size_t start = s->magic_off - s->in_off;
	const char *msg = NULL;
	size_t used = 0;
	int err;

	if (s->stream_ended) {
		err = end_compressed(s);
		if (err)
			return err;
	}
	if (s->magic_off < s->in_off)
		return stream_fail(s, -EINVAL,
				   "compressed segment split across writes",
				   d->name, s->magic_off, 0);
	err = open_parser(s);
	if (err)
		return err;
	s->dec = d;
	s->dstate = NULL;
	s->seg_start = s->magic_off;
	s->magic_len = 0;
	err = d->whole(buf + start, len - start, &used, whole_out, s, &msg);
	if (err)
		return seg_fail(s, err, msg ?: "corrupt compressed data",
				s->seg_out);
	if (used <= d->magic_len || used > len - start)
		return seg_fail(s, -EBADMSG, "corrupt compressed data",
				s->seg_out);
	s->stream_ended = true;
	return start + used;
}

/* Start a compressed segment (or continue one) with the collected magic. */
static int start_compressed(struct cpio_stream *s, const struct cpio_decoder *d)
{
	void *state;
	long n;
	int err;

	if (!d->create)
		return stream_fail(s, -EOPNOTSUPP,
				   "compression method not supported at runtime",
				   d->name, s->magic_off, 0);
	if (s->stream_ended && s->dec->create == d->create) {
		err = next_stream(s);
		if (err)
			return err;
	} else {
		if (s->stream_ended) {
			err = end_compressed(s);
			if (err)
				return err;
		}
		state = d->create();
		if (IS_ERR(state))
			return stream_fail(s, PTR_ERR(state),
					   "cannot allocate decoder", d->name,
					   s->magic_off, 0);
		err = open_parser(s);
		if (err) {
			d->destroy(state);
			return err;
		}
		s->dec = d;
		s->dstate = state;
		s->seg_start = s->magic_off;
	}
	n = feed_decoder(s, s->magic, s->magic_len);
	if (n < 0)
		return n;
	if (n != s->magic_len)
		return seg_fail(s, -EBADMSG, "corrupt compressed data", 0);
	s->magic_len = 0;
	return 0;
}

/* Between segments: NUL padding, a cpio archive or a compression magic. */
static long scan_top(struct cpio_stream *s, const u8 *buf, size_t len)
{
	const struct cpio_decoder *d;
	size_t i = 0;
	int err;

	if (!s->magic_len) {
		while (i < len && !buf[i])
			i++;
		if (!i && buf[0] != '0') {
			s->magic_off = s->in_off;
		} else {
			if (s->stream_ended) {
				err = end_compressed(s);
				if (err)
					return err;
			}
			if (i)
				return i;
			if (s->in_off & 3)
				return stream_fail(s, -EINVAL,
						   "unaligned cpio archive",
						   NULL, s->in_off, 0);
			s->seg_start = s->in_off;
			err = open_parser(s);
			return err ? err : 0;
		}
	}
	do {
		s->magic[s->magic_len++] = buf[i++];
		d = find_decoder(s);
	} while (!d && i < len);
	if (IS_ERR(d))
		return stream_fail(s, -EINVAL,
				   "invalid magic at start of compressed archive",
				   NULL, s->magic_off, 0);
	if (d && d->whole && !d->create)
		return run_whole(s, d, buf, len);
	if (d) {
		err = start_compressed(s, d);
		if (err)
			return err;
	}
	return i;
}

/* Inside an uncompressed segment: the parser takes all up to a boundary. */
static long feed_raw(struct cpio_stream *s, const u8 *buf, size_t len)
{
	long n = cpio_parser_write(s->parser, buf, len);
	int err;

	if (n < 0)
		return parser_fail(s, n);
	s->seg_out += n;
	if (n < len) {
		if (!cpio_parser_at_boundary(s->parser))
			return seg_fail(s, -EINVAL, "malformed cpio archive",
					s->seg_out);
		err = cpio_parser_finish(s->parser);
		if (err)
			return parser_fail(s, err);
		close_segment(s);
		/* What follows an archive starts on a multiple of four. */
		if ((s->in_off + n) & 3)
			return stream_fail(s, -EINVAL,
					   "unaligned data after cpio archive",
					   NULL, s->in_off + n, 0);
	}
	return n;
}

/**
 * cpio_stream_create() - start walking a buffer of cpio segments
 * @ops: callbacks receiving the members of every archive
 * @ctx: passed to every callback
 * @extra: decoders searched before the built-in ones, ending with an entry
 *	whose name is NULL (boot code adds its __init methods here), or NULL
 *
 * Return: the new stream, or NULL when out of memory.
 * Context: process context, may sleep.
 */
struct cpio_stream *cpio_stream_create(const struct cpio_parser_ops *ops,
				       void *ctx,
				       const struct cpio_decoder *extra)
{
	struct cpio_stream *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	s->bounce = kvmalloc(CPIO_STREAM_BOUNCE, GFP_KERNEL);
	if (!s->bounce) {
		kfree(s);
		return NULL;
	}
	s->ops = ops;
	s->ctx = ctx;
	s->extra = extra;
	return s;
}
EXPORT_SYMBOL_GPL(cpio_stream_create);

/**
 * cpio_stream_write() - feed the next chunk of input
 * @s: the stream
 * @buf: input bytes
 * @len: number of bytes at @buf, any size
 *
 * Return: 0 when all of @buf was accepted, else the negative errno of the
 * first error (see the DOC: overview), also returned by every later call.
 * Context: process context, may sleep; callbacks run from here.
 */
int cpio_stream_write(struct cpio_stream *s, const void *buf, size_t len)
{
	const u8 *p = buf;
	long n;

	if (s->err)
		return s->err;
	if (s->finished)
		return stream_fail(s, -EINVAL, "write after finish", NULL,
				   s->in_off, 0);
	while (len) {
		if (s->parser && !s->dec)
			n = feed_raw(s, p, len);
		else if (s->dec && !s->stream_ended)
			n = feed_decoder(s, p, len);
		else
			n = scan_top(s, p, len);
		if (n < 0)
			return n;
		p += n;
		len -= n;
		s->in_off += n;
		cond_resched();
	}
	return 0;
}
EXPORT_SYMBOL_GPL(cpio_stream_write);

/**
 * cpio_stream_finish() - the input is complete
 * @s: the stream
 *
 * Return: 0 if the input ended cleanly, -ENODATA if it ended inside a
 * compressed stream or a cpio member, -EINVAL after an incomplete magic or
 * a compressed segment not ending at an archive boundary, or the errno of
 * an earlier failure.
 * Context: process context, may sleep.
 */
int cpio_stream_finish(struct cpio_stream *s)
{
	int err;

	if (s->err || s->finished)
		return s->err;
	if (s->magic_len)
		return stream_fail(s, -EINVAL,
				   "invalid magic at start of compressed archive",
				   NULL, s->magic_off, 0);
	if (s->dec && !s->stream_ended)
		return seg_fail(s, -ENODATA, "truncated compressed archive",
				s->seg_out);
	if (s->dec) {
		err = end_compressed(s);
		if (err)
			return err;
	} else if (s->parser) {
		err = cpio_parser_finish(s->parser);
		if (err)
			return parser_fail(s, err);
		close_segment(s);
	}
	s->finished = true;
	return 0;
}
EXPORT_SYMBOL_GPL(cpio_stream_finish);

/**
 * cpio_stream_fail() - record a consumer's error with the stream position
 * @s: the stream
 * @err: negative errno
 * @msg: static description
 * @offset: offset within the open segment the error refers to
 *
 * Callbacks call this before returning @err so that cpio_stream_error()
 * reports their message.  Only the first error is kept.
 *
 * Return: the stream's error, @err unless an earlier one was recorded.
 * Context: any context.
 */
int cpio_stream_fail(struct cpio_stream *s, int err, const char *msg,
		     u64 offset)
{
	return seg_fail(s, err, msg, offset);
}
EXPORT_SYMBOL_GPL(cpio_stream_fail);

/**
 * cpio_stream_no_crc() - do not verify the gzip CRC32 of this stream
 * @s: the stream, before its first cpio_stream_write()
 *
 * The gzip member length is still verified, and corrupt deflate data still
 * detected; what goes unnoticed is data that inflates cleanly to the right
 * length but differs, which the boot-time unpacker never checked either.
 *
 * Context: any context.
 */
void cpio_stream_no_crc(struct cpio_stream *s)
{
	s->no_crc = true;
}
EXPORT_SYMBOL_GPL(cpio_stream_no_crc);

/**
 * cpio_stream_error() - why and where the stream failed
 * @s: the stream
 *
 * Return: the first error; its @msg is NULL if there was none.
 * Context: any context.
 */
const struct cpio_stream_error *cpio_stream_error(const struct cpio_stream *s)
{
	return &s->error;
}
EXPORT_SYMBOL_GPL(cpio_stream_error);

/**
 * cpio_stream_destroy() - free a stream, finished or not
 * @s: the stream, or NULL
 *
 * Context: process context, may sleep.
 */
void cpio_stream_destroy(struct cpio_stream *s)
{
	if (!s)
		return;
	close_segment(s);
	kvfree(s->bounce);
	kfree(s);
}
EXPORT_SYMBOL_GPL(cpio_stream_destroy);
