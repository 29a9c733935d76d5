#!/bin/bash
# Panes 4 and 5 in a real terminal (tmux), with a real VM on /dev/kvm.

kvm_ui_start() {
	local w=${2%x*} h=${2#*x}
	tmux kill-session -t "$1" 2>/dev/null
	tmux new-session -d -s "$1" -x "$w" -y "$h" \
		"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP -d 0.5; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$1")
}

kvm_ui_screen() {
	tmux capture-pane -p -t "$1"
}

kvm_ui_wait() {
	local i
	for ((i = 0; i < ${3:-5} * 10; i++)); do
		kvm_ui_screen "$1" | grep -qE "$2" && return 0
		sleep 0.1
	done
	echo "  screen was:"
	kvm_ui_screen "$1" | sed 's/^/  | /'
	return 1
}

kvm_ui_keys() {
	tmux send-keys -t "$1" "${@:2}"
	sleep 0.3
}

t_ui_steal_and_kvm_panes() {
	[ -w /dev/kvm ] || return 77
	local s=cvtop-test-kvm-ui-$$
	# a VM that makes its exits 2 s in, once cvtop has attached, and stays
	"$HELPERS/kvmtest" out 3 5 2 40 -name guest=cvtop-test-ui-vm >/dev/null &
	LIB_PIDS+=($!)
	sleep 0.3
	kvm_ui_start "$s" 140x45
	kvm_ui_wait "$s" 'CPU contention' || die "cvtop did not start"
	kvm_ui_keys "$s" 4
	expect "4 shows the guest steal summary" kvm_ui_wait "$s" 'Guest: steal [0-9.]+% of all CPUs'
	expect "with one line per CPU" kvm_ui_wait "$s" '^ *cpu1 +[0-9.]+%'
	expect "and the host's VMs table" kvm_ui_wait "$s" 'PID +VCPUS/THR +STEAL%v? +WAITED'
	expect "listing the test VM by its name" kvm_ui_wait "$s" ' 1/1\*? .*cvtop-test-ui-vm'
	kvm_ui_keys "$s" 5
	expect "5 says why the exit table is unavailable" \
		kvm_ui_wait "$s" 'VM exits by reason: unavailable: kvm_exit/kvm_entry fire only'
	expect "the port I/O table lists the VM's ports" kvm_ui_wait "$s" '0x3f8:out/1 .*cvtop-test-ui-vm'
	expect "and the in from 0x61" kvm_ui_wait "$s" '0x61:in/1 .*cvtop-test-ui-vm'
	expect "exits to the VMM are listed" kvm_ui_wait "$s" 'IO +[0-9]+ +18 cvtop-test-ui-vm'
	kvm_ui_keys "$s" Enter
	expect "Enter shows the selected VM's detail" kvm_ui_wait "$s" 'VM cvtop-test-ui-vm, this interval'
	expect "with its exits to the VMM" kvm_ui_wait "$s" 'exit to VMM HLT +[0-9]+ +3'
	kvm_ui_keys "$s" Escape
	expect "Esc goes back" kvm_ui_wait "$s" 'Port I/O'
	kvm_ui_keys "$s" h
	expect "the help explains pane 5's columns" kvm_ui_wait "$s" 'SEM%'
	kvm_ui_keys "$s" Escape q
	expect "q quits with status 0" kvm_ui_wait "$s" '^EXITED 0'
}
