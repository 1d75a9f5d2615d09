#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
#
# A bcc program of the kind bcc's tools are: it needs the kernel headers
# (<linux/sched.h>, a task_struct field read in a kprobe).  It traces
# execve(2), starts "/bin/sh -c 'exec /bin/true'" once the probe is in, and
# waits for the exec of /bin/true by that child.  Prints
#
#   @@bcc first_event_ns <CLOCK_REALTIME ns when the event arrived>
#   @@bcc result exec=/bin/true pid=child ppid=self comm=sh task_struct=S real_parent@O
#
# pid and ppid as seen by the probe, compared with what this process knows
# ("child", "self" or the number itself when they differ); S and O, the
# size of struct task_struct and the offset of real_parent in it, are what
# the headers told the compiler, and must be the same wherever the kernel
# configuration is.  Exit status 1
# when no event arrived within 60 s.
import os
import subprocess
import sys
import time

from bcc import BPF

PROGRAM = r"""
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>

struct exec_event {
	u32 pid;
	u32 ppid;
	char comm[TASK_COMM_LEN];
	char filename[64];
	u32 task_size;
	u32 parent_offset;
};

BPF_PERF_OUTPUT(events);

int syscall__execve(struct pt_regs *ctx, const char __user *filename)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct exec_event ev = {};

	ev.pid = bpf_get_current_pid_tgid() >> 32;
	ev.ppid = task->real_parent->tgid;
	bpf_get_current_comm(&ev.comm, sizeof(ev.comm));
	bpf_probe_read_user_str(&ev.filename, sizeof(ev.filename), filename);
	ev.task_size = sizeof(struct task_struct);
	ev.parent_offset = offsetof(struct task_struct, real_parent);
	events.perf_submit(ctx, &ev, sizeof(ev));
	return 0;
}
"""

bpf = BPF(text=PROGRAM)
bpf.attach_kprobe(event=bpf.get_syscall_fnname("execve"),
                  fn_name="syscall__execve")
found = []


def on_event(cpu, data, size):
    ev = bpf["events"].event(data)
    if ev.filename == b"/bin/true" and not found:
        found.append((time.time_ns(), ev))


bpf["events"].open_perf_buffer(on_event)
child = subprocess.Popen(["/bin/sh", "-c", "exec /bin/true"])
deadline = time.monotonic() + 60
while not found and time.monotonic() < deadline:
    bpf.perf_buffer_poll(timeout=1000)
child.wait()
if not found:
    print("@@bcc result no exec of /bin/true seen")
    sys.exit(1)
t, ev = found[0]
pid = "child" if ev.pid == child.pid else str(ev.pid)
ppid = "self" if ev.ppid == os.getpid() else str(ev.ppid)
print("@@bcc first_event_ns %d" % t)
print("@@bcc result exec=/bin/true pid=%s ppid=%s comm=%s task_struct=%d real_parent@%d" %
      (pid, ppid, ev.comm.decode(errors="replace"), ev.task_size,
       ev.parent_offset))
