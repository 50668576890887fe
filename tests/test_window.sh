#!/usr/bin/env bash
# test_window.sh BINARY [--screenshot OUT.png [ARGS...]] - the window under Xvfb, driven by real
# key presses (xdotool), checked through screenshots (ImageMagick) and the state line
# the window prints after every action when RNNSCOPE_DEBUG=1:
#   - it opens "rnnscope — 1. <lesson title> — title card" on the first lesson and trains
#     its first step; the title follows the step; L's lesson menu opens lesson 2 (keys)
#   - it holds still while paused (identical screenshots)
#   - → and N train exactly one step; Space plays (screenshots change) and pauses
#   - R replays exactly: the screenshot after R and three steps equals the one before
#   - B moves the backward cursor; PageDown enters the next lesson step
#   - E saves the view as PNG, Shift+E as SVG (matching the PNG), never over a file
#   - Q and Esc quit with status 0; without a display it exits 2 with one clear line.
# With --screenshot OUT.png it only saves a 1920x1080 screenshot of the window opened
# with ARGS (default: lesson 1), after its training, three B presses and a hover
# over the gradient panel (screenshots/window.png: --screenshot ... 2 --step 2).
# Exits 77 (skipped) without xvfb-run, xdotool or import.
set -u
bin=$(realpath "$1")
shift
shot_out=""
if [ "${1:-}" = "--screenshot" ]; then
    shot_out=$(realpath -m "$2")
    shift 2
fi

if [ -z "${RNNSCOPE_IN_XVFB:-}" ]; then
    for t in xvfb-run xdotool import compare timeout; do
        command -v "$t" >/dev/null || { echo "SKIP: $t is not installed"; exit 77; }
    done
    # without a display: one line, status 2 (checked before Xvfb starts)
    out=$(env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER timeout 20 "$bin" 2>&1 >/dev/null)
    rc=$?
    if [ $rc -ne 2 ] || ! echo "$out" | grep -q "^rnnscope: no display (.*); use --steps N"; then
        echo "FAIL: without a display: status $rc, message '$out'"
        exit 1
    fi
    echo "ok: no display -> status 2: $out"
    export RNNSCOPE_IN_XVFB=1
    exec timeout 1500 xvfb-run -a -s "-screen 0 1920x1080x24" "$0" "$bin" ${shot_out:+--screenshot "$shot_out"} "$@"
fi

# Under the asan setup the window process is leak-checked too (an exit status other
# than 0 fails the test): with SDL's software renderer on X11 nothing leaks.

work=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; }

# start BIN ARGS...: runs the window with the state line on, waits until it is ready
start() {
    : > "$work/state"
    lines_seen=0
    RNNSCOPE_DEBUG=1 "$bin" "$@" > "$work/state" 2> "$work/stderr" &
    pid=$!
    wait_for "event=ready" 180 || { cat "$work/stderr"; return 1; }
    wid=$(xdotool search --sync --onlyvisible --pid "$pid" 2>/dev/null | head -1)
    [ -n "$wid" ] || { echo "no window for pid $pid"; return 1; }
    xdotool mousemove 0 0   # the pointer at the corner: no tooltip, no hover
}

# Every wait below polls for what it waits for, with a generous deadline on the wall
# clock ($SECONDS, not a count of tries: on a loaded machine one try can take seconds),
# instead of sleeping a fixed time: on a loaded machine (or under ASan) the window is
# slower, and a fixed sleep either fails there or wastes time everywhere else. A
# screenshot to compare is taken once the window says that what it shows is final
# ("idle", "rested" below), not once the screen has looked the same for a while: at a
# load of 10 one screenshot takes 1.5-2 s, and "unchanged for 6 s" caught a message
# (shown 4.5 s) that went before the next picture: "a tooltip came while off".

# wait_for PATTERN SECONDS: waits for a new state line matching PATTERN
lines_seen=0
wait_for() {
    local end=$((SECONDS + $2))
    while [ "$SECONDS" -le "$end" ]; do
        if tail -n +$((lines_seen + 1)) "$work/state" | grep -q -- "$1"; then
            lines_seen=$(grep -n -- "$1" "$work/state" | tail -1 | cut -d: -f1)
            return 0
        fi
        sleep 0.1
    done
    echo "timed out waiting for '$1'; last state: $(tail -1 "$work/state")"
    return 1
}

