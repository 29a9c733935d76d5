#!/bin/bash
# The interactive UI in a real terminal (tmux): keys in, screen out.

# ui_start NAME WxH: cvtop in a detached tmux session; prints "EXITED rc" when it ends
ui_start() {
	local w=${2%x*} h=${2#*x}
	tmux kill-session -t "$1" 2>/dev/null
	tmux new-session -d -s "$1" -x "$w" -y "$h" \
		"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP -d 0.5; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$1")
}

ui_screen() {
	tmux capture-pane -p -t "$1"
}

# ui_wait NAME REGEX [SECONDS]: until the screen matches
ui_wait() {
	local i
	for ((i = 0; i < ${3:-20} * 10; i++)); do
		ui_screen "$1" | grep -qE "$2" && return 0
		sleep 0.1
	done
	echo "  screen was:"
	ui_screen "$1" | sed 's/^/  | /'
	return 1
}

ui_keys() {
	tmux send-keys -t "$1" "${@:2}"
	sleep 0.3
}

t_ui_panes_keys_and_quit() {
	local s=cvtop-ui-$$ cg
	cg=$(cg_make cvtop-test-ui)
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 20
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 20
	ui_start "$s" 120x30
	expect "tabs for the five panes" ui_wait "$s" '1 CPU contention .*2 Throttling .*5 KVM exits'
	expect "the cpu table with its columns" ui_wait "$s" 'WAITS/s +WAITEDv +P50 +P99 +MAX +CPU%'
	expect "the busy test cgroup is listed" ui_wait "$s" '/cvtop-test-ui'
	expect "the hook in use is shown" ui_wait "$s" 'CPU contention via tp_btf'
	ui_keys "$s" 2
	expect "pane 2 shows its table" ui_wait "$s" 'THR%v +QUOTA'
	ui_keys "$s" Tab
	expect "Tab goes to pane 3" ui_wait "$s" 'Overlay latency via '
	ui_keys "$s" BTab BTab
	expect "Shift-Tab goes back to pane 1" ui_wait "$s" 'WAITS/s'
	ui_keys "$s" h
	expect "h shows the help" ui_wait "$s" 'cvtop keys'
	ui_keys "$s" Escape
	expect "Esc leaves the help" ui_wait "$s" 'WAITS/s'
	ui_keys "$s" '>'
	expect "> sorts by the next column" ui_wait "$s" 'P50v'
	ui_keys "$s" r
	expect "r reverses it" ui_wait "$s" 'P50\^'
	ui_keys "$s" '<' '<'
	expect "< goes back two columns" ui_wait "$s" 'WAITS/sv'
	ui_keys "$s" Home Enter
	expect "Enter opens the histogram of the selected cgroup" ui_wait "$s" 'Run-queue latency of /'
	expect "the histogram has time buckets and bars" ui_wait "$s" '[0-9.]+[num]?s -> [0-9.]+[num]?s +\| +[0-9]+ '
	ui_keys "$s" Escape
	expect "Esc goes back to the table" ui_wait "$s" 'WAITS/s'
	ui_keys "$s" q
	expect "q quits with status 0" ui_wait "$s" '^EXITED 0'
}

t_ui_selection_and_detail_follow_the_cgroup() {
	local s=cvtop-ui-sel-$$ cg
	cg=$(cg_make cvtop-test-uisel)
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 20
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 20
	ui_start "$s" 140x30
	ui_wait "$s" '/cvtop-test-uisel' || die "the cgroup never showed"
	# sort by name, then walk down until the test cgroup is selected
	local i
	ui_keys "$s" '<' '<'
	expect "sorted by cgroup name" ui_wait "$s" 'NAME\^'
	for ((i = 0; i < 40; i++)); do
		ui_keys "$s" Enter
		ui_screen "$s" | grep -q 'Run-queue latency of /cvtop-test-uisel' && break
		ui_keys "$s" Escape Down
	done
	expect "the detail is the selected cgroup's" ui_wait "$s" 'Run-queue latency of /cvtop-test-uisel'
	expect "with its waits and percentiles" ui_wait "$s" 'waits [0-9]+ +avg .* p50 .* p99 .* max '
	sleep 1.2
	expect "and it stays on it across refreshes" ui_wait "$s" 'Run-queue latency of /cvtop-test-uisel'
	ui_keys "$s" q
}

