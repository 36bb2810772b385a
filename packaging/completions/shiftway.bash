# bash completion for shiftway                                  -*- shell-script -*-
# Installed as /usr/share/bash-completion/completions/shiftway.
# Global options work before and after the command, as shiftway accepts them. The rule names are
# `shiftway explain --list`'s (tests/packaging/completions.sh checks that they agree).

_shiftway() {
    # Words are split on blanks only, so sqlite:PATH, filesystem:DIR and --opt=value stay one word
    # whatever COMP_WORDBREAKS holds; _shiftway_trim hands readline the part it replaces.
    local line=${COMP_LINE:0:COMP_POINT}
    local -a words
    read -ra words <<<"$line"
    [[ -z $line || $line == *[[:space:]] ]] && words+=("")
    local cword=$((${#words[@]} - 1))
    local word=${words[cword]}
    local cur=$word prev=${words[cword - 1]} eq=""
    COMPREPLY=()
    # --opt=value is completed like --opt value.
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        eq=$prev=
        cur=${cur#*=}
    fi
    _shiftway_candidates
    [[ -n $eq ]] && COMPREPLY=("${COMPREPLY[@]/#/$eq}")
    # readline replaces only what follows the last : or = of the word.
    if [[ $word == *[:=]* && $COMP_WORDBREAKS == *[:=]* ]]; then
        local strip=${word%"${word##*[:=]}"}
        COMPREPLY=("${COMPREPLY[@]#"$strip"}")
    fi
}

_shiftway_candidates() {
    local commands="migrate info validate baseline repair clean undo new lint verify queries explain split promote check stats"
    local global_opts="--help --version --config --environment --url --user --password --locations
        --table --schemas --placeholder --output --color --quiet -q --verbose -v"
    local rules="drop-table drop-column rename-table rename-column change-column-type
        add-required-column set-not-null drop-default add-unique-constraint add-check-constraint
        add-foreign-key drop-view rename-view change-view change-enum rename-type drop-schema rename-schema drop-routine
        add-identity-always add-rejecting-trigger restrict-access drop-unique-constraint restart-sequence set-invisible contract-too-early create-index-blocking drop-index-blocking foreign-key-blocking
        check-constraint-blocking not-null-scan table-rewrite concurrently-in-transaction
        missing-lock-timeout modified-released-migration out-of-order-version released-schema-drift mixed-ddl-dml
        unparsed-statement allow-without-reason unused-allow query-breaks query-bad-capture"
    # Options that take a value, global or of a command.
    local value_opts="--config --environment --url --user --password --locations --table --schemas
        --placeholder --output --color --target --baseline-version --baseline-description --since
        --against --up --down --default --allow --reason --dialect --fail-on --clean-disabled
        --wait-for-version --timeout --queries --scratch-url --execute --verify --output-file --limit --targets --parallel --canary --on-error --shard --table-stats"

    # The command is the first word that is not an option or an option's value.
    local i cmd=""
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            -*=*) ;;
            -*)
                [[ " ${value_opts//$'\n'/ } " == *" ${words[i]} "* ]] && ((i++))
                ;;
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
            # filesystem:DIR, also after a comma (--locations filesystem:a,filesystem:b).
            local head="" last=$cur
            if [[ $cur == *,* ]]; then
                head=${cur%,*},
                last=${cur##*,}
            fi
            if [[ $last == filesystem:* || -z $last || filesystem: == "$last"* ]]; then
                COMPREPLY=($(compgen -d -P "${head}filesystem:" -- "${last#filesystem:}"))
                COMPREPLY=("${COMPREPLY[@]/%//}")
            else
                COMPREPLY=($(compgen -d -P "$head" -- "$last"))
            fi
            compopt -o nospace 2>/dev/null
            return
            ;;
        --clean-disabled)
            COMPREPLY=($(compgen -W "false true" -- "$cur"))
            return
            ;;
        --url)
            if [[ $cur == sqlite:* ]]; then
                COMPREPLY=($(compgen -f -P sqlite: -- "${cur#sqlite:}"))
            else
                COMPREPLY=($(compgen -W "postgresql:// mysql:// mariadb:// sqlite:" -- "$cur"))
            fi
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
        --allow)
            COMPREPLY=($(compgen -W "$rules" -- "$cur"))
            return
            ;;
        --against)
            COMPREPLY=($(compgen -W "git:" -- "$cur"))
            compopt -o nospace 2>/dev/null
            return
            ;;
        --environment | --user | --password | --table | --schemas | --placeholder | --target | \
            --baseline-version | --baseline-description | --since | --up | --down | \
            --default | --reason | --wait-for-version | --timeout | --parallel | --canary | --shard)
            return
            ;;
        --on-error)
            COMPREPLY=($(compgen -W "stop continue" -- "$cur"))
            return
            ;;
        --targets)
            COMPREPLY=($(compgen -f -X '!*.toml' -- "$cur") $(compgen -d -- "$cur"))
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
    local files=""
    local fleet_opts=" --fleet --targets --parallel --canary --on-error --shard"
    case $cmd in
        migrate) cmd_opts+=" --target --out-of-order --dry-run --lint --verify --fail-on --allow --reason$fleet_opts" ;;
        lint)
            cmd_opts+=" --dialect --since --against --against-db --table-stats --fail-on$fleet_opts"
            files=sql
            ;;
        verify) cmd_opts+=" --queries --scratch-url --execute --dialect --since --against --against-db --fail-on" ;;
        queries)
            # `queries export`: its flags once the subcommand is there, the subcommand before.
            if [[ " ${words[*]:1:cword-1} " == *" export "* ]]; then
                cmd_opts+=" --output-file --limit"
            elif [[ $cur != -* ]]; then
                COMPREPLY=($(compgen -W "export" -- "$cur"))
                return
            fi
            ;;
        explain) cmd_opts+=" --list" ;;
        split)
            cmd_opts+=" --dialect --since --against --against-db --up --down --as-new-column --default"
            files=sql
            ;;
        promote) cmd_opts+=" --dry-run" ;;
        check) cmd_opts+=" --drift$fleet_opts" ;;
        stats)
            # `stats export` takes --output-file; plain `stats` takes its subcommand.
            if [[ " ${COMP_WORDS[*]} " == *" export "* ]]; then cmd_opts+=" --output-file"; fi
            ;;
        info) cmd_opts+=" --target --wait-for-version --timeout$fleet_opts" ;;
        validate) cmd_opts+="$fleet_opts" ;;
        repair) ;;
        baseline) cmd_opts+=" --baseline-version --baseline-description" ;;
        clean) cmd_opts+=" --clean-disabled" ;;
        undo) cmd_opts+=" --target" ;;
        new) cmd_opts+=" --undo --repeatable --version" ;;
        *) return ;;
    esac
    if [[ $cur == -* ]]; then
        # Global options are accepted after the command too.
        COMPREPLY=($(compgen -W "$cmd_opts ${global_opts/--version/}" -- "$cur"))
    elif [[ $cmd == explain ]]; then
        COMPREPLY=($(compgen -W "$rules" -- "$cur"))
    elif [[ $cmd == stats ]]; then
        COMPREPLY=($(compgen -W "export" -- "$cur"))
    elif [[ $files == sql ]]; then
        # Migration files, and directories to reach them.
        COMPREPLY=($(compgen -f -X '!*.[sS][qQ][lL]' -- "$cur") $(compgen -d -S / -- "$cur"))
        compopt -o nospace 2>/dev/null
        local j
        for j in "${!COMPREPLY[@]}"; do
            [[ ${COMPREPLY[j]} == */ ]] || COMPREPLY[j]+=" "
        done
    fi
} &&
    complete -F _shiftway shiftway

# ex: filetype=sh
