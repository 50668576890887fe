/* app_ui.c - the settings panel and the overlays (help, messages, tooltips), drawn
 * with canvas_* onto CPU canvases like everything else. */
#include "app_ui.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct UiTheme {
    uint32_t bg, card, border, fg, muted, button, hover, accent, on_accent, disabled, shade;
} UiTheme;

static const UiTheme ui_light = {
    .bg = 0xFFF3F4F6u, .card = 0xFFFFFFFFu, .border = 0xFFC3C8D0u, .fg = 0xFF16181Cu,
    .muted = 0xFF4F545Cu, .button = 0xFFE6E9EEu, .hover = 0xFFD3DDEDu, .accent = 0xFF0062A0u,
    .on_accent = 0xFFFFFFFFu, .disabled = 0xFF9CA1A9u, .shade = 0xE0202328u,
};
static const UiTheme ui_dark = {
    .bg = 0xFF15171Cu, .card = 0xFF1F232Au, .border = 0xFF40464Fu, .fg = 0xFFEEEFF1u,
    .muted = 0xFFB0B5BEu, .button = 0xFF2A2F37u, .hover = 0xFF394255u, .accent = 0xFF56B4E9u,
    .on_accent = 0xFF101216u, .disabled = 0xFF60656Eu, .shade = 0xE8F0F1F3u,
};

static const UiTheme *ui_theme(const AppCore *a)
{
    return a->view.theme == PLOT_THEME_DARK ? &ui_dark : &ui_light;
}

static int font_px(double base, double u)
{
    int px = (int)floor(base * u + 0.5);
    return px < 10 ? 10 : px;
}

/* ---- sizes ---- */

int app_ui_panel_width(int win_w, int win_h, int presenter, int shown)
{
    (void)presenter; /* presenter mode hides the panel (AppCore.sidebar); shown, it keeps its size */
    double sc = fmin(win_w / 1920.0, win_h / 1080.0);
    if (!shown) {
        int w = (int)floor(40 * sc + 0.5);
        return w < 26 ? 26 : w;
    }
    int w = (int)floor(350 * sc + 0.5);
    if (w < 250) w = 250;
    if (w > win_w * 0.4) w = (int)(win_w * 0.4);
    return w < 26 ? 26 : w;
}

double app_ui_text_scale(int win_w, int win_h, int dash_w, int presenter)
{
    double full = fmin(win_w / 1920.0, win_h / 1080.0);
    double dash = fmin((dash_w > 0 ? dash_w : 1) / 1920.0, win_h / 1080.0);
    double k = (presenter ? PLOT_PRESENTER_SCALE : 1.0) * full / dash;
    return k > 3 ? 3 : k;
}

/* ---- the panel ---- */

typedef struct Ctx {
    Ui *ui;
    Canvas *c;
    const AppCore *a;
    const UiTheme *th;
    int draw;
    int compact;              /* 1: leave out the note and the View section (keys do it all);
                                 2: also the "try this" (the narration box shows it) */
    double u;                 /* 1 at the design size (350 px wide) */
    int px, px_small, px_head;
    int row_h, gap, pad;
    int x0, w;                /* content column */
    int y;
} Ctx;

static void add_item(Ctx *k, Rect r, int id, int arg)
{
    Ui *ui = k->ui;
    if (!rect_inside(r, canvas_rect(k->c))) ui->cut++;
    if (r.y + r.h > ui->bottom) ui->bottom = r.y + r.h;
    if (id == UI_NONE) return;
    if (ui->n >= UI_MAX_ITEMS) {
        ui->cut++;
        return;
    }
    ui->item[ui->n++] = (UiItem){r, id, arg};
}

static int hovered(const Ctx *k, int id, int arg)
{
    return k->ui->hover_id == id && k->ui->hover_arg == arg && id != UI_NONE;
}

static void frame(Canvas *c, Rect r, uint32_t fill, uint32_t border, int bw)
{
    canvas_fill_rect(c, r.x, r.y, r.w, r.h, border);
    canvas_fill_rect(c, r.x + bw, r.y + bw, r.w - 2 * bw, r.h - 2 * bw, fill);
}

/* Text inside r (clipped); counts it if it does not fit. */
static void text_in(Ctx *k, Rect r, const char *s, int px, int bold, int align, uint32_t color)
{
    int tw = canvas_text_width(k->c, s, px, bold);
    if (tw > r.w) {
        k->ui->text_over++;
        snprintf(k->ui->over_text, sizeof k->ui->over_text, "%s", s);
    }
    if (!k->draw) return;
    double x = (align & 3) == TEXT_CENTER ? r.x + r.w / 2.0 : (align & 3) == TEXT_RIGHT ? r.x + r.w : r.x;
    canvas_clip(k->c, r);
    canvas_text(k->c, s, x, r.y + r.h / 2.0, px, bold, (align & 3) | TEXT_MIDDLE, color);
    canvas_clip_reset(k->c);
}

enum { B_NORMAL, B_ACTIVE, B_DISABLED };

static void button_px(Ctx *k, Rect r, const char *label, int id, int arg, int state, int px)
{
    add_item(k, r, state == B_DISABLED ? UI_NONE : id, arg);
    const UiTheme *th = k->th;
    uint32_t fill = state == B_ACTIVE ? th->accent : hovered(k, id, arg) ? th->hover : th->button;
    uint32_t ink = state == B_ACTIVE ? th->on_accent : state == B_DISABLED ? th->disabled : th->fg;
    if (k->draw) frame(k->c, r, fill, state == B_ACTIVE ? th->accent : th->border, 1);
    int m = (int)ceil(4 * k->u);
    text_in(k, (Rect){r.x + m, r.y, r.w - 2 * m, r.h}, label, px, 0, TEXT_CENTER, ink);
}

