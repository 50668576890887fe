/* app_window.c - the SDL window: events -> train -> draw -> present.
 *
 * Two CPU canvases: the dashboard (plot_dashboard plus overlays) and the settings
 * panel at the right edge. Each is uploaded into its own streaming texture and
 * copied to the screen; SDL_Renderer draws nothing itself. Everything a frame
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
#include "app_core.h"
#include "app_ui.h"
#include "clock.h"
#include "export.h"

#define MSG_MS 4500.0
#define ESC_MS 3000.0 /* a second Esc within this many ms quits */

typedef struct Win {
    SDL_Window *win;
    SDL_Renderer *ren;
    SDL_Surface *offscreen;   /* bench without a display: a software renderer on this */
    SDL_Texture *tex_dash, *tex_side;
    int tex_dw, tex_sw, tex_h;
    Canvas dash, side;
    int have_dash, have_side;
    Ui ui;
    AppCore core;
    int W, H, dash_w, side_w;  /* drawable pixels */
    int mx, my, mouse_in;      /* mouse in drawable pixels */
    int fullscreen, quit;
    unsigned long drawn_gen, msg_gen;
    double msg_until;
    double esc_at;             /* when Esc was pressed (to quit on a second press) */
    char msg[APP_MSG_MAX];
    char tip[1024];
    int dirty_dash, dirty_side, dirty_present;
    double draw_ms;            /* last frame's drawing + present time */
    double canvas_ms, present_ms; /* of the last present: drawing, and upload + present */
} Win;

static double now_ms(void)
{
    return SDL_GetPerformanceCounter() * 1000.0 / (double)SDL_GetPerformanceFrequency();
}

static void debug_line(Win *w, const char *event)
{
    if (!w->core.debug) return;
    char line[1024];
    app_core_state_line(&w->core, line, sizeof line);
    printf("state event=%s %s\n", event, line);
    fflush(stdout);
}

/* ---- sizes ---- */

static int make_texture(Win *w, SDL_Texture **t, int tw, int th, Error *err)
{
    if (*t) SDL_DestroyTexture(*t);
    *t = SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, tw, th);
    if (!*t) return error_set(err, "SDL: cannot make a %dx%d texture: %s", tw, th, SDL_GetError());
    return 0;
}

static int canvas_fit(Canvas *c, int *have, int cw, int ch, Error *err)
{
    if (*have && c->w == cw && c->h == ch) return 0;
    if (*have) return canvas_resize(c, cw, ch, err);
    if (canvas_init(c, cw, ch, err)) return -1;
    *have = 1;
    return 0;
}

/* Matches canvases and textures to the drawable size. */
static int fit(Win *w, Error *err)
{
    int W, H;
    if (w->offscreen) W = w->offscreen->w, H = w->offscreen->h;
    else if (SDL_GetRendererOutputSize(w->ren, &W, &H) != 0)
        return error_set(err, "SDL: %s", SDL_GetError());
    if (W < 64) W = 64;
    if (H < 64) H = 64;
    int sw = app_ui_panel_width(W, H, w->core.presenter, w->core.sidebar);
    if (sw > W - 32) sw = W - 32;
    int dw = W - sw;
    if (W == w->W && H == w->H && dw == w->dash_w && sw == w->side_w) return 0;
    if (canvas_fit(&w->dash, &w->have_dash, dw, H, err) ||
        canvas_fit(&w->side, &w->have_side, sw, H, err))
        return -1;
    if (dw != w->tex_dw || H != w->tex_h)
        if (make_texture(w, &w->tex_dash, dw, H, err)) return -1;
    if (sw != w->tex_sw || H != w->tex_h)
        if (make_texture(w, &w->tex_side, sw, H, err)) return -1;
    w->tex_dw = dw, w->tex_sw = sw, w->tex_h = H;
    w->W = W, w->H = H, w->dash_w = dw, w->side_w = sw;
    w->dirty_dash = w->dirty_side = 1;
    return 0;
}

