/* app_front.c - the window's behaviour without a windowing system: keys, mouse,
 * messages and the frame, drawn onto two CPU canvases (see app_front.h). Everything
 * a frame needs is allocated by front_fit: the frame itself allocates nothing (new
 * text strings are rendered once inside the canvas's text cache). */
#include "app_front.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_job.h"
#include "dlist.h"
#include "export_spec.h"

#define MSG_MS 4500.0
#define ESC_MS 5000.0 /* Enter or Y within this many ms of Esc quits */
#define TIP_MS 500.0  /* the pointer rests this long on a plot before its values show */

/* 1 if the dashboard's overlays include the tooltip (draw_dash). */
static int tip_shown(const Front *w)
{
    const AppCore *a = &w->core;
    return !a->menu && !a->help && !a->intro && w->mouse_in && w->mx < w->dash_w && w->tip[0];
}

void front_debug(Front *w, const char *event)
{
    if (!w->core.debug) return;
    if (strcmp(event, "quit") != 0) app_core_debug_settle(&w->core); /* quit does not wait */
    char line[1024];
    app_core_state_line(&w->core, line, sizeof line);
    if (w->mouse_in) printf("state event=%s %s pointer=%d,%d tip=%d\n", event, line, w->mx, w->my,
                            tip_shown(w));
    else printf("state event=%s %s pointer=out tip=0\n", event, line);
    fflush(stdout);
}

void front_debug_shown(Front *w)
{
    if (!w->rested_due) return;
    w->rested_due = 0;
    front_debug(w, "rested");
}

/* The frame benchmark's runs: the spec's --run runs, or four on the same data and seed. */
static int bench_core(AppCore *a, const AppSpec *s, int threaded, Error *err)
{
    AppSpec q = *s;
    q.lesson = NULL;
    q.step = 0;
    if (s->n_runs > 0) return app_core_open(a, &q, threaded, err);
    if (s->lesson) return error_set(err, "--bench-frames trains free-play runs (use --run, not a lesson)");
    static const char *const four[4] = {"activation=tanh", "activation=sigmoid", "cell=lstm",
                                        "cell=gru"};
    q.n_runs = 4;
    q.free_play = 1;
    for (int i = 0; i < 4; i++) {
        Error e2;
        q.cfg[i] = s->cfg[0]; /* the base config, --set included */
        if (config_set_pair(&q.cfg[i], four[i], &e2) || config_check(&q.cfg[i], &e2))
            return error_set(err, "--run %s: %s", four[i], e2.msg);
    }
    return app_core_open(a, &q, threaded, err);
}

int front_init(Front *w, const AppSpec *s, int threaded, double (*now_ms)(void), Error *err)
{
    memset(w, 0, sizeof *w);
    w->esc_at = -1e9;
    w->now_ms = now_ms;
    return s->bench_frames > 0 ? bench_core(&w->core, s, threaded, err)
                               : app_core_open(&w->core, s, threaded, err);
}

void front_free(Front *w)
{
    if (w->have_dash) canvas_free(&w->dash);
    if (w->have_side) canvas_free(&w->side);
    free(w->backdrop);
    w->backdrop = NULL;
    w->have_dash = w->have_side = 0;
    app_core_free(&w->core);
}

/* ---- sizes ---- */

static int canvas_fit(Canvas *c, int *have, int cw, int ch, Error *err)
{
    if (*have && c->w == cw && c->h == ch) return 0;
    if (*have) return canvas_resize(c, cw, ch, err);
    if (canvas_init(c, cw, ch, err)) return -1;
    *have = 1;
    return 0;
}

int front_fit(Front *w, int W, int H, int *changed, Error *err)
{
    *changed = 0;
    if (W < 64) W = 64;
    if (H < 64) H = 64;
    int sw = app_ui_panel_width(W, H, w->core.presenter, w->core.sidebar);
    if (sw > W - 32) sw = W - 32;
    int dw = W - sw;
    if (W == w->W && H == w->H && dw == w->dash_w && sw == w->side_w) return 0;
    if (canvas_fit(&w->dash, &w->have_dash, dw, H, err) ||
        canvas_fit(&w->side, &w->have_side, sw, H, err))
        return -1;
    if (w->core.threaded) { /* the last dashboard, shown while a job holds the runs */
        uint32_t *b = realloc(w->backdrop, (size_t)dw * (size_t)H * sizeof *b);
        if (!b) return error_set(err, "out of memory for a %dx%d canvas", dw, H);
        w->backdrop = b;
    }
    w->backdrop_ok = 0;
    w->W = W, w->H = H, w->dash_w = dw, w->side_w = sw;
    w->dirty_dash = w->dirty_side = 1;
    *changed = 1;
    return 0;
}

