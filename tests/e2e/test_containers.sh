#!/bin/bash
# End to end with real podman containers: names in every pane, in batch JSON
# and in the UI. Containers are removed at the end even when a test fails.

# e2e_row FILE NAME: the last snapshot's cpu row of the container NAME
e2e_row() {
	jq -c --arg n "$2" 'select(.panes.cpu.rows) | .panes.cpu.rows[] | select(.name == $n)' "$1" | tail -1
}

t_cpu_contention_by_container_name() {
	local out a b id_a
	podman_setup || die "podman set-up failed"
	podman_run cvtop-e2e-hog-a --cpuset-cpus 0 -- sh -c 'while :; do :; done' || die "run failed"
	podman_run cvtop-e2e-hog-b --cpuset-cpus 0 -- sh -c 'while :; do :; done' || die "run failed"
	id_a=$(podman inspect -f '{{.Id}}' cvtop-e2e-hog-a)
	sleep 1
	out=$(lib_tmp)
	cvtop_json "$out" 3
	a=$(e2e_row "$out" cvtop-e2e-hog-a)
	b=$(e2e_row "$out" cvtop-e2e-hog-b)
	echo "  a: $a" | cut -c1-400
	echo "  b: $b" | cut -c1-400
	for r in "$a" "$b"; do
		expect "the container is listed by its podman name" test -n "$r"
		expect "as a podman container" jq -e '.runtime == "podman" and .container == true' <<<"$r"
		expect "its tasks waited for CPU 0" jq -e '.runq.count > 10 and .runq.total_ns > 100000000' <<<"$r"
		expect "and ran about half of it" jq -e '.cpu_ns > 250000000 and .cpu_ns < 750000000' <<<"$r"
	done
	expect "the container id is podman's" jq -e --arg id "$id_a" '.container_id == $id' <<<"$a"
	expect "the cgroup is the container's" jq -e --arg id "$id_a" '.cgroup | endswith("libpod-" + $id) or endswith("libpod-" + $id + ".scope")' <<<"$a"
	expect "its pid namespace is listed under its UTS hostname (the short id)" jq_true "$out" \
		"[.[-1].panes.cpu.pidns[] | select(.hostname == \"${id_a:0:12}\")] | length == 1"
}

t_removed_container_dims_then_goes() {
	local out gone_seen last
	podman_setup || die "podman set-up failed"
	podman_run cvtop-e2e-brief -- sh -c 'while :; do :; done' || die "run failed"
	out=$(lib_tmp)
	cvtop_bg "$out"
	# cvtop runs until the container was listed alive, then gone, then left
	wait_until 60 jq -e -s '[.[] | .panes.cpu.rows[] | select(.name == "cvtop-e2e-brief" and
		(.gone | not))] | length >= 2' "$out" || die "the container was never listed"
	podman rm -f -t 0 cvtop-e2e-brief >/dev/null
	wait_until 60 jq -e -s '([.[] | .panes.cpu.rows[] | select(.name == "cvtop-e2e-brief" and .gone)] |
		length >= 2) and ([.[-1] | .panes.cpu.rows[] | select(.name == "cvtop-e2e-brief")] |
		length == 0)' "$out"
	cvtop_stop
	gone_seen=$(jq -s '[.[] | .panes.cpu.rows[] | select(.name == "cvtop-e2e-brief" and .gone)] | length' "$out")
	last=$(jq -s '[.[-1] | .panes.cpu.rows[] | select(.name == "cvtop-e2e-brief")] | length' "$out")
	expect "the removed container was shown as gone for a while" test "$gone_seen" -ge 2
	expect "and then left" test "$last" = 0
	expect "it was listed alive before" jq_true "$out" \
		'[.[] | .panes.cpu.rows[] | select(.name == "cvtop-e2e-brief" and (.gone | not))] | length > 0'
}

t_ui_shows_container_names() {
	local s=cvtop-e2e-ui-$$
	podman_setup || die "podman set-up failed"
	podman_run cvtop-e2e-ui-web --cpus 0.5 -- sh -c \
		'while :; do dd if=/dev/zero of=/f bs=4k count=50 2>/dev/null; cat /f >/dev/null; done' ||
		die "run failed"
	tmux new-session -d -s "$s" -x 140 -y 30 "env TERM=xterm-256color LANG=C.UTF-8 $CVTOP -d 0.5"
	LIB_TMUX+=("$s")
	expect "the UI lists the container by name with its runtime" \
		wait_until 60 sh -c "tmux capture-pane -p -t $s | grep -q 'podman .* cvtop-e2e-ui-web'"
	tmux capture-pane -p -t "$s" | head -8
	tmux send-keys -t "$s" c
	expect "the footer offers all cgroups back" \
		wait_until 20 sh -c "tmux capture-pane -p -t $s | grep -q 'c show all cgroups'"
	expect "c shows containers only: the container stays" sh -c "tmux capture-pane -p -t $s | grep -q cvtop-e2e-ui-web"
	expect "and the host root cgroup goes" sh -c "! tmux capture-pane -p -t $s | grep -qE ' host +- +([^ ]+ )?/\$'"
	tmux send-keys -t "$s" c 2
	expect "the throttle pane shows it by name" \
		wait_until 20 sh -c "tmux capture-pane -p -t $s | grep -q 'THR%' && tmux capture-pane -p -t $s | grep -q cvtop-e2e-ui-web"
	tmux send-keys -t "$s" 3
	expect "the overlay pane too" \
		wait_until 20 sh -c "tmux capture-pane -p -t $s | grep -q 'Overlay latency via' && tmux capture-pane -p -t $s | grep -q cvtop-e2e-ui-web"
	tmux send-keys -t "$s" q
}

