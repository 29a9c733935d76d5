#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: cvtop's cost against its peers and against an empty BPF program
# (the floor), measured side by side in one run; writes BENCHMARKS.md.
# BENCH_QUICK=1: fewer rounds, shorter windows, 0 and 100 cgroups only.
set -u
cd "$(dirname "$0")/.."
# shellcheck source=tests/bpfobj.sh
source tests/bpfobj.sh
OUTPUT=${OUTPUT:-build}
CVTOP=$(realpath "${CVTOP:-./cvtop}")
B=$OUTPUT/bench
R=$B/results
PFX=cvtop-bench
ROUNDS=5 CPU_SECS=30 STORM_SECS=10 CG_COUNTS="0 100 1000 5000 10000"
[ -n "${BENCH_SMOKE:-}" ] && ROUNDS=1 CPU_SECS=3 STORM_SECS=2 CG_COUNTS="0 10"
if [ "${BENCH_QUICK:-0}" = 1 ]; then
	ROUNDS=3 CPU_SECS=15 STORM_SECS=5 CG_COUNTS="0 100"
fi
# BENCH_CG_COUNTS="0 1000": only these cgroup counts in section 3
CG_COUNTS=${BENCH_CG_COUNTS:-$CG_COUNTS}
# BENCH_SECTIONS="start": only these sections run (of progs e2e start
# cgroups scrape storms); the others' results stay from the last run
SECTIONS=${BENCH_SECTIONS:-progs e2e start cgroups scrape storms}
want() { [[ " $SECTIONS " == *" $1 "* ]]; }
PIPE="taskset -c 0 perf bench sched pipe -l 200000"
MSG="perf bench sched messaging -g 5 -l 200"

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $(date -u +%T) $*" >&2; }
[ "$(id -u)" = 0 ] || die "needs root"
for t in bpftool bpftrace perf runqlat stress-ng fio tmux jq python3 clang; do
	command -v $t >/dev/null || die "missing $t (apt-get install bpftool bpftrace linux-perf libbpf-tools stress-ng fio tmux jq clang)"
done
CGROOT=$(awk '$0 ~ / - cgroup2 / {print $5; exit}' /proc/self/mountinfo)
[ -n "$CGROOT" ] || die "no cgroup v2 hierarchy"

