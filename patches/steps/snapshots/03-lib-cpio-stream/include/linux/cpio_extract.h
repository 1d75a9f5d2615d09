/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runtime cpio unpacking: the stream of (compressed) segments described by
 * Documentation/driver-api/early-userspace/buffer-format.rst.  See
 * lib/cpio/unpack.c for the errno returned for each class of bad input.
 */
#ifndef _LINUX_CPIO_EXTRACT_H
#define _LINUX_CPIO_EXTRACT_H

#include <linux/cpio.h>
#include <linux/types.h>

/* Largest zstd window accepted by the runtime zstd decoder (8 MiB). */
#define CPIO_ZSTD_WINDOW_MAX	(8U << 20)
/* Largest xz (LZMA2) dictionary accepted by the runtime xz decoder. */
#define CPIO_XZ_DICT_MAX	(32U << 20)

/*
 * Decoder workspaces and buffers: charged to the extracting task's memory
 * cgroup, and failing with -ENOMEM above its limit rather than invoking the
 * OOM killer.  The failure is reported in the extraction's error message,
 * so the allocator does not warn.  For __vmalloc(): kvmalloc() would try
 * kmalloc() without __GFP_NORETRY at a high order first.
 */
#define CPIO_GFP_WORKSPACE \
	(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)

/**
 * struct cpio_dbuf - input and output of one decoder step
 * @in: compressed input
 * @in_pos: bytes of @in consumed so far, advanced by the decoder
 * @in_size: bytes available at @in
 * @out: output buffer
 * @out_pos: bytes of @out filled so far, advanced by the decoder
 * @out_size: size of @out
 * @msg: set by the decoder with a static description when it fails
 */
struct cpio_dbuf {
	const u8 *in;
	size_t in_pos;
	size_t in_size;
	u8 *out;
	size_t out_pos;
	size_t out_size;
	const char *msg;
};

/* Returned by &cpio_decoder_ops.run when a compressed stream (frame) ended. */
#define CPIO_DEC_END	1

/**
 * struct cpio_decoder_ops - how a compression method is decoded
 * @create: allocate a decoder ready for a new stream; ERR_PTR() on error
 * @reset: prepare for the next concatenated stream of the same method
 * @run: decode from @b->in into @b->out; returns 0 when it needs more input
 *	or more output space, %CPIO_DEC_END when the stream ended (with
 *	@b->in_pos just past it), or a negative errno (-EBADMSG for corrupt
 *	data, -EOPNOTSUPP, -E2BIG for memory limits) with @b->msg set
 * @destroy: free what @create allocated
 * @decode: for decoders that take a whole stream in one buffer (the
 *	callback-style decompressors of lib/decompress_*.c), instead of the
 *	four above: decode the stream starting at @in, of which at most @len
 *	bytes are there (the rest of the current cpio_stream_write() call),
 *	hand the output to @out(@ctx, ...) in chunks of any size and set
 *	*@used to the input bytes the stream took; return 0, or a negative
 *	errno with *@msg set (an error of @out must be returned as it is)
 */
struct cpio_decoder_ops {
	void *(*create)(void);
	int (*reset)(void *state);
	int (*run)(void *state, struct cpio_dbuf *b);
	void (*destroy)(void *state);
	int (*decode)(const u8 *in, size_t len, size_t *used,
		      int (*out)(void *ctx, const void *buf, size_t len),
		      void *ctx, const char **msg);
};

/**
 * struct cpio_method - a compression method a segment may use
 * @name: method name, used in messages and attributes ("gzip", "zstd", ...)
 * @magic: the bytes a stream of this method starts with
 * @mask: bits of @magic that must match, or NULL to compare all bits
 * @magic_len: length of @magic, at most 8
 * @ops: its decoder, or NULL when it is known but cannot be decoded: a
 *	segment with its magic is refused with -EOPNOTSUPP
 *
 * A table of methods ends with an entry whose @name is NULL.
 */
struct cpio_method {
	const char *name;
	const char *magic;
	const char *mask;
	unsigned int magic_len;
	const struct cpio_decoder_ops *ops;
};

extern const struct cpio_decoder_ops cpio_gzip_ops;
extern const struct cpio_decoder_ops cpio_gzip_unchecked_ops;
extern const struct cpio_decoder_ops cpio_zstd_ops;
extern const struct cpio_decoder_ops cpio_xz_ops;
extern const struct cpio_method cpio_methods[];

const struct cpio_method *cpio_method_find(const struct cpio_method *methods,
					   const u8 *buf, size_t len);

/**
 * struct cpio_stream_error - where and why a stream was refused
 * @msg: static description, NULL when there was no error
 * @fault: the kind of refusal
 * @method: decompression method of the failing segment, NULL if the
 *	failure is in an uncompressed segment or between segments
 * @segment: input offset at which the failing segment starts; for a
 *	failure between segments, the input offset of the offending byte;
 *	for %CPIO_FAULT_CALLER, the input offset reached
 * @offset: offset of the failure within the segment, counted in
 *	decompressed bytes for a compressed segment
 */
struct cpio_stream_error {
	const char *msg;
	enum cpio_fault fault;
	const char *method;
	u64 segment;
	u64 offset;
};

#endif /* _LINUX_CPIO_EXTRACT_H */
