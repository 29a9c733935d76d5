#!/bin/bash
# m: latency heatmaps over time, in a real terminal (tmux) on replayed
# recordings: the history built as the replay advances (and rebuilt after a
# jump back), p50/p99 marks, 256 colours, 8 colours, no colour, every theme.

FIX=tests/fixtures/recordings

# hm_start NAME TERM LANG ARGS...: cvtop 140x50 in tmux
hm_start() {
	local s=$1 term=$2 lang=$3
	shift 3
	tmux kill-session -t "$s" 2>/dev/null
	tmux new-session -d -s "$s" -x 140 -y 50 \
		"env TERM=$term LANG=$lang $CVTOP $*; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$s")
}

# hm_screen NAME [-e]: the screen (-e: with its colours as escapes)
hm_screen() {
	tmux capture-pane -p ${2:-} -t "$1"
}

# hm_wait NAME REGEX [-e]: until the screen matches (20 s)
hm_wait() {
	local i
	for ((i = 0; i < 200; i++)); do
		hm_screen "$1" "${3:-}" | grep -qE -- "$2" && return 0
		sleep 0.1
	done
	echo "  screen was:"
	hm_screen "$1" | sed 's/^/  | /'
	return 1
}

hm_keys() {
	tmux send-keys -t "$1" "${@:2}"
	sleep 0.3
}

# the fixture's three snapshots four times over: twelve intervals
hm_recording() {
	local rec i
	rec=$(lib_tmp)
	for i in 1 2 3 4; do cat "$FIX/all-panes-6.18.jsonl"; done >"$rec"
	echo "$rec"
}

# hm_rewind NAME: the replay paused at its first snapshot (Right pauses, Left goes back)
hm_rewind() {
	hm_keys "$1" Right Left Left Left Left Left Left Left Left Left Left Left Left
	hm_wait "$1" 'replay 1/[0-9]+ .*\[paused\]' || die "the replay did not go back to its start"
}

# the rows of the heatmap titled REGEX: from its title to its legend
hm_map() {
	hm_screen "$1" | sed -n "/$2/,/^shade:/p"
}

t_ui_heatmap_history_in_replay() {
	local s=cvtop-ui-heat-$$ rec map
	rec=$(hm_recording)
	hm_start "$s" xterm-256color C.UTF-8 --replay "$rec"
	hm_wait "$s" 'CPU contention' || die "cvtop did not start"
	hm_rewind "$s"
	hm_keys "$s" Right Right Right Right Right
	expect "the replay is at its sixth snapshot" hm_wait "$s" 'replay 6/12 .*\[paused\]'
	hm_keys "$s" 1 m
	expect "m shows the selected row's heatmap, six intervals as the replay advanced" \
		hm_wait "$s" '^Latency heatmap: fix-spin \(CPU contention\), last 6 intervals \(6s\)'
	expect "and the host's" \
		hm_wait "$s" '^Latency heatmap: the whole host \(CPU contention\), last 6 intervals'
	map=$(hm_map "$s" 'heatmap: fix-spin')
	# log2 buckets up, labelled by their lower bound: fix-spin's p99 (81.8 ms) is
	# in [67ms, 134ms), its p50 (75 us) in [66us, 131us)
	echo "$map" | grep -qE '^ +67ms\|.*======$' || die "no p99 marks in the 67ms bucket: $map"
	# p50 per interval from its histogram: 60 to 83 us, in the 33us or 66us bucket
	[ "$(echo "$map" | grep -E '^ +(33|66)us\|' | tr -cd '-' | wc -c)" = 6 ] ||
		die "not one p50 mark an interval in the 33us and 66us buckets: $map"
	echo "  ok: p99 and p50 marked in their buckets for each of the 6 intervals"
	hm_keys "$s" Left
	expect "a jump back rebuilds the history up to that snapshot" \
		hm_wait "$s" '^Latency heatmap: fix-spin \(CPU contention\), last 5 intervals'
	hm_keys "$s" Right Right
	expect "and it grows again as the replay advances" \
		hm_wait "$s" '^Latency heatmap: fix-spin \(CPU contention\), last 7 intervals'
	expect "under it a time axis: how long ago its first column was, and now" \
		hm_wait "$s" '^ +-7s now$'
	hm_keys "$s" Down
	expect "Down selects the next row: its heatmap" \
		hm_wait "$s" '^Latency heatmap: / \(CPU contention\), last 7 intervals'
	hm_keys "$s" 2 m
	expect "pane 2 has no latency to map: it says which panes do" \
		hm_wait "$s" 'heatmaps: panes 1, 3 and 5'
	# the heatmaps stay on from pane to pane
	hm_keys "$s" 3
	expect "pane 3: the overlay latency of fix-io" \
		hm_wait "$s" '^Latency heatmap: fix-io \(Overlay latency\), last 7 intervals'
	hm_keys "$s" 0
	expect "the overview: the host's of pane 1" \
		hm_wait "$s" '^Latency heatmap: the whole host \(1 CPU contention\)'
	expect "and of pane 3" hm_wait "$s" '^Latency heatmap: the whole host \(3 Overlay latency\)'
	hm_keys "$s" Escape
	expect "Esc goes back to the overview's list" hm_wait "$s" '^Containers and VMs'
	hm_keys "$s" q
	expect "q quits with status 0" hm_wait "$s" '^EXITED 0'
}

