// SPDX-License-Identifier: GPL-2.0
/*
 * Event recorder for tests of lib/cpio/parser.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "events.h"

void log_init(struct event_log *log)
{
	memset(log, 0, sizeof(*log));
}

void log_free(struct event_log *log)
{
	free(log->buf);
	log->buf = NULL;
}

void log_printf(struct event_log *log, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!log->buf) {
		log->cap = 1024;
		log->buf = malloc(log->cap);
		if (!log->buf)
			abort();
	}
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(log->buf + log->len, log->cap - log->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && log->len + n < log->cap)
			break;
		log->cap = log->cap * 2 + n + 256;
		log->buf = realloc(log->buf, log->cap);
		if (!log->buf)
			abort();
	}
	log->len += n;
}

static int maybe_fail(struct event_log *log)
{
	return ++log->calls == log->fail_at ? -EIO : 0;
}

static int ev_entry(void *ctx, const struct cpio_entry *e)
{
	struct event_log *log = ctx;

	log_printf(log, "entry %s off=%llu fmt=%d ino=%u mode=%o uid=%u gid=%u ",
		   e->name, (unsigned long long)e->offset, e->format, e->ino,
		   e->mode, e->uid, e->gid);
	log_printf(log, "nlink=%u mtime=%u size=%u dev=%u:%u rdev=%u:%u ",
		   e->nlink, e->mtime, e->filesize, e->dev_major, e->dev_minor,
		   e->rdev_major, e->rdev_minor);
	log_printf(log, "check=%x namesize=%u target=%s\n", e->check,
		   e->namesize, e->target ? e->target : "(null)");
	log->data_len = 0;
	log->data_hash = 2166136261u;
	return maybe_fail(log);
}

static int ev_data(void *ctx, const void *buf, size_t len)
{
	struct event_log *log = ctx;
	const unsigned char *s = buf;
	size_t i;

	if (!len) {
		log_printf(log, "empty data call\n");
		log->violations++;
	}
	for (i = 0; i < len; i++)
		log->data_hash = (log->data_hash ^ s[i]) * 16777619u;
	log->data_len += len;
	log->data_calls++;
	return maybe_fail(log);
}

static int ev_data_end(void *ctx, const struct cpio_entry *e)
{
	struct event_log *log = ctx;

	log_printf(log, "data_end %s len=%llu hash=%08x\n", e->name,
		   log->data_len, log->data_len ? log->data_hash : 0);
	if (log->data_len != e->filesize) {
		log_printf(log, "data length %llu != filesize %u\n",
			   log->data_len, e->filesize);
		log->violations++;
	}
	log->data_len = 0;
	log->data_hash = 2166136261u;
	return maybe_fail(log);
}

static int ev_trailer(void *ctx)
{
	struct event_log *log = ctx;

	log_printf(log, "trailer\n");
	return maybe_fail(log);
}

const struct cpio_parser_ops event_ops = {
	.entry = ev_entry,
	.data = ev_data,
	.data_end = ev_data_end,
	.trailer = ev_trailer,
};

int log_parse(struct event_log *log, const unsigned char *buf, size_t len,
	      const size_t *cuts, size_t ncuts)
{
	struct cpio_parser *p = cpio_parser_create(&event_ops, log);
	const struct cpio_error *err;
	size_t start = 0, i, end, total = 0;
	long n = 0;
	int ret;

	if (!p)
		abort();
	for (i = 0; i <= ncuts; i++) {
		end = i < ncuts ? cuts[i] : len;
		n = cpio_parser_write(p, buf + start, end - start);
		if (n < 0)
			break;
		total += n;
		if ((size_t)n < end - start)
			break;
		start = end;
	}
	ret = n < 0 ? (int)n : cpio_parser_finish(p);
	err = cpio_parser_error(p);
	/* An error has a message and an offset within the input. */
	if (!ret != !err->msg || err->offset > len || total > len)
		log->violations++;
	log_printf(log, "consumed=%zu ret=%d boundary=%d error=%s@%llu\n",
		   n < 0 ? 0 : total, ret, cpio_parser_at_boundary(p),
		   err->msg ? err->msg : "none",
		   (unsigned long long)err->offset);
	cpio_parser_destroy(p);
	return ret;
}
