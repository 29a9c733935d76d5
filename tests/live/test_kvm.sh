#!/bin/bash
# Pane 5 against the real kernel: a real VM through /dev/kvm (tests/helpers/kvmtest),
# exact exit counts in cvtop's JSON.

# kvm_run_vm ROUNDS OUTS NAME: one kvmtest VM in the background, held 2 s
# after its exits so cvtop reads its name; its pid is in $!
kvm_run_vm() {
	"$HELPERS/kvmtest" out "$1" "$2" 0 2 -name "guest=$3,debug-threads=on" >/dev/null &
	LIB_PIDS+=($!)
}

# kvm_check OUT PID NAME ROUNDS OUTS: the VM's exact counts in every view
kvm_check() {
	local out=$1 pid=$2 name=$3 rounds=$4 outs=$5
	local ios=$((rounds * (outs + 1)))
	jq -c --argjson p "$pid" '.panes.kvm | [.ioport[], .userspace_exits[]] | map(select(.pid == $p))' "$out" |
		grep -v '^\[\]$' | sed 's/^/  /' | cut -c1-400
	expect "pid $pid is named $name" jq_true "$out" \
		"[.[].panes.kvm.ioport[] | select(.pid == $pid) | .vm] | unique == [\"$name\"]"
	expect "$((rounds * outs)) one-byte outs to port 0x3f8, counted per interval" jq_true "$out" \
		"[.[].panes.kvm.ioport[] | select(.pid == $pid and .port == 1016 and .dir == \"out\" and .size == 1) | .exits] | add == $((rounds * outs))"
	expect "$rounds one-byte ins from port 0x61" jq_true "$out" \
		"[.[].panes.kvm.ioport[] | select(.pid == $pid and .port == 97 and .dir == \"in\" and .size == 1) | .exits] | add == $rounds"
	expect "the totals agree, and each exit moved one item" jq_true "$out" \
		"[.[].panes.kvm.ioport | map(select(.pid == $pid)) | select(length > 0)] | last | map([.port, .dir, .exits_total, .items_total]) | sort == [[97, \"in\", $rounds, $rounds], [1016, \"out\", $((rounds * outs)), $((rounds * outs))]]"
	expect "$ios IO, $rounds MMIO and $rounds HLT exits to user space, nothing else" jq_true "$out" \
		"[.[].panes.kvm.userspace_exits[] | select(.pid == $pid and .count > 0) | {name, count}] | group_by(.name) | map({(.[0].name): (map(.count) | add)}) | add == {\"IO\": $ios, \"MMIO\": $rounds, \"HLT\": $rounds}"
	expect "$rounds one-byte MMIO writes to 0x2000" jq_true "$out" \
		"[.[].panes.kvm.mmio[] | select(.pid == $pid) | [.gpa, .type, .len, .count]] | map(select(.[3] > 0)) | (map(.[3]) | add) == $rounds and all(.[:3] == [8192, \"write\", 1])"
	expect "$rounds reads of MSR 0x10, no other MSR" jq_true "$out" \
		"[.[].panes.kvm.msr[] | select(.pid == $pid) | [.msr, .dir, .exception, .count]] | map(select(.[3] > 0)) | (map(.[3]) | add) == $rounds and all(.[:3] == [16, \"rdmsr\", false])"
}

# Without /dev/kvm (this kernel may itself be a guest that binds no KVM) a
# test that needs a VM asserts the documented fallback instead: the pane is
# unavailable and says why, for every hook (ARGS: cvtop's extra arguments).
kvm_absent_says_why() {
	local out
	out=$(lib_tmp)
	echo "  no /dev/kvm here: the pane must say so"
	cvtop_json "$out" 1 "$@"
	jq -c '.[-1].panes.kvm | {status, reason, method}' -s "$out" | sed 's/^/  /'
	expect "without /dev/kvm the pane is unavailable, saying why" jq_true "$out" \
		'.[-1].panes.kvm.status == "unavailable" and (.[-1].panes.kvm.reason | test("no /dev/kvm"))'
}

# kvm_vms_gone OUT PID...: the last whole snapshot holds no row of the PIDs
kvm_vms_gone() {
	local out=$1 p
	shift
	for p in "$@"; do
		jq -e -s --argjson p "$p" '[.[-1].panes.kvm | .ioport[]?, .userspace_exits[]? |
			select(.pid == $p)] | length == 0' "$out" || return 1
	done
}