t_ui_resize() {
	local s=cvtop-ui-rs-$$
	ui_start "$s" 80x24
	expect "80x24 shows the table with its names" ui_wait "$s" 'WAITS/s .* NAME'
	tmux resize-window -t "$s" -x 40 -y 10
	expect "too small a terminal gets a notice" ui_wait "$s" 'cvtop needs 60x10'
	tmux resize-window -t "$s" -x 200 -y 60
	expect "a big one shows the table again" ui_wait "$s" 'WAITS/s .*NAME'
	ui_keys "$s" q
	expect "and quits" ui_wait "$s" '^EXITED 0'
}

t_ui_filter_pause_interval_theme() {
	local s=cvtop-ui-keys-$$ f g t1 t2
	f=$(cg_make cvtop-test-uifoo)
	g=$(cg_make cvtop-test-uigee)
	cg_run "$f" taskset -c 0 "$HELPERS/spin" 30
	cg_run "$g" taskset -c 1 "$HELPERS/spin" 30
	ui_start "$s" 140x30
	expect "both cgroups show" ui_wait "$s" 'cvtop-test-uigee'
	ui_wait "$s" 'cvtop-test-uifoo' || die "no uifoo"
	ui_keys "$s" / u i f o o Enter
	expect "the filter is shown" ui_wait "$s" 'filter: uifoo'
	expect "the matching row stays" ui_wait "$s" 'cvtop-test-uifoo'
	expect "the other goes" sh -c "! tmux capture-pane -p -t $s | grep -q cvtop-test-uigee"
	ui_keys "$s" Escape
	expect "Esc clears the filter" ui_wait "$s" 'cvtop-test-uigee'
	ui_keys "$s" Space
	expect "space pauses" ui_wait "$s" '\[paused\]'
	t1=$(ui_screen "$s" | head -1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}')
	sleep 1.6
	t2=$(ui_screen "$s" | head -1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}')
	expect "the display stays frozen while paused" test "$t1" = "$t2"
	ui_keys "$s" Space
	expect "and moves again after" wait_until 20 sh -c \
		"! tmux capture-pane -p -t $s | head -1 | grep -q ' $t1 '"
	ui_keys "$s" +
	expect "+ lengthens the interval" ui_wait "$s" 'refresh every 1.0 s'
	ui_keys "$s" - -
	expect "- shortens it" ui_wait "$s" 'refresh every 0.2 s'
	ui_keys "$s" t
	expect "t switches to the next theme" ui_wait "$s" 'theme light'
	ui_keys "$s" q
}

# ui_cpu_pct NAME ROW: the CPU% column of the row naming ROW
ui_cpu_pct() {
	ui_screen "$1" | awk -v r="$2" 'index($0, r) {print $6; exit}'
}

# ui_pct_is NAME ROW PCT: the CPU% of ROW on the screen is PCT
ui_pct_is() {
	[ "$(ui_cpu_pct "$1" "$2")" = "$3" ]
}

# i: per interval / cumulative. A 2 s spin that is over shows 0 CPU% per
# interval and its share since start in the cumulative view.
t_ui_cumulative() {
	local s=cvtop-ui-cum-$$ g pct
	g=$(cg_make cvtop-test-uicum)
	ui_start "$s" 140x30
	ui_wait "$s" 'CPU contention via' || die "cvtop did not start"
	cg_run "$g" "$HELPERS/spin" 2
	expect "the spinning cgroup shows" ui_wait "$s" 'cvtop-test-uicum'
	wait "${LIB_PIDS[-1]}"
	expect "once the spin is over it uses no CPU per interval" wait_until 20 ui_pct_is "$s" cvtop-test-uicum 0.0
	ui_keys "$s" i
	expect "i says the figures are cumulative" ui_wait "$s" 'cumulative: everything since cvtop started'
	expect "the header says since when" ui_wait "$s" '  all [0-9]+s$'
	pct=$(ui_cpu_pct "$s" cvtop-test-uicum)
	expect "the spin's share since start shows ($pct%)" awk -v p="$pct" 'BEGIN {exit !(p >= 5)}'
	ui_wait "$s" '\[cumulative since start\]' 8 || die "no cumulative label in the status line"
	ui_keys "$s" i
	expect "i again goes back to intervals" ui_wait "$s" 'per interval: since the last refresh'
	expect "with the interval in the header" ui_wait "$s" '  0.5s$'
	pct=$(ui_cpu_pct "$s" cvtop-test-uicum)
	expect "and the idle cgroup at 0 CPU% again ($pct)" test "$pct" = 0.0
	ui_keys "$s" v
	expect "v outside the exit table says where it works" ui_wait "$s" 'v picks a vCPU thread'
	ui_keys "$s" q
}

