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
section() { echo "=== $1" >"$R"; }
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
sh -c "echo \$\$ > $CG/vm-busy-a/cgroup.procs; exec taskset 1 /spin 30" &
sh -c "echo \$\$ > $CG/vm-busy-b/cgroup.procs; exec taskset 1 /spin 30" &
sh -c "echo \$\$ > $CG/vm-pidns/cgroup.procs; exec /nsping 100000000 vm-ns-host 0" &
sleep 1
/cvtop -b -n 2 -d 2 --format json >"$R" 2>/tmp/cvtop.err || cat /tmp/cvtop.err >"$R"
kill -9 $(jobs -p) 2>/dev/null

section end
sync
poweroff -f
