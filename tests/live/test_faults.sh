#!/bin/bash
# Faults: output that is not a file, signals, a recording's disk filling up
# or its file removed, a low RLIMIT_MEMLOCK, no bpffs, /proc with hidepid=2.

# every pane ok, or unavailable with its reason, in every snapshot of FILE
panes_work_or_say_why() {
	jq_true "$1" 'length > 0 and all(.[].panes[];
		(.status == "ok" and .reason == null) or (.status == "unavailable" and (.reason | length) > 0))'
}

t_output_refuses_fifo_socket_and_device() {
	local dir rc
	dir=$(lib_tmp)
	rm -f "$dir" && mkdir "$dir"
	mkfifo "$dir/fifo"
	for opt in -o --record; do
		rc=0
		timeout 30 "$CVTOP" -b -n 1 -d 0.2 "$opt" "$dir/fifo" 2>"$dir/err" || rc=$?
		cat "$dir/err"
		expect "$opt FIFO: refused, not waiting for a reader (exit $rc)" test "$rc" = 1
		expect "$opt FIFO: it says why" grep -q "not a regular file" "$dir/err"
	done
	# with a reader waiting: still refused (the reader sees end of file)
	timeout 30 cat "$dir/fifo" >/dev/null &
	rc=0
	timeout 30 "$CVTOP" -b -n 1 -d 0.2 -o "$dir/fifo" 2>"$dir/err" || rc=$?
	expect "a FIFO with a reader: refused too" test "$rc" = 1
	wait
	python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$dir/sock"
	rc=0
	timeout 30 "$CVTOP" -b -n 1 -d 0.2 -o "$dir/sock" 2>"$dir/err" || rc=$?
	cat "$dir/err"
	expect "a socket: refused with the reason" test "$rc" = 1 -a -n "$(grep 'not a regular file' "$dir/err")"
	expect "/dev/null (a character device) is fine" "$CVTOP" -b -n 1 -d 0.2 -o /dev/null
	expect "so is a regular file" "$CVTOP" -b -n 1 -d 0.2 -o "$dir/file"
}

t_signals_leave_no_bpf_behind() {
	local sig out progs links rc
	command -v bpftool >/dev/null || die "no bpftool"
	for sig in TERM INT HUP KILL; do
		out=$(lib_tmp)
		cvtop_bg "$out"
		progs=$(bpf_ids "$CVTOP_PID" prog)
		links=$(bpf_ids "$CVTOP_PID" link)
		expect "SIG$sig: cvtop holds its programs ($(echo $progs | wc -w)) and links ($(echo $links | wc -w))" \
			test -n "$progs" -a -n "$links"
		for id in $progs; do
			bpftool prog show id "$id" >/dev/null || die "prog $id not shown"
		done
		kill -"$sig" "$CVTOP_PID"
		rc=0
		wait "$CVTOP_PID" || rc=$?
		if [ "$sig" = KILL ]; then
			expect "SIGKILL: killed (exit $rc)" test "$rc" = 137
		else
			expect "SIG$sig: a clean exit (exit $rc)" test "$rc" = 0
			expect "SIG$sig: its output is whole JSON" jq -e . "$out"
		fi
		expect "SIG$sig: none of its programs or links is left" wait_until 20 bpf_gone "$progs" "$links"
	done
}

t_recording_disk_full() {
	local d out err rc=0 n
	d=$(tmpfs_mount 64k)
	out=$(lib_tmp)
	err=$(lib_tmp)
	# a recording fills 64 KiB in a few snapshots; the batch output goes on
	"$CVTOP" -b -d 0.3 --format json -o "$out" --record "$d/rec.jsonl" 2>"$err" &
	CVTOP_PID=$!
	LIB_PIDS+=("$CVTOP_PID")
	expect "an error line when the disk is full" wait_until 120 grep -q "No space left on device" "$err"
	n=$(snapshots "$out")
	expect "the snapshots go on after it" wait_until 30 has_snapshots "$out" $((n + 2))
	kill -TERM "$CVTOP_PID"
	wait "$CVTOP_PID" || rc=$?
	cat "$err"
	expect "the error says which file" grep -q "recording to $d/rec.jsonl stopped" "$err"
	expect "the exit status says it (exit $rc)" test "$rc" = 1
	expect "the output is whole JSON" jq -e . "$out"
}

t_recording_removed() {
	local dir out err rc=0 n
	dir=$(lib_tmp)
	rm -f "$dir" && mkdir "$dir"
	out=$(lib_tmp)
	err=$(lib_tmp)
	"$CVTOP" -b -d 0.3 --format json -o "$out" --record "$dir/rec.jsonl" 2>"$err" &
	CVTOP_PID=$!
	LIB_PIDS+=("$CVTOP_PID")
	wait_until 60 has_snapshots "$dir/rec.jsonl" 1 || die "nothing recorded"
	rm "$dir/rec.jsonl"
	expect "an error line when the file is removed" wait_until 30 grep -q "the file was removed" "$err"
	n=$(snapshots "$out")
	expect "the snapshots go on after it" wait_until 30 has_snapshots "$out" $((n + 2))
	kill -TERM "$CVTOP_PID"
	wait "$CVTOP_PID" || rc=$?
	cat "$err"
	expect "the exit status says it (exit $rc)" test "$rc" = 1
}