# everything this run creates, removed on any exit
PIDS=()
STATS_OLD=$(sysctl -n kernel.bpf_stats_enabled)
cleanup() {
	local p d
	for p in "${PIDS[@]}"; do kill -INT "$p" 2>/dev/null; done
	sleep 0.3
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; done
	cg_remove_all
	tmux kill-session -t $PFX-ui 2>/dev/null
	mountpoint -q "$B/ovl/merged" && umount "$B/ovl/merged"
	[ -f "$B/loopdev" ] && losetup -d "$(cat "$B/loopdev")" 2>/dev/null && rm -f "$B/loopdev"
	rm -f "$B/loop.img"
	sysctl -q kernel.bpf_stats_enabled="$STATS_OLD"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$R" || die "mkdir $R"
if [ -n "${BENCH_SECTIONS:-}" ]; then
	printf '%s\t%s\n' "$(date -u '+%F %H:%M')" "$SECTIONS" >>"$R/reruns.tsv"
else
	rm -f "$R"/*
	date -u '+%F %H:%M UTC' >"$R/started"
fi
log "building the floor and the helpers"
[ -f "$OUTPUT/vmlinux.h" ] || die "run make first"
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$OUTPUT" -c bench/floor.bpf.c -o "$B/floor.bpf.o" || die "floor.bpf.o"
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$OUTPUT" -c bench/floor_hooks.bpf.c \
	-o "$B/floor_hooks.bpf.o" || die "floor_hooks.bpf.o"
cc -O2 -Wall -o "$B/floor" bench/floor.c -lbpf || die "floor"
cc -O2 -Wall -o "$B/sw" bench/sw.c || die "sw"
KVMTEST=$OUTPUT/tests/helpers/kvmtest

# peers: bpftrace equivalents of runqlat, pidnss, kvm exit counting (tracepoints)
BT_RUNQLAT='tracepoint:sched:sched_wakeup,tracepoint:sched:sched_wakeup_new { @qtime[args->pid] = nsecs; }
tracepoint:sched:sched_switch {
	if (args->prev_state == 0) { @qtime[args->prev_pid] = nsecs; }
	$ns = @qtime[args->next_pid];
	if ($ns) { @usecs = hist((nsecs - $ns) / 1000); }
	delete(@qtime[args->next_pid]);
}'
BT_PIDNSS='tracepoint:sched:sched_switch {
	$ns = curtask->nsproxy->pid_ns_for_children->ns.inum;
	if ($ns != @last[cpu]) { @switches[@last[cpu], $ns] = count(); @last[cpu] = $ns; }
}'
BT_KVM='tracepoint:kvm:kvm_exit { @exit[args->exit_reason] = count(); }
tracepoint:kvm:kvm_userspace_exit { @uexit[args->reason] = count(); }'

# wait_for FILE PATTERN [TIMEOUT_S]: until FILE holds PATTERN
wait_for() {
	local i
	for ((i = 0; i < ${3:-20} * 100; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.01
	done
	return 1
}

# start_tool NAME: starts a tool and waits until its programs are attached
TOOL_PID=
start_tool() {
	local l=$B/tool-$1.log
	rm -f "$l" "$B/cvtop-$1.jsonl"
	case $1 in
	none) TOOL_PID=; return 0 ;;
	floor) "$B/floor" "$B/floor.bpf.o" >"$l" 2>&1 & ;;
	floor-hooks) "$B/floor" "$B/floor_hooks.bpf.o" >"$l" 2>&1 & ;;
	cvtop) "$CVTOP" -b -d 1 --format json -o "$B/cvtop-$1.jsonl" 2>"$l" & ;;
	bt-runqlat) stdbuf -oL bpftrace -e "$BT_RUNQLAT" >"$l" 2>&1 & ;;
	bt-pidnss) stdbuf -oL bpftrace -e "$BT_PIDNSS" >"$l" 2>&1 & ;;
	bt-kvmexit) stdbuf -oL bpftrace -e "$BT_KVM" >"$l" 2>&1 & ;;
	libbpf-runqlat) stdbuf -oL runqlat 3600 1 >"$l" 2>&1 & ;;
	esac
	TOOL_PID=$!
	PIDS+=("$TOOL_PID")
	case $1 in
	floor | floor-hooks) wait_for "$l" ready ;;
	cvtop) wait_for "$B/cvtop-$1.jsonl" '{' ;;
	bt-*) wait_for "$l" Attaching && sleep 1 ;;
	libbpf-runqlat) wait_for "$l" Tracing ;;
	esac || die "$1 did not start: $(tail -3 "$l")"
}
stop_tool() {
	[ -n "$TOOL_PID" ] || return 0
	kill -INT "$TOOL_PID" 2>/dev/null
	wait "$TOOL_PID" 2>/dev/null
	TOOL_PID=
}
# the programs a process holds (prog and link fds), not whatever else loads meanwhile
tool_prog_ids() { bpf_ids "$1" prog; }
# the CPU pane's cgroup map of a process: "entries max_entries"
cg_map_fill() {
	local id
	id=$(bpf_map_id "$1" cpu_cgroups)
	if [ -z "$id" ]; then
		echo "- -"
		return
	fi
	echo "$(bpftool -j map dump id "$id" 2>/dev/null | jq length) $(bpftool -j map show id "$id" | jq .max_entries)"
}
# CPU time of all a process's threads, ns
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {printf "%.0f\n", s}'; }
# system (kernel) CPU time of a process, in clock ticks
sys_ticks() { awk '{print $15}' /proc/"$1"/stat; }
progs_snap() { bpftool prog show -j >"$1"; }

# the whole run's cgroups: $CGROOT/$PFX-cg-N, each with one sw task
# busy share of all CPUs over 3 s, %, from /proc/stat
cpus_busy() {
	local a b
	a=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6; exit}' /proc/stat)
	sleep 3
	b=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6; exit}' /proc/stat)
	echo "$a $b" | awk '{busy = $3 - $1; idle = $4 - $2; printf "%.1f\n", busy * 100 / (busy + idle)}'
}
# cg_make_n N: N cgroups with a task each, waking every max(1, N/1000) s: the
# machine sees at most 1000 wake-ups a second whatever N is (10,000 tasks
# waking each second saturate this kind of VM by themselves). CG_PERIOD is that
# period, CG_BUSY how busy the CPUs were with the tasks alone (%). Fails (with
# why in $CG_WHY) when the tasks do not all start in 120 s or keep the machine
# over 80 % busy by themselves: cvtop's cost is not measurable then
cg_make_n() {
	local end=$((SECONDS + 120))
	CG_WHY=
	CG_PERIOD=$(($1 / 1000 > 1 ? $1 / 1000 : 1))
	timeout 120 "$B/sw" spawn "$CGROOT" "$PFX-cg" "$1" "$CG_PERIOD" || {
		CG_WHY="their $1 tasks did not start in 120 s"
		return 1
	}
	while (($(cat "$CGROOT/$PFX"-cg-*/cgroup.procs 2>/dev/null | wc -l) < $1)); do
		((SECONDS < end)) || {
			CG_WHY="their $1 tasks did not start in 120 s"
			return 1
		}
		sleep 0.5
	done
	CG_BUSY=$(cpus_busy)
	if awk -v b="$CG_BUSY" 'BEGIN {exit !(b > 80)}'; then
		CG_WHY="their $1 tasks alone kept the CPUs $CG_BUSY % busy"
		return 1
	fi
}
cg_remove_all() {
	local d p
	for d in "$CGROOT/$PFX"-cg-*; do
		[ -d "$d" ] || continue
		# cgroup.kill (5.14+) takes every task at once
		echo 1 >"$d/cgroup.kill" 2>/dev/null ||
			while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$d/cgroup.procs"
	done
	for d in "$CGROOT/$PFX"-cg-*; do
		[ -d "$d" ] || continue
		for _ in 1 2 3 4 5 6 7 8 9 10; do rmdir "$d" 2>/dev/null && break; sleep 0.1; done
	done
}