static void button(Ctx *k, Rect r, const char *label, int id, int arg, int state)
{
    button_px(k, r, label, id, arg, state, k->px);
}

/* A section heading; with `more` a small button (id) at its right end. */
static void heading_button(Ctx *k, const char *s, const char *more, int id)
{
    k->y += k->gap;
    int h = (int)ceil(canvas_font_height(k->c, k->px_head, 1) * 1.5);
    int bw = more ? canvas_text_width(k->c, more, k->px_small, 0) + 2 * (int)ceil(4 * k->u) + 2 * k->gap : 0;
    Rect r = {k->x0, k->y, k->w - (more ? bw + k->gap : 0), h};
    add_item(k, r, UI_NONE, 0);
    text_in(k, r, s, k->px_head, 1, TEXT_LEFT, k->th->fg);
    if (more)
        button_px(k, (Rect){k->x0 + k->w - bw, k->y + (int)(0.12 * h), bw, (int)(0.76 * h)}, more, id,
                  0, B_NORMAL, k->px_small);
    k->y += h;
}

static void heading(Ctx *k, const char *s)
{
    heading_button(k, s, NULL, UI_NONE);
}

/* Splits the row [x0, x0+w) into n equal cells with gap g. */
static Rect cell(const Ctx *k, int x, int w, int n, int i, int g)
{
    int cw = (w - g * (n - 1)) / n;
    int cx = x + i * (cw + g);
    if (i == n - 1) cw = x + w - cx;
    return (Rect){cx, k->y, cw, k->row_h};
}

static void next_row(Ctx *k)
{
    k->y += k->row_h + k->gap;
}


/* [label] [-] value [+] */
static void stepper(Ctx *k, const char *label, const char *value, int id_dec, int id_inc, int arg,
                    int enabled, int lw)
{
    const UiTheme *th = k->th;
    Rect rl = {k->x0, k->y, lw, k->row_h};
    add_item(k, rl, UI_NONE, 0);
    text_in(k, rl, label, k->px, 0, TEXT_LEFT, enabled ? th->fg : th->disabled);
    int x = k->x0 + lw, w = k->w - lw, b = k->row_h;
    int st = enabled ? B_NORMAL : B_DISABLED;
    button(k, (Rect){x, k->y, b, k->row_h}, "\xE2\x97\x82", id_dec, arg, st);
    Rect rv = {x + b + k->gap / 2, k->y, w - 2 * b - k->gap, k->row_h};
    add_item(k, rv, UI_NONE, 0);
    if (k->draw) frame(k->c, rv, th->card, th->border, 1);
    text_in(k, rect_inset(rv, (int)ceil(3 * k->u), 0), value, k->px, 1, TEXT_CENTER,
            enabled ? th->fg : th->disabled);
    button(k, (Rect){x + w - b, k->y, b, k->row_h}, "\xE2\x96\xB8", id_inc, arg, st);
    next_row(k);
}

static void settings_rows(Ctx *k, int lw)
{
    const AppCore *a = k->a;
    int s0 = a->settings_page ? APP_PAGE_SPLIT : 0;
    int s1 = a->settings_page ? app_settings_count() : APP_PAGE_SPLIT;
    for (int s = s0; s < s1; s++) {
        const AppSetting *st = app_setting(s);
        char v[96];
        int mixed;
        int c = app_core_value(a, s, v, sizeof v, &mixed);
        int en = app_core_enabled(a, s);
        if (mixed) snprintf(v, sizeof v, "mixed");
        if (st->segments) {
            Rect rl = {k->x0, k->y, lw, k->row_h};
            add_item(k, rl, UI_NONE, 0);
            text_in(k, rl, st->label, k->px, 0, TEXT_LEFT, en ? k->th->fg : k->th->disabled);
            int g = (int)ceil(3 * k->u);
            for (int i = 0; i < st->nchoice; i++) {
                int state = !en ? B_DISABLED : (!mixed && c == i) ? B_ACTIVE : B_NORMAL;
                button(k, cell(k, k->x0 + lw, k->w - lw, st->nchoice, i, g), st->choice_label[i],
                       UI_CHOICE, s * 16 + i, state);
            }
            next_row(k);
        } else {
            stepper(k, st->label, v, UI_DEC, UI_INC, s, en, lw);
        }
    }
}

