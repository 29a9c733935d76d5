#!/bin/bash
# Pane 3 against the real kernel: real overlay mounts, real I/O in real
# cgroups, cvtop's JSON. Everything made here is named cvtop-test-overlay-*.

OVL_MOUNTS=()
OVL_LOOPS=()
OVL_V1_CGROUPS=()

ovl_cleanup() {
	local m l d
	for m in "${OVL_MOUNTS[@]+"${OVL_MOUNTS[@]}"}"; do
		umount -l "$m" 2>/dev/null
	done
	for l in "${OVL_LOOPS[@]+"${OVL_LOOPS[@]}"}"; do
		losetup -d "$l" 2>/dev/null
	done
	for d in "${OVL_V1_CGROUPS[@]+"${OVL_V1_CGROUPS[@]}"}"; do
		[ -d "$d" ] || continue
		while read -r p; do
			echo "$p" >"${d%/*}/cgroup.procs" 2>/dev/null
		done <"$d/cgroup.procs"
		rmdir "$d" 2>/dev/null
	done
	lib_cleanup
}

# Registration must happen in the test's shell, not in a $(...) subshell, or
# cleanup never hears of it: these set the variable named by their first
# argument instead of printing.

# ovl_dir VAR: a fresh temp dir, removed after the mounts are gone
ovl_dir() {
	local _ovl_d
	_ovl_d=$(mktemp -d "${TMPDIR:-/tmp}/cvtop-test-overlay.XXXXXX") || die "mktemp"
	LIB_FILES+=("$_ovl_d")
	printf -v "$1" %s "$_ovl_d"
}

# ovl_cg VAR NAME: a fresh v2 cgroup /NAME
ovl_cg() {
	cg_make "$2" >/dev/null
	printf -v "$1" %s "$(cg2_root)/$2"
}

# ovl_mount LOWER DIR: an overlay of LOWER with upper/work dirs in DIR, on DIR/merged
ovl_mount() {
	mkdir -p "$2/upper" "$2/work" "$2/merged" || die "mkdir"
	mount -t overlay cvtop-test-overlay \
		-o "lowerdir=$1,upperdir=$2/upper,workdir=$2/work" "$2/merged" || die "mount -t overlay failed"
	OVL_MOUNTS+=("$2/merged")
}

# ovl_cvtop_start OUT N [ARGS]: cvtop in the background into OUT, for at
# least N snapshots; returns once it has attached and written its first
# snapshot, so I/O started now is counted
ovl_cvtop_start() {
	local out=$1
	OVL_N=$2
	shift 2
	"$CVTOP" -b -d 1 --format json -o "$out" "$@" &
	OVL_CVTOP=$!
	LIB_PIDS+=("$OVL_CVTOP")
	wait_until 60 test -s "$out" || die "cvtop wrote no snapshot in 60 s"
}

# ovl_cvtop_wait OUT: once the test's I/O is over, two more snapshots (and
# at least N in all) hold all of it; then cvtop is stopped
ovl_cvtop_wait() {
	local n
	n=$(snapshots "$1")
	n=$((n + 2 > OVL_N ? n + 2 : OVL_N))
	wait_until 60 has_snapshots "$1" "$n" || die "cvtop stopped writing"
	kill -TERM "$OVL_CVTOP"
	wait "$OVL_CVTOP" || die "cvtop exited with $? on SIGTERM"
	jq -e . "$1" >/dev/null || die "cvtop wrote invalid JSON"
}

