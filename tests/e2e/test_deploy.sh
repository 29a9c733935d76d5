#!/bin/bash
# The deployment files under doc/: the systemd unit's capabilities and the
# DaemonSet's container, each run for real with exactly what they grant.
source tests/lib_export.sh

# the unit's AmbientCapabilities, as setpriv wants them: +bpf,+perfmon,...
unit_caps() {
	sed -n 's/^AmbientCapabilities=//p' doc/cvtop.service | tr ' ' '\n' |
		sed 's/^CAP_//' | tr 'A-Z' 'a-z' | sed 's/^/+/' | paste -sd,
}

# cvtop as a user that is not root, with the unit's capabilities alone: every
# pane that runs as root runs, and a container is named.
t_unit_capabilities_suffice() {
	local caps port bin
	caps=$(unit_caps)
	expect "the unit grants capabilities ($caps)" test -n "$caps"
	expect "and bounds them to the same set" sh -c \
		"[ \"\$(sed -n 's/^CapabilityBoundingSet=//p' doc/cvtop.service)\" = \"\$(sed -n 's/^AmbientCapabilities=//p' doc/cvtop.service)\" ]"
	expect "NoNewPrivileges and ProtectSystem=strict" sh -c \
		"grep -qx NoNewPrivileges=yes doc/cvtop.service && grep -qx ProtectSystem=strict doc/cvtop.service"
	expect "not enabled by default (no symlink, an [Install] section)" grep -qx 'WantedBy=multi-user.target' doc/cvtop.service
	podman_setup || die "podman set-up failed"
	podman_run cvtop-e2e-unit -- sh -c 'while :; do :; done' || die "run failed"
	# a copy the unprivileged user can execute
	bin=$(lib_tmp)
	cp "$CVTOP" "$bin" && chmod 755 "$bin"
	port=$(exp_port) || die "no free port"
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps="-all,$caps" \
		--ambient-caps="-all,$caps" --bounding-set="-all,$caps" \
		"$bin" --listen "127.0.0.1:$port" &
	LIB_PIDS+=("$!")
	wait_until 60 curl -sf -o /dev/null "http://127.0.0.1:$port/metrics" || die "no /metrics"
	expect "as uid 65534 with $caps: cpu, throttle, overlay, steal up" wait_until 10 sh -c \
		"[ \$(curl -sf http://127.0.0.1:$port/metrics | grep -cE '^cvtop_pane_up\\{pane=\"(cpu|throttle|overlay|steal)\".* 1\$') = 4 ]"
	expect "the container is named" wait_until 20 sh -c \
		"curl -sf http://127.0.0.1:$port/metrics | grep -q '^cvtop_cpu_usage_seconds_total{.*name=\"cvtop-e2e-unit\",runtime=\"podman\"'"
}

# deploy_image: localhost/cvtop-deploy:test, the binary and its libraries;
# libmicrohttpd (opened by --listen, not linked) and its own with them
deploy_image() {
	local dir lib mhd
	dir=$(lib_tmp)
	rm -f "$dir" && mkdir -p "$dir/usr/bin" "$dir/tmp" "$dir/etc"
	cp "$CVTOP" "$dir/usr/bin/cvtop" || return 1
	mhd=$(ldconfig -p | awk '$1 == "libmicrohttpd.so.12" {print $NF; exit}')
	[ -n "$mhd" ] || return 1
	for lib in $(ldd "$CVTOP" "$mhd" | awk '$2 == "=>" && $3 ~ /^\// {print $3}
	    $1 ~ /^\// && $2 ~ /^\(/ {print $1}' | sort -u) "$mhd"; do
		mkdir -p "$dir$(dirname "$lib")" && cp -L "$lib" "$dir$lib" || return 1
	done
	echo 'nobody:x:65534:65534::/:/bin/false' >"$dir/etc/passwd"
	tar -C "$dir" -cf "$dir.tar" . && LIB_FILES+=("$dir.tar") || return 1
	podman import -q --change 'ENTRYPOINT ["/usr/bin/cvtop"]' "$dir.tar" localhost/cvtop-deploy:test >/dev/null
}

# The DaemonSet's container under podman: host pid namespace and network, its
# capabilities only, its read-only mounts, its arguments (on 127.0.0.1 here).
t_daemonset_container() {
	local m=doc/cvtop-daemonset.yaml caps port args=() v
	podman_setup || die "podman set-up failed"
	deploy_image || die "image build failed"
	LIB_CONTAINERS+=(cvtop-e2e-ds)
	caps=$(sed -n 's/^ *add: \[\(.*\)\]$/\1/p' "$m" | tr -d '" ' | tr ',' '\n' | sed 's/^/--cap-add=/')
	expect "the manifest adds capabilities" test -n "$caps"
	expect "hostPID, hostNetwork" sh -c "grep -q 'hostPID: true' $m && grep -q 'hostNetwork: true' $m"
	expect "the prometheus.io scrape annotations" sh -c \
		"grep -q 'prometheus.io/scrape: \"true\"' $m && grep -q 'prometheus.io/port: \"10077\"' $m"
	for v in $(sed -n 's/.*hostPath: { path: \([^ ,}]*\).*/\1/p' "$m"); do
		[ -e "$v" ] && args+=(-v "$v:$v:ro")
	done
	expect "its mounts are read-only" sh -c "! grep -q 'readOnly: false' $m"
	podman_run cvtop-e2e-ds-victim -- sh -c 'while :; do :; done' || die "run failed"
	port=$(exp_port) || die "no free port"
	# shellcheck disable=SC2086
	podman run -d --ulimit host --name cvtop-e2e-ds --pid host --network host --cgroupns host \
		--cap-drop all $caps --security-opt no-new-privileges --security-opt seccomp=unconfined \
		--read-only "${args[@]}" localhost/cvtop-deploy:test --listen "127.0.0.1:$port" >/dev/null ||
		die "podman run failed"
	wait_until 60 curl -sf -o /dev/null "http://127.0.0.1:$port/metrics" || {
		podman logs cvtop-e2e-ds 2>&1 | tail -5
		die "the DaemonSet's container serves no /metrics"
	}
	expect "it sees the host's other containers by name" wait_until 20 sh -c \
		"curl -sf http://127.0.0.1:$port/metrics | grep -q '^cvtop_cpu_usage_seconds_total{.*name=\"cvtop-e2e-ds-victim\",runtime=\"podman\"'"
	expect "its panes are up" sh -c \
		"[ \$(curl -sf http://127.0.0.1:$port/metrics | grep -cE '^cvtop_pane_up\\{pane=\"(cpu|throttle|overlay|steal)\".* 1\$') = 4 ]"
	expect "promtool check metrics is clean" sh -c "curl -sf http://127.0.0.1:$port/metrics | promtool check metrics"
}
