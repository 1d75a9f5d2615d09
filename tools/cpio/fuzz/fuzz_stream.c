// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the cpio stream (lib/cpio/unpack.c): whole buffers
 * in the initramfs buffer format, with gzip, zstd and xz segments decoded
 * by the kernel's own lib/zlib_inflate, lib/zstd and lib/xz.
 *
 * Input: two bytes seeding the chunk splits, one byte of options, then the
 * buffer.  Options: bit 0 skips the gzip CRC32 (cpio_gzip_unchecked_ops, so
 * that mutated gzip data can still inflate to archives), bit 1 installs a
 * skip callback that skips what the parser cannot hand over, bits 2-7 (when
 * not 0) make that callback number fail with -EIO in the split run.
 *
 * The buffer goes through one stream in a single write and through another
 * in chunks.  Every callback checks the invariants of the parser's events
 * (names NUL-terminated within their name size and PATH_MAX, targets only
 * for symlinks, data only inside a regular file and adding up to its size,
 * members at offsets that are multiples of four); a stream result must
 * match its error record, and errors must be sticky.  Member offsets count
 * from the start of their segment, which the callbacks cannot see, so their
 * order is checked through the comparison of the two runs only.  When both runs succeed their event
 * logs must be identical; otherwise the shorter log must be a prefix of the
 * longer, since a decoder error may be found before or after the output
 * preceding it reaches the parser, depending on the chunks.
 *
 * FUZZ_STREAM_VERBOSE=1 in the environment prints both logs of every input.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/cpio_extract.h>
#include "events.h"
#include "stream.h"

#define OPT_NO_CRC	0x01
#define OPT_SKIP	0x02
#define OPT_FAIL_SHIFT	2

struct run {
	struct event_log log;
	int skip;			/* install the skip callback */
	int fail_at;			/* callback number failing with -EIO */
	int calls;
	int failed;			/* a callback returned -EIO */
	int after_fail;			/* callbacks after that */
	/* the current member */
	int in_file;			/* between a regular file's entry and data_end */
	char name[CPIO_NAME_MAX];
	u32 filesize;
	unsigned long long data_len;
	unsigned int data_hash;
};

static void violation(struct run *r, const char *what)
{
	log_printf(&r->log, "VIOLATION: %s\n", what);
	r->log.violations++;
}

static int next_call(struct run *r)
{
	if (r->failed)
		r->after_fail++;
	if (++r->calls == r->fail_at) {
		r->failed = 1;
		return -EIO;
	}
	return 0;
}

/* @s is NUL-terminated within @size bytes. */
static int terminated(const char *s, size_t size)
{
	return memchr(s, 0, size) != NULL;
}

static int fz_entry(void *ctx, const struct cpio_entry *e)
{
	struct run *r = ctx;

	if (r->in_file)
		violation(r, "entry inside a file");
	if (!e->name || !e->namesize || e->namesize > CPIO_NAME_MAX ||
	    !terminated(e->name, e->namesize)) {
		violation(r, "name missing, too long or not terminated");
		return next_call(r);
	}
	/* The parser refuses (or skips) an empty target: fuzz/crashes/README. */
	if (S_ISLNK(e->mode)) {
		if (!e->target || !e->target[0] ||
		    strnlen(e->target, CPIO_NAME_MAX) == CPIO_NAME_MAX)
			violation(r, "symlink target missing, empty or too long");
	} else if (e->target) {
		violation(r, "target for a non-symlink");
	}
	if (e->offset & 3)
		violation(r, "unaligned member");

	log_printf(&r->log, "entry %s off=%llu fmt=%d mode=%o size=%u ",
		   e->name, (unsigned long long)e->offset, e->format, e->mode,
		   e->filesize);
	log_printf(&r->log, "ino=%u nlink=%u mtime=%u rdev=%u:%u target=%s\n",
		   e->ino, e->nlink, e->mtime, e->rdev_major, e->rdev_minor,
		   e->target ? e->target : "(null)");
	if (S_ISREG(e->mode)) {
		r->in_file = 1;
		strcpy(r->name, e->name);
		r->filesize = e->filesize;
		r->data_len = 0;
		r->data_hash = 2166136261u;
	}
	return next_call(r);
}

