# SPDX-License-Identifier: GPL-2.0
#
# Front door of the archive-backed tmpfs project.  See README.md.
#
#   make demo     build a UML kernel, boot it and show the system working
#   make check    every test: userspace, KUnit, boot tests (UML, qemu),
#                 oracle (pristine 6.12 beside ours), kheaders build
#                 tests, bcc and bpftrace in a tracing guest, series
#   make series   the patch series against pristine 6.12 in build/series/
#   make bench    initramfs unpack time and the headers for the tracing
#                 tools, pristine 6.12 against this project
#   make tree     prepare build/linux (pristine 6.12 + this project)
#   make refresh  copy edits made inside build/linux back into the project

T := tools/testing/archive

.PHONY: all deps tree refresh demo check userspace kunit boot boot-um \
	boot-x86_64 oracle kheaders tracing static series series-check \
	bisect bench clean

all: check

deps:
	@bash $(T)/install-deps.sh

tree: deps
	@bash $(T)/prepare-tree.sh

refresh:
	@bash $(T)/prepare-tree.sh --refresh

demo: tree
	@bash $(T)/demo.sh

check: tree
	@bash $(T)/check.sh

userspace: tree
	@STAGES=userspace bash $(T)/check.sh

kunit: tree
	@STAGES=kunit bash $(T)/check.sh

boot: tree
	@STAGES="boot-um boot-x86_64" bash $(T)/check.sh

boot-um: tree
	@STAGES=boot-um bash $(T)/check.sh

boot-x86_64: tree
	@STAGES=boot-x86_64 bash $(T)/check.sh

oracle: tree
	@STAGES=oracle bash $(T)/check.sh

kheaders: tree
	@STAGES=kheaders bash $(T)/check.sh

tracing: tree
	@STAGES=tracing bash $(T)/check.sh

static: tree
	@STAGES=static bash $(T)/check.sh

series: tree
	@bash $(T)/series.sh

bisect: tree
	@bash $(T)/bisect.sh

series-check: tree
	@STAGES=series bash $(T)/check.sh

bench: tree
	@bash $(T)/bench/run.sh
	@bash $(T)/tracing/run.sh --bench 5

clean:
	rm -rf build
