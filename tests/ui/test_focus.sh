#!/bin/bash
# f: one container or VM across every pane, and the overview's list of them,
# in a real terminal (tmux) on replayed recordings: keys in, screen out.

FIX=tests/fixtures/recordings

# fx_start NAME WxH ARGS...: cvtop in tmux; "EXITED rc" when it ends
fx_start() {
	local s=$1 w=${2%x*} h=${2#*x}
	shift 2
	tmux kill-session -t "$s" 2>/dev/null
	tmux new-session -d -s "$s" -x "$w" -y "$h" \
		"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP $*; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$s")
}

fx_screen() {
	tmux capture-pane -p -t "$1"
}

# fx_wait NAME REGEX: until the screen matches (20 s)
fx_wait() {
	local i
	for ((i = 0; i < 200; i++)); do
		fx_screen "$1" | grep -qE -- "$2" && return 0
		sleep 0.1
	done
	echo "  screen was:"
	fx_screen "$1" | sed 's/^/  | /'
	return 1
}

# fx_gone NAME REGEX: until the screen no longer matches (20 s)
fx_gone() {
	local i
	for ((i = 0; i < 200; i++)); do
		fx_screen "$1" | grep -qE -- "$2" || return 0
		sleep 0.1
	done
	echo "  screen still had it:"
	fx_screen "$1" | sed 's/^/  | /'
	return 1
}

fx_keys() {
	tmux send-keys -t "$1" "${@:2}"
	sleep 0.3
}

# fx_click NAME X Y: a click at column X, row Y (1-based), as xterm reports
# it (SGR: press, release)
fx_click() {
	tmux send-keys -t "$1" -l $'\e[<0;'"$2;$3"'M'$'\e[<0;'"$2;$3"'m'
	sleep 0.3
}

# Two containers, both named "web" in every pane (the fixture's fix-spin
# and fix-io renamed): focus follows the container id, not the name.
t_ui_focus_container_by_id() {
	local s=cvtop-ui-focus-$$ rec
	rec=$(lib_tmp)
	jq -c 'walk(if type == "object" and (.name == "fix-spin" or .name == "fix-io")
		then .name = "web" else . end)' "$FIX/all-panes-6.18.jsonl" >"$rec"
	fx_start "$s" 140x45 --replay "$rec"
	fx_wait "$s" 'CPU contention' || die "cvtop did not start"
	fx_keys "$s" Space
	expect "pane 1 lists both containers named web" fx_wait "$s" '0c62b1efb9ea .*web'
	fx_screen "$s" | grep -qE '0ca409cca3c1 .*web' || die "no second web"
	# the first row (worst first) is 0c62b1efb9ea's: Down to the host's, Down to 0ca4's
	fx_keys "$s" Down Down f
	expect "f names the focused container by its id" \
		fx_wait "$s" '^Focus: podman container web \(id 0ca409cca3c1\)'
	expect "pane 1 shows only that container" fx_gone "$s" '0c62b1efb9ea .*web'
	fx_screen "$s" | grep -qE '0ca409cca3c1 .*web' || die "the focused container's row is gone"
	fx_screen "$s" | grep -qE ' /$' && die "the host's row is still shown"
	fx_keys "$s" 2
	expect "pane 2 says it has nothing of it" \
		fx_wait "$s" 'Focus: .*\(nothing of it in this pane this interval\)'
	fx_screen "$s" | grep -qE 'web( \([0-9a-f]+\))?$' && die "pane 2 shows the other web's throttling"
	fx_keys "$s" 3
	expect "pane 3 shows its overlay I/O" fx_wait "$s" 'diff .*web( \([0-9a-f]+\))?$'
	fx_keys "$s" 0
	expect "the overview keeps the focus line" fx_wait "$s" '^Focus: podman container web \(id 0ca409cca3c1\)'
	expect "and the worst rows are the focused one's" fx_wait "$s" '^1 CPU contention'
	fx_screen "$s" | sed -n '/^1 CPU contention/,/^2 /p' | grep -q 'web' ||
		die "the overview's pane 1 lacks the focused container"
	fx_screen "$s" | sed -n '/^1 CPU contention/,/^2 /p' | grep -q '0c62b1efb9ea' &&
		die "the overview's pane 1 shows the other container"
	fx_keys "$s" 1 Escape
	expect "Esc clears the focus" fx_gone "$s" '^Focus:'
	expect "and both containers are back" fx_wait "$s" '0c62b1efb9ea .*web'
	fx_keys "$s" q
	expect "q quits with status 0" fx_wait "$s" '^EXITED 0'
}

