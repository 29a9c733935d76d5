#!/bin/bash
# Helpers of the package tests (sourced; not a test file itself).
BASH_COMPLETION_LIB=/usr/share/bash-completion/bash_completion

# complete_line SCRIPT LINE: what cvtop's completion offers at the end of
# LINE, one per line; SCRIPT empty: bash-completion loads the installed one
complete_line() {
	bash --norc --noprofile -c '
		source "$1" || exit 1
		if [ -n "$2" ]; then
			source "$2" || exit 1
		else
			_completion_loader cvtop
		fi
		fn=$(complete -p cvtop | sed -n "s/.*-F \([^ ]*\).*/\1/p")
		[ -n "$fn" ] || exit 1
		line=$3
		COMP_LINE=$line COMP_POINT=${#line}
		# readline splits at blanks, and "=" (in COMP_WORDBREAKS) is a word
		read -ra COMP_WORDS <<<"${line//=/ = }"
		[[ $line == *[\ =] ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		COMPREPLY=()
		# compopt complains outside a real completion: its options are not checked
		"$fn" cvtop "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}" | sed "/^$/d" | sort -u
	' _ "$BASH_COMPLETION_LIB" "$1" "$2"
}

# the options cvtop --help lists, one per line
help_options() {
	"$CVTOP" --help | sed -nE 's/^ *(-([A-Za-z]), )?(--[a-z][a-z-]*).*/\2 \3/p' |
		tr ' ' '\n' | sed -e '/^$/d' -e 's/^\([A-Za-z]\)$/-\1/' | sort -u
}
