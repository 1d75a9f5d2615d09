#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Initramfs images made the way real tools make them, for the oracle stage:
# pristine 6.12 and the project kernel each boot every image and their
# rootfs listings are compared.
#
# usage: tools.sh OUTDIR GEN_INIT_CPIO
#
# Writes OUTDIR/<name>.img and OUTDIR/<name>.desc (one line: tool, version,
# options, content; "expect: refused" when the kernel must reject it) for
# every image, names starting with the tool: mkinitramfs-, dracut-,
# gnu-cpio-, bsdtar-, gen_init_cpio-, ipxe-, grub-; images and
# descriptions of an earlier run with these prefixes are removed first.
# Every image is listed on the host (loaders.py check, or GNU cpio) and
# must hold the paths expected of it; stdout gets one line per image: its
# entries and segments.  OUTDIR/.tools holds the work tree, the tool logs
# and the listings (<name>.list) during the run and is removed at the end,
# unless ORACLE_TOOLS_KEEP=1.  Needs root (device nodes, a private mount
# namespace for mkinitramfs).  No image holds /oracle-list.
#
# mkinitramfs and dracut run without an installed kernel, for version
# $KVER without modules.  mkinitramfs insists on /boot/config-VERSION (it
# looks up the kernel's decompressors there) and warns without
# /lib/modules/VERSION, so it runs in a private mount namespace that sees
# a config on /boot and, through an overlay on /usr/lib, an empty modules
# directory: nothing on the host changes.  Without unshare the config is
# put in /boot for the mkinitramfs runs and removed.  dracut needs neither
# (--no-kernel; no config means every kernel option is taken as set).
# Both copy the host's files into their images, which therefore differ
# from host to host; all other images depend only on the tools' versions
# (bsdtar's also on the host's inode numbers).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
loaders=$here/loaders.py
PATH=$PATH:/usr/sbin:/sbin

KVER=6.12.0-oracle
export SOURCE_DATE_EPOCH=1700000000
export LC_ALL=C TZ=UTC
umask 022

die() {
	echo "tools.sh: $*" >&2
	exit 1
}