/* ---- drawing ---- */

static double text_k(const Win *w)
{
    return app_ui_text_scale(w->W, w->H, w->dash_w, w->core.presenter);
}

static void draw_dash(Win *w, int overlays)
{
    AppCore *a = &w->core;
    a->view.text_scale = text_k(w);
    /* the narration box grows to its text; what still does not fit goes on pages that
     * PageDown turns before it moves to the next step */
    plot_caption_size(&w->dash, &a->view);
    a->caption_pages = plot_caption_pages(&w->dash, &a->view, a->view.caption);
    plot_dashboard(&w->dash, a->rp, a->n, &a->view);
    if (!overlays) return;
    double k = text_k(w);
    if (w->msg[0]) app_ui_message(&w->dash, a, w->msg, k, NULL);
    if (a->help) app_ui_help(&w->dash, a, k, NULL);
    else if (a->intro) app_ui_intro(&w->dash, a, k, NULL);
    else if (w->mouse_in && w->mx < w->dash_w && w->tip[0])
        app_ui_tooltip(&w->dash, a, w->mx, w->my, w->tip, k, NULL);
}

static int upload(SDL_Texture *t, const Canvas *c, Error *err)
{
    if (SDL_UpdateTexture(t, NULL, c->px, c->w * 4) != 0)
        return error_set(err, "SDL: cannot update a texture: %s", SDL_GetError());
    return 0;
}

static int present(Win *w, Error *err)
{
    double t0 = now_ms();
    if (w->dirty_side) app_ui_panel(&w->ui, &w->side, &w->core);
    /* the "try this" goes into the narration box when the panel has no room for it */
    app_core_caption_try(&w->core, !w->ui.showed_try);
    if (w->dirty_dash) draw_dash(w, 1);
    double t1 = now_ms();
    if (w->dirty_dash && upload(w->tex_dash, &w->dash, err)) return -1;
    if (w->dirty_side && upload(w->tex_side, &w->side, err)) return -1;
    SDL_Rect rd = {0, 0, w->dash_w, w->H}, rs = {w->dash_w, 0, w->side_w, w->H};
    if (SDL_RenderCopy(w->ren, w->tex_dash, NULL, &rd) != 0 ||
        SDL_RenderCopy(w->ren, w->tex_side, NULL, &rs) != 0)
        return error_set(err, "SDL: cannot draw: %s", SDL_GetError());
    SDL_RenderPresent(w->ren);
    w->canvas_ms = t1 - t0;
    w->present_ms = now_ms() - t1;
    w->dirty_dash = w->dirty_side = w->dirty_present = 0;
    return 0;
}

/* ---- export ---- */

static void export_view(Win *w)
{
    AppCore *a = &w->core;
    Error err;
    char name[1024], cwd[1024];
    int rc = -1;
    draw_dash(w, 0); /* the dashboard alone, without help, tooltip or messages */
    for (int tries = 0; tries < 3 && rc != 0; tries++) {
        if (export_unique_name(NULL, "rnnscope", name, sizeof name, &err)) break;
        rc = export_png_new(&w->dash, name, &err);
    }
    const char *base = strncmp(name, "./", 2) == 0 ? name + 2 : name;
    if (rc != 0) app_core_msg(a, "export failed: %s", err.msg);
    else if (getcwd(cwd, sizeof cwd)) app_core_msg(a, "saved %s/%s (%dx%d)", cwd, base, w->dash.w, w->dash.h);
    else app_core_msg(a, "saved %s (%dx%d) in the working directory", base, w->dash.w, w->dash.h);
    if (a->debug) {
        printf("state event=export %s\n", a->msg);
        fflush(stdout);
    }
    w->dirty_dash = 1;
}

/* ---- events ---- */