# 1. per-program cost: each tool alone, stats on, under the same workload
want progs && rm -f "$R/progs.tsv"
want progs && sysctl -q kernel.bpf_stats_enabled=1
want progs && for tool in floor floor-hooks cvtop libbpf-runqlat bt-runqlat bt-pidnss bt-kvmexit; do
	log "per-program cost: $tool"
	start_tool $tool
	tool_prog_ids "$TOOL_PID" >"$R/ids-$tool"
	progs_snap "$B/a.json"
	$PIPE >/dev/null
	"$KVMTEST" out 2000 10 0 0 >/dev/null 2>&1
	progs_snap "$B/b.json"
	python3 bench/report.py progdelta "$tool" "$R/ids-$tool" "$B/a.json" "$B/b.json" >>"$R/progs.tsv"
	stop_tool
done
# sections 2 and 3 measure with stats off whatever the machine had (they
# time every program run); the exit restores what it had
sysctl -q kernel.bpf_stats_enabled=0

# 2. end to end, stats off, configurations interleaved within each round
want e2e && rm -f "$R/e2e.tsv"
want e2e && for ((r = 1; r <= ROUNDS; r++)); do
	for cfg in none floor floor-hooks cvtop libbpf-runqlat bt-runqlat; do
		log "end to end: round $r $cfg"
		start_tool $cfg
		p=$($PIPE | awk '/Total time/ {print $3}')
		m=$($MSG | awk '/Total time/ {print $3}')
		printf '%s\t%s\t%s\t%s\n' "$cfg" "$r" "$p" "$m" >>"$R/e2e.tsv"
		stop_tool
	done
