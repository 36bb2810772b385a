# bash completion for shiftway                                  -*- shell-script -*-
# Installed as /usr/share/bash-completion/completions/shiftway.

_shiftway() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        COMPREPLY=()
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD - 1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="migrate info validate baseline repair clean undo new lint explain split promote"
    local global_opts="--help --version --config --environment --url --user --password --locations
        --table --schemas --placeholder --output --color --quiet -q --verbose -v"

    # The command is the first word that is not an option or an option's value.
    local i cmd=""
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            --config | --environment | --url | --user | --password | --locations | --table | \
                --schemas | --placeholder | --output | --color)
                ((i++)) ;;
            -*) ;;
            *)
                cmd=${words[i]}
                break
                ;;
        esac
    done

    case $prev in
        --config)
            COMPREPLY=($(compgen -f -- "$cur"))
            return
            ;;
        --output)
            COMPREPLY=($(compgen -W "human json sarif github gitlab" -- "$cur"))
            return
            ;;
        --color)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur"))
            return
            ;;
        --locations)
            COMPREPLY=($(compgen -d -P filesystem: -- "${cur#filesystem:}"))
            return
            ;;
        --clean-disabled)
            COMPREPLY=($(compgen -W "false true" -- "$cur"))
            return
            ;;
        --url)
            COMPREPLY=($(compgen -W "postgresql:// mysql:// mariadb:// sqlite:" -- "$cur"))
            [[ $cur == sqlite:* ]] && COMPREPLY=($(compgen -f -P sqlite: -- "${cur#sqlite:}"))
            compopt -o nospace 2>/dev/null
            return
            ;;
        --dialect)
            COMPREPLY=($(compgen -W "postgres mysql mariadb sqlite" -- "$cur"))
            return
            ;;
        --fail-on)
            COMPREPLY=($(compgen -W "error warning info never" -- "$cur"))
            return
            ;;
        --environment | --user | --password | --table | --schemas | --placeholder | --target | \
            --baseline-version | --baseline-description | --since | --against | --up | --down | \
            --default | --allow | --reason)
            return
            ;;
        --version)
            [[ $cmd == new ]] && return # new --version takes a value; the global one does not
            ;;
    esac

    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W "$global_opts" -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$commands" -- "$cur"))
        fi
        return
    fi

    local cmd_opts="--help"
    case $cmd in
        migrate) cmd_opts+=" --target --out-of-order --dry-run --lint --fail-on --allow --reason" ;;
        lint) cmd_opts+=" --dialect --since --against --against-db --fail-on" ;;
        explain) cmd_opts+=" --list" ;;
        split) cmd_opts+=" --dialect --since --against --against-db --up --down --default" ;;
        promote) cmd_opts+=" --dry-run" ;;
        info) cmd_opts+=" --target" ;;
        validate | repair) ;;
        baseline) cmd_opts+=" --baseline-version --baseline-description" ;;
        clean) cmd_opts+=" --clean-disabled" ;;
        undo) cmd_opts+=" --target" ;;
        new) cmd_opts+=" --undo --repeatable --version" ;;
        *) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$cmd_opts" -- "$cur"))
    fi
} &&
    complete -F _shiftway shiftway

# ex: filetype=sh
