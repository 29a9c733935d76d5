#!/bin/bash
# The operator's view in a real terminal (tmux): rows that cannot be
# confused, the summary header, inline histograms. Most run on the fixture
# recordings (replay: no BPF), so they read the same screen everywhere.

# A tmux server of these tests' own: other tests' cleanups never take their
# sessions, and theirs go with it when the test ends, passed or failed.
HDR_SOCK=cvtop-hdr-$$

hdr_tmux() {
	tmux -L "$HDR_SOCK" "$@"
}

hdr_cleanup() {
	hdr_tmux kill-server 2>/dev/null
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$HDR_SOCK"
	lib_cleanup
}

hdr_start() { # NAME WxH ARGS...: cvtop in tmux; prints "EXITED rc" when it ends
	local w=${2%x*} h=${2#*x}
	trap hdr_cleanup EXIT
	hdr_tmux kill-session -t "=$1" 2>/dev/null
	hdr_tmux new-session -d -s "$1" -x "$w" -y "$h" \
		"env TERM=${HDR_TERM:-xterm-256color} LANG=${HDR_LANG:-C.UTF-8} $CVTOP ${*:3}; echo EXITED \$?; sleep 30"
}

hdr_screen() {
	hdr_tmux capture-pane -p -t "=$1:"
}

hdr_wait() { # NAME REGEX [SECONDS]: until the screen matches
	local i
	for ((i = 0; i < ${3:-20} * 10; i++)); do
		hdr_screen "$1" | grep -qE "$2" && return 0
		sleep 0.1
	done
	echo "  screen was:"
	hdr_screen "$1" | sed 's/^/  | /'
	return 1
}

hdr_gone() { # NAME REGEX: the screen does not match (after a redraw)
	sleep 0.5
	! hdr_screen "$1" | grep -qE "$2"
}

hdr_keys() {
	hdr_tmux send-keys -t "=$1:" "${@:2}"
	sleep 0.3
}

FIX=tests/fixtures/recordings

# Two VMs of one name (the kvm fixture with the second VM renamed like the
# first): every row of each carries its pid, on screen as in the text output.
t_ui_same_named_vms_told_apart() {
	local s=cvtop-hdr-vms-$$ rec
	rec=$(lib_tmp)
	sed 's/vm-cum-b/vm-cum-a/g' "$FIX/kvm-nested-6.12-cumulative.jsonl" >"$rec"
	expect "the text output tells them apart" \
		sh -c "'$CVTOP' --replay '$rec' -b | grep -q 'vm-cum-a (pid [0-9]*)\$'"
	expect "and leaves the fixture's distinct names alone" \
		sh -c "! '$CVTOP' --replay '$FIX/kvm-nested-6.12-cumulative.jsonl' -b | grep -q '(pid '"
	hdr_start "$s" 140x40 --replay "$rec"
	hdr_keys "$s" 5 End
	expect "pane 5 shows both VMs with their pids" \
		hdr_wait "$s" 'vm-cum-a \(pid [0-9]+\)' 30
	local pids
	pids=$(hdr_screen "$s" | grep -oE 'vm-cum-a \(pid [0-9]+\)' | sort -u | wc -l)
	expect "two different pids ($pids)" test "$pids" -eq 2
}

# Pane 1's pid-namespace table: no blank hostname (the fixture has a
# namespace whose hostname could not be read) and no "0  0" row.
t_ui_pidns_rows_labelled() {
	local s=cvtop-hdr-ns-$$
	hdr_start "$s" 120x40 --replay "$FIX/all-panes-6.18.jsonl"
	hdr_keys "$s" 1
	expect "the pid-namespace table is shown" hdr_wait "$s" 'PIDNS +SWITCHED/s +HOSTNAME'
	expect "the unnamed namespace is labelled -" hdr_wait "$s" '^4026532327 +[0-9.]+ -'
	expect "no row of namespace 0" hdr_gone "$s" '^ +0 +0 *$'
}

# the all-panes fixture with the host's pressure in it, as cvtop now records
hdr_host_fixture() {
	sed 's/"panes":/"host":{"psi":{"cpu":{"some_avg10":21.50,"full_avg10":0.00},"io":{"some_avg10":4.20,"full_avg10":3.10},"memory":{"some_avg10":0.00,"full_avg10":0.00}}},"panes":/' \
		"$FIX/all-panes-6.18.jsonl"
}

# The header in replay: every figure from the recording, "-" for what it
# lacks; a grid with sparklines at 80x30, folded at 80x24; H hides it.
t_ui_header_replay() {
	local s=cvtop-hdr-rp-$$ rec
	rec=$(lib_tmp)
	hdr_host_fixture >"$rec"
	expect "the recording replays byte for byte with its host object" \
		sh -c "'$CVTOP' --replay '$rec' -b --format json | cmp - '$rec'"
	expect "the text output says the host's pressure" \
		sh -c "'$CVTOP' --replay '$rec' -b | grep -q '^host pressure avg10 some/full:  cpu 21.50/0.00  io 4.20/3.10  memory 0.00/0.00\$'"
	hdr_start "$s" 80x30 --replay "$rec"
	expect "CPUs busy from pane 1's CPU time over pane 4's CPUs" \
		hdr_wait "$s" '^CPU busy +6[0-9]\.[0-9]%'
	expect "steal, the pressure some/full, containers" hdr_wait "$s" \
		'steal +0\.0% .*PSI cpu +22/0\.0'
	expect "io and memory pressure, run-queue p99" hdr_wait "$s" \
		'^PSI io +4\.2/3\.1 .*PSI mem +0\.0/0\.0 .*runq p99 +[0-9.]+ms'
	expect "containers, VMs, throttled cgroups" hdr_wait "$s" \
		'^containers +2 .*VMs +0 .*throttled +1 '
	expect "overlay ops; no exit figure where KVM was unavailable" hdr_wait "$s" \
		'^overlay/s +3[0-9]\.[0-9] .*exits/s +-'
	expect "a sparkline cell beside the figures" hdr_wait "$s" '^CPU busy +[0-9.]+% +[▁▂▃▄▅▆▇█]'
	expect "three figures and their sparklines fit 80 columns" \
		hdr_wait "$s" 'PSI cpu +22/0\.0 +[▁▂▃▄▅▆▇█]+$'
	expect "not one item cut" hdr_wait "$s" '^overlay/s .* exits/s +- *$'

	expect "the table follows it" hdr_wait "$s" '^ WAITS/s'
	hdr_keys "$s" H
	expect "H hides it" hdr_gone "$s" 'CPU busy'
	expect "and the table moves up" hdr_wait "$s" '^ WAITS/s'
	hdr_keys "$s" H
	expect "H shows it again" hdr_wait "$s" 'CPU busy'
	hdr_keys "$s" q

	s=cvtop-hdr-rp24-$$
	hdr_start "$s" 80x24 --replay "$rec"
	expect "folded on 24 lines" hdr_wait "$s" '^busy 6[0-9]\.[0-9]%  st 0\.0%  psi cpu 22/0\.0  io 4\.2/3\.1'
	hdr_keys "$s" q

	s=cvtop-hdr-rpold-$$
	hdr_start "$s" 80x30 --replay "$FIX/all-panes-6.18.jsonl" --no-header
	expect "--no-header starts without it" hdr_wait "$s" 'replay [0-9]+/3'
	expect "no header" hdr_gone "$s" 'CPU busy'
	hdr_keys "$s" H
	expect "an older recording has no pressure: -" hdr_wait "$s" 'PSI cpu +-( |$)'
}

# Without colours (TERM=vt100, no UTF-8 locale): the sparkline in ASCII.
t_ui_header_no_colour() {
	local s=cvtop-hdr-mono-$$ rec
	rec=$(lib_tmp)
	hdr_host_fixture >"$rec"
	HDR_TERM=vt100 HDR_LANG=C hdr_start "$s" 80x30 --replay "$rec"
	expect "ASCII sparkline cells" hdr_wait "$s" '^CPU busy +[0-9.]+% +[_.,:=+*#-]'
}

# Live: the figures move with the machine, and the sparkline fills.
t_ui_header_live() {
	local s=cvtop-hdr-live-$$ cg
	cg=$(cg_make cvtop-test-header)
	cg_run "$cg" "$HELPERS/spin" 30
	hdr_start "$s" 120x40 -d 0.5
	expect "busy CPUs measured" hdr_wait "$s" '^CPU busy +[1-9][0-9]*\.[0-9]%' 30
	expect "the host's pressure read from /proc/pressure" hdr_wait "$s" 'PSI cpu +[0-9.]+/[0-9.]+ '
	expect "a run-queue p99" hdr_wait "$s" 'runq p99 +[0-9.]+[num]?s '
	expect "the sparkline fills over refreshes" \
		hdr_wait "$s" '^CPU busy +[0-9.]+% +[▁▂▃▄▅▆▇█ ]*[▁▂▃▄▅▆▇█][▁▂▃▄▅▆▇█ ]*[▁▂▃▄▅▆▇█]' 30
	hdr_keys "$s" q
	expect "q quits" hdr_wait "$s" '^EXITED 0'
}

# Histograms without Enter (pane 1): every row's distribution as a strip of
# shaded log2 buckets before the name, the range in the header; on a tall
# screen the selected row's histogram in full below the table.
t_ui_inline_histograms_cpu() {
	local s=cvtop-hdr-strip-$$
	hdr_start "$s" 120x45 --replay "$FIX/all-panes-6.18.jsonl"
	expect "the strip's range in the header, before NAME" \
		hdr_wait "$s" ' [0-9.]+[num]?s +[0-9.]+[num]?s NAME *$'
	expect "fix-spin's strip: shaded cells, its slowest waits in the last" \
		hdr_wait "$s" ' [·░▒▓█]+[░▒▓█] fix-spin *$'
	expect "every row has one" hdr_wait "$s" ' [·░▒▓█]{8,} fix-io *$'
	expect "the selected row's histogram below the table" \
		hdr_wait "$s" '^run-queue wait of fix-spin, this interval'
	expect "with its slowest bucket, whatever the rows" \
		hdr_wait "$s" '67ms -> 134ms \| +[0-9]+ █'
	hdr_keys "$s" Down
	expect "it follows the selection" hdr_wait "$s" '^run-queue wait of /, this interval'
	hdr_keys "$s" q

	s=cvtop-hdr-strip24-$$
	hdr_start "$s" 80x24 --replay "$FIX/all-panes-6.18.jsonl"
	expect "80x24: the strips stay" hdr_wait "$s" ' [·░▒▓█]+ fix-spin *$'
	expect "no split on a short screen" hdr_gone "$s" 'run-queue wait of'
}

# Pane 3: reads and writes in one strip, both histograms in the split.
t_ui_inline_histograms_overlay() {
	local s=cvtop-hdr-ovl-$$
	hdr_start "$s" 120x45 --replay "$FIX/all-panes-6.18.jsonl"
	hdr_keys "$s" 3
	expect "the overlay row's strip" hdr_wait "$s" ' [·░▒▓█]+ fix-io *$'
	expect "read and write histograms side by side" \
		hdr_wait "$s" '^read latency of fix-io +write latency'
	expect "the reads' buckets" hdr_wait "$s" '^ +[0-9.]+[num]?s -> [0-9.]+[num]?s \| +[0-9]+ █'
}

# No colour, 8 colours, 256 colours, every theme: the shading characters
# carry the counts (ASCII without UTF-8).
t_ui_inline_histograms_every_terminal() {
	local s theme term
	for term in vt100 xterm xterm-256color; do
		for theme in themes/*.theme; do
			s=cvtop-hdr-th-$$-$term-$(basename "$theme" .theme)
			if [ "$term" = vt100 ]; then
				HDR_TERM=$term HDR_LANG=C hdr_start "$s" 120x45 \
					--replay "$FIX/all-panes-6.18.jsonl" --theme "$theme"
				expect "$term, $theme: ASCII shades" hdr_wait "$s" ' [ .:*#]*[.:*#] fix-spin *$'
			else
				HDR_TERM=$term hdr_start "$s" 120x45 \
					--replay "$FIX/all-panes-6.18.jsonl" --theme "$theme"
				expect "$term, $theme: shades" hdr_wait "$s" ' [·░▒▓█]+ fix-spin *$'
			fi
			expect "$term, $theme: the header's sparklines" \
				hdr_wait "$s" '^CPU busy +[0-9.]+% +[^ ]'
			hdr_keys "$s" q
		done
	done
}

# The mouse: a click on a row selects it (the split follows), a click on a
# figure of the header opens the pane it comes from.
t_ui_mouse_rows_and_header() {
	local s=cvtop-hdr-mouse-$$ x y
	hdr_start "$s" 120x45 --replay "$FIX/all-panes-6.18.jsonl"
	expect "the split shows the first row" hdr_wait "$s" '^run-queue wait of fix-spin'
	y=$(hdr_screen "$s" | grep -n ' fix-io *$' | head -1 | cut -d: -f1)
	# SGR mouse reports, as xterm sends them: press and release at column;row
	hdr_tmux send-keys -t "=$s:" -l "$(printf '\e[<0;5;%sM\e[<0;5;%sm' "$y" "$y")"
	expect "a click on fix-io's row selects it" hdr_wait "$s" '^run-queue wait of fix-io'
	y=$(hdr_screen "$s" | grep -n '^throttled ' | head -1 | cut -d: -f1)
	hdr_tmux send-keys -t "=$s:" -l "$(printf '\e[<0;3;%sM\e[<0;3;%sm' "$y" "$y")"
	expect "a click on 'throttled' opens pane 2" hdr_wait "$s" 'THR%v +QUOTA'
	y=$(hdr_screen "$s" | grep -n 'overlay/s ' | head -1 | cut -d: -f1)
	x=$(hdr_screen "$s" | awk '{ i = index($0, "overlay/s") } i { print i + 2; exit }')
	hdr_tmux send-keys -t "=$s:" -l "$(printf '\e[<0;%s;%sM\e[<0;%s;%sm' "$x" "$y" "$x" "$y")"
	expect "a click on 'overlay/s' opens pane 3" hdr_wait "$s" 'RD/s +RDB/s'
}