# Two VMs, one after the other, while cvtop runs: each gets exactly its own
# counts. cvtop runs until both VMs left its table (their counts are all in).
t_kvm_exact_ioport_and_userspace_exits() {
	[ -e /dev/kvm ] || { kvm_absent_says_why; return; }
	local out a b
	out=$(lib_tmp)
	cvtop_bg "$out"
	local cv=$CVTOP_PID
	kvm_run_vm 3 7 cvtop-test-kvm-a
	a=$!
	wait "$a" || die "kvmtest failed"
	kvm_run_vm 5 11 cvtop-test-kvm-b
	b=$!
	wait "$b" || die "kvmtest failed"
	wait_until 60 kvm_vms_gone "$out" "$a" "$b" || die "the VMs' rows did not leave cvtop's table"
	cvtop_stop
	jq -e . "$out" >/dev/null || die "cvtop wrote invalid JSON"
	expect "the pane is ok" jq_true "$out" '.[-1].panes.kvm.status == "ok"'
	kvm_check "$out" "$a" cvtop-test-kvm-a 3 7
	kvm_check "$out" "$b" cvtop-test-kvm-b 5 11
	expect "the first VM's rows left after it exited" jq_true "$out" \
		"[.[-1].panes.kvm.ioport[], .[-1].panes.kvm.userspace_exits[] | select(.pid == $a)] | length == 0"
}

# Without /dev/kvm the whole pane says why; without hardware virtualization
# (a software hypervisor) only the exit table does, with no rows.
t_kvm_exit_table_unavailable_here() {
	local out
	if [ -e /sys/module/kvm_intel ] || [ -e /sys/module/kvm_amd ]; then
		echo "  this host has hardware KVM: the exit table can run"
		return 77
	fi
	out=$(lib_tmp)
	cvtop_json "$out" 1
	if [ ! -e /dev/kvm ]; then
		jq -c '.[-1].panes.kvm' -s "$out" | sed 's/^/  /'
		expect "without /dev/kvm the pane is unavailable" jq_true "$out" \
			'.[-1].panes.kvm.status == "unavailable" and .[-1].panes.kvm.method == null'
		expect "saying there is no /dev/kvm, for every hook tried" jq_true "$out" \
			'.[-1].panes.kvm.reason | [scan("no /dev/kvm")] | length == 3'
		expect "and no tables that look like data" jq_true "$out" \
			'.[-1].panes.kvm | has("exits") or has("ioport") | not'
		"$CVTOP" -b -n 1 -d 1 -o "$out" || die "cvtop failed"
		expect "the text output says it too" grep -q '^\[kvm\] KVM exits: unavailable: tp_btf: no /dev/kvm' "$out"
		"$CVTOP" --probe >"$out" 2>&1
		expect "--probe says why each hook failed" grep -q 'tp_btf     failed: no /dev/kvm' "$out"
		return 0
	fi
	jq -c '.[-1].panes.kvm.exits' -s "$out" | sed 's/^/  /'
	expect "exits are unavailable" jq_true "$out" '.[-1].panes.kvm.exits.status == "unavailable"'
	expect "with the reason" jq_true "$out" \
		'.[-1].panes.kvm.exits.reason | test("kvm_intel or kvm_amd")'
	expect "and no rows that look like data" jq_true "$out" '.[-1].panes.kvm.exits.rows == null'
	"$CVTOP" -b -n 1 -d 1 -o "$out" || die "cvtop failed"
	expect "the text output says it too" grep -q 'VM exits by reason: unavailable: kvm_exit' "$out"
	"$CVTOP" --probe >"$out" 2>&1
	expect "--probe lists the exit hooks as skipped" grep -q 'tp_btf     skipped: no kvm_intel or kvm_amd' "$out"
}