# last: the state line the last wait matched (the window also tells other things in
# between, such as "idle"); field NAME: a value of it
last() { [ "$lines_seen" -gt 0 ] && sed -n "${lines_seen}p" "$work/state"; }
field() { last | tr ' ' '\n' | grep "^$1=" | cut -d= -f2; }

# idle [SECONDS]: waits until the window says "idle" after the last state line waited
# for (a key's, a click's): it has answered every event it was sent, what it drew is on
# the screen, and it draws nothing more until something happens (no message left,
# nothing training, no tooltip due)
idle() { wait_for "event=idle" "${1:-120}"; }
# rest_at X Y: the pointer to (X, Y) of the window, then waits until the window says it
# has rested there the tooltip's dwell (0.5 s): its tooltip, if any, is on the screen
# ("tip=1" in that state line), and with tooltips off none can come any more
rest_at() {
    lines_seen=$(wc -l < "$work/state")
    xdotool mousemove --window "$wid" "$1" "$2"
    wait_for "event=rested .*pointer=$1,$2 tip=" 60
}

# press KEY PATTERN: one key, then the state line it prints
press() {
    xdotool key --window "$wid" "$1"
    wait_for "$2" 60
}

snap() { import -window root "$work/$1.png"; }
same() { [ "$(compare -metric AE "$work/$1.png" "$work/$2.png" null: 2>&1)" = "0" ]; }
# where A and B differ (pixels, bounding box), both kept for a look: for a failure's message
differ_where() {
    local keep
    keep=$(mktemp -d /tmp/rnnscope-window-diff-XXXXXX) && cp "$work/$1.png" "$work/$2.png" "$keep/"
    compare "$work/$1.png" "$work/$2.png" -compose src -highlight-color red -lowlight-color none \
        "$keep/diff.png" 2>/dev/null
    echo "$(compare -metric AE "$work/$1.png" "$work/$2.png" null: 2>&1) pixels differ in" \
        "$(convert "$keep/diff.png" -trim -format '%wx%h%X%Y' info: 2>/dev/null); kept in $keep"
}
# shot_until NAME OTHER same|differ: screenshots every 0.25 s until one is identical to
# (or differs from) OTHER's, at most 60 s; 1 if it never is
shot_until() {
    local end=$((SECONDS + 60))
    while [ "$SECONDS" -le "$end" ]; do
        snap "$1"
        if same "$1" "$2"; then [ "$3" = same ] && return 0; else [ "$3" = differ ] && return 0; fi
        sleep 0.25
    done
    return 1
}

quit_with() { # quit_with KEY...: the window must exit 0 (within 60 s)
    xdotool key --window "$wid" "$@" 2>/dev/null
    local end=$((SECONDS + 60))
    while [ "$SECONDS" -le "$end" ]; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        fail "$1 did not quit"
        kill "$pid"
    fi
    wait "$pid"
    local rc=$?
    [ $rc -eq 0 ] && ok "$1 quits with status 0" || fail "$1 quit with status $rc"
}

if [ -n "$shot_out" ]; then
    start "$@" || exit 1
    [ "$(field playing)" = "0" ] || wait_for "event=paused" 120
    [ "$(field intro)" = "1" ] && press Return "action=dismiss"
    press B "action=backward"; press B "action=backward"; press B "action=backward"
    idle 300                     # the messages have gone
    rest_at 330 250              # over the gradient panel: a tooltip
    mkdir -p "$(dirname "$shot_out")"
    import -window root "$shot_out" && echo "saved $shot_out"
    quit_with q
    exit 0
fi

# title_is TEXT: waits (up to 60 s) for the window's title to be TEXT
title_is() {
    local end=$((SECONDS + 60))
    while [ "$SECONDS" -le "$end" ]; do
        title=$(xdotool getwindowname "$wid")
        [ "$title" = "$1" ] && return 0
        sleep 0.1
    done
    return 1
}

# ---- the first lesson: title, its first step, PageDown, Esc ----
start || exit 1
title_is "rnnscope — 1. Backpropagation through time — title card" && ok "title '$title'" \
    || fail "title '$title'"
{ [ "$(field playing)" = "0" ] || wait_for "event=paused" 120; } \
    && ok "lesson step 1 trained: $(field step) step(s), then paused" \
    || fail "lesson step 1 did not finish training"
