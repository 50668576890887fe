#!/usr/bin/env bash
# test_web_numbers.sh RNNSCOPE [--default] - the browser edition's module
# (build-web/rnnscope.wasm, made by tools/web) trains to the same numbers as the
# native build: the summary lines of `--steps N` (all but steps_per_s, a timing)
# and the whole CSV, byte for byte, for every cell, activation and direction. The
# module runs under Node's WASI (web/wasi_cli.mjs); it has no FMA and its libm is
# wasi-libc's (musl).
#
# Without --default the native build runs with glibc's FMA variants of exp/log/pow
# switched off (GLIBC_TUNABLES=glibc.cpu.hwcaps=-FMA,-AVX2), as on a CPU without FMA.
# With --default it runs as it is. Both must agree with the module: every
# transcendental of the training path (e^x, ln, cos, x^n, arccos) is the engine's
# own (src/engine/vmath.c), so glibc's choice of variant does not matter.
set -euo pipefail
rnnscope=$(realpath "$1")
mode=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
command -v node >/dev/null || { echo "SKIP: node is not installed"; exit 77; }
"$top/tools/web" >/dev/null
wasm=$top/build-web/rnnscope.wasm
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
native_env=(env GLIBC_TUNABLES=glibc.cpu.hwcaps=-FMA,-AVX2)
[ "$mode" = --default ] && native_env=(env)

pass=0 fail=0
strip() { sed 's/ steps_per_s=[^ ]*//'; }
while read -r steps args; do
  rm -f native.csv wasm.csv
  # shellcheck disable=SC2086
  "${native_env[@]}" "$rnnscope" --steps "$steps" $args --csv native.csv | strip > native.txt
  # shellcheck disable=SC2086
  node --no-warnings "$top/web/wasi_cli.mjs" "$wasm" --steps "$steps" $args --csv wasm.csv | strip > wasm.txt || true
  rows=$(($(wc -l < native.csv) - 1))
  if cmp -s native.txt wasm.txt && cmp -s native.csv wasm.csv; then
    pass=$((pass + 1))
    echo "same: --steps $steps $args ($rows CSV rows)"
  else
    fail=$((fail + 1))
    echo "FAIL: --steps $steps $args differs:"
    diff native.txt wasm.txt | head -5 || true
    cmp native.csv wasm.csv || true
  fi
done <<'CASES'
150 --run activation=tanh --run activation=sigmoid --run activation=relu --run activation=linear
150 --run cell=lstm --run cell=gru
60 --set bidirectional=1 --run cell=rnn --run cell=lstm --run cell=gru --set seq_len=20
80 --set task=adding --run cell=lstm --run cell=gru --set optimizer=sgd --set clip=value
CASES
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
