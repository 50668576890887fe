#!/usr/bin/env bash
# The export command through the CLI: PNGs decoded by tests/png_info (stb_image, not
# the encoder that wrote them) have the asked size, are not blank and have
# anti-aliased edges; the same command gives the same bytes; a replay of the sidecar
# gives the same PNG; --csv holds the plotted numbers (checked against the headless
# --steps --csv of the same run); failures leave nothing behind and existing files
# untouched, with one line on stderr.
#   usage: test_export_cli.sh RNNSCOPE PNG_INFO
#          test_export_cli.sh --bench RNNSCOPE [REPS]   (median time to draw + write
#          the default 1920x1080 dashboard, training excluded)
#          test_export_cli.sh --bench-keys RNNSCOPE [REPS]   (median time to refuse a
#          1 MiB sidecar of 87 379 keys: the parser is linear)
set -u
if [ "${1:-}" = --bench-keys ]; then
  # the parser's worst case: a 1 MiB sidecar of 87 379 distinct keys in one object
  # (bad_inputs asserts the error); median CPU and wall time of REPS runs
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  python3 - "$dir/keys.json" <<'PY'
import sys
n = 87379
open(sys.argv[1], "w").write("{\n" + "".join('"k%05d":0,\n' % i for i in range(n - 1)) + '"k%05d":0}\n' % (n - 1))
PY
  TIMEFORMAT='%3R %3U %3S'
  reps=${3:-5}
  for _ in $(seq 1 "$reps"); do
    { time "$2" --replay "$dir/keys.json" 2>/dev/null; } 2>&1 | tail -1
  done > "$dir/times"
  mid=$(((reps + 1) / 2))
  cpu=$(awk '{ printf "%d\n", 1000 * ($2 + $3) }' "$dir/times" | sort -n | sed -n "${mid}p")
  wall=$(awk '{ printf "%d\n", 1000 * $1 }' "$dir/times" | sort -n | sed -n "${mid}p")
  echo "sidecar of 87379 keys refused: median $cpu ms CPU, $wall ms wall ($reps runs)"
  exit 0
fi
if [ "${1:-}" = --bench ]; then
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  RNNSCOPE_BENCH_EXPORT=${3:-9} "$2" --export "$dir/bench.png" || exit 1
  exit 0
fi
rnnscope=$1
png_info=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# headless: no display, no video driver
unset DISPLAY SDL_VIDEODRIVER WAYLAND_DISPLAY
pass=0 fail=0

ok() { # ok NAME: pass if the previous test command succeeded
  if [ "$1" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi
}
run() { timeout 120 "$rnnscope" "$@"; }
# info FILE [FG BG] -> W H DISTINCT TOP TOPCOLOUR [BLEND] in $info
info() { info=$("$png_info" "$@" 2>&1) || info="decode failed: $info"; }
# field N of $info
field() { echo "$info" | cut -d' ' -f"$1"; }
at_least() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
at_most() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }

# ---- 1920x1080 dashboard, default runs (200 steps) ----
mkdir "$dir/a" "$dir/b"
run --export "$dir/a/dash.png" >"$dir/out" 2>"$dir/err"
ok $? "--export dash.png exits 0 ($(head -c 200 "$dir/err"))"
[ -s "$dir/a/dash.json" ]; ok $? "sidecar dash.json written beside dash.png"
info "$dir/a/dash.png" 0E72BA FFFFFF
echo "1920x1080 dashboard: $info  (w h distinct top_fraction top_colour blend)"
[ "$(field 1) $(field 2)" = "1920 1080" ]; ok $? "size 1920x1080 (got: $info)"
at_least "$(field 3)" 1000; ok $? "not blank: >= 1000 distinct colours (got $(field 3))"
at_most "$(field 4)" 0.8; ok $? "not blank: no colour covers more than 80% (got $(field 4))"
at_least "$(field 6)" 200; ok $? "anti-aliased: >= 200 pixels blend run colour 0E72BA into white (got $(field 6))"
case "$(field 5)" in F3F4F6|FFFFFF) true ;; *) false ;; esac
ok $? "light theme by default (most common colour $(field 5))"
run --export "$dir/b/dash.png" >/dev/null 2>&1
cmp -s "$dir/a/dash.png" "$dir/b/dash.png"; ok $? "same command, byte-identical PNG"
cmp -s "$dir/a/dash.json" "$dir/b/dash.json"; ok $? "same command, byte-identical sidecar"
grep -q '"steps": 200,' "$dir/a/dash.json"; ok $? "sidecar records the default 200 steps"
grep -q '"seed": 1,' "$dir/a/dash.json" && grep -q '"rnnscope": "' "$dir/a/dash.json" &&
  grep -q '"width": 1920,' "$dir/a/dash.json" && grep -q '"theme": "light",' "$dir/a/dash.json"
