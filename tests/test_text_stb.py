#!/usr/bin/env python3
"""test_text_stb.py TTF STB - the browser's text backend (stb_truetype, text_stb.c)
against the desktop's (SDL_ttf + FreeType, text.c), from tests/text_metrics.c built
with each: same ascent and line height (both ceil the font's own metrics at the
same pixels per em), widths within 3% + 1 px from 16 px up and 7% + 1 px below
(FreeType hints, rounding each advance to whole pixels, which matters most at small
sizes; stb does not), ink within 12% (hinting sharpens stems; same glyphs)."""
import subprocess
import sys

ttf, stb = (subprocess.run([p], capture_output=True, text=True, check=True).stdout.splitlines()
            for p in sys.argv[1:3])
passed = failed = 0
worst_w = worst_ink = 0.0
for a, b in zip(ttf, stb):
    pa, pb = a.split(" ", 6), b.split(" ", 6)
    px, bold, text = pa[0], pa[1], pa[6]
    wa, wb = int(pa[2]), int(pb[2])
    dw = abs(wa - wb) / max(wa, 1)
    tol = (0.03 if int(px) >= 16 else 0.07) * wa + 1
    dink = abs(float(pa[5]) - float(pb[5])) / max(float(pa[5]), 1)
    worst_w, worst_ink = max(worst_w, dw), max(worst_ink, dink)
    ok = pa[3:5] == pb[3:5] and abs(wa - wb) <= tol and dink <= 0.12
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {px}px bold={bold} {text!r}: SDL_ttf w/asc/h/ink {pa[2:6]}, stb {pb[2:6]}")
if len(ttf) != len(stb) or not ttf:
    failed += 1
    print("FAIL: the two programs printed different numbers of lines")
print(f"worst width difference {100 * worst_w:.1f}% (tolerance 3% + 1 px, below 16 px 7% + 1 px), "
      f"worst ink difference {100 * worst_ink:.1f}% (tolerance 12%)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
