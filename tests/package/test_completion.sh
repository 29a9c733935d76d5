#!/bin/bash
# Shell completion (doc/completion): bash driven for real (bash-completion
# loaded, COMP_WORDS/COMP_CWORD set as readline sets them, the function
# called), checked against cvtop --help, the source's hook tables, --probe.
source tests/package/completion.sh
BASH_COMPLETION_FILE=doc/completion/cvtop.bash

need_bash_completion() {
	[ -f "$BASH_COMPLETION_LIB" ] || die "no $BASH_COMPLETION_LIB (tests/deps.sh installs bash-completion)"
}

# src_pane_dirs: "KEY DIR" of every pane: the .key of each pane_def, and
# the folder that defines it (its collector and hook tables are there)
src_pane_dirs() {
	awk '/^const struct pane_def [a-z_]+ = \{/ { on = 1; next }
		on && match($0, /\.key = "[a-z_]+"/) {
			k = substr($0, RSTART + 8, RLENGTH - 9); d = FILENAME; sub(/\/[^\/]*$/, "", d)
			print k, d; on = 0
		}' src/*/*.c
}

# src_parts PANE: the optional parts of PANE (part_choice .name), one per line
src_parts() {
	local dir
	dir=$(src_pane_dirs | awk -v p="$1" '$1 == p { print $2 }')
	cat "$dir"/*.c | tr '\n' ' ' | grep -oE 'struct part_choice [a-z_]+ = \{[^}]*\}' |
		sed -nE 's/.*\.name = "([a-z_]+)".*/\1/p'
}

# the panes of the pane table and their parts (PANE.PART), one per line
src_panes() {
	local p q
	for p in $(src_pane_dirs | awk '{ print $1 }'); do
		echo "$p"
		for q in $(src_parts "$p"); do echo "$p.$q"; done
	done | sort
}