# e2e_pane_rows FILE PANE NAME: that container's rows of PANE, every snapshot
e2e_pane_rows() {
	jq -c --arg p "$2" --arg n "$3" '.panes[$p].rows[]? | select(.name == $n)' "$1"
}

# A container limited to 0.2 CPU, spinning: CPU-throttled, under its name.
t_cpu_throttled_container() {
	local out r
	podman_setup || die "podman set-up failed"
	podman_run cvtop-e2e-capped --cpus 0.2 -- sh -c 'while :; do :; done' || die "run failed"
	sleep 1
	out=$(lib_tmp)
	cvtop_json "$out" 3
	r=$(e2e_pane_rows "$out" throttle cvtop-e2e-capped | tail -1)
	echo "  $r" | cut -c1-400
	expect "the throttle pane lists the container by name" test -n "$r"
	expect "as podman's" jq -e '.runtime == "podman" and .container' <<<"$r"
	expect "its quota is 0.2 CPU" jq -e '.cpu.quota_cpus == 0.2' <<<"$r"
	expect "more than half of its periods throttled" jq -e '.cpu.throttled_pct > 50' <<<"$r"
}

# e2e_bios FILE DEV: write bios of container cvtop-e2e-iocap on DEV, summed
e2e_bios() {
	jq -s --arg c cvtop-e2e-iocap --arg d "$2" '[.[].panes.throttle.rows[]? | select(.name == $c) |
		.io.devices[]? | select(.name == $d) | .write.bios] | add // 0' "$1"
}

e2e_bios_at_least() {
	[ "$(e2e_bios "$1" "$2")" -ge "$3" ]
}

# A container with a 1 MB/s write limit on a loop device writes N blocks
# directly: exactly N throttled write bios on that device, under its name.
t_io_throttled_container() {
	local out img dev name n=16 sum kind
	podman_setup || die "podman set-up failed"
	img=$(lib_tmp)
	truncate -s 64M "$img"
	dev=$(losetup -f --show "$img") || die "losetup"
	LIB_LOOPS+=("$dev")
	name=${dev#/dev/}
	out=$(lib_tmp)
	# cvtop first: the writes start after its first snapshot, all measured;
	# it runs until the container's writes are all in (or a deadline)
	cvtop_bg "$out"
	podman_run cvtop-e2e-iocap --device "$dev" --device-write-bps "$dev:1mb" -- \
		sh -c "sleep 1; dd if=/dev/zero of=$dev bs=64k count=$n oflag=direct; sleep 300" ||
		die "run failed"
	wait_until 120 e2e_bios_at_least "$out" "$name" "$n"
	# one more snapshot: nothing beyond the n writes
	wait_until 30 has_snapshots "$out" $(($(snapshots "$out") + 1))
	cvtop_stop
	e2e_pane_rows "$out" throttle cvtop-e2e-iocap | tail -1 | cut -c1-500 | sed 's/^/  /'
	sum=$(e2e_bios "$out" "$name")
	expect "the container's $n direct writes were throttled bios on $name (got $sum)" test "$sum" = "$n"
	expect "with its limit shown" jq_true "$out" \
		"[.[-1].panes.throttle.rows[] | select(.name == \"cvtop-e2e-iocap\") | .io.devices[] | select(.name == \"$name\" and .limits.wbps == 1048576)] | length == 1"
}

# A container reading and writing files in its own overlay root file system.
t_overlay_io_in_container() {
	local out r upper
	podman_setup || die "podman set-up failed"
	podman_run cvtop-e2e-files -- sh -c \
		'while :; do dd if=/dev/zero of=/f bs=4k count=200 2>/dev/null; dd if=/f of=/dev/null bs=4k 2>/dev/null; done' ||
		die "run failed"
	sleep 1
	out=$(lib_tmp)
	cvtop_json "$out" 2
	r=$(e2e_pane_rows "$out" overlay cvtop-e2e-files | tail -1)
	echo "  $r" | cut -c1-300
	expect "the overlay pane lists the container by name" test -n "$r"
	expect "with reads and writes on its overlay" jq -e '.read.count > 100 and .write.count > 100' <<<"$r"
	upper=$(podman inspect -f '{{.GraphDriver.Data.UpperDir}}' cvtop-e2e-files)
	expect "on the container's own upper dir ($upper)" jq -e --arg u "$upper" '.upperdir == $u' <<<"$r"
}