# The overview lists containers and VMs with each pane's worst figure,
# worst first; Enter focuses every pane on the selected one.
t_ui_overview_lists_and_focuses() {
	local s=cvtop-ui-ov-focus-$$ y
	fx_start "$s" 140x45 --replay "$FIX/all-panes-6.18.jsonl"
	fx_wait "$s" 'CPU contention' || die "cvtop did not start"
	fx_keys "$s" Space 0
	expect "0 lists the containers and VMs" fx_wait "$s" '^Containers and VMs, worst first \(2;'
	expect "with each pane's figure in its columns" \
		fx_wait "$s" '^SCORE 1 WAITED +2 THR% +3 RDB/s'
	# fix-spin: the worst wait and the only throttling: 1 + 1; fix-io: its wait
	# against fix-spin's, and the only overlay I/O
	expect "fix-spin first: worst in panes 1 and 2" \
		fx_wait "$s" '^ 2\.00 +[0-9.]+[mu]?s +100\.0 +- +- +- podman +0c62b1efb9ea fix-spin'
	expect "then fix-io: worst in pane 3" \
		fx_wait "$s" '^ 1\.[0-9]{2} +[0-9.]+[mu]?s +- +[0-9.]+MB +- +- podman +0ca409cca3c1 fix-io'
	fx_keys "$s" Down Enter
	expect "Enter focuses on the selected one" fx_wait "$s" '^Focus: podman container fix-io'
	fx_keys "$s" 1
	expect "pane 1 then shows only it" fx_gone "$s" 'fix-spin'
	fx_keys "$s" 0 Escape
	expect "Esc clears it" fx_gone "$s" '^Focus:'
	# a click on a row selects it, a second click on it focuses (rows found
	# on the screen: the first fix-io row is the list's, above pane 1's)
	fx_keys "$s" Home
	y=$(fx_screen "$s" | grep -nE '0ca409cca3c1 +fix-io$' | head -1 | cut -d: -f1)
	[ -n "$y" ] || die "no fix-io row"
	fx_click "$s" 60 "$y"
	fx_click "$s" 60 "$y"
	expect "two clicks on fix-io's row focus on it" fx_wait "$s" '^Focus: podman container fix-io'
	# a click on the focus line clears it
	fx_click "$s" 10 "$(fx_screen "$s" | grep -n '^Focus:' | cut -d: -f1)"
	expect "a click on the focus line clears it" fx_gone "$s" '^Focus:'
	fx_keys "$s" q
	expect "q quits with status 0" fx_wait "$s" '^EXITED 0'
}

# Two VMs: f on one's exit row shows its exits alone (not all VMs' rows,
# not the other VM's); pane 1 says it has nothing of it.
t_ui_focus_vm_by_pid() {
	local s=cvtop-ui-focus-vm-$$ pid
	pid=$(jq -r '[.panes.kvm.exits.rows[]? | select(.vm == "vm-cum-b") | .pid][0]' \
		"$FIX/kvm-nested-6.12-cumulative.jsonl")
	[ -n "$pid" ] && [ "$pid" != null ] || die "the fixture has no vm-cum-b"
	fx_start "$s" 160x60 --replay "$FIX/kvm-nested-6.12-cumulative.jsonl"
	fx_wait "$s" 'CPU contention' || die "cvtop did not start"
	# the first snapshots have no exits yet: the fourth has both VMs'
	fx_keys "$s" Right Left Left Left Left Left Left
	fx_wait "$s" 'replay 1/6 .*\[paused\]' || die "the replay did not go back to its start"
	fx_keys "$s" Right Right Right 5
	expect "pane 5 shows both VMs' exits" fx_wait "$s" 'vm-cum-b tid'
	fx_keys "$s" 0
	expect "the overview lists both VMs by pid" fx_wait "$s" "VM +pid $pid +vm-cum-b"
	fx_screen "$s" | grep -qE 'VM +pid [0-9]+ +vm-cum-a' || die "vm-cum-a is not listed"
	# as bad as each other: then in the order of their pids, vm-cum-b second
	expect "each with its exits" fx_wait "$s" "^ 1\.00 +- +- +- +- +15 VM +pid $pid +vm-cum-b"
	fx_keys "$s" Home Down Enter
	expect "Enter focuses on the VM by its pid" fx_wait "$s" "^Focus: VM vm-cum-b \(pid $pid\)"
	fx_keys "$s" 5
	expect "pane 5 shows its exits" fx_wait "$s" 'vm-cum-b tid'
	expect "and neither all VMs' rows" fx_gone "$s" 'all VMs$'
	expect "nor the other VM's" fx_gone "$s" 'vm-cum-a'
	fx_keys "$s" 1
	expect "pane 1 has nothing of a VM" fx_wait "$s" 'Focus: VM .*\(nothing of it in this pane'
	fx_keys "$s" f
	expect "f where no row is selected says so" \
		fx_wait "$s" 'f focuses on the selected row'
	fx_screen "$s" | grep -qE "^Focus: VM vm-cum-b" || die "the focus went"
	fx_keys "$s" Escape q
	expect "q quits with status 0" fx_wait "$s" '^EXITED 0'
}

