#!/bin/bash
# Rows that cannot be confused, live: the pid-namespace table names every
# namespace it lists. Threads that exit on their own are reaped before their
# last switch, with no pid left (the row "0  0" there was); a task switched
# out after it left its namespaces has no hostname to read, and must not
# leave its namespace nameless when others of it do have one.

t_pidns_rows_all_named() {
	local cg out ns
	command -v unshare >/dev/null || die "no unshare"
	cg=$(cg_make cvtop-test-rows-ns)
	# a pid and UTS namespace full of short-lived threads and processes,
	# on one CPU with a spinner so that they are switched out often
	cg_run "$cg" taskset -c 0 unshare -p -f -u sh -c '
		hostname cvtop-rows-ns
		perl -e "use threads; for (1..1000000) { threads->create(sub { 1 })->detach; select(undef,undef,undef,0.0005) }" 2>/dev/null &
		while :; do /bin/true; done'
	cg_run "$cg" taskset -c 0 "$HELPERS/spin" 60
	out=$(lib_tmp)
	ns=$(readlink "/proc/$(pgrep -f 'hostname cvtop-rows-ns' | head -1)/ns/pid" 2>/dev/null)
	cvtop_json "$out" 5
	expect "the namespace's switches are listed by its hostname" jq_true "$out" \
		'[.[].panes.cpu.pidns[]? | select(.hostname == "cvtop-rows-ns" and .switches > 0)] | length > 0'
	expect "no row of namespace 0" jq_true "$out" \
		'[.[].panes.cpu.pidns[]? | select(.inum == 0)] | length == 0'
	expect "no namespace without a hostname" jq_true "$out" \
		'[.[].panes.cpu.pidns[]? | select(.hostname == "" or .hostname == null)] | length == 0'
	echo "  (the test namespace: ${ns:-?})"
}
