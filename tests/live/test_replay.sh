#!/bin/bash
# Recordings made by earlier versions of cvtop (tests/fixtures/recordings,
# each with the text its replay showed then) replay byte for byte: the
# field schema that writes and reads them must not drift.

t_fixture_recordings_replay_byte_for_byte() {
	local rec out n=0
	out=$(lib_tmp)
	for rec in tests/fixtures/recordings/*.jsonl; do
		"$CVTOP" --replay "$rec" -b --format json >"$out" || die "replay of $rec failed"
		expect "$(basename "$rec"): JSON replay is the recording" cmp "$out" "$rec"
		"$CVTOP" --replay "$rec" -b >"$out" || die "replay of $rec failed"
		expect "$(basename "$rec"): text replay is what it showed" diff -u "${rec%.jsonl}.txt" "$out"
		n=$((n + 1))
	done
	expect "the fixtures were there" test "$n" -ge 2
}

# A recording of hostile names replays as it was recorded: the strings cvtop
# wrote escaped read back as the raw bytes, and are escaped again on output.
t_hostile_names_replay_byte_for_byte() {
	local name cg rec out
	name=$'cvtop-test-replay-\e]0;pwned\a\e[31mred\x01"q"\\\xff\xfe\xc2\x85'
	cg=$(cg_make "$name")
	cg_run "$cg" "$HELPERS/spin" 3
	rec=$(lib_tmp)
	out=$(lib_tmp)
	rm -f "$rec"
	"$CVTOP" -b -n 2 -d 0.5 -o /dev/null --record "$rec" || die "cvtop failed"
	expect "the name is in the recording, escaped" grep -qF 'cvtop-test-replay-\\x1b]0;pwned' "$rec"
	"$CVTOP" --replay "$rec" -b --format json >"$out" || die "replay failed"
	expect "the JSON replay is the recording" cmp "$out" "$rec"
	"$CVTOP" --replay "$rec" -b >"$out" || die "replay failed"
	expect "the text replay shows the name escaped once" \
		grep -qF 'cvtop-test-replay-\x1b]0;pwned\x07\x1b[31mred\x01"q"\\\xff\xfe\u0085' "$out"
	expect "no ESC, BEL or SOH byte in it" sh -c "! grep -qP '[\x01\x07\x1b]' '$out'"
}
