#!/bin/bash
# Batch mode: its files, its errors, its formats, and hostile strings.

t_json_lines_schema() {
	local out
	out=$(lib_tmp)
	cvtop_json "$out" 2
	expect "two JSON objects, one per line" test "$(wc -l <"$out")" = 2
	expect "time, interval_s and the five panes" jq_true "$out" \
		'all(.[]; (.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T")) and .interval_s > 0.5 and
		 (.panes | keys == ["cpu","kvm","overlay","steal","throttle"]))'
	expect "every pane has status, reason and method" jq_true "$out" \
		'all(.[].panes[]; (.status == "ok" and .reason == null and (.method | type) == "string")
		 or (.status == "unavailable" and (.reason | length) > 0 and .method == null))'
	expect "the cpu pane runs here, on tp_btf" jq_true "$out" \
		'all(.[]; .panes.cpu.status == "ok" and (.panes.cpu.method | startswith("tp_btf:")))'
	expect "the cpu pane lists cgroups" jq_true "$out" 'all(.[]; (.panes.cpu.rows | length) > 0)'
}

t_text_format() {
	local out
	out=$(lib_tmp)
	"$CVTOP" -b -n 2 -d 0.5 -o "$out" || die "cvtop failed"
	expect "a header per snapshot" test "$(grep -c '^cvtop .* interval' "$out")" = 2
	expect "the cpu table" grep -qE '^ *WAITS/s .* NAME$' "$out"
	expect "unavailable panes and views say why" grep -q ': unavailable: ' "$out"
}

t_output_file_is_private() {
	local dir out
	dir=$(lib_tmp)
	rm -f "$dir" && mkdir "$dir"
	out="$dir/snap.json"
	(umask 000 && "$CVTOP" -b -n 1 -d 0.2 --format json -o "$out") || die "cvtop failed"
	expect "the file is created 0600" test "$(stat -c %a "$out")" = 600
}

t_output_never_follows_symlinks() {
	local dir
	dir=$(lib_tmp)
	rm -f "$dir" && mkdir "$dir"
	echo precious >"$dir/target"
	ln -s "$dir/target" "$dir/link"
	if "$CVTOP" -b -n 1 -d 0.2 -o "$dir/link" 2>"$dir/err"; then
		die "cvtop wrote through a symlink"
	fi
	cat "$dir/err"
	expect "it says why" grep -q symlink "$dir/err"
	expect "the target is untouched" test "$(cat "$dir/target")" = precious
}

t_write_errors_are_reported() {
	local err
	err=$(lib_tmp)
	if "$CVTOP" -b -n 2 -d 0.2 --format json -o /dev/full 2>"$err"; then
		die "cvtop exited 0 writing to a full disk"
	fi
	cat "$err"
	expect "the error is named" grep -q "No space left on device" "$err"
	if "$CVTOP" -b -n 1 -d 0.2 >/dev/full 2>"$err"; then
		die "cvtop exited 0 writing standard output to a full disk"
	fi
	expect "standard output too" grep -q "No space left on device" "$err"
}

t_needs_privileges() {
	local err rc=0
	command -v setpriv >/dev/null || return 77
	err=$(lib_tmp)
	chmod 666 "$err"
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$CVTOP" -b -n 1 2>"$err" || rc=$?
	cat "$err"
	expect "exits 1 without privileges" test "$rc" = 1
	expect "and says what it needs" grep -q "CAP_BPF" "$err"
}

