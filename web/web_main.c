/* web_main.c - the browser edition's entry points (a WebAssembly reactor module).
 *
 * The page (rnnscope.js) hands over the command line that its URL stands for as
 * WASI arguments, then calls web_start: `--steps N` trains headless and prints the
 * summary lines of `rnnscope --steps N` (main.c's path, headless.c); anything else
 * starts the window's behaviour (src/app/app_front.c) on two canvases. From then on
 * the page forwards keys, pointer events and its size, calls web_frame on every
 * animation frame, and copies the RGBA frame (web_frame_pixels) onto an HTML canvas
 * when web_frame says something was drawn. Files (a lesson opened from the page,
 * exported PNGs and sidecars) go through the page's in-memory WASI file system. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wasi/api.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

#include "app_front.h"
#include "app_cmd.h"
#include "cli.h"
#include "dlist.h"
#include "eigen.h"
#include "export.h"
#include "export_cmd.h"
#include "headless.h"
#include "lesson.h"

#define EXPORT(name) __attribute__((export_name(#name)))

/* web/rnnscope.js names these key codes (its FK table) */
_Static_assert(FK_RIGHT == 0x100 && FK_END == 0x109 && FK_ENTER == 0x10A && FK_KP_1 == 0x110,
               "the key codes of app_front.h and web/rnnscope.js's FK table differ");

static Front front;
static int started;
static uint8_t *frame_rgba; /* (H, W) RGBA: dash at x = 0, side at x = dash_w */
static size_t frame_cap;
static char last_error[1024];
static char export_names[2][256]; /* PNG and sidecar of the last export */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

/* The WASI arguments as argc/argv (a reactor has no main to receive them). */
static int get_args(char ***argv_out)
{
    __wasi_size_t argc = 0, size = 0;
    if (__wasi_args_sizes_get(&argc, &size) != 0) return -1;
    char **argv = calloc(argc + 1, sizeof *argv);
    char *buf = malloc(size ? size : 1);
    if (!argv || !buf || __wasi_args_get((uint8_t **)argv, (uint8_t *)buf) != 0) {
        free(argv);
        free(buf);
        return -1;
    }
    *argv_out = argv;
    return (int)argc;
}

static int fail(const char *msg, int status)
{
    fprintf(stderr, "rnnscope: %s\n", msg);
    snprintf(last_error, sizeof last_error, "%s", msg);
    return status;
}

/* Parses the WASI arguments and either trains headless (--steps: returns its exit
 * status, the summary on stdout) or starts the window's state (returns 0; -1 then
 * means "interactive", see web_interactive). Exit statuses as the command line's. */
EXPORT(web_start)
int web_start(void)
{
    char **argv;
    int argc = get_args(&argv);
    if (argc < 0) return fail("cannot read the arguments", 2);
    Options o;
    Error err;
    if (started) front_free(&front), started = 0;
    if (cli_parse(&o, argc, argv, &err)) return fail(err.msg, 2);
    /* argv stays allocated: Options points into it */
    if (o.steps >= 0) {
        Lesson lesson, *l = NULL;
        if (o.lesson) {
            if (lesson_resolve(&lesson, o.lesson, &err)) return fail(err.msg, 2);
            l = &lesson;
        }
        int status = headless_run(&o, l, o.steps, linalg_eigenvalues, stdout, &err);
        fflush(stdout);
        if (l) lesson_free(l);
        return status ? fail(err.msg, status) : 0;
    }
    static AppSpec spec; /* large: not on the stack */
    if (app_spec_from_options(&spec, &o, &err) || front_init(&front, &spec, 0, now_ms, &err))
        return fail(err.msg, 2);
    const char *dbg = getenv("RNNSCOPE_DEBUG");
    front.core.debug = dbg && dbg[0] && strcmp(dbg, "0") != 0;
    started = 1;
    return 0;
}

/* 1 if web_start started the window's state (not a headless run, not an error). */
EXPORT(web_interactive)
int web_interactive(void) { return started; }

EXPORT(web_error)
const char *web_error(void) { return last_error; }

/* Sizes the canvases for a W x H drawable; 0, or -1 (error text in web_error). */
EXPORT(web_resize)
int web_resize(int W, int H)
{
    int changed;
    Error err;
    if (!started) return -1;
    if (front_fit(&front, W, H, &changed, &err)) return fail(err.msg, -1);
    size_t need = (size_t)front.W * (size_t)front.H * 4;
    if (need > frame_cap) {
        uint8_t *p = realloc(frame_rgba, need);
        if (!p) return fail("out of memory for the frame", -1);
        frame_rgba = p;
        frame_cap = need;
    }
    return 0;
}