ok $? "sidecar records seed, version, size and theme"
for key in task cell activation bidirectional hidden seq_len batch init init_scale forget_bias \
           clip clip_threshold optimizer lr momentum bptt seed label; do
  grep -q "\"$key\": " "$dir/a/dash.json" || { echo "  missing config key $key"; false; } || break
done
ok $? "sidecar records every config key"

# ---- 3840x2160, a lesson step, dark theme ----
run --export "$dir/a/big.png" --size 3840x2160 --theme dark 1 --step 1 >/dev/null 2>"$dir/err"
ok $? "--export --size 3840x2160 lesson 1 step 1 exits 0 ($(head -c 200 "$dir/err"))"
info "$dir/a/big.png" 1086F9 1B1E24
echo "3840x2160 dark lesson: $info"
[ "$(field 1) $(field 2)" = "3840 2160" ]; ok $? "size 3840x2160 (got: $info)"
at_least "$(field 3)" 1000; ok $? "4K not blank (distinct $(field 3))"
at_least "$(field 6)" 200; ok $? "4K anti-aliased: run colour 1086F9 (run 1) blends into the dark panel (got $(field 6))"
case "$(field 5)" in 101216|1B1E24) true ;; *) false ;; esac; ok $? "dark theme (most common colour $(field 5))"
grep -q '"step": 1,' "$dir/a/big.json" && grep -q '"name": "bptt",' "$dir/a/big.json"
ok $? "sidecar records lesson and step"
run --export "$dir/b/big.png" --size 3840x2160 --theme dark 1 --step 1 >/dev/null 2>&1
cmp -s "$dir/a/big.png" "$dir/b/big.png"; ok $? "4K: same command, byte-identical PNG"

# ---- one panel ----
run --export "$dir/a/loss.png" --panel loss --steps 50 --run cell=rnn --run cell=lstm >/dev/null 2>"$dir/err"
ok $? "--panel loss exits 0 ($(head -c 200 "$dir/err"))"
info "$dir/a/loss.png" BB4C00 FFFFFF
echo "panel loss: $info"
at_least "$(field 6)" 200; ok $? "panel: anti-aliased LSTM line (BB4C00 on white: $(field 6))"
grep -q '"panel": "loss",' "$dir/a/loss.json"; ok $? "sidecar records the panel"

# ---- replay ----
mkdir "$dir/r"
cp "$dir/a/big.json" "$dir/r/big.json"
run --replay "$dir/r/big.json" >/dev/null 2>"$dir/err"
ok $? "--replay exits 0 ($(head -c 200 "$dir/err"))"
cmp -s "$dir/a/big.png" "$dir/r/big.png"; ok $? "replay writes the identical PNG to the recorded name"
cmp -s "$dir/a/big.json" "$dir/r/big.json"; ok $? "replay leaves its sidecar as it was"
run --replay "$dir/a/dash.json" --export "$dir/r/again.png" >/dev/null 2>"$dir/err"
ok $? "--replay --export exits 0"
cmp -s "$dir/a/dash.png" "$dir/r/again.png"; ok $? "replay to --export: identical PNG"
sed 's/"again.png"/"dash.png"/' "$dir/r/again.json" | cmp -s - "$dir/a/dash.json"
ok $? "replay to --export: the new sidecar differs only in the image name"
# a hand-edited sidecar: reformatted, keys reordered, one value changed -> that change only
python3 - "$dir/a/loss.json" "$dir/r/edit.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["theme"] = "dark"; d["image"] = "edit.png"
json.dump(dict(reversed(list(d.items()))), open(sys.argv[2], "w"), indent=1)
EOF
run --export "$dir/a/loss-dark.png" --panel loss --steps 50 --run cell=rnn --run cell=lstm --theme dark >/dev/null 2>&1
run --replay "$dir/r/edit.json" >/dev/null 2>"$dir/err"
ok $? "hand-edited sidecar replays ($(head -c 200 "$dir/err"))"
cmp -s "$dir/a/loss-dark.png" "$dir/r/edit.png"; ok $? "hand-edited sidecar (theme dark) = the --theme dark export"

