// rnnscope.js - the browser edition's window: the page's URL becomes rnnscope's
// command line, DOM events become the window's keys and clicks (src/app/app_front.c
// inside rnnscope.wasm), and every frame the module draws is put on the canvas.
//
//   ?lesson=6&step=3          a lesson (number, name) and step       rnnscope 6 --step 3
//   &set=cell=lstm            (repeatable) a setting for every run   --set cell=lstm
//   &run=cell=gru             (repeatable) a run of its own          --run cell=gru
//   &theme=dark  &presenter=1                                        --theme dark --presenter
//   ?steps=N                  train headless; the summary lines go into #summary and
//                             the console, exactly as `rnnscope --steps N` prints them
//   &debug=1                  the window's state line after each action, in the console
'use strict';

const FK = { RIGHT: 0x100, LEFT: 0x101, UP: 0x102, DOWN: 0x103, PAGEUP: 0x104, PAGEDOWN: 0x105,
             F11: 0x106, KP_PLUS: 0x107, KP_MINUS: 0x108, END: 0x109, ENTER: 0x10A, KP_1: 0x110 };
const NAMED = { ArrowRight: FK.RIGHT, ArrowLeft: FK.LEFT, ArrowUp: FK.UP, ArrowDown: FK.DOWN,
                PageUp: FK.PAGEUP, PageDown: FK.PAGEDOWN, End: FK.END, F11: FK.F11, Escape: 27,
                Enter: FK.ENTER,
                ' ': 32 };
const REQ = { NONE: 0, QUIT: 1, FULLSCREEN: 2, EXPORT: 3, EXPORT_SVG: 4 };

// The command line a URL stands for (see the table above); lessonFile replaces the
// URL's lesson and step (a lesson file the user opened).
function argsFromUrl(search, lessonFile) {
  const q = new URLSearchParams(search), a = ['rnnscope'];
  if (lessonFile) a.push(lessonFile);
  for (const [k, v] of q) {
    if (k === 'lesson' && !lessonFile) a.push(v);
    else if (k === 'step' && !lessonFile) a.push('--step', v);
    else if (k === 'set' || k === 'run' || k === 'theme' || k === 'steps' || k === 'size')
      a.push('--' + k, v);
    else if (k === 'presenter' && v !== '0') a.push('--presenter');
    else if (k === 'bench-frames') a.push('--bench-frames', v);
  }
  return a;
}

// Front-end key code of a keydown event (app_front.h), 0 if it is not one of ours.
function keyCode(e) {
  if (e.code === 'NumpadAdd') return FK.KP_PLUS;
  if (e.code === 'NumpadSubtract') return FK.KP_MINUS;
  if (/^Numpad[1-8]$/.test(e.code)) return FK.KP_1 + Number(e.code.slice(6)) - 1;
  if (e.key in NAMED) return NAMED[e.key];
  if (e.key.length === 1 && e.key.charCodeAt(0) < 128) return e.key.toLowerCase().charCodeAt(0);
  return 0;
}

class Page {
  constructor(module, canvas, url) {
    this.module = module;
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d', { alpha: false });
    this.url = url;
    this.fs = new MemFS();
    this.fs.mkdir('export');
    this.fs.mkdir('local');
    this.stdout = [];
    this.drawMs = 8;
    this.last = 0;
    this.frames = 0;
    this.firstFrameMs = 0;
  }

  // A fresh instance for a command line; returns web_start's status.
  async start(args) {
    const q = new URLSearchParams(this.url);
    const env = q.get('debug') === '1' ? { RNNSCOPE_DEBUG: '1' } : {};
    this.stdout = [];
    this.wasi = makeWasi({ args, env, fs: this.fs,
                           out: (l) => { this.stdout.push(l); console.log(l); },
                           err: (l) => console.error(l) });
    const instance = await WebAssembly.instantiate(this.module,
                                                       { wasi_snapshot_preview1: this.wasi.imports });
    this.x = instance.exports;
    this.wasi.memory = this.x.memory;
    this.x._initialize();
    return this.x.web_start();
  }

