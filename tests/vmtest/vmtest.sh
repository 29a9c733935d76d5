#!/bin/bash
# make vmtest: cvtop inside real Debian kernels under QEMU (TCG, no KVM), for
# the hooks this machine's kernel lacks. For each kernel of the matrix:
# download it (cached), build an initramfs holding cvtop, its libraries and
# the test workloads, boot it, bring cvtop's output out on a second serial
# port, and check it here. Ends with "vmtest: N passed, N failed".
set -u
cd "$(dirname "$0")/../.." || exit 1
source tests/vmtest/arm64.sh
OUT=${OUTPUT:-build}
CVTOP=${CVTOP:-./cvtop}
CACHE=${CVTOP_VMTEST_CACHE:-/var/cache/cvtop-vmtest}
WORK=$OUT/vmtest
# watchdogs only: the guest waits for its conditions (a loaded host is slow)
TIMEOUT=${CVTOP_VMTEST_TIMEOUT:-600}
ARM64_TIMEOUT=${CVTOP_VMTEST_TIMEOUT:-900}
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# The matrix, one "TAG PACKAGE" line per kernel: Debian's current 6.1 (what
# linux-image-amd64 depends on) and newest 6.12, generic, cloud and PREEMPT_RT
# (there is no 6.12 rt before 6.12's backport; 6.1 rt is left out: 6.12 rt is
# the one with the RT locking in mainline)
newest_612() {
	apt-cache search --names-only "^linux-image-6\.12\.[0-9]+\+deb12-$1\$" 2>/dev/null |
		awk '{print $1}' | sort -V | tail -1
}
dep_61() {
	apt-cache depends "$1" 2>/dev/null | awk '/Depends: linux-image-6\.1\./ {print $2; exit}'
}
kernels() {
	local p
	p=$(dep_61 linux-image-amd64) && [ -n "$p" ] && echo "6.1 $p"
	p=$(newest_612 amd64) && [ -n "$p" ] && echo "6.12 $p"
	p=$(dep_61 linux-image-cloud-amd64) && [ -n "$p" ] && echo "cloud-6.1 $p"
	p=$(newest_612 cloud-amd64) && [ -n "$p" ] && echo "cloud-6.12 $p"
	p=$(newest_612 rt-amd64) && [ -n "$p" ] && echo "rt-6.12 $p"
	# arm64 needs the foreign architecture (make deps): tests/vmtest/arm64.sh
	p=$(dep_61 linux-image-arm64:arm64) && [ -n "$p" ] && echo "arm64-6.1 $p"
}