static void key(Win *w, const SDL_KeyboardEvent *e)
{
    AppCore *a = &w->core;
    SDL_Keycode k = e->keysym.sym;
    int ctrl = (e->keysym.mod & KMOD_CTRL) != 0, shift = (e->keysym.mod & KMOD_SHIFT) != 0;
    /* keys that toggle something ignore auto-repeat; stepping keys repeat */
    int rep = e->repeat != 0;
    if (a->intro && !a->help && k != SDLK_q && k != SDLK_h && k != SDLK_f && k != SDLK_F11 &&
        k != SDLK_t && k != SDLK_p && k != SDLK_s && !(k == SDLK_SLASH && shift) &&
        k != SDLK_QUESTION && !(e->keysym.mod & (KMOD_ALT | KMOD_GUI))) {
        if (!rep) app_core_act(a, ACT_DISMISS, 0); /* any other key opens the lesson */
        return;
    }
    switch (k) {
    case SDLK_SPACE: if (!rep) app_core_act(a, ACT_PLAY, 0); break;
    case SDLK_RIGHT: app_core_act(a, ctrl ? ACT_NEXT : ACT_STEP, 0); break;
    case SDLK_LEFT:
        if (ctrl) app_core_act(a, ACT_PREV, 0);
        else app_core_msg(a, "training cannot go back: R resets to the seed");
        break;
    case SDLK_n: app_core_act(a, ACT_STEP, 0); break;
    case SDLK_b: app_core_act(a, ACT_BACKWARD, 0); break;
    case SDLK_r: if (!rep) app_core_act(a, shift ? ACT_NEW_SEED : ACT_RESET, 0); break;
    case SDLK_PLUS: case SDLK_EQUALS: case SDLK_KP_PLUS: app_core_act(a, ACT_FASTER, 0); break;
    case SDLK_MINUS: case SDLK_KP_MINUS: app_core_act(a, ACT_SLOWER, 0); break;
    case SDLK_f: case SDLK_F11:
        if (!rep && !w->offscreen) {
            w->fullscreen = !w->fullscreen;
            if (SDL_SetWindowFullscreen(w->win, w->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0))
                app_core_msg(a, "fullscreen: %s", SDL_GetError());
            w->dirty_dash = 1;
        }
        break;
    case SDLK_t: if (!rep) app_core_act(a, ACT_THEME, 0); break;
    case SDLK_e: if (!rep) export_view(w); break;
    case SDLK_h: case SDLK_QUESTION: if (!rep) app_core_act(a, ACT_HELP, 0); break;
    case SDLK_SLASH: if (!rep && shift) app_core_act(a, ACT_HELP, 0); break;
    case SDLK_q: w->quit = 1; break;
    case SDLK_ESCAPE:
        /* a presentation clicker may send Esc: quitting takes a second press */
        if (a->help) app_core_act(a, ACT_HELP, 0);
        else if (!rep && now_ms() - w->esc_at < ESC_MS) w->quit = 1;
        else if (!rep) {
            w->esc_at = now_ms();
            app_core_msg(a, "press Esc again to quit (Q quits at once)");
        }
        break;
    case SDLK_PAGEDOWN: app_core_act(a, ACT_NEXT, 0); break;
    case SDLK_PAGEUP: app_core_act(a, ACT_PREV, 0); break;
    case SDLK_g: if (!rep) app_core_act(a, ACT_GRAD_MODE, 0); break;
    case SDLK_p: if (!rep) app_core_act(a, ACT_PRESENTER, 0); break;
    case SDLK_s: if (!rep) app_core_act(a, ACT_SIDEBAR, 0); break;
    default:
        if (!rep && k >= SDLK_1 && k <= SDLK_8) app_core_act(a, ACT_TOGGLE_RUN, (int)(k - SDLK_1));
        else if (!rep && k >= SDLK_KP_1 && k <= SDLK_KP_8)
            app_core_act(a, ACT_TOGGLE_RUN, (int)(k - SDLK_KP_1));
        break;
    }
}

