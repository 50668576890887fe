/* app_window.c - the SDL window: events -> train -> draw -> present.
 *
 * Two CPU canvases: the dashboard (plot_dashboard plus overlays) and the settings
 * panel at the right edge. Under X11 (and offscreen) each is copied straight onto the
 * window's surface; elsewhere each is uploaded into its own streaming texture and
 * copied to the screen, and SDL_Renderer draws nothing itself. Everything a frame
 * needs is allocated when the window opens or is resized: the frame loop itself
 * allocates nothing (new text strings are rendered once by SDL_ttf inside the
 * canvas's text cache; see src/plot/text.c). */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "app_front.h"
#include "app_ui.h"
#include "clock.h"
#include "export.h"

typedef struct Win {
    Front f;                  /* everything but SDL: app_front.c */
    SDL_Window *win;
    SDL_Renderer *ren;        /* NULL: the canvases are copied onto a surface (below) */
    SDL_Surface *offscreen;   /* bench without a display: frames are copied onto this */
    int direct;               /* the canvases go straight onto the window's surface */
    int reblit;               /* a window event: copy both canvases, update the whole window */
    SDL_Texture *tex_dash, *tex_side;
    int quit;
    double draw_ms;           /* last frame's drawing + present time */
    double present_ms;        /* of the last present: upload + present */
    char title[400];          /* the window's title as last set */
    int idle_told;            /* RNNSCOPE_DEBUG: "idle" told since the last event or drawing */
    double t_open;            /* when app_run began opening the window (ms) */
} Win;

