// SPDX-License-Identifier: GPL-2.0
/*
 * Print the size of this host's XSAVE area as CPUID reports it and as the
 * host kernel hands it to a tracer (PTRACE_GETREGSET, NT_X86_XSTATE): the
 * buffer UML must provide for every PTRACE_SETREGSET.
 *
 * Output: "cpuid <bytes for XCR0> <bytes for all features> regset <bytes>"
 * (0 for what the host does not have).
 */
#include <cpuid.h>
#include <elf.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define PROBE_SIZE (64 * 1024)

static unsigned long regset_size(void)
{
	struct iovec iov = { .iov_len = PROBE_SIZE };
	unsigned long size = 0;
	int status;
	pid_t pid;

	iov.iov_base = malloc(PROBE_SIZE);
	if (!iov.iov_base)
		return 0;
	pid = fork();
	if (pid == 0) {
		ptrace(PTRACE_TRACEME, 0, NULL, NULL);
		raise(SIGSTOP);
		_exit(0);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFSTOPPED(status)) {
		if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_X86_XSTATE, &iov) == 0)
			size = iov.iov_len;
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	free(iov.iov_base);
	return size;
}

int main(void)
{
	unsigned int a = 0, b = 0, c = 0, d = 0;

	if (!__get_cpuid_count(0xd, 0, &a, &b, &c, &d)) {
		b = 0;
		c = 0;
	}
	printf("cpuid %u %u regset %lu\n", b, c, regset_size());
	return 0;
}
