#!/bin/bash
# doc/cvtop.8 against what cvtop says of itself: --help and the UI's help
# screen; and groff must render it without a warning.
MAN_PAGE=doc/cvtop.8

# man_tags SECTION: the tags (.TP's next line) of SECTION (and of sections
# named ... SECTION: EXPORTER OPTIONS are OPTIONS) as they read: a
# font macro's arguments joined (.BR \-b ", " \-\-batch is "-b, --batch")
man_tags() {
	awk -v sec="$1" '
		/^\.SH / { in_sec = ($0 ~ "^\\.SH \"?([A-Z]+ )*" sec "\"?$"); next }
		in_sec && /^\.TP/ { tag = 1; next }
		in_sec && tag { print; tag = 0 }' "$MAN_PAGE" |
		sed -e 's/\\f[BIRP]//g' -e 's/\\-/-/g' |
		awk '/^\.[A-Z]+ / {
			s = substr($0, index($0, " ") + 1); out = ""
			while (length(s)) {
				sub(/^ +/, "", s)
				if (substr(s, 1, 1) == "\"") {
					e = index(substr(s, 2), "\""); out = out substr(s, 2, e - 1); s = substr(s, e + 2)
				} else {
					e = index(s, " "); if (!e) e = length(s) + 1
					out = out substr(s, 1, e - 1); s = substr(s, e)
				}
			}
			print out; next
		} { print }'
}

# options_of: "-b", "--batch"... of the lines that start an option
options_of() {
	sed -nE 's/^ *(-([A-Za-z]), )?(--[a-z][a-z-]*).*/\2 \3/p' |
		tr ' ' '\n' | sed -e '/^$/d' -e 's/^\([A-Za-z]\)$/-\1/' | sort -u
}

t_man_renders_without_warnings() {
	local warn
	command -v man >/dev/null || die "no man (man-db)"
	warn=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l "$MAN_PAGE" 2>&1 >/dev/null)
	[ -z "$warn" ] || die "groff warns: $warn"
	echo "  ok: man --warnings -l $MAN_PAGE: no warning"
}

t_man_options_match_help() {
	local help man missing extra stale
	help=$("$CVTOP" --help | options_of)
	man=$(man_tags OPTIONS | options_of)
	[ "$(echo "$help" | wc -l)" -ge 10 ] || die "read too few options from --help: $help"
	missing=$(comm -23 <(echo "$help") <(echo "$man"))
	extra=$(comm -13 <(echo "$help") <(echo "$man"))
	[ -z "$missing" ] || die "in --help, not in the man page's OPTIONS: $missing"
	[ -z "$extra" ] || die "in the man page's OPTIONS, not in --help: $extra"
	echo "  ok: the same $(echo "$help" | wc -l) options in --help and the man page"
	# an option the page mentions anywhere must exist
	stale=$(grep -oE '\\-\\-[a-z]([a-z]|\\-)*' "$MAN_PAGE" | sed 's/\\-/-/g' | sort -u |
		comm -23 - <(echo "$help"))
	[ -z "$stale" ] || die "the man page mentions options cvtop lacks: $stale"
	echo "  ok: every --option the page mentions is in --help"
}

# The keys of the help screen (h) of the real UI, on a replayed recording
# (no root, no BPF), each one a tag of the man page's KEYS.
t_man_keys_match_ui_help() {
	local s=cvtop-pkg-keys-$$ screen keys tags k n=0
	command -v tmux >/dev/null || die "no tmux"
	tmux new-session -d -s "$s" -x 120 -y 45 \
		"env TERM=xterm-256color LANG=C.UTF-8 $CVTOP --replay tests/fixtures/recordings/all-panes-6.18.jsonl; sleep 30"
	LIB_TMUX+=("$s")
	wait_until 30 sh -c "tmux capture-pane -p -t $s | grep -q 'CPU contention'" ||
		die "the replay UI did not start"
	tmux send-keys -t "$s" h
	wait_until 30 sh -c "tmux capture-pane -p -t $s | grep -q 'cvtop keys'" ||
		die "h showed no help"
	screen=$(tmux capture-pane -p -t "$s")
	# "   <  >         sort by ...": the key column ends at three blanks
	keys=$(echo "$screen" | awk '/cvtop keys/ { on = 1; next }
			on && /[^ ]/ { seen = 1; print; next } on && seen { exit }' |
		sed -nE 's/^ +(.*[^ ]) {3,}[^ ].*/\1/p' | tr ', ' '\n\n' | sed '/^$/d')
	[ "$(echo "$keys" | wc -l)" -ge 20 ] || die "read too few keys from the help screen: $keys"
	tags=$(man_tags KEYS | tr ', ' '\n\n' | sed '/^$/d')
	while read -r k; do
		echo "$tags" | grep -qxF -- "$k" || die "key '$k' of the help screen is not in the man page's KEYS"
		n=$((n + 1))
	done <<<"$keys"
	echo "  ok: the $n keys of the help screen are in the man page"
}

# every variable the source reads with getenv() is in ENVIRONMENT
t_man_environment_matches_source() {
	local vars tags v n=0
	vars=$(grep -rhoE 'getenv\("[A-Za-z_][A-Za-z0-9_]*"\)' src ui | sed -E 's/getenv\("(.*)"\)/\1/' | sort -u)
	[ -n "$vars" ] || die "found no getenv() in src/ and ui/"
	tags=$(man_tags ENVIRONMENT | tr ', ' '\n\n' | sed '/^$/d')
	while read -r v; do
		echo "$tags" | grep -qxF -- "$v" || die "$v (read by cvtop) is not in the man page's ENVIRONMENT"
		n=$((n + 1))
	done <<<"$vars"
	echo "  ok: the $n variables cvtop reads are in ENVIRONMENT: $(echo $vars)"
}
