#!/bin/bash
# make soak: cvtop's UI in tmux for SOAK_S seconds (default 900) with a
# recording running, while cgroups and containers churn, overlay files are
# read and written, a VM starts and stops (where /dev/kvm exists), and the UI
# cycles panes, sorts and is resized. Every 30 s it samples cvtop's RSS, open
# fds and the entries of its BPF maps; it fails if one of them grows without
# bound: the largest sample of the last third may exceed the largest of the
# first third (after a 60 s warm-up) by at most 10 % plus a small slack.
set -u
cd "$(dirname "$0")/.." || exit 1
source tests/lib.sh
SOAK_S=${SOAK_S:-900}
STEP=${SOAK_STEP:-30}
CSV=${SOAK_CSV:-$OUTPUT/soak.csv}
trap 'lib_cleanup; umount -l "$SOAK_DIR/merged" 2>/dev/null; rm -rf "$SOAK_DIR"' EXIT

SOAK_DIR=$(mktemp -d /tmp/cvtop-soak.XXXXXX)
end=$((SECONDS + SOAK_S))
rec=$SOAK_DIR/rec.jsonl
s=cvtop-soak-$$

# the entries of every hash map cvtop holds
map_entries() {
	local id n=0 c
	for id in $(bpf_ids "$1" map); do
		c=$(bpftool map dump id "$id" -j 2>/dev/null | jq 'if type == "array" then length else 0 end' 2>/dev/null)
		n=$((n + ${c:-0}))
	done
	echo "$n"
}

sample() {
	local pid=$1 rss fds
	rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null) || return 1
	fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
	echo "$((SECONDS - start)),$rss,$fds,$(map_entries "$pid"),$(stat -c %s "$rec")"
}

# cgroups made, run briefly and removed, forever
churn_cgroups() {
	local i=0 cg
	while [ "$SECONDS" -lt "$end" ]; do
		cg=$(cg_make "cvtop-soak-churn-$((i % 50))")
		cg_run "$cg" timeout 0.5 "$HELPERS/spin" 1
		sleep 0.3
		lib_rm_cgroup "$cg"
		i=$((i + 1))
	done
}

# containers started and removed; each reads and writes its overlay rootfs
churn_containers() {
	local i=0
	while [ "$SECONDS" -lt "$end" ]; do
		podman_run "cvtop-soak-c$((i % 3))" --cpus 0.3 -- sh -c \
			'i=0; while [ $i -lt 200 ]; do dd if=/bin/busybox of=/tmp/x bs=4k 2>/dev/null;
			 cat /tmp/x >/dev/null; i=$((i+1)); done'
		sleep 5
		podman rm -f -t 0 "cvtop-soak-c$((i % 3))" >/dev/null 2>&1
		i=$((i + 1))
	done
}

# overlay I/O outside containers, on a mount of its own
overlay_io() {
	local cg
	mkdir -p "$SOAK_DIR"/{lower,upper,work,merged}
	mount -t overlay cvtop-soak -o "lowerdir=$SOAK_DIR/lower,upperdir=$SOAK_DIR/upper,workdir=$SOAK_DIR/work" \
		"$SOAK_DIR/merged" || return 1
	cg=$(cg_make cvtop-soak-ovl)
	cg_run "$cg" sh -c "while [ -e $SOAK_DIR/rec.jsonl ]; do $HELPERS/ovlio $SOAK_DIR/merged/f 100 rw; sleep 0.1; done"
}

vm_churn() {
	while [ "$SECONDS" -lt "$end" ]; do
		"$HELPERS/kvmtest" out 50 4 0 3 -name guest=soak >/dev/null 2>&1
		sleep 2
	done
}

# the UI: panes, sorting, the help, pause, resizing
ui_churn() {
	local k sizes=(120x30 80x24 200x50 60x15 132x43) i=0
	while [ "$SECONDS" -lt "$end" ]; do
		for k in 1 2 3 4 5 0 Tab '>' '>' r '<' h Escape i i v v Space Space; do
			tmux send-keys -t "$s" "$k" 2>/dev/null || return
			sleep 0.4
		done
		tmux resize-window -t "$s" -x "${sizes[i % 5]%x*}" -y "${sizes[i % 5]#*x}" 2>/dev/null
		i=$((i + 1))
	done
}

echo "soak: $SOAK_S s, sampling every $STEP s into $CSV"
tmux new-session -d -s "$s" -x 120 -y 30 \
	"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP -d 1 --record $rec; echo EXITED \$?; sleep 30"
LIB_TMUX+=("$s")
wait_until 60 test -s "$rec" || die "cvtop recorded nothing in 60 s"
pid=$(pgrep -nx cvtop -P "$(tmux list-panes -t "$s" -F '#{pane_pid}')" ||
	pgrep -n -f "cvtop -d 1 --record $rec")
[ -n "$pid" ] || die "no cvtop process"
start=$SECONDS

overlay_io
churn_cgroups 2>/dev/null &
LIB_PIDS+=($!)
if podman_setup; then
	churn_containers &
	LIB_PIDS+=($!)
else
	echo "soak: no podman: no container churn"
fi
if [ -c /dev/kvm ]; then
	vm_churn &
	LIB_PIDS+=($!)
else
	echo "soak: no /dev/kvm: no VM churn"
fi
ui_churn &
LIB_PIDS+=($!)

echo "t_s,rss_kb,fds,map_entries,rec_bytes" | tee "$CSV"
while [ "$SECONDS" -lt "$end" ]; do
	kill -0 "$pid" 2>/dev/null || break
	sample "$pid" | tee -a "$CSV"
	sleep "$STEP"
done
kill -0 "$pid" 2>/dev/null || {
	tmux capture-pane -p -t "$s" | tail -5
	die "cvtop died during the soak"
}
tmux send-keys -t "$s" q
wait_until 20 sh -c "tmux capture-pane -p -t $s | grep -q 'EXITED'" || die "cvtop did not quit on q"
tmux capture-pane -p -t "$s" | grep -q 'EXITED 0' || die "cvtop exited $(tmux capture-pane -p -t "$s" | grep EXITED)"
jq -e . "$rec" >/dev/null || die "the recording is not valid JSON Lines"
echo "soak: recording of $(jq -s length "$rec") snapshots"

# grows without bound: last third's peak vs the first third's (after warm-up)
awk -F, -v total="$SOAK_S" 'NR > 1 && $1 >= 60 {
	n++; t[n] = $1; for (c = 2; c <= 4; c++) v[n, c] = $c
} END {
	if (n < 3) { print "soak: too few samples"; exit 1 }
	split("rss_kb fds map_entries", name, " "); slack[2] = 2048; slack[3] = 4; slack[4] = 64
	a = int(n / 3); if (a < 1) a = 1
	bad = 0
	for (c = 2; c <= 4; c++) {
		first = 0; last = 0
		for (i = 1; i <= a; i++) if (v[i, c] > first) first = v[i, c]
		for (i = n - a + 1; i <= n; i++) if (v[i, c] > last) last = v[i, c]
		ok = last <= first * 1.1 + slack[c]
		printf "soak: %-11s first third peak %d, last third peak %d: %s\n", name[c - 1], first, last, ok ? "bounded" : "GROWS"
		if (!ok) bad = 1
	}
	exit bad
}' "$CSV"
