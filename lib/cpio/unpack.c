// SPDX-License-Identifier: GPL-2.0-only
/*
 * Runtime walk of the initramfs buffer format: segments of cpio archives,
 * plain or compressed, separated by NUL padding.
 */

#include <kunit/visibility.h>
#include <linux/cpio_extract.h>
#include <linux/err.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "stream.h"

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
 * A compressed segment uses a method of the table given to
 * cpio_stream_create() (cpio_methods[] by default, see lib/cpio/methods.c).
 * A method whose decoder takes a whole stream at once
 * (&cpio_decoder_ops.decode) needs the stream in one cpio_stream_write()
 * call.  Memory: a 64 KiB bounce buffer, 264 bytes to name an unknown
 * segment, plus the decoder's state while a segment is open (the zlib
 * workspace of about 60 KiB, the zstd workspace of at most about 8.3 MiB,
 * or the xz state and a dictionary of at most %CPIO_XZ_DICT_MAX).
 *
 * Errno for each class of bad input:
 *
 * * -EINVAL: unknown data where a segment starts (text, junk after the
 *   last segment, an incomplete magic at the end), a cpio archive or what
 *   follows an uncompressed one at an unaligned offset, a compressed
 *   segment that does not end at an archive boundary ("junk at the end of
 *   compressed archive"), bytes that are no archive inside decompressed
 *   data ("junk within compressed archive"), and any malformed cpio header
 *   (from the parser).
 * * -EOPNOTSUPP: what is recognised but not read: a compression method
 *   without a decoder in the table (bzip2, lzma, lzo, lz4 in
 *   cpio_methods[]), xz integrity checks other than CRC32 and none, xz
 *   filters other than LZMA2, odc and binary cpio, and other archive
 *   formats where a segment starts (tar, rpm, zip, squashfs: the message
 *   names them).
 * * -E2BIG: a zstd window or xz dictionary beyond the limits above.
 * * -EBADMSG: corrupt compressed data, gzip CRC32 or length mismatch, cpio
 *   "crc" checksum mismatch.
 * * -ENODATA: the input ends inside a compressed stream or a cpio member.
 * * -ENAMETOOLONG: a cpio name or symlink target longer than PATH_MAX.
 * * -ENOMEM: an allocation failed.
 *
 * Errors are sticky; cpio_stream_error() says where the first one happened
 * and what kind of fault it was (&enum cpio_fault).
 */

#define CPIO_STREAM_BOUNCE	(64 * 1024)
/* Bytes looked at to name what starts an unknown segment (tar: 257 + 5). */
#define CPIO_STREAM_PEEK	264

/* Where the stream is in its input. */
enum cpio_stream_state {
	CPIO_STREAM_BETWEEN,	/* NUL padding, or where a segment may start */
	CPIO_STREAM_MAGIC,	/* collecting a compression magic */
	CPIO_STREAM_PLAIN,	/* in an uncompressed segment */
	CPIO_STREAM_DECODING,	/* in a compressed stream */
	CPIO_STREAM_UNKNOWN,	/* collecting what starts an unknown segment */
	CPIO_STREAM_FINISHED,	/* cpio_stream_finish() succeeded */
	CPIO_STREAM_FAILED,	/* see @err and @error */
};

/*
 * A compressed segment stays open (@dec, @dstate and @parser) after its
 * stream ended, until what follows shows whether another stream of the
 * same method reuses the decoder.
 */
struct cpio_stream {
	const struct cpio_parser_ops *ops;
	void *ctx;
	const struct cpio_method *methods;
	enum cpio_stream_state state;
	struct cpio_parser *parser;	/* parser of the open segment */
	const struct cpio_method *dec;	/* method of the open segment */
	void *dstate;
	u64 in_off;			/* input bytes consumed */
	u64 seg_start;			/* input offset of the open segment */
	u64 seg_out;			/* decompressed bytes of the segment */
	u8 magic[8];			/* start of the next segment so far */
	unsigned int magic_len;
	u64 magic_off;
	u8 *peek;			/* start of an unknown segment */
	unsigned int peek_len;
	int err;
	struct cpio_stream_error error;
	u8 *bounce;
};

static int stream_fail(struct cpio_stream *s, int err, enum cpio_fault fault,
		       const char *msg, const char *method, u64 segment,
		       u64 offset)
{
	if (!s->err) {
		s->state = CPIO_STREAM_FAILED;
		s->err = err;
		s->error.fault = fault;
		s->error.msg = msg;
		s->error.method = method;
		s->error.segment = segment;
		s->error.offset = offset;
	}
	return s->err;
}

/* Fail inside the open segment, @offset counted within it. */
static int seg_fail(struct cpio_stream *s, int err, enum cpio_fault fault,
		    const char *msg, u64 offset)
{
	return stream_fail(s, err, fault, msg, s->dec ? s->dec->name : NULL,
			   s->seg_start, offset);
}

static int parser_fail(struct cpio_stream *s, int err)
{
	const struct cpio_error *pe = cpio_parser_error(s->parser);

	if (pe && pe->msg)
		return seg_fail(s, err, pe->fault, pe->msg, pe->offset);
	return seg_fail(s, err, CPIO_FAULT_HEADER, "malformed cpio archive",
			s->seg_out);
}

static int open_parser(struct cpio_stream *s)
{
	s->parser = cpio_parser_create(s->ops, s->ctx);
	if (!s->parser)
		return stream_fail(s, -ENOMEM, CPIO_FAULT_RESOURCE,
				   "out of memory", NULL, s->in_off, 0);
	s->seg_out = 0;
	return 0;
}

static void close_segment(struct cpio_stream *s)
{
	if (s->dec && s->dstate)
		s->dec->ops->destroy(s->dstate);
	s->dec = NULL;
	s->dstate = NULL;
	cpio_parser_destroy(s->parser);
	s->parser = NULL;
}

/* A compressed stream ended: its content must end at an archive boundary. */
static int check_stream_end(struct cpio_stream *s)
{
	const struct cpio_error *pe;

	if (cpio_parser_finish(s->parser)) {
		pe = cpio_parser_error(s->parser);
		return seg_fail(s, -EINVAL, CPIO_FAULT_JUNK, pe->msg, pe->offset);
	}
	if (!cpio_parser_at_boundary(s->parser))
		return seg_fail(s, -EINVAL, CPIO_FAULT_JUNK,
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
	s->seg_start = s->magic_off;
	err = s->dec->ops->reset(s->dstate);
	return err ? seg_fail(s, err, CPIO_FAULT_RESOURCE,
			      "cannot reset decoder", 0) : 0;
}

/* Hand decompressed bytes to the parser of the open segment. */
static int feed_parser(struct cpio_stream *s, const u8 *buf, size_t len)
{
	long n = cpio_parser_write(s->parser, buf, len);

	if (n < 0)
		return parser_fail(s, n);
	if (n < len)
		return seg_fail(s, -EINVAL, CPIO_FAULT_JUNK,
				"junk within compressed archive",
				s->seg_out + n);
	s->seg_out += len;
	return 0;
}

static enum cpio_fault decoder_fault(int err)
{
	return err == -ENOMEM ? CPIO_FAULT_RESOURCE : CPIO_FAULT_COMPRESSED;
}

/* Decode from @in until it is consumed or the stream ends. */
static long feed_decoder(struct cpio_stream *s, const u8 *in, size_t len)
{
	struct cpio_dbuf b = { .in = in, .in_size = len, .out = s->bounce,
			       .out_size = CPIO_STREAM_BOUNCE };
	size_t in_before;
	int ret, err;

	for (;;) {
		in_before = b.in_pos;
		b.out_pos = 0;
		b.msg = NULL;
		ret = s->dec->ops->run(s->dstate, &b);
		if (ret < 0)
			return seg_fail(s, ret, decoder_fault(ret),
					b.msg ?: "corrupt compressed data",
					s->seg_out);
		if (b.out_pos) {
			err = feed_parser(s, s->bounce, b.out_pos);
			if (err)
				return err;
		}
		if (ret == CPIO_DEC_END) {
			s->state = CPIO_STREAM_BETWEEN;
			break;
		}
		if (b.in_pos == b.in_size && b.out_pos < b.out_size)
			break;
		if (b.in_pos == in_before && !b.out_pos)
			return seg_fail(s, -EBADMSG, CPIO_FAULT_COMPRESSED,
					"corrupt compressed data", s->seg_out);
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
static long run_whole(struct cpio_stream *s, const struct cpio_method *d,
		      const u8 *buf, size_t len)
{
	size_t start = s->magic_off - s->in_off;
	const char *msg = NULL;
	size_t used = 0;
	int err;

	if (s->dec) {
		err = end_compressed(s);
		if (err)
			return err;
	}
	if (s->magic_off < s->in_off)
		return stream_fail(s, -EINVAL, CPIO_FAULT_RESOURCE,
				   "compressed segment split across writes",
				   d->name, s->magic_off, 0);
	err = open_parser(s);
	if (err)
		return err;
	s->dec = d;
	s->dstate = NULL;
	s->seg_start = s->magic_off;
	s->magic_len = 0;
	err = d->ops->decode(buf + start, len - start, &used, whole_out, s,
			     &msg);
	if (err)
		return seg_fail(s, err, decoder_fault(err),
				msg ?: "corrupt compressed data", s->seg_out);
	if (used <= d->magic_len || used > len - start)
		return seg_fail(s, -EBADMSG, CPIO_FAULT_COMPRESSED,
				"corrupt compressed data", s->seg_out);
	s->state = CPIO_STREAM_BETWEEN;
	return start + used;
}

/* Start a compressed segment (or continue one) with the collected magic. */
static int start_compressed(struct cpio_stream *s, const struct cpio_method *d)
{
	void *state;
	long n;
	int err;

	if (s->dec && s->dec->ops == d->ops) {
		err = next_stream(s);
		if (err)
			return err;
	} else {
		if (s->dec) {
			err = end_compressed(s);
			if (err)
				return err;
		}
		state = d->ops->create();
		if (IS_ERR(state))
			return stream_fail(s, PTR_ERR(state), CPIO_FAULT_RESOURCE,
					   "cannot allocate decoder", d->name,
					   s->magic_off, 0);
		err = open_parser(s);
		if (err) {
			d->ops->destroy(state);
			return err;
		}
		s->dec = d;
		s->dstate = state;
		s->seg_start = s->magic_off;
	}
	s->state = CPIO_STREAM_DECODING;
	n = feed_decoder(s, s->magic, s->magic_len);
	if (n < 0)
		return n;
	if (n != s->magic_len)
		return seg_fail(s, -EBADMSG, CPIO_FAULT_COMPRESSED,
				"corrupt compressed data", 0);
	s->magic_len = 0;
	return 0;
}

/* Formats users meet where a segment should start, and what to do. */
static const struct {
	unsigned int offset;
	const char *magic;
	unsigned int len;
	const char *msg;
} other_formats[] = {
	{ 0, "\xc7\x71", 2, "binary cpio not supported, use newc (cpio -H newc)" },
	{ 0, "\x71\xc7", 2, "binary cpio not supported, use newc (cpio -H newc)" },
	{ 257, "ustar", 5,
	  "tar archive, not cpio: write newc (cpio -H newc, bsdtar --format newc)" },
	{ 0, "\xed\xab\xee\xdb", 4,
	  "rpm package, not cpio: extract its payload (rpm2cpio)" },
	{ 0, "PK\x03\x04", 4, "zip archive, not cpio" },
	{ 0, "hsqs", 4, "squashfs image, not cpio" },
};

static bool looks_like_text(const u8 *p, size_t n)
{
	size_t i;

	for (i = 0; i < min_t(size_t, n, 64); i++)
		if ((p[i] < 0x20 || p[i] > 0x7e) && p[i] != '\t' &&
		    p[i] != '\n' && p[i] != '\r')
			return false;
	return n > 0;
}

/*
 * Refuse what starts a segment but is neither cpio nor a method of the
 * table, naming it when it is a format users meet: -EOPNOTSUPP for those,
 * -EINVAL for anything else.
 */
static int refuse_unknown(struct cpio_stream *s)
{
	const u8 *p = s->peek;
	size_t n = s->peek_len;
	const char *msg;
	int i;

	for (i = 0; i < ARRAY_SIZE(other_formats); i++)
		if (n >= other_formats[i].offset + other_formats[i].len &&
		    !memcmp(p + other_formats[i].offset, other_formats[i].magic,
			    other_formats[i].len))
			return stream_fail(s, -EOPNOTSUPP, CPIO_FAULT_SEGMENT,
					   other_formats[i].msg, NULL,
					   s->magic_off, 0);
	if (s->magic_off)
		msg = "junk after the last segment: no NUL padding, cpio or known compression";
	else if (looks_like_text(p, n))
		msg = "text, not an archive";
	else
		msg = "neither a cpio archive nor a known compression format";
	return stream_fail(s, -EINVAL, CPIO_FAULT_SEGMENT, msg, NULL,
			   s->magic_off, 0);
}

/* What starts a segment matches no method: keep its first bytes. */
static int start_unknown(struct cpio_stream *s)
{
	s->peek = kmalloc(CPIO_STREAM_PEEK, GFP_KERNEL_ACCOUNT);
	if (!s->peek)
		return stream_fail(s, -ENOMEM, CPIO_FAULT_RESOURCE,
				   "out of memory", NULL, s->in_off, 0);
	memcpy(s->peek, s->magic, s->magic_len);
	s->peek_len = s->magic_len;
	s->magic_len = 0;
	s->state = CPIO_STREAM_UNKNOWN;
	return 0;
}

/*
 * Collect more of an unknown segment, whatever the write sizes, so that
 * refuse_unknown() names it the same way.
 */
static long peek_unknown(struct cpio_stream *s, const u8 *buf, size_t len)
{
	size_t n = min_t(size_t, len, CPIO_STREAM_PEEK - s->peek_len);

	memcpy(s->peek + s->peek_len, buf, n);
	s->peek_len += n;
	if (s->peek_len == CPIO_STREAM_PEEK)
		return refuse_unknown(s);
	return n;
}

/* Between segments: NUL padding, a cpio archive or a compression magic. */
static long scan_top(struct cpio_stream *s, const u8 *buf, size_t len)
{
	const struct cpio_method *d;
	size_t i = 0;
	int err;

	if (s->state == CPIO_STREAM_BETWEEN) {
		while (i < len && !buf[i])
			i++;
		if (!i && buf[0] != '0') {
			s->magic_off = s->in_off;
			s->state = CPIO_STREAM_MAGIC;
		} else {
			if (s->dec) {
				err = end_compressed(s);
				if (err)
					return err;
			}
			if (i)
				return i;
			if (s->in_off & 3)
				return stream_fail(s, -EINVAL, CPIO_FAULT_SEGMENT,
						   "unaligned cpio archive",
						   NULL, s->in_off, 0);
			s->seg_start = s->in_off;
			err = open_parser(s);
			if (err)
				return err;
			s->state = CPIO_STREAM_PLAIN;
			return 0;
		}
	}
	do {
		s->magic[s->magic_len++] = buf[i++];
		d = cpio_method_find(s->methods, s->magic, s->magic_len);
	} while (!d && i < len);
	if (IS_ERR(d)) {
		err = start_unknown(s);
		return err ? err : i;
	}
	if (d && !d->ops)
		return stream_fail(s, -EOPNOTSUPP, CPIO_FAULT_METHOD,
				   "compression method not supported at runtime",
				   d->name, s->magic_off, 0);
	if (d && d->ops->decode)
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
			return seg_fail(s, -EINVAL, CPIO_FAULT_HEADER,
					"malformed cpio archive", s->seg_out);
		err = cpio_parser_finish(s->parser);
		if (err)
			return parser_fail(s, err);
		close_segment(s);
		s->state = CPIO_STREAM_BETWEEN;
		/* What follows an archive starts on a multiple of four. */
		if ((s->in_off + n) & 3)
			return stream_fail(s, -EINVAL, CPIO_FAULT_PADDING,
					   "unaligned data after cpio archive",
					   NULL, s->in_off + n, 0);
	}
	return n;
}

/**
 * cpio_stream_create() - start walking a buffer of cpio segments
 * @ops: callbacks receiving the members of every archive
 * @ctx: passed to every callback
 * @methods: the compression methods segments may use, ending with an entry
 *	whose name is NULL, or NULL for cpio_methods[]; it must outlive @s
 *
 * Return: the new stream, or NULL when out of memory or when a magic of
 * @methods is empty or longer than 8 bytes.
 * Context: process context, may sleep.
 */
struct cpio_stream *cpio_stream_create(const struct cpio_parser_ops *ops,
				       void *ctx,
				       const struct cpio_method *methods)
{
	const struct cpio_method *m;
	struct cpio_stream *s;

	/* A magic is what collects in @magic, and an empty one matches all. */
	for (m = methods; m && m->name; m++)
		if (WARN_ON(!m->magic_len || m->magic_len > sizeof(s->magic)))
			return NULL;
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return NULL;
	s->bounce = __vmalloc(CPIO_STREAM_BOUNCE, CPIO_GFP_WORKSPACE);
	if (!s->bounce) {
		kfree(s);
		return NULL;
	}
	s->ops = ops;
	s->ctx = ctx;
	s->methods = methods ?: cpio_methods;
	return s;
}
EXPORT_SYMBOL_IF_KUNIT(cpio_stream_create);

/**
 * cpio_stream_write() - feed the next chunk of input
 * @s: the stream
 * @buf: input bytes
 * @len: number of bytes at @buf, any size
 *
 * Return: 0 when all of @buf was accepted, else the negative errno of the
 * first error (see the DOC: section "cpio stream"), also returned by every
 * later call.
 * Context: process context, may sleep; callbacks run from here.
 */
int cpio_stream_write(struct cpio_stream *s, const void *buf, size_t len)
{
	const u8 *p = buf;
	long n;

	if (s->state == CPIO_STREAM_FAILED)
		return s->err;
	if (s->state == CPIO_STREAM_FINISHED)
		return stream_fail(s, -EINVAL, CPIO_FAULT_RESOURCE,
				   "write after finish", NULL, s->in_off, 0);
	while (len) {
		switch (s->state) {
		case CPIO_STREAM_PLAIN:
			n = feed_raw(s, p, len);
			break;
		case CPIO_STREAM_DECODING:
			n = feed_decoder(s, p, len);
			break;
		case CPIO_STREAM_UNKNOWN:
			n = peek_unknown(s, p, len);
			break;
		default:
			n = scan_top(s, p, len);
			break;
		}
		if (n < 0)
			return n;
		p += n;
		len -= n;
		s->in_off += n;
		cond_resched();
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(cpio_stream_write);

/**
 * cpio_stream_finish() - the input is complete
 * @s: the stream
 *
 * Return: 0 if the input ended cleanly, -ENODATA if it ended inside a
 * compressed stream or a cpio member, -EINVAL after an incomplete magic or
 * a compressed segment not ending at an archive boundary, the errno of an
 * unknown segment that is only named now (-EINVAL or -EOPNOTSUPP, see the
 * DOC: section "cpio stream"), or the errno of an earlier failure.
 * Context: process context, may sleep.
 */
int cpio_stream_finish(struct cpio_stream *s)
{
	int err;

	switch (s->state) {
	case CPIO_STREAM_FAILED:
		return s->err;
	case CPIO_STREAM_FINISHED:
		return 0;
	case CPIO_STREAM_UNKNOWN:
		return refuse_unknown(s);
	case CPIO_STREAM_MAGIC:
		return stream_fail(s, -EINVAL, CPIO_FAULT_SEGMENT,
				   "input ends inside a compression magic",
				   NULL, s->magic_off, 0);
	case CPIO_STREAM_DECODING:
		return seg_fail(s, -ENODATA, CPIO_FAULT_TRUNCATED,
				"truncated compressed archive", s->seg_out);
	case CPIO_STREAM_PLAIN:
		err = cpio_parser_finish(s->parser);
		if (err)
			return parser_fail(s, err);
		close_segment(s);
		break;
	case CPIO_STREAM_BETWEEN:
		if (s->dec) {
			err = end_compressed(s);
			if (err)
				return err;
		}
		break;
	}
	s->state = CPIO_STREAM_FINISHED;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(cpio_stream_finish);

/**
 * cpio_stream_fail() - record a consumer's error with the stream position
 * @s: the stream
 * @err: negative errno
 * @fault: its kind
 * @msg: static description
 * @offset: offset within the open segment the error refers to
 *
 * Callbacks call this before returning @err so that cpio_stream_error()
 * reports their message.  Only the first error is kept.
 *
 * Return: the stream's error, @err unless an earlier one was recorded.
 * Context: any context.
 */
int cpio_stream_fail(struct cpio_stream *s, int err, enum cpio_fault fault,
		     const char *msg, u64 offset)
{
	return seg_fail(s, err, fault, msg, offset);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_stream_fail);

/**
 * cpio_stream_abort() - stop a stream for a reason of its caller
 * @s: the stream
 * @err: negative errno; anything else is recorded as -EINVAL, with a warning
 * @msg: static description
 *
 * Records @err and @msg as %CPIO_FAULT_CALLER at the input offset reached
 * (&cpio_stream_error.segment), unless an error was recorded first; every
 * later call returns the stream's error.
 *
 * Return: the stream's error.
 * Context: any context.
 */
int cpio_stream_abort(struct cpio_stream *s, int err, const char *msg)
{
	if (WARN_ON_ONCE(err >= 0))
		err = -EINVAL;
	return stream_fail(s, err, CPIO_FAULT_CALLER, msg, NULL, s->in_off, 0);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_stream_abort);

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
EXPORT_SYMBOL_IF_KUNIT(cpio_stream_error);

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
	vfree(s->bounce);
	kfree(s->peek);
	kfree(s);
}
EXPORT_SYMBOL_IF_KUNIT(cpio_stream_destroy);
