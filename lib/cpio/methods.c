// SPDX-License-Identifier: GPL-2.0-only
/*
 * The compression methods of the initramfs buffer format, and the runtime
 * decoders of three of them (gzip, zstd, xz) for the cpio stream.
 */

#include <kunit/visibility.h>
#include <linux/bits.h>
#include <linux/cpio_extract.h>
#include <linux/crc32.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/vmalloc.h>
#include <linux/xz.h>
#include <linux/zlib.h>
#include <linux/zstd.h>

/**
 * DOC: compression methods
 *
 * A segment of the buffer format is a compressed stream when it starts with
 * the magic of a method in the caller's table (&struct cpio_method); the
 * stream walker searches that table only.  cpio_methods[] is the table of
 * every method the kernel knows, with the runtime decoders of this file for
 * gzip, zstd and xz, each when it is configured in
 * (CONFIG_CPIO_UNPACK_GZIP, _ZSTD, _XZ), and none for the others (bzip2,
 * lzma, lzo, lz4), which the kernel decodes only with the __init code of
 * lib/decompress_*.c.  A method without a decoder is refused with
 * -EOPNOTSUPP.  A caller that decodes more (the boot code) or less builds
 * its own table from these entries and the decoder operations.
 *
 * The runtime decoders:
 *
 * * gzip: header parsed here (every RFC 1952 field), raw deflate by
 *   zlib_inflate(), member length and, with &cpio_gzip_ops, CRC32 verified
 *   (&cpio_gzip_unchecked_ops skips the CRC32, a fifth of the decode time);
 * * zstd: frames with a window of at most %CPIO_ZSTD_WINDOW_MAX, skippable
 *   frames allowed; the workspace is sized for the largest window its
 *   frames declared (zstd_dstream_workspace_bound(), at most about 8.3 MiB);
 * * xz: CRC32 or no integrity check, LZMA2 dictionary of at most
 *   %CPIO_XZ_DICT_MAX, allocated to the size the stream declares.
 *
 * Workspaces and dictionaries are charged to the memory cgroup of the task
 * that extracts (for a mount: the mounter), like the files it creates.  They
 * are allocated with __GFP_RETRY_MAYFAIL: above the cgroup's limit the
 * extraction fails with -ENOMEM instead of invoking the OOM killer (the
 * files it writes are charged as any tmpfs write).
 */

#define CPIO_DECODER_OPS(c, r, run_, d) { .create = c, .reset = r,	\
	.run = run_, .destroy = d }

#if IS_ENABLED(CONFIG_CPIO_UNPACK_GZIP)

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
	bool check_crc;			/* cpio_gzip_ops, not the unchecked */
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

	vfree(gz->strm.workspace);
	kfree(gz);
}

static struct gz_state *gz_alloc(void)
{
	struct gz_state *gz = kzalloc(sizeof(*gz), GFP_KERNEL_ACCOUNT);

