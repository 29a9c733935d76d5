#!/bin/bash
# Pane 1 against the real kernel: real cgroups, real workloads, cvtop's JSON.

# Two CPU-bound cgroups share CPU 0; a third sleeps. Waits and CPU time must
# land on the two busy ones, not on the idle one.
t_contention_lands_on_busy_cgroups() {
	local a b idle out ra rb ri others
	a=$(cg_make cvtop-test-busy-a)
	b=$(cg_make cvtop-test-busy-b)
	idle=$(cg_make cvtop-test-idle)
	# the spinners outlive cvtop however slowly it starts: killed at cleanup
	cg_run "$a" taskset -c 0 "$HELPERS/spin" 120
	cg_run "$b" taskset -c 0 "$HELPERS/spin" 120
	cg_run "$idle" taskset -c 1 sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.5; done'
	sleep 0.5
	out=$(lib_tmp)
	cvtop_json "$out" 3
	# CPU time of everything else in the last interval: is CPU 0 theirs?
	others=$(tail -n 1 "$out" | jq '[.panes.cpu.rows[] | select(.cgroup | startswith("/cvtop-test-") | not) |
		.cpu_ns] | add // 0 | floor')
	for cg in /cvtop-test-busy-a /cvtop-test-busy-b; do
		r=$(cpu_row "$out" "$cg")
		echo "  $cg: $r" | cut -c1-300
		[ -n "$r" ] || die "no row for $cg"
		expect "$cg waited in the run queue" jq -e '.runq.count > 10 and .runq.total_ns > 100000000' <<<"$r"
		expect "$cg p50 <= p99 <= max, all non-zero" \
			jq -e '.runq.p50_ns > 0 and .runq.p50_ns <= .runq.p99_ns and .runq.p99_ns <= .runq.max_ns' <<<"$r"
		expect "$cg histogram holds every wait" jq -e '(.runq.hist_log2_ns | add) == .runq.count' <<<"$r"
		if [ "$others" -lt 200000000 ]; then
			expect "$cg had about half of CPU 0" jq -e '.cpu_ns > 300000000 and .cpu_ns < 700000000' <<<"$r"
		else
			echo "  the machine's other cgroups ran $((others / 1000000)) ms in the interval: CPU 0 was shared"
			expect "$cg had at most half of CPU 0" jq -e '.cpu_ns > 0 and .cpu_ns < 700000000' <<<"$r"
		fi
		expect "$cg has a cgroup id" jq -e '.cgroup_id > 1' <<<"$r"
	done
	ri=$(cpu_row "$out" /cvtop-test-idle)
	echo "  idle: $ri" | cut -c1-300
	ra=$(cpu_row "$out" /cvtop-test-busy-a)
	if [ -n "$ri" ]; then
		expect "the idle cgroup used almost no CPU" jq -e '.cpu_ns < 20000000' <<<"$ri"
		if [ "$others" -lt 200000000 ]; then
			expect "the idle cgroup waited far less than a busy one" \
				jq -e --argjson a "$ra" '.runq.total_ns * 20 < $a.runq.total_ns' <<<"$ri"
		else
			# CPU 1 is busy with foreign work too: the idle cgroup's few
			# wakeups queue behind it, but still far less than spinners
			# that want CPU 0 all the time
			expect "the idle cgroup waited less than a busy one (foreign load)" \
				jq -e --argjson a "$ra" '.runq.total_ns * 4 < $a.runq.total_ns' <<<"$ri"
		fi
	fi
}

# A ping-pong between two pid namespaces on one CPU: every hand-over is a
# pid-namespace switch, counted for the victim's namespace with its hostname.
# The same ping-pong without namespaces (on the other CPU) counts none.
t_pidns_switches() {
	local ns ctl out r rc
	ns=$(cg_make cvtop-test-pidns)
	ctl=$(cg_make cvtop-test-samens)
	cg_run "$ns" "$HELPERS/nsping" 100000000 cvtop-ns-host 0
	cg_run "$ctl" "$HELPERS/nsping" 100000000 - 1
	sleep 0.5
	out=$(lib_tmp)
	cvtop_json "$out" 2
	r=$(cpu_row "$out" /cvtop-test-pidns)
	rc=$(cpu_row "$out" /cvtop-test-samens)
	echo "  pidns: $r" | cut -c1-300
	echo "  control: $rc" | cut -c1-300
	expect "namespace ping-pong switches namespaces" jq -e '.pidns_switches > 1000' <<<"$r"
	expect "most of its switches cross namespaces" jq -e '.pidns_switches * 10 > .switches * 8' <<<"$r"
	expect "the control ping-pong switches a lot" jq -e '.switches > 1000' <<<"$rc"
	expect "the control crosses no namespace" jq -e '.pidns_switches == 0' <<<"$rc"
	expect "the victim namespace is listed by its hostname" jq_true "$out" \
		'[.[-1].panes.cpu.pidns[] | select(.hostname == "cvtop-ns-host" and .switches > 1000)] | length == 1'
}