static double now_ms(void)
{
    return SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

/* ---- sizes ---- */

/* The textures' pixel format. Canvas pixels are opaque 0xFFRRGGBB, which read the same
 * as ARGB8888 and as XRGB8888 (SDL's RGB888). A window whose surface is XRGB8888 (X11's
 * 24-bit visuals) gets XRGB8888 textures: SDL's software renderer then copies a
 * texture onto the window row by row (memcpy), where from ARGB8888 it converts each of
 * the frame's two million pixels (masking its alpha away). */
static Uint32 texture_format(const Win *w)
{
    Uint32 f = SDL_GetWindowPixelFormat(w->win);
    SDL_RendererInfo ri;
    if (f == SDL_PIXELFORMAT_RGB888 && SDL_GetRendererInfo(w->ren, &ri) == 0)
        for (Uint32 i = 0; i < ri.num_texture_formats; i++)
            if (ri.texture_formats[i] == f) return f;
    return SDL_PIXELFORMAT_ARGB8888;
}

static int make_texture(Win *w, SDL_Texture **t, int tw, int th, Error *err)
{
    if (*t) SDL_DestroyTexture(*t);
    *t = SDL_CreateTexture(w->ren, texture_format(w), SDL_TEXTUREACCESS_STREAMING, tw, th);
    if (!*t) return error_set(err, "SDL: cannot make a %dx%d texture: %s", tw, th, SDL_GetError());
    return 0;
}

/* Matches canvases and textures to the drawable size. */
static int fit(Win *w, Error *err)
{
    int W, H, changed;
    SDL_Surface *screen = w->direct ? SDL_GetWindowSurface(w->win) : NULL;
    if (w->direct && !screen) return error_set(err, "SDL: no window surface: %s", SDL_GetError());
    if (w->offscreen) W = w->offscreen->w, H = w->offscreen->h;
    else if (screen) W = screen->w, H = screen->h;
    else if (SDL_GetRendererOutputSize(w->ren, &W, &H) != 0)
        return error_set(err, "SDL: %s", SDL_GetError());
    if (front_fit(&w->f, W, H, &changed, err)) return -1;
    if (!changed || !w->ren) return 0;
    if (make_texture(w, &w->tex_dash, w->f.dash_w, w->f.H, err) ||
        make_texture(w, &w->tex_side, w->f.side_w, w->f.H, err))
        return -1;
    return 0;
}

/* ---- drawing ---- */

static int upload(SDL_Texture *t, const Canvas *c, Error *err)
{
    if (SDL_UpdateTexture(t, NULL, c->px, c->w * 4) != 0)
        return error_set(err, "SDL: cannot update a texture: %s", SDL_GetError());
    return 0;
}

/* Copies canvas c to (x, 0) of surface s (within it), as SDL_BlitSurface would: rows
 * with memcpy where s holds 32-bit pixels with the canvas's byte layout (XRGB8888,
 * ARGB8888; canvas pixels are opaque), else through SDL's conversion. */
static int copy_canvas(SDL_Surface *s, const Canvas *c, int x, Error *err)
{
    Uint32 fmt = s->format->format;
    int w = c->w < s->w - x ? c->w : s->w - x, h = c->h < s->h ? c->h : s->h;
    if (w <= 0 || h <= 0) return 0;
    if (fmt != SDL_PIXELFORMAT_RGB888 && fmt != SDL_PIXELFORMAT_ARGB8888) {
        SDL_Surface *src = SDL_CreateRGBSurfaceWithFormatFrom(c->px, c->w, c->h, 32, c->w * 4,
                                                              SDL_PIXELFORMAT_ARGB8888);
        SDL_Rect to = {x, 0, w, h};
        int rc = src ? SDL_BlitSurface(src, NULL, s, &to) : -1;
        SDL_FreeSurface(src);
        return rc ? error_set(err, "SDL: cannot copy a frame: %s", SDL_GetError()) : 0;
    }
    if (SDL_MUSTLOCK(s) && SDL_LockSurface(s) != 0)
        return error_set(err, "SDL: cannot lock the window: %s", SDL_GetError());
    for (int y = 0; y < h; y++)
        memcpy((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch + (size_t)x * 4,
               c->px + (size_t)y * (size_t)c->w, (size_t)w * 4);
    if (SDL_MUSTLOCK(s)) SDL_UnlockSurface(s);
    return 0;
}

/* Without a renderer: the canvases redrawn (all after a window event) are copied onto
 * the window's surface, and the window is updated where they are. */
static int present_direct(Win *w, int drawn, Error *err)
{
    Front *f = &w->f;
    SDL_Surface *s = w->offscreen ? w->offscreen : SDL_GetWindowSurface(w->win);
    if (!s) return error_set(err, "SDL: no window surface: %s", SDL_GetError());
    if (w->reblit) drawn |= FRONT_DASH | FRONT_SIDE;
    SDL_Rect r[2];
    int n = 0;
    if (drawn & FRONT_DASH) {
        if (copy_canvas(s, &f->dash, 0, err)) return -1;
        r[n++] = (SDL_Rect){0, 0, f->dash_w, f->H};
    }
    if (drawn & FRONT_SIDE) {
        if (copy_canvas(s, &f->side, f->dash_w, err)) return -1;
        r[n++] = (SDL_Rect){f->dash_w, 0, f->side_w, f->H};
    }
    w->reblit = 0;
    if (!w->win) return 0;
    if (n == 0) r[n++] = (SDL_Rect){0, 0, s->w, s->h}; /* presented again as it is */
    if (SDL_UpdateWindowSurfaceRects(w->win, r, n) != 0)
        return error_set(err, "SDL: cannot update the window: %s", SDL_GetError());
    return 0;
}

/* Uploads what front_draw redrew (bits `drawn`) and presents. */
static int present(Win *w, int drawn, Error *err)
{
    Front *f = &w->f;
    double t1 = now_ms();
    if (!w->ren) {
        int rc = present_direct(w, drawn, err);
        w->present_ms = now_ms() - t1;
        return rc;
    }
    if ((drawn & FRONT_DASH) && upload(w->tex_dash, &f->dash, err)) return -1;
    if ((drawn & FRONT_SIDE) && upload(w->tex_side, &f->side, err)) return -1;
    SDL_Rect rd = {0, 0, f->dash_w, f->H}, rs = {f->dash_w, 0, f->side_w, f->H};
    if (SDL_RenderCopy(w->ren, w->tex_dash, NULL, &rd) != 0 ||
        SDL_RenderCopy(w->ren, w->tex_side, NULL, &rs) != 0)
        return error_set(err, "SDL: cannot draw: %s", SDL_GetError());
    SDL_RenderPresent(w->ren);
    w->present_ms = now_ms() - t1;
    return 0;
}

/* ---- requests ---- */

/* E: the dashboard alone (without help, tooltip or messages) as the first free
 * rnnscope-NNNN.png in the working directory, with its sidecar rnnscope-NNNN.json
 * (`rnnscope --replay` draws the same picture); Shift+E: the same figure recorded as a
 * drawing list and written as rnnscope-NNNN.svg. Never over an existing file. A view
 * the sidecar cannot describe is saved without one, and the message says why. */
static void export_view(Win *w, int svg)
{
    AppCore *a = &w->f.core;
    Error err, serr;
    char name[1024] = "", side[1100] = "", cwd[1024];
    int rc = -1;
    /* a round of training cut short by the frame's budget: completed, so that the runs
     * are at one step, which the sidecar records (unless a long engine call is under way) */
    if (!a->job || app_core_settle(a, 50)) app_core_even(a);
    DList list;
    dlist_init(&list);
    if (!svg) front_draw_plain(&w->f);
    else if (!front_record_plain(&w->f, &list)) {
        dlist_free(&list);
        app_core_msg(a, "SVG export: the runs are still training; press Shift+E when they are done");
        return;
    }
    for (int tries = 0; tries < 3 && rc != 0; tries++) {
        if (export_unique_name(NULL, "rnnscope", svg ? "svg" : "png", name, sizeof name, &err)) break;
        rc = svg ? export_svg_new(&list, name, &err) : export_png_new(&w->f.dash, name, &err);
    }
    dlist_free(&list);
    /* (name: "./...") */
    int has_side = rc == 0 && front_export_sidecar(&w->f, name, name + 2, side, sizeof side, &serr) == 0;
    const char *base = strncmp(name, "./", 2) == 0 ? name + 2 : name;
    char dir[1100] = "";
    if (getcwd(cwd, sizeof cwd)) snprintf(dir, sizeof dir, "%s/", cwd);
    if (rc != 0) app_core_msg(a, "export failed: %s", err.msg);
    else if (has_side)
        app_core_msg(a, "saved %s%s and its sidecar (%dx%d)", dir, base, w->f.dash.w, w->f.dash.h);
    else
        app_core_msg(a, "saved %s%s (%dx%d); no sidecar: %s", dir, base, w->f.dash.w, w->f.dash.h,
                     serr.msg);
    if (a->debug) {
        printf("state event=export %s\n", a->msg);
        fflush(stdout);
    }
}

static void request(Win *w, FrontRequest req)
{
    switch (req) {
    case FRONT_QUIT: w->quit = 1; break;
    case FRONT_FULLSCREEN:
        if (w->offscreen) break;
        w->f.fullscreen = !w->f.fullscreen;
        if (SDL_SetWindowFullscreen(w->win, w->f.fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0))
            app_core_msg(&w->f.core, "fullscreen: %s", SDL_GetError());
        w->f.dirty_dash = 1;
        break;
    case FRONT_EXPORT: export_view(w, 0); break;
    case FRONT_EXPORT_SVG: export_view(w, 1); break;
    case FRONT_NONE: break;
    }
}

/* ---- events ---- */

/* SDL's keycodes of printable keys are their characters, as front_key wants. */
static int front_keycode(SDL_Keycode k)
{
    static const struct { SDL_Keycode sdl; int front; } named[] = {
        {SDLK_RIGHT, FK_RIGHT}, {SDLK_LEFT, FK_LEFT}, {SDLK_UP, FK_UP}, {SDLK_DOWN, FK_DOWN},
        {SDLK_PAGEUP, FK_PAGEUP}, {SDLK_PAGEDOWN, FK_PAGEDOWN}, {SDLK_END, FK_END}, {SDLK_F11, FK_F11},
        {SDLK_KP_PLUS, FK_KP_PLUS}, {SDLK_KP_MINUS, FK_KP_MINUS}, {SDLK_KP_ENTER, FK_ENTER},
    };
    if (k >= 0 && k < 128) return (int)k;
    if (k >= SDLK_KP_1 && k <= SDLK_KP_8) return FK_KP_1 + (int)(k - SDLK_KP_1);
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if (named[i].sdl == k) return named[i].front;
    return 0;
}

/* Mouse position from window points to drawable pixels (they differ on hi-DPI). */
static void mouse_px(Win *w, int x, int y, int *px, int *py)
{
    int ww = w->f.W, wh = w->f.H;
    if (w->win) SDL_GetWindowSize(w->win, &ww, &wh);
    *px = ww > 0 ? (int)((double)x * w->f.W / ww) : x;
    *py = wh > 0 ? (int)((double)y * w->f.H / wh) : y;
}

static void event(Win *w, const SDL_Event *e)
{
    int x, y;
    switch (e->type) {
    case SDL_QUIT: w->quit = 1; break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_LEAVE) front_mouse_leave(&w->f);
        w->f.dirty_present = 1;
        w->reblit = 1; /* a new window surface, or one to be shown again */
        break;
    case SDL_KEYDOWN: {
        Uint16 m = e->key.keysym.mod;
        int mods = (m & KMOD_SHIFT ? FM_SHIFT : 0) | (m & KMOD_CTRL ? FM_CTRL : 0) |
                   (m & (KMOD_ALT | KMOD_GUI) ? FM_ALT : 0);
        request(w, front_key(&w->f, front_keycode(e->key.keysym.sym), mods, e->key.repeat != 0));
        break;
    }
    case SDL_MOUSEMOTION:
        mouse_px(w, e->motion.x, e->motion.y, &x, &y);
        front_mouse_move(&w->f, x, y);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button != SDL_BUTTON_LEFT) break;
        mouse_px(w, e->button.x, e->button.y, &x, &y);
        request(w, front_mouse_down(&w->f, x, y));
        break;
    default: break;
    }
}