	if (!gz)
		return ERR_PTR(-ENOMEM);
	gz->strm.workspace = __vmalloc(zlib_inflate_workspacesize(),
				       CPIO_GFP_WORKSPACE);
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

static void *gz_create(void)
{
	struct gz_state *gz = gz_alloc();

	if (!IS_ERR(gz))
		gz->check_crc = true;
	return gz;
}

static void *gz_create_unchecked(void)
{
	return gz_alloc();
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
	if (gz->check_crc)
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
	if (gz->check_crc && get_unaligned_le32(gz->buf) != ~gz->crc) {
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

/* gzip with its CRC32 verified. */
const struct cpio_decoder_ops cpio_gzip_ops =
	CPIO_DECODER_OPS(gz_create, gz_reset, gz_run, gz_destroy);
EXPORT_SYMBOL_IF_KUNIT(cpio_gzip_ops);

/* gzip with its member length verified but not its CRC32. */
const struct cpio_decoder_ops cpio_gzip_unchecked_ops =
	CPIO_DECODER_OPS(gz_create_unchecked, gz_reset, gz_run, gz_destroy);
EXPORT_SYMBOL_IF_KUNIT(cpio_gzip_unchecked_ops);

#endif /* CONFIG_CPIO_UNPACK_GZIP */

#if IS_ENABLED(CONFIG_CPIO_UNPACK_ZSTD)

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

	vfree(zs->ws);
	kfree(zs);
}

static void *zs_create(void)
{
	struct zs_state *zs = kzalloc(sizeof(*zs), GFP_KERNEL_ACCOUNT);

	return zs ?: ERR_PTR(-ENOMEM);
}

/* A decoder for frames with a window of up to @window bytes. */
static int zs_prepare(struct zs_state *zs, size_t window, struct cpio_dbuf *b)
{
	size_t size;

	window = max_t(size_t, window, ZS_WINDOW_MIN);
	if (zs->ds && window <= zs->window)
		return 0;
	vfree(zs->ws);
	zs->ds = NULL;
	zs->window = 0;
	size = zstd_dstream_workspace_bound(window);
	zs->ws = __vmalloc(size, CPIO_GFP_WORKSPACE);
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

const struct cpio_decoder_ops cpio_zstd_ops =
	CPIO_DECODER_OPS(zs_create, zs_reset, zs_run, zs_destroy);
EXPORT_SYMBOL_IF_KUNIT(cpio_zstd_ops);

#endif /* CONFIG_CPIO_UNPACK_ZSTD */

#if IS_ENABLED(CONFIG_CPIO_UNPACK_XZ)

/*
 * xz: CRC32 or no check only (the kernel's xz_dec cannot compute CRC64 or
 * SHA-256), dictionary bounded by CPIO_XZ_DICT_MAX.  The stream flags are
 * kept to tell a check type it refuses from other options.
 */

#define XZD_FLAGS_END	8	/* magic (6 bytes), then the stream flags */
#define XZD_CHECK_CRC32	1	/* check IDs of the .xz format */
#define XZD_CHECK_CRC64	4
#define XZD_CHECK_MAX	15

struct xzd_state {
	struct xz_dec *dec;
	u8 head[XZD_FLAGS_END];
	unsigned int seen;
};

static void *xzd_create(void)
{
	struct xzd_state *xz = kzalloc(sizeof(*xz), GFP_KERNEL_ACCOUNT);

	if (!xz)
		return ERR_PTR(-ENOMEM);
	xz->dec = xz_dec_init(XZ_DYNALLOC, CPIO_XZ_DICT_MAX);
	if (!xz->dec) {
		kfree(xz);
		return ERR_PTR(-ENOMEM);
	}
	return xz;
}

static int xzd_reset(void *state)
{
	struct xzd_state *xz = state;

	xz_dec_reset(xz->dec);
	xz->seen = 0;
	return 0;
}

static void xzd_destroy(void *state)
{
	struct xzd_state *xz = state;

	xz_dec_end(xz->dec);
	kfree(xz);
}

static const char xzd_crc64_msg[] =
	"xz CRC64 check (xz's default) cannot be verified: compress with xz --check=crc32";
static const char xzd_check_msg[] =
	"xz integrity check cannot be verified: compress with xz --check=crc32";

/* What xz_dec refuses as options: the integrity check, or the filters. */
static int xzd_options_error(struct xzd_state *xz, struct cpio_dbuf *b)
{
	u8 check = xz->head[XZD_FLAGS_END - 1];

	if (xz->seen == XZD_FLAGS_END && !xz->head[XZD_FLAGS_END - 2] &&
	    check > XZD_CHECK_CRC32 && check <= XZD_CHECK_MAX) {
		b->msg = check == XZD_CHECK_CRC64 ? xzd_crc64_msg : xzd_check_msg;
		return -EOPNOTSUPP;
	}
	b->msg = "unsupported xz filters or options (LZMA2 and BCJ only)";
	return -EOPNOTSUPP;
}

static int xzd_run(void *state, struct cpio_dbuf *b)
{
	struct xzd_state *xz = state;
	struct xz_buf xb = {
		.in = b->in, .in_pos = b->in_pos, .in_size = b->in_size,
		.out = b->out, .out_pos = b->out_pos, .out_size = b->out_size,
	};
	size_t i = b->in_pos;
	enum xz_ret ret;

	while (xz->seen < XZD_FLAGS_END && i < b->in_size)
		xz->head[xz->seen++] = b->in[i++];
	ret = xz_dec_run(xz->dec, &xb);
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
		return xzd_options_error(xz, b);
	default:
		b->msg = "corrupt xz data";
		return -EBADMSG;
	}
}

const struct cpio_decoder_ops cpio_xz_ops =
	CPIO_DECODER_OPS(xzd_create, xzd_reset, xzd_run, xzd_destroy);
EXPORT_SYMBOL_IF_KUNIT(cpio_xz_ops);

#endif /* CONFIG_CPIO_UNPACK_XZ */

/* A method's decoder when it is configured in (CONFIG_CPIO_UNPACK_*). */
#define METHOD_OPS(m, ops) \
	(IS_ENABLED(CONFIG_CPIO_UNPACK_##m) ? (ops) : NULL)

/*
 * Every method the kernel knows, by the magic lib/decompress.c knows it,
 * longer where the format defines more (a lone "BZ" is no bzip2 stream).
 * zstd skippable frames (0x184D2A50-5F) come without the zstd magic.
 */
const struct cpio_method cpio_methods[] = {
	{ "gzip", "\x1f\x8b", NULL, 2, METHOD_OPS(GZIP, &cpio_gzip_ops) },
	{ "zstd", "\x28\xb5\x2f\xfd", NULL, 4, METHOD_OPS(ZSTD, &cpio_zstd_ops) },
	{ "zstd", "\x50\x2a\x4d\x18", "\xf0\xff\xff\xff", 4,
	  METHOD_OPS(ZSTD, &cpio_zstd_ops) },
	{ "xz", "\xfd\x37\x7a\x58\x5a\x00", NULL, 6,
	  METHOD_OPS(XZ, &cpio_xz_ops) },
	{ "bzip2", "BZh", NULL, 3, NULL },
	{ "lzma", "\x5d\x00\x00", NULL, 3, NULL },
	{ "lzo", "\x89\x4c\x5a\x4f", NULL, 4, NULL },
	{ "lz4", "\x02\x21\x4c\x18", NULL, 4, NULL },
	{ "lz4", "\x04\x22\x4d\x18", NULL, 4, NULL },	/* frame format */
	{ }
};
EXPORT_SYMBOL_IF_KUNIT(cpio_methods);

/* 1: @m matches @buf, 0: it may with more bytes, -1: it cannot. */
static int magic_cmp(const struct cpio_method *m, const u8 *buf, size_t len)
{
	unsigned int i;

	for (i = 0; i < len && i < m->magic_len; i++) {
		u8 mask = m->mask ? m->mask[i] : 0xff;

		if ((buf[i] ^ m->magic[i]) & mask)
			return -1;
	}
	return len >= m->magic_len ? 1 : 0;
}

/**
 * cpio_method_find() - the compression method a segment starts with
 * @methods: table to search, ending with an entry whose @name is NULL
 * @buf: the first bytes of the segment
 * @len: how many there are
 *
 * Return: the first method of @methods whose magic @buf starts with; NULL
 * when @buf is a prefix of some magic and more bytes are needed to decide;
 * ERR_PTR(-ENOENT) when no method can match.
 * Context: any context.
 */
const struct cpio_method *cpio_method_find(const struct cpio_method *methods,
					   const u8 *buf, size_t len)
{
	const struct cpio_method *m;
	bool maybe = false;
	int r;

	for (m = methods; m->name; m++) {
		r = magic_cmp(m, buf, len);
		if (r > 0)
			return m;
		maybe |= !r;
	}
	return maybe ? NULL : ERR_PTR(-ENOENT);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_method_find);