  cstr(ptr) {
    const b = new Uint8Array(this.x.memory.buffer, ptr);
    return new TextDecoder().decode(b.subarray(0, b.indexOf(0)));
  }

  fit() {
    const dpr = window.devicePixelRatio || 1;
    const r = this.canvas.getBoundingClientRect();
    const W = Math.max(64, Math.round(r.width * dpr)), H = Math.max(64, Math.round(r.height * dpr));
    if (W === this.W && H === this.H) return;
    this.W = W, this.H = H, this.dpr = dpr;
    this.canvas.width = W;
    this.canvas.height = H;
    if (this.x.web_resize(W, H) !== 0) throw new Error(this.cstr(this.x.web_error()));
    this.force = true;
  }

  present() {
    const W = this.x.web_width(), H = this.x.web_height();
    const px = new Uint8ClampedArray(this.x.memory.buffer, this.x.web_frame_pixels(), W * H * 4);
    this.ctx.putImageData(new ImageData(px, W, H), 0, 0);
  }

  // ?bench-frames=N: N frames of four runs training, every frame drawn in full (or, when
  // a step does not fit beside drawing, frames taking turns to train and to draw, as
  // web_frame does on the page); the frame time (training + drawing + copying onto the
  // canvas) goes into #summary, and its parts: training, drawing the canvases, their
  // copy into RGBA bytes, putImageData, the time from one frame's end to the next
  // animation frame, and the period between animation frames.
  bench(n, t, times) {
    const dt = this.last ? (t - this.last) / 1000 : 0;
    const P = this.parts || (this.parts = { train: [], draw: [], rgba: [], put: [], gap: [],
                                            period: [], steps: [], drew: [] });
    if (this.last) P.period.push(t - this.last), P.gap.push(performance.now() - this.end);
    this.last = t;
    this.fit();
    const t0 = performance.now(), s0 = this.x.web_trained();
    this.x.web_bench_frame();
    const drawn = this.x.web_frame(dt, 1000 / 60, this.drawMs);
    const tp = performance.now();
    if (drawn) this.present();
    const t1 = performance.now();
    times.push(t1 - t0);
    const draw = drawn ? this.x.web_draw_ms() : 0, canvas = drawn ? this.x.web_canvas_ms() : 0;
    P.train.push(tp - t0 - draw), P.draw.push(canvas), P.rgba.push(draw - canvas), P.put.push(t1 - tp);
    P.steps.push(this.x.web_trained() - s0), P.drew.push(drawn !== 0);
    this.end = t1;
    if (drawn) this.drawMs = 0.8 * this.drawMs + 0.2 * (draw + t1 - tp);
    if (times.length < n) {
      requestAnimationFrame((tt) => this.bench(n, tt, times));
      return;
    }
    const pct = (xs, p) => { const a = xs.slice().sort((x, y) => x - y);
                             return a.length ? a[Math.max(0, Math.ceil(p * a.length) - 1)] : NaN; };
    const f2 = (x) => x.toFixed(2), secs = (t1 - this.t0bench) / 1000;
    const sorted = times.slice().sort((a, b) => a - b);
    let line = `bench-frames: ${n} frames at ${this.W}x${this.H}: median ${f2(pct(times, 0.5))} ms, ` +
               `p99 ${f2(pct(times, 0.99))} ms, max ${f2(sorted[n - 1])} ms\n`;
    // the frames that drew and those that only trained; each part over the frames that had it
    const idx = times.map((v, i) => i), drew = idx.filter((i) => P.drew[i]);
    const only = idx.filter((i) => !P.drew[i] && P.steps[i] > 0), trained = idx.filter((i) => P.steps[i] > 0);
    const of = (ix, xs) => ix.map((i) => xs[i]);
    const stats = (xs) => `${f2(pct(xs, 0.5))} / ${f2(pct(xs, 0.99))} / ${f2(pct(xs, 1))}`;
    line += `  frames (median / p99 / max ms): ${drew.length} that drew ${stats(of(drew, times))}, ` +
            `${only.length} that only trained ${stats(of(only, times))}\n`;
    line += `  parts: train ${stats(of(trained, P.train))} (${trained.length} frames), draw ${stats(of(drew, P.draw))}, ` +
            `rgba ${stats(of(drew, P.rgba))}, put ${stats(of(drew, P.put))}, gap ${stats(P.gap)}, ` +
            `period ${stats(P.period)}\n`;
    const steps = P.steps.reduce((a, b) => a + b, 0);
    line += `  ${(drew.length / secs).toFixed(1)} pictures/s, ${(steps / secs).toFixed(1)} steps/s ` +
            `(${steps} steps in ${secs.toFixed(2)} s)\n`;
    // the slowest 1% of frames, each as its parts
    const slow = idx.sort((a, b) => times[b] - times[a]).slice(0, Math.ceil(n / 100) + 2);
    for (const i of slow)
      line += `  frame ${i}: ${f2(times[i])} ms = train ${f2(P.train[i])} (${P.steps[i]} steps)` +
              ` + draw ${f2(P.draw[i])} + rgba ${f2(P.rgba[i])} + put ${f2(P.put[i])}\n`;
    console.log(line);
    const s = document.getElementById('summary');
    s.textContent = line;
    s.dataset.status = '0';
  }

