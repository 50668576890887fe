#!/usr/bin/env bash
# Every step of every built-in lesson renders: export each one headless (a short
# training, small image) and decode the PNG with stb_image (png_info): right size,
# not blank. Usage: test_lesson_exports.sh RNNSCOPE PNG_INFO
set -u
rnnscope=$1 png_info=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
unset DISPLAY WAYLAND_DISPLAY SDL_VIDEODRIVER
pass=0 fail=0
total=0
while read -r n name rest; do
  nsteps=$(sed -n 's/.*(\([0-9]*\) steps)$/\1/p' <<< "$rest")
  total=$((total + nsteps))
  for k in $(seq 1 "$nsteps"); do
    out="$dir/$n-$k.png"
    if ! "$rnnscope" --export "$out" --size 640x360 --steps 20 "$n" --step "$k" 2>"$dir/err"; then
      fail=$((fail + 1)); echo "FAIL: lesson $n ($name) step $k: $(cat "$dir/err")"; continue
    fi
    read -r w h distinct top _ < <("$png_info" "$out")
    if [ "$w" = 640 ] && [ "$h" = 360 ] && [ "$distinct" -gt 50 ] &&
       awk -v t="$top" 'BEGIN { exit !(t < 0.9) }'; then
      pass=$((pass + 1))
    else
      fail=$((fail + 1)); echo "FAIL: lesson $n step $k: png_info says $w $h $distinct $top"
    fi
  done
done < <("$rnnscope" --list)
echo "$pass passed, $fail failed (of $total lesson steps)"
[ "$fail" -eq 0 ] && [ "$pass" -eq "$total" ] && [ "$total" -ge 9 ]