/* ---- the loop ---- */

/* The training budget leaves room for the slowest drawing of the last DRAW_TIMES_N
 * frames (this quantile of them): a frame costs budget + drawing. */
#define DRAW_Q 1.0

static int frame(Win *w, double dt, double budget, Error *err)
{
    if (fit(w, err)) return -1;
    double t = now_ms();
    w->draw_ms = 0;
    int drawn = front_frame(&w->f, dt, budget);
    if (drawn && present(w, drawn, err)) return -1;
    if (drawn) w->draw_ms = now_ms() - t, w->idle_told = 0;
    front_debug_shown(&w->f); /* (the present waits for the X server: XSync) */
    if (w->win) { /* the lesson and the step, for the task bar and a screen-sharing list */
        char title[sizeof w->title];
        app_core_window_title(&w->f.core, title, sizeof title);
        if (strcmp(title, w->title) != 0) {
            memcpy(w->title, title, sizeof title);
            SDL_SetWindowTitle(w->win, title);
        }
    }
    return 0;
}

static int open_window(Win *w, int width, int height, int hidden, int bench, Error *err)
{
    const char *drv = getenv("SDL_VIDEODRIVER");
    int chosen = drv && drv[0];
    const char *x11 = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    /* without an explicit SDL_VIDEODRIVER, try only what the environment offers (an
     * empty variable would otherwise make SDL try every driver, and a library that
     * fails prints its own lines): Wayland and/or X11, else the console (KMSDRM) */
    int console = !chosen && !(x11 && x11[0]) && !(wl && wl[0]);
    if (!chosen) {
        const char *drivers = console ? "KMSDRM"
                            : wl && wl[0] ? (x11 && x11[0] ? "wayland,x11" : "wayland")
                                          : "x11";
        SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, drivers, SDL_HINT_OVERRIDE);
    }
    int up = SDL_Init(SDL_INIT_VIDEO) == 0;
    const char *why = up ? "" : console ? "DISPLAY and WAYLAND_DISPLAY are not set" : SDL_GetError();
    if (up && !chosen && !bench) {
        /* SDL's offscreen and dummy drivers open windows nobody can see */
        const char *cur = SDL_GetCurrentVideoDriver();
        if (cur && (strcmp(cur, "offscreen") == 0 || strcmp(cur, "dummy") == 0)) {
            why = "only SDL's offscreen driver is available";
            up = 0;
        }
    }
    if (!up) {
        if (!bench)
            return error_set(err, "no display (%s); use --steps N, --export FILE.png or --trace "
                                  "FILE to work headless", why[0] ? why : "SDL found none");
        if (SDL_WasInit(SDL_INIT_VIDEO)) SDL_QuitSubSystem(SDL_INIT_VIDEO);
        /* the benchmark can run offscreen: frames are copied onto a surface */
        w->offscreen = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_RGB888);
        if (!w->offscreen) return error_set(err, "SDL: %s", SDL_GetError());
        return 0;
    }
    char title[sizeof w->title];
    app_core_window_title(&w->f.core, title, sizeof title);
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI | (hidden ? SDL_WINDOW_HIDDEN : 0);
    if (!hidden) { /* fit the usable screen area */
        SDL_Rect u;
        if (SDL_GetDisplayUsableBounds(0, &u) == 0) {
            if (width > u.w) width = u.w;
            if (height > u.h) height = u.h;
        }
    }
    w->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width, height,
                              flags);
    if (!w->win)
        return error_set(err, "no display (cannot open a window: %s); use --steps N, --export "
                              "FILE.png or --trace FILE to work headless", SDL_GetError());
    SDL_SetWindowMinimumSize(w->win, 800, 600);
    const char *cur = SDL_GetCurrentVideoDriver();
    if (cur && strcmp(cur, "x11") == 0) {
        /* Frames are drawn on the CPU, so under X11 the cheapest way to the screen is
         * the native shared-memory framebuffer (XShm): a 1920x1080 present costs
         * 1.3 ms here, against 5.4 ms through OpenGL on Mesa's llvmpipe. The canvases
         * are copied straight onto the window's surface: through SDL's software
         * renderer they were copied twice (into a texture, then onto the surface).
         * The environment variables SDL_RENDER_DRIVER and SDL_FRAMEBUFFER_ACCELERATION
         * still choose otherwise. */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
        const char *rd = getenv("SDL_RENDER_DRIVER"), *fa = getenv("SDL_FRAMEBUFFER_ACCELERATION");
        w->direct = !(rd && rd[0] && strcmp(rd, "software") != 0) && !(fa && fa[0]);
        if (w->direct && SDL_GetWindowSurface(w->win)) return 0;
        w->direct = 0;
    }
    w->ren = SDL_CreateRenderer(w->win, -1, 0);
    if (!w->ren) w->ren = SDL_CreateRenderer(w->win, -1, SDL_RENDERER_SOFTWARE);
    if (!w->ren) return error_set(err, "SDL: no renderer: %s", SDL_GetError());
    return 0;
}

