#!/bin/bash
# Helpers for live and ui tests: real cgroups, real workloads, real cvtop.
# Everything a test creates is registered and removed by lib_cleanup, which
# runs when the test's subshell exits, passed or failed.

CVTOP=${CVTOP:-./cvtop}
HELPERS=${OUTPUT:-build}/tests/helpers
LIB_PIDS=()
LIB_TMUX=()
LIB_FILES=()    # registered from the test's own shell
LIB_CGROUPS=()
# cg_make and lib_tmp are called in $(...), a subshell: they register what
# they create in files, which the test's own shell reads at cleanup
LIB_REG=$(mktemp -d "${TMPDIR:-/tmp}/cvtop-reg.XXXXXX")
# shellcheck source=tests/bpfobj.sh
source "$(dirname "${BASH_SOURCE[0]}")/bpfobj.sh"

die() {
	echo "  $*"
	exit 1
}

# cgroup v2 mount point, from mountinfo like cvtop itself
cg2_root() {
	awk '$0 ~ / - cgroup2 / {print $5; exit}' /proc/self/mountinfo
}

# cg_make NAME: a fresh v2 cgroup for this test; prints its path
cg_make() {
	local root dir
	root=$(cg2_root)
	[ -n "$root" ] || die "no cgroup v2 hierarchy"
	dir="$root/$1"
	mkdir -p "$dir" || die "cannot create $dir"
	printf '%s\0' "$dir" >>"$LIB_REG/cgroups"
	echo "$dir"
}

# cg_run CGDIR CMD...: runs CMD in the background inside CGDIR
# cg_make_many PREFIX N: N empty v2 cgroups PREFIX-1..N, removed at exit
cg_make_many() {
	local root i
	root=$(cg2_root)
	[ -n "$root" ] || die "no cgroup v2 hierarchy"
	for ((i = 1; i <= $2; i++)); do
		mkdir -p "$root/$1-$i" || die "cannot create $root/$1-$i"
		printf '%s\0' "$root/$1-$i" >>"$LIB_REG/cgroups"
	done
}

cg_run() {
	local dir=$1
	shift
	sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$dir" "$@" &
	LIB_PIDS+=($!)
}

lib_tmp() {
	local f
	f=$(mktemp "${TMPDIR:-/tmp}/cvtop-test.XXXXXX")
	printf '%s\0' "$f" >>"$LIB_REG/files"
	echo "$f"
}

# tmpfs_mount SIZE: a tmpfs of SIZE on a fresh directory, unmounted at exit
# (before the directory is removed); prints the directory
tmpfs_mount() {
	local d
	d=$(lib_tmp)
	rm -f "$d" && mkdir "$d" || die "cannot make $d"
	mount -t tmpfs -o size="$1" cvtop-test-full "$d" || die "mount -t tmpfs failed"
	printf '%s\0' "$d" >>"$LIB_REG/mounts"
	echo "$d"
}

# a cgroup (of any hierarchy) goes: what is left inside is killed first
lib_rm_cgroup() {
	local p
	[ -d "$1" ] || return 0
	while read -r p; do
		kill -KILL "$p" 2>/dev/null
	done <"$1/cgroup.procs"
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		rmdir "$1" 2>/dev/null && return 0
		sleep 0.1
	done
}

lib_cleanup() {
	local p d s
	exec 2>/dev/null # no "Killed" notices from bash
	podman_cleanup
	for s in "${LIB_TMUX[@]+"${LIB_TMUX[@]}"}"; do
		tmux kill-session -t "$s" 2>/dev/null
	done
	for p in "${LIB_PIDS[@]+"${LIB_PIDS[@]}"}"; do
		pkill -KILL -P "$p" 2>/dev/null
		kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
	if [ -f "$LIB_REG/mounts" ]; then
		while IFS= read -r -d '' d; do
			umount -l "$d"
		done <"$LIB_REG/mounts"
	fi
	if [ -f "$LIB_REG/cgroups" ]; then
		while IFS= read -r -d '' d; do
			lib_rm_cgroup "$d"
		done <"$LIB_REG/cgroups"
	fi
	for d in "${LIB_CGROUPS[@]+"${LIB_CGROUPS[@]}"}"; do
		lib_rm_cgroup "$d"
	done
	if [ -f "$LIB_REG/files" ]; then
		while IFS= read -r -d '' p; do
			rm -rf "$p"
		done <"$LIB_REG/files"
	fi
	for p in "${LIB_FILES[@]+"${LIB_FILES[@]}"}"; do
		rm -rf "$p"
	done
	rm -rf "$LIB_REG"
}

# cvtop_json OUT N [ARGS...]: N snapshots of 1 s as JSON Lines into OUT
cvtop_json() {
	local out=$1 n=$2
	shift 2
	"$CVTOP" -b -n "$n" -d 1 --format json -o "$out" "$@" || die "cvtop -b failed: $?"
	jq -e . "$out" >/dev/null || die "cvtop wrote invalid JSON"
}

# cvtop_strace OUT: 8 snapshots of 0.3 s as JSON Lines into OUT while strace
# delays each of cvtop's bpf() calls by 30 ms. LeakSanitizer cannot run under
# ptrace, so a sanitized cvtop keeps ASan and UBSan but not the leak check here.
cvtop_strace() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		timeout 300 strace -f -qq -o /dev/null -e trace=bpf -e inject=bpf:delay_enter=30000 \
		"$CVTOP" -b -n 8 -d 0.3 --format json -o "$1" || die "cvtop under strace failed"
}