t_ui_bad_theme_falls_back() {
	local s=cvtop-ui-theme-$$ bad err
	bad=$(lib_tmp)
	printf 'title = red,default\nheader = \033]0;owned\007,blue\n' >"$bad"
	err=$(lib_tmp)
	tmux kill-session -t "$s" 2>/dev/null
	tmux new-session -d -s "$s" -x 120 -y 30 \
		"env TERM=xterm-256color $CVTOP --theme $bad 2>$err; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$s")
	expect "cvtop starts anyway" ui_wait "$s" 'WAITS/s'
	expect "the status line names the bad line" ui_wait "$s" "line 2: foreground is not a colour"
	tmux send-keys -t "$s" q
	ui_wait "$s" '^EXITED 0' || die "did not quit"
	cat "$err"
	expect "stderr names the file and line" grep -q "theme $bad: line 2: .*using the default" "$err"
	expect "without echoing the line" sh -c "! grep -q owned '$err'"
}

t_ui_record_then_replay() {
	local s=cvtop-ui-rec-$$ rec
	rec=$(lib_tmp)
	rm -f "$rec"
	tmux kill-session -t "$s" 2>/dev/null
	tmux new-session -d -s "$s" -x 120 -y 30 "$CVTOP -d 0.5 --record $rec; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$s")
	ui_wait "$s" 'WAITS/s' || die "no table"
	wait_until 30 has_snapshots "$rec" 2 || die "nothing recorded"
	ui_keys "$s" q
	expect "the UI quit cleanly" ui_wait "$s" '^EXITED 0'
	expect "the UI recorded its snapshots" test "$(jq -s length "$rec")" -ge 2
	expect "created 0600" test "$(stat -c %a "$rec")" = 600
	tmux kill-session -t "$s"
	tmux new-session -d -s "$s" -x 120 -y 30 "$CVTOP --replay $rec; echo EXITED \$?; sleep 30"
	expect "replay shows where it is" ui_wait "$s" 'replay 1/[0-9]+ '
	expect "with the recorded table" ui_wait "$s" 'WAITS/s'
	ui_keys "$s" Right
	expect "Right steps forward" ui_wait "$s" 'replay 2/[0-9]+ .*\[paused\]'
	ui_keys "$s" Left
	expect "Left steps back" ui_wait "$s" 'replay 1/[0-9]+ '
	ui_keys "$s" q
	expect "and quits" ui_wait "$s" '^EXITED 0'
}

t_ui_overview_and_mouse() {
	local s=cvtop-ui-ov-$$ cg
	cg=$(cg_make cvtop-test-uiov)
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 20
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 20
	ui_start "$s" 120x30
	ui_wait "$s" 'WAITS/s' || die "no table"
	ui_keys "$s" 0
	expect "0 shows the overview" ui_wait "$s" 'Overview: the worst rows of every pane'
	expect "with pane 1's table and the busy cgroup" ui_wait "$s" 'cvtop-test-uiov'
	expect "and every other pane's state" ui_wait "$s" '^5 KVM exits'
	ui_keys "$s" Tab
	expect "Tab goes from the overview to pane 1" ui_wait "$s" 'CPU contention via'
	# SGR mouse reports, as xterm sends them: press and release at column;row
	tmux send-keys -t "$s" -l $'\e[<0;38;1M\e[<0;38;1m'
	expect "a click on a tab switches pane" ui_wait "$s" 'Throttling: unavailable|Throttling via'
	ui_keys "$s" 1
	# the table's header row, under the summary header (1-based, for SGR)
	local hy
	hy=$(ui_screen "$s" | grep -n 'WAITS/s' | head -1 | cut -d: -f1)
	tmux send-keys -t "$s" -l "$(printf '\e[<0;20;%sM\e[<0;20;%sm' "$hy" "$hy")"
	expect "a click on a column header sorts by it" ui_wait "$s" 'P50v'
	tmux send-keys -t "$s" -l "$(printf '\e[<0;20;%sM\e[<0;20;%sm' "$hy" "$hy")"
	expect "a second click reverses" ui_wait "$s" 'P50\^'
	ui_keys "$s" q
}
