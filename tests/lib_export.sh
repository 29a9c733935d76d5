#!/bin/bash
# Helpers of the exporter's tests (live/test_export.sh, e2e/test_prometheus.sh):
# cvtop --listen and a real Prometheus, both on 127.0.0.1.

# exp_port: a free TCP port on 127.0.0.1
exp_port() {
	local p
	for _ in $(seq 50); do
		p=$((20000 + RANDOM % 20000))
		ss -Hltn "sport = :$p" | grep -q . || {
			echo "$p"
			return 0
		}
	done
	return 1
}

# exp_bg PORT [ARGS...]: cvtop serving on 127.0.0.1:PORT (headless unless
# ARGS say otherwise) until the end of the test; waits for its first snapshot
exp_bg() {
	local port=$1
	shift
	"$CVTOP" --listen "127.0.0.1:$port" "$@" &
	EXP_PID=$!
	LIB_PIDS+=("$EXP_PID")
	wait_until 60 curl -sf -o /dev/null "http://127.0.0.1:$port/metrics" ||
		die "cvtop served no /metrics in 60 s"
}

# exp_get PORT OUT [curl args]: /metrics into OUT, text format
exp_get() {
	local port=$1 out=$2
	shift 2
	curl -sf -o "$out" "$@" "http://127.0.0.1:$port/metrics"
}

# exp_om PORT OUT [curl args]: /metrics in OpenMetrics into OUT; the first
# answer to a format not asked for before may be the other one (cvtop builds
# a format after each refresh once asked): retried until it is OpenMetrics
exp_om() {
	local port=$1 out=$2 end=$((SECONDS + 10))
	shift 2
	while :; do
		exp_get "$port" "$out" -H 'Accept: application/openmetrics-text; version=1.0.0' \
			-D "$out.hdr" "$@" || return 1
		grep -qi '^content-type: application/openmetrics-text' "$out.hdr" && break
		[ "$SECONDS" -lt "$end" ] || break
		sleep 0.3
	done
	rm -f "$out.hdr"
}

# prom_bg PORT DIR [ARGS...]: Prometheus on 127.0.0.1:PORT with its storage
# in DIR (and DIR/prometheus.yml if ARGS name none), until the test ends
prom_bg() {
	local port=$1 dir=$2
	shift 2
	[ -f "$dir/prometheus.yml" ] || printf 'global:\n  scrape_interval: 1m\n' >"$dir/prometheus.yml"
	prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
		--storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$port" \
		"$@" >"$dir/prometheus.log" 2>&1 &
	LIB_PIDS+=("$!")
	wait_until 60 curl -sf "http://127.0.0.1:$port/-/ready" || {
		tail -20 "$dir/prometheus.log"
		die "Prometheus not ready in 60 s"
	}
}

# prom_query PORT QUERY [TIME]: the first result's value
prom_query() {
	curl -sf "http://127.0.0.1:$1/api/v1/query" --data-urlencode "query=$2" \
		${3:+--data-urlencode "time=$3"} | jq -r '.data.result[0].value[1] // empty'
}
