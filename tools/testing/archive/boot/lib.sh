# SPDX-License-Identifier: GPL-2.0
#
# Host-side helpers for scenario builders, sourced by run.sh.  A scenario
# (scenarios/NAME.sh) defines image(): write the initrd to "$1" from
# segments made here.  Available: $S (scratch dir of the scenario),
# $corrupt (1 when the image must carry one flipped data byte),
# $gen_init_cpio, $here (this directory), $scenario.
#
# Every segment is a complete archive (ending with TRAILER!!!).

# shellcheck shell=bash
# shellcheck disable=SC2154 # here, work, S, ... are set by run.sh

FIXTURE_SPEC=$here/fixture.list
CORRUPT_FILE=/fixture/a/d/f4096		# the file --corrupt damages

# Deterministic contents: SIZE bytes from a counter-mode sha256 of SEED.
mkdata() {	# mkdata SIZE SEED FILE
	python3 - "$1" "$2" "$3" <<'EOF'
import hashlib, sys
size, seed, path = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
out, i = bytearray(), 0
while len(out) < size:
    out += hashlib.sha256(seed + b"%d" % i).digest()
    i += 1
with open(path, "wb") as f:
    f.write(out[:size])
EOF
}

# The data files that fixture.list refers to as ${DATA}/NAME, NAME = SIZE
# or SIZE-SEED.
make_data() {
	DATA=$work/data
	[ -f "$DATA/.done" ] && return
	mkdir -p "$DATA"
	local n
	for n in 0 1 511 4096 1048576 1-b 511-b 4096-b 4096-c 100-new; do
		mkdata "${n%%-*}" "$n" "$DATA/$n"
	done
	touch "$DATA/.done"
}

# The fixture as a gen_init_cpio list under PREFIX (e.g. /fixture/a).
fixture_list() {	# fixture_list PREFIX
	make_data
	sed -e '/^#/d' -e '/^$/d' -e "s|@P@|$1|g" -e "s|\${DATA}|$DATA|g" "$FIXTURE_SPEC"
}

# A gen_init_cpio list into an archive; -c: crc format.  $corrupt applies.
gen_segment() {	# gen_segment LIST OUT TIMESTAMP [-c]
	local list=$1 outf=$2 ts=$3
	shift 3
	"$gen_init_cpio" -t "$ts" "$@" "$list" > "$outf"
	maybe_corrupt "$outf"
}

maybe_corrupt() {
	[ "$corrupt" = 1 ] || return 0
	# Only the segment that holds the file with data is changed.
	if python3 "$here/manifest.py" corrupt "$1" "$1.bad" "$CORRUPT_FILE" 2>/dev/null; then
		mv "$1.bad" "$1"
	fi
}

# The harness: busybox, /init, mount points, and the scenario's guest script
# (scenarios/NAME.guest) as /scenario when there is one.
harness_segment() {	# harness_segment OUT
	local list=$S/harness.list
	{
		echo "dir /bin 0755 0 0"
		echo "file /bin/busybox /bin/busybox 0755 0 0"
		echo "slink /bin/sh busybox 0777 0 0"
		echo "file /init $here/init 0755 0 0"
		echo "dir /proc 0555 0 0"
		echo "dir /sys 0555 0 0"
		echo "dir /dev 0755 0 0"
		echo "dir /tmp 1777 0 0"
		if [ -f "$here/scenarios/$scenario.guest" ]; then
			echo "file /scenario $here/scenarios/$scenario.guest 0644 0 0"
		fi
	} > "$list"
	"$gen_init_cpio" -t 1700000000 "$list" > "$1"
}

# The fixture made by gen_init_cpio (crc format, one timestamp).
fixture_gen_segment() {	# fixture_gen_segment PREFIX OUT
	fixture_list "$1" > "$S/gen.list"
	gen_segment "$S/gen.list" "$2" 1600000000 -c
}