# Every fallback hook measures the same thing.
t_fallback_hooks() {
	local cg out hook r others min
	cg=$(cg_make cvtop-test-fallback)
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 120
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 120
	sleep 0.3
	for hook in raw_tp tracepoint; do
		out=$(lib_tmp)
		cvtop_json "$out" 2 --hook "cpu=$hook"
		expect "$hook was chosen" jq_true "$out" ".[-1].panes.cpu.method | startswith(\"$hook:\")"
		r=$(cpu_row "$out" /cvtop-test-fallback)
		echo "  $hook: $r" | cut -c1-200
		# the two spinners' CPU 0, unless the machine's other work shared it
		others=$(tail -n 1 "$out" | jq '[.panes.cpu.rows[] | select(.cgroup | startswith("/cvtop-test-") | not) |
			.cpu_ns] | add // 0 | floor')
		[ "$others" -lt 200000000 ] && min=500000000 || min=1
		expect "$hook saw the contention (others ran $((others / 1000000)) ms)" \
			jq -e --argjson m "$min" '.runq.count > 10 and .runq.p50_ns > 0 and .cpu_ns >= $m' <<<"$r"
	done
}

# Where the kernel has bpf_rdonly_cast() (6.2+), the sched_switch program and
# the cgroup iterator read through casts (cheaper to verify, and the
# iterator's loads inlined); without it, their probe-read twins are loaded.
t_cast_programs_where_the_kernel_has_them() {
	local out progs
	out=$(lib_tmp)
	cvtop_bg "$out"
	progs=$(loaded_progs "$CVTOP_PID")
	echo "  programs: $(echo $progs)"
	expect "the CPU pane is on tp_btf" jq_true "$out" '.[-1].panes.cpu.method | startswith("tp_btf:")'
	expect "PSI from the cgroup iterator" jq_true "$out" '.[-1].panes.cpu.method | test("PSI: cgroup iterator")'
	if kernel_has_func bpf_rdonly_cast; then
		echo "  the kernel has bpf_rdonly_cast()"
		expect "cpu_switch_cast loaded, not cpu_switch_btf" \
			bash -c 'grep -qx cpu_switch_cast <<<"$1" && ! grep -qx cpu_switch_btf <<<"$1"' _ "$progs"
		expect "cgroup_stats_cast loaded, not cgroup_stats" \
			bash -c 'grep -qx cgroup_stats_cast <<<"$1" && ! grep -qx cgroup_stats <<<"$1"' _ "$progs"
	else
		echo "  the kernel has no bpf_rdonly_cast()"
		expect "cpu_switch_btf loaded, not cpu_switch_cast" \
			bash -c 'grep -qx cpu_switch_btf <<<"$1" && ! grep -qx cpu_switch_cast <<<"$1"' _ "$progs"
		expect "cgroup_stats loaded, not cgroup_stats_cast" \
			bash -c 'grep -qx cgroup_stats <<<"$1" && ! grep -qx cgroup_stats_cast <<<"$1"' _ "$progs"
	fi
	cvtop_stop
}

