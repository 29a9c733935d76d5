# SPDX-License-Identifier: GPL-2.0
# bash completion for cvtop(8); needs bash-completion (_init_completion).
# The hook names are a static list (cvtop --probe, which prints them, needs
# root): tests/package/test_completion.sh checks it against the source.

# PANE=HOOK also applies to the pane's optional parts (PANE.PART=HOOK)
_cvtop_hooks()
{
	case $1 in
	cpu) echo tp_btf raw_tp tracepoint iter files ;;
	cpu.psi) echo iter files ;;
	kvm | kvm.exits) echo tp_btf raw_tp tracepoint ;;
	throttle) echo fexit kprobe tp_btf raw_tp ;;
	overlay) echo fentry kprobe tp_btf raw_tp tracepoint ;;
	steal) echo tp_btf raw_tp tracepoint fexit kprobe ;;
	steal.cpustolen) echo fexit kprobe ;;
	esac
}

# theme names where cvtop looks them up (the user's, installed, ./themes)
_cvtop_themes()
{
	local d f
	for d in "${XDG_CONFIG_HOME:-$HOME/.config}/cvtop/themes" \
		/usr/share/cvtop/themes /usr/local/share/cvtop/themes ./themes; do
		for f in "$d"/*.theme; do
			[[ -f $f ]] || continue
			f=${f##*/}
			echo "${f%.theme}"
		done
	done
}

_cvtop()
{
	local cur prev words cword split
	_init_completion -s -n = || return

	case $prev in
	-o | --output | --record | --replay | --log | --web-config)
		_filedir
		return
		;;
	--textfile)
		_filedir -d
		return
		;;
	-n | --iterations | -d | --delay | --listen | --series-limit | --series-stale)
		return
		;;
	--format)
		COMPREPLY=($(compgen -W 'text json openmetrics' -- "$cur"))
		return
		;;
	--theme)
		if [[ $cur == */* ]]; then
			_filedir
		else
			COMPREPLY=($(compgen -W "$(_cvtop_themes)" -- "$cur"))
		fi
		return
		;;
	--hook)
		if [[ $cur == *=* ]]; then
			# bash replaces only the part after "=" when "=" breaks words
			local pane=${cur%%=*} prefix=
			[[ $COMP_WORDBREAKS == *=* ]] || prefix=$pane=
			COMPREPLY=($(compgen -P "$prefix" -W "$(_cvtop_hooks "$pane")" -- "${cur#*=}"))
		else
			COMPREPLY=($(compgen -S = -W 'cpu cpu.psi throttle overlay steal steal.cpustolen kvm
				kvm.exits' -- "$cur"))
			compopt -o nospace
		fi
		return
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '-b --batch -n --iterations -d --delay -o --output
			--format --cumulative --no-header --record --replay --probe --log --hook --theme
			--listen --textfile --web-config --series-limit --series-stale --ui
			-v --verbose -h --help -V --version' -- "$cur"))
	fi
} &&
	complete -F _cvtop cvtop

# ex: filetype=sh
