#!/usr/bin/env bash
# SVG export (--export FILE.svg, src/format/svg.c) through the CLI:
#   - every panel and the dashboard, both themes, several sizes: the SVG is well-formed
#     XML (xmllint --noout), names DejaVu Sans and embeds no font, draws the heatmap as
#     an embedded PNG <image>, and rendered by librsvg (rsvg-convert) it matches the PNG
#     export of the same figure;
#   - the same command gives the same bytes; its sidecar --replay's to the same bytes;
#     --format svg replays a PNG's sidecar as SVG;
#   - the PNG export's failure paths hold for SVG: a failed write leaves no file and an
#     existing file untouched (signals and ulimit -f: tests/test_bad_inputs.sh).
#
# The metric. Text is rasterized by two different engines (FreeType with hinting in
# rnnscope, Pango/cairo without in librsvg): glyph edges differ in anti-aliasing and
# long strings drift by a pixel or a few, so a per-pixel comparison would measure the
# text engines, not the figure. Both images are therefore reduced 4x with a box filter
# (each pixel the mean of a 4x4 block: what a figure shows at a quarter of its size)
# and compared by ImageMagick's normalized RMSE (0 = equal, 1 = black against white).
# Threshold 0.10: the figures measured 0.035..0.08 when this test was written; the
# same comparison of the SVG against the PNG of another figure (the same panel at
# another lesson step, or the other theme) must exceed it, which shows the metric sees
# a wrong figure. That the recorded list draws exactly the PNG's pixels is
# tests/test_dlist.c's check (byte for byte).
#   usage: test_svg.sh RNNSCOPE
set -u
rnnscope=$1
for tool in xmllint rsvg-convert convert compare; do
  command -v "$tool" >/dev/null || { echo "skip: $tool not installed (tools/setup installs it)"; exit 77; }
done
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
pass=0 fail=0
ok() { # ok STATUS MESSAGE
  if [ "$1" -eq 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2"; fi
}
limit=0.10

# RMSE of two images reduced 4x (box filter), normalized 0..1
rmse4() {
  convert "$1" -background white -alpha remove -alpha off -filter box -resize 25% "$dir/m1.png" &&
  convert "$2" -background white -alpha remove -alpha off -filter box -resize 25% "$dir/m2.png" &&
  compare -metric RMSE "$dir/m1.png" "$dir/m2.png" null: 2>&1 | sed 's/.*(\(.*\))/\1/'
}
below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

# name | arguments | a different figure (negative control)
figures=$(cat <<'EOF'
dash|kerala --step 3|kerala --step 2
heatmap|kerala --step 3 --panel heatmap|kerala --step 1 --panel heatmap
heatmap-dark|kerala --step 3 --panel heatmap --theme dark --size 1280x720|kerala --step 3 --panel heatmap --size 1280x720
gradient|remedies --step 2 --panel gradient|remedies --step 1 --panel gradient
loss|bptt --step 2 --panel loss --size 2560x1440|bptt --step 4 --panel loss --size 2560x1440
clipping|clipping --step 1 --panel clipping --size 800x600|clipping --step 3 --panel clipping --size 800x600
spectrum|remedies --step 2 --panel spectrum|exploding --step 1 --panel spectrum
sentence|mouse --step 2 --panel sentence|mouse --step 1 --panel sentence
gates|lstm --step 2 --panel gates --theme dark|lstm --step 2 --panel gates
portrait|mouse --step 2 --size 1080x1920 --presenter|mouse --step 1 --size 1080x1920 --presenter
tiny|--run cell=lstm --run cell=gru --steps 30 --size 320x240|--run cell=lstm --run cell=gru --steps 30 --size 320x240 --panel loss
EOF
)
while IFS='|' read -r name args other; do
  [ -z "$name" ] && continue
  read -r -a a <<< "$args"
  read -r -a b <<< "$other"
  "$rnnscope" --export "$dir/$name.svg" "${a[@]}" 2>"$dir/err" >/dev/null
  ok $? "$name: --export .svg failed: $(cat "$dir/err")"
  "$rnnscope" --export "$dir/$name-ref.png" "${a[@]}" >/dev/null 2>&1 # own sidecar name
  "$rnnscope" --export "$dir/$name-other.png" "${b[@]}" >/dev/null 2>&1
  xmllint --noout "$dir/$name.svg" 2>"$dir/err"
  ok $? "$name: not well-formed XML: $(head -c 300 "$dir/err")"
  grep -q 'font-family="DejaVu Sans' "$dir/$name.svg" && ! grep -q '@font-face\|<font' "$dir/$name.svg" &&
    grep -q '<text ' "$dir/$name.svg"
  ok $? "$name: text is not <text> in DejaVu Sans, or a font is embedded"
  case $args in *heatmap*|"kerala --step 3")
    grep -q '<image [^>]*xlink:href="data:image/png;base64,' "$dir/$name.svg"
    ok $? "$name: the heatmap is not an embedded PNG image";;
  esac
  rsvg-convert -o "$dir/$name-svg.png" "$dir/$name.svg" 2>"$dir/err"
  ok $? "$name: rsvg-convert failed: $(head -c 300 "$dir/err")"
  size_png=$(identify -format '%wx%h' "$dir/$name-ref.png") size_svg=$(identify -format '%wx%h' "$dir/$name-svg.png")
  [ "$size_png" = "$size_svg" ]
  ok $? "$name: rendered SVG is $size_svg, the PNG $size_png"
  same=$(rmse4 "$dir/$name-ref.png" "$dir/$name-svg.png")
  diff=$(rmse4 "$dir/$name-other.png" "$dir/$name-svg.png")
  below "$same" "$limit"
  ok $? "$name: rendered SVG against the PNG: RMSE (4x reduced) $same, allowed below $limit"
  below "$limit" "$diff"
  ok $? "$name: the metric does not see another figure: RMSE $diff against '$other' (want above $limit)"
  echo "$name: $(stat -c %s "$dir/$name.svg") bytes; RMSE 4x reduced: $same against its PNG, $diff against another figure ($other)"