# The same fixture as a real tree on the host (owners, modes, device nodes,
# sockets, hard links, one mtime per entry), archived by TOOL: cpio or bsdtar.
fixture_tree_segment() {	# fixture_tree_segment PREFIX OUT TOOL
	local prefix=${1#/} outf=$2 tool=$3 root=$S/tree
	local type name a b c d e f g link t=1500000000
	rm -rf "$root"
	mkdir -p "$root"
	fixture_list "/$prefix" > "$S/tree.list"
	# Parents of PREFIX are in the archive as plain 0755 directories.
	mkdir -p "$root/$prefix"
	while read -r type name a b c d e f g; do
		name=$root$name
		case "$type" in
		dir)	mkdir -p "$name"; chown "$b:$c" "$name"; chmod "$a" "$name" ;;
		file)	cp "$a" "$name"; chown "$c:$d" "$name"; chmod "$b" "$name"
			for link in $e $f $g; do ln "$name" "$root$link"; done ;;
		slink)	ln -s "$a" "$name"; chown -h "$c:$d" "$name" ;;
		nod)	mknod "$name" "$d" "$e" "$f"; chown "$b:$c" "$name"; chmod "$a" "$name" ;;
		pipe)	mkfifo "$name"; chown "$b:$c" "$name"; chmod "$a" "$name" ;;
		sock)	python3 -c 'import socket, sys
socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$name"
			chown "$b:$c" "$name"; chmod "$a" "$name" ;;
		esac
	done < "$S/tree.list"
	# One mtime per entry, in name order.
	(cd "$root" && find "${prefix%%/*}" | LC_ALL=C sort) > "$S/tree.names"
	while read -r name; do
		t=$((t + 1000))
		touch -h -d "@$t" "$root/$name"
	done < "$S/tree.names"
	case "$tool" in
	cpio)	(cd "$root" && cpio --quiet -o -H newc --reproducible) \
			< "$S/tree.names" > "$outf" ;;
	bsdtar)	(cd "$root" && bsdtar --format newc -n -cf - -T -) < "$S/tree.names" > "$outf" ;;
	*)	echo "fixture_tree_segment: unknown tool $tool" >&2; return 1 ;;
	esac
	maybe_corrupt "$outf"
}

# NUL padding up to a multiple of 4 plus EXTRA bytes (buffer-format.rst).
pad() {	# pad FILE EXTRA: append to FILE
	local size
	size=$(stat -c %s "$1")
	head -c $(( (4 - size % 4) % 4 + $2 )) /dev/zero >> "$1"
}

# A copy of the boot kernel's build directory.  The objtool build (x86)
# records its absolute output paths in its .cmd files: they are moved to
# the copy, or make would rebuild objtool and then every object after it.
copy_build() {	# copy_build FROM TO
	cp -a "$1" "$2"
	grep -rlIZ -- "$1/" "$2/tools" 2> /dev/null | xargs -0 -r sed -i "s|$1/|$2/|g"
}

# A variant of the boot kernel with config options changed, built in
# <out>/kernel-NAME (a copy of the boot kernel's build directory kept between
# runs, so that only what the options touch is rebuilt).  Sets $kernel to
# the variant's image.
kernel_variant() {	# kernel_variant NAME CONFIG_SYMBOL=VALUE...
	local bk=$out/kernel-$1 target=linux opt sym
	shift
	[ "$arch" = x86_64 ] && target=bzImage
	[ -d "$bk" ] || copy_build "$kout" "$bk"
	cp "$kout/.config" "$bk/.config"
	for opt in "$@"; do
		sym=${opt%%=*}
		sed -i "/^$sym=/d; /^# $sym is not set/d" "$bk/.config"
		echo "$opt" >> "$bk/.config"
	done
	nice make -C "$tree" O="$bk" ARCH="$arch" -j2 olddefconfig "$target" \
		> "$S/build.log" 2>&1 || { tail -n 20 "$S/build.log"; return 1; }
	# shellcheck disable=SC2034 # run.sh boots $kernel
	if [ "$arch" = um ]; then kernel=$bk/linux; else kernel=$bk/arch/x86/boot/bzImage; fi
}
