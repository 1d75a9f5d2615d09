#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Turn the project into a patch series against the pristine tree.
#
#   series.sh           write build/series/ (git format-patch + cover letter)
#   series.sh --check   also apply it with "git am" to the pristine tree
#                       and compare the result with the project
#   series.sh --checkpatch
#                       also run scripts/checkpatch.pl --strict on every
#                       patch (the static stage, static.sh, runs this)
#
# patches/steps/NN-*.txt define the series, one patch each: the commit
# message, a line "---", then the paths it adds (project files, globs
# allowed) and the patches/ hunks it applies.  patches/steps/exclude lists
# project files that only serve this repository (tree preparation, CI) and
# stay out of the series.  Every other project file must belong to a step.
#
# A step that needs an earlier state of a file a later step completes (a
# Makefile or Kconfig that grows, a header that gains an API) lists it as
# "@PATH": the file is then taken from patches/steps/snapshots/STEP/PATH,
# where STEP is the step's file name without ".txt".  The last step that
# lists PATH without "@" gives the project's version.
set -uo pipefail

top=$(cd "$(dirname "$0")/../../.." && pwd)
tree=${TREE:-$top/build/linux}
out=$top/build/series
work=$top/build/series-work
steps=$top/patches/steps
overlay_dirs="init fs lib include kernel mm usr scripts kunit-tests Documentation tools"
mode=${1:-}

die() { echo "series: $*" >&2; exit 1; }

step_paths() {
	sed -n '/^---$/,$p' "$1" | sed '1d;/^[[:space:]]*$/d;/^#/d'
}

expand_path() {
	(cd "$top" && git ls-files -co --exclude-standard -- "$1")
}

new_worktree() {
	git -C "$tree" worktree remove --force "$1" >/dev/null 2>&1
	rm -rf "$1"
	git -C "$tree" worktree prune
	git -C "$tree" worktree add -q --detach "$1" upstream || die "cannot create $1"
}

check_coverage() {
	local claimed all f
	claimed=$(for s in "$steps"/[0-9]*.txt; do
		step_paths "$s" | grep -v '^@' |
			while read -r p; do expand_path "$p"; done
	done | sort)
	all=$( (cd "$top" && git ls-files -co --exclude-standard -- $overlay_dirs;
		sed '/^#/d;/^$/d;s|^|patches/|' patches/series) | sort -u)
	f=$(comm -23 <(echo "$all") <(cat <(echo "$claimed") \
		<(sed '/^#/d;/^$/d' "$steps/exclude") | sort -u))
	[ -z "$f" ] || die "files in no step of patches/steps: $f"
}

# Is this project file one of patches/steps/exclude (a path or a folder/)?
excluded() {
	local e
	while read -r e; do
		case "$e" in ''|'#'*) continue ;; esac
		case "$1" in "$e"|"${e%/}/"*) return 0 ;; esac
	done < "$steps/exclude"
	return 1
}

build_series() {
	local s p f
	new_worktree "$work"
	for s in "$steps"/[0-9]*.txt; do
		for p in $(step_paths "$s"); do
			case "$p" in
			patches/*.patch)
				git -C "$work" apply --index "$top/$p" || die "$p does not apply"
				;;
			@*)
				f=$steps/snapshots/$(basename "$s" .txt)/${p#@}
				[ -f "$f" ] || die "$(basename "$s"): no snapshot $f"
				mkdir -p "$work/$(dirname "${p#@}")"
				cp -p "$f" "$work/${p#@}"
				git -C "$work" add -f "${p#@}"
				;;
			*)
				for f in $(expand_path "$p"); do
					excluded "$f" && continue
					mkdir -p "$work/$(dirname "$f")"
					cp -p "$top/$f" "$work/$f"
					git -C "$work" add -f "$f"
				done
				;;
			esac
		done
		if git -C "$work" diff --cached --quiet; then
			echo "series: step $(basename "$s") has no files yet, skipped" >&2
			continue
		fi
		sed '/^---$/,$d' "$s" | git -C "$work" commit -q -s -F - ||
			die "$(basename "$s"): git commit failed"
	done
	rm -rf "$out"
	git -C "$work" format-patch -q --cover-letter -o "$out" upstream..HEAD
	cover_letter "$out"/0000-cover-letter.patch
	echo "series: $(ls "$out" | grep -vc 0000) patches in $out"
	patch_sizes
}

# Lines each patch adds, and of those the code: not tests (KUnit suites
# and their fixtures, tools/, kunit-tests/, the test module and lists) and
# not documentation.
patch_sizes() {
	local p
	for p in "$out"/0*.patch; do
		case "$p" in *0000-cover-letter.patch) continue ;; esac
		awk -v name="$(basename "$p")" '
		/^diff --git/ {
			f = $3; sub("^a/", "", f)
			test = f ~ /_kunit|kunit_fixtures|^tools\/|^kunit-tests\/|\.kunitconfig$|test_archive|test-archive|^Documentation\//
		}
		/^\+\+\+ / { next }
		/^\+/ { all++; if (!test) code++ }
		END { printf "series: %s: %d lines added, %d of code\n", name, all, code }' "$p"
	done
}

cover_letter() {
	local subject body
	subject=$(head -n 1 "$steps/cover")
	body=$(sed '1,2d' "$steps/cover")
	SUBJECT=$subject BODY=$body perl -0pi -e \
		's/\*\*\* SUBJECT HERE \*\*\*/$ENV{SUBJECT}/; s/\*\*\* BLURB HERE \*\*\*/$ENV{BODY}/' "$1"
}