# the last snapshot's row of cgroup PATH in pane cpu, as JSON ("null" if absent)
cpu_row() {
	jq -c --arg p "$2" 'select(.panes.cpu.rows) | .panes.cpu.rows[] | select(.cgroup == $p)' "$1" | tail -1
}

# wait_until SECONDS COMMAND...: polls COMMAND every 0.2 s until it succeeds;
# fails after SECONDS. Tests wait for conditions, never for a fixed window.
wait_until() {
	local end=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$end" ] || return 1
		sleep 0.2
	done
}

# cvtop_bg OUT [ARGS...]: cvtop -b writing JSON Lines to OUT until it is
# signalled; its pid is in CVTOP_PID once its first snapshot is written
cvtop_bg() {
	local out=$1
	shift
	"$CVTOP" -b -d 1 --format json -o "$out" "$@" &
	CVTOP_PID=$!
	LIB_PIDS+=("$CVTOP_PID")
	wait_until 60 test -s "$out" || die "cvtop wrote no snapshot in 60 s"
}

# cvtop_stop: SIGTERM to the cvtop of cvtop_bg; fails unless it exits 0
cvtop_stop() {
	kill -TERM "$CVTOP_PID" 2>/dev/null
	wait "$CVTOP_PID" || die "cvtop exited with $? on SIGTERM"
}

# snapshots FILE: how many complete JSON lines FILE holds
snapshots() {
	grep -c '}$' "$1" 2>/dev/null
}

# has_snapshots FILE N: FILE holds at least N complete snapshots (for wait_until)
has_snapshots() {
	[ "$(snapshots "$1")" -ge "$2" ]
}

# expect "DESCRIPTION" COMMAND...: fails the test when COMMAND fails
expect() {
	local what=$1
	shift
	local said
	if said=$("$@" 2>&1); then
		echo "  ok: $what"
	else
		echo "$said" | tail -40
		die "not ok: $what"
	fi
}

# jq_true FILE FILTER: FILTER (on the slurped file) is true
jq_true() {
	[ "$(jq -s "$2" "$1")" = true ]
}

# Real containers with podman. This machine needs two adjustments, made here
# idempotently: crun cannot raise RLIMIT_NOFILE/NPROC (a containers.conf with
# no default ulimits, and --ulimit host), and crun refuses hybrid cgroups
# while a controller sits on the v2 hierarchy (hugetlb is moved to v1).
PODMAN_IMAGE=localhost/cvtop-busybox:latest
LIB_CONTAINERS=()

podman_setup() {
	local root conf dir
	command -v podman >/dev/null || return 77
	conf=$(lib_tmp)
	printf '[containers]\ndefault_ulimits = []\n' >"$conf"
	export CONTAINERS_CONF=$conf
	root=$(cg2_root)
	if [ -e /sys/fs/cgroup/cpu ] && grep -qw hugetlb "$root/cgroup.controllers" 2>/dev/null; then
		mkdir -p /sys/fs/cgroup/hugetlb
		mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb || return 1
	fi
	podman image exists "$PODMAN_IMAGE" && return 0
	dir=$(lib_tmp)
	rm -f "$dir" && mkdir -p "$dir/bin" "$dir/tmp" "$dir/etc" || return 1
	cp "$(command -v busybox)" "$dir/bin/busybox" || return 1
	for a in sh sleep dd cat echo true yes seq sync; do ln -s busybox "$dir/bin/$a"; done
	tar -C "$dir" -cf "$dir.tar" . && LIB_FILES+=("$dir.tar") || return 1
	podman import -q "$dir.tar" "$PODMAN_IMAGE" >/dev/null
}

# podman_run NAME [podman run options...] -- CMD...: a detached container
podman_run() {
	local name=$1 opts=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	podman rm -f "$name" >/dev/null 2>&1
	LIB_CONTAINERS+=("$name")
	podman run -d --ulimit host --name "$name" "${opts[@]}" "$PODMAN_IMAGE" "$@" >/dev/null
}

LIB_LOOPS=()

podman_cleanup() {
	local c
	for c in "${LIB_CONTAINERS[@]+"${LIB_CONTAINERS[@]}"}"; do
		podman rm -f -t 0 "$c" >/dev/null 2>&1
	done
	for c in "${LIB_LOOPS[@]+"${LIB_LOOPS[@]}"}"; do
		losetup -d "$c" 2>/dev/null
	done
}

# the names of the BPF programs PID holds attached (its link descriptors)
attached_progs() {
	local f id
	for f in /proc/"$1"/fdinfo/*; do
		id=$(awk '$1 == "prog_id:" {print $2}' "$f" 2>/dev/null)
		grep -q '^link_type:' "$f" 2>/dev/null && [ -n "$id" ] || continue
		bpftool prog show id "$id" -j 2>/dev/null | jq -r .name
	done | sort -u
}

# has_attached PID REGEX: PID holds an attached program whose name matches
has_attached() {
	attached_progs "$1" | grep -q "$2"
}

not_attached() {
	! has_attached "$@"
}

# loaded_progs PID: names of every program PID holds, attached or not
loaded_progs() {
	local id
	for id in $(bpf_ids "$1" prog); do
		bpftool prog show id "$id" -j 2>/dev/null | jq -r .name
	done | sort -u
}

# kernel_has_func NAME: the running kernel's BTF has the function (a kfunc)
kernel_has_func() {
	bpftool btf dump file /sys/kernel/btf/vmlinux 2>/dev/null | grep -q "FUNC '$1' "
}

# not_loaded PID REGEX: PID holds no program whose name matches, and does hold
# programs (so that a PID gone or unreadable does not pass)
not_loaded() {
	local names
	names=$(loaded_progs "$1")
	[ -n "$names" ] && ! grep -q "$2" <<<"$names"
}
