# Sourced by tests/vmtest/vmtest.sh: the arm64 kernel of the matrix. cvtop
# and the guest's helpers cross-built (static) against the arm64 kernel's
# own BTF, Debian's arm64 busybox, and qemu-system-aarch64 (TCG) with EL2
# emulated (virtualization=on) so that KVM runs a nested guest for pane 5.

ARM64_PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig
ARM64_HELPERS="spin nsping ovlio kvmtest_arm64"

# arm64_build KDIR: $OUT/arm64/cvtop and helpers, vmlinux.h from KDIR's BTF
arm64_build() {
	local kdir=$1 a=$OUT/arm64 h targets=""
	for h in aarch64-linux-gnu-gcc qemu-system-aarch64 python3; do
		command -v "$h" >/dev/null || { echo "vmtest: arm64: $h is missing (make deps)"; return 1; }
	done
	[ -e /usr/lib/aarch64-linux-gnu/libbpf.a ] ||
		{ echo "vmtest: arm64: libbpf-dev:arm64 is missing (make deps)"; return 1; }
	mkdir -p "$a"
	# Debian's arm64 vmlinuz is a raw Image: the BTF is cut out of it
	python3 tests/vmtest/btf_carve.py "$kdir"/boot/vmlinuz-* "$a/vmlinux.btf.new" || return 1
	if ! cmp -s "$a/vmlinux.btf.new" "$a/vmlinux.btf"; then
		mv "$a/vmlinux.btf.new" "$a/vmlinux.btf"
		rm -f "$a/vmlinux.h"
	fi
	for h in $ARM64_HELPERS; do
		targets="$targets $a/tests/helpers/$h"
	done
	# shellcheck disable=SC2086
	PKG_CONFIG_LIBDIR=$ARM64_PKG_CONFIG_LIBDIR make --no-print-directory -s OUTPUT="$a" \
		BIN="$a/cvtop" ARCH=arm64 CC=aarch64-linux-gnu-gcc VMLINUX_BTF="$a/vmlinux.btf" \
		LDFLAGS=-static HTTP=0 "$a/cvtop" $targets
}

# arm64_root ROOT: the arm64 binaries of the initramfs
arm64_root() {
	local root=$1 a=$OUT/arm64 bb h
	bb=$(fetch busybox-static:arm64) || return 1
	install -m 0755 "$bb/bin/busybox" "$root/bin/busybox" &&
		install -m 0755 "$a/cvtop" "$root/cvtop" || return 1
	for h in $ARM64_HELPERS; do
		install -m 0755 "$a/tests/helpers/$h" "$root/${h%_arm64}" || return 1
	done
}

# arm64_boot VMLINUZ IMG RESULTS CONSOLE: QEMU's virt board has one UART
# (the console); results go out on a virtio console (/dev/hvc0)
arm64_boot() {
	timeout "$ARM64_TIMEOUT" qemu-system-aarch64 -machine virt,virtualization=on \
		-cpu max,pauth-impdef=on -smp 1 -m 2G -nographic -no-reboot \
		-kernel "$1" -initrd "$2" -append "console=ttyAMA0 rdinit=/init panic=-1 oops=panic" \
		-serial "file:$4" -device virtio-serial-device -chardev "file,id=results,path=$3" \
		-device virtconsole,chardev=results -monitor none </dev/null >/dev/null 2>&1
}

# kvmtest (tests/helpers/kvmtest_arm64.c) out 3 4: 3 rounds of 4 MMIO
# writes to 0x100000, 1 MMIO read from 0x101000 and a PSCI_VERSION hvc, then
# PSCI SYSTEM_OFF: 15 DABT_LOW traps (all MMIO exits to the VMM) and 4
# HVC64, of which the last (SYSTEM_OFF) is not timed: the VMM stops and the
# vCPU never enters the guest again
check_kvm_arm64() {
	local name=$1 results=$2 json env
	json=$WORK/$name.kvm.json
	section "$results" kvm | grep '^{' >"$json"
	env=$(section "$results" kvmenv)
	echo "$env" | sed 's/^/    kvmenv: /'
	check "$name" "kvm: /dev/kvm in the guest (EL2 emulated)" grep -q '^dev_kvm yes' <<<"$env"
	check "$name" "kvm: the exit table runs on tp_btf in a nested guest" jq -se \
		'.[-1].panes.kvm.exits.method | startswith("tp_btf")' "$json"
	kvm_sum() {
		jq -s --arg n "$1" '[.[].panes.kvm.exits.rows[]? | select(.scope == "vm" and .vm == "vm-kvm"
			and .name == $n and .isa == "ARM64") | .interval.count] | add // 0' "$json"
	}
	echo "    kvm exits: DABT_LOW $(kvm_sum DABT_LOW), HVC64 $(kvm_sum HVC64), IRQ $(kvm_sum IRQ)"
	jq -sc '[.[].panes.kvm.exits.rows[]? | select(.scope == "vm") | [.name, .interval.count]]' "$json" |
		sed 's/^/    exit rows: /'
	check "$name" "kvm: exactly 15 DABT_LOW exits (the MMIO)" test "$(kvm_sum DABT_LOW)" = 15
	check "$name" "kvm: exactly 3 timed HVC64 exits (PSCI_VERSION)" test "$(kvm_sum HVC64)" = 3
	check "$name" "kvm: exit times have a mean and a spread" jq -se \
		'[.[].panes.kvm.exits.rows[]? | select(.scope == "vm" and .vm == "vm-kvm" and .name == "DABT_LOW"
		  and .interval.count > 1) | .interval | .mean_ns > 0 and .stddev_ns != null] | all and length > 0' "$json"
	check "$name" "kvm: the MMIO view agrees: 12 writes to 0x100000, 3 reads from 0x101000" jq -se \
		'([.[].panes.kvm.mmio[]? | select(.vm == "vm-kvm" and .gpa == 1048576 and .type == "write") | .count] | add) == 12
		 and ([.[].panes.kvm.mmio[]? | select(.vm == "vm-kvm" and .gpa == 1052672 and .type == "read") | .count] | add) == 3' "$json"
	check "$name" "kvm: 15 MMIO exits and 1 SYSTEM_EVENT to the VMM" jq -se \
		'([.[].panes.kvm.userspace_exits[]? | select(.vm == "vm-kvm" and .name == "MMIO") | .count] | add) == 15
		 and ([.[].panes.kvm.userspace_exits[]? | select(.vm == "vm-kvm" and .name == "SYSTEM_EVENT") | .count] | add) == 1' "$json"
	check "$name" "kvm: no port I/O nor MSR view on arm64" jq -se \
		'[.[].panes.kvm | (.ioport // []), (.msr // []) | length] | add == 0' "$json"
	json=$WORK/$name.kvmcum.json
	section "$results" kvmcum | grep '^{' >"$json"
	check "$name" "kvm --cumulative: the last snapshot holds 30 DABT_LOW exits of both VMs" jq -se \
		'.[-1].panes.kvm | .cumulative_s > 0 and ([.exits.rows[] | select(.scope == "all" and .name == "DABT_LOW")
		 | .interval.count] == [30])' "$json"
}