# src_hooks PANE[.PART]: the hooks --hook takes there, from the source: a
# pane's hook table (probe_choose) and its parts' tables, since PANE=HOOK
# applies to them too; PANE.PART: that part's table
src_hooks() {
	local pane=${1%%.*} part= dir code tables
	[[ $1 == *.* ]] && part=${1#*.}
	dir=$(src_pane_dirs | awk -v p="$pane" '$1 == p { print $2 }')
	code=$(cat "$dir"/*.c | tr '\n' ' ')
	tables=$(grep -oE 'struct part_choice [a-z_]+ = \{[^}]*\}' <<<"$code" |
		sed -nE "s/.*\\.name = \"${part:-[a-z_]+}\".*\\.choices = ([a-z_]+).*/\\1/p")
	[ -n "$part" ] || tables="$tables $(grep -oE 'probe_choose\(p, [a-z_]+' <<<"$code" | sed 's/.* //')"
	for t in $tables; do
		cat "$dir"/*.c | awk -v want="$t" '
			/struct hook_choice [a-z_]+\[[A-Z_]*\] = \{/ { on = index($0, " " want "[") > 0; next }
			on && /^};/ { on = 0 }
			on && match($0, /\] = \{ *"[a-z_]+"/) {
				s = substr($0, RSTART, RLENGTH); gsub(/.*\{ *"|"$/, "", s); print s
			}'
	done | sort -u
}

# probe_hooks PANE: the hooks --probe lists under PANE (as root)
probe_hooks() {
	awk -v p="$1" '/^[a-z]/ { on = ($1 == p); next } on && /^  [-+.] / { print $2 }' "$PROBE_OUT" | sort -u
}

t_bash_completion_options() {
	local got want
	need_bash_completion
	want=$(help_options)
	got=$(complete_line "$BASH_COMPLETION_FILE" "cvtop -")
	[ "$got" = "$want" ] || die "cvtop -<Tab> offers: $got; --help has: $want"
	echo "  ok: cvtop -<Tab> offers the $(echo "$want" | wc -l) options of --help"
	got=$(complete_line "$BASH_COMPLETION_FILE" "cvtop --")
	[ "$got" = "$(echo "$want" | grep -- '^--')" ] || die "cvtop --<Tab> offers: $got"
	echo "  ok: cvtop --<Tab> offers the long ones"
	got=$(complete_line "$BASH_COMPLETION_FILE" "cvtop --rep")
	[ "$got" = "--replay" ] || die "cvtop --rep<Tab> offers: $got"
	echo "  ok: cvtop --rep<Tab> is --replay"
}

t_bash_completion_panes_and_hooks() {
	local got want p n=0
	need_bash_completion
	want=$(src_panes | sed 's/$/=/' | sort)
	[ "$(src_pane_dirs | wc -l)" -ge 5 ] || die "read too few panes from src/*/*.c: $(src_pane_dirs)"
	got=$(complete_line "$BASH_COMPLETION_FILE" "cvtop --hook ")
	[ "$got" = "$want" ] || die "cvtop --hook <Tab> offers: $got; the pane table has: $want"
	echo "  ok: cvtop --hook <Tab> offers the panes: $(echo $got)"
	for p in $(src_panes); do
		want=$(src_hooks "$p")
		[ -n "$want" ] || die "no hook table for pane $p in src/*/*.c"
		got=$(complete_line "$BASH_COMPLETION_FILE" "cvtop --hook $p=")
		[ "$got" = "$want" ] || die "cvtop --hook $p=<Tab> offers: $(echo $got); the source has: $(echo $want)"
		got=$(complete_line "$BASH_COMPLETION_FILE" "cvtop --hook=$p=")
		[ "$got" = "$want" ] || die "cvtop --hook=$p=<Tab> offers: $(echo $got)"
		n=$((n + 1))
	done
	echo "  ok: after PANE= and PANE.PART= the hooks of their tables in the source, for the $n of them"
	got=$(complete_line "$BASH_COMPLETION_FILE" "cvtop --hook overlay=k")
	[ "$got" = kprobe ] || die "cvtop --hook overlay=k<Tab> offers: $got"
	echo "  ok: cvtop --hook overlay=k<Tab> is kprobe"

	# what cvtop itself prints: every pane, every hook completed among them
	[ "$(id -u)" = 0 ] || { echo "  (not root: --probe not compared)"; return 0; }
	PROBE_OUT=$(lib_tmp)
	"$CVTOP" --probe >"$PROBE_OUT" || die "cvtop --probe failed"
	got=$(awk '/^[a-z]/ { print $1 }' "$PROBE_OUT" | sort)
	[ "$got" = "$(src_pane_dirs | awk '{ print $1 }' | sort)" ] || die "--probe lists the panes: $got"
	for p in $(src_panes); do
		want=$(comm -23 <(complete_line "$BASH_COMPLETION_FILE" "cvtop --hook $p=") <(probe_hooks "${p%%.*}"))
		[ -z "$want" ] || die "completed for $p but not in --probe under ${p%%.*}: $want"
	done
	echo "  ok: --probe lists the same panes, and under each the hooks completed for it"
}

t_bash_completion_values() {
	local got dir
	need_bash_completion
	got=$(complete_line "$BASH_COMPLETION_FILE" "cvtop --format ")
	[ "$(echo $got)" = "json openmetrics text" ] || die "cvtop --format <Tab> offers: $got"
	echo "  ok: --format: json openmetrics text"
	for o in -n --iterations -d --delay --listen --series-limit --series-stale; do
		got=$(complete_line "$BASH_COMPLETION_FILE" "cvtop $o ")
		[ -z "$got" ] || die "cvtop $o <Tab> offers: $got (a number goes there)"
	done
	echo "  ok: nothing offered for -n and -d (numbers)"

	# themes: the user's (XDG_CONFIG_HOME, else ~/.config) and ./themes
	dir=$(mktemp -d)
	LIB_FILES+=("$dir")
	mkdir -p "$dir/home/.config/cvtop/themes" "$dir/xdg/cvtop/themes" "$dir/work/sub"
	touch "$dir/home/.config/cvtop/themes/mine.theme" "$dir/xdg/cvtop/themes/xdgone.theme" \
		"$dir/home/.config/cvtop/themes/notatheme.txt" "$dir/work/rec.jsonl" "$dir/work/run.log"
	got=$(cd "$dir/work" && HOME=$dir/home complete_line "$OLDPWD/$BASH_COMPLETION_FILE" "cvtop --theme ")
	echo "$got" | grep -qx mine || die "~/.config/cvtop/themes/mine.theme not offered: $got"
	echo "$got" | grep -q notatheme && die "a file without .theme offered: $got"
	echo "  ok: --theme offers ~/.config/cvtop/themes/mine.theme as mine"
	got=$(cd "$dir/work" && HOME=$dir/home XDG_CONFIG_HOME=$dir/xdg \
		complete_line "$OLDPWD/$BASH_COMPLETION_FILE" "cvtop --theme ")
	echo "$got" | grep -qx xdgone || die "\$XDG_CONFIG_HOME/cvtop/themes/xdgone.theme not offered: $got"
	echo "$got" | grep -qx mine && die "~/.config offered while XDG_CONFIG_HOME is set: $got"
	echo "  ok: --theme offers \$XDG_CONFIG_HOME's themes when it is set"
	got=$(HOME=$dir/home complete_line "$BASH_COMPLETION_FILE" "cvtop --theme ")
	for t in themes/*.theme; do
		t=${t##*/}
		echo "$got" | grep -qx "${t%.theme}" || die "./themes/$t not offered in the source tree: $got"
	done
	echo "  ok: --theme offers ./themes in the source tree: $(echo $got)"

	# file arguments
	for o in -o --output --record --replay --log --web-config; do
		got=$(cd "$dir/work" && complete_line "$OLDPWD/$BASH_COMPLETION_FILE" "cvtop $o r")
		[ "$(echo $got)" = "rec.jsonl run.log" ] || die "cvtop $o r<Tab> offers: $got"
	done
	got=$(cd "$dir/work" && complete_line "$OLDPWD/$BASH_COMPLETION_FILE" "cvtop --replay=r")
	[ "$(echo $got)" = "rec.jsonl run.log" ] || die "cvtop --replay=r<Tab> offers: $got"
	got=$(cd "$dir/work" && complete_line "$OLDPWD/$BASH_COMPLETION_FILE" "cvtop --theme ./s")
	[ "$got" = ./sub ] || die "cvtop --theme ./s<Tab> offers: $got (a path)"
	got=$(cd "$dir/work" && complete_line "$OLDPWD/$BASH_COMPLETION_FILE" "cvtop --textfile ")
	[ "$got" = sub ] || die "cvtop --textfile <Tab> offers: $got (directories only)"
	echo "  ok: files after -o, --output, --record, --replay, --log, --web-config, and --theme PATH; directories after --textfile"
}

# zsh: the file parses, and holds the same options and hook lists
t_zsh_completion() {
	local file=doc/completion/_cvtop got want
	command -v zsh >/dev/null || die "no zsh (tests/deps.sh installs it)"
	zsh -n "$file" || die "zsh cannot parse $file"
	head -1 "$file" | grep -qx '#compdef cvtop' || die "$file does not start with #compdef cvtop"
	want=$(help_options)
	got=$(grep -oE "\{-[A-Za-z]\+?,--[a-z-]+=?\}|'(\*|\([^)]*\))?--[a-z-]+=?\[" "$file" |
		grep -oE -- '--?[A-Za-z][a-z-]*' | sort -u)
	[ "$got" = "$want" ] || die "$file has options: $(echo $got); --help: $(echo $want)"
	echo "  ok: $file has the $(echo "$want" | wc -l) options of --help"
	# its hook lists are the bash ones
	want=$(sed -nE 's/^\t*([a-z. |]+)\) echo (.*) ;;$/\1: \2/p' "$BASH_COMPLETION_FILE" | tr -d ' ')
	got=$(sed -nE 's/^\t*([a-z. |]+)\) hooks=\((.*)\) ;;$/\1: \2/p' "$file" | tr -d ' ')
	[ -n "$want" ] && [ "$got" = "$want" ] || die "zsh hooks: $got; bash hooks: $want"
	echo "  ok: the same hooks per pane as the bash completion"

	# and for real: an interactive zsh in tmux, Tab pressed
	local s=cvtop-pkg-zsh-$$ dir
	command -v tmux >/dev/null || die "no tmux"
	dir=$(mktemp -d)
	LIB_FILES+=("$dir")
	ln -s "$(realpath "$CVTOP")" "$dir/cvtop"
	tmux new-session -d -s "$s" -x 150 -y 20 "env HOME=$dir PATH=$dir:/usr/bin:/bin zsh -f -i"
	LIB_TMUX+=("$s")
	tmux send-keys -t "$s" "fpath=($PWD/doc/completion \$fpath); autoload -U compinit; compinit -u; echo READY" Enter
	wait_until 30 sh -c "tmux capture-pane -p -t $s | grep -qx READY" ||
		die "zsh did not start: $(tmux capture-pane -p -t "$s")"
	tmux send-keys -t "$s" "cvtop --for" Tab
	wait_until 30 sh -c "tmux capture-pane -p -t $s | grep -q 'cvtop --format='" ||
		die "zsh: cvtop --for<Tab> gave: $(tmux capture-pane -p -t "$s")"
	tmux send-keys -t "$s" C-u "cvtop --hook steal.cpustolen=" Tab
	wait_until 30 sh -c "tmux capture-pane -p -t $s | grep -qE '^fexit +kprobe *$'" ||
		die "zsh: cvtop --hook steal.cpustolen=<Tab> gave: $(tmux capture-pane -p -t "$s")"
	echo "  ok: zsh completes --for<Tab> to --format=, and lists fexit kprobe after steal.cpustolen="
}