static void run_rows(Ctx *k)
{
    const AppCore *a = k->a;
    const UiTheme *th = k->th;
    /* three or more runs shown: the plots put each run's marker on its lines, and each
     * row shows it on its colour sample, so that the list is their legend */
    int nvis = 0;
    for (int i = 0; i < a->n && i < PLOT_MAX_RUNS; i++) nvis += a->view.visible[i] != 0;
    int marks = plot_run_marks(nvis);
    for (int i = 0; i < a->n; i++) {
        const Run *r = &a->run[i];
        int b = k->row_h;
        Rect rr = {k->x0, k->y, k->w - b - k->gap, k->row_h};
        Rect re = {k->x0 + k->w - b, k->y, b, k->row_h};
        add_item(k, rr, UI_RUN, i);
        add_item(k, re, UI_EYE, i);
        int sel = a->sel == i;
        uint32_t col = plot_run_color(a->view.theme, plot_run_slot(&a->view, i));
        if (k->draw) {
            uint32_t fill = hovered(k, UI_RUN, i) ? th->hover : th->card;
            frame(k->c, rr, fill, sel ? th->accent : th->border, sel ? (int)fmax(2, ceil(3 * k->u)) : 1);
            double sw = 22 * k->u, cy = rr.y + rr.h / 2.0;
            canvas_line(k->c, rr.x + 8 * k->u, cy, rr.x + 8 * k->u + sw, cy, fmax(2, 5 * k->u), col);
            if (marks)
                canvas_marker(k->c, plot_run_marker(plot_run_slot(&a->view, i)), rr.x + 8 * k->u + sw / 2, cy,
                              fmax(7, 14 * k->u), col, fill);
        }
        char step[48];
        if (r->diverged_at) snprintf(step, sizeof step, "diverged at %ld", r->diverged_at);
        else snprintf(step, sizeof step, "step %ld", r->step);
        int tx = rr.x + (int)ceil(38 * k->u);
        int sw = canvas_text_width(k->c, step, k->px_small, 0);
        int right = rr.x + rr.w - (int)ceil(6 * k->u);
        char lab[96];
        snprintf(lab, sizeof lab, "%d  %s", i + 1, r->label);
        int lw = right - sw - (int)ceil(6 * k->u) - tx;
        /* a long label ("tanh RNN, init_scale=3, lr=0.1") keeps what tells the runs
         * apart (after the comma), then ends in an ellipsis if it must; the legend
         * above the plots shows it whole */
        const char *comma = strstr(r->label, ", ");
        if (canvas_text_width(k->c, lab, k->px, sel) > lw && comma)
            snprintf(lab, sizeof lab, "%d  %s", i + 1, comma + 2);
        if (canvas_text_width(k->c, lab, k->px, sel) > lw) canvas_text_ellipsis(k->c, lab, sizeof lab, k->px, sel, lw);
        text_in(k, (Rect){tx, rr.y, lw, rr.h}, lab, k->px, sel, TEXT_LEFT, th->fg);
        text_in(k, (Rect){right - sw, rr.y, sw, rr.h}, step, k->px_small, 0, TEXT_RIGHT,
                r->diverged_at ? col : th->muted);
        /* show/hide box: filled with the run's colour and ticked when shown */
        if (k->draw) {
            int vis = a->view.visible[i];
            Rect bx = rect_inset(re, (int)ceil(b * 0.2), (int)ceil(b * 0.2));
            frame(k->c, re, hovered(k, UI_EYE, i) ? th->hover : th->card, th->border, 1);
            frame(k->c, bx, vis ? col : th->card, vis ? col : th->muted, (int)fmax(1, ceil(2 * k->u)));
            if (vis) {
                double lw = fmax(2, 3 * k->u);
                uint32_t ink = 0xFFFFFFFFu;
                canvas_path_begin(k->c, lw, NULL, 0);
                canvas_path_move(k->c, bx.x + bx.w * 0.22, bx.y + bx.h * 0.52);
                canvas_path_line(k->c, bx.x + bx.w * 0.42, bx.y + bx.h * 0.72);
                canvas_path_line(k->c, bx.x + bx.w * 0.78, bx.y + bx.h * 0.28);
                canvas_path_end(k->c, ink);
            }
        }
        next_row(k);
    }
    int g = k->gap;
    button(k, cell(k, k->x0, k->w, 3, 0, g), "all runs", UI_ALL, 0, a->sel < 0 ? B_ACTIVE : B_NORMAL);
    button(k, cell(k, k->x0, k->w, 3, 1, g), "+ add", UI_ADD, 0,
           a->n < APP_MAX_RUNS ? B_NORMAL : B_DISABLED);
    button(k, cell(k, k->x0, k->w, 3, 2, g), "\xE2\x88\x92 remove", UI_REMOVE, 0,
           a->n > 1 ? B_NORMAL : B_DISABLED);
    next_row(k);
}

/* The step's "try this", word-wrapped to the panel's width (at most 8 lines). */
static void try_block(Ctx *k, const char *text)
{
    char buf[1024], line[1024];
    snprintf(buf, sizeof buf, "Try this: %s", text);
    int px = k->px_small, lh = (int)ceil(canvas_font_height(k->c, px, 0) * 1.3);
    const char *s = buf;
    k->y += k->gap / 2;
    for (int lines = 0; lines < 8 && canvas_text_wrap(k->c, &s, px, 0, k->w, line, sizeof line - 4);
         lines++) {
        while (*s == ' ') s++;
        if (lines == 7 && *s) canvas_text_ellipsis(k->c, line, sizeof line, px, 0, k->w); /* no more room */
        Rect r = {k->x0, k->y, k->w, lh};
        add_item(k, r, UI_NONE, 0);
        text_in(k, r, line, px, 0, TEXT_LEFT, k->th->fg);
        k->y += lh;
    }
    k->ui->showed_try = 1;
}

/* Starts a pass: the metrics at scale k->u, no items yet, the panel cleared when
 * drawing. Returns the label column's width: as wide as the widest setting label. */
static int pass_begin(Ctx *k)
{
    const UiTheme *th = k->th;
    Canvas *c = k->c;
    double u = k->u;
    k->px = font_px(18, u);
    k->px_small = font_px(16, u);
    k->px_head = font_px(19, u);
    k->row_h = (int)ceil(fmax(canvas_font_height(c, k->px, 1) * 1.75, 36 * u));
    k->gap = (int)fmax(2, floor(6 * u + 0.5));
    k->pad = (int)fmax(4, floor(14 * u + 0.5));
    k->x0 = k->pad;
    k->w = c->w - 2 * k->pad;
    k->y = k->pad - k->gap;
    k->ui->n = 0;
    k->ui->cut = k->ui->text_over = k->ui->bottom = 0;
    k->ui->px_min = k->px_small;
    k->ui->showed_try = 0;
    if (k->draw) {
        canvas_clip_reset(c);
        canvas_clear(c, th->bg);
        canvas_fill_rect(c, 0, 0, fmax(1, floor(u + 0.5)), c->h, th->border);
    }
    /* label column: as wide as the widest setting label */
    int lw = 0;
    for (int s = 0; s < app_settings_count(); s++) {
        int tw = canvas_text_width(c, app_setting(s)->label, k->px, 0);
        if (tw > lw) lw = tw;
    }
    lw += k->gap + 2;
    if (lw > k->w * 0.45) lw = (int)(k->w * 0.45);
    return lw;
}

