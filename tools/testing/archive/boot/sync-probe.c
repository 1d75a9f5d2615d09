// SPDX-License-Identifier: GPL-2.0
/*
 * sync-probe: call sync(2) while Shmem is growing, and say where it was.
 *
 *   sync-probe KB
 *
 * Waits (polling /proc/meminfo, at most 20 s) until Shmem has grown by KB
 * from its value at start, calls sync(2) and prints
 * "sync-probe: start S during D synced Y" in kB.  Started before a mount
 * that populates a tmpfs, it shows whether sync(2) returned while the
 * population was still going (Y below the populated Shmem) or waited for
 * it.  It forks nothing, so that it runs as soon as the scheduler lets it.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long shmem_kb(void)
{
	static char buf[8192];
	ssize_t n;
	char *p;
	int fd;

	fd = open("/proc/meminfo", O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "\nShmem:");
	return p ? strtol(p + 7, NULL, 10) : -1;
}

int main(int argc, char **argv)
{
	long grow, start, during, synced;
	time_t end = time(NULL) + 20;

	if (argc != 2) {
		fprintf(stderr, "usage: %s KB\n", argv[0]);
		return 2;
	}
	grow = strtol(argv[1], NULL, 10);
	start = shmem_kb();
	do {
		during = shmem_kb();
	} while (during - start < grow && time(NULL) < end);
	sync();
	synced = shmem_kb();
	printf("sync-probe: start %ld during %ld synced %ld\n", start, during,
	       synced);
	return during - start < grow;
}
