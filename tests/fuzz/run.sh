#!/bin/bash
# make fuzz: each libFuzzer target of $OUTPUT/fuzz for FUZZ_S seconds, from
# its seed corpus (tests/fuzz/corpus/TARGET, read only) and a working corpus
# in $OUTPUT/fuzz/work/TARGET. A crash leaves its input in
# $OUTPUT/fuzz/crash-TARGET-*: fix it, then keep the input in
# tests/fuzz/regress/TARGET/, which the unit suite replays.
set -u
cd "$(dirname "$0")/../.." || exit 1
OUTPUT=${OUTPUT:-build-fuzz}
FUZZ_S=${FUZZ_S:-60}
failed=()
for t in "$OUTPUT"/fuzz/*; do
	[ -x "$t" ] && [ -f "$t" ] || continue
	name=$(basename "$t")
	[[ $name =~ ${ONLY:-.} ]] || continue
	work=$OUTPUT/fuzz/work/$name
	mkdir -p "$work"
	seeds=(tests/fuzz/corpus/"$name")
	[ -d "tests/fuzz/regress/$name" ] && seeds+=(tests/fuzz/regress/"$name")
	echo "== fuzz $name for $FUZZ_S s"
	# one job; -timeout: an input slower than 10 s is a hang; the ASan and
	# UBSan options as in make test SANITIZE=1
	if ASAN_OPTIONS=abort_on_error=1:detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		nice -n 10 "$t" -max_total_time="$FUZZ_S" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$OUTPUT/fuzz/crash-$name-" "$work" "${seeds[@]}" >"$work.log" 2>&1; then
		grep -E '^stat::(number_of_executed_units|new_units_added)|^#[0-9]+.*DONE' "$work.log" | tr '\n' ' '
		echo
		echo "PASS fuzz/$name"
	else
		tail -60 "$work.log"
		echo "FAIL fuzz/$name (input: $(ls -t "$OUTPUT/fuzz/crash-$name-"* 2>/dev/null | head -1))"
		failed+=("$name")
	fi
done
echo "fuzz: ${#failed[@]} failed${failed[*]:+: ${failed[*]}}"
[ ${#failed[@]} = 0 ]
