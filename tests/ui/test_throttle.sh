#!/bin/bash
# Pane 2 in a real terminal (tmux): hotkey, table, per-device detail.

THR_UI_LOOPS=()

thr_ui_start() {
	local w=${2%x*} h=${2#*x}
	tmux kill-session -t "$1" 2>/dev/null
	tmux new-session -d -s "$1" -x "$w" -y "$h" \
		"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP -d 0.5; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$1")
}

thr_ui_screen() {
	tmux capture-pane -p -t "$1"
}

# thr_ui_wait NAME REGEX [SECONDS]: until the screen matches
thr_ui_wait() {
	local i
	for ((i = 0; i < ${3:-20} * 10; i++)); do
		thr_ui_screen "$1" | grep -qE "$2" && return 0
		sleep 0.1
	done
	echo "  screen was:"
	thr_ui_screen "$1" | sed 's/^/  | /'
	return 1
}

thr_ui_keys() {
	tmux send-keys -t "$1" "${@:2}"
	sleep 0.3
}

# thr_ui_v1_or_v2 CONTROLLER: "v1 MOUNT" or "v2 MOUNT"
thr_ui_hier() {
	local m
	m=$(awk -v c="$1" '$0 ~ / - cgroup / { n = split($NF, o, ","); for (i = 1; i <= n; i++) if (o[i] == c) { print $5; exit } }' /proc/self/mountinfo)
	[ -n "$m" ] && { echo "v1 $m"; return; }
	echo "v2 $(cg2_root)"
}

# thr_ui_cg VAR CONTROLLER NAME: registered here, not in a $(...) subshell
thr_ui_cg() {
	local _k _r _d
	read -r _k _r < <(thr_ui_hier "$2")
	if [ "$_k" = v2 ]; then
		case $2 in cpu) echo +cpu ;; blkio) echo +io ;; esac >"$_r/cgroup.subtree_control" 2>/dev/null
	fi
	_d="$_r/$3"
	mkdir -p "$_d" || die "cannot create $_d"
	LIB_CGROUPS+=("$_d")
	printf -v "$1" %s "$_d"
}

thr_ui_cleanup() {
	local l
	for l in "${THR_UI_LOOPS[@]+"${THR_UI_LOOPS[@]}"}"; do
		losetup -d "$l" 2>/dev/null
	done
}

t_ui_throttle_pane() {
	trap 'lib_cleanup; thr_ui_cleanup' EXIT
	local s=cvtop-test-throttle-ui-$$ cpu io f dev mm kind i
	thr_ui_cg cpu cpu cvtop-test-throttle-uicpu
	read -r kind _ < <(thr_ui_hier cpu)
	if [ "$kind" = v1 ]; then
		echo 20000 >"$cpu/cpu.cfs_quota_us" || die "cannot set the quota"
	else
		echo "20000 100000" >"$cpu/cpu.max" || die "cannot set cpu.max"
	fi
	cg_run "$cpu" "$HELPERS/spin" 20
	f=$(mktemp /tmp/cvtop-test-throttle-ui.XXXXXX)
	LIB_FILES+=("$f")
	truncate -s 64M "$f"
	dev=$(losetup -f --show "$f") || die "losetup failed"
	THR_UI_LOOPS+=("$dev")
	mm=$(lsblk -dno MAJ:MIN "$dev" | tr -d ' ')
	thr_ui_cg io blkio cvtop-test-throttle-uiio
	read -r kind _ < <(thr_ui_hier blkio)
	if [ "$kind" = v1 ]; then
		echo "$mm 1048576" >"$io/blkio.throttle.write_bps_device" || die "cannot set the limit"
	else
		echo "$mm wbps=1048576" >"$io/io.max" || die "cannot set io.max"
	fi
	cg_run "$io" dd if=/dev/zero of="$dev" bs=64k count=320 oflag=direct status=none
	thr_ui_start "$s" 150x30
	thr_ui_keys "$s" 2
	expect "2 shows the throttling pane and its method" thr_ui_wait "$s" 'Throttling via (fexit|kprobe|tp_btf|raw_tp)'
	expect "with CPU and I/O columns side by side" thr_ui_wait "$s" 'THR%v +QUOTA +THR/PERIODS +THR-TIME +USED% +IO-BIOS +IO-B/s +HELD +HOLD +NAME'
	expect "where each comes from" thr_ui_wait "$s" 'cpu: cgroup v[12] cpu at .*; io: cgroup v[12] (blk)?io at '
	expect "the quota cgroup: 0.20 CPU, throttled" thr_ui_wait "$s" '[0-9.]+ +0\.20 +[0-9]+/[0-9]+ .*/cvtop-test-throttle-uicpu'
	expect "the I/O-limited cgroup with throttled bios" thr_ui_wait "$s" ' [1-9][0-9]* +[0-9.]+[kM]? +(n/a|[0-9]+) +(n/a|-|[0-9.]+[num]?s) +/cvtop-test-throttle-uiio'
	if ! thr_ui_screen "$s" | grep -q 'Throttling via (fexit|kprobe)'; then
		expect "what the method cannot see is said" thr_ui_wait "$s" 'missing: .*how long'
	fi
	for ((i = 0; i < 20; i++)); do
		thr_ui_keys "$s" Enter
		thr_ui_screen "$s" | grep -q 'Throttling of /cvtop-test-throttle-uiio' && break
		thr_ui_keys "$s" Escape Down
	done
	expect "Enter opens the selected cgroup's detail" thr_ui_wait "$s" 'Throttling of /cvtop-test-throttle-uiio'
	expect "its device, writes throttled" thr_ui_wait "$s" "${dev#/dev/} +write +[1-9][0-9]* .* $mm"
	expect "and the limit in force" thr_ui_wait "$s" 'limits: wbps=1048576'
	thr_ui_keys "$s" Escape
	expect "Esc goes back to the table" thr_ui_wait "$s" 'THR%v'
	thr_ui_keys "$s" q
	expect "q quits with status 0" thr_ui_wait "$s" '^EXITED 0'
}
