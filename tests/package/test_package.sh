#!/bin/bash
# The Debian package and make install, each from a fresh clone of HEAD in a
# temporary directory: nothing is built or left in this tree, and what is
# tested is what was committed.
source tests/package/completion.sh

# clone_head DIR: a clone of this repository at HEAD
clone_head() {
	local head
	command -v git >/dev/null && head=$(git rev-parse HEAD 2>/dev/null) ||
		die "not a git checkout: the package is built from a clone of HEAD"
	git clone -q --no-checkout . "$1" && git -C "$1" checkout -q --detach "$head" ||
		die "cannot clone HEAD into $1"
	[ -z "$(git status --porcelain --untracked-files=no)" ] ||
		echo "  note: testing HEAD ($head); uncommitted changes are not in it"
}

# files_under DIR: every file and symlink under DIR, relative, sorted
files_under() {
	(cd "$1" && find . \( -type f -o -type l \) | sed 's|^\./||' | sort)
}

# A prefix and DESTDIR other than the defaults; the binary is built first
# with the default prefix, so install must rebuild it for its own prefix.
t_make_install_uninstall() {
	local tmp src root want got p=/opt/cvtop-test t
	tmp=$(mktemp -d)
	LIB_FILES+=("$tmp")
	src=$tmp/src root=$tmp/root
	clone_head "$src"
	make -C "$src" -j2 >"$tmp/make.log" 2>&1 || { tail -20 "$tmp/make.log"; die "make failed"; }
	grep -q "/usr/local/share/cvtop" "$src/cvtop" || die "make did not build for /usr/local"
	make -C "$src" -j2 install DESTDIR="$root" prefix=$p >"$tmp/install.log" 2>&1 ||
		{ tail -20 "$tmp/install.log"; die "make install failed"; }
	want=$(
		echo "${p#/}/sbin/cvtop"
		echo "${p#/}/share/man/man8/cvtop.8"
		echo "${p#/}/share/bash-completion/completions/cvtop"
		echo "${p#/}/share/zsh/site-functions/_cvtop"
		for t in "$src"/themes/*.theme; do echo "${p#/}/share/cvtop/themes/${t##*/}"; done
	)
	got=$(files_under "$root")
	[ "$got" = "$(echo "$want" | sort)" ] || die "make install put: $got; expected: $want"
	echo "  ok: make install DESTDIR prefix=$p: binary, man page, $(ls "$src"/themes/*.theme | wc -l) themes, bash and zsh completion, nothing else"
	[ "$(stat -c %a "$root$p/sbin/cvtop")" = 755 ] || die "the binary is not 0755"
	for t in $(echo "$got" | grep -v sbin/cvtop); do
		[ "$(stat -c %a "$root/$t")" = 644 ] || die "$t is not 0644"
	done
	echo "  ok: modes 0755 for the binary, 0644 for the rest"
	grep -q "$p/share/cvtop" "$root$p/sbin/cvtop" || die "the installed binary does not look for themes in $p/share/cvtop"
	grep -q "/usr/local/share/cvtop" "$root$p/sbin/cvtop" && die "the installed binary still has /usr/local"
	echo "  ok: the binary was rebuilt for the prefix: its themes in $p/share/cvtop"
	"$root$p/sbin/cvtop" --version | grep -qx "cvtop $(head -n 1 "$src/debian/changelog" |
		cut -d ' ' -f 2 | tr -d '()') (libbpf .*)" || die "installed cvtop --version: $("$root$p/sbin/cvtop" --version)"
	echo "  ok: $("$root$p/sbin/cvtop" --version)"
	make -C "$src" uninstall DESTDIR="$root" prefix=$p >"$tmp/uninstall.log" 2>&1 ||
		{ tail -20 "$tmp/uninstall.log"; die "make uninstall failed"; }
	got=$(files_under "$root")
	[ -z "$got" ] || die "make uninstall left: $got"
	echo "  ok: make uninstall removed every file"
	# the Debian build leaves the bash completion to dh_bash-completion
	make -C "$src" install DESTDIR="$root/deb" prefix=$p bashcompdir= >"$tmp/install.log" 2>&1 ||
		die "make install bashcompdir= failed"
	files_under "$root/deb" | grep -q bash-completion && die "bashcompdir= still installed the bash completion"
	echo "  ok: bashcompdir= installs no bash completion"
}