# the overlay pane's rows of cgroup PATH over all snapshots, summed:
# {"rows": snapshots that had it, "read": {...}, "write": {...}}
ovl_sum() {
	jq -s -c --arg p "$2" '
		[.[] | .panes.overlay.rows[]? | select(.cgroup == $p)] as $r |
		{rows: ($r | length), devs: ($r | map(.dev) | unique),
		 upper: ($r | map(.upperdir) | unique),
		 read: {count: ($r | map(.read.count) | add), bytes: ($r | map(.read.bytes) | add),
			errors: ($r | map(.read.errors) | add),
			hist: ($r | map(.read.hist_log2_ns | add // 0) | add)},
		 write: {count: ($r | map(.write.count) | add), bytes: ($r | map(.write.bytes) | add),
			 errors: ($r | map(.write.errors) | add),
			 hist: ($r | map(.write.hist_log2_ns | add // 0) | add)}}' "$1"
}

# N pwrite + N pread of 4 KiB on an overlay, the same on ext4 in another
# cgroup: exact counts and bytes for the first, nothing for the second. The
# first also writes and reads a fifo on the overlay, which is not overlay I/O
# (the overlay's own read and write never see it): not counted.
ovl_exact_counts() {
	local hook=$1 n=$2 d ovl plain out s p
	trap ovl_cleanup EXIT
	ovl_dir d
	mkdir -p "$d/lower" "$d/plain" || die "mkdir"
	ovl_mount "$d/lower" "$d"
	ovl_cg ovl cvtop-test-overlay-io
	ovl_cg plain cvtop-test-overlay-plain
	out=$d/out.json
	ovl_cvtop_start "$out" 3 ${hook:+--hook overlay=$hook}
	cg_run "$ovl" "$HELPERS/ovlio" "$d/merged/data" "$n" rw
	cg_run "$plain" "$HELPERS/ovlio" "$d/plain/data" "$n" rw
	wait "${LIB_PIDS[-1]}" "${LIB_PIDS[-2]}" || die "ovlio failed"
	cg_run "$ovl" "$HELPERS/ovlio" "$d/merged/fifo" 50 fifo
	wait "${LIB_PIDS[-1]}" || die "ovlio fifo failed"
	ovl_cvtop_wait "$out"
	[ -z "$hook" ] || expect "$hook was chosen" \
		jq_true "$out" ".[-1].panes.overlay.method | startswith(\"$hook:\")"
	s=$(ovl_sum "$out" /cvtop-test-overlay-io)
	p=$(ovl_sum "$out" /cvtop-test-overlay-plain)
	echo "  overlay cgroup: $s"
	echo "  plain cgroup: $p"
	expect "exactly $n reads and $n writes" jq -e ".read.count == $n and .write.count == $n" <<<"$s"
	expect "exactly $((n * 4096)) bytes each way" \
		jq -e ".read.bytes == $((n * 4096)) and .write.bytes == $((n * 4096))" <<<"$s"
	expect "no errors" jq -e '.read.errors == 0 and .write.errors == 0' <<<"$s"
	expect "the histograms hold every call" jq -e ".read.hist == $n and .write.hist == $n" <<<"$s"
	expect "the row names the overlay's upper dir" \
		jq -e --arg u "$d/upper" '.upper == [$u] and (.devs | length) == 1' <<<"$s"
	expect "the same I/O on ext4 is not shown" jq -e '.rows == 0' <<<"$p"
	expect "the method says what it misses" jq_true "$out" '.[-1].panes.overlay.misses | test("mmap")'
}

t_overlay_exact_counts() {
	ovl_exact_counts "" 1000
}

t_overlay_exact_counts_raw_tp() {
	ovl_exact_counts raw_tp 300
}

t_overlay_exact_counts_tracepoint() {
	ovl_exact_counts tracepoint 300
}

# reads of cgroup PATH over all snapshots: {"count", "hist"} (slots summed),
# so a run that straddles a refresh counts whole
ovl_reads() {
	jq -s -c --arg p "$2" '
		[.[] | .panes.overlay.rows[]? | select(.cgroup == $p) | .read] |
		{count: (map(.count) | add),
		 hist: (reduce (.[] | .hist_log2_ns) as $h ([range(0; 36) | 0];
			. as $acc | [range(0; 36) | $acc[.] + ($h[.] // 0)]))}' "$1"
}

# The same 4 KiB reads, cold from a lower dir on a loop device throttled to
# 25 reads/s (v1 blkio) and then warm from the page cache, land in higher
# histogram buckets cold than warm.
t_overlay_cold_reads_shift_the_histogram() {
	local n=16 d loop dev blk cold warm out c w
	trap ovl_cleanup EXIT
	blk=$(awk '$0 ~ / - cgroup / && $NF ~ /(^|,)blkio(,|$)/ {print $5; exit}' /proc/self/mountinfo)
	[ -n "$blk" ] || { echo "  no v1 blkio hierarchy"; return 77; }
	ovl_dir d
	mkdir -p "$d/fs" "$d/ovl" || die "mkdir"
	truncate -s 64M "$d/img" && mkfs.ext4 -q -F "$d/img" || die "mkfs.ext4"
	loop=$(losetup -f --show "$d/img") || die "losetup"
	OVL_LOOPS+=("$loop")
	dev=$(cat "/sys/block/${loop#/dev/}/dev")
	mount "$loop" "$d/fs" && OVL_MOUNTS=("$d/fs" "${OVL_MOUNTS[@]+"${OVL_MOUNTS[@]}"}") || die "mount $loop"
	mkdir "$d/fs/lower" && dd if=/dev/urandom of="$d/fs/lower/data" bs=4k count=$n status=none || die "dd"
	# a fresh mount of the file system starts with a cold page cache
	umount "$d/fs" && mount "$loop" "$d/fs" || die "remount $loop"
	ovl_mount "$d/fs/lower" "$d/ovl"
	mkdir "$blk/cvtop-test-overlay-slow" || die "mkdir blkio cgroup"
	OVL_V1_CGROUPS+=("$blk/cvtop-test-overlay-slow")
	echo "$dev 25" >"$blk/cvtop-test-overlay-slow/blkio.throttle.read_iops_device" || die "throttle"
	ovl_cg cold cvtop-test-overlay-cold
	ovl_cg warm cvtop-test-overlay-warm
	out=$d/out.json
	ovl_cvtop_start "$out" 5
	cg_run "$cold" sh -c 'echo $$ >"$0" && exec "$@"' "$blk/cvtop-test-overlay-slow/cgroup.procs" \
		"$HELPERS/ovlio" "$d/ovl/merged/data" "$n" coldread
	wait "${LIB_PIDS[-1]}" || die "cold ovlio failed"
	cg_run "$warm" "$HELPERS/ovlio" "$d/ovl/merged/data" "$n" read
	wait "${LIB_PIDS[-1]}" || die "warm ovlio failed"
	ovl_cvtop_wait "$out"
	c=$(ovl_reads "$out" /cvtop-test-overlay-cold)
	w=$(ovl_reads "$out" /cvtop-test-overlay-warm)
	echo "  cold: $c"
	echo "  warm: $w"
	expect "all $n cold reads counted" jq -e ".count == $n" <<<"$c"
	expect "all $n warm reads counted" jq -e ".count == $n" <<<"$w"
	# the throttler lets a first burst through, so not every cold read is slow
	expect "a quarter of the cold reads or more took >= 1 ms (throttled disk)" \
		jq -e "[.hist[20:][]] | add >= $n / 4" <<<"$c"
	expect "no warm read took 1 ms (page cache)" jq -e '[.hist[20:][]] | add // 0 == 0' <<<"$w"
	expect "the cold histogram's mean bucket is far above the warm one's" jq -e -n --argjson c "$c" --argjson w "$w" '
		def mean(h): ([range(0; h | length) | . * h[.]] | add) / (h | add);
		mean($c.hist) >= mean($w.hist) + 4'
}

# A cgroup removed while cvtop runs leaves the table (its map entry is deleted
# with its row).
t_overlay_removed_cgroup_leaves() {
	local d cg out first last
	trap ovl_cleanup EXIT
	ovl_dir d
	mkdir -p "$d/lower" || die "mkdir"
	ovl_mount "$d/lower" "$d"
	ovl_cg cg cvtop-test-overlay-gone
	out=$d/out.json
	ovl_cvtop_start "$out" 7
	cg_run "$cg" "$HELPERS/ovlio" "$d/merged/data" 10 rw
	wait "${LIB_PIDS[-1]}" || die "ovlio failed"
	# removed once a snapshot showed it; cvtop runs until it left the table
	wait_until 30 jq -e -s 'any(.[].panes.overlay.rows[]?; .cgroup == "/cvtop-test-overlay-gone")' "$out"
	rmdir "$cg" || die "rmdir failed"
	wait_until 60 jq -e -s '[.[-2:][] | .panes.overlay.rows[]? |
		select(.cgroup == "/cvtop-test-overlay-gone")] | length == 0' "$out"
	ovl_cvtop_wait "$out"
	first=$(jq -s '[.[] | .panes.overlay.rows[] | select(.cgroup == "/cvtop-test-overlay-gone")] | length' "$out")
	last=$(jq -s '[.[-2:][] | .panes.overlay.rows[] | select(.cgroup == "/cvtop-test-overlay-gone")] | length' "$out")
	expect "the cgroup was shown while it lived" test "$first" -gt 0
	expect "and is gone after its removal" test "$last" = 0
}

# Issue 20: every figure of an interval comes from one closed epoch. strace
# delays each of cvtop's bpf() calls (the epoch is closed by a store to .bss,
# read by bpf() calls) while overlay reads and writes run all the time: every
# row's histograms hold exactly its counts, and each maximum is known (not
# null) and lies in its histogram's top slot.
t_overlay_epoch_gap_keeps_intervals_whole() {
	local d cg out rows
	command -v strace >/dev/null || { echo "  no strace"; return 77; }
	trap ovl_cleanup EXIT
	ovl_dir d
	mkdir -p "$d/lower" || die "mkdir"
	ovl_mount "$d/lower" "$d"
	ovl_cg cg cvtop-test-overlay-epoch
	cg_run "$cg" sh -c 'while "$0" "$1" 20000 rw; do :; done' "$HELPERS/ovlio" "$d/merged/data"
	out=$d/out.json
	cvtop_strace "$out"
	rows=$(jq -s '[.[] | .panes.overlay.rows[]? | select(.cgroup == "/cvtop-test-overlay-epoch") |
		.read, .write | select(.count > 0)] | length' "$out")
	echo "  $rows directions with calls in $(snapshots "$out") snapshots"
	expect "calls in most intervals" test "$rows" -ge 8
	expect "each row's counts, histograms and maxima from the same epoch" jq -e -s '
		def top: [range(0; length) as $i | select(.[$i] > 0) | $i] | max;
		[.[] | .panes.overlay.rows[]? | .read, .write | select(.count > 0) |
		 (.hist_log2_ns | top) as $k |
		 select((.hist_log2_ns | add) != .count or .max_ns == null or
			($k > 0 and .max_ns < pow(2; $k)) or ($k < 35 and .max_ns >= pow(2; $k + 1)))] |
		if length == 0 then true else (.[0:3] | tostring | halt_error) end' "$out"
}

# Issue 16: the syscall tracepoints slow every syscall of the machine, so the
# hooks are attached only while an overlay is mounted, and the pane says so.
# A real mount attaches them (and its I/O is counted exactly), its unmount
# detaches them.
t_overlay_hooks_follow_mounts() {
	local d cg out n=500 s
	command -v bpftool >/dev/null || { echo "  no bpftool"; return 77; }
	# this file's own mounts, left by a run that was killed, are not an
	# operator's: they go (ovl_mount names its mounts' source)
	awk '$1 == "cvtop-test-overlay" && $3 == "overlay" { print $2 }' /proc/mounts |
		while read -r m; do umount -l "$m"; done
	if grep -q ' - overlay ' /proc/self/mountinfo; then
		echo "  an overlay is mounted on this machine already: the hooks stay attached"
		return 77
	fi
	trap ovl_cleanup EXIT
	ovl_dir d
	mkdir -p "$d/lower" || die "mkdir"
	ovl_cg cg cvtop-test-overlay-follow
	out=$d/out.json
	ovl_cvtop_start "$out" 2
	wait_until 30 has_snapshots "$out" 1 || die "cvtop stopped writing"
	echo "  no overlay: $(tail -n 1 "$out" | jq -c .panes.overlay.method)"
	expect "no overlay mounted: the pane says it is idle" \
		jq -e '.panes.overlay | .status == "ok" and (.method | test("idle: no overlay mounted, hooks detached"))' \
		<(tail -n 1 "$out")
	expect "the CPU pane's program is attached (the check sees links)" has_attached "$OVL_CVTOP" '^cpu_switch'
	expect "no overlay program is attached" not_attached "$OVL_CVTOP" '^ovl_'
	ovl_mount "$d/lower" "$d"
	expect "a mount attaches them" wait_until 30 has_attached "$OVL_CVTOP" '^ovl_'
	expect "and the pane no longer says idle" wait_until 30 \
		sh -c "tail -n 1 '$out' | jq -e '.panes.overlay.method | test(\"idle\") | not'"
	echo "  attached: $(attached_progs "$OVL_CVTOP" | grep '^ovl_' | xargs)"
	cg_run "$cg" "$HELPERS/ovlio" "$d/merged/data" "$n" rw
	wait "${LIB_PIDS[-1]}" || die "ovlio failed"
	# two more snapshots hold all of its I/O
	wait_until 30 has_snapshots "$out" $(($(snapshots "$out") + 2)) || die "cvtop stopped writing"
	s=$(ovl_sum "$out" /cvtop-test-overlay-follow)
	echo "  $s"
	expect "exactly $n reads and $n writes" jq -e ".read.count == $n and .write.count == $n" <<<"$s"
	umount "$d/merged" || die "umount"
	expect "the unmount detaches them" wait_until 30 not_attached "$OVL_CVTOP" '^ovl_'
	expect "and the pane says idle again" wait_until 30 \
		sh -c "tail -n 1 '$out' | jq -e '.panes.overlay.method | test(\"idle: no overlay mounted\")'"
	ovl_cvtop_wait "$out"
}

# A refresh closes every pane's epoch, then waits once for the programs that
# saw them (an RCU grace period, seconds long on a saturated machine), not
# once per pane: with the CPU and the overlay pane both counting, cvtop's
# waits (updates of its cvtop_rcu array-of-maps) are one per snapshot.
t_overlay_one_wait_per_refresh() {
	local d out fds fd log n0 n1 waits=0 c sp
	command -v strace >/dev/null || { echo "  no strace"; return 77; }
	trap ovl_cleanup EXIT
	ovl_dir d
	mkdir -p "$d/lower" || die "mkdir"
	ovl_mount "$d/lower" "$d"
	out=$d/out.json
	ovl_cvtop_start "$out" 2
	wait_until 30 has_attached "$OVL_CVTOP" '^ovl_' || die "the overlay pane did not attach"
	fds=$(bpf_map_fds "$OVL_CVTOP" cvtop_rcu)
	echo "  cvtop_rcu descriptors: $(echo $fds)"
	[ -n "$fds" ] || die "no cvtop_rcu map: no array-of-maps?"
	log=$d/strace.log
	n0=$(snapshots "$out")
	strace -qq -e trace=bpf -o "$log" -p "$OVL_CVTOP" &
	sp=$!
	# four refreshes, however long the machine's load makes them
	wait_until 120 has_snapshots "$out" $((n0 + 4))
	kill -INT "$sp"
	wait "$sp"
	n1=$(snapshots "$out")
	for fd in $fds; do
		c=$(grep -c "BPF_MAP_UPDATE_ELEM, {map_fd=$fd," "$log")
		waits=$((waits + c))
	done
	echo "  $waits waits over $((n1 - n0)) snapshots"
	expect "some snapshots were written meanwhile" test $((n1 - n0)) -ge 2
	expect "one wait a refresh, for every pane" test "$waits" -le $((n1 - n0 + 1))
	ovl_cvtop_wait "$out"
}
