#!/bin/bash
# The test harness itself: what a test creates is gone after it, even when
# it was created in a command substitution, and even when the test fails.

t_cleanup_removes_what_tests_create() {
	local out
	out=$(bash -c '
		source tests/lib.sh
		cg=$(cg_make cvtop-test-harness)
		f=$(lib_tmp)
		cg_run "$cg" sleep 30
		sleep 0.2
		echo "$cg $f"
		false
		lib_cleanup' 2>/dev/null)
	set -- $out
	expect "the harness made a cgroup and a file" test -n "$1" -a -n "$2"
	expect "the cgroup is removed, its task killed" test ! -d "$1"
	expect "the temporary file is removed" test ! -e "$2"
}
