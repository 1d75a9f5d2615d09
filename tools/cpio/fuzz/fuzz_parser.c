// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for lib/cpio/parser.c.  The first two input bytes seed
 * the choice of chunk splits; the rest is the archive.  The parser runs over
 * the whole buffer and over the split one, and the two event logs (entries,
 * data hashes, results, error message and offset) must be identical, and
 * the data calls of every file must add up to its size.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "events.h"

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

static void report(const struct event_log *whole,
		   const struct event_log *split)
{
	fprintf(stderr, "whole:\n%.*s\nsplit:\n%.*s\n", (int)whole->len,
		whole->buf, (int)split->len, split->buf);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t cuts[4096];
	struct event_log whole, split;
	size_t ncuts;

	if (size < 2)
		return 0;
	ncuts = make_cuts(data[0] | data[1] << 8 | (uint32_t)size << 16,
			  size - 2, cuts, 4096);
	log_init(&whole);
	log_init(&split);
	log_parse(&whole, data + 2, size - 2, NULL, 0);
	log_parse(&split, data + 2, size - 2, cuts, ncuts);
	if (whole.violations || split.violations)
		report(&whole, &split);
	if (whole.len != split.len || memcmp(whole.buf, split.buf, whole.len))
		report(&whole, &split);
	log_free(&whole);
	log_free(&split);
	return 0;
}