/* ---- drawing ---- */

static double text_k(const Front *w)
{
    return app_ui_text_scale(w->W, w->H, w->dash_w, w->core.presenter);
}

/* 1 while the runs are being built or reset (their old pictures are not theirs). */
static int building(const AppCore *a)
{
    for (int i = 0; i < a->n; i++)
        if (!a->live[i] || a->pend[i] != JOB_KEEP || (a->job && a->job->op[i] != JOB_KEEP))
            return 1;
    return 0;
}

/* Draws the dashboard (with the overlays if asked); 0 if it is the last picture of the
 * runs, copied while a job trains them, else 1. */
static int draw_dash(Front *w, int overlays)
{
    AppCore *a = &w->core;
    a->view.text_scale = text_k(w);
    /* the narration box grows to its text; what still does not fit goes on pages that
     * PageDown turns before it moves to the next step */
    plot_caption_size(&w->dash, &a->view);
    a->caption_pages = plot_caption_pages(&w->dash, &a->view, a->view.caption);
    /* in presenter mode a "try this" that would take a page of its own waits for the
     * settings panel (S): the class would need a click more per step for a line meant
     * for a student working alone (lesson 2 step 2 at 1920x1080: page 2 / 2 held only
     * it) */
    a->view.caption_mark = NULL;
    if (a->presenter && a->caption_pages > 1 && a->has_lesson && a->try_this &&
        strlen(a->caption) > a->narration_len) {
        app_core_caption_try(a, 0);
        a->view.caption_mark = "try this: S \u25B8"; /* (where it is, in the box's corner) */
        plot_caption_size(&w->dash, &a->view);
        int pages = plot_caption_pages(&w->dash, &a->view, a->view.caption);
        if (pages > 1) {
            app_core_caption_try(a, 1); /* paged anyway: it comes last */
            a->view.caption_mark = NULL;
            plot_caption_size(&w->dash, &a->view);
        } else a->caption_pages = pages;
    }
    size_t npx = (size_t)w->dash.w * (size_t)w->dash.h;
    int drawn = 1;
    const char *title = a->view.title;
    if (!overlays && title == a->title) a->view.title = a->title_plain; /* an export: no "s left" */
    a->view.window = overlays; /* (an export's titles name no key) */
    if (app_core_ready(a)) {
        plot_dashboard(&w->dash, a->rp, a->n, &a->view);
        w->backdrop_ok = w->backdrop != NULL;
        w->backdrop_kept = 0; /* the canvas holds it until an overlay is drawn on it */
    } else if (w->backdrop_ok && !building(a)) {
        /* a job is training the runs: their last picture, until it is done */
        if (w->backdrop_kept) memcpy(w->dash.px, w->backdrop, npx * sizeof *w->backdrop);
        drawn = 0;
    } else { /* runs being built: the step's title, narration and empty panels */
        plot_dashboard(&w->dash, a->rp, 0, &a->view);
        w->backdrop_ok = 0;
    }
    a->view.title = title;
    if (!overlays) return drawn;
    int over = w->msg[0] || w->progress[0] || a->menu || a->help || a->intro || tip_shown(w);
    if (over && w->backdrop_ok && !w->backdrop_kept) { /* keep the picture under the overlays */
        memcpy(w->backdrop, w->dash.px, npx * sizeof *w->backdrop);
        w->backdrop_kept = 1;
    }
    double k = text_k(w);
    Rect mr = {0, 0, 0, 0};
    if (w->msg[0]) mr = app_ui_message(&w->dash, a, w->msg, k, NULL);
    if (w->progress[0]) app_ui_progress(&w->dash, a, w->progress, k, mr);
    if (a->menu) app_ui_menu(&w->dash, a, k, w->menu_row, NULL);
    else if (a->help) app_ui_help(&w->dash, a, k, NULL);
    else if (a->intro) app_ui_intro(&w->dash, a, k, NULL);
    else if (tip_shown(w))
        app_ui_tooltip(&w->dash, a, w->mx, w->my, w->vx, w->vy, w->tip, k, NULL);
    return drawn;
}