  frame(t) {
    const dt = this.last ? (t - this.last) / 1000 : 0;
    this.last = t;
    this.fit();
    const drawn = this.x.web_frame(dt, 1000 / 60, this.drawMs);
    if (drawn || this.force) {
      const tp = performance.now();
      this.present();
      // the budget is what drawing leaves of a frame: drawing and copying, not training
      if (drawn) this.drawMs = 0.8 * this.drawMs + 0.2 * (this.x.web_draw_ms() + performance.now() - tp);
      this.force = false;
      if (!this.frames++) {
        this.firstFrameMs = performance.now();
        document.body.dataset.frames = '1';
        console.log(`first frame drawn ${Math.round(this.firstFrameMs)} ms after navigation`);
      }
      document.body.dataset.drawn = String(this.frames);
      this.retitle();
    }
    requestAnimationFrame((tt) => this.frame(tt));
  }

  // The tab's title names the lesson and the step, as the desktop window's does.
  retitle() {
    const t = this.cstr(this.x.web_title());
    if (t && t !== document.title) document.title = t;
  }

  request(req) {
    if (req === REQ.FULLSCREEN) {
      if (document.fullscreenElement) document.exitFullscreen();
      else document.documentElement.requestFullscreen().catch((e) => {
        console.warn('fullscreen: ' + e.message);
        this.say('fullscreen: ' + e.message);
      });
    } else if (req === REQ.EXPORT) {
      this.exportFile(false);
    } else if (req === REQ.EXPORT_SVG) {
      this.exportFile(true);
    } else if (req === REQ.QUIT) {
      this.say('this is a web page: close the tab to quit');
    }
  }

  say(text) {
    const b = new TextEncoder().encode(text + '\0');
    const p = this.x.web_alloc(b.length);
    new Uint8Array(this.x.memory.buffer).set(b, p);
    this.x.web_message(p);
    this.x.web_free(p);
  }

  exportFile(svg) {
    if (this.x.web_export(svg ? 1 : 0) !== 0) return;
    // the image, then its sidecar (FILE.json: `rnnscope --replay FILE.json` draws it again)
    const name = this.cstr(this.x.web_export_name(0)), side = this.cstr(this.x.web_export_name(1));
    download(name.split('/').pop(), this.fs.read(name), svg ? 'image/svg+xml' : 'image/png');
    this.fs.remove(name);
    if (side) {
      download(side.split('/').pop(), this.fs.read(side), 'application/json');
      this.fs.remove(side);
    }
  }

  async openLesson(file) {
    const name = file.name.replace(/[^A-Za-z0-9._-]/g, '_');
    this.fs.write('local/' + name, new Uint8Array(await file.arrayBuffer()));
    // a lesson that does not load leaves the instance (and the lesson) shown as it was
    const old = { x: this.x, wasi: this.wasi, stdout: this.stdout };
    const status = await this.start(argsFromUrl(this.url, '/local/' + name));
    if (status !== 0 || !this.x.web_interactive()) {
      const msg = this.cstr(this.x.web_error());
      Object.assign(this, old);
      console.warn(`${file.name}: ${msg}`);
      this.say(`${file.name}: ${msg}`);
      return;
    }
    this.W = 0;
    this.fit();
  }

