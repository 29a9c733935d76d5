#!/bin/bash
# cvtop's test runner: unit (cmocka), live (real BPF on this kernel), ui (tmux),
# e2e (real podman containers), vmtest (real Debian kernels under QEMU),
# package (the Debian package from a fresh clone, make install, man page,
# shell completion).
# Usage: tests/run.sh [unit] [live] [ui] [e2e] [vmtest] [package]   (default: all)
#        ONLY=REGEX tests/run.sh ...      only test files whose name matches
#        TEST=REGEX tests/run.sh ...      only test functions whose name matches
# Ends with one line "tests: N passed, N failed, N skipped"; exits 1 on a failure.
set -u
cd "$(dirname "$0")/.." || exit 1
suites=${*:-unit live ui e2e vmtest package}
passed=0
failed=0
skipped=0
failures=()

pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL $1"; }
skip() { skipped=$((skipped + 1)); echo "SKIP $1"; }

run_unit() {
	local t out n_ok n_bad
	for t in "${OUTPUT:-build}"/tests/test_*; do
		[ -x "$t" ] || continue
		[[ $(basename "$t") =~ ${ONLY:-.} ]] || continue
		out=$(CVTOP_FIXTURES=tests/fixtures "$t" 2>&1)
		local rc=$?
		echo "$out" | sed 's/^/    /'
		n_ok=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		n_bad=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
		passed=$((passed + ${n_ok:-0}))
		if [ "$rc" != 0 ] || [ -n "$n_bad" ]; then
			failed=$((failed + ${n_bad:-1}))
			failures+=("unit/$(basename "$t")")
		fi
	done
}

# Each tests/<suite>/test_*.sh defines functions t_*; each runs in its own
# subshell with the helpers of tests/lib.sh; return 0 passes, 77 skips.
run_scripts() {
	local suite=$1 f fn rc log
	for f in tests/"$suite"/test_*.sh; do
		[ -f "$f" ] || continue
		[[ $(basename "$f") =~ ${ONLY:-.} ]] || continue
		for fn in $(bash -c "source tests/lib.sh; source $f; declare -F" | awk '$3 ~ /^t_/ {print $3}'); do
			[[ $fn =~ ${TEST:-.} ]] || continue
			log=$(mktemp)
			(
				source tests/lib.sh
				source "$f"
				trap lib_cleanup EXIT
				"$fn"
			) >"$log" 2>&1
			rc=$?
			sed 's/^/    /' "$log"
			rm -f "$log"
			case $rc in
			0) pass "$suite/$(basename "$f" .sh)/$fn" ;;
			77) skip "$suite/$(basename "$f" .sh)/$fn" ;;
			*) fail "$suite/$(basename "$f" .sh)/$fn" ;;
			esac
		done
	done
}

# The kernel matrix (tests/vmtest): its own PASS/FAIL lines and summary.
run_vmtest() {
	local out n_ok n_bad
	out=$(bash tests/vmtest/vmtest.sh 2>&1)
	local rc=$?
	echo "$out" | sed 's/^/    /'
	n_ok=$(echo "$out" | sed -n 's/^vmtest: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	n_bad=$(echo "$out" | sed -n 's/^vmtest: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	passed=$((passed + ${n_ok:-0}))
	if [ "$rc" != 0 ] || [ "${n_bad:-1}" != 0 ]; then
		failed=$((failed + ${n_bad:-1}))
		[ "${n_bad:-1}" = 0 ] && failed=$((failed + 1))
		failures+=("vmtest")
	fi
}

for s in $suites; do
	echo "== $s"
	case $s in
	unit) run_unit ;;
	live | ui | e2e | package) run_scripts "$s" ;;
	vmtest) run_vmtest ;;
	*) echo "unknown suite $s"; exit 2 ;;
	esac
done
for f in "${failures[@]+"${failures[@]}"}"; do
	echo "failed: $f"
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