# a lesson step's pinned sentence is recorded and replayed
run --export "$dir/a/jane.png" 1 --step 1 --size 640x360 >/dev/null 2>"$dir/err"
ok $? "--export lesson 1 step 1 exits 0 ($(head -c 200 "$dir/err"))"
grep -qF '"example": "Jane was born in Kerala. Jane is very fluent in ___"' "$dir/a/jane.json"
ok $? "the sidecar records the step's example sentence"
cp "$dir/a/jane.json" "$dir/r/jane.json"
run --replay "$dir/r/jane.json" >/dev/null 2>"$dir/err"
ok $? "--replay with an example exits 0 ($(head -c 200 "$dir/err"))"
cmp -s "$dir/a/jane.png" "$dir/r/jane.png"; ok $? "replay with an example: identical PNG"
sed 's/"example": "[^"]*"/"example": null/' "$dir/a/jane.json" | sed 's/"jane.png"/"drawn.png"/' > "$dir/r/drawn.json"
run --replay "$dir/r/drawn.json" >/dev/null 2>"$dir/err"
! cmp -s "$dir/a/jane.png" "$dir/r/drawn.png"; ok $? "without the example the strip shows a drawn sentence"

# a step's `beside:` panels are recorded and replayed: lesson 5 step 1 in presenter mode
# keeps the eigenvalues beside its gradient panel, and without them the loss stands there
run --export "$dir/a/beside.png" 5 --step 1 --presenter --size 960x540 >/dev/null 2>"$dir/err"
ok $? "--export lesson 5 step 1 exits 0 ($(head -c 200 "$dir/err"))"
grep -qF '"beside": ["spectrum"]' "$dir/a/beside.json"; ok $? "the sidecar records beside: spectrum"
cp "$dir/a/beside.json" "$dir/r/beside.json"
run --replay "$dir/r/beside.json" >/dev/null 2>"$dir/err"
cmp -s "$dir/a/beside.png" "$dir/r/beside.png"; ok $? "replay with beside: identical PNG ($(head -c 200 "$dir/err"))"
grep -v '"beside"' "$dir/a/beside.json" | sed 's/"beside.png"/"alone.png"/' > "$dir/r/alone.json"
run --replay "$dir/r/alone.json" >/dev/null 2>"$dir/err"
! cmp -s "$dir/a/beside.png" "$dir/r/alone.png"; ok $? "without beside another panel stands there"

# ---- --csv: the plotted numbers ----
run --export "$dir/a/c.png" --csv "$dir/a/c.csv" --steps 30 --set seq_len=12 --set hidden=8 \
  --run cell=rnn --run cell=lstm >/dev/null 2>"$dir/err"
ok $? "--export --csv exits 0 ($(head -c 200 "$dir/err"))"
[ "$(head -1 "$dir/a/c.csv")" = "panel,run,label,series,x,y,z,text" ]; ok $? "CSV header"
for p in gradient heatmap loss clipping spectrum sentence gates; do
  grep -q "^$p," "$dir/a/c.csv" || { echo "  no rows for panel $p"; false; } || break