# Every fallback hook counts the same exits.
t_kvm_fallback_hooks() {
	local out hook vm
	for hook in raw_tp tracepoint; do
		[ -e /dev/kvm ] || { kvm_absent_says_why --hook "kvm=$hook"; continue; }
		out=$(lib_tmp)
		cvtop_bg "$out" --hook "kvm=$hook"
		kvm_run_vm 2 4 "cvtop-test-kvm-$hook"
		vm=$!
		wait "$vm" || die "kvmtest failed"
		wait_until 60 kvm_vms_gone "$out" "$vm" || die "the VM's rows did not leave cvtop's table"
		cvtop_stop
		expect "$hook was chosen" jq_true "$out" ".[-1].panes.kvm.method | startswith(\"$hook:\")"
		kvm_check "$out" "$vm" "cvtop-test-kvm-$hook" 2 4
	done
}

# The exit-table programs cannot fire here, but every variant must pass this
# kernel's verifier. Their reads of vcpu_vmx/vcpu_svm are dead code here (no
# such BTF): only a kernel with kvm_intel or kvm_amd verifies those.
t_kvm_exit_programs_load() {
	local dir obj=${OUTPUT:-build}/kvm_exits.bpf.o
	[ -f "$obj" ] || die "no $obj"
	dir=$(mktemp -d /tmp/cvtop-test-kvm-bpffs.XXXXXX)
	mount -t bpf bpf "$dir" || die "cannot mount bpffs"
	bpftool prog loadall "$obj" "$dir/p" >/dev/null 2>"$dir.err"
	local rc=$?
	ls "$dir/p" 2>/dev/null | sed 's/^/  loaded: /'
	local n
	n=$(ls "$dir/p" 2>/dev/null | wc -l)
	umount "$dir"
	rmdir "$dir"
	[ $rc = 0 ] || { tail -20 "$dir.err"; rm -f "$dir.err"; die "bpftool prog loadall failed"; }
	rm -f "$dir.err"
	expect "all six exit/entry programs load (tp_btf, raw_tp, tracepoint)" test "$n" = 6
}

# --cumulative (the UI's i key): every snapshot covers everything since
# cvtop started, so the last one alone holds both VMs' exact totals, the one
# that exited long before included, and no count ever goes down.
t_kvm_cumulative() {
	[ -e /dev/kvm ] || { kvm_absent_says_why --cumulative; return; }
	local out a b n
	out=$(lib_tmp)
	cvtop_bg "$out" --cumulative
	local cv=$CVTOP_PID
	kvm_run_vm 3 7 cvtop-test-kvm-cum-a
	a=$!
	wait "$a" || die "kvmtest failed"
	kvm_run_vm 5 11 cvtop-test-kvm-cum-b
	b=$!
	wait "$b" || die "kvmtest failed"
	# two snapshots after the second VM ended, and more than 6 s covered
	n=$(snapshots "$out")
	wait_until 60 has_snapshots "$out" $((n + 2)) || die "cvtop stopped writing"
	wait_until 30 jq -e -s '.[-1].cumulative_s > 6' "$out" || die "cvtop stopped writing"
	cvtop_stop
	jq -c ".[-1].panes.kvm.ioport | map(select(.pid == $a or .pid == $b))" -s "$out" | sed 's/^/  /'
	expect "every snapshot says how long it covers, growing" jq_true "$out" \
		'map(.cumulative_s) | . == sort and all(. > 0) and .[-1] > 6'
	expect "and so does the pane" jq_true "$out" \
		'map(.panes.kvm.cumulative_s) | . == sort and all(. > 0)'
	expect "the last snapshot still holds the VM that exited first: 21 outs" jq_true "$out" \
		".[-1].panes.kvm.ioport[] | select(.pid == $a and .port == 1016) | .exits == 21 and .exits_total == 21"
	expect "and the second VM's 55 outs" jq_true "$out" \
		".[-1].panes.kvm.ioport[] | select(.pid == $b and .port == 1016) | .exits == 55"
	expect "with its exits to the VMM since start: 60 IO, 5 MMIO, 5 HLT" jq_true "$out" \
		"[.[-1].panes.kvm.userspace_exits[] | select(.pid == $b) | {(.name): .count}] | add == {\"IO\": 60, \"MMIO\": 5, \"HLT\": 5}"
	expect "counts never go down from one snapshot to the next" jq_true "$out" \
		"[.[].panes.kvm.ioport | map(select(.pid == $a and .port == 1016) | .exits) | add // 0] | . == sort"
}