# the panes of a run with no limits, for comparison
normal_statuses() {
	jq -c '[.panes | to_entries[] | {(.key): .value.status}] | add' "$1" | tail -1
}

t_low_memlock() {
	local out ref
	out=$(lib_tmp)
	ref=$(lib_tmp)
	cvtop_json "$ref" 1
	# the kernel charges BPF memory to the memory cgroup (5.11+); on older
	# kernels a pane that cannot load says so
	prlimit --memlock=0:0 "$CVTOP" -b -n 2 -d 0.5 --format json -o "$out" ||
		die "cvtop failed with RLIMIT_MEMLOCK 0"
	expect "every pane works or says why" panes_work_or_say_why "$out"
	echo "  with no limit: $(normal_statuses "$ref"); with RLIMIT_MEMLOCK 0: $(normal_statuses "$out")"
	if uname -r | awk -F. '{exit !($1 > 5 || ($1 == 5 && $2 >= 11))}'; then
		expect "this kernel (memcg accounting): the same panes work" \
			test "$(normal_statuses "$ref")" = "$(normal_statuses "$out")"
	fi
}

t_no_bpffs() {
	local out
	command -v unshare >/dev/null || die "no unshare"
	out=$(lib_tmp)
	# a private mount namespace without any bpf filesystem (cvtop pins nothing)
	unshare -m --propagation private sh -c '
		for m in $(awk "\$9 == \"bpf\" {print \$5}" /proc/self/mountinfo | sort -r); do
			umount -l "$m" || exit 1
		done
		! grep -q " - bpf " /proc/self/mountinfo || exit 1
		exec "$0" -b -n 2 -d 0.5 --format json -o "$1"' "$CVTOP" "$out" ||
		die "cvtop failed without bpffs"
	expect "every pane works or says why" panes_work_or_say_why "$out"
	expect "the cpu pane works (no bpffs needed)" jq_true "$out" 'all(.[]; .panes.cpu.status == "ok")'
}

t_proc_hidepid() {
	local out cg
	command -v unshare >/dev/null || die "no unshare"
	out=$(lib_tmp)
	cg=$(cg_make cvtop-test-hidepid)
	cg_run "$cg" "$HELPERS/spin" 30
	# a proc instance with hidepid=2 in a private mount namespace; its
	# exempt group is not root's (gid=65534), and without CAP_SYS_PTRACE
	# even root sees only the processes it may trace: here, only its own
	unshare -m --propagation private sh -c '
		mount -t proc -o hidepid=2,gid=65534 proc /proc || exit 1
		grep -q "hidepid=\(2\|invisible\)" /proc/self/mountinfo || exit 1
		setpriv --inh-caps=-sys_ptrace --bounding-set=-sys_ptrace \
			sh -c "[ \$(ls -d /proc/[0-9]* | wc -l) -lt 10 ]" || exit 2
		exec setpriv --inh-caps=-sys_ptrace --bounding-set=-sys_ptrace \
			"$0" -b -n 3 -d 0.5 --format json -o "$1"' "$CVTOP" "$out" ||
		die "cvtop failed with /proc hidepid=2 (or the processes were not hidden: $?)"
	expect "every pane works or says why" panes_work_or_say_why "$out"
	expect "the cpu pane works and lists the busy cgroup" \
		jq_true "$out" '.[-1].panes.cpu.status == "ok" and
			any(.[-1].panes.cpu.rows[]; .cgroup == "/cvtop-test-hidepid")'
}

# No cgroup v2 hierarchy (a private mount namespace without it; the kernel
# matrix, tests/vmtest, checks a guest that never mounted one): the panes
# that need it say so, the others work.
t_no_cgroup2_hierarchy() {
	local out
	out=$(lib_tmp)
	unshare -m --propagation private sh -c '
		for m in $(awk "\$9 == \"cgroup2\" {print \$5}" /proc/self/mountinfo | sort -r); do
			umount -l "$m" || exit 1
		done
		! grep -q " - cgroup2 " /proc/self/mountinfo || exit 1
		exec "$0" -b -n 2 -d 0.5 --format json -o "$1"' "$CVTOP" "$out" ||
		die "cvtop failed without a cgroup v2 hierarchy"
	jq -c '.panes | to_entries[] | [.key, .value.status, .value.reason]' "$out" | tail -5 | sed 's/^/  /'
	expect "every pane works or says why" panes_work_or_say_why "$out"
	expect "the cpu pane says there is no cgroup v2 hierarchy" jq_true "$out" \
		'all(.[]; .panes.cpu.status == "unavailable" and (.panes.cpu.reason | test("no cgroup v2")))'
	expect "the steal pane works without it" jq_true "$out" 'all(.[]; .panes.steal.status == "ok")'
}