t_probe_report() {
	local out
	out=$(lib_tmp)
	"$CVTOP" --probe >"$out" || die "--probe failed"
	cat "$out"
	expect "cpu chose tp_btf" grep -q '^  + tp_btf .*chosen' "$out"
	expect "every pane has a line" test "$(grep -cE '^(cpu|throttle|overlay|steal|kvm) ' "$out")" = 5
	# a kernel that refuses fentry/fexit at load (this one) or has no kprobes:
	# asked once before any pane loads (an empty fentry program, the kprobe
	# interfaces), every pane skips them and says why; a refusal that only a
	# pane's own program meets is tried once and skipped after
	if grep -q 'skipped: fentry failed for an empty fentry program' "$out"; then
		expect "no pane loads fentry/fexit" test "$(grep -cE '^  - f(entry|exit) ' "$out")" = 0
		expect "every fentry/fexit hook says why it was skipped" test \
			"$(grep -cE '^  \. f(entry|exit) +skipped: fentry failed for an empty fentry program on vfs_read: load: Operation not permitted' "$out")" \
			= "$(grep -cE '^  [-+.] f(entry|exit) ' "$out")"
	elif grep -q '^  - f\(entry\|exit\) .*failed: load: Operation not permitted' "$out"; then
		expect "fentry/fexit is tried once" test "$(grep -cE '^  - f(entry|exit) .*failed' "$out")" = 1
		expect "and skipped after, saying why" \
			grep -qE '^  \. f(entry|exit) +skipped: f(entry|exit) failed for [a-z]+: load: Operation not permitted' "$out"
	fi
	if ! [ -e /sys/bus/event_source/devices/kprobe/type ] && ! [ -e /sys/kernel/tracing/kprobe_events ] &&
		! [ -e /sys/kernel/debug/tracing/kprobe_events ]; then
		expect "kprobes are never tried on a kernel without them" test "$(grep -cE '^  - kprobe ' "$out")" = 0
		expect "and skipped, saying why" test \
			"$(grep -cE '^  \. kprobe +skipped: kprobe failed for this kernel: no kprobe PMU and no kprobe_events' "$out")" \
			= "$(grep -cE '^  [-+.] kprobe ' "$out")"
	fi
	"$CVTOP" --probe --hook cpu=tracepoint >"$out" || die "--probe --hook failed"
	expect "a forced hook shows the others skipped" grep -q 'tp_btf .*skipped: --hook cpu=tracepoint' "$out"
}

# Cgroup names are attacker data: escape sequences, control bytes and broken
# UTF-8 must not reach a file or a terminal, and JSON must stay valid.
t_hostile_cgroup_name() {
	local name cg out txt
	name=$'cvtop-test-\e]0;pwned\a\e[31mred\x01"q"\\\xff\xfe'
	cg=$(cg_make "$name")
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 120
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 120
	sleep 0.3
	out=$(lib_tmp)
	txt=$(lib_tmp)
	cvtop_json "$out" 1
	"$CVTOP" -b -n 1 -d 0.5 -o "$txt" || die "cvtop text failed"
	expect "JSON holds the escaped name" jq_true "$out" \
		'[.[0].panes.cpu.rows[].cgroup | select(startswith("/cvtop-test-\\x1b]0;pwned\\x07\\x1b[31mred\\x01\"q\"\\\\\\xff\\xfe"))] | length == 1'
	expect "no ESC, BEL or SOH byte in the JSON" sh -c "! grep -qP '[\x01\x07\x1b]' '$out'"
	expect "no ESC, BEL or SOH byte in the text" sh -c "! grep -qP '[\x01\x07\x1b]' '$txt'"
	expect "the text is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$txt" -o /dev/null
	expect "the JSON is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$out" -o /dev/null
}

# replay_quota_and_overlay: a spinning cgroup under a 0.3 CPU quota (v1 cpu
# where that controller lives, else v2) and a loop of I/O on a real overlay
replay_quota_and_overlay() {
	local cpu q d
	cpu=$(awk '$0 ~ / - cgroup / && $NF ~ /(^|,)cpu(,|$)/ {print $5; exit}' /proc/self/mountinfo)
	if [ -n "$cpu" ]; then
		q=$cpu/cvtop-test-replay-quota
		mkdir -p "$q" && LIB_CGROUPS+=("$q")
		echo 30000 >"$q/cpu.cfs_quota_us"
	else
		q=$(cg_make cvtop-test-replay-quota)
		echo "+cpu" >"$(cg2_root)/cgroup.subtree_control"
		echo "30000 100000" >"$q/cpu.max"
	fi
	cg_run "$q" "$HELPERS/spin" 120 # outlives cvtop; killed at cleanup
	d=$(lib_tmp)
	rm -f "$d" && mkdir -p "$d"/{lower,upper,work,merged}
	mount -t overlay cvtop-test-replay -o "lowerdir=$d/lower,upperdir=$d/upper,workdir=$d/work" \
		"$d/merged" || die "mount -t overlay failed"
	REPLAY_MOUNT=$d/merged
	trap 'lib_cleanup; umount -l "$REPLAY_MOUNT"' EXIT
	cg_run "$(cg_make cvtop-test-replay-ovl)" sh -c \
		"while :; do $HELPERS/ovlio $d/merged/f 100 rw; sleep 0.05; done"
}