# cvtop's map of cgroups holds twice the cgroups there are at start when
# that is more than its 10,240 (a node with thousands of pods), and a row
# for each of them, the one made last too.
t_cgroup_map_sized_to_the_hierarchy() {
	local out n max cg
	cg_make_many cvtop-test-mapsize 5400
	cg=$(cg_make cvtop-test-mapsize-spin)
	n=$(awk '$1 == "nr_descendants" {print $2 + 1}' "$(cg2_root)/cgroup.stat")
	echo "  cgroups at start: $n"
	out=$(lib_tmp)
	cvtop_bg "$out"
	max=$(bpftool -j map show id "$(bpf_map_id "$CVTOP_PID" cpu_cgroups)" | jq .max_entries)
	echo "  cpu_cgroups max_entries: $max"
	# other work may make or remove a few cgroups meanwhile
	expect "the map holds about twice the cgroups there were" \
		test "$max" -ge $((2 * n - 200)) -a "$max" -le $((2 * n + 200))
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 30
	expect "the cgroup made last has its row" wait_until 30 jq -e -s \
		'any(.[].panes.cpu.rows[]; .cgroup == "/cvtop-test-mapsize-spin" and .cpu_ns > 0)' "$out"
	cvtop_stop
}

# A cgroup removed while cvtop runs leaves the table (and the kernel map).
t_removed_cgroup_leaves() {
	local cg out first last gone
	cg=$(cg_make cvtop-test-gone)
	out=$(lib_tmp)
	cvtop_bg "$out"
	cg_run "$cg" "$HELPERS/spin" 1
	# cvtop runs until the row was shown, then shown as removed, then gone
	expect "the cgroup is shown while it lives" wait_until 60 jq -e -s \
		'any(.[].panes.cpu.rows[]; .cgroup == "/cvtop-test-gone")' "$out"
	wait "${LIB_PIDS[-1]}"
	rmdir "$cg" || die "rmdir failed"
	wait_until 60 jq -e -s '([.[] | .panes.cpu.rows[] | select(.cgroup == "/cvtop-test-gone" and .gone)] |
		length >= 2) and ([.[-2:][] | .panes.cpu.rows[] | select(.cgroup == "/cvtop-test-gone")] |
		length == 0)' "$out"
	cvtop_stop
	first=$(jq -s '[.[] | .panes.cpu.rows[] | select(.cgroup == "/cvtop-test-gone" and (.gone | not))] | length' "$out")
	last=$(jq -s '[.[-2:][] | .panes.cpu.rows[] | select(.cgroup == "/cvtop-test-gone")] | length' "$out")
	gone=$(jq -s '[.[] | .panes.cpu.rows[] | select(.cgroup == "/cvtop-test-gone" and .gone)] | length' "$out")
	expect "the cgroup was shown while it lived" test "$first" -gt 0
	expect "then shown as removed for a few refreshes" test "$gone" -ge 2
	expect "and is gone after that" test "$last" = 0
}

# Cgroups come and go by the hundred: their rows go, their map entries are
# deleted, and cvtop's memory stays bounded.
cpu_map_ids() {
	bpftool -j map show | jq -r '.[] | select(.name == "cpu_cgroups") | .id' | sort
}