static void close_window(Win *w)
{
    if (w->tex_dash) SDL_DestroyTexture(w->tex_dash);
    if (w->tex_side) SDL_DestroyTexture(w->tex_side);
    if (w->ren) SDL_DestroyRenderer(w->ren);
    if (w->win) SDL_DestroyWindow(w->win);
    if (w->offscreen) SDL_FreeSurface(w->offscreen);
    SDL_Quit();
}

static double refresh_ms(const Win *w)
{
    SDL_DisplayMode m;
    if (w->win && SDL_GetWindowDisplayMode(w->win, &m) == 0 && m.refresh_rate > 0)
        return 1000.0 / m.refresh_rate;
    return 1000.0 / 60;
}

/* Keys the frame benchmark presses, one every BENCH_KEY_EVERY frames, to time the
 * answer: Esc only asks (a message), Space pauses and plays again (the worker is told
 * to stop); once, three quarters of the way, R resets (the worker's runs are let go if
 * it does not stop at once). */
static const SDL_Keycode bench_keys[] = {SDLK_ESCAPE, SDLK_SPACE, SDLK_SPACE, SDLK_r};
#define BENCH_NKEYS ((int)(sizeof bench_keys / sizeof bench_keys[0]))
#define BENCH_KEY_EVERY 40

static double pct(const double *sorted, long n, double p)
{
    long k = (long)ceil(p * n) - 1;
    return n > 0 ? sorted[k < 0 ? 0 : k] : NAN;
}

