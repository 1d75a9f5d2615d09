// SPDX-License-Identifier: GPL-2.0
/*
 * archive-sweep: fail the Nth allocation of one tmpfs "archive=" mount, for
 * N = 1, 2, ... until a mount succeeds with no fault injected.
 *
 *   archive-sweep OPTIONS TARGET CHECK
 *
 * Each try writes N to /proc/thread-self/fail-nth (failslab and
 * fail_page_alloc must be set up to fail sleeping allocations) and mounts a
 * tmpfs with OPTIONS on TARGET.  A try that fails must fail with ENOMEM or
 * ENOSPC, leave TARGET unmounted and Shmem (after vm/stat_refresh) where it
 * was; a try that succeeds, with or without its fault injected, must give
 * the expected tree, which the shell command CHECK verifies (it is run with
 * TARGET mounted).  Prints one line per anomaly and a summary; exits
 * non-zero on any anomaly.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_TRIES 100000

static long shmem_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f;
	int fd;

	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "1", 1) < 0)
			perror("stat_refresh");
		close(fd);
	}
	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Shmem: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static int is_mounted(const char *target)
{
	char parent[4096];
	struct stat a, b;

	snprintf(parent, sizeof(parent), "%s/..", target);
	if (stat(target, &a) || stat(parent, &b))
		return -1;
	return a.st_dev != b.st_dev;
}

/* Arm fail-nth for the next allocations of this thread; 0 disarms. */
static int set_fail_nth(int fd, unsigned long n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lu", n);

	return pwrite(fd, buf, len, 0) == len ? 0 : -1;
}

/* What is left of the count: 0 if the fault was injected. */
static long get_fail_nth(int fd)
{
	char buf[32] = "";

	if (pread(fd, buf, sizeof(buf) - 1, 0) <= 0)
		return -1;
	return strtol(buf, NULL, 10);
}

int main(int argc, char **argv)
{
	unsigned long n, failed = 0, tolerated = 0, enomem = 0, enospc = 0;
	const char *opts, *target, *check;
	int fd, r, err, bad = 0;
	long base, now, left;

	if (argc != 4) {
		fprintf(stderr, "usage: %s OPTIONS TARGET CHECK\n", argv[0]);
		return 2;
	}
	opts = argv[1];
	target = argv[2];
	check = argv[3];
	fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fd < 0) {
		perror("/proc/thread-self/fail-nth");
		return 2;
	}
	base = shmem_kb();
	for (n = 1; n <= MAX_TRIES; n++) {
		if (set_fail_nth(fd, n)) {
			perror("fail-nth");
			return 2;
		}
		r = mount("none", target, "tmpfs", 0, opts);
		err = errno;
		left = get_fail_nth(fd);
		set_fail_nth(fd, 0);
		if (r == 0) {
			if (system(check) != 0) {
				printf("sweep: N=%lu: mounted, wrong tree\n", n);
				bad++;
			}
			if (umount(target)) {
				perror("umount");
				return 2;
			}
			base = shmem_kb();
			if (left)	/* no fault reached: the sweep is done */
				break;
			tolerated++;
			continue;
		}
		if (left) {
			printf("sweep: N=%lu: failed (%s) without a fault\n", n,
			       strerror(err));
			bad++;
			break;
		}
		failed++;
		if (err == ENOMEM) {
			enomem++;
		} else if (err == ENOSPC) {
			enospc++;
		} else {
			printf("sweep: N=%lu: unexpected errno %s\n", n,
			       strerror(err));
			bad++;
		}
		if (is_mounted(target) != 0) {
			printf("sweep: N=%lu: failed but mounted\n", n);
			bad++;
		}
		now = shmem_kb();
		if (now != base) {
			printf("sweep: N=%lu: Shmem %ld kB, was %ld kB\n", n,
			       now, base);
			bad++;
			base = now;
		}
	}
	if (n > MAX_TRIES) {
		printf("sweep: no fault-free mount after %d tries\n", MAX_TRIES);
		bad++;
	}
	printf("sweep: %lu tries: %lu failed cleanly (ENOMEM %lu, ENOSPC %lu), ",
	       n, failed, enomem, enospc);
	printf("%lu survived a fault, %d anomalies\n", tolerated, bad);
	return bad ? 1 : 0;
}