[ "$(field intro)" = "1" ] && ok "the lesson's title card is up" || fail "no title card: $(last)"
press Next "action=dismiss" && [ "$(field intro)" = "0" ] && [ "$(field lesson_step)" = "1/4" ] \
    && ok "PageDown takes the title card down" || fail "dismiss: $(last)"
press Next "action=next" && [ "$(field lesson_step)" = "2/4" ] && ok "PageDown -> step $(field lesson_step)" \
    || fail "PageDown: $(last)"
title_is "rnnscope — 1. Backpropagation through time — step 2/4" && ok "title '$title'" \
    || fail "title after PageDown '$title'"
press ctrl+Left "action=prev" && [ "$(field lesson_step)" = "1/4" ] && ok "Ctrl+Left -> step 1" \
    || fail "Ctrl+Left: $(last)"
idle 300
snap e0
xdotool key --window "$wid" Escape 2>/dev/null
# the window answers with "quit? Enter or Y quits": wait for it, then it must be alive
shot_until e1 e0 differ && kill -0 "$pid" 2>/dev/null && ok "one Esc (a clicker's) does not quit" \
    || fail "one Esc quit the window, or showed nothing"
# Enter quits if it comes within 5 s of Esc: both in one go, since a loaded machine
# may take longer than that between two commands of this script
quit_with Escape Return

# ---- the lesson menu: L, Down, Enter opens lesson 2 at its title card; Esc closes ----
start 3 --step 2 || exit 1
title_is "rnnscope — 3. Exploding gradients under a large initialization — step 2/3" \
    && ok "title '$title'" || fail "title of lesson 3 step 2 '$title'"
press l "action=menu" && [ "$(field menu)" = "1,3" ] && ok "L: the menu, at lesson 3" \
    || fail "L: $(last)"
press Escape "action=menu" && [ "$(field menu)" = "0,3" ] && [ "$(field lesson_step)" = "2/3" ] \
    && ok "Esc closes the menu, lesson 3 step 2 stays" || fail "Esc in the menu: $(last)"
press l "action=menu"
press Up "action=menu-move" && [ "$(field menu)" = "1,2" ] && ok "Up: lesson 2" || fail "Up: $(last)"
press Return "action=menu-open" && [ "$(field lesson)" = "2" ] && [ "$(field intro)" = "1" ] \
    && ok "Enter opens lesson 2 at its title card" || fail "Enter: $(last)"
title_is "rnnscope — 2. Vanishing gradients under the sigmoid — title card" && ok "title '$title'" \
    || fail "title of lesson 2's card '$title'"
# presenter mode hides the settings panel, and gives it back as it was
press p "action=presenter" && [ "$(field presenter)" = "1" ] && [ "$(field sidebar)" = "0" ] \
    && ok "P: presenter mode, the settings panel hidden" || fail "P: $(last)"
press s "action=sidebar" && [ "$(field sidebar)" = "1" ] && ok "S shows it in presenter mode" \
    || fail "S in presenter mode: $(last)"
press s "action=sidebar"
press p "action=presenter" && [ "$(field presenter)" = "0" ] && [ "$(field sidebar)" = "1" ] \
    && ok "P again: the settings panel back" || fail "P again: $(last)"
quit_with q

# ---- free play: two small runs on the same data and seed ----
start --run task=kerala,seq_len=12,hidden=8,batch=4,activation=tanh \
      --run task=kerala,seq_len=12,hidden=8,batch=4,cell=gru || exit 1
[ "$(field playing)" = "0" ] && [ "$(field step)" = "0,0" ] && ok "free play opens paused at step 0" \
    || fail "start state: $(last)"
idle
snap p0
sleep 1 # not a wait: the window must hold still for this second
snap p1
same p0 p1 && ok "paused: two screenshots 1 s apart are identical" \
    || fail "paused screen changed: $(differ_where p0 p1)"

press Right "action=step" && [ "$(field step)" = "1,1" ] && ok "Right: one step (step=1,1)" \
    || fail "Right: $(last)"
loss1=$(field loss)
press n "action=step" && press n "action=step" && [ "$(field step)" = "3,3" ] \
    && ok "N N: step=3,3" || fail "N: $(last)"
loss3=$(field loss)
idle && snap s3 && ! same s3 p1 && ok "steps change the picture" || fail "steps did not change the picture"

press space "action=play" && [ "$(field playing)" = "1" ] && ok "Space plays" || fail "Space: $(last)"
snap play1
shot_until play2 play1 differ && ok "playing: the picture changes" || fail "playing: the picture did not change"
press space "action=play"
steps=$(field step)
[ "$(field playing)" = "0" ] && [ "${steps%%,*}" -gt 3 ] && ok "Space pauses at step=$steps" \
    || fail "pause: $(last)"
