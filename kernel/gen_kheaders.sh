#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# gen_kheaders.sh GEN_INIT_CPIO STAMP OUTPUT...
#
# Make the kernel headers archive of CONFIG_IKHEADERS: the headers under
# include/ and arch/$SRCARCH/include/ (of the source tree, then of the
# object tree, whose copies win), comments stripped except SPDX lines,
# NFS and AFS silly-rename files left out.
#
# An OUTPUT named *.cpio.zst or *.cpio.xz is a newc archive made
# by GEN_INIT_CPIO (scripts/gen_init_cpio): entries sorted by name, owner 0,
# directories 0755, files 0644, symbolic links kept, one mtime for all
# (KBUILD_BUILD_TIMESTAMP, or 0 when unset), so that two builds of the same
# headers give the same bytes.  One named *.tar.xz is the same tree as a
# tarball, for /sys/kernel/kheaders.tar.xz; GEN_INIT_CPIO may be "" when
# there is no archive to make.  The kheaders_data.* files
# beside STAMP that are not OUTPUTs (of an earlier configuration) go.
#
# The outputs are remade only when the content of a header, this script,
# GEN_INIT_CPIO or the arguments changed (STAMP.inputs records them), and
# rewritten only when their content changed.  STAMP holds the digest of the
# outputs and is rewritten only when that changes: what is built from the
# outputs depends on it.
set -e

gen_init_cpio=$1
stamp=$2
shift 2
cpio=
tarball=
for f in "$@"; do
	case "$f" in
	*.cpio.zst|*.cpio.xz) cpio=$f ;;
	*.tar.xz) tarball=$f ;;
	*) echo "gen_kheaders.sh: $f: unknown output type" >&2; exit 1 ;;
	esac
done
for f in "${stamp%/*}"/kheaders_data.*; do
	case " $* " in
	*" $f "*) ;;
	*) rm -f "$f" ;;
	esac
done

dir_list="include arch/$SRCARCH/include"
srcdir=$(realpath "$srctree")

# "SRC DEST" lines, DEST relative to the top of the archive, of the headers
# of one tree; the object tree comes last so that its copies win.
header_list() {
	for hdir in $dir_list; do
		[ -d "$1/$hdir" ] || continue
		(cd "$1" && find "$hdir" -name '*.h' ! -name '.__afs*' ! -name '.nfs*')
	done | top=$1 awk '{ print ENVIRON["top"] "/" $0 " " $0 }'
}

list_headers() {
	if [ "$building_out_of_srctree" ]; then
		header_list "$srcdir"
	fi
	# utsversion.h is written when vmlinux is linked, after this script
	# ran in a clean build: leave it out so that every build agrees.
	header_list "$(pwd)" | grep -v ' include/generated/utsversion.h$'
}

mtime=0
if [ -n "$KBUILD_BUILD_TIMESTAMP" ]; then
	mtime=$(date -d "$KBUILD_BUILD_TIMESTAMP" +%s)
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/kheaders.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' HUP INT TERM

# What the outputs depend on: every header's name and content (hashing
# them is quick next to compressing), this script, the generator and the
# arguments.
list_headers > "$tmp/list"
inputs=$( {
	cat "$tmp/list"
	cut -d' ' -f1 "$tmp/list" | xargs -d '\n' md5sum
	md5sum < "$0"
	[ -z "$gen_init_cpio" ] || md5sum < "$gen_init_cpio"
	echo "$mtime $*"
} | md5sum | cut -d' ' -f1)
outputs=$(cat "$@" 2>/dev/null | md5sum | cut -d' ' -f1)
if [ "$(cat "$stamp.inputs" 2>/dev/null)" = "$inputs" ] &&
   [ "$(cat "$stamp" 2>/dev/null)" = "$outputs" ]; then
	exit 0
fi

echo "  GEN     $*"

# Copy the headers into the staging tree with their comments stripped
# (except those holding an SPDX tag); symbolic links stay links.
stage=$tmp/stage
mkdir "$stage"
perl -MFile::Path=make_path -e '
	my $stage = shift;
	while (my $line = <STDIN>) {
		chomp $line;
		my ($src, $dst) = split / /, $line;
		$dst = "$stage/$dst";
		(my $dir = $dst) =~ s|/[^/]*$||;
		make_path($dir);
		unlink $dst;
		if (-l $src) {
			symlink(readlink($src), $dst) or die "$dst: $!\n";
			next;
		}
		open(my $in, "<", $src) or die "$src: $!\n";
		my $text = do { local $/; <$in> };
		close($in);
		$text =~ s/\/\*((?!SPDX).)*?\*\///smg;
		open(my $out, ">", $dst) or die "$dst: $!\n";
		print $out $text;
		close($out) or die "$dst: $!\n";
	}' "$stage" < "$tmp/list"

if [ -n "$cpio" ]; then
	# The gen_init_cpio list, sorted by name so that parents come first.
	(cd "$stage" && find . -mindepth 1 -printf '%P\t%y\t%l\n') |
	LC_ALL=C sort | while IFS='	' read -r name type target; do
		case "$type" in
		d) echo "dir $name 0755 0 0" ;;
		f) echo "file $name $stage/$name 0644 0 0" ;;
		l) echo "slink $name $target 0777 0 0" ;;
		esac
	done > "$tmp/cpio.list"
	"$gen_init_cpio" -t "$mtime" "$tmp/cpio.list" > "$tmp/kheaders.cpio"
	# zstd -19 has an 8 MiB window, lib/cpio's limit; xz -6 an 8 MiB
	# dictionary (the limit is 32 MiB).  One thread: the same bytes
	# whatever the machine or the XZ_DEFAULTS.
	case "$cpio" in
	*.zst)	$ZSTD -q -19 -T1 < "$tmp/kheaders.cpio" > "$tmp/cpio.out" ;;
	*.xz)	$XZ --check=crc32 -6 -T1 < "$tmp/kheaders.cpio" > "$tmp/cpio.out" ;;
	esac
	cmp -s "$tmp/cpio.out" "$cpio" || mv "$tmp/cpio.out" "$cpio"
fi

if [ -n "$tarball" ]; then
	tar --format=gnu --mtime="@$mtime" --owner=0 --group=0 \
	    --numeric-owner --sort=name --mode=u=rw,go=r,a+X \
	    -I "$XZ -T1" -cf "$tmp/tar.out" -C "$stage" .
	cmp -s "$tmp/tar.out" "$tarball" || mv "$tmp/tar.out" "$tarball"
fi

echo "$inputs" > "$stamp.inputs"
outputs=$(cat "$@" | md5sum | cut -d' ' -f1)
[ "$(cat "$stamp" 2>/dev/null)" = "$outputs" ] || echo "$outputs" > "$stamp"