void front_draw_plain(Front *w)
{
    draw_dash(w, 0);
    w->dirty_dash = 1;
}

int front_record_plain(Front *w, DList *l)
{
    canvas_record(&w->dash, l);
    int drawn = draw_dash(w, 0);
    canvas_record(&w->dash, NULL);
    w->dirty_dash = 1;
    return drawn;
}

int front_draw(Front *w)
{
    if (!w->dirty_dash && !w->dirty_side && !w->dirty_present) return 0;
    double t0 = w->now_ms();
    int side = w->dirty_side && app_core_ready(&w->core); /* the panel reads the runs */
    if (side) app_ui_panel(&w->ui, &w->side, &w->core);
    /* the "try this" goes into the narration box when the panel has no room for it */
    app_core_caption_try(&w->core, !w->ui.showed_try);
    w->drew_runs = w->dirty_dash && draw_dash(w, 1);
    w->canvas_ms = w->now_ms() - t0;
    int drawn = FRONT_PRESENT | (w->dirty_dash ? FRONT_DASH : 0) | (side ? FRONT_SIDE : 0);
    w->dirty_dash = w->dirty_present = 0;
    if (side) w->dirty_side = 0;
    return drawn;
}

/* ---- events ---- */

static void hover(Front *w);

/* Keys that only act, without modifiers mattering: the key, its action and argument,
 * and whether auto-repeat acts again (stepping keys repeat; toggles do not). */
typedef struct KeyAct {
    int key, act, arg, repeats;
} KeyAct;

static const KeyAct plain_keys[] = {
    {'n', ACT_STEP, 0, 1},          {'b', ACT_BACKWARD, 0, 1},
    {'+', ACT_FASTER, 0, 1},        {'=', ACT_FASTER, 0, 1},
    {FK_KP_PLUS, ACT_FASTER, 0, 1}, {'-', ACT_SLOWER, 0, 1},
    {FK_KP_MINUS, ACT_SLOWER, 0, 1}, {'t', ACT_THEME, 0, 0},
    {'h', ACT_HELP, 0, 0},          {'?', ACT_HELP, 0, 0},
    {FK_PAGEDOWN, ACT_NEXT, 0, 1},  {FK_END, ACT_END, 0, 0},
    {FK_PAGEUP, ACT_PREV, 0, 1},    {'g', ACT_GRAD_MODE, 0, 0},
    {'v', ACT_FEATURE, -1, 0},      {'p', ACT_PRESENTER, 0, 0},
    {'s', ACT_SIDEBAR, 0, 0},       {'m', ACT_MAX_SPEED, 0, 0},
};

/* The lesson menu takes the keys that move in it while it is shown. */
static FrontRequest menu_key(AppCore *a, int k, int rep)
{
    switch (k) {
    case FK_UP: case FK_PAGEUP: case FK_LEFT: app_core_act(a, ACT_MENU_MOVE, -1); break;
    case FK_DOWN: case FK_PAGEDOWN: case FK_RIGHT: app_core_act(a, ACT_MENU_MOVE, 1); break;
    case FK_ENTER: case '\r': case FK_SPACE: if (!rep) app_core_act(a, ACT_MENU_OPEN, -1); break;
    case FK_ESCAPE: case 'l': if (!rep) app_core_act(a, ACT_MENU, 0); break;
    case 'q': return FRONT_QUIT;
    default: break;
    }
    return FRONT_NONE;
}