/* --bench-frames' timings (ms): every frame, its three parts, and each bench key's
 * answers; one allocation. */
typedef struct BenchTimes {
    long nframes;
    double *ms;                  /* (nframes) the whole frame */
    double *part[3];             /* (nframes) taking in, drawing the canvases, upload + present */
    double *busy;                /* (nframes) 1 if the worker was still training while it drew */
    double *lat[BENCH_NKEYS];    /* (nframes / BENCH_KEY_EVERY + 1) event to frame presented */
    long nlat[BENCH_NKEYS];
} BenchTimes;

static int bench_alloc(BenchTimes *b, long nframes, Error *err)
{
    long nkeys_max = nframes / BENCH_KEY_EVERY + 1;
    memset(b, 0, sizeof *b);
    b->nframes = nframes;
    b->ms = malloc((size_t)(nframes * 5 + BENCH_NKEYS * nkeys_max) * sizeof *b->ms);
    if (!b->ms) return error_set(err, "out of memory for %ld frame times", nframes);
    for (int p = 0; p < 3; p++) b->part[p] = b->ms + (p + 1) * nframes;
    b->busy = b->ms + 4 * nframes;
    for (int k = 0; k < BENCH_NKEYS; k++) b->lat[k] = b->ms + 5 * nframes + k * nkeys_max;
    return 0;
}