done <<< "$figures"

# the same command, the same bytes; the sidecar replays to the same bytes
"$rnnscope" --export "$dir/again.svg" kerala --step 3 >/dev/null 2>&1
cmp -s "$dir/dash.svg" "$dir/again.svg"
ok $? "the same export twice gives different SVG bytes"
mkdir "$dir/r" && cp "$dir/dash.json" "$dir/r/dash.json"
"$rnnscope" --replay "$dir/r/dash.json" >/dev/null 2>"$dir/err" && cmp -s "$dir/dash.svg" "$dir/r/dash.svg"
ok $? "--replay of the SVG's sidecar does not give the same bytes: $(cat "$dir/err")"
grep -q '"image": "dash.svg"' "$dir/dash.json" && ! grep -q '"format"' "$dir/dash.json"
ok $? "the sidecar of dash.svg does not name it (or writes a format its name already says)"
# --format svg: a PNG's sidecar replayed as SVG beside it (the sidecar left as it is)
mkdir "$dir/p" && cp "$dir/heatmap-ref.json" "$dir/p/heatmap-ref.json"
"$rnnscope" --replay "$dir/p/heatmap-ref.json" --format svg >/dev/null 2>"$dir/err" &&
  cmp -s "$dir/heatmap.svg" "$dir/p/heatmap-ref.svg" && cmp -s "$dir/heatmap-ref.json" "$dir/p/heatmap-ref.json"
ok $? "--replay PNG-sidecar --format svg is not the SVG export: $(cat "$dir/err")"
# --format against the name is recorded, so the replay writes the same format
"$rnnscope" --export "$dir/odd.png" --format svg --steps 5 --size 640x480 >/dev/null 2>&1 &&
  xmllint --noout "$dir/odd.png" && grep -q '"format": "svg"' "$dir/odd.json"
ok $? "--export x.png --format svg does not write SVG with \"format\": \"svg\" in its sidecar"
mkdir "$dir/o" && cp "$dir/odd.json" "$dir/o/" && "$rnnscope" --replay "$dir/o/odd.json" >/dev/null 2>&1 &&
  cmp -s "$dir/odd.png" "$dir/o/odd.png"
ok $? "the replay of --format svg's sidecar is not the same SVG"

# failure paths: nothing written, an existing file untouched, no temporary file
mkdir "$dir/f" && echo existing > "$dir/f/keep.svg"
for envs in RNNSCOPE_TEST_FAIL_AFTER=0 RNNSCOPE_TEST_FAIL_AFTER=5000 RNNSCOPE_TEST_TEXT_FAIL_AFTER=100; do
  env $envs "$rnnscope" --export "$dir/f/keep.svg" --steps 2 --size 640x480 >/dev/null 2>"$dir/err"
  st=$?
  [ "$st" -eq 1 ] && [ "$(wc -l < "$dir/err")" -eq 1 ] && grep -q 'write failed' "$dir/err" &&
    [ "$(cat "$dir/f/keep.svg")" = existing ] && [ "$(ls -A "$dir/f")" = keep.svg ]
  ok $? "$envs --export keep.svg: status $st, $(head -c 200 "$dir/err"); left: $(ls -A "$dir/f" | tr '\n' ' ')"
done
"$rnnscope" --export "$dir/f/x.svg" --format pdf >/dev/null 2>"$dir/err"
[ $? -eq 2 ] && grep -q "'pdf' is not allowed (allowed: png, svg)" "$dir/err"
ok $? "--format pdf is not refused"
leftover=$(find "$dir" -name '*tmp-*' -o -name '.rnnscope-*' | head -3)
[ -z "$leftover" ]
ok $? "temporary files left behind: $leftover"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
