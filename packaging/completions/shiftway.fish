# fish completion for shiftway. Installed as /usr/share/fish/vendor_completions.d/shiftway.fish.
# Global options work before and after the command, as shiftway accepts them. The rule names are
# `shiftway explain --list`'s (tests/packaging/completions.sh checks that they agree).

set -l commands migrate info validate baseline repair clean undo new lint verify queries explain split promote check stats
set -l rules drop-table drop-column rename-table rename-column change-column-type \
    add-required-column set-not-null drop-default add-unique-constraint add-check-constraint \
    add-foreign-key drop-view rename-view change-view change-enum rename-type drop-schema rename-schema drop-routine \
    add-identity-always add-rejecting-trigger restrict-access drop-unique-constraint restart-sequence set-invisible contract-too-early create-index-blocking drop-index-blocking foreign-key-blocking \
    check-constraint-blocking not-null-scan table-rewrite concurrently-in-transaction \
    missing-lock-timeout modified-released-migration out-of-order-version released-schema-drift mixed-ddl-dml \
    unparsed-statement allow-without-reason unused-allow query-breaks query-bad-capture

function __shiftway_url
    set -l token (commandline -ct | string replace -r '^--url=' '')
    if string match -q 'sqlite:*' -- $token
        set -l path (string replace 'sqlite:' '' -- $token)
        for f in (__fish_complete_path $path)
            echo sqlite:$f
        end
    else
        printf '%s\n' postgresql:// mysql:// mariadb:// sqlite:
    end
end

function __shiftway_locations
    set -l token (commandline -ct | string replace -r '^--locations=' '')
    # An empty list would swallow every echo below (fish expands lists as products).
    set -l head ""
    string match -qr '^.*,' -- $token; and set head (string match -r '^.*,' -- $token)
    set -l last (string replace -r '^.*,' '' -- $token)
    if string match -q 'filesystem:*' -- $last
        for d in (__fish_complete_directories (string replace 'filesystem:' '' -- $last) '')
            echo $head"filesystem:"(string replace -r '\t.*$' '' -- $d)
        end
    else
        echo $head"filesystem:"
    end
end

complete -c shiftway -f
complete -c shiftway -n "not __fish_seen_subcommand_from $commands" -l version -d 'print the version'
complete -c shiftway -s h -l help -d 'print help'

# Global options, before or after the command.
complete -c shiftway -l config -r -F -d 'config file'
complete -c shiftway -l environment -x -d 'environments.NAME table'
complete -c shiftway -l url -x -a '(__shiftway_url)' -d 'database URL'
complete -c shiftway -l user -x -d 'database user'
complete -c shiftway -l password -x -d 'database password (prefer SHIFTWAY_PASSWORD)'
complete -c shiftway -l locations -x -a '(__shiftway_locations)' -d 'migration locations'
complete -c shiftway -l table -x -d 'schema history table'
complete -c shiftway -l schemas -x -d 'managed schemas'
complete -c shiftway -l placeholder -x -d 'KEY=VALUE placeholder'
complete -c shiftway -l output -x -a 'human json sarif github gitlab' -d 'output format'
complete -c shiftway -l color -x -a 'auto always never' -d 'colour'
complete -c shiftway -s q -l quiet -d 'fewer lines'
complete -c shiftway -s v -l verbose -d 'more detail'

# Commands.
for pair in 'migrate:apply pending migrations' 'info:every migration with its state' \
    'validate:check applied migrations against the files' 'baseline:mark an existing database as at baselineVersion' \
    'repair:remove failed rows, realign checksums' 'clean:drop all objects in the managed schemas' \
    'undo:undo the latest migration' 'new:create the next migration file' \
    'lint:check the new migrations against the running release' "explain:print a lint rule's documentation" \
    "verify:prove the previous release's queries still work" \
    'queries:export the queries a live database recorded' \
    'split:rewrite a breaking migration into expand and contract' 'promote:move held contract migrations into place' \
    'check:compare the live schema with the applied migrations' \
    'stats:export table sizes for lint --table-stats'
    set -l parts (string split -m 1 : -- $pair)
    complete -c shiftway -n "not __fish_seen_subcommand_from $commands" -a $parts[1] -d $parts[2]
end

