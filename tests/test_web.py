#!/usr/bin/env python3
"""test_web.py - the browser edition (build-web/, made by tools/web) in Debian's
headless Chromium, driven through the DevTools protocol (a minimal client below,
standard library only), against the native build:

  1. the page loads and draws its first frame;
  2. a walk through lesson 1 (any key past the title card, then PageDown to the
     last step) changes what is drawn at every key, and the window's state line
     (RNNSCOPE_DEBUG, in the console) reports each step;
  3. ?steps=150 writes into #summary the summary lines of `rnnscope --steps 150`
     (all but steps_per_s, which is a timing), also with --run and --set runs;
  4. a screenshot of lesson 2 step 2 is not blank (png_info: many colours, no
     colour covering 90% of it);
  5. the page's SVG export (Shift+E, the "Export SVG" button) of that figure is
     well-formed XML that writes the step's title and the figure's texts;
  6. "Export PNG" (clicked) and Shift+E download the image and its sidecar, and the
     sidecar replayed on the desktop gives the same bytes: with REPLAY_STB (--replay
     built with the page's text backend, stb_truetype) the identical PNG or SVG; with
     RNNSCOPE (SDL_ttf) the same plotted numbers (--csv identical), the PNG differing
     only where glyphs are drawn (FreeType hints, stb does not; the count is printed);
  7. the tab's title names the lesson and the step, as the desktop window's does;
  8. the other ways in: the lesson menu (L, Down, Enter), F for fullscreen and back,
     a tap (touch) on the settings panel, a lesson file from the file picker and one
     dropped on the page (a bad one leaves the lesson shown), URL parameters (theme,
     presenter) and eight runs (a ninth is refused as on the command line).

usage: test_web.py RNNSCOPE PNG_INFO REPLAY_STB. Exits 77 (skipped) when chromium is
missing.
"""
import base64
import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what, flush=True)