# fetch PKG: its .deb in the cache, extracted; prints the extract dir
fetch() {
	local pkg=$1 deb dir pat
	# PKG:ARCH (arm64's) in its own directory, from a .deb of that arch
	dir=$CACHE/${pkg//:/_}
	pat="${pkg%:*}_*.deb"
	[[ $pkg == *:* ]] && pat="${pkg%:*}_*_${pkg#*:}.deb"
	if [ ! -e "$dir/.done" ]; then
		mkdir -p "$CACHE" || return 1
		deb=$(ls "$CACHE"/$pat 2>/dev/null | head -1)
		if [ -z "$deb" ]; then
			(cd "$CACHE" && apt-get download -q "$pkg" >/dev/null 2>&1) || {
				echo "vmtest: cannot download $pkg: is the Debian mirror reachable?" >&2
				return 1
			}
			deb=$(ls "$CACHE"/$pat | head -1)
		fi
		rm -rf "$dir" && mkdir -p "$dir" && dpkg-deb -x "$deb" "$dir" && touch "$dir/.done" || return 1
	fi
	echo "$dir"
}

# copy_bin ROOT FILE: FILE and the shared libraries it needs into ROOT
copy_bin() {
	local root=$1 f=$2 lib
	install -D -m 0755 "$f" "$root/$(basename "$f")"
	for lib in $(ldd "$f" 2>/dev/null | awk '/=> \// {print $3} /^\t\/lib/ {print $1}'); do
		[ -e "$root$lib" ] || install -D -m 0755 "$lib" "$root$lib"
	done
}

# initramfs KDIR IMG [ARCH]: busybox, cvtop, helpers, modules, /init
initramfs() {
	local kdir=$1 img=$2 arch=${3:-amd64} root kver m f mods
	root=$(mktemp -d "$WORK/root.XXXXXX")
	mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,modules}
	# the applet list of the host's busybox: the same Debian version
	for a in $(busybox --list); do
		[ "$a" = busybox ] || ln -sf busybox "$root/bin/$a"
	done
	if [ "$arch" = arm64 ]; then
		arm64_root "$root" || return 1
		mods="overlay loop virtio_mmio virtio_console"
	else
		cp "$(command -v busybox)" "$root/bin/busybox"
		copy_bin "$root" "$CVTOP"
		mv "$root/$(basename "$CVTOP")" "$root/cvtop" 2>/dev/null
		# the kvm epoch check delays cvtop's bpf() calls with strace's fault injection
		command -v strace >/dev/null && copy_bin "$root" "$(command -v strace)"
		for f in "$OUT"/tests/helpers/*; do
			[ -x "$f" ] && [ "${f%.d}" = "$f" ] && copy_bin "$root" "$f"
		done
		mods="irqbypass kvm ccp kvm-amd overlay loop"
	fi
	install -m 0755 tests/vmtest/guest-init.sh "$root/init"
	# modules the checks need, in load order, decompressed for busybox insmod
	kver=$(ls "$kdir/lib/modules")
	: >"$root/modules.order"
	for m in $mods; do
		f=$(find "$kdir/lib/modules/$kver" -name "$m.ko*" | head -1)
		[ -n "$f" ] || continue
		case $f in
		*.xz) xz -dc "$f" >"$root/modules/$m.ko" ;;
		*.zst) zstd -qdc "$f" >"$root/modules/$m.ko" ;;
		*) cp "$f" "$root/modules/$m.ko" ;;
		esac
		echo "$m.ko" >>"$root/modules.order"
	done
	(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$img"
	rm -rf "$root"
}

# boot KDIR IMG RESULTS CONSOLE. One vCPU: under TCG, a second one can
# catch the int3 of the kernel's live text patching (enabling a tracepoint)
# half-way and oops in __schedule, an emulation artefact seen with 6.12.
boot() {
	local kdir=$1 img=$2 results=$3 console=$4 vmlinuz
	vmlinuz=$(ls "$kdir"/boot/vmlinuz-* | head -1)
	: >"$results"
	if [ "${5:-amd64}" = arm64 ]; then
		arm64_boot "$vmlinuz" "$img" "$results" "$console"
		return
	fi
	timeout "$TIMEOUT" qemu-system-x86_64 -accel tcg -cpu max -smp 1 -m 2G -nographic -no-reboot \
		-kernel "$vmlinuz" -initrd "$img" \
		-append "console=ttyS0 rdinit=/init panic=-1 oops=panic" \
		-serial "file:$console" -serial "file:$results" -monitor none </dev/null >/dev/null 2>&1
}

# section RESULTS NAME: the lines of one section (the serial line adds CRs)
section() {
	tr -d '\r' <"$1" | awk -v s="=== $2" '$0 == s {on = 1; next} /^=== / {on = 0} on'
}

check() {
	local name=$1 what=$2
	shift 2
	if "$@" >/dev/null 2>&1; then
		pass "vmtest/$name: $what"
	else
		fail "vmtest/$name: $what"
	fi
}

# check_kernel PACKAGE [ARCH]
check_kernel() {
	local kpkg=$1 arch=${2:-amd64} kdir img results console name json probe
	name=${kpkg#linux-image-}
	name=${name%:*}
	kdir=$(fetch "$kpkg") || { fail "vmtest/$name: kernel package"; return; }
	img=$WORK/$name.initrd.gz
	results=$WORK/$name.results
	console=$WORK/$name.console
	if [ "$arch" = arm64 ]; then
		arm64_build "$kdir" || { fail "vmtest/$name: cvtop cross-built for arm64"; return; }
		pass "vmtest/$name: cvtop cross-built for arm64"
	fi
	initramfs "$kdir" "$img" "$arch" || { fail "vmtest/$name: initramfs"; return; }
	echo "== $name: booting (TCG)"
	boot "$kdir" "$img" "$results" "$console" "$arch"
	if ! grep -q '^=== end' "$results"; then
		fail "vmtest/$name: the guest ran to the end"
		echo "--- console tail:"
		tail -40 "$console"
		echo "--- results tail:"
		tail -20 "$results"
		return
	fi
	pass "vmtest/$name: the guest ran to the end"
	probe=$(section "$results" probe)
	json=$WORK/$name.cpu.json
	section "$results" cpu | grep '^{' >"$json"
	echo "$probe" | sed 's/^/    /'
	check "$name" "the cpu pane chose tp_btf" grep -q '^  + tp_btf .*chosen' <<<"$probe"
	check "$name" "the cpu fallback raw_tp loads" grep -q '^  + raw_tp ' <<<"$(section "$results" fallbacks)"
	check "$name" "the cpu fallback tracepoint loads" grep -q '^  + tracepoint ' <<<"$(section "$results" fallbacks)"
	check "$name" "two JSON snapshots" test "$(jq -s length "$json")" = 2
	for cg in /vm-busy-a /vm-busy-b; do
		check "$name" "$cg waited in the run queue and ran" jq -se --arg cg "$cg" \
			'.[-1].panes.cpu.rows[] | select(.cgroup == $cg) | .runq.count > 5 and .runq.p50_ns > 0 and .cpu_ns > 100000000' "$json"
	done
	# every cgroup's PSI in one walk of the cgroup iterator (6.1+); a kernel
	# with PSI off (psi=0) has no figures to compare, by either method
	check "$name" "cpu: PSI from the cgroup iterator" jq -se \
		'.[-1].panes.cpu.method | test("PSI: cgroup iterator")' "$json"
	if jq -se '[.[-1].panes.cpu.rows[].psi.some_stall_us] | any(. != null)' "$json" >/dev/null 2>&1; then
		check "$name" "cpu: the busy cgroups' CPU stall (PSI) in the last interval" jq -se \
			'[.[-1].panes.cpu.rows[] | select(.cgroup == "/vm-busy-a" or .cgroup == "/vm-busy-b") |
			  .psi.some_stall_us > 200000] | length == 2 and all' "$json"
	fi
	check "$name" "steal: the guest view runs and is a percentage" jq -se \
		'.[-1].panes.steal.status == "ok" and (.[-1].panes.steal.guest.total.steal_pct | . >= 0 and . <= 100)' "$json"
	check "$name" "pid-namespace switches of the ping-pong" jq -se \
		'.[-1].panes.cpu.rows[] | select(.cgroup == "/vm-pidns") | .pidns_switches > 100' "$json"
	check "$name" "the victim namespace under its hostname" jq -se \
		'[.[-1].panes.cpu.pidns[] | select(.hostname == "vm-ns-host" and .switches > 100)] | length == 1' "$json"
	if [ "$arch" = arm64 ]; then
		check_kvm_arm64 "$name" "$results"
	else
		check_kvm "$name" "$results"
	fi
	# arm64 attaches BPF trampolines to kernel functions only from 6.4 (ftrace
	# direct calls): fentry/fexit fail there with the kernel's ENOTSUPP
	local fentry=fentry fexit=fexit
	if [ "$arch" = arm64 ] && [[ $name == 6.1.* ]]; then
		fentry=kprobe
		fexit=kprobe
		check "$name" "arm64 6.1: fentry and fexit fail with ENOTSUPP, the panes say so" test \
			"$(grep -c -e '^  - fentry     failed: attach: ENOTSUPP (524)' \
				-e '^  - fexit      failed: attach: ENOTSUPP (524)' <<<"$probe")" = 3
	fi
	check_overlay "$name" "$results" "$fentry"
	check_throttle "$name" "$results" "$fexit"
	check_nocgroup2 "$name" "$results"
}

# no cgroup v2 hierarchy mounted: cvtop runs, each pane works or says why
check_nocgroup2() {
	local name=$1 out
	out=$(section "$2" nocgroup2)
	echo "$out" | grep -v '^{' | sed 's/^/    nocgroup2: /'
	check "$name" "no cgroup v2: cvtop exits 0" grep -qx 'rc 0' <<<"$out"
	check "$name" "no cgroup v2: every pane works or says why" jq -se 'length == 2 and
		all(.[].panes[]; .status == "ok" or (.status == "unavailable" and (.reason | length) > 0))' \
		<(grep '^{' <<<"$out")
	check "$name" "no cgroup v2: the cpu pane says so" jq -se \
		'all(.[]; .panes.cpu.reason | test("no cgroup v2"))' <(grep '^{' <<<"$out")
}

# overlay: reads and writes of the test cgroup summed over the snapshots
ovl_sum() {
	jq -s -c '[.[].panes.overlay.rows[]? | select(.cgroup == "/vm-ovl")] |
		{r: (map(.read.count) | add), w: (map(.write.count) | add),
		 rb: (map(.read.bytes) | add), wb: (map(.write.bytes) | add)}' "$1"
}

# check_overlay NAME RESULTS PREFERRED
check_overlay() {
	local name=$1 results=$2 preferred=$3 hook json s want
	for hook in preferred kprobe; do
		json=$WORK/$name.ovl-$hook.json
		section "$results" "overlay-$hook" | grep '^{' >"$json"
		want=$hook
		[ "$hook" = preferred ] && want=$preferred
		check "$name" "overlay: $hook is $want" jq -se --arg h "$want:" \
			'.[-1].panes.overlay.method | startswith($h)' "$json"
		s=$(ovl_sum "$json")
		echo "    overlay $hook: $s"
		check "$name" "overlay via $want: exactly 100 reads and 100 writes of 4 KiB" jq -e \
			'.r == 100 and .w == 100 and .rb == 409600 and .wb == 409600' <<<"$s"
		check "$name" "overlay via $want: cat's 256 KiB (sendfile, splice on 6.12) all seen" jq -se \
			'[.[].panes.overlay.rows[]? | select(.cgroup == "/vm-cat") | .read.bytes] | add == 262144' "$json"
	done
}

# check_throttle NAME RESULTS PREFERRED (fexit or kprobe: both time holds)
check_throttle() {
	local name=$1 results=$2 preferred=$3 json loop sum
	json=$WORK/$name.throttle.json
	section "$results" throttle | grep '^{' >"$json"
	loop=$(section "$results" throttle | awk '/^loop / {print $2}')
	check "$name" "throttle: the block side runs on $preferred (hold times)" jq -se --arg h "$preferred" \
		'.[-1].panes.throttle.method | startswith($h) and contains("with hold time")' "$json"
	sum=$(jq -s --arg d "$loop" '[.[].panes.throttle.rows[]? | select(.cgroup == "/vm-io") |
		.io.devices[]? | select(.name == $d) | .write.bios] | add // 0' "$json")
	echo "    throttle: $sum write bios on $loop under io.max"
	check "$name" "throttle: exactly 16 throttled write bios on $loop" test "$sum" = 16
	check "$name" "throttle: hold times seen" jq -se \
		'[.[].panes.throttle.rows[]? | select(.cgroup == "/vm-io") | .io.hold_ns // 0] | add > 0' "$json"
	check "$name" "throttle: the v2 quota throttles most periods" jq -se \
		'[.[-1].panes.throttle.rows[] | select(.cgroup == "/vm-quota") | .cpu.throttled_pct] | .[0] > 50' "$json"
}

# kvmtest out 3 4: 3 rounds of 4 "out" to 0x3f8, 1 "in" from 0x61, an MMIO
# write, a rdmsr and hlt: 15 I/O exits, 3 MSR exits, 3 MMIO and 3 HLT exits
# to the VMM
check_kvm() {
	local name=$1 results=$2 json env
	json=$WORK/$name.kvm.json
	section "$results" kvm | grep '^{' >"$json"
	env=$(section "$results" kvmenv)
	# PREEMPT_RT on x86 loads kvm only with a constant TSC (x86.c:
	# "RT requires X86_FEATURE_CONSTANT_TSC"); TCG has no invtsc, so there
	# is no /dev/kvm and the pane must say so
	if [[ $name == *-rt-* ]] && grep -q '^constant_tsc no' <<<"$env"; then
		check "$name" "kvm: PREEMPT_RT refused kvm: no constant TSC under TCG" \
			grep -q 'RT requires X86_FEATURE_CONSTANT_TSC' <<<"$env"
		check "$name" "kvm: the pane says unavailable: no /dev/kvm" jq -se \
			'.[-1].panes.kvm | .status == "unavailable" and (.reason | test("^tp_btf: no /dev/kvm"))' "$json"
		return
	fi
	check "$name" "kvm: the exit table runs on tp_btf in a nested guest" jq -se \
		'.[-1].panes.kvm.exits.method | startswith("tp_btf")' "$json"
	kvm_sum() {
		jq -s --arg n "$1" '[.[].panes.kvm.exits.rows[]? | select(.scope == "vm" and .vm == "vm-kvm"
			and .name == $n) | .interval.count] | add // 0' "$json"
	}
	echo "    kvm exits: io $(kvm_sum io), msr $(kvm_sum msr)"
	check "$name" "kvm: exactly 15 io exits in the exit table" test "$(kvm_sum io)" = 15
	check "$name" "kvm: exactly 3 msr exits" test "$(kvm_sum msr)" = 3
	check "$name" "kvm: exit times have a mean and a spread" jq -se \
		'[.[].panes.kvm.exits.rows[]? | select(.scope == "vm" and .vm == "vm-kvm" and .name == "io"
		  and .interval.count > 1) | .interval | .mean_ns > 0 and .stddev_ns != null] | all and length > 0' "$json"
	check "$name" "kvm: the ioport view agrees: 12 outs to 0x3f8, 3 ins from 0x61" jq -se \
		'([.[].panes.kvm.ioport[]? | select(.vm == "vm-kvm" and .port == 1016 and .dir == "out") | .exits] | add) == 12
		 and ([.[].panes.kvm.ioport[]? | select(.vm == "vm-kvm" and .port == 97 and .dir == "in") | .exits] | add) == 3' "$json"
	# timed like perf kvm stat --event=ioport/mmio: to the next kvm_entry
	echo "    kvm times: $(jq -s -c '[.[].panes.kvm.ioport[]? | select(.vm == "vm-kvm" and .time.interval.count > 0)
		| {port, dir, n: .time.interval.count, min: .time.interval.min_ns, max: .time.interval.max_ns}]' "$json")"
	check "$name" "kvm: every port access timed: 12 outs, 3 ins, 0 < min <= mean <= max" jq -se \
		'[.[].panes.kvm.ioport[]? | select(.vm == "vm-kvm")] as $r
		 | ([$r[] | select(.port == 1016 and .dir == "out") | .time.interval.count] | add) == 12
		 and ([$r[] | select(.port == 97 and .dir == "in") | .time.interval.count] | add) == 3
		 and all($r[] | .time.interval | .count == 0 or (.min_ns > 0 and .min_ns <= .mean_ns and .mean_ns <= .max_ns))' "$json"
	check "$name" "kvm: the 3 MMIO writes and 3 rdmsr timed, shares of 100%" jq -se \
		'([.[].panes.kvm.mmio[]? | select(.vm == "vm-kvm" and .gpa == 8192 and .type == "write")
		   | .time.interval.count] | add) == 3
		 and ([.[].panes.kvm.msr[]? | select(.vm == "vm-kvm" and .msr == 16) | .time.interval.count] | add) == 3
		 and all(.[].panes.kvm.msr[]? | select(.vm == "vm-kvm" and .time.interval.count > 0); .time.samples_pct == 100)' "$json"
	check "$name" "kvm: 15 IO exits to the VMM" jq -se \
		'[.[].panes.kvm.userspace_exits[]? | select(.vm == "vm-kvm" and .name == "IO") | .count] | add == 15' "$json"
	check_kvm_gap "$name" "$results"
	check_kvm_steal "$name" "$results"
	json=$WORK/$name.kvmcum.json
	section "$results" kvmcum | grep '^{' >"$json"
	check "$name" "kvm --cumulative: the last snapshot holds 30 io exits of both VMs" jq -se \
		'.[-1].panes.kvm | .cumulative_s > 0 and ([.exits.rows[] | select(.scope == "all" and .name == "io")
		 | .interval.count] == [30])' "$json"
	check "$name" "kvm --cumulative: 15 for each VM and for its vCPU thread" jq -se \
		'[.[-1].panes.kvm.exits.rows[] | select(.scope != "all" and .name == "io") | [.scope, .vm, .interval.count]]
		 | sort == [["vcpu", "vm-cum-a", 15], ["vcpu", "vm-cum-b", 15], ["vm", "vm-cum-a", 15], ["vm", "vm-cum-b", 15]]' "$json"
}

# pane 4's host view: two spinning VMs and a hog on the guest's one CPU. Each
# VM is found and named, its vCPU thread's wait is at most the scheduler's
# run_delay over cvtop's whole run and a good part of the time cvtop covered,
# and steal % is that wait over the interval. Kept as a recording in WORK
# (tests/fixtures/recordings/steal-nested-*.jsonl is one).
check_kvm_steal() {
	local name=$1 results=$2 json out vm pid d0 d1 w cov
	json=$WORK/$name.kvmsteal.json
	out=$(section "$results" kvmsteal)
	grep '^{' <<<"$out" >"$json"
	check "$name" "steal host: eight snapshots with the VMs spinning" test "$(jq -s length "$json")" = 8
	cov=$(jq -s '[.[1:][].interval_s] | add' "$json")
	for vm in vm-steal-a vm-steal-b; do
		pid=$(jq -s --arg n "$vm" '[.[].panes.steal.host.vms[] | select(.name == $n) | .pid] | unique | .[0] // 0' "$json")
		d0=$(awk -v p="$pid" '$1 == "run_delay0" && $2 == p {print $3}' <<<"$out")
		d1=$(awk -v p="$pid" '$1 == "run_delay1" && $2 == p {print $3}' <<<"$out")
		w=$(jq -s --argjson p "$pid" '[.[].panes.steal.host.vms[] | select(.pid == $p) | .wait_ns] | add // 0' "$json")
		echo "    $vm (pid $pid): cvtop $w ns waited; run_delay grew $((${d1:-0} - ${d0:-0})) ns; later intervals $cov s"
		check "$name" "steal host: $vm found in every snapshot, named, one vCPU thread" jq -se --arg n "$vm" \
			'all(.[]; [.panes.steal.host.vms[] | select(.name == $n) | [.named, .vcpus, .threads]] == [[true, 1, 1]])' "$json"
		check "$name" "steal host: $vm waited no more than its run_delay" test "$w" -le $((${d1:-0} - ${d0:-0}))
		check "$name" "steal host: $vm waited over a third of the later intervals" jq -se --argjson p "$pid" \
			'([.[1:][].panes.steal.host.vms[] | select(.pid == $p) | .wait_ns] | add) > 1e9 * ([.[1:][].interval_s] | add) / 3' "$json"
	done
	check "$name" "steal host: steal % is the wait over the interval and the vCPUs" jq -se \
		'[.[] | .interval_s as $iv | .panes.steal.host.vms[] |
		  ((.steal_pct - 100 * .wait_ns / ($iv * 1e9 * .vcpus)) | fabs) <= 0.01 * .steal_pct + 0.01] | all and length == 16' "$json"
}

# kvmtest out 2 4 x 30 short VMs (10 io exits each) and out 400 1 (800), with
# cvtop's bpf() calls delayed by strace: every interval's figures from one
# closed epoch, exited VMs in the all-VMs totals, short-lived VMs named
check_kvm_gap() {
	local name=$1 results=$2 json out
	json=$WORK/$name.kvmgap.json
	out=$(section "$results" kvmgap)
	grep '^{' <<<"$out" >"$json"
	check "$name" "kvm gap: strace delays cvtop's bpf() calls" grep -qx 'strace attached' <<<"$out"
	echo "    kvm gap: $(jq -s '[.[].panes.kvm.exits.rows[]? | select(.interval.count > 0 and
		(.interval.min_ns == null or .interval.max_ns == null or .interval.min_ns == 0
		 or .interval.max_ns == 0))] | length' "$json") rows with a count and no min/max, of $(jq -s \
		'[.[].panes.kvm.exits.rows[]? | select(.interval.count > 0)] | length' "$json")"
	check "$name" "kvm gap: no row has exits and min = max = 0 or null" jq -se \
		'[.[].panes.kvm.exits.rows[]? | select(.interval.count > 0) | .interval |
		  .min_ns != null and .max_ns != null and .min_ns > 0 and .max_ns >= .min_ns] | all and length > 0' "$json"
	echo "    kvm gap: io exits of all VMs: intervals $(jq -s '[.[].panes.kvm.exits.rows[]? |
		select(.scope == "all" and .name == "io") | .interval.count] | add' "$json"), total $(jq -s \
		'[.[-1].panes.kvm.exits.rows[] | select(.scope == "all" and .name == "io") | .total.count] | add' "$json")"
	check "$name" "kvm gap: the intervals' io exits of all VMs add up to 1100" jq -se \
		'[.[].panes.kvm.exits.rows[]? | select(.scope == "all" and .name == "io") | .interval.count] | add == 1100' "$json"
	check "$name" "kvm gap: the all-VMs total keeps the exited VMs: 1100 io exits" jq -se \
		'[.[-1].panes.kvm.exits.rows[] | select(.scope == "all" and .name == "io") | .total.count] == [1100]' "$json"
	check "$name" "kvm gap: each VM's io exits counted once, under its -name" jq -se \
		'[.[].panes.kvm.exits.rows[]? | select(.scope == "vm" and .name == "io") | {vm, n: .interval.count}]
		 | group_by(.vm) | map({key: .[0].vm, value: (map(.n) | add)}) | from_entries
		 | . == ([range(30) | {key: "vm-gap-\(.)", value: 10}] + [{key: "vm-gap-long", value: 800}] | from_entries)' "$json"
}

# VMTEST_KERNELS: which tags of the matrix run ("all", or tags such as
# "6.1 cloud-6.12"); the default is what CI runs (see README)
VMTEST_DEFAULT="6.1 6.12 cloud-6.1 cloud-6.12 rt-6.12 arm64-6.1"
selected() {
	local want=${VMTEST_KERNELS:-$VMTEST_DEFAULT}
	[ "$want" = all ] && return 0
	case " $want " in *" $1 "*) return 0 ;; esac
	return 1
}

arch_of() {
	case $1 in arm64-*) echo arm64 ;; *) echo amd64 ;; esac
}

main() {
	local tag pkg list n=0 jobs t0 log
	for t in qemu-system-x86_64 busybox cpio jq; do
		command -v "$t" >/dev/null || { echo "vmtest: $t is missing (make deps)"; exit 1; }
	done
	mkdir -p "$WORK"
	list=$(kernels)
	if [ -z "$list" ]; then
		echo "vmtest: no kernel packages found: is the Debian mirror reachable (apt-get update)?"
		exit 1
	fi
	# each guest is one TCG vCPU: one kernel per host core at a time
	jobs=${VMTEST_JOBS:-$(nproc)}
	t0=$(date +%s)
	while read -r tag pkg; do
		selected "$tag" || continue
		n=$((n + 1))
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n
		done
		echo "== $tag: $pkg"
		check_kernel "$pkg" "$(arch_of "$tag")" >"$WORK/$tag.log" 2>&1 &
	done <<<"$list"
	wait
	while read -r tag pkg; do
		log=$WORK/$tag.log
		selected "$tag" && [ -e "$log" ] || continue
		echo "== $tag ($pkg)"
		cat "$log"
		passed=$((passed + $(grep -c '^PASS ' "$log")))
		failed=$((failed + $(grep -c '^FAIL ' "$log")))
	done <<<"$list"
	[ "$n" -gt 0 ] || fail "vmtest: VMTEST_KERNELS='${VMTEST_KERNELS-}' selects no kernel of: $(echo "$list" | awk '{print $1}' | xargs)"
	echo "vmtest: $n kernels in $(($(date +%s) - t0)) s, $jobs at a time"
	echo "vmtest: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

main "$@"
