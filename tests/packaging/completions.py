#!/usr/bin/env python3
"""Drives the shell completions in real shells: bash and zsh through a pty (typing TAB, reading
what the shell draws), fish with `complete -C`. Each case types a command line and names words the
shell must offer, and words it must not.

Usage: completions.py SOURCE_DIR SHIFTWAY_BINARY
"""
import os, pty, re, select, shutil, subprocess, sys, tempfile, time

src, binary = sys.argv[1], sys.argv[2]
comp = os.path.join(src, "packaging", "completions")
failures = []

# (typed line, words that must appear, words that must not)
CASES = [
    ("shiftway exp", ["explain"], []),
    ("shiftway mi", ["migrate"], []),
    ("shiftway --ou", ["--output"], []),
    ("shiftway --output sa", ["sarif"], []),
    ("shiftway lint --dialect ma", ["mariadb"], ["mysql"]),
    ("shiftway lint --fail-on w", ["warning"], []),
    ("shiftway --color n", ["never"], []),
    ("shiftway explain rename-c", ["rename-column"], []),
    ("shiftway migrate --allow drop-c", ["drop-column"], []),
    ("shiftway --url sqlite:ap", ["sqlite:app.db"], []),
    ("shiftway --locations filesystem:d", ["filesystem:db/"], []),
    ("shiftway lint db/migration/V", ["V1__create_person.sql"], []),
    ("shiftway lint V", ["V2__rename.sql"], ["notes.txt"]),
    ("shiftway split V", ["V2__rename.sql"], ["notes.txt"]),
    ("shiftway lint --sinc", ["--since"], []),
    ("shiftway lint --verb", ["--verbose"], []),            # a global option after the verb
    ("shiftway info --wait", ["--wait-for-version"], []),
    ("shiftway veri", ["verify"], []),
    ("shiftway verify --scr", ["--scratch-url"], []),
    ("shiftway verify --exe", ["--execute"], []),
    ("shiftway che", ["check"], []),
    ("shiftway check --dr", ["--drift"], []),
    ("shiftway migrate --fle", ["--fleet"], []),
    ("shiftway validate --sha", ["--shard"], []),
    ("shiftway migrate --fleet --on-error c", ["continue"], []),
    ("shiftway check --drift --fle", ["--fleet"], []),
    ("shiftway sta", ["stats"], []),
    ("shiftway stats ex", ["export"], []),
    ("shiftway stats export --out", ["--output-file"], []),
    ("shiftway lint --table", ["--table-stats"], []),
    ("shiftway quer", ["queries"], []),
    ("shiftway queries ex", ["export"], []),
    ("shiftway queries export --outp", ["--output-file"], []),
]


def rules_from_binary():
    out = subprocess.run([binary, "explain", "--list"], capture_output=True, text=True, check=True).stdout
    return [line.split("|")[1].strip() for line in out.splitlines()[3:] if line.count("|") > 3]


def check_rule_lists(rules):
    for name in ("shiftway.bash", "_shiftway", "shiftway.fish"):
        text = open(os.path.join(comp, name)).read()
        missing = [r for r in rules if not re.search(r"(?<![\w-])" + re.escape(r) + r"(?![\w-])", text)]
        if missing:
            failures.append(f"{name}: rules missing from its list: {' '.join(missing)}")


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")


def read_quiet(fd, quiet=0.6, limit=8.0):
    out, end, last = b"", time.time() + limit, time.time()
    while time.time() < end and time.time() - last < quiet:
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            last = time.time()
    return ANSI.sub("", out.decode("utf-8", "replace"))


def drive(shell, argv, setup, work):
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(work)
        env = {"PATH": os.path.dirname(binary) + ":/usr/bin:/bin", "HOME": work, "TERM": "dumb", "LANG": "C.UTF-8"}
        os.execve(argv[0], argv, env)
    read_quiet(fd)
    for line in setup:
        os.write(fd, line.encode() + b"\n")
        read_quiet(fd, quiet=0.4)
    for typed, want, unwanted in CASES:
        os.write(fd, typed.encode() + b"\t")
        shown = read_quiet(fd)
        if not any(w in shown for w in want):  # a unique match completes in place: type nothing more
            os.write(fd, b"\t")
            shown += read_quiet(fd)
        os.write(fd, b"\x03")  # Ctrl-C: drop the line
        read_quiet(fd, quiet=0.3)
        for w in want:
            if w not in shown:
                failures.append(f"{shell}: {typed!r} + TAB does not offer {w!r}; the shell showed {shown!r}")
        for w in unwanted:
            if w in shown:
                failures.append(f"{shell}: {typed!r} + TAB offers {w!r}")
    os.write(fd, b"exit\n")
    read_quiet(fd, quiet=0.3)
    os.waitpid(pid, 0)


def drive_fish(work):
    for typed, want, unwanted in CASES:
        cmd = f"source {comp}/shiftway.fish; complete -C {subprocess.list2cmdline([typed])}"
        out = subprocess.run(["fish", "--no-config", "-c", cmd], cwd=work, capture_output=True, text=True,
                             env={"PATH": os.path.dirname(binary) + ":/usr/bin:/bin", "HOME": work}).stdout
        offered = [line.split("\t")[0] for line in out.splitlines()]
        for w in want:
            if not any(o.endswith(w) or o == w for o in offered):
                failures.append(f"fish: {typed!r} does not offer {w!r}; it offered {offered}")
        for w in unwanted:
            if any(w in o for o in offered):
                failures.append(f"fish: {typed!r} offers {w!r}")


work = tempfile.mkdtemp()
try:
    os.makedirs(os.path.join(work, "db", "migration"))
    for f in ("db/migration/V1__create_person.sql", "V2__rename.sql", "notes.txt", "app.db"):
        open(os.path.join(work, f), "w").close()
    check_rule_lists(rules_from_binary())
    drive("bash", ["/bin/bash", "--norc", "--noprofile", "-i"],
          ["PS1='$ '", "bind 'set show-all-if-ambiguous on'", "bind 'set completion-query-items 0'",
           "bind 'set page-completions off'", f"source {comp}/shiftway.bash"], work)
    drive("zsh", [shutil.which("zsh"), "-f", "-i"],
          ["PS1='$ '", "unsetopt menucomplete; setopt autolist nolistbeep", f"fpath=({comp} $fpath)",
           "autoload -U compinit && compinit -u -D", "zstyle ':completion:*' list-prompt ''"], work)
    drive_fish(work)
finally:
    shutil.rmtree(work)

for f in failures:
    print(f, file=sys.stderr)
print(f"completions: {len(CASES)} cases in bash, zsh and fish, {len(failures)} failures")
sys.exit(1 if failures else 0)
