// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of lib/cpio/parser.c in userspace, over samples/good-*.cpio and
 * samples/bad-<errno>-*.cpio: exact errno, the event log recorded in
 * samples/<name>.events, the same log for input split at every offset and
 * byte by byte, archive boundaries and callback failures.
 *
 * Usage: test_parser [-u] SAMPLES_DIR   (-u rewrites the .events files)
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "events.h"

static int passed, failed, number;
static int update;

static void result(int ok, const char *name, const char *fmt, ...)
{
	va_list ap;

	number++;
	if (ok) {
		passed++;
		printf("ok %d - %s\n", number, name);
		return;
	}
	failed++;
	printf("not ok %d - %s: ", number, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	do {
		cap = cap * 2 + 4096;
		buf = realloc(buf, cap);
		n = fread(buf + *len, 1, cap - *len, f);
		*len += n;
	} while (*len == cap);
	fclose(f);
	return buf;
}

static const struct { const char *name; int err; } errnos[] = {
	{ "einval", -EINVAL }, { "eopnotsupp", -EOPNOTSUPP },
	{ "enametoolong", -ENAMETOOLONG }, { "ebadmsg", -EBADMSG },
	{ "enodata", -ENODATA },
};

static int expected_errno(const char *file, int *known)
{
	size_t i, n;

	*known = 1;
	if (!strncmp(file, "good-", 5))
		return 0;
	for (i = 0; i < ARRAY_SIZE(errnos); i++) {
		n = strlen(errnos[i].name);
		if (!strncmp(file + 4, errnos[i].name, n) && file[4 + n] == '-')
			return errnos[i].err;
	}
	*known = 0;
	return 0;
}

/* Print where two logs first differ. */
static void first_diff(const struct event_log *a, const struct event_log *b,
		       char *out, size_t size)
{
	size_t i = 0, line = 1;

	while (i < a->len && i < b->len && a->buf[i] == b->buf[i])
		if (a->buf[i++] == '\n')
			line++;
	snprintf(out, size, "logs differ at line %zu: \"%.80s\" vs \"%.80s\"",
		 line, a->buf + i, b->buf + i);
}

static int same_log(const struct event_log *a, const struct event_log *b)
{
	return a->len == b->len && !memcmp(a->buf, b->buf, a->len);
}

static void test_golden(const char *dir, const char *file,
			const struct event_log *whole)
{
	char path[4096], name[512], why[400];
	struct event_log gold;
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%.*s.events", dir,
		 (int)(strlen(file) - 5), file);
	snprintf(name, sizeof(name), "events %s", file);
	if (update) {
		f = fopen(path, "w");
		if (f) {
			fwrite(whole->buf, 1, whole->len, f);
			fclose(f);
		}
	}
	log_init(&gold);
	gold.buf = (char *)slurp(path, &len);
	gold.len = len;
	if (!gold.buf) {
		result(0, name, "missing %s (run test_parser -u)", path);
		return;
	}
	first_diff(&gold, whole, why, sizeof(why));
	result(same_log(&gold, whole), name, "%s", why);
	log_free(&gold);
}

static void test_splits(const char *file, const unsigned char *buf,
			size_t len, const struct event_log *whole)
{
	size_t k, step = len > 4000 ? len / 2000 : 1, *cuts;
	struct event_log log;
	char name[512], why[400];
	int bad = 0;

	snprintf(name, sizeof(name), "split at every offset %s", file);
	for (k = 0; k <= len && !bad; k += step) {
		log_init(&log);
		log_parse(&log, buf, len, &k, 1);
		if (!same_log(&log, whole)) {
			first_diff(whole, &log, why, sizeof(why));
			result(0, name, "cut at %zu: %s", k, why);
			bad = 1;
		}
		log_free(&log);
	}
	if (!bad)
		result(1, name, "");

	snprintf(name, sizeof(name), "byte by byte %s", file);
	cuts = malloc((len + 1) * sizeof(*cuts));
	for (k = 0; k < len; k++)
		cuts[k] = k + 1;
	log_init(&log);
	log_parse(&log, buf, len, cuts, len ? len - 1 : 0);
	first_diff(whole, &log, why, sizeof(why));
	result(same_log(&log, whole), name, "%s", why);
	log_free(&log);
	free(cuts);
}