done
ok $? "CSV has rows for every panel of the dashboard"
# the sentence rows are of the run the strip draws (lesson 4 step 1: its first run
# diverged, the strip shows "clip 3", and the rows were of "no clip")
run --export "$dir/a/l4.svg" --csv "$dir/a/l4.csv" 4 --step 1 >/dev/null 2>"$dir/err"
drawn=$(grep -o 'The sentence ([^)]*)' "$dir/a/l4.svg" | head -1 | sed 's/The sentence (\(.*\))/\1/')
rows=$(grep '^sentence,' "$dir/a/l4.csv" | cut -d, -f3 | sort -u | tr -d '"')
echo "lesson 4 step 1: the strip draws \"$drawn\", the CSV's sentence rows are of \"$rows\""
[ -n "$drawn" ] && [ "$drawn" = "$rows" ]; ok $? "CSV sentence rows of the run the strip draws ($drawn / $rows)"
# heatmap: one row per recorded step and timestep of run 1 (30 steps x 12 timesteps)
[ "$(grep -c '^heatmap,1,' "$dir/a/c.csv")" -eq 360 ]; ok $? "heatmap rows = 30 steps x 12 timesteps"
# the gradient panel's ||dL/dh_t|| equals the headless CSV's last step (independent writer)
run --steps 30 --set seq_len=12 --set hidden=8 --run cell=rnn --run cell=lstm --csv "$dir/a/h.csv" >/dev/null 2>&1
worst=$(python3 - "$dir/a/c.csv" "$dir/a/h.csv" <<'EOF'
import csv, sys
ex = {(int(r["run"]), int(float(r["x"]))): float(r["y"]) for r in csv.DictReader(open(sys.argv[1]))
      if r["panel"] == "gradient" and r["series"] == "grad_h"}
hl = {(int(r["run"]), int(r["t"])): float(r["grad_h"]) for r in csv.DictReader(open(sys.argv[2]))
      if r["step"] == "30"}
assert ex and set(ex) == set(hl), (len(ex), len(hl))
print(max(abs(ex[k] - hl[k]) / abs(hl[k]) for k in ex))
EOF
)
echo "CSV gradient vs headless --csv: worst relative difference ${worst:-none}"
[ -n "$worst" ] && at_most "$worst" 1e-8; ok $? "CSV grad_h = headless grad_h (worst rel. diff ${worst:-none}, tolerance 1e-8)"
# heatmap: what each cell's colour shows, ||dL/dx_t||, of every map's run (here both
# runs), equal to the headless grad_x of that run, step and word (independent writer)
worst=$(python3 - "$dir/a/c.csv" "$dir/a/h.csv" <<'EOF'
import csv, sys
ex = {(int(r["run"]), int(float(r["x"])), int(float(r["y"]))): float(r["z"])
      for r in csv.DictReader(open(sys.argv[1])) if r["panel"] == "heatmap"}
hl = {(int(r["run"]), int(r["step"]), int(r["t"])): float(r["grad_x"])
      for r in csv.DictReader(open(sys.argv[2]))}
assert {k[0] for k in ex} == {1, 2}, sorted({k[0] for k in ex})
assert ex and set(ex) == set(hl), (len(ex), len(hl))
print(max(abs(ex[k] - hl[k]) / abs(hl[k]) for k in ex))
EOF
)
echo "CSV heatmap vs headless --csv grad_x: worst relative difference ${worst:-none}"
[ -n "$worst" ] && at_most "$worst" 1e-8; ok $? "CSV heatmap = headless grad_x, both runs (worst rel. diff ${worst:-none}, tolerance 1e-8)"
# loss rows: one per training step, equal to the headless losses
worst=$(python3 - "$dir/a/c.csv" "$dir/a/h.csv" <<'EOF'
import csv, sys
ex = {(int(r["run"]), int(float(r["x"]))): float(r["y"]) for r in csv.DictReader(open(sys.argv[1]))
      if r["panel"] == "loss" and r["series"] == "loss"}
hl = {(int(r["run"]), int(r["step"])): float(r["loss"]) for r in csv.DictReader(open(sys.argv[2]))
      if r["t"] == "0"}
assert ex and set(ex) == set(hl), (len(ex), len(hl))
print(max(abs(ex[k] - hl[k]) / abs(hl[k]) for k in ex))
EOF
)
[ -n "$worst" ] && at_most "$worst" 1e-8; ok $? "CSV loss = headless loss (worst rel. diff ${worst:-none})"

