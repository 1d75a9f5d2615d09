#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare the kernel tree under build/linux: extract Debian's linux-source-6.12
# once, commit it as the pristine tree (tag "pristine", branch "upstream"),
# add the host fixes of patches/host/series as the branch "baseline" (test
# infrastructure: what every test kernel, pristine or not, needs to run on
# this host), then lay the project's overlay files and patches/series on top
# as one commit on the branch "project".  Rerunning only rewrites files whose
# content changed, so out-of-tree builds stay incremental.
#
# With --refresh, edits made inside build/linux go back to the project
# instead: project files are copied back to their place in the repository,
# and edits to upstream files become a new patch appended to patches/series.
set -euo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
tree=${TREE:-$top/build/linux}
tarball=/usr/src/linux-source-6.12.tar.xz
overlay_dirs="init fs lib include kernel mm usr scripts kunit-tests Documentation tools"

die() { echo "prepare-tree: $*" >&2; exit 1; }

install_source() {
	[ -f "$tarball" ] && return
	echo "prepare-tree: installing linux-source-6.12"
	DEBIAN_FRONTEND=noninteractive apt-get install -y linux-source-6.12 >/dev/null ||
		die "cannot install linux-source-6.12 (run apt-get update?)"
	[ -f "$tarball" ] || die "$tarball missing after install"
}

extract_pristine() {
	git -C "$tree" rev-parse -q --verify pristine >/dev/null 2>&1 && return
	rm -rf "$tree" "$tree.tmp"
	mkdir -p "$tree.tmp"
	echo "prepare-tree: extracting $tarball"
	tar -xJf "$tarball" -C "$tree.tmp" --strip-components=1
	git -C "$tree.tmp" init -q -b upstream
	git -C "$tree.tmp" config user.name "archive-tmpfs prepare-tree"
	git -C "$tree.tmp" config user.email "prepare-tree@localhost"
	git -C "$tree.tmp" config core.autocrlf false
	git -C "$tree.tmp" config gc.auto 0
	git -C "$tree.tmp" add -A -f .
	git -C "$tree.tmp" commit -q -m "Linux $(kernel_version "$tree.tmp") (Debian linux-source-6.12, pristine)"
	git -C "$tree.tmp" tag pristine
	mv "$tree.tmp" "$tree"
}

kernel_version() {
	make -s -C "$1" kernelversion 2>/dev/null
}

check_version() {
	local v
	v=$(kernel_version "$tree")
	case "$v" in
	6.12|6.12.*) echo "prepare-tree: kernel $v" ;;
	*) die "linux-source package holds $v, not 6.12" ;;
	esac
}

# Apply the patches listed in SERIES (relative to its folder) to the index.
apply_series() {	# apply_series SERIES
	local p dir
	[ -f "$1" ] || return 0
	dir=$(dirname "$1")
	while read -r p; do
		case "$p" in ''|'#'*) continue ;; esac
		git -C "$tree" apply --cached --whitespace=nowarn "$dir/$p" ||
			die "${dir#"$top"/}/$p does not apply to $(kernel_version "$tree")"
	done < "$1"
}

# The commit of BRANCH if its tree is TREE already, else a new one on PARENT.
commit_for() {	# commit_for BRANCH TREE PARENT MESSAGE
	local head
	head=$(git -C "$tree" rev-parse -q --verify "$1" 2>/dev/null || true)
	if [ -n "$head" ] && [ "$(git -C "$tree" rev-parse "$head^{tree}")" = "$2" ] &&
	   [ "$(git -C "$tree" rev-parse "$head^")" = "$(git -C "$tree" rev-parse "$3")" ]; then
		echo "$head"
	else
		echo "$4" | git -C "$tree" commit-tree "$2" -p "$3"
	fi
}

# The baseline: pristine + patches/host/series, on the branch "baseline".
baseline_commit() {
	local t c
	export GIT_INDEX_FILE="$tree/.git/baseline-index"
	git -C "$tree" read-tree pristine
	apply_series "$top/patches/host/series"
	t=$(git -C "$tree" write-tree)
	unset GIT_INDEX_FILE
	c=$(commit_for baseline "$t" pristine "host fixes for the test kernels (patches/host)")
	git -C "$tree" update-ref refs/heads/baseline "$c"
}

# Build the project commit in a private index: baseline + patches + overlay.
project_commit() {
	local idx="$tree/.git/project-index" f sha mode
	export GIT_INDEX_FILE=$idx
	git -C "$tree" read-tree baseline
	apply_series "$top/patches/series"
	(cd "$top" && git ls-files -co --exclude-standard -- $overlay_dirs) |
	while read -r f; do
		[ -f "$top/$f" ] || continue
		sha=$(git -C "$tree" hash-object -w "$top/$f")
		mode=100644
		[ -x "$top/$f" ] && mode=100755
		git -C "$tree" update-index --add --cacheinfo "$mode,$sha,$f"
	done
	git -C "$tree" write-tree
	unset GIT_INDEX_FILE
}

apply_project() {
	local t c
	baseline_commit
	t=$(project_commit)
	c=$(commit_for project "$t" baseline "archive-tmpfs project overlay")
	if [ "$(git -C "$tree" symbolic-ref -q --short HEAD)" != project ]; then
		git -C "$tree" checkout -q -B project "$c"
	else
		# Two-way merge: only files that differ are rewritten.
		git -C "$tree" reset -q --keep "$c" ||
			die "local edits in $tree conflict with the project; run 'make refresh' or discard them"
	fi
	echo "prepare-tree: $tree at $(git -C "$tree" rev-parse --short HEAD)"
}

# Hand edits made in the prepared tree back to the project.
refresh() {
	local f changed=0 name
	git -C "$tree" rev-parse -q --verify project >/dev/null ||
		die "no prepared tree in $tree"
	for f in $(git -C "$tree" diff --name-only HEAD) \
		 $(git -C "$tree" ls-files -o --exclude-standard); do
		if [ -e "$top/$f" ] || (cd "$top" && git ls-files --error-unmatch "$f" >/dev/null 2>&1) ||
		   ! git -C "$tree" cat-file -e "upstream:$f" 2>/dev/null; then
			case " $overlay_dirs " in
			*" ${f%%/*} "*) ;;
			*) echo "prepare-tree: $f left alone (not under a project directory)"; continue ;;
			esac
			mkdir -p "$top/$(dirname "$f")"
			cp -p "$tree/$f" "$top/$f"
			echo "prepare-tree: $f copied back"
			git -C "$tree" update-index -q --refresh >/dev/null || true
		else
			changed=1
		fi
	done
	[ "$changed" = 1 ] || return 0
	name=local-$(date +%Y%m%d-%H%M%S).patch
	git -C "$tree" diff HEAD -- $(git -C "$tree" diff --name-only HEAD |
		while read -r f; do [ -e "$top/$f" ] || echo "$f"; done) > "$top/patches/$name"
	echo "$name" >> "$top/patches/series"
	echo "prepare-tree: upstream edits saved as patches/$name (added to patches/series)"
}

if [ "${1:-}" = --refresh ]; then
	refresh
	exit 0
fi

install_source
extract_pristine
check_version
apply_project