class WebSocket:
    """The client side of RFC 6455, enough for the DevTools protocol."""

    def __init__(self, url):
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        self.sock = socket.create_connection((m.group(1), int(m.group(2))), timeout=120)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {m.group(3)} HTTP/1.1\r\nHost: {m.group(1)}:{m.group(2)}\r\n"
                           f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError("websocket handshake refused: " + head.decode(errors="replace"))

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise RuntimeError("DevTools connection closed")
            buf += chunk
        return buf

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        head = struct.pack("!B", 0x81)
        if n < 126:
            head += struct.pack("!B", 0x80 | n)
        elif n < 65536:
            head += struct.pack("!BH", 0x80 | 126, n)
        else:
            head += struct.pack("!BQ", 0x80 | 127, n)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack("!H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack("!Q", self._read(8))[0]
            payload = self._read(n)
            if b0 & 0x0F == 0x9:  # ping
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()


class Browser:
    """One headless Chromium and one page in it."""

    def __init__(self, width, height):
        self.profile = tempfile.mkdtemp(prefix="rnnscope-chromium-")
        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + self.profile, "--remote-debugging-port=0",
             "--remote-allow-origins=*", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = None
        deadline = time.time() + 60
        while time.time() < deadline and url is None:
            line = self.proc.stderr.readline()
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                url = m.group(1)
        if url is None:
            raise RuntimeError("chromium did not start its DevTools server")
        threading.Thread(target=lambda: [None for _ in self.proc.stderr], daemon=True).start()
        self.ws = WebSocket(url)
        self.next_id = 0
        self.events = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for method in ("Page.enable", "Runtime.enable"):
            self.call(method, session=True)
        self.call("Emulation.setDeviceMetricsOverride", session=True, width=width, height=height,
                  deviceScaleFactor=1, mobile=False)

    def call(self, method, session=False, **params):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        while True:
            reply = json.loads(self.ws.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def console(self):
        """Console lines logged since the last call."""
        lines = []
        for e in self.events:
            if e.get("method") == "Runtime.consoleAPICalled":
                lines.append(" ".join(str(a.get("value", "")) for a in e["params"]["args"]))
        self.events = []
        return lines

    def eval(self, expr):
        r = self.call("Runtime.evaluate", session=True, expression=expr, returnByValue=True)
        return r["result"].get("value")

    def wait(self, expr, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            v = self.eval(expr)
            if v:
                return v
            time.sleep(0.05)
        return None

    def goto(self, url):
        self.call("Page.navigate", session=True, url=url)

    def key(self, name, code, keycode, modifiers=0):
        for kind in ("rawKeyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", session=True, type=kind, key=name, code=code,
                      windowsVirtualKeyCode=keycode, modifiers=modifiers)

    def click(self, selector):
        """A mouse click (a user gesture) at the middle of the element."""
        r = self.eval(f"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();"
                      " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", session=True, type=kind, x=r[0], y=r[1],
                      button="left", clickCount=1)

    def tap(self, selector):
        """A touch tap (a finger, no mouse) at the middle of the element."""
        r = self.eval(f"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();"
                      " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        self.call("Emulation.setTouchEmulationEnabled", session=True, enabled=True, maxTouchPoints=5)
        self.call("Input.dispatchTouchEvent", session=True, type="touchStart",
                  touchPoints=[{"x": r[0], "y": r[1]}])
        self.call("Input.dispatchTouchEvent", session=True, type="touchEnd", touchPoints=[])
        self.call("Emulation.setTouchEmulationEnabled", session=True, enabled=False)

    def screenshot(self):
        return base64.b64decode(self.call("Page.captureScreenshot", session=True)["data"])

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def serve(folder):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass
    handler = functools.partial(Quiet, directory=folder)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def summary_lines(text):
    """Summary lines without their timing (steps_per_s)."""
    return [re.sub(r" steps_per_s=\S+", "", l) for l in text.splitlines() if l.startswith("run=")]


def png_info(tool, png):
    with tempfile.NamedTemporaryFile(suffix=".png") as f:
        f.write(png)
        f.flush()
        out = subprocess.run([tool, f.name], capture_output=True, text=True, check=True).stdout
    w, h, distinct, top = out.split()[:4]
    return int(w), int(h), int(distinct), float(top)


def wait_pair(folder, ext, seen, timeout=60):
    """The name of a new NAME.ext downloaded into folder with its sidecar NAME.json (both
    complete: Chromium renames partial downloads into place), or None."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        for n in sorted(os.listdir(folder)):
            stem = n[:-len(ext)]
            if n.endswith(ext) and n not in seen and os.path.exists(os.path.join(folder, stem + ".json")):
                seen.add(n)
                return n
        time.sleep(0.1)
    return None


def replay_check(rnnscope, replay_stb, folder, image, what):
    """Section 6: the downloaded image and sidecar in folder, replayed on the desktop."""
    stem = os.path.splitext(image)[0]
    side = os.path.join(folder, stem + ".json")
    out = tempfile.mkdtemp(prefix="rnnscope-replay-")
    try:
        ext = os.path.splitext(image)[1]
        again = os.path.join(out, "stb" + ext)
        r = subprocess.run([replay_stb, "--replay", side, "--export", again, "--csv",
                            os.path.join(out, "stb.csv")], capture_output=True, text=True)
        page = open(os.path.join(folder, image), "rb").read()
        same = r.returncode == 0 and open(again, "rb").read() == page
        if not same and r.returncode == 0 and ext == ".svg":  # where they part, for the log
            mine, theirs = open(again, "rb").read().split(b"\n"), page.split(b"\n")
            k = next((i for i, (x, y) in enumerate(zip(mine, theirs)) if x != y), min(len(mine), len(theirs)))
            print(f"{what}: line {k + 1} of {len(theirs)}: page {theirs[k:k + 1]!r}, replay {mine[k:k + 1]!r}")
        check(same, f"{what}: the sidecar replayed with the page's text backend "
                    f"(status {r.returncode} {r.stderr.strip()}) does not give the page's {image}")
        d = subprocess.run([rnnscope, "--replay", side, "--export", os.path.join(out, "desktop" + ext),
                            "--csv", os.path.join(out, "desktop.csv")], capture_output=True, text=True)
        csv_same = (d.returncode == 0 and r.returncode == 0 and
                    open(os.path.join(out, "desktop.csv"), "rb").read() ==
                    open(os.path.join(out, "stb.csv"), "rb").read())
        check(csv_same, f"{what}: the desktop's replay (status {d.returncode} {d.stderr.strip()}) "
                        "plots other numbers than the page's")
        note = ""
        if ext == ".png" and d.returncode == 0 and shutil.which("compare"):
            c = subprocess.run(["compare", "-metric", "AE", os.path.join(folder, image),
                                os.path.join(out, "desktop.png"), "null:"], capture_output=True, text=True)
            note = f"; the desktop's (SDL_ttf) PNG differs in {c.stderr.strip()} pixels (glyphs)"
        print(f"{what}: {image} + {stem}.json downloaded; replayed with stb text: "
              f"{'identical bytes' if same else 'DIFFERENT'}; with the desktop: "
              f"{'same CSV' if csv_same else 'OTHER CSV'}{note}")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main():
    rnnscope, png_tool, replay_stb = sys.argv[1], sys.argv[2], sys.argv[3]
    if not shutil.which("chromium"):
        print("SKIP: chromium is not installed (.ci/run and `apt-get install chromium` bring it)")
        return 77
    subprocess.run([os.path.join(TOP, "tools", "web")], check=True)
    site = os.path.join(TOP, "build-web")
    httpd = serve(site)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    b = Browser(1600, 900)

    def idle():
        """Waits until the page has nothing left to draw (no play, no message, no
        tooltip due): a screenshot then shows a settled screen, on a loaded machine too."""
        check(b.wait("!window.rnnscope.x.web_busy()", 300), "the page stayed busy for 300 s")

    def console_line(prefix, timeout):
        """The first console line starting with prefix logged from now on, or None."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            b.eval("0")  # lets the page's console events arrive
            hit = [l for l in b.console() if l.startswith(prefix)]
            if hit:
                return hit[0]
            time.sleep(0.05)
        return None

    try:
        # 1. the page loads and draws
        b.goto(base + "?lesson=1&debug=1")
        check(b.wait("document.body.dataset.frames === '1'", 120), "lesson 1: no frame drawn")
        idle()
        shots = [hashlib.sha256(b.screenshot()).hexdigest()]
        # 2. the walk through lesson 1
        listing = subprocess.run([rnnscope, "--list"], capture_output=True, text=True).stdout
        n_steps = int(re.search(r"^1 .*\((\d+) steps\)", listing, re.M).group(1))
        b.console()
        keys = [("x", "KeyX", 88)] + [("PageDown", "PageDown", 34)] * (n_steps - 1)
        for i, (name, code, vk) in enumerate(keys):
            drawn = b.eval("Number(document.body.dataset.drawn)")
            b.key(name, code, vk)
            check(b.wait(f"Number(document.body.dataset.drawn) > {drawn}", 120),
                  f"lesson 1: nothing drawn after key {i + 1} ({name})")
            idle()
            shots.append(hashlib.sha256(b.screenshot()).hexdigest())
        check(len(set(shots)) == len(shots), f"lesson 1: {len(set(shots))} different screens of {len(shots)}")
        acts = [re.search(r"^state action=(\S+) lesson_step=(\d+)/", l) for l in b.console()]
        nexts = [int(m.group(2)) for m in acts if m and m.group(1) == "next"]
        dismissed = any(m and m.group(1) == "dismiss" for m in acts)
        check(dismissed and nexts == list(range(2, n_steps + 1)),
              f"lesson 1: the state lines say dismiss={dismissed}, PageDown reached steps {nexts}")
        print(f"lesson 1: {len(shots)} screens, {len(set(shots))} different; "
              f"title card dismissed: {dismissed}; PageDown reached steps {nexts} of {n_steps}")
        # 3. ?steps=N against the command line
        cases = [("steps=150", ["--steps", "150"]),
                 ("steps=60&run=cell=gru&run=activation=sigmoid&set=seq_len=20",
                  ["--steps", "60", "--run", "cell=gru", "--run", "activation=sigmoid",
                   "--set", "seq_len=20"])]
        for query, args in cases:
            b.goto(base + "?" + query)
            b.wait("document.getElementById('summary').dataset.status !== undefined", 300)
            page = b.eval("document.getElementById('summary').textContent") or ""
            native = subprocess.run([rnnscope] + args, capture_output=True, text=True).stdout
            check(summary_lines(page) == summary_lines(native) and summary_lines(native),
                  f"?{query}: the page says {summary_lines(page)}, the command line {summary_lines(native)}")
            print(f"?{query}: {len(summary_lines(page))} summary line(s) as `rnnscope {' '.join(args)}`")
        # 4. lesson 2 step 2 is not blank
        b.goto(base + "?lesson=2&step=2")
        check(b.wait("document.body.dataset.frames === '1'", 120), "lesson 2 step 2: no frame drawn")
        idle()
        w, h, distinct, top = png_info(png_tool, b.screenshot())
        check(distinct >= 200 and top <= 0.9,
              f"lesson 2 step 2: {distinct} colours, the commonest covers {top:.2f}")
        print(f"lesson 2 step 2: {w}x{h}, {distinct} colours, the commonest covers {top:.2f}")
        # 5. the SVG the page offers for download
        got = b.eval("(() => { const p = window.rnnscope; if (p.x.web_export(1) !== 0) return '';"
                     " const n = p.cstr(p.x.web_export_name(0)); const t = new TextDecoder()"
                     ".decode(p.fs.read(n)); p.fs.remove(n); return n + '\\n' + t; })()") or ""
        name, _, svg = got.partition("\n")
        texts = []
        try:
            import xml.etree.ElementTree as ET
            root = ET.fromstring(svg)
            texts = ["".join(e.itertext()) for e in root.iter() if e.tag.endswith("text")]
        except Exception as e:  # not XML: the check below fails with the reason
            print("SVG export:", e)
        title = re.search(r"^## 2\. (.*)$", open(os.path.join(TOP, "lessons", "02-vanishing.md")).read(),
                          re.M).group(1)
        check(name.endswith(".svg") and any(title in t for t in texts) and len(texts) >= 50,
              f"SVG export: '{name}', {len(svg)} bytes, {len(texts)} texts, title '{title}' "
              f"{'found' if any(title in t for t in texts) else 'missing'}")
        print(f"SVG export: {name}, {len(svg)} bytes, {len(texts)} texts")
        # 6. downloads of the image and its sidecar, replayed on the desktop
        downloads = tempfile.mkdtemp(prefix="rnnscope-downloads-")
        b.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=downloads)
        b.key("End", "End", 35)  # the step trained to its end, not as it plays live
        b.wait("!window.rnnscope.x.web_busy()", 300)
        seen = set()
        b.click("#export")
        got = wait_pair(downloads, ".png", seen)
        check(got, f"Export PNG: downloaded {sorted(os.listdir(downloads))}, not a PNG and its sidecar")
        if got:
            replay_check(rnnscope, replay_stb, downloads, got, "lesson 2 step 2, trained")
        # debug=1: each key is done before the next (the state line), so the runs are paused
        # at one step when E comes (a view whose runs differ in step has no sidecar)
        b.goto(base + "?run=cell=lstm&run=cell=gru&run=activation=sigmoid&theme=dark&presenter=1&debug=1")
        check(b.wait("document.body.dataset.frames === '1'", 120), "free play: no frame drawn")
        for name, code, vk in [(" ", "Space", 32), ("v", "KeyV", 86)] + [("n", "KeyN", 78)] * 3:
            b.key(name, code, vk)  # play, the next run in the strip, pause with three steps
        b.wait("!window.rnnscope.x.web_busy()", 300)
        b.key("E", "KeyE", 69, modifiers=8)  # Shift+E
        got = wait_pair(downloads, ".svg", seen)
        check(got, f"Shift+E: downloaded {sorted(os.listdir(downloads))}, not an SVG and its sidecar")
        if got:
            replay_check(rnnscope, replay_stb, downloads, got, "free play, 3 runs, SVG")
        b.goto(base + "?lesson=3&step=2&debug=1")
        check(b.wait("document.body.dataset.frames === '1'", 120), "lesson 3 step 2: no frame drawn")
        b.key("g", "KeyG", 71)  # the Jacobian view (a lesson's runs compute each step's factor)
        b.key("b", "KeyB", 66)  # and the backward cursor, two timesteps in (the sidecar's "cursor")
        b.key("b", "KeyB", 66)
        b.wait("!window.rnnscope.x.web_busy()", 300)
        b.tap("#export")  # a finger on the bar's button, as on a tablet
        got = wait_pair(downloads, ".png", seen)
        check(got, f"Export PNG tapped: downloaded {sorted(os.listdir(downloads))}, not a second PNG and sidecar")
        if got:
            replay_check(rnnscope, replay_stb, downloads, got, "lesson 3 step 2, Jacobian view, cursor")
        print("downloaded:", " ".join(sorted(os.listdir(downloads))))
        for line in b.console():
            if "sidecar" in line:
                print("console:", line)
        shutil.rmtree(downloads, ignore_errors=True)
        # 7. the tab's title
        b.goto(base + "?lesson=3&step=2")
        title = b.wait("document.body.dataset.frames === '1' && document.title", 120) or ""
        l3 = re.search(r"^3 +(.*?) +\(", listing, re.M)
        check(title.startswith("rnnscope — 3.") and title.endswith("step 2/3"),
              f"tab title '{title}' does not name lesson 3 and step 2 ({l3.group(0) if l3 else ''})")
        print(f"tab title: {title}")
        # hover: the pointer resting on a plot shows the value under it (after the dwell),
        # drawn on the canvas; it goes when the pointer leaves the canvas
        b.wait("!window.rnnscope.x.web_busy()", 300)
        rect = b.eval("(() => { const r = window.rnnscope.canvas.getBoundingClientRect();"
                      " return [r.left, r.top, r.width, r.height]; })()")
        before = b.screenshot()
        tip, at = "", None
        for fy in (0.3, 0.45, 0.6):
            for fx in (0.15, 0.3, 0.45):
                x, y = rect[0] + fx * rect[2], rect[1] + fy * rect[3]
                b.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=x, y=y)
                tip = b.wait("window.rnnscope.cstr(window.rnnscope.x.web_tip())", 2) or ""
                if tip:
                    at = (round(x), round(y))
                    break
            if tip:
                break
        check(re.search(r"\d", tip), f"hover: no value shown over the dashboard (last tip '{tip}')")
        shown = b.wait("document.body.dataset.drawn", 5) and b.screenshot()
        check(shown and shown != before, "hover: the canvas did not change under the value shown")
        print(f"hover at {at}: '{tip.splitlines()[0] if tip else ''}'")
        b.call("Input.dispatchMouseEvent", session=True, type="mouseMoved", x=rect[0] + 5, y=max(2, rect[1] / 2))
        gone = b.wait("!window.rnnscope.cstr(window.rnnscope.x.web_tip())", 5)
        check(gone, "hover: the value stayed after the pointer left the canvas")
        # 8. the other ways in
        def state(timeout=30):
            """The last state line since the last call, waiting up to timeout s for one."""
            deadline = time.time() + timeout
            while True:
                lines = [l for l in b.console() if l.startswith("state ")]
                if lines or time.time() > deadline:
                    return lines[-1] if lines else ""
                b.eval("0")  # the console events arrive with the next reply
                time.sleep(0.05)

        def load(query):
            b.goto(base + "?" + query + "&debug=1")
            ok = b.wait("document.body.dataset.frames === '1'", 120)
            b.wait("!window.rnnscope.x.web_busy()", 300)
            b.console()
            return ok

        load("lesson=2&step=2")
        for name, code, vk in [("l", "KeyL", 76), ("ArrowDown", "ArrowDown", 40), ("Enter", "Enter", 13)]:
            b.key(name, code, vk)
        title = b.wait("document.title.startsWith('rnnscope — 3.') && document.title", 30) or b.eval("document.title")
        check(title.startswith("rnnscope — 3."), f"L, Down, Enter from lesson 2: the tab says '{title}'")
        print(f"lesson menu (L, Down, Enter): {title}")
        b.key("f", "KeyF", 70)
        full = b.wait("document.fullscreenElement !== null", 10)
        b.key("f", "KeyF", 70)
        back = b.wait("document.fullscreenElement === null", 10)
        check(full and back, f"F: fullscreen {bool(full)}, F again: back {bool(back)}")
        print(f"F: fullscreen {bool(full)}, F again: back {bool(back)}")
        load("run=cell=rnn")
        b.call("Emulation.setTouchEmulationEnabled", session=True, enabled=True, maxTouchPoints=5)
        side_x = b.eval("(() => { const p = window.rnnscope; const r = p.canvas.getBoundingClientRect();"
                        " return r.left + (p.x.web_width() - 150) / p.dpr; })()")
        tapped = None
        for y in range(40, 860, 20):  # down the settings panel until a tap hits a control
            b.call("Input.dispatchTouchEvent", session=True, type="touchStart",
                   touchPoints=[{"x": side_x, "y": y}])
            b.call("Input.dispatchTouchEvent", session=True, type="touchEnd", touchPoints=[])
            line = state(0.5)
            if "event=click" in line:
                tapped = (y, re.search(r"event=(\S+)", line).group(1))
                break
        b.call("Emulation.setTouchEmulationEnabled", session=True, enabled=False)
        check(tapped, "touch: no tap on the settings panel reached a control")
        print(f"touch: a tap at ({side_x:.0f}, {tapped[0] if tapped else '-'}) on the settings panel: "
              f"{tapped[1] if tapped else 'nothing'}")
        load("lesson=1")
        doc = b.call("DOM.getDocument", session=True)
        node = b.call("DOM.querySelector", session=True, nodeId=doc["root"]["nodeId"], selector="#open-file")
        b.call("DOM.setFileInputFiles", session=True, nodeId=node["nodeId"],
               files=[os.path.join(TOP, "lessons", "04-clipping.md")])
        title = b.wait("document.title.includes('(04-clipping.md)') && document.title", 60) or ""
        check(title, f"file picker: the tab says '{b.eval('document.title')}', not 04-clipping.md")
        print(f"file picker: {title}")

        def drop(name, text):
            b.eval("(() => { const d = new DataTransfer(); d.items.add(new File([" + json.dumps(text) +
                   "], " + json.dumps(name) + ")); document.dispatchEvent(new DragEvent('drop', "
                   "{dataTransfer: d, bubbles: true, cancelable: true})); })()")

        drop("mine.md", open(os.path.join(TOP, "lessons", "03-exploding.md")).read())
        title = b.wait("document.title.includes('(mine.md)') && document.title", 60) or ""
        check(title, f"drop: the tab says '{b.eval('document.title')}', not mine.md")
        print(f"dropped lesson: {title}")
        b.console()
        drop("bad.md", "no heading, no steps\n")
        refused = console_line("bad.md: ", 60)
        check(refused, "a bad lesson dropped: no message names it")
        print(f"bad lesson refused: {refused}")
        after = b.eval("document.title")
        check(after == title, f"a bad lesson dropped: the tab says '{after}', not still '{title}'")
        print(f"bad lesson dropped: still {after}")
        load("lesson=6&step=3&theme=dark&presenter=1")
        b.key("n", "KeyN", 78)
        line = state()
        url_ok = " theme=1 " in line and " presenter=1 " in line and "lesson_step=3/" in line
        check(url_ok, f"?lesson=6&step=3&theme=dark&presenter=1: {line}")
        load("&".join(f"run=seed={i}" for i in range(1, 9)))
        b.key("n", "KeyN", 78)
        line = state()
        eight = " runs=8 " in line
        check(eight, f"eight runs: {line}")
        b.goto(base + "?" + "&".join(f"run=seed={i}" for i in range(1, 10)))
        b.wait("document.getElementById('summary').dataset.status !== undefined", 60)
        nine = b.eval("document.getElementById('summary').textContent") or ""
        check("too many runs" in nine, f"nine runs: '{nine.strip()}'")
        print(f"?lesson=6&step=3&theme=dark&presenter=1: {url_ok}; eight runs: {eight}; "
              f"nine: {nine.strip()}")
    finally:
        b.close()
        httpd.shutdown()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
