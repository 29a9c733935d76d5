#!/bin/bash
# Pane 2 against the real kernel: CPU quotas and blkio limits on real
# cgroups (v1 or v2, wherever the controller is), real loop devices, cvtop's JSON.

THR_LOOPS=()

# thr_hier CONTROLLER: mount point of the hierarchy holding it (v1 first, as cvtop does)
thr_hier() {
	local m
	m=$(awk -v c="$1" '$0 ~ / - cgroup / { n = split($NF, o, ","); for (i = 1; i <= n; i++) if (o[i] == c) { print $5; exit } }' /proc/self/mountinfo)
	[ -n "$m" ] && { echo "v1 $m"; return; }
	echo "v2 $(cg2_root)"
}

# Resources are registered for cleanup in this shell, so the helpers below
# set a variable rather than print: $(...) would register them in a subshell.

# thr_cg VAR CONTROLLER NAME: a fresh cgroup in that controller's hierarchy, path in VAR
thr_cg() {
	local _thr_kind _thr_root _thr_dir _thr_c
	read -r _thr_kind _thr_root < <(thr_hier "$2")
	[ -n "$_thr_root" ] || die "no hierarchy for $2"
	if [ "$_thr_kind" = v2 ]; then
		case $2 in cpu | cpuacct) _thr_c=cpu ;; blkio) _thr_c=io ;; esac
		echo "+$_thr_c" >"$_thr_root/cgroup.subtree_control" 2>/dev/null
	fi
	_thr_dir="$_thr_root/$3"
	mkdir -p "$_thr_dir" || die "cannot create $_thr_dir"
	LIB_CGROUPS+=("$_thr_dir")
	printf -v "$1" %s "$_thr_dir"
}

# thr_tmp VAR: a temporary file, removed at the end
thr_tmp() {
	local _thr_f
	_thr_f=$(mktemp "${TMPDIR:-/tmp}/cvtop-test-throttle.XXXXXX") || die "mktemp failed"
	LIB_FILES+=("$_thr_f")
	printf -v "$1" %s "$_thr_f"
}

thr_cleanup() {
	local l
	for l in "${THR_LOOPS[@]+"${THR_LOOPS[@]}"}"; do
		losetup -d "$l" 2>/dev/null
	done
}

# thr_loop VAR: a 64 MiB loop device on a file in /tmp, /dev/loopN in VAR
thr_loop() {
	local _thr_file _thr_dev
	thr_tmp _thr_file
	truncate -s 64M "$_thr_file" || die "cannot make $_thr_file"
	_thr_dev=$(losetup -f --show "$_thr_file") || die "losetup failed"
	THR_LOOPS+=("$_thr_dev")
	printf -v "$1" %s "$_thr_dev"
}

# the rows of cgroup PATH over all snapshots of FILE, one JSON object a line
thr_rows() {
	jq -c --arg p "$2" '.panes.throttle.rows[]? | select(.cgroup == $p)' "$1"
}

# thr_lines FILE: complete snapshots written so far
thr_lines() {
	wc -l <"$1" 2>/dev/null || echo 0
}

