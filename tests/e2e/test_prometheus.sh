#!/bin/bash
# A real Prometheus on 127.0.0.1 scraping cvtop --listen while real podman
# containers run; the answers of its HTTP API against what they did.
source tests/lib_export.sh

# e2e_prom: cvtop (cumulative, so its own p99 covers what the histogram
# does) and a Prometheus scraping it every second; sets CV_PORT, PROM_PORT
e2e_prom() {
	local dir
	dir=$(lib_tmp)
	rm -f "$dir" && mkdir -p "$dir"
	CV_PORT=$(exp_port) || die "no free port"
	exp_bg "$CV_PORT" --cumulative -d 1 "$@"
	PROM_PORT=$(exp_port) || die "no free port"
	cat >"$dir/prometheus.yml" <<EOC
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: cvtop
    static_configs:
      - targets: ['127.0.0.1:$CV_PORT']
EOC
	prom_bg "$PROM_PORT" "$dir"
	PROM_DIR=$dir
	wait_until 60 sh -c "[ \"\$(curl -sf 'http://127.0.0.1:$PROM_PORT/api/v1/query?query=up' | jq -r '.data.result[0].value[1]')\" = 1 ]" ||
		die "Prometheus never scraped cvtop"
}

# pq QUERY: the query's first value now
pq() {
	prom_query "$PROM_PORT" "$1"
}

t_prometheus_scrapes_containers() {
	local img dev loop n=16 reads=300 got want p99 q
	command -v prometheus >/dev/null || die "prometheus missing (tests/deps.sh installs it)"
	podman_setup || die "podman set-up failed"
	img=$(lib_tmp)
	truncate -s 64M "$img"
	dev=$(losetup -f --show "$img") || die "losetup"
	LIB_LOOPS+=("$dev")
	loop=${dev#/dev/}
	e2e_prom
	echo "  cvtop on 127.0.0.1:$CV_PORT, Prometheus on 127.0.0.1:$PROM_PORT"
	# two spinners on one CPU under a 0.2 CPU quota: throttled, and waiting
	podman_run cvtop-e2e-prom-cap --cpus 0.2 --cpuset-cpus 0 -- \
		sh -c 'while :; do :; done & while :; do :; done' || die "run failed"
	podman_run cvtop-e2e-prom-io --device "$dev" --device-write-bps "$dev:1mb" -- \
		sh -c "dd if=/dev/zero of=$dev bs=64k count=$n oflag=direct; sleep 600" || die "run failed"
	podman_run cvtop-e2e-prom-ovl -- sh -c \
		"dd if=/dev/zero of=/f bs=4k count=$reads 2>/dev/null; dd if=/f of=/dev/null bs=4k count=$reads; sleep 600" ||
		die "run failed"

	q='rate(cvtop_cpu_cfs_throttled_periods_total{name="cvtop-e2e-prom-cap"}[10s])'
	expect "the capped container's throttled periods rate is > 0 under its name" \
		wait_until 60 sh -c "v=\$(curl -sf 'http://127.0.0.1:$PROM_PORT/api/v1/query' --data-urlencode 'query=$q' | jq -r '.data.result[0].value[1] // 0'); awk -v v=\"\$v\" 'BEGIN { exit !(v > 0) }'"
	echo "  $q = $(pq "$q")"

	q='sum(cvtop_overlay_reads_total{name="cvtop-e2e-prom-ovl"})'
	wait_until 60 sh -c "[ \"\$(curl -sf 'http://127.0.0.1:$PROM_PORT/api/v1/query' --data-urlencode 'query=$q' | jq -r '.data.result[0].value[1] // 0')\" = $reads ]"
	got=$(pq "$q")
	expect "the overlay container's $reads reads, exactly (got $got)" test "$got" = "$reads"

	q="sum(cvtop_blkio_throttled_write_bios_total{name=\"cvtop-e2e-prom-io\",device=\"$loop\"})"
	wait_until 60 sh -c "[ \"\$(curl -sf 'http://127.0.0.1:$PROM_PORT/api/v1/query' --data-urlencode 'query=$q' | jq -r '.data.result[0].value[1] // 0')\" = $n ]"
	got=$(pq "$q")
	expect "the write-limited container's $n throttled bios on $loop (got $got)" test "$got" = "$n"

	# both from the same scrape: the histogram's and cvtop's p99 since start
	q='histogram_quantile(0.99, sum by (le) (cvtop_runqueue_wait_seconds_bucket{name="cvtop-e2e-prom-cap"}))'
	wait_until 30 sh -c "curl -sf 'http://127.0.0.1:$PROM_PORT/api/v1/query' --data-urlencode 'query=$q' | jq -e '.data.result[0].value[1] | tonumber > 0'" ||
		die "no run-queue waits for the capped container"
	got=$(pq "$q")
	p99=$(pq 'max(cvtop_runqueue_wait_p99_seconds{name="cvtop-e2e-prom-cap"})')
	expect "histogram_quantile(0.99) ($got s) is within a factor 2 of cvtop's p99 ($p99 s)" \
		awk -v a="$got" -v b="$p99" 'BEGIN { exit !(b > 0 && a <= 2 * b && b <= 2 * a) }'
	expect "Prometheus took every scrape (OpenMetrics negotiated)" sh -c \
		"curl -sf 'http://127.0.0.1:$PROM_PORT/api/v1/targets' | jq -e '.data.activeTargets[0].health == \"up\" and .data.activeTargets[0].lastError == \"\"'"
}

# Where /dev/kvm works, a VM's ioport exits are exact in Prometheus; where
# it is absent (this kind of machine, some of them), the kvm pane says why.
t_prometheus_kvm_ioport_exits() {
	local rounds=3 outs=5 got
	e2e_prom
	if [ ! -e /dev/kvm ]; then
		got=$(pq 'cvtop_pane_up{pane="kvm"}')
		expect "no /dev/kvm: the kvm pane is down (got $got)" test "$got" = 0
		expect "with its reason as a label" sh -c \
			"curl -sf 'http://127.0.0.1:$PROM_PORT/api/v1/query' --data-urlencode 'query=cvtop_pane_up{pane=\"kvm\"}' | jq -e '.data.result[0].metric.reason | test(\"/dev/kvm\")'"
		return 0
	fi
	"$HELPERS/kvmtest" out "$rounds" "$outs" 1 30 -name "guest=cvtop-e2e-prom-vm" >/dev/null &
	LIB_PIDS+=("$!")
	# the VM's port I/O exits, over its ports and directions
	q='sum(cvtop_kvm_pio_exits_total{vm="cvtop-e2e-prom-vm"})'
	wait_until 60 sh -c "[ \"\$(curl -sf 'http://127.0.0.1:$PROM_PORT/api/v1/query' --data-urlencode 'query=$q' | jq -r '.data.result[0].value[1] // 0')\" = $((rounds * (outs + 1))) ]"
	got=$(pq "$q")
	expect "the VM's $((rounds * (outs + 1))) ioport exits, exactly (got $got)" test "$got" = $((rounds * (outs + 1)))
}