/* The key frame f presses, or -1: one every BENCH_KEY_EVERY frames in turn, R once in
 * the last quarter; pushed as an SDL event at *pushed (ms). */
static int bench_press(long f, long nframes, int *presses, int *reset, double *pushed)
{
    if (f % BENCH_KEY_EVERY != BENCH_KEY_EVERY / 2 || f + 1 >= nframes) return -1;
    int key = (*presses)++ % (BENCH_NKEYS - 1);
    if (f >= 3 * nframes / 4 && !*reset) key = BENCH_NKEYS - 1, *reset = 1;
    SDL_Event k = {0};
    k.type = SDL_KEYDOWN;
    k.key.keysym.sym = bench_keys[key];
    *pushed = now_ms();
    return SDL_PushEvent(&k) == 1 ? key : -1;
}

/* The slowest 1% of b's frames (and two more), each as its parts, slowest first: what
 * the tail is made of. b is a copy made before the sort; its frame times are used up. */
static void bench_slowest(BenchTimes *b)
{
    long n = b->nframes;
    for (long r = 0; r < n / 100 + 2 && r < n; r++) {
        long m = 0;
        for (long f = 1; f < n; f++)
            if (b->ms[f] > b->ms[m]) m = f;
        printf("  frame %ld: %.2f ms = taking in %.2f + drawing %.2f + upload and present %.2f%s\n", m,
               b->ms[m], b->part[0][m], b->part[1][m], b->part[2][m],
               b->busy[m] ? " (the worker training beside it)" : "");
        b->ms[m] = -INFINITY; /* printed */
    }
}

