// SPDX-License-Identifier: GPL-2.0
/*
 * nstime: time one operation in a benchmark guest, in nanoseconds of
 * CLOCK_MONOTONIC, printed as "@@nstime <what> <ns>".
 *
 *   nstime mount ARCHIVE DIR   mount(2) of a read-only tmpfs filled from
 *                              ARCHIVE ("archive=ARCHIVE,ro") on DIR
 *   nstime exec PROG ARG...    run PROG and wait for it; fails if it does
 *
 * Built statically on the host: the guest has busybox and nothing else.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int time_mount(const char *archive, const char *dir)
{
	char opts[128];
	long long t0, t1;

	snprintf(opts, sizeof(opts), "archive=%s", archive);
	t0 = now_ns();
	if (mount("none", dir, "tmpfs", MS_RDONLY, opts)) {
		perror("nstime: mount");
		return 1;
	}
	t1 = now_ns();
	printf("@@nstime mount %lld\n", t1 - t0);
	return 0;
}

static int time_exec(char **argv)
{
	long long t0, t1;
	int status;
	pid_t pid;

	t0 = now_ns();
	pid = fork();
	if (pid < 0) {
		perror("nstime: fork");
		return 1;
	}
	if (!pid) {
		execv(argv[0], argv);
		perror("nstime: exec");
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status)) {
		fprintf(stderr, "nstime: %s failed\n", argv[0]);
		return 1;
	}
	t1 = now_ns();
	printf("@@nstime exec %lld\n", t1 - t0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "mount"))
		return time_mount(argv[2], argv[3]);
	if (argc >= 3 && !strcmp(argv[1], "exec"))
		return time_exec(argv + 2);
	fprintf(stderr, "usage: nstime mount ARCHIVE DIR | exec PROG ARG...\n");
	return 2;
}
