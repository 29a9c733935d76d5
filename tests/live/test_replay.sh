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