static void layout_pass(Ctx *k)
{
    const AppCore *a = k->a;
    const UiTheme *th = k->th;
    Canvas *c = k->c;
    int lw = pass_begin(k);
    char buf[96];

    heading(k, "Training");
    int g = k->gap;
    button(k, cell(k, k->x0, k->w, 3, 0, g), a->playing ? "\xE2\x9D\x9A\xE2\x9D\x9A pause" : "\xE2\x96\xB6 play",
           UI_PLAY, 0, a->playing ? B_ACTIVE : B_NORMAL);
    button(k, cell(k, k->x0, k->w, 3, 1, g), "step \xE2\x96\xB8", UI_STEP, 0, B_NORMAL);
    button(k, cell(k, k->x0, k->w, 3, 2, g), "\xE2\x86\xBA reset", UI_RESET, 0, B_NORMAL);
    next_row(k);
    double sp = app_core_pace(a); /* a lesson step's own pace while it sets it */
    if (sp > 0) snprintf(buf, sizeof buf, "%.3g/s", sp); /* steps a second (fits 720p) */
    else snprintf(buf, sizeof buf, app_core_lesson_paced(a) ? "at once" : "max");
    stepper(k, "speed", buf, UI_SLOWER, UI_FASTER, 0, 1, lw);

    if (a->has_lesson) {
        heading(k, "Lesson");
        int b = (int)(k->w * 0.3);
        button(k, (Rect){k->x0, k->y, b, k->row_h}, "\xE2\x97\x82 back", UI_PREV, 0,
               a->step > 0 ? B_NORMAL : B_DISABLED);
        button(k, (Rect){k->x0 + k->w - b, k->y, b, k->row_h}, "next \xE2\x96\xB8", UI_NEXT, 0,
               a->step + 1 < a->lesson.n_steps ? B_NORMAL : B_DISABLED);
        snprintf(buf, sizeof buf, "step %d of %d", a->step + 1, a->lesson.n_steps);
        Rect rm = {k->x0 + b + g, k->y, k->w - 2 * b - 2 * g, k->row_h};
        add_item(k, rm, UI_NONE, 0);
        text_in(k, rm, buf, k->px, 1, TEXT_CENTER, th->fg);
        next_row(k);
    }

    if (a->has_lesson && a->try_this && k->compact < 2) try_block(k, a->try_this);

    heading(k, "Runs");
    run_rows(k);

    if (a->sel >= 0) snprintf(buf, sizeof buf, "Settings of run %d", a->sel + 1);
    else snprintf(buf, sizeof buf, "Settings of all runs");
    /* two pages of settings: the switch sits at the right end of the heading */
    heading_button(k, buf, a->settings_page ? "\xE2\x97\x82 back" : "more \xE2\x96\xB8", UI_PAGE);
    settings_rows(k, lw);
    if (k->compact) {
        k->y += k->pad - k->gap;
        return;
    }
    Rect note = {k->x0, k->y, k->w, (int)ceil(canvas_font_height(c, k->px_small, 0) * 1.4)};
    add_item(k, note, UI_NONE, 0);
    text_in(k, note, "a change restarts the run from its seed", k->px_small, 0, TEXT_LEFT, th->muted);
    k->y += note.h;

    heading(k, "View");
    static const char *const gm[3] = {"gradient: \xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h\xE2\x80\x96",
                                      "gradient: Jacobian",
                                      "gradient: W_hh share"};
    /* with an attention run the first view draws the gradient per word (no h(t)) */
    int att = 0;
    for (int i = 0; i < a->n; i++) att |= a->cfg[i].cell == CELL_ATTENTION;
    const char *gl = a->view.grad_mode == GRAD_MODE_NORM && att
                         ? "gradient: \xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82x\xE2\x80\x96 per word"
                         : gm[a->view.grad_mode % 3];
    button(k, (Rect){k->x0, k->y, k->w, k->row_h}, gl, UI_GRAD, 0, B_NORMAL);
    next_row(k);
    button(k, cell(k, k->x0, k->w, 3, 0, g), "help", UI_HELP, 0, a->help ? B_ACTIVE : B_NORMAL);
    button(k, cell(k, k->x0, k->w, 3, 1, g), a->view.theme == PLOT_THEME_DARK ? "light" : "dark",
           UI_THEME, 0, B_NORMAL);
    button(k, cell(k, k->x0, k->w, 3, 2, g), "export", UI_EXPORT, 0, B_NORMAL);
    next_row(k);
    button(k, (Rect){k->x0, k->y, k->w, k->row_h}, "hide this panel (S)", UI_HIDE, 0, B_NORMAL);
    next_row(k);
    k->y += k->pad - k->gap;
}