static int fz_data(void *ctx, const void *buf, size_t len)
{
	struct run *r = ctx;
	const unsigned char *p = buf;
	size_t i;

	if (!r->in_file)
		violation(r, "data outside a regular file");
	if (!len)
		violation(r, "empty data call");
	for (i = 0; i < len; i++)
		r->data_hash = (r->data_hash ^ p[i]) * 16777619u;
	r->data_len += len;
	if (r->data_len > r->filesize)
		violation(r, "more data than the file size");
	return next_call(r);
}

static int fz_data_end(void *ctx, const struct cpio_entry *e)
{
	struct run *r = ctx;

	if (!r->in_file)
		violation(r, "data_end without a regular file");
	else if (!e->name || strcmp(e->name, r->name) ||
		 e->filesize != r->filesize)
		violation(r, "data_end for another member");
	if (r->data_len != e->filesize)
		violation(r, "data length differs from the file size");
	log_printf(&r->log, "data_end len=%llu hash=%08x\n", r->data_len,
		   r->data_hash);
	r->in_file = 0;
	return next_call(r);
}

static int fz_trailer(void *ctx)
{
	struct run *r = ctx;

	if (r->in_file)
		violation(r, "trailer inside a file");
	log_printf(&r->log, "trailer\n");
	return next_call(r);
}

static int fz_skip(void *ctx, const struct cpio_entry *e, int err,
		   const char *msg)
{
	struct run *r = ctx;

	if (r->in_file)
		violation(r, "skip inside a file");
	if (err >= 0 || !msg)
		violation(r, "skip without errno or message");
	if (e->name && (!e->namesize || e->namesize > CPIO_NAME_MAX ||
			!terminated(e->name, e->namesize)))
		violation(r, "skipped name not terminated within its size");
	if (e->offset & 3)
		violation(r, "unaligned skipped member");
	log_printf(&r->log, "skip off=%llu err=%d %s\n",
		   (unsigned long long)e->offset, err, msg ? msg : "(null)");
	return next_call(r);
}

static const struct cpio_parser_ops fz_ops = {
	.entry = fz_entry,
	.data = fz_data,
	.data_end = fz_data_end,
	.trailer = fz_trailer,
};

static const struct cpio_parser_ops fz_skip_ops = {
	.entry = fz_entry,
	.data = fz_data,
	.data_end = fz_data_end,
	.trailer = fz_trailer,
	.skip = fz_skip,
};

static size_t make_cuts(uint32_t seed, size_t len, size_t *cuts, size_t max)
{
	size_t n = 0, at = 0, limit = (seed & 0xff) + 1;

	seed |= 1;
	while (n < max) {
		seed ^= seed << 13;
		seed ^= seed >> 17;
		seed ^= seed << 5;
		at += 1 + seed % limit;
		if (at >= len)
			break;
		cuts[n++] = at;
	}
	return n;
}

/* cpio_methods[] with the gzip decoder that does not check the CRC32. */
static struct cpio_method unchecked[16];

static const struct cpio_method *methods_for(int no_crc)
{
	int i;

	if (!no_crc)
		return cpio_methods;
	if (!unchecked[0].name) {
		for (i = 0; cpio_methods[i].name; i++) {
			unchecked[i] = cpio_methods[i];
			if (unchecked[i].ops == &cpio_gzip_ops)
				unchecked[i].ops = &cpio_gzip_unchecked_ops;
		}
	}
	return unchecked;
}