# A 0.2 CPU quota and a busy loop: most periods are throttled, and the
# quota is read from wherever the cpu controller lives.
t_cpu_quota_throttles() {
	local cg acct out r kind i iv
	read -r kind _ < <(thr_hier cpu)
	thr_cg cg cpu cvtop-test-throttle-cpu
	# v1 cpuacct may be a hierarchy of its own: usage is read there
	thr_cg acct cpuacct cvtop-test-throttle-cpu
	if [ "$kind" = v1 ]; then
		echo 100000 >"$cg/cpu.cfs_period_us" && echo 20000 >"$cg/cpu.cfs_quota_us" || die "cannot set the quota"
	else
		echo "20000 100000" >"$cg/cpu.max" || die "cannot set cpu.max"
	fi
	# two spinners: the quota runs out early in every period even on a busy machine
	for i in 1 2; do
		sh -c 'echo $$ > "$0/cgroup.procs" && echo $$ > "$1/cgroup.procs" && exec "$2" 10' \
			"$cg" "$acct" "$HELPERS/spin" &
		LIB_PIDS+=($!)
	done
	sleep 0.3
	thr_tmp out
	cvtop_json "$out" 3
	r=$(thr_rows "$out" /cvtop-test-throttle-cpu | tail -1)
	echo "  ($kind) $r" | cut -c1-400
	[ -n "$r" ] || die "no row for the quota cgroup"
	expect "the method in use is named" jq_true "$out" '.[-1].panes.throttle.method | test("^(fexit|kprobe|tp_btf|raw_tp|cgroupfs)")'
	expect "quota 20000/100000 us = 0.2 CPU" jq -e '.cpu.quota_us == 20000 and .cpu.period_us == 100000 and .cpu.quota_cpus == 0.2' <<<"$r"
	# 100 ms periods: about 10 per second of the last interval (longer than
	# asked on a busy machine)
	iv=$(tail -n 1 "$out" | jq .interval_s)
	expect "about 10 periods per second of the interval ($iv s)" \
		jq -e --argjson iv "$iv" '.cpu.periods >= 8 and .cpu.periods <= 10 * $iv + 2' <<<"$r"
	expect "more than 50 % of periods throttled" jq -e '.cpu.throttled_pct > 50' <<<"$r"
	expect "throttled for most of the second" jq -e '.cpu.throttled_ns > 400000000' <<<"$r"
	expect "it used about its whole quota" jq -e '.cpu.quota_used_pct > 80 and .cpu.quota_used_pct < 120' <<<"$r"
	expect "no I/O throttling claimed for it" jq -e '.io.limited == false and (.io.bios // 0) == 0' <<<"$r"
	expect "its score is its % of periods throttled" jq -e '.score == .cpu.throttled_pct' <<<"$r"
	# other cgroups on the machine may be as throttled: check the order, not the place
	expect "rows are worst first" jq_true "$out" '.[-1].panes.throttle.rows | map(.score) | . == (sort | reverse)'
}

