# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the scripts that build pristine 6.12 beside the project
# (bench/run.sh, oracle/run.sh, tracing/run.sh).
#
# shellcheck shell=bash

# pristine_tree TREE DIR: make DIR a detached worktree of the branch
# "baseline" of the prepared tree TREE (pristine 6.12 plus only the host
# fixes of patches/host, which the project's kernel carries too) and print
# its absolute path.
pristine_tree() {
	local tree=$1 dir=$2
	if [ ! -e "$dir/Makefile" ]; then
		git -C "$tree" worktree prune
		git -C "$tree" worktree add -q --detach "$dir" baseline || return 1
	fi
	git -C "$dir" checkout -q --detach baseline || return 1
	(cd "$dir" && pwd)
}

# pair_make TREE SRC MAKE-ARGS...: make in SRC, the project's tree TREE or
# the pristine one, for a pair of kernels built from one configuration.
# The compiler is ccache (when installed; cache in build/ccache beside
# TREE), and SRC is mounted over TREE in a private mount namespace (when
# this may: root), so that both kernels are compiled from the same paths
# and the second one gets every file the project does not change from the
# cache.  Without either, a plain build from SRC.
pair_make() {
	local tree=$1 src=$2 cc=gcc
	shift 2
	if command -v ccache > /dev/null; then
		cc="ccache gcc"
		export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$tree")/ccache}
		export CCACHE_NOHASHDIR=1
	fi
	if [ "$src" != "$tree" ] && [ "$(id -u)" = 0 ] &&
		unshare -m true 2> /dev/null; then
		# shellcheck disable=SC2016 # the inner shell expands them
		nice unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' \
			sh "$src" "$tree" make -C "$tree" CC="$cc" "$@"
	else
		nice make -C "$src" CC="$cc" "$@"
	fi
}