done

# 3. cvtop's own cost
# ui_time NAME CMD PATTERN [PATTERN2 NAME2]: ms from starting CMD in tmux until
# its screen shows PATTERN (then PATTERN2), polled every 2 ms, into first.tsv
ui_time() {
	local t0 t j
	tmux kill-session -t $PFX-ui 2>/dev/null
	t0=$(date +%s%N)
	tmux new-session -d -s $PFX-ui -x 160 -y 50 "$2"
	set -- "$1" "$3" "${4:-}" "${5:-}"
	while [ -n "$2" ]; do
		for ((j = 0; j < 2000; j++)); do
			tmux capture-pane -p -t $PFX-ui 2>/dev/null | grep -q "$2" && break
			sleep 0.002
		done
		t=$(date +%s%N)
		((j < 2000)) || die "$1: never saw '$2': $(tmux capture-pane -p -t $PFX-ui)"
		printf '%s\t%s\n' "$1" $(((t - t0) / 1000)) >>"$R/first.tsv"
		set -- "$4" "$3" "" ""
	done
	tmux kill-session -t $PFX-ui
}
want start && rm -f "$R/first.tsv"
want start && for i in 1 2 3 4 5; do
	log "first snapshot and frame: $i"
	rm -f "$B/first.jsonl"
	# start to exit after the first snapshot, nothing polling beside it
	# (a grep every 10 ms slowed cvtop's start by ~60 ms on 2 CPUs)
	t0=$(date +%s%N)
	"$CVTOP" -b -n 1 -d 0.1 --format json -o "$B/first.jsonl" 2>/dev/null
	t1=$(date +%s%N)
	grep -q '{' "$B/first.jsonl" || die "no first snapshot"
	printf 'snapshot\t%s\n' $(((t1 - t0) / 1000)) >>"$R/first.tsv"
	# the same poll on a command that prints at once: what tmux itself takes
	ui_time tmux "echo CPU contention; sleep 5" "CPU contention"
	# cvtop's first frame (the tab bar), then every pane attached (the
	# status line names the CPU pane's hook)
	ui_time frame "$CVTOP" "CPU contention" "CPU contention via" attached
done
want cgroups && rm -f "$R/own.tsv" "$R/own-skipped.tsv"
want cgroups && for n in $CG_COUNTS; do
	log "CPU at 1 Hz, $n cgroups, ${CPU_SECS}s"
	if ! cg_make_n "$n"; then
		log "$n cgroups not measured: $CG_WHY"
		printf '%s\t%s\n' "$n" "$CG_WHY" >>"$R/own-skipped.tsv"
		cg_remove_all
		continue
	fi
	sleep 2
	start_tool cvtop
	sleep 2
	c0=$(cpu_ns "$TOOL_PID")
	s0=$(sys_ticks "$TOOL_PID")
	sleep "$CPU_SECS"
	c1=$(cpu_ns "$TOOL_PID")
	s1=$(sys_ticks "$TOOL_PID")
	hwm=$(awk '/VmHWM/ {print $2}' "/proc/$TOOL_PID/status")
	rss=$(awk '/VmRSS/ {print $2}' "/proc/$TOOL_PID/status")
	rows=$(tail -1 "$B/cvtop-cvtop.jsonl" | jq '.panes.cpu.rows | length')
	read -r fill fill_max < <(cg_map_fill "$TOOL_PID")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$((c1 - c0))" 1000000000 "$CPU_SECS" "$hwm" "$rows" "$rss" \
		"$(((s1 - s0) * 1000000000 / $(getconf CLK_TCK)))" "$fill" "$fill_max" "$CG_PERIOD" "$CG_BUSY" >>"$R/own.tsv"
	stop_tool
	cg_remove_all
done