/* canvas rows (0xAARRGGBB) into the frame at column x0, as RGBA bytes (opaque) */
static void to_rgba(const Canvas *c, int x0)
{
    for (int y = 0; y < c->h; y++) {
        const uint32_t *src = c->px + (size_t)y * (size_t)c->w;
        uint8_t *dst = frame_rgba + ((size_t)y * (size_t)front.W + (size_t)x0) * 4;
        int x = 0;
#ifdef __wasm_simd128__
        /* four pixels at a time: the bytes B G R A of each (little-endian) as R G B 255
         * (1920x1080 in the page bench: median 2.1 ms with the loop below alone, 0.8) */
        const v128_t opaque = wasm_i32x4_splat((int32_t)0xff000000);
        for (; x + 4 <= c->w; x += 4) {
            v128_t p = wasm_v128_load(src + x);
            p = wasm_i8x16_shuffle(p, p, 2, 1, 0, 3, 6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15);
            wasm_v128_store(dst + 4 * x, wasm_v128_or(p, opaque));
        }
#endif
        for (; x < c->w; x++) {
            uint32_t p = src[x];
            dst[4 * x] = (uint8_t)(p >> 16), dst[4 * x + 1] = (uint8_t)(p >> 8);
            dst[4 * x + 2] = (uint8_t)p, dst[4 * x + 3] = 255;
        }
    }
}

static int publish(int drawn)
{
    if (drawn & FRONT_DASH) to_rgba(&front.dash, 0);
    if (drawn & FRONT_SIDE) to_rgba(&front.side, front.dash_w);
    return drawn;
}

/* The page trains and draws on one thread, so a frame's time is its training plus its
 * drawing (and the copy onto the HTML canvas). A frame may take fit = period -
 * FRAME_SLACK_MS, which leaves the browser time to put it on the screen. When the step
 * a frame would begin with fits beside drawing, the frame trains for what drawing
 * leaves of fit and then draws. When it does not (an LSTM step at 1920x1080 takes
 * about as long as drawing, and the engine cannot stop inside a step), that frame only
 * trains, for fit (at least one step; when drawing alone is longer than fit, for half
 * of the drawing, at most 25 ms, as the desktop's budget keeps a third of such a frame
 * for training), and the next one draws, training too if its first step fits. The
 * desktop does not need this: its worker thread trains while the window draws. */
#define FRAME_SLACK_MS 3.0

static double draw_ms; /* the last frame drawn: its drawing and its copy into frame_rgba */
static int trained_only;  /* the last frame trained and did not draw */
static double owed_dt;    /* seconds of a frame that only drew, for the next training */

/* ms the step the next burst begins with took recently (app_job.c's round-robin from
 * core.next over the runs still training; 0 before any step was timed) */
static double next_step_ms(const AppCore *a)
{
    for (int k = 0; k < a->n; k++) {
        int i = (a->next + k) % a->n;
        if (a->live[i] && !a->run[i].diverged_at) return a->cost[i];
    }
    return 0;
}

/* One animation frame, dt seconds after the last, of a period ms refresh, when drawing
 * (with both copies) took about draw ms: trains, draws, or both (see above). Returns
 * the FRONT_* bits: non-zero when web_frame_pixels has a new picture. */
EXPORT(web_frame)
int web_frame(double dt, double period, double draw)
{
    if (!started || !frame_rgba) return 0;
    double fit = period - FRAME_SLACK_MS;
    int alone = front.core.playing && next_step_ms(&front.core) + draw > fit;
    int drawn;
    if (alone && trained_only) { /* draw what the last frame trained */
        trained_only = 0;
        owed_dt += dt;
        drawn = front_draw(&front);
    } else if (alone) {
        front_tick(&front, dt + owed_dt, fmax(fit, fmin(0.5 * draw, 25.0)));
        owed_dt = 0;
        trained_only = 1;
        return 0;
    } else {
        trained_only = 0;
        drawn = front_frame(&front, dt + owed_dt, fit - draw);
        owed_dt = 0;
    }
    double t = now_ms();
    publish(drawn);
    if (drawn) draw_ms = front.canvas_ms + (now_ms() - t);
    return drawn;
}

/* What drawing took of the last frame drawn (ms), without the training: the page adds
 * its copy onto the HTML canvas and gives the sum to web_frame, as the desktop window
 * gives its drawing and present time to its budget (training and drawing measured as
 * one would feed the training's own time back into its budget). */
EXPORT(web_draw_ms)
double web_draw_ms(void) { return draw_ms; }

/* The frame benchmark's parts: the last drawing of the canvases (ms, without the copy
 * into web_frame_pixels), and the training steps taken so far. */
EXPORT(web_canvas_ms)
double web_canvas_ms(void) { return front.canvas_ms; }
EXPORT(web_trained)
double web_trained(void) { return started ? (double)front.core.trained : 0; }

/* The frame benchmark (?bench-frames=N): every run playing, both canvases redrawn
 * by the next web_frame. */
EXPORT(web_bench_frame)
void web_bench_frame(void)
{
    if (!started) return;
    front.core.playing = 1;
    front.core.target = 0;
    front.core.speed = app_nspeeds - 1; /* as fast as it goes */
    front.dirty_dash = front.dirty_side = 1;
}

