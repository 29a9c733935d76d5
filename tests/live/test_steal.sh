#!/bin/bash
# Pane 4 against the real kernel: steal from /proc/stat, and the run-queue
# wait of a real VM's vCPU thread measured against the kernel's own schedstat.

# steal and total ticks of the "cpu" line of /proc/stat
stat_ticks() {
	awk '$1 == "cpu" {print $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9; exit}' /proc/stat
}

# steal_covered OUT T0: OUT holds 3 snapshots or more, whose total ticks are
# 70 % of those since T0 or more
steal_covered() {
	local ct t
	has_snapshots "$1" 3 || return 1
	ct=$(jq -s '[.[].panes.steal.guest.total.total_ticks] | add' "$1") || return 1
	read -r _ t < <(stat_ticks)
	STEAL_COVER="$ct of $((t - $2)) ticks"
	[ $((ct * 10)) -ge $(((t - $2) * 7)) ]
}

# cvtop reads /proc/stat at its baseline and at every refresh, all between our
# two reads: so its steal ticks summed over the intervals are at most ours,
# and they miss at most what fell between the reads (the ticks it missed).
t_steal_guest_agrees_with_proc_stat() {
	local out s0 t0 s1 t1 cs ct covered
	out=$(lib_tmp)
	read -r s0 t0 < <(stat_ticks)
	# cvtop runs until its intervals cover most of the time since our first
	# read (its start-up is not covered: slow on a busy machine), 3 at least
	cvtop_bg "$out"
	# (judged then: stopping may be slow, e.g. LeakSanitizer's check at exit)
	covered=0
	wait_until 120 steal_covered "$out" "$t0" && covered=1
	cvtop_stop
	read -r s1 t1 < <(stat_ticks)
	cs=$(jq -s '[.[].panes.steal.guest.total.steal_ticks] | add' "$out")
	ct=$(jq -s '[.[].panes.steal.guest.total.total_ticks] | add' "$out")
	echo "  /proc/stat: steal $((s1 - s0)) of $((t1 - t0)) ticks; cvtop: $cs of $ct"
	jq -c '.panes.steal.guest.total' "$out" | sed 's/^/  /'
	expect "the guest view is ok" jq_true "$out" 'all(.[]; .panes.steal.guest.status == "ok")'
	expect "cvtop saw no more steal than /proc/stat" test "$cs" -le $((s1 - s0))
	expect "and missed at most the ticks between the reads" \
		test $((s1 - s0 - cs)) -le $((t1 - t0 - ct))
	expect "cvtop's intervals cover most of the run (${STEAL_COVER:-none})" test "$covered" = 1
	expect "steal % is steal ticks over all ticks, per CPU and in total" jq_true "$out" \
		'all(.[].panes.steal.guest | .total, .cpus[]; .total_ticks > 0 and ((.steal_pct - 100 * .steal_ticks / .total_ticks) | fabs) < 0.001)'
	expect "one row per CPU" jq_true "$out" \
		"all(.[]; (.panes.steal.guest.cpus | map(.cpu)) == [range($(nproc))])"
	if grep -qw kvm_steal_clock /proc/kallsyms && ! [ -e /sys/kernel/tracing/kprobe_events ]; then
		expect "per-call steal deltas say why they are missing (fexit, kprobe tried)" jq_true "$out" \
			'.[-1].panes.steal.cpustolen | .status == "unavailable" and (.reason | test("fexit kvm_steal_clock: .*; kprobe kvm_steal_clock: ")) and (has("hist_log2_ns") | not)'
	fi
}

# run_delay (ns) of a thread, the second field of its schedstat
run_delay() {
	awk '{print $2}' "/proc/$1/task/$1/schedstat"
}

