#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make screenshots: PNGs of the overview and every pane with real data from
# this machine. Real podman containers under real load and a real VM on
# /dev/kvm, cvtop in tmux at a fixed size, capture-pane with escapes, aha to
# HTML, headless Chromium to PNG. Run as root; not part of make test.
# Everything started here (containers, loop device, VMs, tmux session) is
# removed on exit, failed or not.
set -u
cd "$(dirname "$0")/.." || exit 1

OUTPUT=${OUTPUT:-build}
CVTOP=${CVTOP:-./cvtop}
DEST=${DEST:-screenshots}
COLS=132
ROWS=40
# DejaVu Sans Mono at 14 px: one cell is 8.43 px wide, a line 16 px (its
# natural height, so that block characters join)
FONT_PX=14
LINE_PX=16
CELL_W=8.43
PAD=8
SESSION=cvtop-shots-$$
export OUTPUT CVTOP

die() {
	echo "screenshots: $*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "run as root (BPF, podman, loop devices, /dev/kvm)"

# what rendering needs, from Debian; not in tests/deps.sh: make test does not
shots_deps() {
	local p missing=""
	for p in aha chromium fonts-dejavu-core; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "screenshots: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || return 1
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
}
shots_deps || die "cannot install aha, chromium and fonts"
sh tests/deps.sh || die "cannot install cvtop's build dependencies"

# shellcheck source=../tests/lib.sh
. tests/lib.sh
WORK=$(mktemp -d /tmp/cvtop-shots.XXXXXX)
LIB_FILES+=("$WORK")
LIB_TMUX+=("$SESSION")
trap lib_cleanup EXIT
trap 'exit 1' INT TERM HUP

# --- real load ------------------------------------------------------------
podman_setup || die "podman set-up failed"
# two CPU hogs sharing CPU 0: run-queue latency and pid-namespace switches
podman_run cvtop-shots-hog-a --cpuset-cpus 0 -- sh -c 'while :; do :; done' || die "podman run"
podman_run cvtop-shots-hog-b --cpuset-cpus 0 -- sh -c 'while :; do :; done' || die "podman run"
# a CFS quota of 0.2 CPU, spinning: throttled every period
podman_run cvtop-shots-capped --cpus 0.2 -- sh -c 'while :; do :; done' || die "podman run"
# 1 MB/s write limit on a loop device, direct writes: throttled bios
truncate -s 256M "$WORK/disk.img"
dev=$(losetup -f --show "$WORK/disk.img") || die "losetup failed"
LIB_LOOPS+=("$dev")
podman_run cvtop-shots-iocap --device "$dev" --device-write-bps "$dev:1mb" -- \
	sh -c "while :; do dd if=/dev/zero of=$dev bs=64k count=64 oflag=direct 2>/dev/null; done" ||
	die "podman run"
# reads and writes of files in its own overlay root
podman_run cvtop-shots-files -- sh -c \
	'while :; do dd if=/dev/zero of=/f bs=4k count=200 2>/dev/null; dd if=/f of=/dev/null bs=4k 2>/dev/null; sleep 0.05; done' ||
	die "podman run"
# real VMs on /dev/kvm: one spinning (pane 4: its vCPU waits for a CPU), and
# short-lived ones doing port I/O, MMIO and hlt over and over (pane 5)
if [ -w /dev/kvm ]; then
	"$HELPERS/kvmtest" spin 3600 -name guest=shots-vm-spin,debug-threads=on >/dev/null &
	LIB_PIDS+=($!)
	(exec 2>/dev/null; while :; do "$HELPERS/kvmtest" out 40 5 0 2 -name guest=shots-vm-io >/dev/null || sleep 1; done) &
	LIB_PIDS+=($!)
else
	echo "screenshots: no writable /dev/kvm: panes 4 and 5 show no VM" >&2
fi

# --- cvtop in tmux, captured with escapes -----------------------------------
tmux new-session -d -s "$SESSION" -x $COLS -y $ROWS \
	"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP -d 1; sleep 60"
screen() {
	tmux capture-pane -p -t "$SESSION"
}
# wait_for REGEX: until the screen shows it (at most 10 s)
wait_for() {
	local i
	for ((i = 0; i < 100; i++)); do
		screen | grep -qE "$1" && return 0
		sleep 0.1
	done
	screen | sed 's/^/  | /' >&2
	die "the screen never showed: $1"
}
# shot NAME KEYS REGEX [READY]: press KEYS, wait for REGEX, let two refreshes
# fill in, then capture once the screen shows READY (default REGEX)
shot() {
	local name=$1 keys=$2 re=$3 ready=${4:-$3} i
	# shellcheck disable=SC2086
	[ -n "$keys" ] && tmux send-keys -t "$SESSION" $keys
	wait_for "$re"
	sleep 2.2
	for ((i = 0; i < 100; i++)); do
		tmux capture-pane -e -p -t "$SESSION" >"$WORK/$name.ans"
		sed 's/\x1b\[[0-9;]*m//g' "$WORK/$name.ans" | grep -qE "$ready" && break
		sleep 0.1
	done
	[ $i -lt 100 ] || die "$name: the screen never showed: $ready"
	echo "  captured $name"
}

# replay FILE: cvtop replays FILE in a new session, shown once it reached its end
replay() {
	local n i
	tmux kill-session -t "$SESSION"
	tmux new-session -d -s "$SESSION" -x $COLS -y $ROWS \
		"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP --replay $1; sleep 60"
	n=$(wc -l <"$1")
	for ((i = 0; i < 60; i++)); do
		screen | grep -q "replay $n/$n" && return
		sleep 1
	done
	die "the replay of $1 never reached its end"
}

wait_for 'CPU contention'
# a few seconds of history for the rates, percentiles and steal
sleep 5
# the summary header's sparklines fill over a minute: half of it at least
sleep 30
if [ -w /dev/kvm ]; then
	shot overview 0 'cvtop-shots' '0x3f8:out/1 +[1-9][0-9]* +[0-9]+ +[0-9]+ shots-vm-io'
else
	shot overview 0 'cvtop-shots'
fi
shot pane1-cpu 1 'cvtop-shots-hog-a' 'run-queue wait of'
shot pane1-detail "Home Down Enter" 'Run-queue latency of'
tmux send-keys -t "$SESSION" Escape
shot pane2-throttle 2 'cvtop-shots-capped'
shot pane3-overlay 3 'cvtop-shots-files'
# pane 1 again: the first hog's latency over time (m)
tmux send-keys -t "$SESSION" 1
wait_for 'cvtop-shots-hog-a'
tmux send-keys -t "$SESSION" / cvtop-shots-hog-a Enter
wait_for 'filter: cvtop-shots-hog-a'
shot pane1-heatmap m '^Latency heatmap: cvtop-shots-hog-a'
tmux send-keys -t "$SESSION" Escape / Escape
# the file-writing container across every pane (f): its overlay I/O in pane
# 3, then its run-queue wait in pane 1
tmux send-keys -t "$SESSION" 3
wait_for 'cvtop-shots-files'
tmux send-keys -t "$SESSION" / cvtop-shots-files Enter
wait_for 'filter: cvtop-shots-files'
tmux send-keys -t "$SESSION" f / Escape
wait_for '^Focus: '
shot focus-cpu 1 '^Focus: .*cvtop-shots-files' 'cvtop-shots-files *$'
tmux send-keys -t "$SESSION" Escape
if [ -w /dev/kvm ]; then
	shot pane4-steal 4 'shots-vm-spin'
	shot pane5-kvm 5 'shots-vm-io' '0x3f8:out/1 +[1-9][0-9]* +[0-9]+ +[0-9]+ shots-vm-io'
else
	# no VM can run here: panes 4 and 5 from what cvtop recorded of real
	# VMs in the kernel matrix's nested 6.12 guest (tests/vmtest)
	replay tests/fixtures/recordings/steal-nested-6.12.jsonl
	shot pane4-steal 4 'vm-steal-b'
	replay tests/fixtures/recordings/kvm-nested-6.12-cumulative.jsonl
	shot pane5-kvm 5 'all VMs'
fi

# --- HTML with aha, PNG with headless Chromium -------------------------------
width=$(awk -v c=$COLS -v w=$CELL_W -v p=$PAD 'BEGIN { printf "%d", c * w + 2 * p + 1 }')
height=$((ROWS * LINE_PX + 2 * PAD))
style="body{margin:0;padding:${PAD}px;background:#000}
pre{margin:0;font-family:'DejaVu Sans Mono',monospace;font-size:${FONT_PX}px;line-height:normal}"
for ans in "$WORK"/*.ans; do
	name=$(basename "$ans" .ans)
	aha --black --title "cvtop $name" <"$ans" |
		sed "s|</head>|<style>$(echo "$style" | tr -d '\n')</style></head>|" >"$WORK/$name.html" ||
		die "aha failed"
	rm -rf "$WORK/chrome"
	chromium --headless --no-sandbox --disable-gpu --disable-quic --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --hide-scrollbars \
		--user-data-dir="$WORK/chrome" --window-size="$width,$height" \
		--screenshot="$WORK/$name.png" "file://$WORK/$name.html" >/dev/null 2>&1 ||
		die "chromium failed on $name"
	[ -s "$WORK/$name.png" ] || die "chromium made no $name.png"
	cp "$WORK/$name.png" "$DEST/$name.png"
	echo "  $DEST/$name.png $(stat -c %s "$DEST/$name.png") bytes"
done
