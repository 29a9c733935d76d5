#!/bin/sh
# Installs what building and testing cvtop need (Debian/Ubuntu packages),
# when run as root and something is missing. Safe to run again.
set -eu
pkgs="make gcc clang llvm pkg-config libbpf-dev libelf-dev zlib1g-dev libncurses-dev
      libcmocka-dev jq tmux util-linux procps mount e2fsprogs podman crun busybox-static
      qemu-system-x86 cpio xz-utils libmicrohttpd-dev libcrypt-dev prometheus curl
      git dpkg-dev debhelper bash-completion lintian blhc man-db groff-base zsh
      libbpf-tools linux-perf"
# the kernel matrix's arm64 guest (tests/vmtest/arm64.sh): a cross compiler,
# arm64 libraries (Debian multiarch) and qemu-system-aarch64; Debian only
# (Ubuntu keeps arm64 on another mirror)
arm64=""
if grep -q '^ID=debian' /etc/os-release 2>/dev/null; then
	pkgs="$pkgs qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross python3"
	arm64="libbpf-dev:arm64 libelf-dev:arm64 libncurses-dev:arm64 zlib1g-dev:arm64"
	pkgs="$pkgs $arm64"
fi
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
command -v bpftool >/dev/null 2>&1 || missing="$missing bpftool"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "cvtop: missing:$missing (run as root, or install them with apt-get)" >&2
	exit 1
fi
echo "cvtop: installing$missing"
export DEBIAN_FRONTEND=noninteractive
if [ -n "$arm64" ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
fi
apt-get update -qq
# bpftool is its own package on Debian, part of linux-tools on Ubuntu
case " $missing " in
*" bpftool "*)
	apt-cache show bpftool >/dev/null 2>&1 ||
		missing=$(echo "$missing" | sed 's/ bpftool/ linux-tools-common linux-tools-generic/')
	;;
esac
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