/* Mouse position from window points to drawable pixels (they differ on hi-DPI). */
static void mouse_at(Win *w, int x, int y)
{
    int ww = w->W, wh = w->H;
    if (w->win) SDL_GetWindowSize(w->win, &ww, &wh);
    w->mx = ww > 0 ? (int)((double)x * w->W / ww) : x;
    w->my = wh > 0 ? (int)((double)y * w->H / wh) : y;
    w->mouse_in = 1;
}

static void hover(Win *w)
{
    int arg = 0, id = UI_NONE;
    if (w->mouse_in && w->mx >= w->dash_w) id = app_ui_hit(&w->ui, w->mx - w->dash_w, w->my, &arg);
    if (id != w->ui.hover_id || arg != w->ui.hover_arg) {
        w->ui.hover_id = id;
        w->ui.hover_arg = arg;
        w->dirty_side = 1;
    }
    char tip[sizeof w->tip];
    tip[0] = 0;
    if (w->mouse_in && w->mx < w->dash_w && !w->core.help && !w->core.intro)
        app_pick(&w->dash, &w->core, w->mx, w->my, tip, sizeof tip);
    if (strcmp(tip, w->tip) != 0) {
        memcpy(w->tip, tip, sizeof tip);
        w->dirty_dash = 1;
    }
}

static void event(Win *w, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT: w->quit = 1; break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_LEAVE) {
            w->mouse_in = 0;
            hover(w);
        }
        w->dirty_present = 1;
        break;
    case SDL_KEYDOWN: key(w, &e->key); break;
    case SDL_MOUSEMOTION:
        mouse_at(w, e->motion.x, e->motion.y);
        hover(w);
        break;
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button != SDL_BUTTON_LEFT) break;
        mouse_at(w, e->button.x, e->button.y);
        if (w->core.help) {
            app_core_act(&w->core, ACT_HELP, 0);
            break;
        }
        if (w->core.intro && w->mx < w->dash_w) {
            app_core_act(&w->core, ACT_DISMISS, 0);
            break;
        }
        if (w->mx >= w->dash_w) {
            int arg, id = app_ui_hit(&w->ui, w->mx - w->dash_w, w->my, &arg);
            if (id != UI_NONE && !app_ui_apply(&w->core, id, arg) && id == UI_EXPORT) export_view(w);
            if (id != UI_NONE && w->core.debug) {
                char ev[64];
                snprintf(ev, sizeof ev, "click-%s-%d", app_ui_name(id), arg);
                debug_line(w, ev);
            }
        }
        break;
    default: break;
    }
}

/* ---- the loop ---- */

static int frame(Win *w, double dt, double budget, Error *err)
{
    AppCore *a = &w->core;
    int was_playing = a->playing;
    app_core_tick(a, dt, budget, now_ms);
    if (was_playing && !a->playing) debug_line(w, "paused");
    if (fit(w, err)) return -1;
    double t = now_ms();
    w->draw_ms = 0;
    if (a->msg_gen != w->msg_gen) {
        w->msg_gen = a->msg_gen;
        memcpy(w->msg, a->msg, sizeof w->msg);
        w->msg_until = t + MSG_MS;
        w->dirty_dash = 1;
    } else if (w->msg[0] && t > w->msg_until) {
        w->msg[0] = 0;
        w->dirty_dash = 1;
    }
    if (a->gen != w->drawn_gen) {
        w->drawn_gen = a->gen;
        w->dirty_dash = w->dirty_side = 1;
        if (w->mouse_in) hover(w); /* the values under the mouse changed */
    }
    if (w->dirty_dash || w->dirty_side || w->dirty_present) {
        if (present(w, err)) return -1;
        w->draw_ms = now_ms() - t;
    }
    return 0;
}