[ $# -eq 2 ] || { sed -n '8,9s/^# \{0,1\}//p' "$0" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "must run as root (device nodes, mount namespace)"
[ -x "$2" ] || die "GEN_INIT_CPIO '$2' is not an executable"
gic=$(readlink -f "$2")
mkdir -p "$1"
out=$(cd "$1" && pwd)

missing=
need() {	# need COMMAND PACKAGE
	command -v "$1" >/dev/null 2>&1 || missing="$missing $1 ($2)"
}
need mkinitramfs initramfs-tools-core
need dracut dracut-core
need cpio cpio
need bsdtar libarchive-tools
need gzip gzip
need zstd zstd
need xz xz-utils
need python3 python3
need unshare util-linux
[ -x /bin/busybox ] || missing="$missing /bin/busybox (busybox-static)"
[ -z "$missing" ] ||
	die "missing:$missing; run tools/testing/archive/install-deps.sh"

names="mkinitramfs dracut gnu-cpio bsdtar gen_init_cpio ipxe grub"
for n in $names; do
	rm -f "$out/$n"-*.img "$out/$n"-*.desc
done
meta=$out/.tools
w=$meta/work
rm -rf "$meta"
mkdir -p "$w"
boot_config=
cleanup() {
	if [ "${ORACLE_TOOLS_KEEP:-0}" = 1 ]; then
		rm -rf "$w"
	else
		rm -rf "$meta"
	fi
	[ -z "$boot_config" ] || rm -f "$boot_config"
}
trap cleanup EXIT

pkgver() {
	dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo unknown
}

# SIZE bytes of deterministic data from SEED: counter-mode sha256.
mkdata() {	# mkdata SIZE SEED FILE
	python3 -c '
import hashlib, sys
n, seed = int(sys.argv[1]), sys.argv[2].encode()
d = b"".join(hashlib.sha256(seed + b"%d" % i).digest()
	     for i in range((n + 31) // 32))
open(sys.argv[3], "wb").write(d[:n])' "$@"
}

# Fix the mtime of everything below DIR (symlinks themselves included).
settime() {
	find "$1" -depth -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}

# The content tree: a small busybox system with every kind of entry.
make_tree() {	# make_tree DIR
	local t=$1 a long
	mkdir -p "$t"
	(
	cd "$t"
	install -d -m 0755 bin sbin etc lib dev proc sys run var var/log \
		usr/bin usr/sbin usr/share/oracle/d1/d2/d3/d4/d5/d6/d7/d8 home srv
	install -d -m 1777 tmp var/tmp
	install -d -m 0700 root
	install -d -m 0555 var/empty
	install -d -m 0700 -o 1000 -g 1000 home/user
	install -d -m 2775 -g 50 srv/shared
	install -m 0755 /bin/busybox bin/busybox
	for a in sh ls cat mount umount mkdir ln echo sleep; do
		ln -s busybox "bin/$a"
	done
	ln -s ../bin/busybox sbin/init
	ln -s /bin/busybox usr/bin/env
	ln -s ../../bin/busybox usr/sbin/chroot
	ln -s /nonexistent/target etc/dangling
	printf '#!/bin/sh\nmount -t proc proc /proc\nexec /sbin/init\n' > init
	chmod 0755 init
	printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n' > etc/passwd
	printf 'root:x:0:\nshadow:x:42:\nstaff:x:50:\nuser:x:1000:\n' > etc/group
	printf 'root:*:19000:0:99999:7:::\n' > etc/shadow
	chown 0:42 etc/shadow
	chmod 0640 etc/shadow
	echo oracle > etc/hostname
	: > etc/fstab
	printf 'ID=oracle\nNAME="oracle tree"\n' > usr/share/oracle/os-release
	ln -s ../usr/share/oracle/os-release etc/os-release
	mkdata 1048576 blob usr/share/oracle/blob1m
	printf 'abc' > usr/share/oracle/odd3
	printf 'linked data\n' > usr/share/oracle/hl-a
	ln usr/share/oracle/hl-a usr/share/oracle/hl-b
	ln usr/share/oracle/hl-a etc/hl-c
	echo deep > usr/share/oracle/d1/d2/d3/d4/d5/d6/d7/d8/leaf
	echo spaced > "usr/share/oracle/with space"
	echo utf8 > "usr/share/oracle/caf$(printf '\303\251')"
	long=$(printf 'l%.0s' $(seq 240))
	echo long > "usr/share/oracle/$long"
	install -m 0000 /dev/null usr/share/oracle/noperm
	printf '#!/bin/sh\nid\n' > usr/bin/suid-tool
	chmod 4755 usr/bin/suid-tool
	printf '#!/bin/sh\nid -g\n' > usr/bin/sgid-tool
	chmod 2755 usr/bin/sgid-tool
	mknod -m 0666 dev/null c 1 3
	mknod -m 0660 dev/sda b 8 0
	chown 0:6 dev/sda
	mknod -m 0620 dev/tty1 c 4 1
	mkfifo -m 0600 run/initctl
	python3 -c 'import socket; socket.socket(socket.AF_UNIX).bind("run/oracle.sock")'
	)
	settime "$t"
}

# Paths every archive of the whole tree holds.
TREE_PATHS=(/init /bin/busybox /bin/sh /sbin/init /usr/bin/env /etc/dangling
	/etc/shadow /etc/fstab /etc/hl-c /usr/share/oracle/hl-a
	/usr/share/oracle/hl-b /usr/share/oracle/blob1m /usr/share/oracle/odd3
	"/usr/share/oracle/with space" /usr/share/oracle/d1/d2/d3/d4/d5/d6/d7/d8/leaf
	/usr/bin/suid-tool /tmp /root /var/empty /home/user /srv/shared
	/dev/null /dev/sda /run/initctl /run/oracle.sock)

# The listing of image NAME, NAME.list, must name every PATH.
check() {	# check NAME PATH...
	local name=$1
	shift
	python3 "$loaders" check "$out/$name.img" "$@" > "$meta/$name.list" ||
		die "$name: bad image"
	awk -v name="$name" '
		/^seg[0-9]+ 07070[12] / { n++ }
		/^seg[0-9]+ \[/ { sub(/^seg[0-9]+ /, ""); s = s "; " $0 }
		END { print name ": " n " entries" s }' "$meta/$name.list"
}

# Same for odc and binary cpio, which only GNU cpio lists.
check_cpio() {	# check_cpio NAME PATH...
	local name=$1 p
	shift
	{ cpio -itv --quiet < "$out/$name.img" > "$meta/$name.list" &&
		cpio -it --quiet < "$out/$name.img" > "$w/names"; } ||
		die "$name: GNU cpio cannot list it"
	for p in "$@"; do
		grep -q -x -F -- "${p#/}" "$w/names" || die "$name: $p missing"
	done
	echo "$name: $(wc -l < "$w/names") entries; GNU cpio listing"
}

desc() {	# desc NAME TEXT
	printf '%s\n' "$2" > "$out/$1.desc"
}

t=$w/tree
make_tree "$t"
mkdata 4096 GenuineIntel "$w/GenuineIntel.bin"
mkdata 2048 AuthenticAMD "$w/AuthenticAMD.bin"

# --- GNU cpio ----------------------------------------------------------------

cpio_ver=$(cpio --version | sed -n '1s/.* //p')
gnu_cpio() {	# gnu_cpio CPIO-OPTION...
	(cd "$t" && find . | sort | cpio --quiet -o --reproducible "$@")
}
gnu_cpio -H newc > "$out/gnu-cpio-newc.img"
desc gnu-cpio-newc "GNU cpio $cpio_ver: find . | sort | cpio -o -H newc --reproducible; content tree (busybox, hard links, devices, fifo, socket, setuid, 1 MiB file)"
check gnu-cpio-newc "${TREE_PATHS[@]}"

gzip -n -9 < "$out/gnu-cpio-newc.img" > "$out/gnu-cpio-newc-gzip.img"
desc gnu-cpio-newc-gzip "GNU cpio $cpio_ver: cpio -o -H newc --reproducible | gzip -n -9; content tree"
check gnu-cpio-newc-gzip "${TREE_PATHS[@]}"

xz -T1 --check=crc32 --lzma2=dict=1MiB < "$out/gnu-cpio-newc.img" > "$out/gnu-cpio-newc-xz.img"
desc gnu-cpio-newc-xz "GNU cpio $cpio_ver: cpio -o -H newc --reproducible | xz --check=crc32 --lzma2=dict=1MiB (as Documentation/staging/xz.rst asks); content tree"
check gnu-cpio-newc-xz "${TREE_PATHS[@]}"

gnu_cpio -H crc > "$out/gnu-cpio-crc.img"
desc gnu-cpio-crc "GNU cpio $cpio_ver: cpio -o -H crc --reproducible (070702, checksums); content tree"
check gnu-cpio-crc "${TREE_PATHS[@]}"

gnu_cpio -H odc > "$out/gnu-cpio-odc.img"
desc gnu-cpio-odc "GNU cpio $cpio_ver: cpio -o -H odc --reproducible (070707 ASCII); content tree; expect: refused by the kernel (\"incorrect cpio method used: use -H newc option\")"
check_cpio gnu-cpio-odc "${TREE_PATHS[@]}"

gnu_cpio > "$out/gnu-cpio-bin.img"
desc gnu-cpio-bin "GNU cpio $cpio_ver: cpio -o --reproducible (default format: old binary, magic 070707 as a 16-bit word); content tree; expect: refused by the kernel (neither cpio magic nor a known compression: \"invalid magic at start of compressed archive\")"
check_cpio gnu-cpio-bin "${TREE_PATHS[@]}"

# --- bsdtar --------------------------------------------------------------------

bsdtar_ver=$(bsdtar --version | sed -n '1s/^bsdtar \([^ ]*\).*/\1/p')
bsdtar_cpio() {	# bsdtar_cpio BSDTAR-OPTION...
	(cd "$t" && find . | sort | bsdtar -cf - --format newc -n -T - "$@")
}
bsdtar_cpio > "$out/bsdtar-newc.img"
desc bsdtar-newc "bsdtar $bsdtar_ver (libarchive): find . | sort | bsdtar -cf - --format newc -n -T -; content tree; inode numbers are the host's"
check bsdtar-newc "${TREE_PATHS[@]}"

bsdtar_cpio --zstd > "$out/bsdtar-newc-zstd.img"
desc bsdtar-newc-zstd "bsdtar $bsdtar_ver: --format newc --zstd (libarchive's zstd filter, level 3); content tree"
check bsdtar-newc-zstd "${TREE_PATHS[@]}"

bsdtar_cpio --xz > "$out/bsdtar-newc-xz.img"
desc bsdtar-newc-xz "bsdtar $bsdtar_ver: --format newc --xz (libarchive writes CRC64 checks and cannot be told otherwise); content tree; expect: refused by the kernel (its XZ decoder takes CRC32 or no check only)"
check bsdtar-newc-xz "${TREE_PATHS[@]}"

# --- gen_init_cpio ---------------------------------------------------------------

gic_ver=unknown
[ -f "$(dirname "$gic")/../include/config/kernel.release" ] &&
	gic_ver=$(cat "$(dirname "$gic")/../include/config/kernel.release")
cat > "$w/gic.list" <<EOF
# The content tree as a gen_init_cpio list (no names with white space).
dir /bin 0755 0 0
file /bin/busybox $t/bin/busybox 0755 0 0
slink /bin/sh busybox 0777 0 0
slink /bin/ls busybox 0777 0 0
dir /sbin 0755 0 0
slink /sbin/init ../bin/busybox 0777 0 0
file /init $t/init 0755 0 0
dir /etc 0755 0 0
file /etc/passwd $t/etc/passwd 0644 0 0
file /etc/group $t/etc/group 0644 0 0
file /etc/shadow $t/etc/shadow 0640 0 42
file /etc/fstab $t/etc/fstab 0644 0 0
slink /etc/dangling /nonexistent/target 0777 0 0
slink /etc/os-release ../usr/share/oracle/os-release 0777 0 0
dir /dev 0755 0 0
nod /dev/null 0666 0 0 c 1 3
nod /dev/sda 0660 0 6 b 8 0
dir /run 0755 0 0
pipe /run/initctl 0600 0 0
sock /run/oracle.sock 0755 0 0
dir /tmp 1777 0 0
dir /root 0700 0 0
dir /var 0755 0 0
dir /var/empty 0555 0 0
dir /home 0755 0 0
dir /home/user 0700 1000 1000
dir /srv 0755 0 0
dir /srv/shared 2775 0 50
dir /usr 0755 0 0
dir /usr/bin 0755 0 0
slink /usr/bin/env /bin/busybox 0777 0 0
file /usr/bin/suid-tool $t/usr/bin/suid-tool 4755 0 0
file /usr/bin/sgid-tool $t/usr/bin/sgid-tool 2755 0 0
dir /usr/share 0755 0 0
dir /usr/share/oracle 0755 0 0
file /usr/share/oracle/os-release $t/usr/share/oracle/os-release 0644 0 0
file /usr/share/oracle/blob1m $t/usr/share/oracle/blob1m 0644 0 0
file /usr/share/oracle/odd3 $t/usr/share/oracle/odd3 0600 1000 1000
file /usr/share/oracle/noperm $t/usr/share/oracle/noperm 0000 0 0
file /usr/share/oracle/hl-a $t/usr/share/oracle/hl-a 0644 0 0 /usr/share/oracle/hl-b /etc/hl-c
EOF
"$gic" -t "$SOURCE_DATE_EPOCH" "$w/gic.list" > "$out/gen_init_cpio-newc.img"
desc gen_init_cpio-newc "gen_init_cpio (Linux $gic_ver usr/gen_init_cpio): -t $SOURCE_DATE_EPOCH LIST; files, dirs (1777, 2775, 0700, 0555), symlinks (relative, absolute, dangling), c/b nodes, pipe, socket, 3 hard links on one file line, setuid/setgid, 1 MiB file"
GIC_PATHS=(/init /bin/busybox /bin/sh /sbin/init /etc/dangling /etc/hl-c
	/usr/share/oracle/hl-a /usr/share/oracle/hl-b /usr/share/oracle/blob1m
	/dev/null /dev/sda /run/initctl /run/oracle.sock /tmp /srv/shared)
check gen_init_cpio-newc "${GIC_PATHS[@]}"

"$gic" -t "$SOURCE_DATE_EPOCH" -c "$w/gic.list" > "$out/gen_init_cpio-crc.img"
desc gen_init_cpio-crc "gen_init_cpio (Linux $gic_ver): -t $SOURCE_DATE_EPOCH -c LIST (crc format 070702); same list as gen_init_cpio-newc"
check gen_init_cpio-crc "${GIC_PATHS[@]}"

# --- iPXE -----------------------------------------------------------------------

printf 'console=ttyS0\nip=dhcp\n' > "$w/ipxe.conf"
printf '#!/bin/sh\necho hook from ipxe\n' > "$w/hook"
: > "$w/empty"
printf 'root:x:0:0:ipxe:/root:/bin/sh\n' > "$w/passwd"
mkdata 10001 module "$w/module.ko"
gzip -n -9 < "$out/gen_init_cpio-newc.img" > "$w/base.cpio.gz"

python3 "$loaders" ipxe "$out/ipxe-named-then-gzip.img" \
	"$w/ipxe.conf /etc/ipxe.conf mode=600" \
	"$w/hook /usr/local/bin/ipxe-hook mode=755 mkdir=-1" \
	"$w/base.cpio.gz"
desc ipxe-named-then-gzip "iPXE initrd layout (loaders.py after iPXE src/core/cpio.c, src/image/initrd.c): 'initrd ipxe.conf /etc/ipxe.conf mode=600', 'initrd hook /usr/local/bin/ipxe-hook mode=755 mkdir=-1', 'initrd base.cpio.gz'; named images get newc headers and no TRAILER!!!, each image 4 KiB aligned; base = gen_init_cpio-newc | gzip -n -9"
check ipxe-named-then-gzip /etc/ipxe.conf /usr /usr/local /usr/local/bin \
	/usr/local/bin/ipxe-hook "${GIC_PATHS[@]}"

python3 "$loaders" ipxe "$out/ipxe-gzip-then-named.img" \
	"$w/base.cpio.gz" \
	"$w/passwd /etc/passwd mode=0644" \
	"$w/hook /usr/share/oracle/ipxe/hook mode=4750 mkdir=1" \
	"$w/empty /srv/ipxe/sub/ mkdir=-1" \
	"$w/module.ko /lib/modules/$KVER/extra/oracle.ko mkdir=-1"
desc ipxe-gzip-then-named "iPXE initrd layout (loaders.py): 'initrd base.cpio.gz', 'initrd passwd /etc/passwd mode=0644' (replaces base's /etc/passwd, mtime 0), 'initrd hook /usr/share/oracle/ipxe/hook mode=4750 mkdir=1' (one parent directory), 'initrd empty /srv/ipxe/sub/ mkdir=-1' (pure directory), 'initrd module.ko /lib/modules/$KVER/extra/oracle.ko mkdir=-1' (10001 bytes, last: image ends unpadded, no TRAILER!!!)"
check ipxe-gzip-then-named "${GIC_PATHS[@]}" /etc/passwd \
	/usr/share/oracle/ipxe /usr/share/oracle/ipxe/hook /srv/ipxe /srv/ipxe/sub \
	/lib /lib/modules "/lib/modules/$KVER/extra/oracle.ko"

# --- mkinitramfs ----------------------------------------------------------------

mk=$w/mkinitramfs
mkdir -p "$mk/conf/hooks" "$mk/conf/scripts" "$mk/conf/conf.d" "$mk/boot" \
	"$mk/tmp" "$mk/usr-upper/modules/$KVER" "$mk/usr-work"
cat > "$mk/conf/initramfs.conf" <<EOF
MODULES=list
BUSYBOX=y
KEYMAP=n
COMPRESS=zstd
DEVICE=
NFSROOT=auto
RUNSIZE=10%
FSTYPE=auto
EOF
: > "$mk/conf/modules"
# What mkinitramfs reads of the kernel: its decompressors, its modules.
printf 'CONFIG_BLK_DEV_INITRD=y\nCONFIG_RD_GZIP=y\nCONFIG_RD_XZ=y\nCONFIG_RD_ZSTD=y\nCONFIG_MICROCODE=y\n' \
	> "$mk/boot/config-$KVER"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	: > "$mk/usr-upper/modules/$KVER/$f"
done
# A hook of our own in the way of the microcode packages' hooks: an early,
# uncompressed newc archive with kernel/x86/microcode/GenuineIntel.bin,
# handed to prepend_earlyinitramfs.  Active when ORACLE_UCODE names the
# microcode file.
cat > "$mk/conf/hooks/oracle-ucode" <<'EOF'
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
PREREQ=""
prereqs() { echo "$PREREQ"; }
case "$1" in
prereqs) prereqs; exit 0 ;;
esac
. /usr/share/initramfs-tools/hook-functions
[ -n "${ORACLE_UCODE:-}" ] || exit 0
set -e
d=$(mktemp -d "${TMPDIR:-/var/tmp}/oracle-ucode_XXXXXX")
mkdir -p "$d/tree/kernel/x86/microcode"
cp "$ORACLE_UCODE" "$d/tree/kernel/x86/microcode/GenuineIntel.bin"
find "$d/tree" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-0}" {} +
(cd "$d/tree" && find . | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) > "$d/early.cpio"
prepend_earlyinitramfs "$d/early.cpio"
rm -rf "$d"
EOF
chmod 0755 "$mk/conf/hooks/oracle-ucode"

ns=0
if unshare -m true 2>/dev/null && [ -d /boot ]; then
	ns=1
elif [ ! -e "/boot/config-$KVER" ]; then
	boot_config=/boot/config-$KVER
	mkdir -p /boot
	cp "$mk/boot/config-$KVER" "$boot_config"
fi

run_mkinitramfs() {	# run_mkinitramfs NAME COMPRESS UCODE-FILE|""
	local name=$1 comp=$2 log=$meta/$1.log
	if [ "$ns" = 1 ]; then
		# shellcheck disable=SC2016 # expanded by the inner shell
		ORACLE_UCODE=$3 TMPDIR=$mk/tmp unshare -m sh -c '
			mount --bind "$1/boot" /boot || exit 1
			mount -t overlay overlay -o "lowerdir=/usr/lib,upperdir=$1/usr-upper,workdir=$1/usr-work" /usr/lib ||
				echo "tools.sh: no overlay on /usr/lib: no /lib/modules/$2" >&2
			shift 2
			exec mkinitramfs "$@"' sh "$mk" "$KVER" \
			-d "$mk/conf" -c "$comp" -o "$out/$name.img" "$KVER" \
			> "$log" 2>&1 || { cat "$log" >&2; die "$name: mkinitramfs failed"; }
	else
		ORACLE_UCODE=$3 TMPDIR=$mk/tmp mkinitramfs -d "$mk/conf" -c "$comp" \
			-o "$out/$name.img" "$KVER" > "$log" 2>&1 ||
			{ cat "$log" >&2; die "$name: mkinitramfs failed"; }
	fi
}

mkver=$(pkgver initramfs-tools-core)
MK_PATHS=(/init /conf/initramfs.conf /scripts/init-top /usr/bin/busybox
	/usr/lib/systemd/systemd-udevd /etc/ld.so.cache "/usr/lib/modules/$KVER/modules.dep")
run_mkinitramfs mkinitramfs-zstd-ucode zstd "$w/GenuineIntel.bin"
desc mkinitramfs-zstd-ucode "mkinitramfs (initramfs-tools-core $mkver): -d CONF -c zstd (Debian 12 default, zstd -q -9), MODULES=list (none), BUSYBOX=y, kernel $KVER without modules, SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH; early uncompressed newc with kernel/x86/microcode/GenuineIntel.bin (4 KiB fake) prepended by a private hook through prepend_earlyinitramfs, then the Debian initramfs (busybox, klibc, udev, scripts)"
check mkinitramfs-zstd-ucode /kernel/x86/microcode/GenuineIntel.bin "${MK_PATHS[@]}"

run_mkinitramfs mkinitramfs-gzip gzip ""
desc mkinitramfs-gzip "mkinitramfs (initramfs-tools-core $mkver): -d CONF -c gzip (gzip -n), otherwise as mkinitramfs-zstd-ucode without the early archive"
check mkinitramfs-gzip "${MK_PATHS[@]}"

run_mkinitramfs mkinitramfs-xz-ucode xz "$w/GenuineIntel.bin"
desc mkinitramfs-xz-ucode "mkinitramfs (initramfs-tools-core $mkver): -d CONF -c xz (xz --check=crc32), early microcode archive as mkinitramfs-zstd-ucode"
check mkinitramfs-xz-ucode /kernel/x86/microcode/GenuineIntel.bin "${MK_PATHS[@]}"

# dracut reads a config in /boot too; it runs without one.
if [ -n "$boot_config" ]; then
	rm -f "$boot_config"
	boot_config=
fi

# --- dracut ---------------------------------------------------------------------

dr=$w/dracut
mkdir -p "$dr/confdir" "$dr/tmp" "$dr/fw/intel-ucode" "$dr/fw/amd-ucode"
cp "$w/GenuineIntel.bin" "$dr/fw/intel-ucode/06-55-04"
cp "$w/AuthenticAMD.bin" "$dr/fw/amd-ucode/microcode_amd_fam17h.bin"
drver=$(pkgver dracut-core)
run_dracut() {	# run_dracut NAME DRACUT-OPTION...
	local name=$1 log=$meta/$1.log
	shift
	dracut --conf /dev/null --confdir "$dr/confdir" --tmpdir "$dr/tmp" \
		--no-kernel --kver "$KVER" --no-hostonly --reproducible --force \
		"$@" "$out/$name.img" > "$log" 2>&1 ||
		{ cat "$log" >&2; die "$name: dracut failed"; }
}
DR_PATHS=(/init /usr/bin/bash /usr/lib/dracut-lib.sh /etc/initrd-release)

run_dracut dracut-default
drcomp=$(sed -n "s/.*auto-determined compression method '\([^']*\)'.*/\1/p" "$meta/dracut-default.log")
desc dracut-default "dracut (dracut-core $drver): --no-kernel --kver $KVER --no-hostonly --reproducible, empty configuration, default modules (all that apply to this host: systemd, udev, dm, crypt, ...), default compression (here: ${drcomp:-?}, chosen by dracut from the compressors installed)"
check dracut-default "${DR_PATHS[@]}" /usr/lib/systemd/systemd

run_dracut dracut-base-ucode-nocompress -m base --early-microcode --fwdir "$dr/fw" \
	--no-compress --include "$t" /opt/tree
desc dracut-base-ucode-nocompress "dracut (dracut-core $drver): --no-kernel --kver $KVER --no-hostonly --reproducible -m base --early-microcode --fwdir FW (fake intel-ucode/06-55-04, amd-ucode/microcode_amd_fam17h.bin) --no-compress --include TREE /opt/tree: early newc with kernel/x86/microcode/{AuthenticAMD,GenuineIntel}.bin and early_cpio, then the uncompressed main newc holding the content tree under /opt/tree"
check dracut-base-ucode-nocompress "${DR_PATHS[@]}" /early_cpio \
	/kernel/x86/microcode/GenuineIntel.bin /kernel/x86/microcode/AuthenticAMD.bin \
	/opt/tree/bin/busybox /opt/tree/dev/sda /opt/tree/run/initctl \
	/opt/tree/usr/share/oracle/hl-b

# --- GRUB -------------------------------------------------------------------------

printf 'extra=1\n' > "$w/extra.conf"
python3 "$loaders" grub "$out/grub-initrd-then-newc.img" \
	"$out/mkinitramfs-zstd-ucode.img" \
	"newc:/etc/extra.conf:$w/extra.conf" \
	"newc:/usr/lib/extra/deep/module.ko:$w/module.ko"
desc grub-initrd-then-newc "GRUB initrd layout (loaders.py after grub-core/loader/linux.c): 'initrd /initrd.img newc:/etc/extra.conf:/x newc:/usr/lib/extra/deep/module.ko:/y' with initrd.img = mkinitramfs-zstd-ucode.img (early newc + zstd): 4-byte alignment between components, newc entries for the parent directories (040777) and files (0100777), mtime 0, then TRAILER!!!"
check grub-initrd-then-newc /kernel/x86/microcode/GenuineIntel.bin "${MK_PATHS[@]}" \
	/etc/extra.conf /usr/lib/extra /usr/lib/extra/deep /usr/lib/extra/deep/module.ko

python3 "$loaders" grub "$out/grub-newc-then-cpio.img" \
	"newc:/etc/extra.conf:$w/extra.conf" \
	"newc:boot/grub/oracle.cfg:$w/passwd" \
	"$out/gen_init_cpio-newc.img"
desc grub-newc-then-cpio "GRUB initrd layout (loaders.py): 'initrd newc:/etc/extra.conf:/x newc:boot/grub/oracle.cfg:/y /initrd.cpio' with initrd.cpio = gen_init_cpio-newc.img (uncompressed): the TRAILER!!! closing the newc entries comes right before the next component"
check grub-newc-then-cpio /etc /etc/extra.conf /boot /boot/grub /boot/grub/oracle.cfg "${GIC_PATHS[@]}"

python3 "$loaders" grub "$out/grub-newc-dirquirk.img" \
	"$w/base.cpio.gz" \
	"newc:/x/y/one:$w/extra.conf" \
	"newc:/y/z/two:$w/extra.conf"
desc grub-newc-dirquirk "GRUB initrd layout (loaders.py): 'initrd base.cpio.gz newc:/x/y/one:/a newc:/y/z/two:/a': GRUB's directory bookkeeping takes the top-level y for the x/y written before, so no entry for /y is written and y/z, y/z/two come without a parent (both kernels should fail to create them the same way); base = gen_init_cpio-newc | gzip"
check grub-newc-dirquirk "${GIC_PATHS[@]}" /x /x/y /x/y/one /y/z /y/z/two

echo "tools.sh: $(find "$out" -maxdepth 1 -name '*.img' | wc -l) images in $out"
[ "${ORACLE_TOOLS_KEEP:-0}" != 1 ] || echo "tools.sh: logs and listings in $meta"