# Pane 4's host view of two spinning VMs (recorded in the kernel matrix's
# nested 6.12 guest): each VM's vCPU wait, worst first; f on one keeps it
# alone in pane 4 and shows its exits alone in pane 5.
t_ui_steal_vms_and_focus() {
	local s=cvtop-ui-steal-$$
	fx_start "$s" 140x45 --replay "$FIX/steal-nested-6.12.jsonl"
	fx_wait "$s" 'replay 8/8' || die "the replay did not reach its end"
	fx_keys "$s" 4
	expect "pane 4 lists each VM's vCPU wait" fx_wait "$s" '^ +PID VCPUS/THR STEAL%v +WAITED +WAITS/s +MAXVCPU VM$'
	expect "vm-steal-b first: its vCPU waited 67.9 % of the last interval" \
		fx_wait "$s" '^ +519 +1/1\* +67\.9 +682ms +79\.6 +682ms vm-steal-b$'
	expect "then vm-steal-a" \
		fx_wait "$s" '^ +518 +1/1\* +67\.6 +679ms +83\.6 +679ms vm-steal-a$'
	fx_screen "$s" | grep -A1 ' 519 ' | grep -q ' 518 ' || die "the rows are not worst first"
	fx_keys "$s" Home Down f
	expect "f on the second row focuses on vm-steal-a by its pid" \
		fx_wait "$s" '^Focus: VM vm-steal-a \(pid 518\)'
	expect "pane 4 then shows it alone" fx_gone "$s" 'vm-steal-b'
	fx_keys "$s" 5
	expect "pane 5 shows its exits" fx_wait "$s" 'vm-steal-a tid 518$'
	expect "and not the other VM's" fx_gone "$s" 'vm-steal-b'
	fx_keys "$s" Escape 4
	expect "Esc brings the other VM back" fx_wait "$s" 'vm-steal-b$'
	fx_keys "$s" q
	expect "q quits with status 0" fx_wait "$s" '^EXITED 0'
}

# Live: two busy cgroups on one CPU; f on one shows its rows alone, its
# latency heatmap grows an interval a refresh, Esc brings the other back.
t_ui_focus_and_heatmap_live() {
	local s=cvtop-ui-focus-live-$$ a b
	a=$(cg_make cvtop-test-focus-a)
	b=$(cg_make cvtop-test-focus-b)
	cg_run "$a" taskset -c 0 "$HELPERS/spin" 30
	cg_run "$b" taskset -c 0 "$HELPERS/spin" 30
	cg_run "$b" taskset -c 0 "$HELPERS/spin" 30
	fx_start "$s" 140x45 -d 0.5
	fx_wait "$s" '/cvtop-test-focus-b' || die "the cgroups never showed"
	fx_wait "$s" '/cvtop-test-focus-a' || die "the cgroups never showed"
	# the filter selects a's row alone; f; then the filter goes, the focus stays
	fx_keys "$s" / cvtop-test-focus-a Enter
	fx_wait "$s" 'filter: cvtop-test-focus-a' || die "no filter"
	fx_keys "$s" f / Escape
	expect "f focuses on the cgroup" fx_wait "$s" '^Focus: host cgroup /cvtop-test-focus-a'
	expect "pane 1 shows it" fx_wait "$s" '/cvtop-test-focus-a *$'
	expect "and not the other busy cgroup" fx_gone "$s" '/cvtop-test-focus-b'
	fx_keys "$s" m
	expect "m: its latency heatmap" \
		fx_wait "$s" '^Latency heatmap: /cvtop-test-focus-a \(CPU contention\), last [0-9]+ intervals'
	expect "grows an interval a refresh" \
		fx_wait "$s" '^Latency heatmap: /cvtop-test-focus-a \(CPU contention\), last ([4-9]|[1-9][0-9]+) intervals'
	expect "waits of a CPU shared three ways: marked in a millisecond bucket" \
		fx_wait "$s" '^ +[0-9.]+ms\|.*='
	fx_keys "$s" 2
	expect "pane 2 has nothing of it (no quota, no block limit)" \
		fx_wait "$s" 'Focus: .*\(nothing of it in this pane'
	fx_keys "$s" 1 Escape
	expect "Esc leaves the heatmap, the focus stays" fx_wait "$s" 'WAITS/s'
	fx_wait "$s" '^Focus: host cgroup /cvtop-test-focus-a' || die "the focus went with the heatmap"
	fx_keys "$s" Escape
	expect "a second Esc clears the focus: the other cgroup is back" \
		fx_wait "$s" '/cvtop-test-focus-b'
	fx_keys "$s" q
	expect "q quits with status 0" fx_wait "$s" '^EXITED 0'
}