# ---- failures: one line, exit status, nothing left behind, existing files untouched ----
mkdir "$dir/f"
cp "$dir/a/dash.png" "$dir/f/keep.png"
cp "$dir/a/dash.json" "$dir/f/keep.json"
echo existing > "$dir/f/keep.csv"
# status | expected text | environment | arguments ($dir available)
cases=$(cat <<'EOF2'
1|directory $dir/f/missing does not exist||--export $dir/f/missing/x.png
1|is a directory, not a file name||--export $dir/f
1|is a directory, not a file name||--export $dir/f/
1|cannot create files in directory /proc||--export /proc/x.png
1|write failed|RNNSCOPE_TEST_FAIL_AFTER=1000|--export $dir/f/keep.png
1|write failed|RNNSCOPE_TEST_FAIL_AFTER=0|--export $dir/f/keep.png --csv $dir/f/keep.csv
1|keep.json: write failed|RNNSCOPE_TEST_TEXT_FAIL_AFTER=100|--export $dir/f/keep.png
1|keep.csv: write failed|RNNSCOPE_TEST_TEXT_FAIL_AFTER=2000|--export $dir/f/keep.png --csv $dir/f/keep.csv
1|directory $dir/f/nope does not exist||--export $dir/f/keep.png --csv $dir/f/nope/x.csv
2|is not allowed (allowed: a file name ending in .png or .svg)||--export $dir/f/x.jpg
2|--replay takes every setting from the sidecar: --size||--replay $dir/f/keep.json --size 800x600
2|--replay takes every setting from the sidecar: a lesson||--replay $dir/f/keep.json 3
2|--export and --check are separate commands||--export $dir/f/x.png --check 1
2|--step 9: the lesson has 3 steps||--export $dir/f/x.png 3 --step 9
2|--step needs a lesson||--export $dir/f/x.png --step 2
2|a lesson sets its own runs||--export $dir/f/x.png 3 --set hidden=4
2|--size: 100x100 is out of range||--export $dir/f/x.png --size 100x100
2|--csv and the sidecar of --export name the same file '$dir/f/x.json'||--export $dir/f/x.png --csv $dir/f/x.json
2|no lesson 99||--export $dir/f/x.png 99
2|RNNSCOPE_TEST_FAIL_AFTER: 'x' is not allowed|RNNSCOPE_TEST_FAIL_AFTER=x|--export $dir/f/x.png
2|bad.json:1:1: unexpected end of file||--replay $dir/bad/bad.json
EOF2
)
mkdir "$dir/bad"
: > "$dir/bad/bad.json"
while IFS='|' read -r status want envs args; do
  [ -z "$status" ] && continue
  eval "set -- $args"
  want=$(eval "echo \"$want\"")
  before=$(ls -A "$dir/f" | sort; md5sum "$dir"/f/keep.* | cut -c1-32)
  env $envs timeout 120 "$rnnscope" "$@" >/dev/null 2>"$dir/err"
  got=$?
  after=$(ls -A "$dir/f" | sort; md5sum "$dir"/f/keep.* | cut -c1-32)
  lines=$(wc -l < "$dir/err")
  if [ "$got" -eq "$status" ] && [ "$lines" -eq 1 ] && grep -qF -- "$want" "$dir/err" &&
     [ "$before" = "$after" ] && [ -z "$(ls -A /proc | grep -F x.png)" ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: $envs rnnscope $args"
    echo "  want status $status and one line with: $want"
    echo "  got status $got, $lines line(s): $(head -c 300 "$dir/err")"
    [ "$before" = "$after" ] || echo "  files changed: $(ls -A "$dir/f" | tr '\n' ' ')"
  fi
done <<< "$cases"

# bad sidecars: each a one-line file:line:col message and exit 2
bad=$(cat <<'EOF3'
1:11: unexpected '}'|{"runs": [}
1:15: trailing comma|{"runs": [{}],}
2:12: width: 100 is not allowed|{NL  "width": 100, "runs": [{}]}
1:33: hidden: 0 is out of range|{"runs": [{"config": {"hidden": 0}}]}
1:15: duplicate key 'runs'|{"runs":[{}], "runs":[{}]}
1:45: duplicate key 'hidden'|{"runs":[{"config":{"hidden":4,"seq_len":12,"hidden":5}}]}
1:35: duplicate key 'label'|{"runs":[{"label":"a","config":{},"label":"x"}],"runs":[]}
1:14: duplicate key 'runs'|{"runs":[{}],"runs":[{}]} x
1:22: expected true|{"runs":[{}],"steps":tru,"runs":[{}]}
1:39: unknown key 'a'|{"runs":[{"label":"a"},{"label":"b"}],"a":{"label":1},"b":{"a":{"label":2}}}
1:21: unknown key 'colour'|{"runs":[{"config":{"colour":"red"}}]}
1:9: runs 1 and 2 have one colour, 1|{"runs":[{"label":"a","colour":1},{"label":"b"}]}
1:20: colour: 8 is not allowed (allowed: an integer 0..7)|{"runs":[{"colour":8}]}
1:25: 'sentence' is not allowed here|{"runs":[{}], "beside":["sentence"]}
1:32: 'loss' is not allowed here|{"runs":[{}], "beside":["loss","loss"]}
1:25: 'lost' is not allowed|{"runs":[{}], "beside":["lost"]}
1:24: beside: a string is not allowed|{"runs":[{}], "beside":"loss"}
1:23: image: '../x.png' is not allowed|{"runs":[{}], "image":"../x.png"}
1:15: unexpected text after the end|{"runs":[{}]} x
1:10: runs: 0 runs are not allowed|{"runs": []}
1:1: missing "runs"|{}
1:24: expected true|{"runs":[{}], "steps": tru}
1:2: expected a "key" in double quotes|{'runs': 1}
1:64: example: run 'tanh RNN' (task kerala, seq_len 12): example: 'Atlantis' is not a word of task kerala|{"runs":[{"config":{"task":"kerala","seq_len":12}}], "example":"Jane was born in Atlantis. Jane is very fluent in ___"}
1:64: example: a number is not allowed (allowed: a string or null)|{"runs":[{"config":{"task":"kerala","seq_len":12}}], "example":3}
EOF3
)
while IFS='|' read -r want text; do
  printf '%s' "${text//NL/$'\n'}" > "$dir/bad/bad.json"
  timeout 20 "$rnnscope" --replay "$dir/bad/bad.json" >/dev/null 2>"$dir/err"
  got=$?
  if [ "$got" -eq 2 ] && [ "$(wc -l < "$dir/err")" -eq 1 ] && grep -qF -- "bad.json:$want" "$dir/err" &&
     [ "$(ls -A "$dir/bad")" = bad.json ]; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1)); echo "FAIL: bad sidecar $text"; echo "  want bad.json:$want; got $got: $(cat "$dir/err")"
  fi
