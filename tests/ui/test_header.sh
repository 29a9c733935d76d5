#!/bin/bash
# The operator's view in a real terminal (tmux): rows that cannot be
# confused, the summary header, inline histograms. Most run on the fixture
# recordings (replay: no BPF), so they read the same screen everywhere.

hdr_start() { # NAME WxH ARGS...: cvtop in tmux; prints "EXITED rc" when it ends
	local w=${2%x*} h=${2#*x}
	tmux kill-session -t "$1" 2>/dev/null
	tmux new-session -d -s "$1" -x "$w" -y "$h" \
		"env TERM=${HDR_TERM:-xterm-256color} LANG=C.UTF-8 $CVTOP ${*:3}; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$1")
}

hdr_screen() {
	tmux capture-pane -p -t "$1"
}

hdr_wait() { # NAME REGEX [SECONDS]: until the screen matches
	local i
	for ((i = 0; i < ${3:-20} * 10; i++)); do
		hdr_screen "$1" | grep -qE "$2" && return 0
		sleep 0.1
	done
	echo "  screen was:"
	hdr_screen "$1" | sed 's/^/  | /'
	return 1
}

hdr_gone() { # NAME REGEX: the screen does not match (after a redraw)
	sleep 0.5
	! hdr_screen "$1" | grep -qE "$2"
}

hdr_keys() {
	tmux send-keys -t "$1" "${@:2}"
	sleep 0.3
}

FIX=tests/fixtures/recordings

# Two VMs of one name (the kvm fixture with the second VM renamed like the
# first): every row of each carries its pid, on screen as in the text output.
t_ui_same_named_vms_told_apart() {
	local s=cvtop-hdr-vms-$$ rec
	rec=$(lib_tmp)
	sed 's/vm-cum-b/vm-cum-a/g' "$FIX/kvm-nested-6.12-cumulative.jsonl" >"$rec"
	expect "the text output tells them apart" \
		sh -c "'$CVTOP' --replay '$rec' -b | grep -q 'vm-cum-a (pid [0-9]*)\$'"
	expect "and leaves the fixture's distinct names alone" \
		sh -c "! '$CVTOP' --replay '$FIX/kvm-nested-6.12-cumulative.jsonl' -b | grep -q '(pid '"
	hdr_start "$s" 140x40 --replay "$rec"
	hdr_keys "$s" 5 End
	expect "pane 5 shows both VMs with their pids" \
		hdr_wait "$s" 'vm-cum-a \(pid [0-9]+\)' 30
	local pids
	pids=$(hdr_screen "$s" | grep -oE 'vm-cum-a \(pid [0-9]+\)' | sort -u | wc -l)
	expect "two different pids ($pids)" test "$pids" -eq 2
}

# Pane 1's pid-namespace table: no blank hostname (the fixture has a
# namespace whose hostname could not be read) and no "0  0" row.
t_ui_pidns_rows_labelled() {
	local s=cvtop-hdr-ns-$$
	hdr_start "$s" 120x40 --replay "$FIX/all-panes-6.18.jsonl"
	hdr_keys "$s" 1
	expect "the pid-namespace table is shown" hdr_wait "$s" 'PIDNS +SWITCHED/s +HOSTNAME'
	expect "the unnamed namespace is labelled -" hdr_wait "$s" '^4026532327 +[0-9.]+ -'
	expect "no row of namespace 0" hdr_gone "$s" '^ +0 +0 *$'
}