# CamelCase that the project cannot rename: identifiers of an upstream API
# (defined in the pristine tree, such as the zstd library's enumerators and
# struct fields) and the Opt_* constants of the fs_parameter convention.
foreign_camelcase() {
	local line id
	while IFS= read -r line; do
		id=$(echo "$line" | sed -n 's/.*CHECK:CAMELCASE: Avoid CamelCase: <\(.*\)>.*/\1/p')
		if [ -n "$id" ]; then
			case "$id" in Opt_*) continue ;; esac
			git -C "$tree" grep -q -w -e "$id" upstream -- include lib/zstd &&
				continue
		fi
		echo "$line"
	done
}

verify_apply() {
	local passed=0 failed=0 p am=$top/build/series-am
	new_worktree "$am"
	if git -C "$am" am -q $(ls "$out"/*.patch | grep -v 0000-cover); then
		echo "ok 1 - series applies to the pristine tree with git am"
		passed=$((passed + 1))
	else
		git -C "$am" am --abort >/dev/null 2>&1
		echo "not ok 1 - series: git am failed on the pristine tree"
		failed=$((failed + 1))
	fi
	# The project tree also carries the host fixes of patches/host, which
	# are test infrastructure and not part of the series.
	if [ -f "$top/patches/host/series" ]; then
		sed '/^#/d;/^$/d' "$top/patches/host/series" | while read -r p; do
			git -C "$am" apply --index "$top/patches/host/$p" ||
				echo "series: patches/host/$p does not apply after the series" >&2
		done
	fi
	if git -C "$am" diff --quiet project -- . \
		$(sed '/^#/d;/^$/d;s|^|:!|' "$steps/exclude"); then
		echo "ok 2 - series result (plus patches/host) equals the project tree"
		passed=$((passed + 1))
	else
		echo "not ok 2 - series result differs from the project tree:"
		git -C "$am" diff --stat project -- . \
			$(sed '/^#/d;/^$/d;s|^|:!|' "$steps/exclude") | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
	echo "series: $passed passed, $failed failed"
	[ -n "${RESULTS:-}" ] && echo "$passed $failed 0" > "$RESULTS"
	[ "$failed" -eq 0 ]
}

checkpatch_series() {
	local passed=0 failed=0 p r n=1
	# checkpatch runs scripts/spdxcheck.py with the python3 on PATH, which
	# may not be Debian's: point it at Debian's python3-ply and python3-git.
	for p in $(ls "$out"/*.patch | grep -v 0000-cover); do
		# checkpatch exits 0 when the patch is clean, 1 with messages; any
		# other failure prints none of them.
		if r=$(cd "$tree" && PYTHONPATH=/usr/lib/python3/dist-packages \
			perl scripts/checkpatch.pl --strict --terse --show-types "$p" 2>&1); then
			r=
		elif echo "$r" | grep -qE ': (ERROR|WARNING|CHECK):'; then
			r=$(echo "$r" | grep -E ': (ERROR|WARNING|CHECK):' |
				foreign_camelcase)
		else
			r="checkpatch did not run: $(echo "$r" | tail -n 3)"
		fi
		if [ -z "$r" ]; then
			echo "ok $n - checkpatch --strict: $(basename "$p")"
			passed=$((passed + 1))
		else
			echo "not ok $n - checkpatch --strict: $(basename "$p")"
			echo "$r" | sed 's/^/#   /'
			failed=$((failed + 1))
		fi
		n=$((n + 1))
	done
	echo "series: checkpatch: $passed passed, $failed failed"
	[ -n "${RESULTS:-}" ] && echo "$passed $failed 0" > "$RESULTS"
	[ "$failed" -eq 0 ]
}

check_coverage
build_series
case "$mode" in
--check) verify_apply ;;
--checkpatch) checkpatch_series ;;
esac