/* Sorts b's timings and prints the table: frames, their parts, the keys, training. */
static void bench_report(Win *w, BenchTimes *b, long steps, double total, const double first[2])
{
    const AppCore *a = &w->f.core;
    long nframes = b->nframes;
    double *ms = b->ms;
    long busy = 0;
    for (long f = 0; f < nframes; f++) busy += b->busy[f] != 0;
    BenchTimes slow = *b; /* printed last, from a copy made before the sort */
    size_t bytes = (size_t)nframes * 5 * sizeof *ms;
    slow.ms = malloc(bytes);
    if (slow.ms) {
        memcpy(slow.ms, ms, bytes);
        for (int p = 0; p < 3; p++) slow.part[p] = slow.ms + (p + 1) * nframes;
        slow.busy = slow.ms + 4 * nframes;
    }
    qsort(ms, (size_t)nframes, sizeof *ms, clock_cmp_double);
    for (int p = 0; p < 3; p++) qsort(b->part[p], (size_t)nframes, sizeof *ms, clock_cmp_double);
    SDL_RendererInfo ri;
    const char *rname = !w->ren ? "none (frames copied onto the window's surface)"
                      : SDL_GetRendererInfo(w->ren, &ri) == 0 ? ri.name : "?";
    printf("bench-frames: %ld frames at %dx%d, %d runs training on the worker thread, renderer "
           "%s%s\n", nframes, w->f.W, w->f.H, a->n, rname, w->offscreen ? " (offscreen)" : "");
    printf("frame time (taking in the worker's steps + drawing + upload + present): median "
           "%.2f ms, p99 %.2f ms, max %.2f ms\n", pct(ms, nframes, 0.5), pct(ms, nframes, 0.99),
           ms[nframes - 1]);
    printf("  of which (medians): taking in %.2f ms, drawing the canvases %.2f ms, upload + "
           "present %.2f ms\n", b->part[0][nframes / 2], b->part[1][nframes / 2], b->part[2][nframes / 2]);
    printf("  %ld of %ld frames drew while the worker was still training\n", busy, nframes);
    printf("first picture, from the window's opening: first frame presented %.1f ms, first trained "
           "step drawn %.1f ms\n", first[0], first[1]);
    static const char *const kname[BENCH_NKEYS] = {"Esc", "Space", "Space", "R"};
    for (int k = 0; k < BENCH_NKEYS; k++) {
        if (k == 2) continue; /* Space is counted once */
        long n = b->nlat[k];
        double *l = b->lat[k];
        if (k == 1) { /* both Space rows */
            memmove(l + n, b->lat[2], (size_t)b->nlat[2] * sizeof *l);
            n += b->nlat[2];
        }
        qsort(l, (size_t)n, sizeof *l, clock_cmp_double);
        if (n) printf("key %-5s answered (event to the frame presented): median %.2f ms, max %.2f ms "
                      "over %ld presses\n", kname[k], pct(l, n, 0.5), l[n - 1], n);
    }
    printf("training: %ld steps in %.2f s (%.1f steps/s over all runs)%s\n", steps, total / 1000,
           steps / (total / 1000), app_core_ready(a) ? "" : "; a step was still under way");
    if (slow.ms) {
        printf("the slowest frames:\n");
        bench_slowest(&slow);
        free(slow.ms);
    }
}

/* --bench-frames: four runs training at 1920x1080, every frame drawn, the engine on
 * its worker thread as in the window; a key pressed now and then, timed from the
 * event to the end of the frame that showed its answer. */
static int bench(Win *w, long nframes, Error *err)
{
    BenchTimes b;
    if (bench_alloc(&b, nframes, err)) return -1;
    AppCore *a = &w->f.core;
    a->playing = 1;
    a->target = 0;
    a->speed = app_nspeeds - 1; /* as fast as it goes */
    double period = 1000.0 / 60, draw = 8;
    DrawTimes recent = {0};
    long steps0 = a->trained;
    double t_start = now_ms(), last = t_start, pushed = 0;
    int key = -1, presses = 0, reset = 0;
    double first[2] = {NAN, NAN}; /* the first frame presented, the first with a step drawn */
    for (long f = 0; f < nframes; f++) {
        SDL_Event e;
        while (SDL_PollEvent(&e)) event(w, &e);
        double t0 = now_ms();
        double budget = front_train_budget(period, draw, draw_times_q(&recent, DRAW_Q, draw));
        app_core_tick(a, (t0 - last) / 1000.0, budget, now_ms);
        double td = now_ms();
        b.busy[f] = a->job != NULL;
        w->f.dirty_dash = w->f.dirty_side = 1; /* measure the full redraw every frame */
        if (fit(w, err) || present(w, front_draw(&w->f), err)) {
            free(b.ms);
            return -1;
        }
        app_core_kick(a, budget, now_ms);
        double t1 = now_ms();
        if (f == 0) first[0] = t1 - w->t_open;
        if (isnan(first[1]) && w->f.drew_runs && app_core_max_step(a) > 0) first[1] = t1 - w->t_open;
        if (w->f.drew_runs) {
            draw = 0.8 * draw + 0.2 * (t1 - td);
            draw_times_add(&recent, t1 - td);
        }
        b.ms[f] = t1 - t0;
        b.part[0][f] = td - t0;
        b.part[1][f] = w->f.canvas_ms;
        b.part[2][f] = w->present_ms;
        last = t0;
        if (key >= 0) { /* the frame that handled it has been presented */
            b.lat[key][b.nlat[key]++] = t1 - pushed;
            key = -1;
        }
        key = bench_press(f, nframes, &presses, &reset, &pushed);
    }
    double total = now_ms() - t_start;
    app_core_settle(a, 100); /* a step under way longer than that is let go */
    bench_report(w, &b, a->trained - steps0, total, first);
    free(b.ms);
    return 0;
}

