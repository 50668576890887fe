#!/usr/bin/env bash
# Output files as a careful user expects them (docs/reliability.md, issue 11):
#   modes:  a new file gets the mode the user's umask gives any new file (the reference:
#           a file the shell makes with '>', which is open(O_CREAT, 0666)); a replaced
#           file keeps its permissions (not set-user-ID) and, as root, its owner.
#   limits: a sidecar asks for no more than a command line may (steps, steps x work,
#           size, lesson step): refused at once, exit 2, one line with file:line:col.
#   case:   names that differ only in case are one file where the directory folds case
#           (vfat through fusefat, when it can be mounted), two files elsewhere; names
#           outside ASCII (Été, ÉTÉ) where the directory takes them for one (exFAT
#           through exfat-fuse on a loop device, as root), two files elsewhere.
#   usage: test_outputs.sh RNNSCOPE
set -u
rnnscope=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
unset DISPLAY SDL_VIDEODRIVER WAYLAND_DISPLAY
pass=0 fail=0
ok() { # ok STATUS NAME: pass if STATUS is 0
  if [ "$1" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi
}
run() { timeout 120 "$rnnscope" "$@"; }
mode() { stat -c %a "$1"; }

# ---- modes under a umask ------------------------------------------------------------
for u in 077 022 027 002; do
  d="$dir/umask$u"
  mkdir "$d"
  (
    umask "$u"
    : > "$d/reference"
    run --steps 2 --csv "$d/train.csv" > /dev/null &&
    run --trace "$d/trace.json" &&
    run --export "$d/fig.png" --steps 0 --size 320x240 --csv "$d/fig.csv" &&
    run --export "$d/fig.svg" --steps 0 --size 320x240 &&
    run --replay "$d/fig.json" --export "$d/again.png"
  ) 2> "$d/err"
  ok $? "umask $u: the commands work ($(head -c 200 "$d/err"))"
  want=$(mode "$d/reference")
  for f in train.csv trace.json fig.png fig.json fig.csv fig.svg again.png again.json; do
    got=$(mode "$d/$f" 2>/dev/null)
    [ "$got" = "$want" ]
    ok $? "umask $u: $f has mode ${got:-(missing)}, a new file's is $want"
  done
  echo "umask $u: 8 new files, mode $want like '>' makes"
done

# ---- a replaced file keeps its permissions (and its owner, as root) ------------------
d="$dir/keep"
mkdir "$d"
for m in 640 666 604 600; do
  echo old > "$d/m$m.csv" && chmod "$m" "$d/m$m.csv"
  (umask 077 && run --steps 1 --csv "$d/m$m.csv" > /dev/null)
  [ "$(mode "$d/m$m.csv")" = "$m" ] && head -1 "$d/m$m.csv" | grep -q '^run,'
  ok $? "a $m CSV replaced under umask 077 is $(mode "$d/m$m.csv") (or was not replaced)"
done
echo old > "$d/setid.csv" && chmod 6755 "$d/setid.csv"
run --steps 1 --csv "$d/setid.csv" > /dev/null
[ "$(mode "$d/setid.csv")" = 755 ]
ok $? "a set-user-ID file replaced keeps 755 without set-ID bits: $(mode "$d/setid.csv")"
if [ "$(id -u)" -eq 0 ] && getent passwd nobody > /dev/null; then
  echo old > "$d/theirs.csv" && chmod 664 "$d/theirs.csv" && chown nobody: "$d/theirs.csv"
  before=$(stat -c %U:%G "$d/theirs.csv")
  run --steps 1 --csv "$d/theirs.csv" > /dev/null
  [ "$(stat -c %U:%G:%a "$d/theirs.csv")" = "$before:664" ]
  ok $? "root replacing $before's file keeps its owner: $(stat -c %U:%G:%a "$d/theirs.csv")"
else
  echo "note: not root: the owner of a replaced file is not checked"
fi

# ---- a sidecar asks for no more than a command line may ------------------------------
# Each bad sidecar is the good one with one value changed: exit 2, one line naming
# file:line:col and the limit, under 0.5 s of CPU (nothing trained).
d="$dir/limits"
mkdir "$d"
run --export "$d/good.png" --steps 3 --size 320x240 2> "$d/err"
ok $? "the sidecar to change is written ($(head -c 200 "$d/err"))"
bad_sidecar() { # NAME SED-EXPRESSION EXPECTED-MESSAGE
  sed "$2" "$d/good.json" > "$d/$1.json"
  if cmp -s "$d/good.json" "$d/$1.json"; then ok 1 "$1: the edit $2 changed nothing"; return; fi
  TIMEFORMAT='%3U %3S'
  cpu=$({ time timeout 20 "$rnnscope" --replay "$d/$1.json" > /dev/null 2> "$d/$1.err"; echo "rc=$?" > "$d/$1.rc"; } 2>&1)
  cpu_ms=$(echo "$cpu" | awk '{ printf "%d", 1000 * ($1 + $2) }')
  [ "$(cat "$d/$1.rc")" = rc=2 ] && [ "$(wc -l < "$d/$1.err")" -eq 1 ] &&
    grep -qF -- "$3" "$d/$1.err" && [ "$cpu_ms" -lt 500 ]
  ok $? "$1: $(cat "$d/$1.rc"), ${cpu_ms} ms CPU, '$(cat "$d/$1.err")' (expected '$3')"
  echo "$1: refused in ${cpu_ms} ms CPU: $(cat "$d/$1.err")"
}
bad_sidecar steps-1e8 's/"steps": 3,/"steps": 100000000,/' \
  "$d/steps-1e8.json:9:12: steps: 100000000 is not allowed (allowed: an integer 0..1000000)"
bad_sidecar steps-1e6+1 's/"steps": 3,/"steps": 1000001,/' \
  "steps: 1000001 is not allowed (allowed: an integer 0..1000000)"
bad_sidecar steps-x-work 's/"steps": 3,/"steps": 1000000,/; s/"hidden": 32,/"hidden": 1024,/' \
  "$d/steps-x-work.json:9:12: steps: 1000000 steps of this run need about 4.3e+15 multiply-adds (4.3e+09 a step; allowed: at most 3e+13)"
bad_sidecar work-of-runs 's/"steps": 3,/"steps": 200,/; s/"hidden": 32,/"hidden": 1024,/; s/"seq_len": 40,/"seq_len": 1000,/; s/"batch": 32,/"batch": 48,/' \
  "steps: 200 steps of this run need about 3.3e+13 multiply-adds"
bad_sidecar width 's/"width": 320,/"width": 7681,/' "width: 7681 is not allowed (allowed: an integer 320..7680)"
bad_sidecar height 's/"height": 240,/"height": 4321,/' "height: 4321 is not allowed (allowed: an integer 240..4320)"
bad_sidecar height-low 's/"height": 240,/"height": 239,/' "height: 239 is not allowed (allowed: an integer 240..4320)"
bad_sidecar steps-negative 's/"steps": 3,/"steps": -1,/' "steps: -1 is not allowed (allowed: an integer 0..1000000)"
bad_sidecar lesson-step 's/"lesson": null,/"lesson": {"name": "x", "step": 1001, "steps": 1001},/' \
  "step: 1001 is not allowed (allowed: an integer 1..1000)"
# the command line says the same
while IFS='|' read -r want args; do
  # shellcheck disable=SC2086
  run $args > /dev/null 2> "$d/cli.err"
  rc=$?
  [ "$rc" -eq 2 ] && [ "$(wc -l < "$d/cli.err")" -eq 1 ] && grep -qF -- "$want" "$d/cli.err"
  ok $? "$args: status $rc, '$(cat "$d/cli.err")' (expected '$want')"
done <<LIMITS
--steps: '100000000' is not allowed (allowed: an integer 0..1000000)|--steps 100000000
--steps: '1000001' is not allowed (allowed: an integer 0..1000000)|--export $d/x.png --steps 1000001
--steps: 1000000 steps of this run need about 4.3e+15 multiply-adds|--steps 1000000 --set hidden=1024
--steps: 1000000 steps of these runs need about|--steps 1000000 --run hidden=256 --run hidden=300
--export: 200 steps of this run need about 3.3e+13 multiply-adds|--export $d/x.png --set hidden=1024 --set seq_len=1000 --set batch=48
--size: 7681x240 is out of range (allowed: 320x240 .. 7680x4320)|--export $d/x.png --size 7681x240
--replay $d/good.png: is a PNG image, not its sidecar (allowed: the .json written beside it, such as $d/good.json)|--replay $d/good.png
LIMITS
run --export "$dir/v.svg" --steps 0 --size 320x240 && run --replay "$dir/v.svg" 2> "$d/svg.err"
[ $? -eq 2 ] && grep -qF "is an SVG image, not its sidecar" "$d/svg.err"
ok $? "--replay v.svg: '$(cat "$d/svg.err")'"
left=$(cd "$d" && ls | grep -v -e '\.json$' -e '\.err$' -e '\.rc$' -e '^good\.png$' -e '^err$')
[ -z "$left" ]
ok $? "nothing but the sidecars and their answers in $d: $left"

# ---- names that differ only in case -------------------------------------------------
# Where the directory tells case apart (here), Fig.png's sidecar Fig.json and a CSV
# fig.json are two files; where it does not (vfat, here through fusefat when it can be
# mounted), they are one: refused, exit 2, nothing written. The inode alone cannot tell:
# fusefat gives one file another inode for each spelling.
d="$dir/case"
mkdir "$d"
run --export "$d/Fig.png" --csv "$d/fig.json" --steps 1 --size 320x240 2> "$d/err" &&
  head -c 1 "$d/Fig.json" | grep -q '{' && head -1 "$d/fig.json" | grep -q '^panel,run,' &&
  [ -z "$(find "$d" -name '.rnnscope-*')" ]
ok $? "a directory that tells case apart: Fig.json and fig.json are two files ($(head -c 200 "$d/err"))"
fat_cases() { # DIR: the refusals on a directory that folds case
  local f=$1
  cp "$(dirname "$0")/../lessons/03-exploding.md" "$f/Talk.json" 2>/dev/null ||
    printf '# T\n\n## S\n\ntrain: 2\n\nText.\n' > "$f/Talk.json"
  run --export "$f/Fig.png" --steps 1 --size 320x240 2> "$f/../fat.err"
  ok $? "on vfat: --export Fig.png works ($(head -c 200 "$f/../fat.err"))"
  cp "$f/Fig.json" "$f/../Fig.json.before"
  while IFS='|' read -r want args; do
    # shellcheck disable=SC2086
    run $args > /dev/null 2> "$f/../fat.err"
    rc=$?
    [ "$rc" -eq 2 ] && [ "$(wc -l < "$f/../fat.err")" -eq 1 ] && grep -qF -- "$want" "$f/../fat.err" &&
      cmp -s "$f/Fig.json" "$f/../Fig.json.before" && [ -z "$(ls -a "$f" | grep -e '\.csv' -e tmp- -e rnnscope-)" ]
    ok $? "on vfat: $args: status $rc, '$(cat "$f/../fat.err")' (expected '$want'), files: $(ls -a "$f" | tr '\n' ' ')"
  done <<CASES
--csv '$f/fig.JSON' and the sidecar of --export '$f/FIG.json' are one file (the directory does not tell upper from lower case)|--export $f/FIG.png --csv $f/fig.JSON --steps 1
--csv: '$f/FIG.JSON' is the --replay sidecar '$f/Fig.json' (it would be overwritten: the directory does not tell upper from lower case)|--replay $f/Fig.json --csv $f/FIG.JSON
--csv '$f/fig.PNG' and the image named in the --replay sidecar '$f/Fig.png' are one file|--replay $f/Fig.json --csv $f/fig.PNG
the sidecar of --export '$f/fig.json' is the --replay sidecar '$f/FIG.JSON' (it would be overwritten|--replay $f/FIG.JSON --export $f/fig.png
the sidecar of --export '$f/talk.json' is the lesson file '$f/TALK.json' (it would be overwritten|--export $f/talk.png --steps 1 $f/TALK.json
CASES
  run --export "$f/X.png" --csv "$f/y.csv" --steps 1 --size 320x240 2> "$f/../fat.err" &&
    [ -s "$f/X.json" ] && [ -s "$f/y.csv" ]
  ok $? "on vfat: names that differ by more than case still work ($(head -c 200 "$f/../fat.err"))"
  # fusefat makes no name outside ASCII (EPERM): the export fails whole, nothing is left
  run --export "$f/Fig2.png" --csv "$f/été.csv" --steps 1 --size 320x240 2> "$f/../fat.err"
  rc=$?
  [ "$rc" -eq 1 ] && grep -qF "été.csv: cannot create the file: Operation not permitted" "$f/../fat.err" &&
    [ -z "$(ls -a "$f" | grep -e Fig2 -e 'été' -e tmp- -e rnnscope-)" ]
  ok $? "on vfat (fusefat): a name outside ASCII: status $rc, '$(cat "$f/../fat.err")', files: $(ls -a "$f" | tr '\n' ' ')"
  echo "on vfat: 5 names that differ only in case refused, 2 exports written, 1 name outside ASCII refused by fusefat"
}
# names outside ASCII: Été.json and ÉTÉ.JSON are one name where the directory folds
# Unicode case (exFAT's up-case table), and the composed é (U+00E9) and e + U+0301 are
# two on exFAT (no normalization): each pair is asked of the directory itself
utf8_cases() { # DIR FOLDS(1|0)
  local f=$1 folds=$2 de
  de=$(printf 'E\xcc\x81te\xcc\x81.json') # Été with decomposed accents
  run --export "$f/Été.png" --steps 1 --size 320x240 2> "$f/../u.err"
  ok $? "UTF-8 names: --export Été.png works ($(head -c 200 "$f/../u.err"))"
  cp "$f/Été.json" "$f/../Été.json.before"
  for args in "--export $f/ÉTÉ.png --csv $f/été.json --steps 1 --size 320x240" "--replay $f/Été.json --csv $f/ÉTÉ.JSON"; do
    # shellcheck disable=SC2086
    run $args > /dev/null 2> "$f/../u.err"
    rc=$?
    if [ "$folds" = 1 ]; then
      [ "$rc" -eq 2 ] && grep -qF "the directory takes the two names for one)" "$f/../u.err" &&
        cmp -s "$f/Été.json" "$f/../Été.json.before" && [ -z "$(ls -a "$f" | grep -e '\.csv' -e tmp- -e rnnscope-)" ]
    else
      [ "$rc" -eq 0 ] && cmp -s "$f/Été.json" "$f/../Été.json.before" && [ -z "$(ls -a "$f" | grep -e tmp- -e rnnscope-)" ]
    fi
    ok $? "UTF-8 names (folds: $folds): $args: status $rc, '$(cat "$f/../u.err")', files: $(ls -a "$f" | tr '\n' ' ')"
  done
  run --replay "$f/Été.json" --csv "$f/$de" > /dev/null 2> "$f/../u.err" &&
    cmp -s "$f/Été.json" "$f/../Été.json.before" && head -1 "$f/$de" | grep -q '^panel,run,'
  ok $? "UTF-8 names: a decomposed Été.json is another file here ($(head -c 200 "$f/../u.err"))"
}
d="$dir/utf8"
mkdir "$d"
utf8_cases "$d" 0
echo "UTF-8 names on $(stat -f -c %T "$d"): 4 cases, two files each time"
ex_dir="$dir/exfat/mnt"
if [ "$(id -u)" = 0 ] && command -v mkfs.exfat > /dev/null && command -v mount.exfat-fuse > /dev/null &&
   command -v losetup > /dev/null && [ -c /dev/fuse ] && mkdir -p "$ex_dir" && truncate -s 16M "$dir/exfat/img" &&
   mkfs.exfat "$dir/exfat/img" > /dev/null 2>&1 && ex_loop=$(losetup -f --show "$dir/exfat/img" 2> /dev/null) &&
   mount.exfat-fuse "$ex_loop" "$ex_dir" > /dev/null 2>&1 && mountpoint -q "$ex_dir"; then
  trap 'fusermount -u "$ex_dir" 2>/dev/null; losetup -d "$ex_loop" 2>/dev/null; rm -rf "$dir"' EXIT
  utf8_cases "$ex_dir" 1
  echo "UTF-8 names on exFAT (exfat-fuse): 2 refused, 2 exports written"
  fusermount -u "$ex_dir"
  losetup -d "$ex_loop"
  trap 'rm -rf "$dir"' EXIT
else
  [ -n "${ex_loop:-}" ] && losetup -d "$ex_loop" 2>/dev/null
  echo "note: no exFAT here (root, mkfs.exfat, mount.exfat-fuse, losetup and /dev/fuse needed): names outside ASCII on a directory that folds them were not run"
fi
fat_dir="$dir/fat/mnt"
if command -v mkfs.vfat > /dev/null && command -v fusefat > /dev/null && command -v fusermount > /dev/null &&
   [ -c /dev/fuse ] && mkdir -p "$fat_dir" && truncate -s 16M "$dir/fat/img" &&
   mkfs.vfat "$dir/fat/img" > /dev/null 2>&1 && fusefat -o rw+ "$dir/fat/img" "$fat_dir" > /dev/null 2>&1 &&
   mountpoint -q "$fat_dir"; then
  trap 'fusermount -u "$fat_dir" 2>/dev/null; rm -rf "$dir"' EXIT
  touch "$fat_dir/Same.txt"
  echo "note: fusefat gives Same.txt inode $(stat -c %i "$fat_dir/Same.txt"), SAME.TXT inode $(stat -c %i "$fat_dir/SAME.TXT")"
  fat_cases "$fat_dir"
  fusermount -u "$fat_dir"
else
  echo "note: no vfat here (mkfs.vfat, fusefat and /dev/fuse needed): the refusals on a directory that folds case were not run"
fi

echo "outputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