/* The collapsed panel: a strip that opens it. */
static void strip(Ui *ui, Canvas *c, const AppCore *a)
{
    const UiTheme *th = ui_theme(a);
    ui->n = 0;
    ui->cut = ui->text_over = 0;
    Rect r = canvas_rect(c);
    ui->item[ui->n++] = (UiItem){r, UI_SHOW, 0};
    ui->bottom = r.h;
    canvas_clip_reset(c);
    canvas_clear(c, ui->hover_id == UI_SHOW ? th->hover : th->bg);
    canvas_fill_rect(c, 0, 0, 1, c->h, th->border);
    int px = font_px(18, c->w / 40.0);
    ui->px_min = px;
    const char *s = "\xE2\x97\x82  settings (S)";
    if (canvas_text_width(c, s, px, 0) > c->h) ui->text_over++;
    canvas_text_up(c, s, c->w / 2.0, c->h / 2.0, px, 0, TEXT_CENTER | TEXT_MIDDLE, th->fg);
}

void app_ui_panel(Ui *ui, Canvas *c, const AppCore *a)
{
    if (!a->sidebar) {
        strip(ui, c, a);
        return;
    }
    Ctx k = {ui, c, a, ui_theme(a), 0, 0, c->w / 350.0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /* measure: everything; else without the View section, then without the "try this";
     * else smaller (down to 10 px text) */
    layout_pass(&k);
    while (k.y > c->h && k.compact < 2) {
        k.compact++;
        layout_pass(&k);
    }
    for (int tries = 0; tries < 6 && k.y > c->h && k.px > 10; tries++) {
        k.u *= fmax(0.5, (double)c->h / k.y) * 0.99;
        layout_pass(&k);
    }
    k.draw = 1;
    layout_pass(&k);
}

const char *app_ui_name(int id)
{
    static const char *const names[] = {
        "none", "play", "step", "reset", "slower", "faster", "prev", "next", "run", "eye",
        "all", "add", "remove", "choice", "dec", "inc", "help", "theme", "export", "grad",
        "hide", "show", "page",
    };
    return id >= 0 && id < (int)(sizeof names / sizeof names[0]) ? names[id] : "?";
}

int app_ui_hit(const Ui *ui, int x, int y, int *arg)
{
    for (int i = 0; i < ui->n; i++) {
        Rect r = ui->item[i].r;
        if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) {
            *arg = ui->item[i].arg;
            return ui->item[i].id;
        }
    }
    *arg = 0;
    return UI_NONE;
}

int app_ui_apply(AppCore *a, int id, int arg)
{
    Error err;
    int rc = 0;
    switch (id) {
    case UI_PLAY: app_core_act(a, ACT_PLAY, 0); break;
    case UI_STEP: app_core_act(a, ACT_STEP, 0); break;
    case UI_RESET: app_core_act(a, ACT_RESET, 0); break;
    case UI_SLOWER: app_core_act(a, ACT_SLOWER, 0); break;
    case UI_FASTER: app_core_act(a, ACT_FASTER, 0); break;
    case UI_PREV: app_core_act(a, ACT_PREV, 0); break;
    case UI_NEXT: app_core_act(a, ACT_NEXT, 0); break;
    case UI_RUN: app_core_act(a, ACT_SELECT, a->sel == arg ? -1 : arg); break;
    case UI_EYE: app_core_act(a, ACT_TOGGLE_RUN, arg); break;
    case UI_ALL: app_core_act(a, ACT_SELECT, -1); break;
    case UI_ADD: app_core_act(a, ACT_ADD_RUN, 0); break;
    case UI_REMOVE: app_core_act(a, ACT_REMOVE_RUN, 0); break;
    case UI_CHOICE: rc = app_core_choose(a, arg / 16, arg % 16, &err); break;
    case UI_DEC: rc = app_core_nudge(a, arg, -1, &err); break;
    case UI_INC: rc = app_core_nudge(a, arg, +1, &err); break;
    case UI_HELP: app_core_act(a, ACT_HELP, 0); break;
    case UI_THEME: app_core_act(a, ACT_THEME, 0); break;
    case UI_GRAD: app_core_act(a, ACT_GRAD_MODE, 0); break;
    case UI_HIDE:
    case UI_SHOW: app_core_act(a, ACT_SIDEBAR, 0); break;
    case UI_PAGE:
        a->settings_page = !a->settings_page;
        a->gen++;
        break;
    case UI_EXPORT: return 0;
    default: break;
    }
    if (rc) app_core_msg(a, "%s", err.msg);
    else if (id == UI_CHOICE || id == UI_DEC || id == UI_INC) {
        int s = id == UI_CHOICE ? arg / 16 : arg;
        char v[96];
        int mixed;
        app_core_value(a, s, v, sizeof v, &mixed);
        if (a->sel >= 0) app_core_msg(a, "run %d: %s = %s, restarted from its seed", a->sel + 1,
                                      app_setting(s)->label, v);
        else app_core_msg(a, "all runs: %s = %s, restarted from their seed", app_setting(s)->label, v);
    }
    return 1;
}

/* ---- overlays on the dashboard ---- */

static int dash_px(const Canvas *c, double base, double k)
{
    return font_px(base, c->scale * k);
}

/* 90% of a font size, not below 10 px: the next try when a card does not fit. */
static int shrink(int px)
{
    return px * 9 / 10 < 10 ? 10 : px * 9 / 10;
}

/* A w x h card centred on c (moved in, and counted in *over, when larger than c) over
 * the dashboard dimmed by alpha; drawing is clipped to it until canvas_clip_reset. */
