#!/bin/bash
# Boots a Debian kernel package under QEMU (TCG) and checks the overlay pane's
# hooks there: every hook given (default: fentry kprobe tp_btf raw_tp) is
# forced in turn, a process in a test cgroup does 100 pwrite + 100 pread of
# 4 KiB on a real overlay, busybox cat reads a 256 KiB file (sendfile:
# ovl_splice_read on 6.12), and cvtop's overlay JSON is printed.
# Not part of `make test` (it needs a kernel .deb); the kernel-matrix issue
# runs such checks. Usage, from the top of the tree after `make` and
# `make build/tests/helpers/ovlio`:
#   apt-get download linux-image-6.12.117+deb12-amd64
#   tests/kernels/overlay_qemu.sh linux-image-*.deb [HOOK...]
set -eu
deb=$(realpath "$1")
shift
hooks=${*:-fentry kprobe tp_btf raw_tp}
top=$(pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cvtop-test-overlay-qemu.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
dpkg-deb -x "$deb" x
root=$work/root
mkdir -p "$root"/{bin,lib/x86_64-linux-gnu,lib64,proc,sys,dev,tmp}
cp /usr/bin/busybox "$root/bin/" # busybox-static
for lib in $(ldd "$top/cvtop" "$top/build/tests/helpers/ovlio" | awk '$3 ~ /^\// {print $3}' | sort -u); do
	cp -L "$lib" "$root/lib/x86_64-linux-gnu/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
cp "$top/cvtop" "$top/build/tests/helpers/ovlio" "$root/"
ko=$(find x/lib/modules -name 'overlay.ko*' | head -1)
if [ -n "$ko" ]; then
	case $ko in
	*.xz) xz -dc "$ko" >"$root/overlay.ko" ;;
	*) cp "$ko" "$root/overlay.ko" ;;
	esac
fi
cat >"$root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tracefs tracefs /sys/kernel/tracing
mount -t bpf bpf /sys/fs/bpf
mount -t tmpfs tmp /tmp
mount -t tmpfs cg /sys/fs/cgroup
mkdir /sys/fs/cgroup/unified
mount -t cgroup2 cgroup2 /sys/fs/cgroup/unified
[ -e /overlay.ko ] && insmod /overlay.ko
mkdir -p /tmp/o/lower /tmp/o/upper /tmp/o/work /tmp/o/merged
dd if=/dev/zero of=/tmp/o/lower/big bs=4k count=64 2>/dev/null
mount -t overlay overlay -o lowerdir=/tmp/o/lower,upperdir=/tmp/o/upper,workdir=/tmp/o/work /tmp/o/merged
mkdir /sys/fs/cgroup/unified/io /sys/fs/cgroup/unified/cat
exec >/dev/ttyS1 2>&1
echo "== kernel \$(uname -r)"
/cvtop --probe | sed -n '/^overlay/,/^steal/p'
for hook in $hooks; do
	echo "== hook \$hook"
	rm -f /tmp/out.json
	rm -f /tmp/log.txt
	/cvtop -b -n 3 -d 1 --format json -o /tmp/out.json --hook overlay=\$hook --log /tmp/log.txt &
	cv=\$!
	i=0; while [ ! -s /tmp/out.json ] && [ \$i -lt 100 ]; do sleep 0.2; i=\$((i+1)); done
	sh -c 'echo \$\$ > /sys/fs/cgroup/unified/io/cgroup.procs; exec /ovlio /tmp/o/merged/f 100 rw'
	sh -c 'echo \$\$ > /sys/fs/cgroup/unified/cat/cgroup.procs; exec cat /tmp/o/merged/big > /dev/null'
	wait \$cv
	sed -n 's/.*"overlay":\({"status":"[a-z]*","reason":[^,]*,"method":[^,]*\).*/\1/p' /tmp/out.json | tail -1
	# a verifier rejection: the end of its log
	grep -q '"overlay":{"status":"unavailable"' /tmp/out.json &&
		sed -n '/overlay_bpf/,\$p' /tmp/log.txt | grep -B14 -m1 'processed [0-9]* insns\|-- END PROG LOAD LOG --\|failed to\|unknown func'
	sed 's/.*"overlay":{[^[]*"rows":\(\[.*\]\)}.*/\1/' /tmp/out.json | grep -o '{"cgroup_id[^}]*"read":{"count":[0-9]*,"bytes":[0-9]*[^}]*}[^}]*"write":{"count":[0-9]*,"bytes":[0-9]*' | grep -v '"read":{"count":0,"bytes":0,.*"write":{"count":0,"bytes":0\$' | sed 's/"hist_log2_ns":\[[0-9,]*\]//g; s/"mount":[^,]*,//; s/"upperdir":[^,]*,//'
done
echo "== done"
poweroff -f
INIT
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1 >"$work/initrd.gz")
timeout 600 qemu-system-x86_64 -accel tcg -cpu max -m 2G -nographic -no-reboot \
	-kernel x/boot/vmlinuz-* -initrd "$work/initrd.gz" \
	-append "console=ttyS0 rdinit=/init panic=-1 quiet" \
	-serial null -serial "file:$work/results.txt" -display none -monitor none >/dev/null 2>&1 || true
cat "$work/results.txt"
