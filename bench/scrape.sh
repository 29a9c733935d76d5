#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The exporter's cost (make bench runs it; alone: bash bench/scrape.sh OUT.tsv
# N...): cvtop --listen on 127.0.0.1 with N cgroups of one sleeper-waker
# each; 20 scrapes in each format, their time (curl's time_total) and size,
# and cvtop's CPU while scraped once a second. Writes OUT.tsv:
# cgroups rows format bytes median_ms max_ms cpu_pct
set -u
cd "$(dirname "$0")/.."
OUTPUT=${OUTPUT:-build}
CVTOP=$(realpath "${CVTOP:-./cvtop}")
OUT=$1
shift
B=$OUTPUT/bench
PFX=cvtop-bench-scrape
CGROOT=$(awk '$0 ~ / - cgroup2 / {print $5; exit}' /proc/self/mountinfo)
die() { echo "bench/scrape: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root"
mkdir -p "$B"
cc -O2 -Wall -o "$B/sw" bench/sw.c || die "sw"
CV=
cleanup() {
	local d p
	[ -n "$CV" ] && kill -INT "$CV" 2>/dev/null && wait "$CV" 2>/dev/null
	for d in "$CGROOT/$PFX"-*; do
		[ -d "$d" ] || continue
		# cgroup.kill (5.14+) takes every task at once
		echo 1 >"$d/cgroup.kill" 2>/dev/null ||
			while read -r p; do kill -KILL "$p" 2>/dev/null; done <"$d/cgroup.procs"
	done
	for d in "$CGROOT/$PFX"-*; do
		[ -d "$d" ] || continue
		for _ in $(seq 50); do rmdir "$d" 2>/dev/null && break; sleep 0.1; done
	done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cpu_ns() { cat /proc/"$1"/task/*/schedstat | awk '{s += $1} END {printf "%.0f\n", s}'; }
port=$((20000 + RANDOM % 20000))
: >"$OUT"
for n in "$@"; do
	"$B/sw" spawn "$CGROOT" "$PFX" "$n" || die "sw spawn"
	"$CVTOP" -b -d 1 --format json -o "$B/scrape.jsonl" --listen "127.0.0.1:$port" 2>/dev/null &
	CV=$!
	for _ in $(seq 150); do
		rows=$(tail -1 "$B/scrape.jsonl" 2>/dev/null | jq '.panes.cpu.rows | length' 2>/dev/null)
		[ "${rows:-0}" -ge "$n" ] &&
			curl -sf -o /dev/null "http://127.0.0.1:$port/metrics" && break
		sleep 0.2
	done
	sleep 1
	rows=$(tail -1 "$B/scrape.jsonl" | jq '.panes.cpu.rows | length')
	for fmt in text openmetrics; do
		h=()
		[ $fmt = openmetrics ] && h=(-H 'Accept: application/openmetrics-text; version=1.0.0')
		c0=$(cpu_ns "$CV")
		for _ in $(seq 20); do
			curl -sf "${h[@]}" -o /dev/null -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$port/metrics"
			sleep 0.5
		done >"$B/scrape-times"
		c1=$(cpu_ns "$CV")
		sort -n "$B/scrape-times" | awk -v n="$n" -v r="$rows" -v f=$fmt -v c=$((c1 - c0)) '
			{ t[NR] = $1 * 1000; b = $2 } END {
			printf "%s\t%s\t%s\t%s\t%.2f\t%.2f\t%.2f\n", n, r, f, b, t[int((NR + 1) / 2)], t[NR], c / 1e7 / 10 }' >>"$OUT"
	done
	kill -INT "$CV"
	wait "$CV" 2>/dev/null
	CV=
	cleanup
done
cat "$OUT"