done <<< "$bad"

# duplicate keys are found among many: 87 379 distinct keys in one object (as many as
# fit in 1 MiB), the last one named as the first; the same names in other objects are
# no duplicates. (How long the parser takes is measured by the sidecar_keys benchmark.)
python3 - "$dir/bad/keys.json" <<'PY'
import sys
n = 87379
text = "{\n" + "".join('"k%05d":{"k%05d":0},\n' % (i, i) for i in range(2)) + \
       "".join('"k%05d":0,\n' % i for i in range(2, n - 1)) + '"k00000":0}\n'
open(sys.argv[1], "w").write(text)
PY
[ "$(wc -c < "$dir/bad/keys.json")" -le 1048576 ] || echo "FAIL: keys.json is over 1 MiB"
timeout 60 "$rnnscope" --replay "$dir/bad/keys.json" >/dev/null 2>"$dir/err"
got=$?
if [ "$got" -eq 2 ] && [ "$(wc -l < "$dir/err")" -eq 1 ] &&
   grep -qF -- "keys.json:87380:1: duplicate key 'k00000'" "$dir/err"; then
  pass=$((pass + 1))
else
  fail=$((fail + 1)); echo "FAIL: 87379 keys, the last a duplicate; got $got: $(head -c 300 "$dir/err")"
fi
rm -f "$dir/bad/keys.json"

# ---- two exports to one name at once: the PNG and its sidecar stay one unit ----
# Each process waits 300 ms (the other 0 ms) between renaming its sidecar and its PNG
# (RNNSCOPE_TEST_RENAME_PAUSE_MS), so that without the directory lock the other's pair
# lands in between and leaves one seed's PNG beside the other seed's sidecar.
mkdir "$dir/u" "$dir/u1" "$dir/u2"
small=(--size 320x240 --steps 2 --set hidden=4 --set seq_len=12 --set task=adding)
run --export "$dir/u1/f.png" "${small[@]}" --set seed=1 >/dev/null 2>&1
run --export "$dir/u2/f.png" "${small[@]}" --set seed=2 >/dev/null 2>&1
pairs=12 mixed=0 from1=0 from2=0 bad=0
for ((i = 0; i < pairs; i++)); do
  p1=$((i % 2 ? 300 : 0)) p2=$((i % 2 ? 0 : 300))
  RNNSCOPE_TEST_RENAME_PAUSE_MS=$p1 run --export "$dir/u/f.png" "${small[@]}" --set seed=1 >/dev/null 2>&1 &
  a=$!
  RNNSCOPE_TEST_RENAME_PAUSE_MS=$p2 run --export "$dir/u/f.png" "${small[@]}" --set seed=2 >/dev/null 2>&1 &
  b=$!
  wait $a || bad=$((bad + 1))
  wait $b || bad=$((bad + 1))
  if cmp -s "$dir/u/f.png" "$dir/u1/f.png" && cmp -s "$dir/u/f.json" "$dir/u1/f.json"; then
    from1=$((from1 + 1))
  elif cmp -s "$dir/u/f.png" "$dir/u2/f.png" && cmp -s "$dir/u/f.json" "$dir/u2/f.json"; then
    from2=$((from2 + 1))
  else
    mixed=$((mixed + 1))
  fi