static Rect card(Canvas *c, const UiTheme *th, double w, int h, uint32_t alpha, int *over)
{
    Rect r = {(int)((c->w - w) / 2), (c->h - h) / 2, (int)w, h};
    if (r.x < 0 || r.y < 0) {
        if (over) (*over)++;
        r.x = r.x < 0 ? 0 : r.x;
        r.y = r.y < 0 ? 0 : r.y;
    }
    canvas_fill_rect(c, 0, 0, c->w, c->h, (th->bg & 0x00FFFFFFu) | alpha << 24);
    frame(c, r, th->card, th->accent, (int)fmax(2, ceil(3 * c->scale)));
    canvas_clip(c, r);
    return r;
}

static const char *const help_keys[][2] = {
    {"Space", "play / pause training"},
    {"\xE2\x86\x92  or  N", "one training step"},
    {"B", "backward pass one timestep back (T\xE2\x88\x92" "1 \xE2\x80\xA6 0)"},
    {"G", "gradient panel: \xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h\xE2\x80\x96, Jacobian, W_hh share"},
    {"V", "the next run in the sentence strip and heatmap (or click a run's row)"},
    {"R", "reset to the same seed (exact replay)"},
    {"Shift+R", "new seed"},
    {"+  /  \xE2\x88\x92", "training speed (free play starts at 10 steps a second)"},
    {"M", "as fast as it goes, and back"},
    {"1 \xE2\x80\xA6 8", "show / hide run k"},
    {"PageDown  or  Ctrl+\xE2\x86\x92", "next lesson step (after the last: the next lesson)"},
    {"PageUp  or  Ctrl+\xE2\x86\x90", "previous lesson step (or lesson)"},
    {"End", "a step played live: the rest of its training at once"},
    {"L", "lesson menu: \xE2\x86\x91 \xE2\x86\x93 and Enter, or a click, opens a lesson"},
    {"E", "export this view to PNG (working directory)"},
    {"Shift+E", "export this view to SVG (text as text, lines as paths)"},
    {"T", "light / dark theme"},
    {"P", "presenter mode: larger text, settings hidden"},
    {"S", "show / hide the settings panel"},
    {"F  or  F11", "fullscreen"},
    {"H  or  ?", "this help (Esc closes it)"},
    {"Q  or  Esc Enter", "quit (Esc alone only asks)"},
    {"I", "values under the pointer on / off (off in presenter mode)"},
    {"mouse", "settings on the right; rest on a plot for its values"},
};

Rect app_ui_help(Canvas *c, const AppCore *a, double k, int *over)
{
    const UiTheme *th = ui_theme(a);
    int n = (int)(sizeof help_keys / sizeof help_keys[0]);
    int px = dash_px(c, 22, k), hpx = dash_px(c, 28, k);
    int kw = 0, dw = 0, lh = 0, pad = 0, box_w = 0, box_h = 0;
    for (int tries = 0; tries < 8; tries++) {
        kw = dw = 0;
        for (int i = 0; i < n; i++) {
            int w0 = canvas_text_width(c, help_keys[i][0], px, 1);
            int w1 = canvas_text_width(c, help_keys[i][1], px, 0);
            if (w0 > kw) kw = w0;
            if (w1 > dw) dw = w1;
        }
        lh = (int)ceil(canvas_font_height(c, px, 0) * 1.45);
        pad = (int)ceil(px * 1.1);
        box_w = kw + dw + 3 * pad + pad / 2;
        box_h = (int)ceil(hpx * 2.2) + n * lh + 2 * pad;
        if ((box_w <= c->w - 8 && box_h <= c->h - 8) || px <= 10) break;
        px = shrink(px);
        hpx = shrink(hpx);
    }
    Rect r = card(c, th, box_w, box_h, 0x99, over);
    canvas_text(c, "Keys", r.x + pad, r.y + pad, hpx, 1, TEXT_LEFT | TEXT_TOP, th->fg);
    double y = r.y + pad + hpx * 2.2;
    for (int i = 0; i < n; i++) {
        if (y + lh > r.y + r.h - pad / 2 + 1 && over) (*over)++;
        canvas_text(c, help_keys[i][0], r.x + pad, y + lh / 2.0, px, 1, TEXT_LEFT | TEXT_MIDDLE,
                    th->accent);
        canvas_text(c, help_keys[i][1], r.x + 2 * pad + kw, y + lh / 2.0, px, 0,
                    TEXT_LEFT | TEXT_MIDDLE, th->fg);
        y += lh;
    }
    canvas_clip_reset(c);
    return r;
}

Rect app_ui_intro(Canvas *c, const AppCore *a, double k, int *over)
{
    if (!a->has_lesson) return (Rect){0, 0, 0, 0};
    const UiTheme *th = ui_theme(a);
    const char *title = a->lesson.title ? a->lesson.title : "";
    const char *text = a->lesson.intro ? a->lesson.intro : "";
    static const char hint[] = "Space, PageDown or a click: start the lesson    H: keys";
    int px = dash_px(c, 26, k), tpx = dash_px(c, 40, k), hpx = dash_px(c, 20, k);
    double bw = fmin(c->w - 16.0, fmax(900 * c->scale, 0.62 * c->w));
    char line[1024];
    int n, lh, pad;
    for (;;) { /* the largest text that fits */
        lh = (int)ceil(canvas_font_height(c, px, 0) * 1.4);
        pad = (int)ceil(px * 1.4);
        n = 0;
        const char *s = text;
        while (canvas_text_wrap(c, &s, px, 0, bw - 2 * pad, line, sizeof line)) n++;
        double h = 2 * pad + tpx * 2.0 + n * lh + hpx * 2.5;
        if ((h <= c->h - 16 && canvas_text_width(c, title, tpx, 1) <= bw - 2 * pad) || px <= 10)
            break;
        if (bw < c->w - 16.0) { /* the whole width before a smaller text (lesson 6's card in a
                                  * 1280x720 presenter window: 15 px text in a 900 px card) */
            bw = c->w - 16.0;
            continue;
        }
        px = shrink(px);
        tpx = shrink(tpx);
        hpx = shrink(hpx);
    }
    int bh = (int)ceil(2 * pad + tpx * 2.0 + n * lh + hpx * 2.5);
    Rect r = card(c, th, bw, bh, 0xB0, over);
    double y = r.y + pad;
    canvas_text(c, title, r.x + pad, y, tpx, 1, TEXT_LEFT | TEXT_TOP, th->fg);
    y += tpx * 2.0;
    const char *s = text;
    while (canvas_text_wrap(c, &s, px, 0, bw - 2 * pad, line, sizeof line)) {
        canvas_text(c, line, r.x + pad, y + lh / 2.0, px, 0, TEXT_LEFT | TEXT_MIDDLE, th->fg);
        y += lh;
    }
    if (canvas_text_width(c, hint, hpx, 0) > bw - 2 * pad && over) (*over)++;
    canvas_text(c, hint, r.x + pad, r.y + r.h - pad, hpx, 1, TEXT_LEFT | TEXT_BOTTOM, th->accent);
    canvas_clip_reset(c);
    return r;
}

