#!/bin/bash
# Faults under the interactive UI (tmux): signals leave the terminal as it
# was and no BPF program behind; a recording that fails does not stop the UI.

# fault_ui NAME CVTOP-ARGS...: cvtop in a detached tmux session, between two
# snapshots of the terminal's settings; prints "EXITED rc" when it ends
fault_ui() {
	local s=$1 dir
	shift
	dir=$(lib_tmp)
	rm -f "$dir" && mkdir "$dir"
	FAULT_DIR=$dir
	tmux kill-session -t "$s" 2>/dev/null
	tmux new-session -d -s "$s" -x 120 -y 30 \
		"stty -g >$dir/before; env TERM=xterm-256color LANG=C.UTF-8 $CVTOP -d 0.5 $*; echo EXITED \$?; stty -g >$dir/after; sleep 60"
	LIB_TMUX+=("$s")
}

screen_has() {
	tmux capture-pane -p -t "$1" | grep -qE "$2"
}

# the cvtop process of tmux session NAME
ui_pid() {
	pgrep -x cvtop -P "$(tmux list-panes -t "$1" -F '#{pane_pid}')"
}

t_ui_signals_restore_terminal_and_leave_no_bpf() {
	local sig s pid progs links
	command -v bpftool >/dev/null || die "no bpftool"
	for sig in TERM INT HUP KILL; do
		s=cvtop-fault-$sig-$$
		fault_ui "$s"
		expect "SIG$sig: the UI is up" wait_until 60 screen_has "$s" '1 CPU contention'
		# every pane attached: the programs are all loaded
		wait_until 60 sh -c "! tmux capture-pane -p -t $s | grep -q attaching"
		pid=$(ui_pid "$s")
		[ -n "$pid" ] || die "no cvtop process in tmux"
		progs=$(bpf_ids "$pid" prog)
		links=$(bpf_ids "$pid" link)
		expect "SIG$sig: cvtop holds programs and links" test -n "$progs" -a -n "$links"
		expect "SIG$sig: the UI is on the alternate screen" \
			test "$(tmux display -p -t "$s" '#{alternate_on}')" = 1
		kill -"$sig" "$pid"
		expect "SIG$sig: cvtop ended" wait_until 20 screen_has "$s" 'EXITED'
		expect "SIG$sig: none of its programs or links is left" wait_until 20 bpf_gone "$progs" "$links"
		[ "$sig" = KILL ] && continue # nothing can restore the terminal after SIGKILL
		expect "SIG$sig: a clean exit" screen_has "$s" 'EXITED 0'
		expect "SIG$sig: the alternate screen is left" \
			test "$(tmux display -p -t "$s" '#{alternate_on}')" = 0
		expect "SIG$sig: the terminal's settings are as before" \
			wait_until 10 cmp -s "$FAULT_DIR/before" "$FAULT_DIR/after"
		expect "SIG$sig: the cursor is visible again" \
			test "$(tmux display -p -t "$s" '#{cursor_flag}')" = 1
	done
}

t_ui_recording_disk_full() {
	local s=cvtop-fault-full-$$ d before
	d=$(tmpfs_mount 64k)
	fault_ui "$s" --record "$d/rec.jsonl"
	expect "the UI says the recording stopped, and why" \
		wait_until 120 screen_has "$s" 'recording stopped: No space left on device'
	# the UI keeps running: its clock moves on
	before=$(tmux capture-pane -p -t "$s" | head -1)
	expect "the UI keeps refreshing" \
		wait_until 10 sh -c "[ \"\$(tmux capture-pane -p -t $s | head -1)\" != \"$before\" ]"
	tmux send-keys -t "$s" 2
	expect "and answers keys" wait_until 10 screen_has "$s" 'THR%'
	tmux send-keys -t "$s" q
	expect "q quits" wait_until 20 screen_has "$s" 'EXITED'
	tmux capture-pane -p -t "$s" | grep -E 'cvtop:|EXITED' | sed 's/^/  | /'
	expect "the reason is printed on exit" screen_has "$s" "recording to $d/rec.jsonl: No space left"
	expect "the exit status says it" screen_has "$s" 'EXITED 1'
}
