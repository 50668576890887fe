#!/usr/bin/env bash
# Runs each samebits build (tests/samebits.c; the first is this build's engine)
# and checks that every one prints the same bytes as the first; on a difference
# shows the first differing lines.
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
first=$1
"$first" >"$dir/ref" || { echo "FAIL: $first exited $?"; exit 1; }
echo "$(wc -l <"$dir/ref") lines from $(basename "$first")"
fail=0
for exe in "${@:2}"; do
  if ! "$exe" >"$dir/out"; then
    echo "FAIL: $exe exited with an error"; fail=1; continue
  fi
  if cmp -s "$dir/ref" "$dir/out"; then
    echo "same bits: $(basename "$exe")"
  else
    echo "FAIL: $(basename "$exe") differs from $(basename "$first"):"
    diff "$dir/ref" "$dir/out" | head -6
    fail=1
  fi
done
# the first again with each narrower width of kernels (RNNSCOPE_KERNELS), where the
# engine has several and the CPU runs it
for isa in avx2 base; do
  if ! RNNSCOPE_KERNELS=$isa "$first" >"$dir/out" 2>"$dir/err"; then
    echo "FAIL: $first with RNNSCOPE_KERNELS=$isa exited with an error"; fail=1; continue
  fi
  ran=$(sed -n 's/^# kernels: //p' "$dir/err")
  if [ "$ran" != "$isa" ]; then
    echo "not run: kernels $isa (this engine ran ${ran:-?})"
  elif cmp -s "$dir/ref" "$dir/out"; then
    echo "same bits: $(basename "$first") with kernels $isa"
  else
    echo "FAIL: $(basename "$first") with kernels $isa differs:"
    diff "$dir/ref" "$dir/out" | head -6
    fail=1
  fi
done
exit $fail
