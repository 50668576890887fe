#!/usr/bin/env python3
"""test_readme.py - the README tells the truth: every example of what rnnscope prints.

A Markdown file shows what a command prints as an indented block of `run=...` lines
after a paragraph that names the command in backticks (`rnnscope --steps ...`). This
runs each such command with the built binary and compares every line field by field;
only steps_per_s (a speed, different on every machine) is not compared. A README whose
numbers went stale fails with the line as written and the line as printed.
A count of the built-in lessons written in words or digits ("the ten built-in
lessons") must be the number `rnnscope --list` prints.

usage: test_readme.py RNNSCOPE FILE.md [FILE.md ...]
"""
import re
import shlex
import subprocess
import sys

CMD = re.compile(r"`(rnnscope [^`]+)`")
SKIP = {"steps_per_s"}


def examples(path):
    """(line number, command, [printed lines]) for each example in the file."""
    lines = open(path, encoding="utf-8").read().split("\n")
    out, last_cmd, i = [], None, 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("    run="):
            block, start = [], i + 1
            while i < len(lines) and lines[i].startswith("    run="):
                block.append(lines[i][4:])
                i += 1
            if last_cmd is None:
                raise SystemExit(f"{path}:{start}: printed lines with no `rnnscope ...` command before them")
            out.append((start, last_cmd, block))
            last_cmd = None
            continue
        found = CMD.findall(line)
        if found and not line.startswith("    "):
            last_cmd = found[-1]
        i += 1
    return out


def fields(line):
    """key=value pairs of a summary line, values with quotes kept whole."""
    return dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))


NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
           "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
COUNT = re.compile(r"\b(\w+)\s+built-in\s+lessons\b", re.IGNORECASE)


def stale_counts(path, n):
    """(line number, words) of every count of the built-in lessons that is not n."""
    text = open(path, encoding="utf-8").read()
    out = []
    for m in COUNT.finditer(text):
        w = m.group(1).lower()
        k = int(w) if w.isdigit() else NUMBERS.index(w) if w in NUMBERS else None
        if k is not None and k != n:
            out.append((text.count("\n", 0, m.start()) + 1, m.group(0)))
    return out


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().split("\n")[-1], file=sys.stderr)
        return 2
    exe, files = sys.argv[1], sys.argv[2:]
    failed = checked = 0
    listed = subprocess.run([exe, "--list"], capture_output=True, text=True, timeout=60)
    n_lessons = len([l for l in listed.stdout.split("\n") if l.strip()])
    for path in files:
        for at, words in stale_counts(path, n_lessons):
            print(f"{path}:{at}: FAIL '{words}', but rnnscope --list lists {n_lessons}")
            failed += 1
        for at, cmd, want in examples(path):
            argv = shlex.split(cmd)
            argv[0] = exe
            res = subprocess.run(argv, capture_output=True, text=True, timeout=600)
            got = [l for l in res.stdout.split("\n") if l.startswith("run=")]
            print(f"{path}:{at}: {cmd}")
            if res.returncode != 0:
                print(f"  FAIL exit {res.returncode}: {res.stderr.strip()}")
                failed += 1
                continue
            if len(got) != len(want):
                print(f"  FAIL {len(want)} lines written, {len(got)} printed")
                failed += 1
                continue
            for w, g in zip(want, got):
                fw, fg = fields(w), fields(g)
                bad = [k for k in fw if k not in SKIP and fw[k] != fg.get(k)]
                missing = [k for k in fg if k not in fw]
                checked += 1
                if bad or missing:
                    failed += 1
                    print(f"  FAIL README: {w}\n       prints: {g}")
                else:
                    print(f"  ok   {w}")
    print(f"{checked} printed lines compared, {failed} differ")
    if checked == 0:
        print("FAIL: no examples found")
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
