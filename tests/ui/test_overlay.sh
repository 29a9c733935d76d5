#!/bin/bash
# Pane 3 in a real terminal (tmux): the overlay table and its histograms.
# Everything made here is named cvtop-test-overlay-ui*.

OVL_UI_MOUNT=
OVL_UI_DIR=

ovl_ui_cleanup() {
	lib_cleanup # kills the I/O loop first, then the mount can go
	[ -z "$OVL_UI_MOUNT" ] || umount -l "$OVL_UI_MOUNT" 2>/dev/null
	[ -z "$OVL_UI_DIR" ] || rm -rf "$OVL_UI_DIR"
}

# ovl_ui_start NAME WxH: cvtop in a detached tmux session
ovl_ui_start() {
	local w=${2%x*} h=${2#*x}
	tmux kill-session -t "$1" 2>/dev/null
	tmux new-session -d -s "$1" -x "$w" -y "$h" \
		"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP -d 0.5; echo EXITED \$?; sleep 30"
	LIB_TMUX+=("$1")
}

ovl_ui_screen() {
	tmux capture-pane -p -t "$1"
}

# ovl_ui_wait NAME REGEX [SECONDS]: until the screen matches
ovl_ui_wait() {
	local i
	for ((i = 0; i < ${3:-20} * 10; i++)); do
		ovl_ui_screen "$1" | grep -qE "$2" && return 0
		sleep 0.1
	done
	echo "  screen was:"
	ovl_ui_screen "$1" | sed 's/^/  | /'
	return 1
}

ovl_ui_keys() {
	tmux send-keys -t "$1" "${@:2}"
	sleep 0.3
}

t_ui_overlay_table_and_histograms() {
	local s=cvtop-test-overlay-ui-$$ i
	trap ovl_ui_cleanup EXIT
	OVL_UI_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cvtop-test-overlay-ui.XXXXXX") || die "mktemp"
	mkdir -p "$OVL_UI_DIR"/{lower,upper,work,merged} || die "mkdir"
	mount -t overlay cvtop-test-overlay-ui -o "lowerdir=$OVL_UI_DIR/lower,upperdir=$OVL_UI_DIR/upper,workdir=$OVL_UI_DIR/work" \
		"$OVL_UI_DIR/merged" || die "mount -t overlay failed"
	OVL_UI_MOUNT=$OVL_UI_DIR/merged
	cg_make cvtop-test-overlay-ui >/dev/null
	cg_run "$(cg2_root)/cvtop-test-overlay-ui" sh -c "while :; do $HELPERS/ovlio $OVL_UI_MOUNT/f 200 rw; sleep 0.1; done"
	ovl_ui_start "$s" 140x32
	expect "cvtop is up" ovl_ui_wait "$s" '1 CPU contention'
	ovl_ui_keys "$s" 3
	expect "key 3 shows the overlay pane and its method" ovl_ui_wait "$s" 'Overlay latency via tp_btf'
	expect "it says what the method misses" ovl_ui_wait "$s" 'not seen: mmap'
	expect "the table with its columns" ovl_ui_wait "$s" 'RD/s +RDB/sv +RP50 +RP99 +RMAX +WR/s +WRB/s +WP50 +WP99 +WMAX +OVERLAY +(.* )?NAME'
	expect "the test cgroup is listed on its upper dir" \
		ovl_ui_wait "$s" "[0-9.]+[kM]?B +.*${OVL_UI_DIR: -12}/upper +([^ ]+ )?/cvtop-test-overlay-ui"
	# sort by cgroup name, then walk down until the test cgroup is selected
	ovl_ui_keys "$s" '<' '<'
	expect "sorted by cgroup name" ovl_ui_wait "$s" 'NAME\^'
	# (not Home: tmux sends it as \e[1~, which xterm-256color lacks, so the 1 switches to pane 1)
	ovl_ui_keys "$s" PPage
	for ((i = 0; i < 40; i++)); do
		ovl_ui_keys "$s" Enter
		ovl_ui_screen "$s" | grep -q 'Overlay latency of /cvtop-test-overlay-ui ' && break
		ovl_ui_keys "$s" Escape Down
	done
	expect "Enter shows the selected row's detail" ovl_ui_wait "$s" 'Overlay latency of /cvtop-test-overlay-ui [0-9]+:[0-9]+'
	expect "with its mount and upper dir" ovl_ui_wait "$s" "mounted on $OVL_UI_MOUNT +upper $OVL_UI_DIR/upper"
	expect "with read and write stats" ovl_ui_wait "$s" '^writes +[0-9]+ calls .* p50 .* p99 .* max '
	expect "read and write histograms side by side" ovl_ui_wait "$s" 'read latency .* write latency'
	expect "with time buckets and bars on both sides" \
		ovl_ui_wait "$s" '[0-9.]+[num]?s -> [0-9.]+[num]?s +\| +[0-9]+ .*[0-9.]+[num]?s -> [0-9.]+[num]?s +\| +[0-9]+ '
	ovl_ui_keys "$s" Escape
	expect "Esc goes back to the table" ovl_ui_wait "$s" 'RD/s'
	ovl_ui_keys "$s" q
	expect "q quits with status 0" ovl_ui_wait "$s" '^EXITED 0'
}