idle
snap q0
sleep 1 # not a wait: the window must hold still for this second
snap q1
same q0 q1 && ok "paused after playing: identical screenshots" \
    || fail "paused screen changed: $(differ_where q0 q1)"

press r "action=reset" && [ "$(field step)" = "0,0" ] && ok "R: back to step 0" || fail "R: $(last)"
press n "action=step"; press n "action=step"; press n "action=step"
[ "$(field loss)" = "$loss3" ] && ok "R + 3 steps: same losses as before ($loss3)" \
    || fail "replay losses $(field loss) != $loss3"
# once the "reset" message has gone, the picture must be the one of the first time
idle && snap s3b && same s3 s3b && ok "R + 3 steps: screenshot identical to the first time" \
    || fail "replay screenshot differs: $(differ_where s3 s3b)"

press b "action=backward" && [ "$(field cursor)" = "11" ] && ok "B: backward cursor at t = T-1 = 11" \
    || fail "B: $(last)"
press b "action=backward" && [ "$(field cursor)" = "10" ] && ok "B: t = 10" || fail "B: $(last)"
press 2 "action=toggle-run" && [ "$(field visible)" = "1,0" ] && ok "2 hides run 2" || fail "2: $(last)"
press g "action=grad-mode" && [ "$(field grad_mode)" = "1" ] && ok "G: Jacobian view" || fail "G: $(last)"
press t "action=theme" && [ "$(field theme)" = "1" ] && ok "T: dark theme" || fail "T: $(last)"
press h "action=help" && [ "$(field help)" = "1" ] && ok "H: help" || fail "H: $(last)"
press Escape "action=help" && [ "$(field help)" = "0" ] && ok "Esc closes the help" || fail "Esc: $(last)"
press question "action=help" && [ "$(field help)" = "1" ] && ok "?: help" || fail "?: $(last)"
press h "action=help"
[ "$(field speed)" = "10" ] && ok "free play trains at 10 steps/s" || fail "speed: $(last)"
press minus "action=slower" && [ "$(field speed)" = "5" ] && ok "-: 5 steps/s" || fail "-: $(last)"
press plus "action=faster" && [ "$(field speed)" = "10" ] && ok "+: 10 steps/s" || fail "+: $(last)"
press m "action=max-speed" && [ "$(field speed)" = "0" ] && ok "M: as fast as it goes" || fail "M: $(last)"
press m "action=max-speed" && [ "$(field speed)" = "10" ] && ok "M again: back to 10 steps/s" \
    || fail "M again: $(last)"
press shift+r "action=new-seed" && [ "$(field step)" = "0,0" ] && ok "Shift+R: new seed, step 0" \
    || fail "Shift+R: $(last)"
press n "action=step"
[ "$(field loss)" != "$loss1" ] && ok "new seed: other numbers at step 1 ($(field loss))" \
    || fail "new seed gave the same losses $loss1"
# the mouse: a tooltip over a plot; clicks on the settings panel's controls
press t "action=theme"   # back to light
idle && snap m0          # no message left on the screen
# (the window's word, "tip=", and the screen must agree)
tip_at() { last | grep -o 'pointer=.*'; }
rest_at 300 300; snap m1
[ "$(field tip)" = "1" ] && ! same m0 m1 && ok "resting on a plot shows a tooltip" \
    || fail "no tooltip over the gradient panel: $(tip_at)"
rest_at 0 0; snap m2
[ "$(field tip)" = "0" ] && same m0 m2 && ok "the tooltip goes when the pointer leaves the plot" \
    || fail "tooltip stayed: $(tip_at); $(differ_where m0 m2)"
press i "action=tips" && [ "$(field tips)" = "0" ] && ok "I: tooltips off" || fail "I: $(last)"
# its message gone, I has changed nothing on the screen
idle; snap m3
same m2 m3 && ok "I: once its message has gone, the same picture" \
    || fail "I changed the picture: $(differ_where m2 m3)"
# the pointer rests past the dwell: the window has decided, and shown, that no tooltip comes
rest_at 300 300; snap m4
[ "$(field tip)" = "0" ] && same m3 m4 && ok "tooltips off: resting on a plot shows nothing" \
    || fail "a tooltip came while off: $(tip_at); $(differ_where m3 m4)"