  listen() {
    const c = this.canvas;
    window.addEventListener('keydown', (e) => {
      const k = keyCode(e);
      const browserShortcut = (e.ctrlKey || e.metaKey) && !(k === FK.RIGHT || k === FK.LEFT);
      if (!k || browserShortcut) return;
      e.preventDefault();
      const mods = (e.shiftKey ? 1 : 0) | (e.ctrlKey ? 2 : 0) | (e.altKey || e.metaKey ? 4 : 0);
      this.request(this.x.web_key(k, mods, e.repeat ? 1 : 0));
    });
    const at = (e) => {
      const r = c.getBoundingClientRect();
      return [Math.floor((e.clientX - r.left) * this.dpr), Math.floor((e.clientY - r.top) * this.dpr)];
    };
    c.addEventListener('pointermove', (e) => this.x.web_mouse_move(...at(e)));
    c.addEventListener('pointerleave', () => this.x.web_mouse_leave());
    c.addEventListener('pointerdown', (e) => {
      if (e.button !== 0) return;
      e.preventDefault();
      const [x, y] = at(e);
      this.x.web_mouse_move(x, y); // a touch has no hover before it
      this.request(this.x.web_mouse_down(x, y));
      if (e.pointerType !== 'mouse') this.x.web_mouse_leave(); // no tooltip left behind
    });
    document.addEventListener('dragover', (e) => e.preventDefault());
    document.addEventListener('drop', (e) => {
      e.preventDefault();
      const f = e.dataTransfer.files[0];
      if (f) this.openLesson(f);
    });
    const pick = document.getElementById('open-file');
    pick.addEventListener('change', () => { if (pick.files[0]) this.openLesson(pick.files[0]); pick.value = ''; });
    document.getElementById('open').addEventListener('click', () => pick.click());
    document.getElementById('export').addEventListener('click', () => this.exportFile(false));
    document.getElementById('export-svg').addEventListener('click', () => this.exportFile(true));
    document.getElementById('fullscreen').addEventListener('click', () => this.request(REQ.FULLSCREEN));
  }
}

function download(name, bytes, type) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes], { type }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function main() {
  const canvas = document.getElementById('screen');
  const summary = document.getElementById('summary');
  let module;
  try {
    module = await WebAssembly.compileStreaming(fetch('rnnscope.wasm'));
  } catch (e) { // file:// or a server without the wasm MIME type
    module = await WebAssembly.compile(await (await fetch('rnnscope.wasm')).arrayBuffer());
  }
  const page = new Page(module, canvas, location.search);
  const args = argsFromUrl(location.search);
  if (args.includes('--steps')) { // headless: the summary lines, nothing drawn
    document.body.classList.add('headless');
    const status = await page.start(args);
    summary.textContent = page.stdout.join('\n') + (page.stdout.length ? '\n' : '');
    if (status !== 0) summary.dataset.error = page.cstr(page.x.web_error());
    summary.dataset.status = String(status);
    return;
  }
  const status = await page.start(args);
  if (status !== 0) {
    document.body.classList.add('headless');
    summary.textContent = 'rnnscope: ' + page.cstr(page.x.web_error()) + '\n';
    summary.dataset.status = String(status);
    return;
  }
  page.fit();
  page.listen();
  window.rnnscope = page; // for the console and tests
  const bench = Number(new URLSearchParams(location.search).get('bench-frames') || 0);
  if (bench > 0) { // the whole viewport, like the desktop benchmark's 1920x1080 window
    document.body.classList.add('bench');
    page.fit();
    page.t0bench = performance.now();
    requestAnimationFrame((t) => page.bench(bench, t, []));
  }
  else requestAnimationFrame((t) => page.frame(t));
}

main().catch((e) => {
  console.error(e);
  const s = document.getElementById('summary');
  document.body.classList.add('headless');
  s.textContent = 'rnnscope could not start: ' + e.message + '\n';
});
