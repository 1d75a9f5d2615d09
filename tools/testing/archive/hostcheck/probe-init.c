// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the host self-check's probe boot (UML and qemu): three processes
 * keep their own SSE register and MXCSR rounding mode across many context
 * switches, which needs the kernel to save and restore each one's whole
 * FP/XSAVE state.  Prints "@@hostcheck fpu ok" or what went wrong, then
 * powers off (with "reboot" as argument: reboots, for qemu -no-reboot).
 */
#include <fenv.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 2000

/* Put V into xmm15, yield the CPU with a raw syscall, read xmm15 back. */
static unsigned long xmm15_across_yield(unsigned long v)
{
	unsigned long out;

	asm volatile("movq %1, %%xmm15\n\t"
		     "movl $24, %%eax\n\t"	/* __NR_sched_yield */
		     "syscall\n\t"
		     "movq %%xmm15, %0"
		     : "=r" (out) : "r" (v)
		     : "rax", "rcx", "r11", "xmm15", "memory");
	return out;
}

/* A division done at run time, in the current rounding mode. */
static double divide(double a, double b)
{
	asm volatile("" : "+x" (a));	/* the compiler cannot fold it */
	return a / b;
}

/* 0 when this process kept its register and rounding mode every time. */
static int worker(int id, int mode)
{
	unsigned long v = 0x1234567800000000ul + id;
	double third;
	int i;

	fesetround(mode);
	third = divide(1.0, 3.0);
	for (i = 0; i < ROUNDS; i++) {
		if (xmm15_across_yield(v + i) != v + i) {
			printf("@@hostcheck fpu: %d: xmm15 changed\n", id);
			return 1;
		}
		if (fegetround() != mode || divide(1.0, 3.0) != third) {
			printf("@@hostcheck fpu: %d: rounding mode lost\n", id);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const int modes[] = { FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
	int i, status, bad;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 1; i < 3; i++) {
		if (fork() == 0)
			_exit(worker(i, modes[i]));
	}
	bad = worker(0, modes[0]);
	while (wait(&status) > 0) {
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			bad = 1;
	}
	printf("@@hostcheck fpu %s\n", bad ? "failed" : "ok");
	sync();
	if (argc > 1 && !strcmp(argv[1], "reboot"))
		reboot(RB_AUTOBOOT);
	reboot(RB_POWER_OFF);
	return 0;
}