# Command options.
complete -c shiftway -n '__fish_seen_subcommand_from migrate info undo' -l target -x -d 'version'
complete -c shiftway -n '__fish_seen_subcommand_from migrate' -l out-of-order -d 'also apply versions below the current one'
complete -c shiftway -n '__fish_seen_subcommand_from migrate promote' -l dry-run -d 'change nothing'
complete -c shiftway -n '__fish_seen_subcommand_from check' -l drift -d 'compare the live schema with the applied migrations'
complete -c shiftway -n '__fish_seen_subcommand_from migrate' -l lint -d 'lint against the database first'
complete -c shiftway -n '__fish_seen_subcommand_from migrate lint verify' -l fail-on -x -a 'error warning info never' -d 'exit 1 at or above'
complete -c shiftway -n '__fish_seen_subcommand_from migrate' -l allow -x -a "$rules" -d 'let this rule through'
complete -c shiftway -n '__fish_seen_subcommand_from migrate' -l reason -x -d 'why the --allow is safe'
complete -c shiftway -n '__fish_seen_subcommand_from migrate' -l verify -r -d "first prove the running release's queries still prepare"
complete -c shiftway -n '__fish_seen_subcommand_from migrate info validate lint check' -l fleet -d 'run over every target of the fleet'
complete -c shiftway -n '__fish_seen_subcommand_from migrate info validate lint check' -l targets -r -F -d 'TOML file naming the targets'
complete -c shiftway -n '__fish_seen_subcommand_from migrate info validate lint check' -l parallel -x -d 'targets at once'
complete -c shiftway -n '__fish_seen_subcommand_from migrate info validate lint check' -l canary -x -d 'run the first K targets first'
complete -c shiftway -n '__fish_seen_subcommand_from migrate info validate lint check' -l on-error -x -a 'stop continue' -d 'after a target fails'
complete -c shiftway -n '__fish_seen_subcommand_from migrate info validate lint check' -l shard -x -d 'run shard I of N (I/N, auto/N)'
complete -c shiftway -n '__fish_seen_subcommand_from info' -l wait-for-version -x -d 'wait until the database is at this version'
complete -c shiftway -n '__fish_seen_subcommand_from info' -l timeout -x -d 'seconds to wait'
complete -c shiftway -n '__fish_seen_subcommand_from lint split verify' -l dialect -x -a 'postgres mysql mariadb sqlite' -d 'SQL dialect'
complete -c shiftway -n '__fish_seen_subcommand_from lint split verify' -l since -x -d 'versions up to VERSION were released'
complete -c shiftway -n '__fish_seen_subcommand_from lint split verify' -l against -x -a 'git:' -d 'git:REF was released'
complete -c shiftway -n '__fish_seen_subcommand_from lint split verify' -l against-db -d 'what the database applied was released'
complete -c shiftway -n '__fish_seen_subcommand_from verify' -l queries -r -d "the previous release's queries: a .sql file or a folder"
complete -c shiftway -n '__fish_seen_subcommand_from verify' -l scratch-url -x -d 'server for the throwaway database'
complete -c shiftway -n '__fish_seen_subcommand_from verify' -l execute -d 'also run writes with their sample parameters, rolled back'
complete -c shiftway -n '__fish_seen_subcommand_from lint' -l table-stats -r -F -d 'grade locking findings by the sizes in FILE'
complete -c shiftway -n '__fish_seen_subcommand_from stats; and not __fish_seen_subcommand_from export' -f -a export -d 'write the table sizes as JSON'
complete -c shiftway -n '__fish_seen_subcommand_from queries; and not __fish_seen_subcommand_from export' -f -a export -d 'write the recorded queries as a file for verify'
complete -c shiftway -n '__fish_seen_subcommand_from export' -l output-file -r -F -d 'write the file here'
complete -c shiftway -n '__fish_seen_subcommand_from queries; and __fish_seen_subcommand_from export' -l limit -x -d 'only the N most called statements'
complete -c shiftway -n '__fish_seen_subcommand_from split' -l up -x -d 'old value converted to the new type'
complete -c shiftway -n '__fish_seen_subcommand_from split' -l down -x -d 'new value converted back'
complete -c shiftway -n '__fish_seen_subcommand_from split' -l as-new-column -d 'type changes: end with the column renamed to <column>_new'
complete -c shiftway -n '__fish_seen_subcommand_from split' -l default -x -d 'value for rows that have none'
complete -c shiftway -n '__fish_seen_subcommand_from lint split' -k -a '(__fish_complete_suffix .sql)'
complete -c shiftway -n '__fish_seen_subcommand_from explain' -l list -d 'list every rule'
complete -c shiftway -n '__fish_seen_subcommand_from explain' -a "$rules" -d 'lint rule'
complete -c shiftway -n '__fish_seen_subcommand_from baseline' -l baseline-version -x -d 'version to mark'
complete -c shiftway -n '__fish_seen_subcommand_from baseline' -l baseline-description -x -d 'description'
complete -c shiftway -n '__fish_seen_subcommand_from clean' -l clean-disabled -x -a 'false true' -d 'false to allow clean'
complete -c shiftway -n '__fish_seen_subcommand_from new' -l undo -d 'the U file for the latest version'
complete -c shiftway -n '__fish_seen_subcommand_from new' -l repeatable -d 'an R__ migration'
complete -c shiftway -n '__fish_seen_subcommand_from new' -l version -x -d 'use this version'
