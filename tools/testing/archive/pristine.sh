# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the scripts that build pristine 6.12 beside the project
# (bench/run.sh, oracle/run.sh).
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