FrontRequest front_key(Front *w, int k, int mods, int rep)
{
    AppCore *a = &w->core;
    int ctrl = (mods & FM_CTRL) != 0, shift = (mods & FM_SHIFT) != 0;
    /* a key (a clicker's PageDown) hides the values under a pointer left resting on
     * the plots: they show again once the pointer moves and rests */
    w->tip_held = 1;
    w->tip_due = 0;
    if (w->tip[0]) w->tip[0] = 0, w->dirty_dash = 1;
    if (a->menu) return menu_key(a, k, rep);
    /* Esc asked whether to quit: Enter or Y answers yes, any other key goes on as usual */
    if (!rep && k != FK_ESCAPE && w->now_ms() - w->esc_at < ESC_MS) {
        w->esc_at = -1e9;
        if (k == FK_ENTER || k == '\r' || k == 'y') return FRONT_QUIT;
    }
    if (k == 'l') { /* also on the title card */
        if (!rep) app_core_act(a, ACT_MENU, 0);
        return FRONT_NONE;
    }
    /* keys that toggle something ignore auto-repeat; stepping keys repeat */
    if (a->intro && !a->help && k == FK_PAGEUP && a->step == 0) { /* back, not into the lesson */
        if (!rep) app_core_act(a, ACT_PREV, 0);
        return FRONT_NONE;
    }
    if (a->intro && !a->help && k != 'q' && k != 'h' && k != 'f' && k != FK_F11 && k != 't' &&
        k != 'p' && k != 's' && !(k == '/' && shift) && k != '?' && !(mods & FM_ALT)) {
        if (!rep) app_core_act(a, ACT_DISMISS, 0); /* any other key opens the lesson */
        return FRONT_NONE;
    }
    for (size_t i = 0; i < sizeof plain_keys / sizeof plain_keys[0]; i++)
        if (plain_keys[i].key == k) {
            if (plain_keys[i].repeats || !rep) app_core_act(a, plain_keys[i].act, plain_keys[i].arg);
            return FRONT_NONE;
        }
    switch (k) {
    case FK_SPACE: if (!rep) app_core_act(a, ACT_PLAY, 0); break;
    case FK_RIGHT: app_core_act(a, ctrl ? ACT_NEXT : ACT_STEP, 0); break;
    case FK_LEFT:
        if (ctrl) app_core_act(a, ACT_PREV, 0);
        else app_core_msg(a, "training cannot go back: R resets to the seed");
        break;
    case 'r': if (!rep) app_core_act(a, shift ? ACT_NEW_SEED : ACT_RESET, 0); break;
    case 'f': case FK_F11: return rep ? FRONT_NONE : FRONT_FULLSCREEN;
    case 'e': return rep ? FRONT_NONE : shift ? FRONT_EXPORT_SVG : FRONT_EXPORT;
    case '/': if (!rep && shift) app_core_act(a, ACT_HELP, 0); break;
    case 'q': return FRONT_QUIT;
    case FK_ESCAPE:
        /* a presentation clicker may send Esc, even twice in a row: it only asks */
        if (a->help) app_core_act(a, ACT_HELP, 0);
        else if (!rep) {
            w->esc_at = w->now_ms();
            app_core_msg(a, "quit? Enter or Y quits, any other key goes on (Q quits at once)");
        }
        break;
    case 'i':
        if (!rep) app_core_act(a, ACT_TIPS, 0);
        hover(w);
        break;
    default:
        if (!rep && k >= '1' && k <= '8') app_core_act(a, ACT_TOGGLE_RUN, k - '1');
        else if (!rep && k >= FK_KP_1 && k < FK_KP_1 + 8) app_core_act(a, ACT_TOGGLE_RUN, k - FK_KP_1);
        break;
    }
    return FRONT_NONE;
}

static void hover(Front *w)
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
    if (w->mouse_in && w->mx < w->dash_w && !w->core.help && !w->core.intro && w->tip_due &&
        app_core_tips(&w->core) && app_core_ready(&w->core))
        app_pick(&w->dash, &w->core, w->mx, w->my, tip, sizeof tip);
    if (strcmp(tip, w->tip) != 0) {
        memcpy(w->tip, tip, sizeof tip);
        w->dirty_dash = 1;
    }
}

/* The lesson menu's entry at (x, y) of the dashboard, -1 if none. */
static int menu_at(const Front *w, int x, int y)
{
    for (int i = 0; i < w->core.menu_n; i++) {
        Rect r = w->menu_row[i];
        if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) return i;
    }
    return -1;
}

void front_mouse_move(Front *w, int x, int y)
{
    if (w->core.menu && x < w->dash_w) {
        int i = menu_at(w, x, y);
        if (i >= 0 && i != w->core.menu_sel) app_core_act(&w->core, ACT_MENU_POINT, i);
    }
    if (x != w->mx || y != w->my || !w->mouse_in) { /* moving: the values wait for a rest */
        w->vx = 0.6 * w->vx + 0.4 * (x - w->mx);
        w->vy = 0.6 * w->vy + 0.4 * (y - w->my);
        w->moved_at = w->now_ms();
        w->tip_due = 0;
        w->tip_held = 0;
    }
    w->mx = x, w->my = y, w->mouse_in = 1;
    hover(w);
}