/* Feed @buf cut at @cuts through a new stream; return its result. */
static int run_stream(struct run *r, const uint8_t *buf, size_t len,
		      const size_t *cuts, size_t ncuts, int no_crc)
{
	struct cpio_stream *s;
	const struct cpio_stream_error *err;
	size_t start = 0, end, i;
	int ret = 0, again;

	s = cpio_stream_create(r->skip ? &fz_skip_ops : &fz_ops, r,
			       methods_for(no_crc));
	if (!s)
		abort();
	for (i = 0; i <= ncuts && !ret; i++) {
		end = i < ncuts ? cuts[i] : len;
		ret = cpio_stream_write(s, buf + start, end - start);
		start = end;
	}
	if (!ret)
		ret = cpio_stream_finish(s);
	err = cpio_stream_error(s);
	if (ret > 0 || !ret != !err->msg)
		violation(r, "result and error record disagree");
	if (ret && err->segment > len)
		violation(r, "error segment beyond the input");
	if (r->in_file && !ret)
		violation(r, "success inside a file");
	if (r->after_fail)
		violation(r, "callbacks after a failing one");
	if (r->failed && ret != -EIO)
		violation(r, "a callback's error was not returned");
	log_printf(&r->log, "ret=%d\n", ret);
	if (!ret != (err->fault == CPIO_FAULT_NONE))
		violation(r, "result and fault kind disagree");
	log_printf(&r->log, "error=%s fault=%d method=%s segment=%llu offset=%llu\n",
		   err->msg ? err->msg : "none", err->fault,
		   err->method ? err->method : "none",
		   (unsigned long long)err->segment,
		   (unsigned long long)err->offset);
	/* Errors are sticky; writing after finish is one. */
	again = cpio_stream_write(s, buf, len);
	if (ret ? again != ret : again != -EINVAL)
		violation(r, "write after the end not refused");
	cpio_stream_destroy(s);
	return ret;
}

/* Length of @log up to its "ret=" line: the events alone. */
static size_t events_len(const struct event_log *log)
{
	const char *p = log->buf, *end = log->buf + log->len;

	while (p < end) {
		if (!strncmp(p, "ret=", 4))
			return p - log->buf;
		p = memchr(p, '\n', end - p);
		if (!p)
			break;
		p++;
	}
	return log->len;
}

static void report(const char *why, const struct run *whole,
		   const struct run *split)
{
	fprintf(stderr, "%s\nwhole:\n%.*s\nsplit:\n%.*s\n", why,
		(int)whole->log.len, whole->log.buf, (int)split->log.len,
		split->log.buf);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t cuts[4096];
	static struct run whole, split;
	static int verbose = -1;
	size_t ncuts, wl, sl;
	int opts, wret, sret;

	if (size < 3)
		return 0;
	opts = data[2];
	ncuts = make_cuts(data[0] | data[1] << 8 | (uint32_t)size << 16,
			  size - 3, cuts, 4096);
	memset(&whole, 0, sizeof(whole));
	memset(&split, 0, sizeof(split));
	whole.skip = split.skip = !!(opts & OPT_SKIP);
	split.fail_at = opts >> OPT_FAIL_SHIFT;
	log_init(&whole.log);
	log_init(&split.log);
	wret = run_stream(&whole, data + 3, size - 3, NULL, 0,
			  opts & OPT_NO_CRC);
	sret = run_stream(&split, data + 3, size - 3, cuts, ncuts,
			  opts & OPT_NO_CRC);
	if (verbose < 0)
		verbose = !!getenv("FUZZ_STREAM_VERBOSE");
	if (verbose)
		fprintf(stderr, "whole:\n%.*s\nsplit:\n%.*s\n",
			(int)whole.log.len, whole.log.buf,
			(int)split.log.len, split.log.buf);
	if (whole.log.violations || split.log.violations)
		report("invariant broken", &whole, &split);
	wl = events_len(&whole.log);
	sl = events_len(&split.log);
	if (!split.failed && !wret != !sret)
		report("whole and split runs disagree on success", &whole,
		       &split);
	if (!wret && !sret &&
	    (whole.log.len != split.log.len ||
	     memcmp(whole.log.buf, split.log.buf, whole.log.len)))
		report("whole and split runs differ", &whole, &split);
	if (memcmp(whole.log.buf, split.log.buf, wl < sl ? wl : sl))
		report("one run's events are no prefix of the other's",
		       &whole, &split);
	log_free(&whole.log);
	log_free(&split.log);
	return 0;
}
