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
	for ((i = 0; i < ${3:-20} * 10; i++)); do
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

# Without /dev/kvm: pane 4 runs with its guest summary and says why it has
# no host view, pane 5 says why it is unavailable
kvm_ui_without_kvm() {
	local s=cvtop-test-kvm-ui-$$
	echo "  no /dev/kvm here: the panes must say what they can and cannot show"
	kvm_ui_start "$s" 140x45
	kvm_ui_wait "$s" 'CPU contention' || die "cvtop did not start"
	kvm_ui_keys "$s" 4
	expect "4 shows the guest steal summary" kvm_ui_wait "$s" 'Guest: steal [0-9.]+% of all CPUs'
	expect "with one line per CPU" kvm_ui_wait "$s" '^ *cpu1 +[0-9.]+%'
	expect "and why it shows no VM" kvm_ui_wait "$s" 'Host view unavailable: .*no KVM on this host'
	kvm_ui_keys "$s" 5
	expect "5 says the pane is unavailable: no /dev/kvm" kvm_ui_wait "$s" 'unavailable: .*no /dev/kvm'
	kvm_ui_keys "$s" q
	expect "q quits with status 0" kvm_ui_wait "$s" '^EXITED 0'
}

t_ui_steal_and_kvm_panes() {
	[ -w /dev/kvm ] || { kvm_ui_without_kvm; return; }
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

# kvm_ui_lacks NAME REGEX: the screen does not show REGEX
kvm_ui_lacks() {
	! kvm_ui_screen "$1" | grep -qE "$2"
}

# The exit table's vCPU filter (v) and the cumulative view, on a recording
# cvtop made in the kernel matrix's nested guest (Debian 6.12, kvm_amd; two
# VMs of one vCPU thread each, 15 io exits each): this machine's KVM never
# fires kvm_exit, so the exit table can only be seen here through a replay.
t_ui_kvm_vcpu_filter_on_a_nested_recording() {
	local s=cvtop-test-kvm-vcpu-$$ rec=tests/fixtures/recordings/kvm-nested-6.12-cumulative.jsonl
	tmux kill-session -t "$s" 2>/dev/null
	tmux new-session -d -s "$s" -x 160 -y 50 \
		"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP --replay $rec; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$s")
	kvm_ui_wait "$s" 'replay 6/6' 10 || die "the replay did not reach its end"
	kvm_ui_keys "$s" 5
	expect "the exit table says it covers everything since start" \
		kvm_ui_wait "$s" 'VM exits by reason, since start'
	expect "the header says how long" kvm_ui_wait "$s" 'all 11s$'
	expect "with the first VM's vCPU thread" kvm_ui_wait "$s" '^io +15 .* vm-cum-a tid 291$'
	expect "and the second's" kvm_ui_wait "$s" '^io +15 .* vm-cum-b tid 293$'
	expect "and all VMs together" kvm_ui_wait "$s" '^io +30 .* all VMs$'
	kvm_ui_keys "$s" v
	expect "v shows the first vCPU thread alone" kvm_ui_wait "$s" 'vCPU thread 291 only'
	expect "its rows stay" kvm_ui_wait "$s" '^io +15 .* vm-cum-a tid 291$'
	expect "the other thread's go" kvm_ui_lacks "$s" 'tid 293'
	expect "and so do the per-VM rows" kvm_ui_lacks "$s" 'all VMs'
	kvm_ui_keys "$s" v
	expect "v again: the next thread" kvm_ui_wait "$s" '^io +15 .* vm-cum-b tid 293$'
	expect "alone" kvm_ui_lacks "$s" 'tid 291'
	kvm_ui_keys "$s" v
	expect "after the last thread, all again" kvm_ui_wait "$s" 'all vCPU threads and VMs'
	expect "both threads show" kvm_ui_wait "$s" 'tid 291'
	kvm_ui_keys "$s" v Escape
	expect "Esc shows all too" kvm_ui_wait "$s" 'tid 293'
	kvm_ui_keys "$s" i
	expect "i on a recording says what it holds" kvm_ui_wait "$s" 'this one is cumulative'
	kvm_ui_keys "$s" q
	expect "q quits with status 0" kvm_ui_wait "$s" '^EXITED 0'
}
