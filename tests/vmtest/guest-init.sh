#!/bin/sh
# /init of the vmtest guest: mounts, modules, then each check's workload with
# cvtop in batch mode; results go out on the second serial port, apart from
# the console, in sections "=== NAME" ... "=== end".
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t tracefs tracefs /sys/kernel/tracing
mount -t bpf bpf /sys/fs/bpf
mkdir -p /sys/fs/cgroup && mount -t cgroup2 cgroup2 /sys/fs/cgroup
for m in $(cat /modules.order 2>/dev/null); do
	insmod "/modules/$m" 2>/dev/null
done
R=/dev/ttyS1
# arm64: QEMU's virt board has one UART; results go out on a virtio console
if [ -e /modules/virtio_console.ko ]; then
	i=0
	while [ ! -e /dev/hvc0 ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	R=/dev/hvc0
fi
# until cvtop has written its first snapshot: it is attached (loading is slow
# under emulation, so a fixed sleep is not enough)
first_snapshot() {
	i=0
	while [ ! -s "$1" ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
section() { echo "=== $1" >"$R"; }
# settle PID FILE: after a workload, two more snapshots (the one in flight
# holds its last events), then cvtop stops on SIGTERM: a loaded host slows
# the workloads, so a fixed number of snapshots could end before them
settle() {
	n=$(grep -c '}$' "$2")
	i=0
	while [ "$(grep -c '}$' "$2")" -lt $((n + 2)) ] && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -TERM "$1"
	wait "$1"
}
CG=/sys/fs/cgroup
echo "+cpu" >"$CG/cgroup.subtree_control" 2>/dev/null

section kernel
uname -r >"$R"

section probe
/cvtop --probe --log /tmp/probe.log >"$R" 2>&1

# each fallback loads on this kernel too
section fallbacks
for h in cpu=raw_tp cpu=tracepoint; do
	/cvtop --probe --hook "$h" 2>&1 | grep '^  + ' >"$R"
done

# libbpf's and the verifier's words on whatever failed to load
section log
grep -v -e 'CO-RE relocating' -e ': relo #' -e 'found map' -e 'found data map' /tmp/probe.log |
	grep -B4 -iE 'failed|invalid|unbounded|denied|not allowed|prohibited|unknown func|expected' |
	tail -80 >"$R"

# pane 1: two CPU hogs on CPU 0, a ping-pong across pid namespaces
section cpu
for c in vm-busy-a vm-busy-b vm-pidns; do mkdir -p "$CG/$c"; done
sh -c "echo \$\$ > $CG/vm-busy-a/cgroup.procs; exec taskset 1 /spin 600" &
sh -c "echo \$\$ > $CG/vm-busy-b/cgroup.procs; exec taskset 1 /spin 600" &
sh -c "echo \$\$ > $CG/vm-pidns/cgroup.procs; exec /nsping 100000000 vm-ns-host 0" &
# the workloads run until killed: loading cvtop under emulation can be slow
sleep 1
/cvtop -b -n 2 -d 2 --format json >"$R" 2>/tmp/cvtop.err || cat /tmp/cvtop.err >"$R"
kill -9 $(jobs -p) 2>/dev/null

# what KVM found here: a PREEMPT_RT x86 kernel refuses to load kvm without
# a constant TSC, which QEMU's TCG does not offer (no invtsc)
section kvmenv
{
	grep -q -w constant_tsc /proc/cpuinfo && echo "constant_tsc yes" || echo "constant_tsc no"
	[ -e /dev/kvm ] && echo "dev_kvm yes" || echo "dev_kvm no"
	dmesg | grep -i -e 'kvm' -e 'svm' | sed 's/^\[[ 0-9.]*\] //'
} >"$R"

# pane 5 in a nested guest (kvm_amd on QEMU's emulated SVM): the exit
# table from kvm_exit/kvm_entry, and the port I/O and user-space exit views
section kvm
mkdir -p "$CG/vm-kvm"
rm -f /tmp/kvm.json
/cvtop -b -n 600 -d 1 --format json -o /tmp/kvm.json &
cv=$!
first_snapshot /tmp/kvm.json
sh -c "echo \$\$ > $CG/vm-kvm/cgroup.procs; exec timeout 120 /kvmtest out 3 4 0 1 -name guest=vm-kvm" >/dev/null
settle $cv /tmp/kvm.json
cat /tmp/kvm.json >"$R"

# the same in the cumulative view: two VMs one after the other; the last
# snapshot alone holds both, the one that exited first included
section kvmcum
rm -f /tmp/kvm.json
/cvtop -b -n 600 -d 1 --cumulative --format json -o /tmp/kvm.json &
cv=$!
first_snapshot /tmp/kvm.json
for vm in vm-cum-a vm-cum-b; do
	sh -c "echo \$\$ > $CG/vm-kvm/cgroup.procs; exec timeout 120 /kvmtest out 3 4 0 1 -name guest=$vm" >/dev/null
done
settle $cv /tmp/kvm.json
cat /tmp/kvm.json >"$R"

# the epoch gap widened: strace delays each bpf() call of cvtop's refreshes
# (the exit table's epoch closes before them) while 30 VMs, each living a
# fraction of a second, come and go; one more spins across refreshes
section kvmgap
rm -f /tmp/kvm.json
/cvtop -b -n 600 -d 1 --format json -o /tmp/kvm.json &
cv=$!
first_snapshot /tmp/kvm.json
sh -c "echo \$\$ > $CG/vm-kvm/cgroup.procs; exec timeout 120 /kvmtest out 400 1 0 0 -name guest=vm-gap-long" >/dev/null &
long=$!
st=""
if [ -x /strace ]; then
	/strace -f -p $cv -e trace=bpf -e inject=bpf:delay_enter=50000 -o /dev/null &
	st=$!
fi
echo "strace ${st:+attached}" >"$R"
i=0
while [ $i -lt 30 ]; do
	sh -c "echo \$\$ > $CG/vm-kvm/cgroup.procs; exec timeout 120 /kvmtest out 2 4 0 0 -name guest=vm-gap-$i" >/dev/null
	i=$((i + 1))
done
wait $long
[ -n "$st" ] && kill $st
settle $cv /tmp/kvm.json
cat /tmp/kvm.json >"$R"

# pane 4's host view in a nested guest: two spinning VMs and a CPU hog share
# the guest's one CPU, so each vCPU thread waits about two thirds of the time.
# The scheduler's run_delay of each vCPU thread, read before cvtop starts and
# after it stops, bounds what cvtop measured.
# (x86 only: the arm64 kvmtest has no spin)
section kvmsteal
if [ -e /dev/kvm ] && [ "$(uname -m)" = x86_64 ]; then
	mkdir -p "$CG/vm-steal"
	sh -c "echo \$\$ > $CG/vm-steal/cgroup.procs; exec /spin 600" &
	hog=$!
	vms=""
	for vm in vm-steal-a vm-steal-b; do
		/kvmtest spin 600 -name guest=$vm >/dev/null &
		vms="$vms $!"
	done
	sleep 1
	for p in $vms; do
		echo "run_delay0 $p $(cut -d' ' -f2 /proc/$p/schedstat)" >"$R"
	done
	/cvtop -b -n 8 -d 1 --format json -o /tmp/steal.json
	for p in $vms; do
		echo "run_delay1 $p $(cut -d' ' -f2 /proc/$p/schedstat)" >"$R"
	done
	kill -9 $hog $vms 2>/dev/null
	wait $hog $vms 2>/dev/null
	cat /tmp/steal.json >"$R"
else
	echo "no spinning VM here" >"$R"
fi

# pane 3: exact overlay I/O counts, on the preferred hook and on kprobe
mkdir -p /tmp/o/lower /tmp/o/upper /tmp/o/work /tmp/o/merged "$CG/vm-ovl"
dd if=/dev/zero of=/tmp/o/lower/big bs=4k count=64 2>/dev/null
mkdir -p "$CG/vm-cat"
mount -t overlay overlay -o lowerdir=/tmp/o/lower,upperdir=/tmp/o/upper,workdir=/tmp/o/work \
	/tmp/o/merged
for hook in preferred kprobe; do
	section "overlay-$hook"
	opt=""
	[ "$hook" = preferred ] || opt="--hook overlay=$hook"
	rm -f /tmp/o/merged/data
	rm -f /tmp/ovl.json
	/cvtop -b -n 600 -d 1 --format json -o /tmp/ovl.json $opt &
	cv=$!
	first_snapshot /tmp/ovl.json
	sh -c "echo \$\$ > $CG/vm-ovl/cgroup.procs; exec /ovlio /tmp/o/merged/data 100 rw"
	# busybox cat uses sendfile: ovl_splice_read on 6.12, ovl_read_iter on 6.1
	sh -c "echo \$\$ > $CG/vm-cat/cgroup.procs; exec cat /tmp/o/merged/big" >/dev/null
	settle $cv /tmp/ovl.json
	cat /tmp/ovl.json >"$R"
done

# pane 2: a v2 io.max write limit on a loop device, and a v2 CPU quota
section throttle
echo "+io +cpu" >"$CG/cgroup.subtree_control" 2>/dev/null
mkdir -p "$CG/vm-io" "$CG/vm-quota"
dd if=/dev/zero of=/tmp/disk bs=1M count=32 2>/dev/null
loop=$(losetup -f)
losetup "$loop" /tmp/disk
mm=$(cat /sys/block/${loop#/dev/}/dev)
echo "$mm wbps=1048576" >"$CG/vm-io/io.max"
echo "20000 100000" >"$CG/vm-quota/cpu.max"
sh -c "echo \$\$ > $CG/vm-quota/cgroup.procs; exec /spin 600" &
/cvtop -b -n 600 -d 1 --format json -o /tmp/thr.json &
cv=$!
first_snapshot /tmp/thr.json
sh -c "echo \$\$ > $CG/vm-io/cgroup.procs; exec dd if=/dev/zero of=$loop bs=64k count=16 oflag=direct" 2>/dev/null
settle $cv /tmp/thr.json
echo "loop ${loop#/dev/} $mm" >"$R"
cat /tmp/thr.json >"$R"

# no cgroup v2 hierarchy at all (this guest mounts no v1 either): every
# pane works or says why, and cvtop exits 0
section nocgroup2
kill -9 $(jobs -p) 2>/dev/null
umount -l /sys/fs/cgroup
# a hang is a failure to report, not a guest that never ends
timeout 120 /cvtop -b -n 2 -d 1 --format json 2>/tmp/nocg.err >/tmp/nocg.json
echo "rc $?" >"$R"
cat /tmp/nocg.json /tmp/nocg.err >"$R"

section end
sync
poweroff -f