# hm_shades TERM LANG THEME REGEX WHAT: the heatmap's cells drawn as REGEX says
hm_shades() {
	local s=cvtop-ui-heat-shade-$$ rec=$1 term=$2 lang=$3 theme=$4 re=$5 what=$6 flag=${7:-}
	hm_start "$s" "$term" "$lang" --theme "$theme" --replay "$rec"
	hm_wait "$s" 'CPU contention' || die "cvtop did not start"
	hm_rewind "$s"
	hm_keys "$s" Right Right Right 1 m
	hm_wait "$s" '^Latency heatmap: fix-spin .* last 4 intervals' || die "no heatmap"
	if hm_screen "$s" $flag | sed -n '/heatmap: fix-spin/,/^shade:/p' | grep -qE -- "$re"; then
		echo "  ok: $what"
	else
		hm_screen "$s" $flag | sed -n '/heatmap: fix-spin/,/^shade:/p' | cat -v | sed 's/^/  | /'
		die "not ok: $what"
	fi
	hm_keys "$s" q
	tmux kill-session -t "$s" 2>/dev/null
}

t_ui_heatmap_colours_and_themes() {
	local rec theme
	rec=$(hm_recording)
	for theme in default light high-contrast; do
		hm_shades "$rec" xterm-256color C.UTF-8 $theme $'\e\\[48;5;(230|228|220|214|208|202|160|88)m' \
			"256 colours, theme $theme: cells on the yellow-to-red ramp" -e
		hm_shades "$rec" xterm C.UTF-8 $theme $'\e\\[4[1-6]m' \
			"8 colours, theme $theme: cells on blue, cyan, green, yellow, red" -e
	done
	hm_shades "$rec" xterm-256color C.UTF-8 mono '[░▒▓█]' \
		"the mono theme: shading characters"
	hm_shades "$rec" xterm-mono C.UTF-8 default '[░▒▓█]' \
		"a terminal without colours: shading characters"
	hm_shades "$rec" xterm-mono C default '\|.*[.:+#]' \
		"without colours or UTF-8: ASCII shades"
}

t_ui_heatmap_cumulative_recording() {
	local s=cvtop-ui-heat-cum-$$
	hm_start "$s" xterm-256color C.UTF-8 --replay "$FIX/kvm-nested-6.12-cumulative.jsonl"
	hm_wait "$s" 'CPU contention' || die "cvtop did not start"
	hm_keys "$s" Space 1 m
	expect "a cumulative recording has no intervals to map, and says so" \
		hm_wait "$s" 'heatmaps show intervals: this recording is cumulative'
	hm_keys "$s" q
	expect "q quits with status 0" hm_wait "$s" '^EXITED 0'
}
