#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages the demo, the tests and the benchmarks need.
# Does nothing when they are all present; otherwise runs apt-get update once.
# With --missing: install nothing, print the missing packages and exit 1
# when there are any.
set -euo pipefail

# The tracing guest runs the host's bcc, bpftrace and systemd-tmpfiles;
# the host checks a mount unit with systemd-analyze.
pkgs="linux-source-6.12 build-essential bc bison flex libelf-dev libssl-dev
	python3 python3-ply python3-git git cpio zstd xz-utils gzip libarchive-tools busybox-static
	qemu-system-x86 clang libclang-rt-14-dev llvm lld sparse hyperfine lzop lz4
	time ccache linux-perf python3-bpfcc bpfcc-tools bpftrace systemd"
# oracle/tools.sh runs mkinitramfs and dracut.  The packages initramfs-tools
# and dracut conflict, the -core packages that hold the tools do not: both
# come from apt, without their recommends (dracut-core's would pull in
# lvm2, mdadm, cryptsetup and a mail server).
bare_pkgs="initramfs-tools-core dracut-core"

missing=""
bare_missing=""
for p in $pkgs $bare_pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" &&
		continue
	case " $bare_pkgs " in
	*" $p "*) bare_missing="$bare_missing $p" ;;
	*) missing="$missing $p" ;;
	esac
done
if [ "${1:-}" = --missing ]; then
	missing="$missing$bare_missing"
	[ -z "$missing" ] && exit 0
	echo "${missing# }"
	exit 1
fi
[ -z "$missing$bare_missing" ] && exit 0

echo "install-deps: installing$missing$bare_missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
[ -z "$missing" ] || apt-get install -y -q $missing >/dev/null
# shellcheck disable=SC2086
[ -z "$bare_missing" ] ||
	apt-get install -y -q --no-install-recommends $bare_missing >/dev/null