# thr_dd_under CVTOP_OUT CGDIR DEV COUNT [BS [CVTOP ARGS]]: COUNT direct
# writes of BS (64k) to DEV from a process in CGDIR, all inside cvtop's
# measured intervals: cvtop runs until two snapshots after the last write
thr_dd_under() {
	local out=$1 cg=$2 dev=$3 n=$4 bs=${5:-64k} cv lines
	shift 4
	[ $# -gt 0 ] && shift
	"$CVTOP" -b -d 1 --format json -o "$out" "$@" &
	cv=$!
	LIB_PIDS+=("$cv")
	# the first snapshot is written after the baseline: I/O from now on is counted
	wait_until 60 has_snapshots "$out" 1 || die "cvtop wrote nothing"
	sh -c 'echo $$ > "$0/cgroup.procs" && exec dd if=/dev/zero of="$1" bs="$3" count="$2" oflag=direct status=none' \
		"$cg" "$dev" "$n" "$bs" || die "dd failed"
	lines=$(thr_lines "$out")
	wait_until 30 has_snapshots "$out" $((lines + 2)) || die "cvtop wrote no snapshot after the writes"
	kill -INT "$cv"
	wait "$cv" || die "cvtop exited with $? on SIGINT"
	jq -e . "$out" >/dev/null || die "cvtop wrote invalid JSON"
}

# A 1 MiB/s write limit on a loop device: every one of N direct one-block
# writes is one throttled bio of 64 KiB, on that device, for that cgroup;
# the same writes from an unlimited cgroup show none.
t_blkio_write_limit() {
	trap 'lib_cleanup; thr_cleanup' EXIT
	local dev mm name lim free out n=24 kind sum
	read -r kind _ < <(thr_hier blkio)
	thr_loop dev
	name=${dev#/dev/}
	mm=$(lsblk -dno MAJ:MIN "$dev" | tr -d ' ')
	thr_cg lim blkio cvtop-test-throttle-io
	thr_cg free blkio cvtop-test-throttle-free
	if [ "$kind" = v1 ]; then
		echo "$mm 1048576" >"$lim/blkio.throttle.write_bps_device" || die "cannot set the limit"
	else
		echo "$mm wbps=1048576" >"$lim/io.max" || die "cannot set io.max"
	fi
	thr_tmp out
	thr_dd_under "$out" "$lim" "$dev" "$n"
	thr_rows "$out" /cvtop-test-throttle-io | tail -1 | cut -c1-600 | sed 's/^/  /'
	expect "the I/O method is available" jq_true "$out" '.[-1].panes.throttle.io_available'
	expect "the limit is shown on $name ($mm)" jq_true "$out" \
		"[.[-1].panes.throttle.rows[] | select(.cgroup == \"/cvtop-test-throttle-io\") | .io.devices[] | select(.name == \"$name\" and .dev == \"$mm\" and .limits.wbps == 1048576 and .limits.rbps == null)] | length == 1"
	sum=$(jq -s --arg n "$name" '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-io") | .io.devices[] | select(.name == $n) | .write.bios] | add' "$out")
	expect "exactly $n throttled write bios on $name (got $sum)" test "$sum" = "$n"
	sum=$(jq -s --arg n "$name" '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-io") | .io.devices[] | select(.name == $n) | .write.bytes] | add' "$out")
	expect "exactly $n x 64 KiB throttled (got $sum)" test "$sum" = $((n * 65536))
	sum=$(jq -s '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-io") | .io.devices[] | .read.bios] | add' "$out")
	expect "no throttled reads" test "$sum" = 0
	if jq_true "$out" '.[-1].panes.throttle.held_visible'; then
		# at 1 MiB/s some 64 KiB writes fit the budget and pass at once
		sum=$(jq -s --arg n "$name" '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-io") | .io.devices[] | select(.name == $n) | .write.held] | add' "$out")
		expect "some of them, not more, were held (got $sum)" test "$sum" -ge 1 -a "$sum" -le "$n"
	fi
	if ! jq_true "$out" '.[-1].panes.throttle.hold_visible'; then
		expect "hold time is null, not 0, when the method cannot see it" jq_true "$out" \
			'[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-io") | .io.hold_ns] | all(. == null)'
		expect "and the pane says it is missing" jq_true "$out" '.[-1].panes.throttle.missing | test("how long")'
	fi

	thr_tmp out
	thr_dd_under "$out" "$free" "$dev" "$n"
	sum=$(jq -s '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-free") | .io.bios, .io.held] | add // 0' "$out")
	expect "the unlimited cgroup doing the same writes shows none (got $sum)" test "$sum" = 0
}

# A block method that cannot load leaves the CPU side running, and the
# I/O numbers unknown (null), not zero; where fexit works it brings hold times.
t_fexit_or_cgroupfs_only() {
	local cg out r kind
	read -r kind _ < <(thr_hier cpu)
	thr_cg cg cpu cvtop-test-throttle-nohook
	if [ "$kind" = v1 ]; then
		echo 20000 >"$cg/cpu.cfs_quota_us" || die "cannot set the quota"
	else
		echo "20000 100000" >"$cg/cpu.max" || die "cannot set cpu.max"
	fi
	cg_run "$cg" "$HELPERS/spin" 120
	thr_tmp out
	cvtop_json "$out" 2 --hook throttle=fexit
	jq -c '.panes.throttle | del(.rows)' "$out" | tail -1 | cut -c1-300 | sed 's/^/  /'
	r=$(thr_rows "$out" /cvtop-test-throttle-nohook | tail -1)
	if jq_true "$out" '.[-1].panes.throttle.method | startswith("fexit:")'; then
		expect "fexit sees hold times" jq_true "$out" '.[-1].panes.throttle.hold_visible'
		return 0
	fi
	expect "the pane runs from cgroupfs alone" jq_true "$out" '.[-1].panes.throttle | .status == "ok" and (.method | startswith("cgroupfs only"))'
	expect "it says block I/O is unavailable and why" jq_true "$out" '.[-1].panes.throttle | .io_available == false and (.missing | test("unavailable: fexit: "))'
	expect "the CPU quota is still seen throttling" jq -e '.cpu.throttled_pct > 50' <<<"$r"
	expect "I/O counts are null, not 0" jq -e '.io.bios == null and .io.bytes == null and .io.hold_ns == null' <<<"$r"
}

# The block hooks fall back in order, and every one counts the same bios.
t_blkio_fallback_raw_tp() {
	trap 'lib_cleanup; thr_cleanup' EXIT
	local dev mm name lim out n=8 kind sum
	read -r kind _ < <(thr_hier blkio)
	thr_loop dev
	name=${dev#/dev/}
	mm=$(lsblk -dno MAJ:MIN "$dev" | tr -d ' ')
	thr_cg lim blkio cvtop-test-throttle-raw
	if [ "$kind" = v1 ]; then
		echo "$mm 1048576" >"$lim/blkio.throttle.write_bps_device" || die "cannot set the limit"
	else
		echo "$mm wbps=1048576" >"$lim/io.max" || die "cannot set io.max"
	fi
	thr_tmp out
	thr_dd_under "$out" "$lim" "$dev" "$n" 64k --hook throttle=raw_tp
	expect "raw_tp was chosen" jq_true "$out" '.[-1].panes.throttle.method | startswith("raw_tp:")'
	sum=$(jq -s --arg n "$name" '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-raw") | .io.devices[] | select(.name == $n) | .write.bios] | add' "$out")
	expect "raw_tp counted exactly $n bios (got $sum)" test "$sum" = "$n"
	if jq_true "$out" '.[-1].panes.throttle.held_visible'; then
		sum=$(jq -s '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-raw") | .io.held] | add' "$out")
		expect "and saw some held (got $sum)" test "$sum" -ge 1 -a "$sum" -le "$n"
	fi
}

# One container-like cgroup with both a CPU quota and a write limit: on a
# hybrid machine they live in two v1 hierarchies under the same path, and
# show up as one row with CPU and I/O side by side.
t_cpu_and_io_side_by_side() {
	trap 'lib_cleanup; thr_cleanup' EXIT
	local cpu io dev mm name out n=16 ckind ikind sum i
	read -r ckind _ < <(thr_hier cpu)
	read -r ikind _ < <(thr_hier blkio)
	thr_cg cpu cpu cvtop-test-throttle-both
	thr_cg io blkio cvtop-test-throttle-both
	thr_loop dev
	name=${dev#/dev/}
	mm=$(lsblk -dno MAJ:MIN "$dev" | tr -d ' ')
	if [ "$ckind" = v1 ]; then
		echo 20000 >"$cpu/cpu.cfs_quota_us" || die "cannot set the quota"
	else
		echo "20000 100000" >"$cpu/cpu.max" || die "cannot set cpu.max"
	fi
	if [ "$ikind" = v1 ]; then
		echo "$mm 1048576" >"$io/blkio.throttle.write_bps_device" || die "cannot set the limit"
	else
		echo "$mm wbps=1048576" >"$io/io.max" || die "cannot set io.max"
	fi
	for i in 1 2; do
		sh -c 'echo $$ > "$0/cgroup.procs" && exec "$1" 20' "$cpu" "$HELPERS/spin" &
		LIB_PIDS+=($!)
	done
	sleep 0.3
	thr_tmp out
	thr_dd_under "$out" "$io" "$dev" "$n"
	expect "one row for the path, not two" jq_true "$out" \
		'all(.[].panes.throttle.rows; [.[] | select(.cgroup == "/cvtop-test-throttle-both")] | length == 1)'
	sum=$(jq -s --arg n "$name" '[.[].panes.throttle.rows[] | select(.cgroup == "/cvtop-test-throttle-both") | .io.devices[] | select(.name == $n) | .write.bios] | add' "$out")
	expect "its I/O side counted all $n bios (got $sum)" test "$sum" = "$n"
	expect "and its CPU side is throttled in the same rows" jq_true "$out" \
		'[.[].panes.throttle.rows[] | select(.cgroup == "/cvtop-test-throttle-both")] | length >= 3 and all(.cpu.throttled_pct > 50 and .io.limited)'
}

# thr_map_has MAP_ID CGROUP_ID: the map has a key of that cgroup
thr_map_has() {
	[ "$(bpftool map dump id "$1" -j | jq --argjson c "$2" '[.[] | select(.formatted.key.cgroup_id == $c)] | length')" -gt 0 ]
}

# A removed cgroup's entries leave the kernel map (and its row the table).
t_removed_cgroup_leaves_the_map() {
	trap 'lib_cleanup; thr_cleanup' EXIT
	local cg dev mm kind out cv map cgid i
	read -r kind _ < <(thr_hier blkio)
	thr_loop dev
	mm=$(lsblk -dno MAJ:MIN "$dev" | tr -d ' ')
	thr_cg cg blkio cvtop-test-throttle-gone
	if [ "$kind" = v1 ]; then
		echo "$mm 1048576" >"$cg/blkio.throttle.write_bps_device" || die "cannot set the limit"
	else
		echo "$mm wbps=1048576" >"$cg/io.max" || die "cannot set io.max"
	fi
	cgid=$(stat -c %i "$cg")
	thr_tmp out
	"$CVTOP" -b -d 0.5 --format json -o "$out" &
	cv=$!
	LIB_PIDS+=("$cv")
	wait_until 60 has_snapshots "$out" 1 || die "cvtop wrote nothing"
	sh -c 'echo $$ > "$0/cgroup.procs" && exec dd if=/dev/zero of="$1" bs=64k count=4 oflag=direct status=none' \
		"$cg" "$dev" || die "dd failed"
	map=$(bpf_map_id "$cv" throttle_io)
	[ -n "$map" ] || die "no throttle_io map in cvtop"
	expect "the cgroup's bios are in the map" thr_map_has "$map" "$cgid"
	rmdir "$cg" || die "rmdir failed"
	expect "after its removal they leave the map" wait_until 60 eval '! thr_map_has "$map" "$cgid"'
	# a snapshot written after that
	wait_until 30 has_snapshots "$out" $(($(snapshots "$out") + 1)) || die "cvtop stopped writing"
	kill -INT "$cv"
	wait "$cv" || die "cvtop exited with $? on SIGINT"
	expect "and its row the table" jq_true "$out" \
		'[.[-1].panes.throttle.rows[] | select(.cgroup == "/cvtop-test-throttle-gone")] | length == 0'
}

# An iops limit alone throttles too: every write is counted, most are held.
t_blkio_iops_limit() {
	trap 'lib_cleanup; thr_cleanup' EXIT
	local dev mm name lim out n=12 kind sum
	read -r kind _ < <(thr_hier blkio)
	thr_loop dev
	name=${dev#/dev/}
	mm=$(lsblk -dno MAJ:MIN "$dev" | tr -d ' ')
	thr_cg lim blkio cvtop-test-throttle-iops
	if [ "$kind" = v1 ]; then
		echo "$mm 10" >"$lim/blkio.throttle.write_iops_device" || die "cannot set the limit"
	else
		echo "$mm wiops=10" >"$lim/io.max" || die "cannot set io.max"
	fi
	thr_tmp out
	thr_dd_under "$out" "$lim" "$dev" "$n" 4k
	expect "the iops limit is shown" jq_true "$out" \
		"[.[-1].panes.throttle.rows[] | select(.cgroup == \"/cvtop-test-throttle-iops\") | .io.devices[] | select(.name == \"$name\" and .limits.wiops == 10 and .limits.wbps == null)] | length == 1"
	sum=$(jq -s --arg n "$name" '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-iops") | .io.devices[] | select(.name == $n) | .write.bios] | add' "$out")
	expect "exactly $n throttled write bios (got $sum)" test "$sum" = "$n"
	sum=$(jq -s --arg n "$name" '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-iops") | .io.devices[] | select(.name == $n) | .write.bytes] | add' "$out")
	expect "of 4 KiB each (got $sum)" test "$sum" = $((n * 4096))
	if jq_true "$out" '.[-1].panes.throttle.held_visible'; then
		sum=$(jq -s '[.[].panes.throttle.rows[]? | select(.cgroup == "/cvtop-test-throttle-iops") | .io.held] | add' "$out")
		expect "at 10 iops most of $n back-to-back writes were held (got $sum)" test "$sum" -ge $((n / 2)) -a "$sum" -le "$n"
	fi
}

# The hierarchies are walked every few refreshes only: a quota set while
# cvtop runs shows up within that, first without numbers (null), then with.
t_new_quota_cgroup_appears() {
	local cg out cv kind i
	read -r kind _ < <(thr_hier cpu)
	thr_tmp out
	"$CVTOP" -b -d 0.5 --format json -o "$out" &
	cv=$!
	LIB_PIDS+=("$cv")
	wait_until 60 has_snapshots "$out" 1 || die "cvtop wrote nothing"
	thr_cg cg cpu cvtop-test-throttle-late
	if [ "$kind" = v1 ]; then
		echo 20000 >"$cg/cpu.cfs_quota_us" || die "cannot set the quota"
	else
		echo "20000 100000" >"$cg/cpu.max" || die "cannot set cpu.max"
	fi
	for i in 1 2; do
		cg_run "$cg" "$HELPERS/spin" 120
	done
	# until the cgroup was seen twice and then throttled (or a deadline)
	wait_until 90 jq -e -s '[.[] | select(has("panes")) | .panes.throttle.rows[] |
		select(.cgroup == "/cvtop-test-throttle-late")] | length >= 2 and .[-1].cpu.throttled_pct > 50' "$out"
	kill -TERM "$cv"
	wait "$cv" || die "cvtop exited with $? on SIGTERM"
	jq -c '.panes.throttle.rows[] | select(.cgroup == "/cvtop-test-throttle-late") | .cpu | {periods, throttled_pct}' "$out" | tr '\n' ' ' | sed 's/^/  /'
	echo
	expect "it shows up while cvtop runs" jq_true "$out" \
		'[.[].panes.throttle.rows[] | select(.cgroup == "/cvtop-test-throttle-late")] | length >= 2'
	expect "first seen without an interval: null, not 0" jq_true "$out" \
		'[.[].panes.throttle.rows[] | select(.cgroup == "/cvtop-test-throttle-late")][0].cpu.periods == null'
	expect "then throttled" jq_true "$out" \
		'[.[].panes.throttle.rows[] | select(.cgroup == "/cvtop-test-throttle-late")][-1].cpu.throttled_pct > 50'
}