# A recording replays to exactly the tables it recorded, text and JSON,
# without root; a damaged one replays up to the damage and says where.
t_record_and_replay() {
	local cg live rec again json cut err n
	cg=$(cg_make cvtop-test-replay)
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 120
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 120
	# rows for the throttle pane (a CPU quota) and the overlay pane
	replay_quota_and_overlay
	live=$(lib_tmp)
	rec=$(lib_tmp)
	again=$(lib_tmp)
	json=$(lib_tmp)
	"$CVTOP" -b -n 3 -d 1 -o "$live" --record "$rec" || die "recording failed"
	expect "the recording holds three JSON snapshots" test "$(jq -s length "$rec")" = 3
	expect "with the test cgroup" grep -q cvtop-test-replay "$rec"
	expect "with the quota cgroup in the throttle pane" jq_true "$rec" \
		'[.[-1].panes.throttle.rows[] | select(.cgroup == "/cvtop-test-replay-quota")] | length == 1'
	expect "with the overlay I/O in the overlay pane" jq_true "$rec" \
		'[.[-1].panes.overlay.rows[] | select(.cgroup == "/cvtop-test-replay-ovl")] | length == 1'
	expect "and every pane's status" jq_true "$rec" '.[-1].panes | length == 5' 
	chmod 644 "$rec"
	chmod 666 "$again" "$json"
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		"$CVTOP" --replay "$rec" -b -o "$again" || die "replay as nobody failed"
	expect "replayed text is byte for byte what was shown live" cmp "$live" "$again"
	"$CVTOP" --replay "$rec" -b --format json -o "$json" || die "JSON replay failed"
	expect "replayed JSON is byte for byte the recording" cmp "$rec" "$json"
	# cut the last snapshot short, and damage the second one
	cut=$(lib_tmp)
	err=$(lib_tmp)
	head -c -40 "$rec" >"$cut"
	"$CVTOP" --replay "$cut" -b -o "$again" 2>"$err" || die "replay of a cut recording failed"
	cat "$err"
	expect "a cut recording replays up to the damage" test "$(grep -c '^cvtop ' "$again")" = 2
	expect "and says where it stopped" grep -q "line 3: the last line is cut short" "$err"
	{ head -1 "$rec"; echo '{"time":"x","panes":{"cpu":'; tail -1 "$rec"; } >"$cut"
	"$CVTOP" --replay "$cut" -b -o "$again" 2>"$err" || die "replay of a damaged recording failed"
	n=$(grep -c '^cvtop ' "$again")
	expect "a damaged line ends the replay there" test "$n" = 1
	expect "naming the line" grep -q "line 2: not valid JSON" "$err"
	echo '{"no":"panes"}' >"$cut"
	if "$CVTOP" --replay "$cut" -b -o "$again" 2>"$err"; then
		die "a file with no snapshot replayed"
	fi
	expect "a file with no snapshot is refused" grep -q "no cvtop snapshot" "$err"
}