done
echo "concurrent exports: $pairs pairs, $from1 left seed 1's pair, $from2 seed 2's, $mixed mixed, $bad failed"
[ "$mixed" -eq 0 ] && [ "$bad" -eq 0 ]
ok $? "two exports at once: the PNG and its sidecar always come from one process ($mixed of $pairs mixed)"

# ---- a directory lock someone else keeps: refused after a bounded wait, not a hang ----
# Anyone who can open a directory can flock it. This shell holds the lock on fd 9 (not
# passed on to rnnscope) while rnnscope, told to wait 300 ms, exports and replays there:
# each must give up with one line naming the lock, and write nothing; once the lock is
# released both work.
mkdir "$dir/lk"
cp "$dir/u1/f.json" "$dir/lk/f.json"
exec 9<"$dir/lk"
if flock -x -n 9; then
  before=$(ls -A "$dir/lk" | tr '\n' ' ')
  RNNSCOPE_TEST_LOCK_WAIT_MS=300 run --export "$dir/lk/g.png" "${small[@]}" >/dev/null 2>"$dir/err" 9<&-
  got=$?
  [ "$got" -eq 1 ] && [ "$(wc -l < "$dir/err")" -eq 1 ] &&
    grep -qF "g.json: its directory is locked by another process (waited 0.3 s; no file written)" "$dir/err" &&
    [ "$(ls -A "$dir/lk" | tr '\n' ' ')" = "$before" ]
  ok $? "--export into a directory locked by another process: exit 1, nothing written (got $got: $(cat "$dir/err"))"
  RNNSCOPE_TEST_LOCK_WAIT_MS=300 run --replay "$dir/lk/f.json" >/dev/null 2>"$dir/err" 9<&-
  got=$?
  [ "$got" -eq 1 ] && [ "$(wc -l < "$dir/err")" -eq 1 ] &&
    grep -qF "f.json: its directory is locked by another process (waited 0.3 s)" "$dir/err" &&
    [ "$(ls -A "$dir/lk" | tr '\n' ' ')" = "$before" ]
  ok $? "--replay from a directory locked by another process: exit 1 (busy, not bad input), nothing written (got $got: $(cat "$dir/err"))"
  exec 9<&-
  RNNSCOPE_TEST_LOCK_WAIT_MS=300 run --export "$dir/lk/g.png" "${small[@]}" >/dev/null 2>&1 &&
    RNNSCOPE_TEST_LOCK_WAIT_MS=300 run --replay "$dir/lk/f.json" >/dev/null 2>&1 &&
    [ -s "$dir/lk/g.png" ] && [ -s "$dir/lk/g.json" ] && [ -s "$dir/lk/f.png" ]
  ok $? "the same export and replay once the lock is released"
else
  exec 9<&-
  echo "FAIL: could not lock $dir/lk with flock(1)"; fail=$((fail + 1))
fi

# ---- every sidecar --export writes can be replayed: the names it accepts ----
# (a hidden name and an upper-case .PNG used to give sidecars --replay refused)
mkdir "$dir/names"
for name in .hidden.png UPPER.PNG 'two words.png' 'café.png'; do
  name=$(printf "$name")
  json="$dir/names/${name%.*}.json"
  run --export "$dir/names/$name" "${small[@]}" >/dev/null 2>"$dir/err" &&
    cp "$dir/names/$name" "$dir/names/first.bin" &&
    run --replay "$json" >/dev/null 2>>"$dir/err" && cmp -s "$dir/names/$name" "$dir/names/first.bin"
  ok $? "--export '$name' then --replay its sidecar: the same PNG ($(head -c 300 "$dir/err"))"
done

# no temporary files anywhere we wrote
leftover=$(find "$dir" -name '*tmp-*' -o -name '.rnnscope-*' -o -name '*.bench-*' | head -3)
[ -z "$leftover" ]; ok $? "no temporary files left behind ($leftover)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