Rect app_ui_menu(Canvas *c, const AppCore *a, double k, Rect *rows, int *over)
{
    const UiTheme *th = ui_theme(a);
    static const char head[] = "Lessons";
    static const char hint[] = "\xE2\x86\x91 \xE2\x86\x93 choose   Enter or a click: open   Esc: close";
    int n = a->menu_n;
    int px = dash_px(c, 26, k), hpx = dash_px(c, 34, k), spx = dash_px(c, 20, k);
    int lw = 0, lh = 0, pad = 0, box_w = 0, box_h = 0;
    for (int tries = 0; tries < 12; tries++) { /* the largest text that fits */
        lw = canvas_text_width(c, hint, spx, 1);
        for (int i = 0; i < n; i++) {
            int w = canvas_text_width(c, a->menu_label[i], px, 1); /* (the current: bold) */
            if (w > lw) lw = w;
        }
        lh = (int)ceil(canvas_font_height(c, px, 0) * 1.5);
        pad = (int)ceil(px * 1.0);
        box_w = lw + 3 * pad;
        box_h = (int)ceil(hpx * 2.0) + n * lh + (int)ceil(spx * 2.2) + 2 * pad;
        if ((box_w <= c->w - 8 && box_h <= c->h - 8) || px <= 10) break;
        px = shrink(px);
        hpx = shrink(hpx);
        spx = shrink(spx);
    }
    Rect r = card(c, th, box_w, box_h, 0xB0, over);
    canvas_text(c, head, r.x + pad, r.y + pad, hpx, 1, TEXT_LEFT | TEXT_TOP, th->fg);
    int y = r.y + pad + (int)ceil(hpx * 2.0);
    int cur = app_core_menu_current(a);
    for (int i = 0; i < n; i++) {
        Rect row = {r.x + pad / 2, y, r.w - pad, lh};
        if (rows) rows[i] = row;
        if (y + lh > r.y + r.h - pad / 2 + 1 && over) (*over)++;
        int sel = i == a->menu_sel;
        if (sel) canvas_fill_rect(c, row.x, row.y, row.w, row.h, th->accent);
        uint32_t ink = sel ? th->on_accent : th->fg;
        canvas_text(c, a->menu_label[i], r.x + pad, y + lh / 2.0, px, i == cur, TEXT_LEFT | TEXT_MIDDLE,
                    ink);
        y += lh;
    }
    canvas_text(c, hint, r.x + pad, r.y + r.h - pad, spx, 1, TEXT_LEFT | TEXT_BOTTOM,
                th->accent);
    canvas_clip_reset(c);
    return r;
}

/* A box of text lines (split at '\n') with its top-left at (x, y). */
static Rect text_box(Canvas *c, const UiTheme *th, const char *text, double x, double y, int px,
                     int bold, int place, int *over)
{
    char line[8][256];
    int nl = 0, w = 0;
    const char *s = text;
    while (*s && nl < 8) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        if (len >= sizeof line[0]) len = sizeof line[0] - 1;
        memcpy(line[nl], s, len);
        line[nl][len] = 0;
        nl++;
        s = e ? e + 1 : s + strlen(s);
    }
    int lh, pad;
    for (;;) { /* the largest size up to px that fits the canvas */
        w = 0;
        for (int i = 0; i < nl; i++) {
            int lw = canvas_text_width(c, line[i], px, bold && i == 0);
            if (lw > w) w = lw;
        }
        lh = (int)ceil(canvas_font_height(c, px, 0) * 1.35);
        pad = (int)ceil(px * 0.6);
        if ((w + 2 * pad <= c->w && nl * lh + 2 * pad <= c->h) || px <= 10) break;
        px = px * 9 / 10 < 10 ? 10 : px * 9 / 10;
    }
    Rect r = {(int)x, (int)y, w + 2 * pad, nl * lh + 2 * pad};
    int off = (int)ceil(px * 1.6);
    if (place == 3) { /* right of the point, centred on it; left if no room */
        r.x = (int)x + off;
        r.y = (int)y - r.h / 2;
        if (r.x + r.w > c->w) r.x = (int)x - off - r.w;
        if (r.x < 0) place = 2; /* room on neither side */
    }
    if (place == 2) { /* above the point, centred on it; below it if there is no room */
        r.x = (int)x - r.w / 2;
        r.y = (int)y - off - r.h;
        if (r.y < 0) r.y = (int)y + off;
    } else if (place == 1) { /* keep it on the canvas: flip left / up of the point */
        if (r.x + r.w > c->w) r.x = (int)x - r.w - 2 * (int)ceil(px * 0.8);
        if (r.y + r.h > c->h) r.y = (int)y - r.h - 2 * (int)ceil(px * 0.8);
    } else if (place == 0) {
        r.x -= r.w / 2; /* centred on x, bottom at y */
        r.y -= r.h;
    }
    if (place >= 2 && r.x + r.w > c->w) r.x = c->w - r.w;
    if (place >= 2 && r.y + r.h > c->h) r.y = c->h - r.h;
    if (r.x < 0) r.x = 0;
    if (r.y < 0) r.y = 0;
    if (over && (r.w > c->w || r.h > c->h)) (*over)++;
    canvas_fill_rect(c, r.x, r.y, r.w, r.h, th->shade);
    uint32_t ink = th == &ui_dark ? 0xFF101216u : 0xFFFFFFFFu;
    canvas_clip(c, r);
    for (int i = 0; i < nl; i++)
        canvas_text(c, line[i], r.x + pad, r.y + pad + i * lh + lh / 2.0, px, bold && i == 0,
                    TEXT_LEFT | TEXT_MIDDLE, ink);
    canvas_clip_reset(c);
    return r;
}

