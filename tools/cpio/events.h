/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Event recorder for tests of lib/cpio/parser.c: every callback appends a
 * line to a log, so that two runs over the same input can be compared.
 */
#ifndef _CPIO_EVENTS_H
#define _CPIO_EVENTS_H

#include <stddef.h>
#include <linux/cpio.h>

struct event_log {
	char *buf;
	size_t len, cap;
	unsigned long long data_len;	/* data of the current file so far */
	unsigned int data_hash;
	int data_calls;
	int fail_at;		/* callback number that fails, or 0 */
	int calls;
	int violations;		/* broken parser invariants, see events.c */
};

extern const struct cpio_parser_ops event_ops;

void log_init(struct event_log *log);
void log_free(struct event_log *log);
void log_printf(struct event_log *log, const char *fmt, ...);

/*
 * Parse @buf cut at the offsets in @cuts (ascending, @ncuts of them), log
 * every event, the return of each write and of finish, and the error.
 * Return the first error or 0.
 */
int log_parse(struct event_log *log, const unsigned char *buf, size_t len,
	      const size_t *cuts, size_t ncuts);

#endif