void front_mouse_leave(Front *w)
{
    w->mouse_in = 0;
    hover(w);
}

FrontRequest front_mouse_down(Front *w, int x, int y)
{
    w->mx = x, w->my = y, w->mouse_in = 1;
    if (w->core.menu) { /* an entry opens its lesson; a click elsewhere closes the menu */
        int i = w->mx < w->dash_w ? menu_at(w, w->mx, w->my) : -1;
        app_core_act(&w->core, i >= 0 ? ACT_MENU_OPEN : ACT_MENU, i);
        return FRONT_NONE;
    }
    if (w->core.help) {
        app_core_act(&w->core, ACT_HELP, 0);
        return FRONT_NONE;
    }
    if (w->core.intro && w->mx < w->dash_w) {
        app_core_act(&w->core, ACT_DISMISS, 0);
        return FRONT_NONE;
    }
    if (w->mx < w->dash_w) return FRONT_NONE;
    int arg, id = app_ui_hit(&w->ui, w->mx - w->dash_w, w->my, &arg);
    if (id == UI_NONE) return FRONT_NONE;
    FrontRequest req = !app_ui_apply(&w->core, id, arg) && id == UI_EXPORT ? FRONT_EXPORT : FRONT_NONE;
    if (w->core.debug) {
        char ev[64];
        snprintf(ev, sizeof ev, "click-%s-%d", app_ui_name(id), arg);
        front_debug(w, ev);
    }
    return req;
}

/* ---- the frame ---- */

void front_tick(Front *w, double dt, double budget)
{
    AppCore *a = &w->core;
    int was_playing = a->playing, was_sweeping = a->sweep;
    app_core_tick(a, dt, budget, w->now_ms);
    if (was_playing && !a->playing) front_debug(w, "paused");
    if (was_sweeping && !a->sweep) front_debug(w, "swept"); /* the backward cursor reached t = 0 */
    double t = w->now_ms();
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
    if (w->mouse_in && !w->tip_due && !w->tip_held && t - w->moved_at >= TIP_MS) { /* the pointer rests */
        w->tip_due = 1;
        hover(w);
        w->rested_due = w->core.debug && w->mx < w->dash_w; /* told once this frame is shown */
    }
    char progress[sizeof w->progress];
    app_core_progress(a, t, progress, sizeof progress);
    if (strcmp(progress, w->progress) != 0) {
        memcpy(w->progress, progress, sizeof progress);
        w->dirty_dash = 1;
    }
}

int front_frame(Front *w, double dt, double budget)
{
    front_tick(w, dt, budget);
    int drawn = front_draw(w);
    app_core_kick(&w->core, budget, w->now_ms); /* the next job, now that the runs are drawn */
    return drawn;
}

int front_busy(const Front *w)
{
    return w->core.playing || w->core.sweep || w->dirty_dash || w->dirty_side || w->msg[0] ||
           w->core.job || !app_core_ready(&w->core) ||
           (w->mouse_in && !w->tip_due && !w->tip_held && w->mx < w->dash_w && app_core_tips(&w->core));
}