static int busy(const Win *w)
{
    return w->core.playing || w->core.sweep || w->dirty_dash || w->dirty_side || w->msg[0];
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
        /* the benchmark can run offscreen with SDL's software renderer */
        w->offscreen = SDL_CreateRGBSurfaceWithFormat(0, width, height, 32, SDL_PIXELFORMAT_ARGB8888);
        if (!w->offscreen) return error_set(err, "SDL: %s", SDL_GetError());
        w->ren = SDL_CreateSoftwareRenderer(w->offscreen);
        if (!w->ren) return error_set(err, "SDL: no software renderer: %s", SDL_GetError());
        return 0;
    }
    char title[400];
    if (w->core.has_lesson)
        snprintf(title, sizeof title, "rnnscope \xE2\x80\x94 %s", w->core.lesson.title);
    else snprintf(title, sizeof title, "rnnscope \xE2\x80\x94 free play");
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
         * SDL's software renderer on the native shared-memory framebuffer (XShm): a
         * 1920x1080 present costs 1.3 ms here, against 5.4 ms through OpenGL on
         * Mesa's llvmpipe. The environment variables SDL_RENDER_DRIVER and
         * SDL_FRAMEBUFFER_ACCELERATION still choose otherwise. */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
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
    if (w->have_dash) canvas_free(&w->dash);
    if (w->have_side) canvas_free(&w->side);
    SDL_Quit();
}

static double refresh_ms(const Win *w)
{
    SDL_DisplayMode m;
    if (w->win && SDL_GetWindowDisplayMode(w->win, &m) == 0 && m.refresh_rate > 0)
        return 1000.0 / m.refresh_rate;
    return 1000.0 / 60;
}

/* Milliseconds of training in a frame that takes `draw` ms to draw: the rest of the
 * refresh period; when drawing alone overruns it (a slow software renderer) training
 * still gets a third of the frame, so a lesson step's training keeps moving. */
static double train_budget(double period, double draw)
{
    return fmax(2.0, fmax(period - draw - 3.0, fmin(0.5 * draw, 25.0)));
}

/* --bench-frames: four runs training at 1920x1080, every frame drawn. */
static int bench(Win *w, long nframes, Error *err)
{
    double *ms = malloc((size_t)nframes * 4 * sizeof *ms);
    if (!ms) return error_set(err, "out of memory for %ld frame times", nframes);
    double *part[3] = {ms + nframes, ms + 2 * nframes, ms + 3 * nframes};
    AppCore *a = &w->core;
    a->playing = 1;
    a->target = 0;
    double period = 1000.0 / 60, draw = 8;
    long steps0 = 0;
    for (int i = 0; i < a->n; i++) steps0 += a->run[i].step;
    double t_start = now_ms(), last = t_start;
    for (long f = 0; f < nframes; f++) {
        SDL_Event e;
        while (SDL_PollEvent(&e)) event(w, &e);
        double t0 = now_ms();
        double budget = train_budget(period, draw);
        w->dirty_dash = w->dirty_side = 1; /* measure the full redraw every frame */
        app_core_tick(a, (t0 - last) / 1000.0, budget, now_ms);
        double td = now_ms();
        if (fit(w, err) || present(w, err)) {
            free(ms);
            return -1;
        }
        double t1 = now_ms();
        draw = 0.8 * draw + 0.2 * (t1 - td);
        ms[f] = t1 - t0;
        part[0][f] = td - t0;
        part[1][f] = w->canvas_ms;
        part[2][f] = w->present_ms;
        last = t0;
    }
    double total = now_ms() - t_start;
    long steps = -steps0;
    for (int i = 0; i < a->n; i++) steps += a->run[i].step;
    qsort(ms, (size_t)nframes, sizeof *ms, clock_cmp_double);
    for (int p = 0; p < 3; p++) qsort(part[p], (size_t)nframes, sizeof *ms, clock_cmp_double);
    double med = ms[nframes / 2];
    long k99 = (long)ceil(0.99 * nframes) - 1;
    double p99 = ms[k99 < 0 ? 0 : k99];
    SDL_RendererInfo ri;
    const char *rname = SDL_GetRendererInfo(w->ren, &ri) == 0 ? ri.name : "?";
    printf("bench-frames: %ld frames at %dx%d, %d runs training, renderer %s%s\n", nframes, w->W,
           w->H, a->n, rname, w->offscreen ? " (offscreen)" : "");
    printf("frame time (training + drawing + upload + present): median %.2f ms, p99 %.2f ms, "
           "max %.2f ms\n", med, p99, ms[nframes - 1]);
    printf("  of which (medians): training %.2f ms, drawing the canvases %.2f ms, upload + "
           "present %.2f ms\n", part[0][nframes / 2], part[1][nframes / 2], part[2][nframes / 2]);
    printf("training: %ld steps in %.2f s (%.1f steps/s over all runs)\n", steps, total / 1000,
           steps / (total / 1000));
    free(ms);
    return 0;
}