# --cumulative (the UI's i key): every pane's figures cover everything since
# cvtop started. A 2 s spin that ended before the last snapshot still shows
# there with its CPU time; counts never go down; the recording replays to the
# same text and JSON, labelled cumulative.
t_cumulative_every_pane() {
	local cg live rec again json
	cg=$(cg_make cvtop-test-cumulative)
	replay_quota_and_overlay
	live=$(lib_tmp)
	rec=$(lib_tmp)
	again=$(lib_tmp)
	json=$(lib_tmp)
	"$CVTOP" -b -d 1 --cumulative -o "$live" --record "$rec" &
	local cv=$! n
	LIB_PIDS+=("$cv")
	# the spin starts after cvtop's first snapshot: all of it is measured
	wait_until 60 has_snapshots "$rec" 1 || die "cvtop recorded nothing"
	cg_run "$cg" "$HELPERS/spin" 2 cpu # 2 s of CPU time, however busy the machine
	wait "${LIB_PIDS[-1]}"
	# a snapshot after the spin ended, and at least five in all
	n=$(snapshots "$rec")
	wait_until 60 has_snapshots "$rec" $((n + 1 > 5 ? n + 1 : 5)) || die "cvtop stopped recording"
	kill -TERM "$cv"
	wait "$cv" || die "cvtop exited with $? on SIGTERM"
	jq -c '[.cumulative_s, (.panes.cpu.rows[] | select(.cgroup == "/cvtop-test-cumulative") | .cpu_ns)]' "$rec" | sed 's/^/  /'
	expect "the text says cumulative" grep -q '^cvtop .* cumulative over [0-9.]* s (refresh 1.00 s)$' "$live"
	expect "the spin's 2 s of CPU are all in the last snapshot, after it ended" jq_true "$rec" \
		'.[-1].panes.cpu.rows[] | select(.cgroup == "/cvtop-test-cumulative") | .cpu_ns > 1.2e9 and .cpu_ns < 2.3e9'
	expect "its CPU time never goes down" jq_true "$rec" \
		'[.[].panes.cpu.rows[] | select(.cgroup == "/cvtop-test-cumulative") | .cpu_ns] | . == sort'
	expect "the quota cgroup's periods never go down" jq_true "$rec" \
		'[.[].panes.throttle.rows[] | select(.cgroup == "/cvtop-test-replay-quota") | .cpu.periods // 0] | . == sort and .[-1] > 30'
	expect "the overlay reads never go down" jq_true "$rec" \
		'[.[].panes.overlay.rows[] | select(.cgroup == "/cvtop-test-replay-ovl") | .read.count] | . == sort and .[-1] >= 400'
	expect "steal's total ticks grow like the elapsed time" jq_true "$rec" \
		'[.[].panes.steal.guest.total.total_ticks] | . == sort and .[-1] > .[0] * 3'
	"$CVTOP" --replay "$rec" -b -o "$again" || die "replay failed"
	expect "replayed text is byte for byte what was shown live" cmp "$live" "$again"
	"$CVTOP" --replay "$rec" -b --format json -o "$json" || die "JSON replay failed"
	expect "replayed JSON is byte for byte the recording" cmp "$rec" "$json"
}

# A map too small for the cgroups there are: what it could not take is
# counted and said (JSON, text), never dropped silently.
t_full_map_is_counted() {
	local out txt i cg
	for i in 1 2 3 4 5 6; do
		cg=$(cg_make "cvtop-test-full-$i")
		# the spinners outlive the three cvtop runs however slowly they
		# start (killed at cleanup)
		cg_run "$cg" "$HELPERS/spin" 300
	done
	out=$(lib_tmp)
	txt=$(lib_tmp)
	CVTOP_TEST_MAP_MAX=cpu_cgroups=3 "$CVTOP" -b -n 2 -d 0.5 --format json -o "$out" ||
		die "cvtop failed"
	jq -c '.panes.cpu | {status, untracked, rows: (.rows | length)}' "$out" | sed 's/^/  /'
	expect "the map held 3 cgroups" jq_true "$out" 'all(.[]; (.panes.cpu.rows | length) <= 3)'
	expect "the events of the others are counted as untracked" jq_true "$out" \
		'.[-1].panes.cpu.untracked > 0 and .[-1].panes.cpu.status == "ok"'
	CVTOP_TEST_MAP_MAX=cpu_cgroups=3 "$CVTOP" -b -n 1 -d 0.5 -o "$txt" || die "cvtop failed"
	expect "the text says so" grep -q '^\[cpu\] CPU contention .*events not tracked since start: map full' "$txt"
	# the default map holds 10240 cgroups: with room, only an insertion that
	# loses to the kernel's element cache (refilled asynchronously, for maps
	# that are not preallocated) under a burst of new keys is lost: a handful
	small=$(jq -s '.[-1].panes.cpu.untracked' "$out")
	"$CVTOP" -b -n 2 -d 0.5 --format json -o "$out" || die "cvtop failed"
	jq -c '.panes.cpu | {untracked, rows: (.rows | length)}' "$out" | sed 's/^/  /'
	expect "a map with room loses next to nothing ($small lost when full)" jq_true "$out" \
		"(.[-1].panes.cpu.untracked // 0) * 20 < $small and (.[-1].panes.cpu.rows | length) > 6"
}