rest_at 0 0
press i "action=tips" && [ "$(field tips)" = "1" ] && ok "I again: tooltips on" || fail "I: $(last)"
control() { # control NAME ARG: "x y" of its centre, from the list printed when ready
    grep "^control $1 $2 at" "$work/state" | head -1 | awk '{print $5 + int($8 / 2), $6 + int($9 / 2)}'
}
read -r x y <<< "$(control add 0)"
xdotool mousemove --window "$wid" "$x" "$y" click 1
wait_for "event=click-add" 60 && [ "$(field runs)" = "3" ] && [ "$(field step)" = "1,1,0" ] \
    && ok "click on '+ add': a third run at step 0" || fail "click add: $(last)"
read -r x y <<< "$(control eye 0)"
xdotool mousemove --window "$wid" "$x" "$y" click 1
wait_for "event=click-eye-0" 60 && [ "$(field visible)" = "0,0,1" ] \
    && ok "click on run 1's box hides it" || fail "click eye: $(last)"
quit_with q

# ---- E exports into the working directory, never over an existing file ----
cd "$work"
touch rnnscope-0001.png
start --run task=kerala,seq_len=12,hidden=8,batch=4 || exit 1
press e "event=export"
if [ -s rnnscope-0002.png ] && [ ! -s rnnscope-0001.png ] \
    && last | grep -q "saved $work/rnnscope-0002.png and its sidecar"; then
    ok "E: $(last | sed 's/.*saved/saved/')"
else
    fail "E: $(last); files: $(ls)"
fi
# its sidecar draws the same picture, to the byte, headless
if [ -s rnnscope-0002.json ] && "$bin" --replay rnnscope-0002.json --export replayed.png >/dev/null 2>&1 \
    && cmp -s replayed.png rnnscope-0002.png; then
    ok "E's sidecar: --replay draws the same PNG bytes"
else
    fail "E's sidecar: $(ls rnnscope-0002.* replayed.png 2>&1 | tr '\n' ' ') (replayed differs or failed)"
fi
# Shift+E: the same view as SVG, beside the PNG, never over an existing file; well-formed,
# and rendered by librsvg it matches E's PNG (test_svg.sh's metric: RMSE of the 4x
# reduced images, below 0.10)
touch rnnscope-0001.svg
press shift+e "event=export"
svg=rnnscope-0003.svg # (rnnscope-0002.json is the PNG's sidecar: the next free pair)
if [ -s "$svg" ] && [ ! -s rnnscope-0001.svg ] && last | grep -q "saved $work/$svg"; then
    ok "Shift+E: $(last | sed 's/.*saved/saved/')"
else
    fail "Shift+E: $(last); files: $(ls)"
fi
if command -v xmllint >/dev/null && command -v rsvg-convert >/dev/null && command -v convert >/dev/null; then
    xmllint --noout "$svg" && ok "Shift+E: well-formed XML" || fail "Shift+E: not well-formed"
    rsvg-convert -o svg.png "$svg" 2>/dev/null
    dims() { identify -format '%wx%h' "$1" 2>/dev/null; }
    for f in svg.png rnnscope-0002.png; do
        convert "$f" -background white -alpha remove -alpha off -filter box -resize 25% "small-$f"
    done
    rmse=$(compare -metric RMSE small-svg.png small-rnnscope-0002.png null: 2>&1 | sed 's/.*(\(.*\))/\1/')
    if [ "$(dims svg.png)" = "$(dims rnnscope-0002.png)" ] && awk -v a="$rmse" 'BEGIN { exit !(a + 0 < 0.10) }'; then
        ok "Shift+E: the SVG ($(dims svg.png)) matches E's PNG: RMSE $rmse (< 0.10)"
    else
        fail "Shift+E: SVG $(dims svg.png) vs PNG $(dims rnnscope-0002.png), RMSE $rmse (want < 0.10)"
    fi
else
    echo "skip: xmllint, rsvg-convert or convert not installed: the SVG's content is not checked"
fi
press shift+e "event=export" && [ -s rnnscope-0004.svg ] && ok "Shift+E again: rnnscope-0004.svg" \
    || fail "Shift+E again: $(last); files: $(ls)"
quit_with q

[ $fails -eq 0 ] && echo "all window checks passed" || echo "$fails window check(s) failed"
[ $fails -eq 0 ]
