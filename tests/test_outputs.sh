#!/usr/bin/env bash
# Output files as a careful user expects them (docs/reliability.md, issue 11):
#   modes:  a new file gets the mode the user's umask gives any new file (the reference:
#           a file the shell makes with '>', which is open(O_CREAT, 0666)); a replaced
#           file keeps its permissions (not set-user-ID) and, as root, its owner.
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

echo "outputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
