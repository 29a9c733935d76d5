#!/bin/bash
# The BPF objects a process holds, from its fdinfo (this bpftool shows no
# holder pids): for the tests (through tests/lib.sh) and bench/run.sh.

# bpf_ids PID KIND: ids of the KIND (map, prog, link) objects PID holds
bpf_ids() {
	grep -h "^$2_id:" /proc/"$1"/fdinfo/* 2>/dev/null | awk '{print $2}' | sort -un
}

# bpf_map_named ID NAME: map ID is named NAME
bpf_map_named() {
	bpftool -j map show id "$1" 2>/dev/null | jq -e --arg n "$2" '.name == $n' >/dev/null
}

# bpf_map_id PID NAME: id of the map NAME that PID holds; nothing when none
bpf_map_id() {
	local id
	for id in $(bpf_ids "$1" map); do
		if bpf_map_named "$id" "$2"; then
			echo "$id"
			return
		fi
	done
}

# bpf_gone IDS LINKS: none of the prog ids IDS, link ids LINKS exists any more
bpf_gone() {
	local id
	for id in $1; do bpftool prog show id "$id" >/dev/null 2>&1 && return 1; done
	for id in $2; do bpftool link show id "$id" >/dev/null 2>&1 && return 1; done
	return 0
}

# bpf_map_fds PID NAME: the descriptors through which PID holds maps named NAME
bpf_map_fds() {
	local f id
	for f in /proc/"$1"/fdinfo/*; do
		id=$(awk '$1 == "map_id:" {print $2}' "$f" 2>/dev/null)
		[ -n "$id" ] || continue
		bpf_map_named "$id" "$2" && echo "${f##*/}"
	done
}
