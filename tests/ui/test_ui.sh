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
	for ((i = 0; i < ${3:-5} * 10; i++)); do
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
	expect "Tab goes to pane 3" ui_wait "$s" 'Overlay latency: unavailable'
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
	expect "sorted by cgroup name" ui_wait "$s" 'CGROUP\^'
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
	expect "80x24 shows the table" ui_wait "$s" 'WAITS/s'
	tmux resize-window -t "$s" -x 40 -y 10
	expect "too small a terminal gets a notice" ui_wait "$s" 'cvtop needs 60x10'
	tmux resize-window -t "$s" -x 200 -y 60
	expect "a big one shows the table again" ui_wait "$s" 'WAITS/s .*CGROUP'
	ui_keys "$s" q
	expect "and quits" ui_wait "$s" '^EXITED 0'
}
