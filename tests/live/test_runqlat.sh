#!/bin/bash
# Parity with libbpf-tools' runqlat: the same run-queue waits of one cgroup,
# counted by both beside each other on the same workload.

# runqlat's histograms (usecs slots "lo -> hi : count") as "slot count"
# lines; with runqlat -P only those of the processes (tgids) in PIDS
runqlat_slots() {
	awk -v pids=" ${2:-} " '
	/^pid = / { on = index(pids, " " $3 " ") > 0 }
	$2 == "->" && $4 == ":" && (pids == "  " || on) {
		printf "%d %d\n", $1 ? int(log($1) / log(2) + 0.5) : 0, $5
	}' "$1"
}

# the histograms' shape: cvtop's ns slot k + 10 spans [1.024, 2.048) * 2^k us,
# runqlat's us slot k [1, 2) * 2^k. The clocks differ (runqlat: ktime at the
# wakeup tracepoint; cvtop: the run queue's clock at enqueue, ~1-2 us later),
# so a wait may land one slot apart: cvtop's cumulative share at each slot
# lies between runqlat's at the slots either side of it, within 0.02.
same_shape() {
	awk -v hist="$1" '
	{ rq[$1] += $2; rqn += $2 }
	END {
		n = split(hist, h, " ")
		for (i = 1; i <= n; i++) { s = i - 1 - 10; if (s < 0) s = 0; cv[s] += h[i]; cvn += h[i] }
		for (k = 0; k < 28; k++) { a += rq[k]; b += cv[k]; ra[k] = a / rqn; ca[k] = b / cvn }
		ra[-1] = 0; bad = 0
		for (k = 0; k < 27; k++) {
			line = line sprintf(" %d:%.3f/%.3f", k, ra[k], ca[k])
			if (ca[k] < ra[k - 1] - 0.02 || ca[k] > ra[k + 1] + 0.02) { bad = 1; at = at " " k }
		}
		printf "  cumulative shares by us slot (runqlat/cvtop):%s\n", line
		if (bad) printf "  out of shape at slots%s\n", at
		exit bad
	}'
}

# |a - b| / a in percent
pct_diff() {
	awk -v a="$1" -v b="$2" 'BEGIN {d = a - b; if (d < 0) d = -d; printf "%.3f", 100 * d / a}'
}

# The windows are the same by construction: the tools run before the
# workload's first task starts and are stopped after its last task ended, so
# each saw the workload's whole life. perf bench sched pipe (two tasks waking
# each other) and three spinners, all on CPU 0, in a fresh v2 cgroup.
#
# runqlat -c counts a wait only when the task switched *out* is in the cgroup
# (bpf_current_task_under_cgroup at sched_switch); cvtop charges the wait to
# the task switched in. They differ by the waits that end when a task from
# outside the cgroup (the machine's other load on CPU 0) leaves the CPU. So a
# second runqlat -P (no cgroup filter, a histogram per process) measures the
# same thing as cvtop, summed over the workload's processes: that one must
# agree within 1 %; runqlat -c may only miss waits, and agrees within 1 % on
# a machine where nothing else ran on CPU 0 (said in the output).
t_runqlat_parity() {
	local cg out rqc rqp pids=() p tgids rqc_n rqp_n cv_n row n
	command -v runqlat >/dev/null || die "no runqlat (tests/deps.sh installs libbpf-tools)"
	command -v perf >/dev/null || die "no perf (tests/deps.sh installs linux-perf)"
	cg=$(cg_make cvtop-test-runqlat)
	out=$(lib_tmp)
	rqc=$(lib_tmp)
	rqp=$(lib_tmp)
	cvtop_bg "$out" --cumulative
	stdbuf -oL runqlat -c "$cg" >"$rqc" 2>&1 &
	RQC_PID=$!
	stdbuf -oL runqlat -P >"$rqp" 2>&1 &
	RQP_PID=$!
	LIB_PIDS+=("$RQC_PID" "$RQP_PID")
	expect "runqlat -c is tracing" wait_until 30 grep -q 'Tracing run queue latency' "$rqc"
	expect "runqlat -P is tracing" wait_until 30 grep -q 'Tracing run queue latency' "$rqp"
	# the workload: started inside the cgroup, all of it ended before the stop
	for p in 1 2 3; do
		cg_run "$cg" taskset -c 0 "$HELPERS/spin" 60
		pids+=($!)
	done
	cg_run "$cg" taskset -c 0 perf bench sched pipe -l 20000
	p=${LIB_PIDS[-1]}
	expect "the workload's five processes are in the cgroup" \
		wait_until 10 sh -c '[ "$(wc -l <"$0")" = 5 ]' "$cg/cgroup.procs"
	tgids=$(tr '\n' ' ' <"$cg/cgroup.procs")
	wait "$p" || die "perf bench sched pipe failed"
	kill -KILL "${pids[@]}"
	wait "${pids[@]}" 2>/dev/null
	expect "the cgroup is empty" wait_until 10 test ! -s "$cg/cgroup.procs"
	# one snapshot of cvtop after the workload's end holds all of it
	n=$(snapshots "$out")
	expect "cvtop wrote the snapshot after the workload" wait_until 30 has_snapshots "$out" $((n + 1))
	kill -INT "$RQC_PID" "$RQP_PID"
	wait "$RQC_PID" || die "runqlat -c exited with $?"
	wait "$RQP_PID" || die "runqlat -P exited with $?"
	cvtop_stop
	sed 's/^/  runqlat -c| /' "$rqc"
	rqc_n=$(runqlat_slots "$rqc" | awk '{n += $2} END {print n + 0}')
	rqp_n=$(runqlat_slots "$rqp" "$tgids" | awk '{n += $2} END {print n + 0}')
	row=$(cpu_row "$out" /cvtop-test-runqlat)
	cv_n=$(echo "$row" | jq '.runq.count')
	echo "  cvtop: $(echo "$row" | jq -c '.runq | {count, hist_log2_ns}')"
	echo "  waits: cvtop $cv_n; runqlat -P (processes $tgids) $rqp_n ($(pct_diff "$rqp_n" "$cv_n") % apart);" \
		"runqlat -c $rqc_n ($(pct_diff "$rqc_n" "$cv_n") % apart)"
	expect "runqlat counted the workload's waits" test "$rqp_n" -gt 10000
	expect "cvtop and runqlat -P agree within 1 %" \
		awk -v d="$(pct_diff "$rqp_n" "$cv_n")" 'BEGIN {exit !(d <= 1)}'
	expect "runqlat -c misses waits, never finds more (within 1 %)" \
		awk -v c="$rqc_n" -v v="$cv_n" 'BEGIN {exit !(c <= v * 1.01)}'
	expect "waits too short for the run-queue clock to advance are counted (slot 0)" \
		test "$(echo "$row" | jq '.runq.hist_log2_ns[0]')" -gt 0
	expect "the histogram has runqlat -P's shape" \
		same_shape "$(echo "$row" | jq -r '.runq.hist_log2_ns | join(" ")')" \
		< <(runqlat_slots "$rqp" "$tgids")
	# runqlat -c misses the waits ended by the machine's other tasks: the
	# long ones; its shape is comparable only when it missed next to nothing
	if awk -v d="$(pct_diff "$rqc_n" "$cv_n")" 'BEGIN {exit !(d <= 1)}'; then
		expect "and runqlat -c's" \
			same_shape "$(echo "$row" | jq -r '.runq.hist_log2_ns | join(" ")')" < <(runqlat_slots "$rqc")
	else
		echo "  runqlat -c missed more than 1 % (other tasks ran on CPU 0): its shape not compared"
	fi
}