# A spinning VM shares CPU 0 with a CPU hog: its vCPU thread waits about half
# the time. The scheduler's own run_delay around cvtop's run bounds what cvtop
# measured; the baseline and the last refresh are inside the bracket.
steal_host_case() {
	local hook=$1 out vm d0 d1 w
	taskset -c 0 "$HELPERS/kvmtest" spin 120 -name "guest=cvtop-test-steal-$hook" >/dev/null &
	vm=$!
	LIB_PIDS+=("$vm")
	taskset -c 0 "$HELPERS/spin" 120 &
	LIB_PIDS+=($!)
	sleep 0.5
	out=$(lib_tmp)
	d0=$(run_delay "$vm")
	cvtop_json "$out" 3 ${hook:+--hook "steal=$hook"}
	d1=$(run_delay "$vm")
	w=$(jq -s --argjson p "$vm" '[.[].panes.steal.host.vms[] | select(.pid == $p) | .wait_ns] | add // 0' "$out")
	jq -c --argjson p "$vm" '.panes.steal.host.vms[] | select(.pid == $p)' "$out" | sed 's/^/  /'
	echo "  schedstat run_delay grew $((d1 - d0)) ns; cvtop measured $w ns"
	[ -n "$hook" ] && expect "$hook was chosen" jq_true "$out" ".[-1].panes.steal.method | startswith(\"$hook:\")"
	expect "the VM is found, named from its command line, one vCPU" jq_true "$out" \
		"all(.[]; [.panes.steal.host.vms[] | select(.pid == $vm) | [.name, .named, .vcpus, .threads]] == [[\"cvtop-test-steal-$hook\", true, 1, 1]])"
	expect "its vCPU thread waited a lot (two tasks share CPU 0)" test "$w" -gt 300000000
	expect "no more than the scheduler's own run_delay" test "$w" -le $((d1 - d0))
	expect "and most of it" test $((w * 10)) -ge $(((d1 - d0) * 6))
	expect "steal % is its wait over the interval and its vCPUs" jq_true "$out" \
		"[.[] | .interval_s as \$iv | .panes.steal.host.vms[] | select(.pid == $vm) |
		  ((.steal_pct - 100 * .wait_ns / (\$iv * 1e9 * .vcpus)) | fabs) <= 0.01 * .steal_pct + 0.01] |
		 length == 3 and all"
}

# Without /dev/kvm no VM can run here: the host view works and lists none
# (nothing that looks like a VM), on every hook
steal_no_kvm() {
	local out
	out=$(lib_tmp)
	echo "  no /dev/kvm here: the host view must say why it has nothing to watch, the guest view run"
	cvtop_json "$out" 2 ${1:+--hook "steal=$1"}
	jq -c '.[-1].panes.steal | {status, method, host}' -s "$out" | sed 's/^/  /'
	# no object is loaded for it: KVM's device is not registered
	expect "${1:-default hook}: the host view is unavailable for want of KVM, the pane runs" jq_true "$out" \
		'all(.[]; .panes.steal.status == "ok" and .panes.steal.host.status == "unavailable" and
		     (.panes.steal.host.reason | test("^[a-z_]+: no KVM on this host")) and .panes.steal.host.vms == [])'
	expect "and the guest view has its CPUs" jq_true "$out" '.[-1].panes.steal.guest.cpus | length > 0'
}

t_steal_host_vcpu_wait() {
	[ -w /dev/kvm ] || { steal_no_kvm ""; return; }
	steal_host_case ""
}

t_steal_host_fallback_hooks() {
	if [ ! -w /dev/kvm ]; then
		(steal_no_kvm raw_tp) || exit 1
		steal_no_kvm tracepoint
		return
	fi
	(steal_host_case raw_tp) || exit 1
	steal_host_case tracepoint
}

# The host view's sched_switch hook runs only while there are vCPU threads to
# watch: without a VM, the steal pane costs nothing on every context switch.
# With /dev/kvm, a VM that comes attaches it and its end detaches it.
t_steal_hook_only_while_vms() {
	local out vm
	command -v bpftool >/dev/null || { echo "  no bpftool"; return 77; }
	out=$(lib_tmp)
	cvtop_bg "$out"
	wait_until 30 has_snapshots "$out" 2 || die "cvtop stopped writing"
	echo "  attached: $(attached_progs "$CVTOP_PID" | xargs)"
	expect "the CPU pane's sched_switch program is attached (the check sees links)" \
		has_attached "$CVTOP_PID" '^cpu_switch'
	if [ ! -w /dev/kvm ]; then
		expect "no VM here: the host view lists none" jq_true "$out" '.[-1].panes.steal.host.vms == []'
		expect "and the steal pane holds no program at all" not_loaded "$CVTOP_PID" '^steal_'
		cvtop_stop
		return
	fi
	taskset -c 0 "$HELPERS/kvmtest" spin 30 -name guest=cvtop-test-steal-attach >/dev/null &
	vm=$!
	LIB_PIDS+=("$vm")
	expect "the VM is listed" wait_until 60 jq -e -s --argjson p "$vm" \
		'any(.[-1].panes.steal.host.vms[]; .pid == $p)' "$out"
	expect "the steal pane's sched_switch hook is attached while it runs" \
		wait_until 30 has_attached "$CVTOP_PID" '^steal_'
	kill "$vm"
	wait "$vm" 2>/dev/null
	expect "the VM leaves the list" wait_until 60 jq -e -s '.[-1].panes.steal.host.vms == []' "$out"
	expect "and the hook is detached" \
		wait_until 30 not_attached "$CVTOP_PID" '^steal_'
	cvtop_stop
}
