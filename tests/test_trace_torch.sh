#!/usr/bin/env bash
# Writes traces for every cell x activation x direction x loss (and attention's
# masks, heads and layers) and checks each
# against PyTorch (tests/check_trace.py). Skips (77) without Debian's python3-torch.
set -u
rnnscope=$1
src=$(dirname "$0")
py=/usr/bin/python3
if ! [ -x "$py" ] || ! "$py" -c "import torch" 2>/dev/null; then
  echo "SKIP: python3-torch is not installed"
  exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
n=0
for task in adding kerala; do
  for spec in rnn:sigmoid rnn:tanh rnn:relu rnn:linear lstm:tanh gru:tanh; do
    for bi in 0 1; do
      cell=${spec%%:*} act=${spec##*:}
      n=$((n + 1))
      len=12; [ $task = adding ] && len=9
      "$rnnscope" --set task=$task --set cell=$cell --set activation=$act --set bidirectional=$bi \
        --set hidden=5 --set seq_len=$len --set batch=3 --set seed=$n --set init_scale=1.3 \
        --trace "$dir/$n.json" || exit 1
    done
  done
done
# cell=attention as torch.nn.TransformerEncoder: both masks, 1 and 2 heads and layers
for task in adding kerala; do
  for mask in none causal; do
    for hl in 1:1 2:2 2:1; do
      n=$((n + 1))
      len=12; [ $task = adding ] && len=9
      "$rnnscope" --set task=$task --set cell=attention --set attention_mask=$mask \
        --set heads=${hl%%:*} --set layers=${hl##*:} --set hidden=6 --set ff=10 --set seq_len=$len \
        --set batch=3 --set seed=$n --trace "$dir/$n.json" || exit 1
    done
  done
done
"$py" "$src/check_trace.py" "$dir"/*.json