/* The hover value shown at the pointer ("" when none): tests read it. */
EXPORT(web_tip)
const char *web_tip(void) { return front.tip; }

EXPORT(web_frame_pixels)
uint8_t *web_frame_pixels(void) { return frame_rgba; }
EXPORT(web_width)
int web_width(void) { return front.W; }
EXPORT(web_height)
int web_height(void) { return front.H; }
EXPORT(web_busy)
int web_busy(void) { return started && front_busy(&front); }

/* Events; each returns a FrontRequest (quit, fullscreen, export) for the page. */
EXPORT(web_key)
int web_key(int key, int mods, int repeat)
{
    if (!started) return 0;
    return (int)front_key(&front, key, mods, repeat);
}
EXPORT(web_mouse_down)
int web_mouse_down(int x, int y) { return started ? (int)front_mouse_down(&front, x, y) : 0; }
EXPORT(web_mouse_move)
void web_mouse_move(int x, int y) { if (started) front_mouse_move(&front, x, y); }
EXPORT(web_mouse_leave)
void web_mouse_leave(void) { if (started) front_mouse_leave(&front); }

/* A message in the window (e.g. the page could not go fullscreen). */
EXPORT(web_message)
void web_message(const char *text)
{
    if (started) app_core_msg(&front.core, "%s", text);
}

/* The next export's name into export_names[0]: /export/rnnscope-YYYYMMDD-HHMMSS.png
 * (UTC; .svg), "-2", "-3" ... added within one second. The page cannot see the
 * downloads folder as the desktop sees its working directory (rnnscope-NNNN.png): the
 * time keeps names, and so the sidecar's "image", apart across exports and reloads. */
static int export_name(int svg, Error *err)
{
    static char last[32];
    static int again;
    char stamp[32], prefix[48];
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm))
        snprintf(stamp, sizeof stamp, "0");
    again = strcmp(stamp, last) == 0 ? again + 1 : 1;
    snprintf(last, sizeof last, "%s", stamp);
    if (again > 1) snprintf(prefix, sizeof prefix, "rnnscope-%s-%d", stamp, again);
    else snprintf(prefix, sizeof prefix, "rnnscope-%s", stamp);
    int len = snprintf(export_names[0], sizeof export_names[0], "/export/%s.%s", prefix,
                       svg ? "svg" : "png");
    if (len < 0 || (size_t)len >= sizeof export_names[0]) return error_set(err, "export: name too long");
    return 0;
}

/* Exports the dashboard as /export/NAME.png (export_name), or (svg = 1) the same figure
 * as /export/NAME.svg from its drawing list, with its sidecar NAME.json
 * (front_export_sidecar: `rnnscope --replay` draws the same picture), in the page's file
 * system (the page offers them as downloads); their names in web_export_name(0) and
 * (1), which is "" when the view has no sidecar (the message says why). 0 or -1. */
EXPORT(web_export)
int web_export(int svg)
{
    Error err, serr;
    if (!started) return -1;
    export_names[0][0] = export_names[1][0] = '\0';
    /* a round of training cut short by the frame's budget or a pause: completed, so
     * that the runs are at one step, which the sidecar records */
    app_core_even(&front.core);
    DList list;
    dlist_init(&list);
    if (!svg) front_draw_plain(&front);
    else if (!front_record_plain(&front, &list)) {
        dlist_free(&list);
        app_core_msg(&front.core, "SVG export: the runs are still training; try again when they are done");
        return -1;
    }
    int rc = export_name(svg, &err);
    const char *base = export_names[0] + 8; /* without "/export/" */
    if (!rc) rc = svg ? export_svg_new(&list, export_names[0], &err)
                      : export_png_new(&front.dash, export_names[0], &err);
    dlist_free(&list);
    if (rc) {
        app_core_msg(&front.core, "export failed: %s", err.msg);
        return fail(err.msg, -1);
    }
    int side = front_export_sidecar(&front, export_names[0], base, export_names[1],
                                    sizeof export_names[1], &serr) == 0;
    if (side)
        app_core_msg(&front.core, "saved %s and its sidecar (%dx%d)", base, front.dash.w, front.dash.h);
    else {
        app_core_msg(&front.core, "saved %s (%dx%d); no sidecar: %s", base, front.dash.w,
                     front.dash.h, serr.msg);
        fprintf(stderr, "rnnscope: %s: no sidecar: %s\n", base, serr.msg);
    }
    return 0;
}

EXPORT(web_export_name)
const char *web_export_name(int i) { return export_names[i == 0 ? 0 : 1]; }

/* The window's title (app_core_window_title): the lesson and the step, for the tab. */
EXPORT(web_title)
const char *web_title(void)
{
    static char title[512];
    if (!started) return "";
    app_core_window_title(&front.core, title, sizeof title);
    return title;
}

EXPORT(web_alloc)
void *web_alloc(size_t n) { return malloc(n); }
EXPORT(web_free)
void web_free(void *p) { free(p); }