static int bench_core(AppCore *a, const Options *o, Error *err)
{
    if (o->n_runs > 0 || o->lesson) {
        Options q = *o;
        q.lesson = NULL;
        q.step = 0;
        if (!o->n_runs) {
            return error_set(err, "--bench-frames trains free-play runs (use --run, not a lesson)");
        }
        return app_core_init(a, &q, err);
    }
    /* four runs on the same data and seed */
    Options q = *o;
    static const char *const four[4] = {"activation=tanh", "activation=sigmoid", "cell=lstm",
                                        "cell=gru"};
    q.n_runs = 4;
    for (int i = 0; i < 4; i++) snprintf(q.runs[i], sizeof q.runs[i], "%s", four[i]);
    return app_core_init(a, &q, err);
}

int app_run(const Options *o, Error *err)
{
    static Win w; /* large (the UI's item table); one window per process */
    memset(&w, 0, sizeof w);
    w.esc_at = -1e9;
    long nbench = o->bench_frames;
    if (nbench > 0 ? bench_core(&w.core, o, err) : app_core_init(&w.core, o, err)) return 2;
    const char *dbg = getenv("RNNSCOPE_DEBUG");
    w.core.debug = dbg && dbg[0] && strcmp(dbg, "0") != 0;
    int width = o->width ? o->width : 1920, height = o->height ? o->height : 1080;
    if (nbench > 0) width = 1920, height = 1080;
    int status = 0;
    if (open_window(&w, width, height, nbench > 0, nbench > 0, err)) {
        status = 2;
        goto done;
    }
    if (fit(&w, err)) {
        status = 1;
        goto done;
    }
    if (nbench > 0) {
        status = bench(&w, nbench, err) ? 1 : 0;
        goto done;
    }
    double period = refresh_ms(&w);
    double draw = period / 2, last = now_ms();
    if (frame(&w, 0, 1, err)) {
        status = 1;
        goto done;
    }
    debug_line(&w, "ready");
    if (w.core.debug) { /* where the controls are, in window pixels, for tests */
        for (int i = 0; i < w.ui.n; i++) {
            Rect r = w.ui.item[i].r;
            printf("control %s %d at %d %d size %d %d\n", app_ui_name(w.ui.item[i].id),
                   w.ui.item[i].arg, r.x + w.dash_w, r.y, r.w, r.h);
        }
        fflush(stdout);
    }
    while (!w.quit) {
        SDL_Event e;
        if (!busy(&w)) { /* idle: sleep until something happens */
            if (SDL_WaitEventTimeout(&e, 250)) event(&w, &e);
        }
        while (SDL_PollEvent(&e)) event(&w, &e);
        if (w.quit) break;
        double t0 = now_ms();
        double budget = train_budget(period, draw);
        if (frame(&w, (t0 - last) / 1000.0, budget, err)) {
            status = 1;
            break;
        }
        last = t0;
        /* drawing cost, to leave the rest of the frame to training */
        if (w.draw_ms > 0) draw = 0.8 * draw + 0.2 * w.draw_ms;
        double left = period - (now_ms() - t0);
        if (left > 1 && busy(&w)) SDL_Delay((Uint32)left);
    }
    if (status == 0) debug_line(&w, "quit");
done:
    close_window(&w);
    app_core_free(&w.core);
    return status;
}