t_churn_keeps_maps_and_memory_bounded() {
	local root out cv i r n rss1 rss2 left entries before map fds seen
	root=$(cg2_root)
	out=$(lib_tmp)
	before=$(cpu_map_ids)
	for i in $(seq 1 100); do
		rmdir "$root/cvtop-test-churn-$i" 2>/dev/null # left by a killed run
		LIB_CGROUPS+=("$root/cvtop-test-churn-$i")
	done
	cvtop_bg "$out"
	cv=$CVTOP_PID
	# this cvtop's map: the one that was not there before (others may run)
	map=$(comm -13 <(echo "$before") <(cpu_map_ids) | head -1)
	for r in 1 2 3 4; do
		for i in $(seq 1 100); do
			mkdir "$root/cvtop-test-churn-$i"
			sh -c "echo \$\$ > $root/cvtop-test-churn-$i/cgroup.procs; exec sleep 0.2" &
		done
		wait $(jobs -p | grep -v "^$cv\$") 2>/dev/null
		# each round is seen in a snapshot before its cgroups go
		seen=$(snapshots "$out")
		wait_until 60 has_snapshots "$out" $((seen + 2)) || die "cvtop stopped writing"
		for i in $(seq 1 100); do
			rmdir "$root/cvtop-test-churn-$i"
		done
		[ "$r" = 1 ] && rss1=$(awk '/VmRSS/ {print $2}' "/proc/$cv/status")
	done
	rss2=$(awk '/VmRSS/ {print $2}' "/proc/$cv/status")
	# removed cgroups stay dimmed for 3 refreshes, then go: wait for that
	last_has_no_churn() {
		tail -n 1 "$out" | jq -e '[.panes.cpu.rows[] | select(.cgroup | startswith("/cvtop-test-churn-"))] | length == 0'
	}
	seen=$(snapshots "$out")
	wait_until 90 has_snapshots "$out" $((seen + 4)) || die "cvtop stopped writing"
	wait_until 90 last_has_no_churn
	entries=$(bpftool -j map dump id "$map" 2>/dev/null | jq length)
	# cpu.pressure stays open per cgroup row: closed with the row. The
	# machine's other cgroups (other work may make thousands) have theirs
	fds=$(find "/proc/$cv/fd" -mindepth 1 | wc -l)
	rows=$(tail -n 1 "$out" | jq '.panes.cpu.rows | length')
	cvtop_stop
	n=$(jq -s '[.[] | .panes.cpu.rows[] | select(.cgroup | startswith("/cvtop-test-churn-"))] | length' "$out")
	left=$(jq -s '[.[-1] | .panes.cpu.rows[] | select(.cgroup | startswith("/cvtop-test-churn-"))] | length' "$out")
	echo "  rows seen $n, left at the end $left, map entries near the end $entries, RSS ${rss1} -> ${rss2} kB, $fds fds"
	expect "the short-lived cgroups were seen" test "$n" -gt 100
	expect "none is left at the end" test "$left" = 0
	expect "the kernel map holds no more than the live cgroups" test "${entries:-99999}" -lt 100
	if [ -n "${CVTOP_SANITIZED:-}" ]; then
		# ASan keeps freed memory in quarantine: its RSS says nothing of
		# cvtop's; LeakSanitizer checks cvtop's memory when it exits
		echo "  sanitized build: RSS not compared (LeakSanitizer checks at exit)"
	else
		expect "memory did not grow by more than 4 MB over 300 more cgroups" test $((rss2 - rss1)) -lt 4096
	fi
	expect "the removed cgroups' files were closed ($fds fds open, $rows rows)" test "$fds" -lt $((150 + rows))
	return 0
}

# Issue 20: every figure of an interval comes from one closed epoch. strace
# delays each of cvtop's bpf() calls, widening the gap between closing an
# epoch (a store to .bss) and reading it (bpf() calls) to tens of ms, while
# a ping-pong and two spinners on CPU 0 end thousands of waits a second:
# before the epochs were closed with a wait for running programs, waits in
# the gap were counted in one interval and their maximum reported in the
# next. In every row, the histogram must hold exactly the count, and the
# maximum must lie in the histogram's top slot (so it is never 0, or a
# stranger's, while there were waits).
cpu_rows_whole() {
	jq -e -s '
		def top: [range(0; length) as $i | select(.[$i] > 0) | $i] | max;
		[.[] | .panes.cpu.rows[] | select(.runq.count > 0) | .runq |
		 (.hist_log2_ns | top) as $k |
		 select((.hist_log2_ns | add) != .count or .max_ns == null or
			($k > 0 and .max_ns < pow(2; $k)) or ($k < 35 and .max_ns >= pow(2; $k + 1)))] |
		if length == 0 then true else (.[0:3] | tostring | halt_error) end' "$1"
}

t_epoch_gap_keeps_intervals_whole() {
	local cg ping out rows
	command -v strace >/dev/null || { echo "  no strace"; return 77; }
	cg=$(cg_make cvtop-test-epoch-spin)
	ping=$(cg_make cvtop-test-epoch-ping)
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 120
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 120
	cg_run "$ping" "$HELPERS/nsping" 1000000000 - 0
	out=$(lib_tmp)
	cvtop_strace "$out"
	rows=$(jq -s '[.[1:][] | .panes.cpu.rows[] | select(.runq.count > 0)] | length' "$out")
	echo "  $rows rows with waits in $(snapshots "$out") snapshots"
	expect "rows with waits in every interval" test "$rows" -ge 14
	expect "the ping-pong's waits were seen" jq_true "$out" \
		'[.[1:][] | .panes.cpu.rows[] | select(.cgroup == "/cvtop-test-epoch-ping") | .runq.count] | add > 1000'
	expect "each row's count, histogram and maximum from the same epoch" cpu_rows_whole "$out"
}
