#!/usr/bin/env bash
# Bad command lines: each must print exactly one line on stderr that contains the
# expected text, exit with the expected status (2 usage, 1 I/O), and leave no output
# file behind (a 60 s timeout only guards against a hang: test_bad_inputs.sh checks the
# CPU time of each case). Usage: test_cli.sh path/to/rnnscope
set -u
rnnscope=$1
dir=$(mktemp -d)
trap 'chmod -R u+w "$dir"; rm -rf "$dir"' EXIT
pass=0 fail=0
echo existing > "$dir/keep.csv"

# status | expected text in the message | arguments (eval'd, $dir available)
cases=$(cat <<'EOF2'
2|unknown option '--bogus'|--bogus
2|--steps: missing value|--steps
2|--steps: '-1' is not allowed|--steps -1
2|--steps: 'abc' is not allowed|--steps abc
2|--steps: '1e9' is not allowed|--steps 1e9
2|hidden: 0 is out of range (allowed: 1..1024)|--set hidden=0 --steps 1
2|hidden: 1000000000 is out of range|--set hidden=1000000000 --steps 1
2|hidden: '1e9' is not an integer (allowed: 1..1024)|--set hidden=1e9 --steps 1
2|lr: 'nan' is not a finite number|--set lr=nan --steps 1
2|lr: 'inf' is not a finite number|--set lr=inf --steps 1
2|lr: -1 is out of range|--set lr=-1 --steps 1
2|lr: 0 is out of range|--set lr=0 --steps 1
2|unknown key 'colour'|--set colour=red --steps 1
2|'hidden' is not KEY=VALUE|--set hidden --steps 1
2|'=3' is not KEY=VALUE|--set =3 --steps 1
2|hidden: empty value|--set hidden= --steps 1
2|cell: 'transformer' is not allowed (allowed: rnn|--set cell=transformer --steps 1
2|activation: 'gelu' is not allowed|--set activation=gelu --steps 1
2|task: 'mnist' is not allowed|--set task=mnist --steps 1
2|seq_len: 3 is too short for task kerala (minimum 12)|--set seq_len=3 --steps 1
2|seq_len: 20000 is out of range (allowed: 2..10000)|--set seq_len=20000 --steps 1
2|batch: 2000 is out of range (allowed: 1..1024)|--set batch=2000 --steps 1
2|init_scale: 0 is out of range|--set init_scale=0 --steps 1
2|forget_bias: 'warm' is not allowed|--set forget_bias=warm --steps 1
2|bidirectional: 2 is out of range (allowed: 0..1)|--set bidirectional=2 --steps 1
2|seed: '-5' is negative|--set seed=-5 --steps 1
2|clip_threshold: -1 is out of range|--set clip_threshold=-1 --steps 1
2|needs about|--set hidden=1024 --set seq_len=10000 --set batch=1024 --steps 1
2|--run cell=lstm,hidden=0: hidden: 0 is out of range|--run cell=lstm,hidden=0 --steps 1
2|--run: too many runs (allowed: at most 8)|--run seed=1 --run seed=2 --run seed=3 --run seed=4 --run seed=5 --run seed=6 --run seed=7 --run seed=8 --run seed=9 --steps 1
2|--size: 0x0 is out of range|--size 0x0 --steps 1
2|--size: 'big' is not WxH|--size big --steps 1
2|--size: 8000x8000 is out of range|--size 8000x8000 --steps 1
2|--panel: 'pie' is not allowed|--panel pie --steps 1
2|--theme: 'blue' is not allowed|--theme blue --steps 1
2|--csv has no effect in the window (it works with: headless training (--steps), --export, --replay)|--csv $dir/out.csv
2|label: control characters|--set label=$'a\tb' --steps 1
1|directory $dir/missing does not exist|--steps 1 --csv $dir/missing/out.csv
1|is a directory|--steps 1 --csv $dir
1|is a directory|--trace $dir/
1|directory $dir/nope does not exist|--trace $dir/nope/t.json
2|--csv is given twice (allowed: once; the second value would replace the first)|--steps 1 --csv $dir/a.csv --csv $dir/b.csv
2|--steps is given twice|--steps 1 --steps 2
2|--export is given twice|--export $dir/a.png --export $dir/b.png --steps 1
2|--trace is given twice|--trace $dir/a.json --trace $dir/b.json
2|--replay is given twice|--replay $dir/a.json --replay $dir/b.json
2|--size is given twice|--export $dir/a.png --size 320x240 --size 640x480 --steps 1
2|--theme is given twice|--export $dir/a.png --theme dark --theme light --steps 1
2|--panel is given twice|--export $dir/a.png --panel loss --panel gates --steps 1
2|--step is given twice|3 --check --step 1 --step 2
2|--bench-frames is given twice|--bench-frames 1 --bench-frames 2
EOF2
)

while IFS='|' read -r status want args; do
  [ -z "$status" ] && continue
  eval "set -- $args"
  want=$(eval "echo \"$want\"")
  before=$(ls -A "$dir" | sort)
  timeout 60 "$rnnscope" "$@" >/dev/null 2>"$dir.err"
  got=$?
  after=$(ls -A "$dir" | sort)
  lines=$(wc -l < "$dir.err")
  if [ "$got" -eq "$status" ] && [ "$lines" -eq 1 ] && grep -qF -- "$want" "$dir.err" &&
     [ "$before" = "$after" ] && [ "$(cat "$dir/keep.csv")" = existing ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: rnnscope $args"
    echo "  want status $status and a line with: $want"
    echo "  got status $got, $lines line(s): $(head -c 300 "$dir.err")"
    [ "$before" = "$after" ] || echo "  files changed: $after"
  fi
done <<< "$cases"

# an existing file is replaced only by a complete one
if "$rnnscope" --set task=adding --set seq_len=5 --set hidden=3 --steps 2 --csv "$dir/keep.csv" >/dev/null &&
   head -1 "$dir/keep.csv" | grep -q '^run,label,step,t,grad_h' && [ "$(wc -l < "$dir/keep.csv")" -eq 11 ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAIL: --csv over an existing file did not write 1 + 2x5 rows"
fi
# --help: every panel --panel accepts is listed under "panels" with what it shows (the
# panel table's help), and nothing else is
help=$("$rnnscope" --help)
names=$(echo "$help" | sed -n 's/^  --panel NAME  *//p' | tr '|' ' ')
listed=$(echo "$help" | sed -n '/^panels (/,$p' | tail -n +2 | awk 'NF >= 3 { print $1 }' | tr '\n' ' ')
if [ -n "$names" ] && [ "$(echo $names)" = "$(echo $listed)" ]; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAIL: --help: --panel takes '$names', the panel list has '$listed'"
fi
rm -f "$dir.err"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