# DIRS where a package's files could be; what is named cvtop there
cvtop_files_on_system() {
	find /etc /usr /var/lib /opt -xdev -name '*cvtop*' 2>/dev/null | grep -v '^/var/lib/containers/' | sort
}

pkg_purge() {
	dpkg-query -W -f='${Status}' cvtop 2>/dev/null | grep -q 'installed\|config-files' &&
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 purge -y -qq cvtop >/dev/null 2>&1
	lib_cleanup
}

# dpkg-buildpackage from a clone; lintian and blhc; apt-get install; the
# installed cvtop; remove and purge leave nothing behind.
t_deb_build_install_purge() {
	local tmp src deb version before after files f got t s=cvtop-pkg-theme-$$
	[ "$(id -u)" = 0 ] || { echo "  needs root (apt-get install)"; return 77; }
	if dpkg-query -W -f='${Status}' cvtop 2>/dev/null | grep -q 'installed'; then
		echo "  a cvtop package is installed on this machine: not replacing it"
		return 77
	fi
	for t in dpkg-buildpackage dh dh_bash-completion lintian blhc; do
		command -v "$t" >/dev/null || die "no $t (tests/deps.sh installs it)"
	done
	tmp=$(mktemp -d)
	LIB_FILES+=("$tmp")
	src=$tmp/cvtop
	SECONDS=0
	clone_head "$src"
	(cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 ||
		{ tail -30 "$tmp/build.log"; die "dpkg-buildpackage -us -uc -b failed"; }
	deb=$(ls "$tmp"/cvtop_*.deb)
	[ -f "$deb" ] || die "no cvtop_*.deb: $(ls "$tmp")"
	version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
	[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || die "the .deb's version is not debian/changelog's $version"
	echo "  ok: dpkg-buildpackage -us -uc -b built ${deb##*/} (version $version, from debian/changelog) in ${SECONDS}s"

	got=$(lintian --fail-on error,warning "$tmp"/cvtop_*.changes 2>&1) ||
		die "lintian: $got"
	echo "$got" | grep -E '^[EW]: ' && die "lintian has errors or warnings"
	echo "  ok: lintian on the .changes and its .debs: no error, no warning (at ${SECONDS}s)"
	got=$(blhc "$tmp/build.log" 2>&1) || die "blhc (hardening flags): $got"
	echo "  ok: blhc: every compiler and linker line has the hardening flags"

	before=$(cvtop_files_on_system)
	trap pkg_purge EXIT
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$deb" \
		>"$tmp/apt.log" 2>&1 || { tail -20 "$tmp/apt.log"; die "apt-get install ./${deb##*/} failed"; }
	echo "  ok: apt-get install ./${deb##*/} (at ${SECONDS}s)"
	files=$(dpkg -L cvtop)
	[ "$(command -v cvtop)" = /usr/sbin/cvtop ] || die "cvtop is not /usr/sbin/cvtop: $(command -v cvtop)"
	got=$(cvtop --version) && [[ $got == "cvtop $version (libbpf "*")" ]] ||
		die "cvtop --version: $got (debian/changelog: $version)"
	echo "  ok: /usr/sbin/cvtop --version: $got"
	got=$(cd / && cvtop -b -n 1 2>&1) || die "cvtop -b -n 1 failed: $got"
	echo "$got" | grep -q '^\[cpu\] CPU contention' || die "cvtop -b -n 1 printed no cpu pane: $got"
	echo "  ok: cvtop -b -n 1 (exit 0, the cpu pane)"
	got=$(cd / && cvtop --probe 2>&1) || die "cvtop --probe failed: $got"
	echo "$got" | grep -qE '^cpu +ok' || die "cvtop --probe: $got"
	echo "  ok: cvtop --probe (cpu ok)"
	got=$(man -w cvtop) && [ "$got" = /usr/share/man/man8/cvtop.8.gz ] || die "man -w cvtop: $got"
	echo "  ok: man -w cvtop: $got"

	# the installed completion, loaded on demand by bash-completion; the
	# installed themes offered (from /, where there is no ./themes)
	mkdir -p "$tmp/home"
	got=$(bash --norc --noprofile -c "source /usr/share/bash-completion/bash_completion;
		_completion_loader cvtop; complete -p cvtop")
	[ "$got" = "complete -F _cvtop cvtop" ] || die "bash-completion loaded: $got"
	got=$(cd / && HOME=$tmp/home complete_line "" "cvtop --theme ")
	[ "$got" = "$(cd "$src/themes" && ls ./*.theme | sed 's|^\./||; s/\.theme$//' | sort)" ] ||
		die "the installed completion offers themes: $got"
	echo "  ok: bash-completion loads the installed completion; --theme offers the installed themes: $(echo $got)"
	[ -f /usr/share/zsh/vendor-completions/_cvtop ] || die "no zsh completion installed"

	# the exporter's unit, when debian/ ships one: installed, never enabled
	# nor started by the package
	if [ -e "$src/debian/cvtop.service" ]; then
		f=$(echo "$files" | grep -E '/systemd/system/cvtop\.service$') ||
			die "debian/cvtop.service is not in the package"
		cmp -s "$f" "$src/debian/cvtop.service" || die "$f is not debian/cvtop.service"
		got=$(find /etc/systemd -name cvtop.service 2>/dev/null)
		[ -z "$got" ] || die "the package enabled its unit: $got"
		if [ -d /run/systemd/system ]; then
			systemctl is-active -q cvtop && die "the package started cvtop.service"
		fi
		echo "  ok: $f installed, not enabled (no link in /etc/systemd), not started"
	fi

	# the binary finds the installed themes: from / with an empty HOME
	tmux new-session -d -s "$s" -x 120 -y 30 "cd / && env HOME=$tmp/home TERM=xterm-256color \
		cvtop --replay $PWD/tests/fixtures/recordings/all-panes-6.18.jsonl --theme high-contrast; sleep 30"
	LIB_TMUX+=("$s")
	wait_until 30 sh -c "tmux capture-pane -p -t $s | grep -q 'theme high-contrast'" ||
		die "the installed cvtop did not load its high-contrast theme: $(tmux capture-pane -p -t "$s")"
	tmux kill-session -t "$s"
	echo "  ok: the installed cvtop loads /usr/share/cvtop/themes/high-contrast.theme"

	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 remove -y -qq cvtop \
		>"$tmp/apt.log" 2>&1 || { tail -20 "$tmp/apt.log"; die "apt-get remove failed"; }
	while read -r f; do
		[ -d "$f" ] || [ ! -e "$f" ] || die "apt-get remove left $f"
	done <<<"$files"
	echo "  ok: apt-get remove removed its $(echo "$files" | wc -l) paths (directories shared aside)"
	# without conffiles nor postrm, dpkg forgets the package on remove: it
	# is installed again for purge to have something to do
	if dpkg-query -W -f='${Status}' cvtop 2>/dev/null | grep -q ' installed'; then
		die "cvtop still installed after apt-get remove"
	elif ! dpkg-query -W -f='${Status}' cvtop 2>/dev/null | grep -q config-files; then
		echo "  ok: after remove dpkg has no trace of cvtop; installing it again to purge it"
		DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq "$deb" \
			>"$tmp/apt.log" 2>&1 || { tail -20 "$tmp/apt.log"; die "apt-get install again failed"; }
	fi
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 purge -y -qq cvtop \
		>"$tmp/apt.log" 2>&1 || { tail -20 "$tmp/apt.log"; die "apt-get purge failed"; }
	dpkg-query -W -f='${Status}' cvtop 2>/dev/null | grep -q 'installed\|config-files' &&
		die "dpkg still knows cvtop after purge"
	after=$(cvtop_files_on_system)
	[ "$before" = "$after" ] || die "files named cvtop before install and after purge differ: $(diff <(echo "$before") <(echo "$after"))"
	echo "  ok: apt-get purge: dpkg forgot cvtop, and the same files named *cvtop* under /etc /usr /var/lib /opt as before the install (at ${SECONDS}s)"
}