/* The font size (from px down, not below least) whose one-line box of line fits a
 * w x h space; 0 if none does. *lh, *pad, *tw get its measures (text_box's). */
static int box_fit(Canvas *c, const char *line, int px, int least, int bold, int w, int h, int *lh,
                   int *pad, int *tw)
{
    for (;;) {
        *lh = (int)ceil(canvas_font_height(c, px, 0) * 1.35);
        *pad = (int)ceil(px * 0.6);
        *tw = canvas_text_width(c, line, px, bold);
        if (*tw + 2 * *pad <= w && *lh + 2 * *pad <= h) return px;
        if (px <= least) return 0;
        px = shrink(px) < least ? least : shrink(px);
    }
}

/* One line of text in a box in the dashboard's title bar, which holds no plot: a message
 * there covers none of the panels (above the narration it covered the sentence strip's
 * bottom line). It keeps off the title (over the middle of the bar it covered lesson 3
 * step 3's title for seconds): between the title and the run legend, or else right of
 * the title over the legend (whose runs the panels' keys name too; a "diverged" message
 * says what the legend says), at two thirds of px or more, or else at half of px
 * (presenter mode's titles are long); else over the middle of the bar, at the largest
 * size up to px that fits, cut with an ellipsis if even 10 px is too wide. */
static Rect title_bar_box(Canvas *c, const AppCore *a, const char *text, int px, int bold, int *over)
{
    PlotLayout L;
    plot_layout(c->w, c->h, &a->view, a->rp, a->n, &L);
    Rect t = L.title, free = plot_title_free(c, a->rp, a->n, &a->view);
    char line[APP_MSG_MAX + 8];
    snprintf(line, sizeof line - 4, "%s", text);
    for (char *p = line; *p; p++)
        if (*p == '\n') *p = ' ';
    int lh, pad, w;
    Rect span = free;
    int fit = 0, over_legend = 0;
    /* between title and legend, then over the legend: at two thirds of px, then at half */
    for (int k = 0; k < 4 && !fit; k++) {
        int least = k < 2 ? (2 * px + 2) / 3 : px / 2;
        span = free;
        if (k % 2) span.w = t.x + t.w - free.x;
        fit = box_fit(c, line, px, least > 10 ? least : 10, bold, span.w, span.h, &lh, &pad, &w);
        over_legend = fit && k % 2;
    }
    if (over_legend) /* the legend stands aside while the message shows: none of it peeps
                      * out beside the box or shows through it (a reviewer's walk) */
        canvas_fill_rect(c, span.x, t.y, span.w, t.h, plot_background(&a->view));
    if (fit) {
        double cx = span.x + span.w / 2.0;
        return text_box(c, ui_theme(a), line, cx, span.y + (span.h + lh + 2 * pad) / 2.0, fit, bold,
                        0, over);
    }
    px = box_fit(c, line, px, 10, bold, t.w, t.h, &lh, &pad, &w);
    if (!px) {
        px = 10;
        canvas_text_ellipsis(c, line, sizeof line, px, bold, t.w - 2 * pad);
    }
    return text_box(c, ui_theme(a), line, t.x + t.w / 2.0, t.y + (t.h + lh + 2 * pad) / 2.0, px,
                    bold, 0, over);
}

Rect app_ui_message(Canvas *c, const AppCore *a, const char *msg, double k, int *over)
{
    if (!msg || !msg[0]) return (Rect){0, 0, 0, 0};
    return title_bar_box(c, a, msg, dash_px(c, 22, k), 0, over);
}

Rect app_ui_progress(Canvas *c, const AppCore *a, const char *text, double k, Rect below)
{
    if (!text || !text[0] || below.h > 0) return (Rect){0, 0, 0, 0};
    return title_bar_box(c, a, text, dash_px(c, 22, k), 1, NULL);
}

Rect app_ui_tooltip(Canvas *c, const AppCore *a, int x, int y, double dx, double dy,
                    const char *text, double k, int *over)
{
    if (!text || !text[0]) return (Rect){0, 0, 0, 0};
    int px = dash_px(c, 19, k);
    /* off the line the pointer came along (and may go on along): above it after a
     * sideways move, beside it after an up-or-down one */
    int place = fabs(dx) >= fabs(dy) ? 2 : 3;
    return text_box(c, ui_theme(a), text, x, y, px, 1, place, over);
}