# the exporter: scrape time and size at 0, 1000 and 5000 cgroups
if want scrape; then
	log "the exporter: scrapes at ${SCRAPE_COUNTS:=0 1000 5000} cgroups"
	[ -n "${BENCH_SMOKE:-}" ] && SCRAPE_COUNTS="0 10"
	OUTPUT=$OUTPUT CVTOP=$CVTOP bash bench/scrape.sh "$R/scrape.tsv" $SCRAPE_COUNTS >/dev/null ||
		die "bench/scrape.sh"
fi

# 4. storms: cvtop attached, stats on
want storms || {
	log "writing BENCHMARKS.md"
	python3 bench/report.py report "$R" "$ROUNDS" "$CPU_SECS" "$STORM_SECS" >BENCHMARKS.md || die "report"
	exit 0
}
rm -f "$R"/storm*.tsv
sysctl -q kernel.bpf_stats_enabled=1
mkdir -p "$B/ovl/lower" "$B/ovl/upper" "$B/ovl/work" "$B/ovl/merged"
mount -t overlay overlay -o lowerdir="$B/ovl/lower",upperdir="$B/ovl/upper",workdir="$B/ovl/work" "$B/ovl/merged" || die "overlay mount"
truncate -s 256M "$B/loop.img"
losetup -f --show "$B/loop.img" >"$B/loopdev" || die "losetup"
# the workload's own rate, from its output
storm_rate() {
	grep -Eo 'IOPS=[0-9.k]+|[0-9.]+ nanosecs per context switch|kvm runs=[0-9]+' "$1" | head -1
}
storm() {
	local n0 n1
	if [ -z "$TOOL_PID" ]; then
		log "storm without cvtop: $1"
		shift
		"$@" >"$B/storm.log" 2>&1
		printf '%s\t%s\n' "$name" "$(storm_rate "$B/storm.log")" >>"$R/storm-alone.tsv"
		return
	fi
	log "storm: $1"
	n0=$(wc -l <"$B/cvtop-cvtop.jsonl")
	progs_snap "$B/a.json"
	shift
	"$@" >"$B/storm.log" 2>&1
	progs_snap "$B/b.json"
	sleep 1.5
	n1=$(wc -l <"$B/cvtop-cvtop.jsonl")
	python3 bench/report.py progdelta "$name" "$R/ids-storm" "$B/a.json" "$B/b.json" >>"$R/storm.tsv"
	printf '%s\t%s\t%s\n' "$name" "$((n1 - n0))" "$(storm_rate "$B/storm.log")" >>"$R/storm-snap.tsv"
}
kvm_loop() {
	local end=$((SECONDS + STORM_SECS)) runs=0
	[ -e /dev/kvm ] || { echo "no /dev/kvm"; return 1; }
	while ((SECONDS < end)); do
		"$KVMTEST" out 1000 10 0 0 >/dev/null || return 1
		runs=$((runs + 1))
	done
	echo "kvm runs=$runs"
}
all_storms() {
	name=switch storm switch stress-ng --switch 2 --timeout "$STORM_SECS" --metrics-brief
	name=fio-overlay storm fio-overlay fio --name=ovl --directory="$B/ovl/merged" --rw=randread --bs=4k --size=64M \
		--ioengine=psync --time_based --runtime="$STORM_SECS" --numjobs=2 --group_reporting
	name=fio-block storm fio-block fio --name=blk --filename="$(cat "$B/loopdev")" --rw=randwrite --bs=4k --direct=1 \
		--ioengine=libaio --iodepth=32 --time_based --runtime="$STORM_SECS"
	name=kvm storm kvm kvm_loop
}
# each storm first alone (the workload's own rate), then with cvtop attached
TOOL_PID=
all_storms
start_tool cvtop
tool_prog_ids "$TOOL_PID" >"$R/ids-storm"
all_storms
stop_tool
sysctl -q kernel.bpf_stats_enabled="$STATS_OLD"

log "writing BENCHMARKS.md"
python3 bench/report.py report "$R" "$ROUNDS" "$CPU_SECS" "$STORM_SECS" >BENCHMARKS.md || die "report"
log "done"