/* A compressed segment after the archive: write() must stop right there. */
static void test_boundary(const char *file, const unsigned char *buf,
			  size_t len)
{
	static const unsigned char gzip[] = { 0x1f, 0x8b, 0x08, 0x00 };
	unsigned char *joined = malloc(len + sizeof(gzip));
	struct cpio_parser *p;
	char name[512];
	long n;

	snprintf(name, sizeof(name), "boundary after %s", file);
	memcpy(joined, buf, len);
	memcpy(joined + len, gzip, sizeof(gzip));
	p = cpio_parser_create(&(struct cpio_parser_ops){ 0 }, NULL);
	n = cpio_parser_write(p, joined, len + sizeof(gzip));
	result(n == (long)len && cpio_parser_at_boundary(p), name,
	       "write returned %ld, expected %zu", n, len);
	cpio_parser_destroy(p);
	free(joined);
}

static void test_callback_errors(const char *file, const unsigned char *buf,
				 size_t len)
{
	struct event_log log;
	char name[512];
	int k, calls, ret;

	log_init(&log);
	log_parse(&log, buf, len, NULL, 0);
	calls = log.calls;
	log_free(&log);
	snprintf(name, sizeof(name), "callback errors stop %s", file);
	for (k = 1; k <= calls; k++) {
		log_init(&log);
		log.fail_at = k;
		ret = log_parse(&log, buf, len, NULL, 0);
		log_free(&log);
		if (ret != -EIO || log.calls != k) {
			result(0, name, "failing callback %d: ret %d, %d calls",
			       k, ret, log.calls);
			return;
		}
	}
	result(1, name, "");
}

static void test_sample(const char *dir, const char *file)
{
	char path[4096], name[512];
	struct event_log whole;
	unsigned char *buf;
	int want, known, ret;
	size_t len;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	snprintf(name, sizeof(name), "errno %s", file);
	buf = slurp(path, &len);
	want = expected_errno(file, &known);
	if (!buf || !known) {
		result(0, name, buf ? "no errno in the name" : "cannot read");
		free(buf);
		return;
	}
	log_init(&whole);
	ret = log_parse(&whole, buf, len, NULL, 0);
	result(ret == want && !whole.violations, name,
	       "got %d (%s), expected %d", ret, whole.buf, want);
	test_golden(dir, file, &whole);
	test_splits(file, buf, len, &whole);
	if (!want) {
		if (strstr(whole.buf, "boundary=1"))
			test_boundary(file, buf, len);
		test_callback_errors(file, buf, len);
	}
	log_free(&whole);
	free(buf);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int is_sample(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && !strcmp(d->d_name + n - 5, ".cpio") &&
	       (!strncmp(d->d_name, "good-", 5) ||
		!strncmp(d->d_name, "bad-", 4));
}

int main(int argc, char **argv)
{
	struct dirent **list;
	const char *results;
	int i, n;

	if (argc > 1 && !strcmp(argv[1], "-u")) {
		update = 1;
		argv++, argc--;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: test_parser [-u] SAMPLES_DIR\n");
		return 2;
	}
	n = scandir(argv[1], &list, is_sample, by_name);
	if (n <= 0) {
		fprintf(stderr, "test_parser: no samples in %s\n", argv[1]);
		return 2;
	}
	for (i = 0; i < n; i++) {
		test_sample(argv[1], list[i]->d_name);
		free(list[i]);
	}
	free(list);
	printf("%d passed, %d failed\n", passed, failed);
	results = getenv("RESULTS");
	if (results) {
		FILE *f = fopen(results, "w");

		if (f) {
			fprintf(f, "%d %d 0\n", passed, failed);
			fclose(f);
		}
	}
	return failed ? 1 : 0;
}