void draw_times_add(DrawTimes *d, double ms)
{
    d->ms[d->next] = ms;
    d->next = (d->next + 1) % DRAW_TIMES_N;
    if (d->n < DRAW_TIMES_N) d->n++;
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

double draw_times_q(const DrawTimes *d, double q, double none)
{
    if (d->n == 0) return none;
    double s[DRAW_TIMES_N];
    memcpy(s, d->ms, (size_t)d->n * sizeof *s);
    qsort(s, (size_t)d->n, sizeof *s, cmp_double);
    int k = (int)ceil(q * d->n) - 1; /* nearest rank */
    return s[k < 0 ? 0 : k >= d->n ? d->n - 1 : k];
}

/* What a frame keeps in hand beyond its slowest recent drawing: the time from the end
 * of a burst to the worker's answer, the events and the swap. */
#define FRAME_SLACK_MS 1.5

double front_train_budget(double period, double draw, double draw_hi)
{
    double rest = fmin(period - draw_hi - FRAME_SLACK_MS, 0.5 * period);
    return fmax(2.0, fmax(rest, fmin(0.5 * draw, 25.0)));
}

/* ---- the sidecar of an export ---- */

/* The sidecar of what front_draw_plain draws: the runs' configs and labels, their
 * training step, the canvas size, text scale, theme and view, and the lesson step they
 * come from, so that `rnnscope --replay` draws the same picture. image: the file name
 * the sidecar names. 0, or -1 with err saying why the view has none. */
static int front_export_spec(const Front *w, const char *image, ExportSpec *s, Error *err)
{
    const AppCore *a = &w->core;
    const PlotView *v = &a->view;
    if (!app_core_ready(a) || building(a)) return error_set(err, "the runs are still being prepared");
    if (a->n < 1 || a->n > EXPORT_MAX_RUNS) return error_set(err, "%d runs", a->n);
    long steps = app_core_max_step(a); /* a diverged run stays where it stopped */
    for (int i = 0; i < a->n; i++) {
        if (!v->visible[i]) return error_set(err, "run %d is hidden", i + 1);
        if (a->run[i].step != steps && !a->run[i].diverged_at)
            return error_set(err, "the runs are at different training steps (%ld, %ld)", steps,
                             a->run[i].step);
    }
    /* a replay's runs compute each step's factor ||dh_t/dh_t-1|| (lesson runs too); runs
     * made in the window do not, and the Jacobian view draws them when they are there */
    for (int i = 0; i < a->n; i++)
        if (v->grad_mode == GRAD_MODE_JACOBIAN && !a->run[i].jacobian_norms)
            return error_set(err, "the Jacobian view of runs made in the window (a replay "
                                  "would add each step's factor)");
    if (v->caption && v->caption_page > 0) return error_set(err, "the narration is on page %d",
                                                            v->caption_page + 1);
    if (w->dash.w < 320 || w->dash.h < 240)
        return error_set(err, "the canvas is %dx%d (allowed: at least 320x240)", w->dash.w, w->dash.h);
    export_spec_init(s);
    s->panel = v->focus;
    if (a->has_lesson) export_spec_lesson_step(s, &a->lesson, a->step + 1, steps);
    if (!a->has_lesson || !a->eval_on) s->n_readouts = 0;
    snprintf(s->image, sizeof s->image, "%s", image);
    s->format = (ExportFormat)export_format_of_name(image);
    s->width = w->dash.w, s->height = w->dash.h;
    s->theme = v->theme;
    s->highlight = v->focus == PANEL_NONE ? (PanelKind)v->highlight : PANEL_NONE;
    s->grad_mode = v->grad_mode;
    s->text_scale = v->text_scale;
    s->steps = steps;
    s->n_runs = a->n;
    memset(s->color_of, 0, sizeof s->color_of);
    for (int i = 0; i < a->n; i++) {
        s->cfg[i] = a->run[i].cfg;
        snprintf(s->label[i], sizeof s->label[i], "%s", a->run[i].label);
        s->color_of[i] = v->color_of[i];
    }
    s->featured = v->featured < a->n ? v->featured : -1;
    s->shade_lo = v->shade_lo, s->shade_hi = v->shade_hi;
    if (!(s->shade_lo < s->shade_hi)) s->shade_lo = s->shade_hi = NAN;
    s->slopes = v->slopes;
    s->loss_scale = v->loss_scale;
    s->cursor = v->cursor;
    snprintf(s->caption, sizeof s->caption, "%s", v->caption ? v->caption : "");
    return 0;
}

int front_export_sidecar(const Front *w, const char *path, const char *image, char *side, size_t n,
                         Error *err)
{
    static ExportSpec spec; /* large: not on the stack */
    AtomicFile f;
    if (n) side[0] = '\0';
    if (front_export_spec(w, image, &spec, err)) return -1;
    export_sidecar_path(path, side, n);
    /* a name rnnscope made: a link there is refused, not written through */
    if (afile_open_flags(&f, side, AFILE_NO_LINK, err) == 0) {
        export_sidecar_write(&spec, &f);
        if (afile_commit_new(&f, err) == 0) return 0;
    }
    if (n) side[0] = '\0';
    return -1;
}