/* Once the runs are built and the panel drawn: the state line says "ready", and with
 * RNNSCOPE_DEBUG where the controls are, in window pixels, for tests. */
static void announce(Win *w)
{
    front_debug(&w->f, "ready");
    if (!w->f.core.debug) return;
    for (int i = 0; i < w->f.ui.n; i++) {
        Rect r = w->f.ui.item[i].r;
        printf("control %s %d at %d %d size %d %d\n", app_ui_name(w->f.ui.item[i].id),
               w->f.ui.item[i].arg, r.x + w->f.dash_w, r.y, r.w, r.h);
    }
    fflush(stdout);
}

/* The window's loop until it is closed: events, then a frame with the time drawing
 * leaves of the refresh period to training. Returns 0, or 1 with err set. */
static int loop(Win *w, Error *err)
{
    double period = refresh_ms(w);
    double draw = period / 2, last = now_ms();
    DrawTimes recent = {0};
    if (frame(w, 0, 1, err)) return 1;
    int announced = 0;
    while (!w->quit) {
        if (!announced && app_core_ready(&w->f.core) && !w->f.dirty_side) {
            announced = 1;
            announce(w);
        }
        SDL_Event e;
        if (!front_busy(&w->f)) { /* idle: sleep until something happens */
            /* tests wait for this instead of a picture that stays the same for a while:
             * every event has been answered and its picture is on the screen */
            if (announced && !w->idle_told) {
                front_debug(&w->f, "idle");
                w->idle_told = 1;
            }
            if (SDL_WaitEventTimeout(&e, 250)) {
                w->idle_told = 0;
                event(w, &e);
            }
        }
        while (SDL_PollEvent(&e)) {
            w->idle_told = 0;
            event(w, &e);
        }
        if (w->quit) break;
        double t0 = now_ms();
        double budget = front_train_budget(period, draw, draw_times_q(&recent, DRAW_Q, draw));
        if (frame(w, (t0 - last) / 1000.0, budget, err)) return 1;
        last = t0;
        /* drawing cost, to leave the rest of the frame to training */
        if (w->draw_ms > 0 && w->f.drew_runs) {
            draw = 0.8 * draw + 0.2 * w->draw_ms;
            draw_times_add(&recent, w->draw_ms);
        }
        double left = period - (now_ms() - t0);
        if (left > 1 && front_busy(&w->f)) SDL_Delay((Uint32)left);
    }
    front_debug(&w->f, "quit");
    return 0;
}

int app_run(const AppSpec *s, Error *err)
{
    static Win w; /* large (the UI's item table); one window per process */
    memset(&w, 0, sizeof w);
    w.t_open = now_ms();
    long nbench = s->bench_frames;
    if (front_init(&w.f, s, 1, now_ms, err)) return 2;
    const char *dbg = getenv("RNNSCOPE_DEBUG");
    w.f.core.debug = dbg && dbg[0] && strcmp(dbg, "0") != 0;
    int width = s->width ? s->width : 1920, height = s->height ? s->height : 1080;
    if (nbench > 0) width = 1920, height = 1080;
    int status;
    if (open_window(&w, width, height, nbench > 0, nbench > 0, err)) status = 2;
    else if (fit(&w, err)) status = 1;
    else if (nbench > 0) status = bench(&w, nbench, err) ? 1 : 0;
    else status = loop(&w, err);
    close_window(&w);
    front_free(&w.f);
    return status;
}
