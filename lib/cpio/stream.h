/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stream layer of the cpio library (unpack.c), for the extractor and
 * the KUnit suite: the initramfs buffer format walked at run time, its
 * entries handed to a &struct cpio_parser_ops.  See the DOC: section
 * "cpio stream" in unpack.c.
 */
#ifndef _LIB_CPIO_STREAM_H
#define _LIB_CPIO_STREAM_H

#include <linux/cpio_extract.h>

struct cpio_stream;

struct cpio_stream *cpio_stream_create(const struct cpio_parser_ops *ops,
				       void *ctx,
				       const struct cpio_method *methods);
int cpio_stream_write(struct cpio_stream *s, const void *buf, size_t len);
int cpio_stream_finish(struct cpio_stream *s);
int cpio_stream_fail(struct cpio_stream *s, int err, enum cpio_fault fault,
		     const char *msg, u64 offset);
int cpio_stream_abort(struct cpio_stream *s, int err, const char *msg);
const struct cpio_stream_error *cpio_stream_error(const struct cpio_stream *s);
void cpio_stream_destroy(struct cpio_stream *s);

#endif /* _LIB_CPIO_STREAM_H */
