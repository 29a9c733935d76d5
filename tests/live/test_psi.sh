#!/bin/bash
# Pane 1's CPU pressure read in bulk (the cgroup iterator) and from each
# cgroup's cpu.pressure (the fallback): the same figures, side by side.

# psi_of FILE CGROUP: the "psi" objects of CGROUP's rows in FILE, one a line
psi_of() {
	jq -c --arg p "$2" '.panes.cpu.rows[]? | select(.cgroup == $p) | .psi' "$1"
}

# psi_avg10_over CGDIR N: the some avg10 of CGDIR's cpu.pressure is over N
psi_avg10_over() {
	awk -v n="$2" '$1 == "some" { sub("avg10=", "", $2); found = $2 > n } END { exit !found }' "$1/cpu.pressure"
}

# Two spinners share CPU 0, each in its own cgroup: each waits about half the
# time, so its cgroup's "some" stall grows by about half a second per second.
# Two cvtops run at once, one reading the iterator, one the files (forced):
# every interval of each shows that, not 0 one second and 2 s the next (the
# kernel folds the per-CPU PSI state in only every 2 s: the iterator must add
# what it holds since), and their avg10 agree.
t_psi_iterator_matches_files() {
	local a b idle it fi r m
	a=$(cg_make cvtop-test-psi-a)
	b=$(cg_make cvtop-test-psi-b)
	idle=$(cg_make cvtop-test-psi-idle)
	cg_run "$a" taskset -c 0 "$HELPERS/spin" 120
	cg_run "$b" taskset -c 0 "$HELPERS/spin" 120
	cg_run "$idle" taskset -c 1 sh -c 'for i in $(seq 40); do sleep 0.5; done'
	# avg10 is a 10 s moving average: it takes seconds to climb, and how
	# many depends on the machine. Until the kernel's own file shows the
	# stall in it, no cvtop run could.
	wait_until 60 psi_avg10_over "$a" 25 || die "$a: cpu.pressure avg10 stayed under 25 for 60 s"
	wait_until 60 psi_avg10_over "$b" 25 || die "$b: cpu.pressure avg10 stayed under 25 for 60 s"
	it=$(lib_tmp)
	fi=$(lib_tmp)
	"$CVTOP" -b -n 6 -d 1 --format json -o "$it" &
	LIB_PIDS+=($!)
	"$CVTOP" -b -n 6 -d 1 --format json -o "$fi" --hook cpu.psi=files ||
		die "cvtop with the files failed"
	wait "${LIB_PIDS[-1]}" || die "cvtop with the iterator failed"
	m=$(tail -n 1 "$it" | jq -r .panes.cpu.method)
	echo "  iterator run: $m"
	expect "the iterator was chosen on this kernel" grep -q 'PSI: cgroup iterator' <<<"$m"
	m=$(tail -n 1 "$fi" | jq -r .panes.cpu.method)
	echo "  files run: $m"
	expect "--hook cpu.psi=files forces the files" grep -q 'PSI: cpu.pressure files' <<<"$m"
	for cg in /cvtop-test-psi-a /cvtop-test-psi-b; do
		for f in "$it" "$fi"; do
			r=$(psi_of "$f" "$cg" | tail -n 4 | jq -s -c .)
			echo "  $cg $([ "$f" = "$it" ] && echo iterator || echo files): $r"
			# the first interval may start before the spinners shared CPU 0
			# about half, more when other work shares CPU 0; never more
			# than the interval, as a total 2 s stale would give
			expect "$cg stalled 25..105 % of every interval" \
				jq -e 'length == 4 and all(.[]; .some_stall_us > 250000 and .some_stall_us < 1050000)' <<<"$r"
			expect "$cg avg10 says so" jq -e 'all(.[-2:][]; .some_avg10 > 20 and .some_avg10 <= 100)' <<<"$r"
		done
		expect "$cg: both methods' stall over 4 s agree within 20 %" jq -e -n \
			--slurpfile x <(psi_of "$it" "$cg" | tail -n 4) --slurpfile y <(psi_of "$fi" "$cg" | tail -n 4) \
			'([$x[].some_stall_us] | add) as $i | ([$y[].some_stall_us] | add) as $f |
			 ($i - $f | fabs) < 0.2 * $f'
	done
	for f in "$it" "$fi"; do
		r=$(psi_of "$f" /cvtop-test-psi-idle | tail -n 1)
		echo "  idle: $r"
		expect "the sleeping cgroup barely stalled" jq -e '.some_stall_us < 50000' <<<"$r"
	done
	expect "the root cgroup has its PSI too (the iterator's or its file's)" jq_true "$it" \
		'[.[-1].panes.cpu.rows[] | select(.cgroup == "/") | .psi.some_stall_us] | all(. != null)'
	expect "every row of the iterator run has its PSI" jq_true "$it" \
		'[.[-1].panes.cpu.rows[] | select(.gone | not) | .psi.some_stall_us == null] | any | not'
}

# A cgroup made while cvtop runs has its PSI from the next refresh on: the
# iterator walks the whole hierarchy every refresh.
t_psi_new_cgroup() {
	local out cg
	out=$(lib_tmp)
	cvtop_bg "$out"
	cg=$(cg_make cvtop-test-psi-new)
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 30
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 30
	expect "the new cgroup's stall is shown" wait_until 30 jq -e -s \
		'any(.[].panes.cpu.rows[]; .cgroup == "/cvtop-test-psi-new" and .psi.some_stall_us > 100000)' "$out"
	cvtop_stop
}

# More cgroups than one read of an iterator holds (the kernel hands a cgroup
# iterator's output out 32 KiB at a time and cannot resume it: ~680 records)
# and more than the iterator's first map holds (4096): it keeps every
# cgroup's PSI, made while cvtop runs, without falling back to the files.
t_psi_iterator_thousands_of_cgroups() {
	local out cg
	out=$(lib_tmp)
	cvtop_bg "$out"
	cg_make_many cvtop-test-psi-many 5000
	cg=$(cg_make cvtop-test-psi-many-spin)
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 60
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 60
	expect "the spinners' cgroup, made after 5000 others, has its stall" wait_until 60 jq -e -s \
		'any(.[].panes.cpu.rows[]; .cgroup == "/cvtop-test-psi-many-spin" and .psi.some_stall_us > 100000)' "$out"
	cvtop_stop
	expect "every snapshot read the iterator" jq_true "$out" \
		'all(.[].panes.cpu.method; test("PSI: cgroup iterator"))'
	expect "no refresh failed" jq_true "$out" 'all(.[].panes.cpu.status; . == "ok")'
	"$CVTOP" --probe >"$out" 2>&1 || die "cvtop --probe failed"
	grep -A1 ' iter ' "$out" | sed 's/^/  /'
	expect "a cvtop started among them chooses the iterator" grep -q '+ iter .*chosen' "$out"
}
