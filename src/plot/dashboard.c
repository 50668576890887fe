/* dashboard.c - the dashboard (title bar with run legend, panels, narration box),
 * draw_panel (a panel drawn by its PanelDef), and helpers shared by the panels. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

void plot_view_default(PlotView *v)
{
    memset(v, 0, sizeof *v);
    v->theme = PLOT_THEME_LIGHT;
    for (int i = 0; i < PLOT_MAX_RUNS; i++) v->visible[i] = 1;
    v->grad_mode = GRAD_MODE_NORM;
    v->cursor = -1;
    v->highlight = PANEL_NONE;
    v->focus = PANEL_NONE;
    v->text_scale = 1.0;
    v->featured = -1;
}

void panel_register(const PanelCtx *p, const Axes *ax)
{
    Canvas *c = p->c;
    if (c->nareas >= CANVAS_MAX_AREAS) return;
    c->areas[c->nareas++] = (CanvasArea){p->kind, ax->area, ax->x.lo, ax->x.hi, ax->y.lo,
                                         ax->y.hi, ax->y.log};
}

void panel_label_fact(const PanelCtx *p, int how, const char *text)
{
    PlotFacts *f = p->v->facts;
    if (!f || f->nlabels >= PLOT_MAX_LABELS) return;
    struct PlotLabelFact *l = &f->label[f->nlabels++];
    l->panel = p->kind;
    l->how = how;
    snprintf(l->text, sizeof l->text, "%s", text ? text : "");
}

int panel_run_visible(const PanelCtx *p, int i)
{
    return i >= 0 && i < p->nruns && p->runs[i] && p->v->visible[i];
}

int panel_first_visible(const PanelCtx *p)
{
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i)) return i;
    return -1;
}

int panel_in_scale(const PanelCtx *p, int i)
{
    if (!panel_run_visible(p, i)) return 0;
    if (!p->runs[i]->diverged_at || p->highlight) return 1;
    for (int j = 0; j < p->nruns; j++)
        if (panel_run_visible(p, j) && !p->runs[j]->diverged_at) return 0;
    return 1; /* every visible run diverged: scale to them */
}

int plot_featured_run(Run *const *runs, int nruns, const PlotView *view)
{
    int f = view->featured;
    if (f >= 0 && f < nruns && f < PLOT_MAX_RUNS && runs[f] && view->visible[f]) return f;
    int first = -1;
    for (int i = 0; i < nruns && i < PLOT_MAX_RUNS; i++) {
        if (!runs[i] || !view->visible[i]) continue;
        if (first < 0) first = i;
        if (!runs[i]->diverged_at) return i;
    }
    return first;
}

int plot_color_slot(unsigned char c, int i)
{
    return c > 0 && c <= PLOT_MAX_RUNS ? c - 1 : (i % PLOT_MAX_RUNS + PLOT_MAX_RUNS) % PLOT_MAX_RUNS;
}

int plot_run_slot(const PlotView *v, int i)
{
    return plot_color_slot((i >= 0 && i < PLOT_MAX_RUNS && v) ? v->color_of[i] : 0, i);
}

uint32_t panel_run_color(const PanelCtx *p, int i)
{
    return p->st->th->run[plot_run_slot(p->v, i)];
}

/* Seven shapes for eight runs: the eighth (olive) shares the third's diamond (with the
 * fourth's triangle and pink, tritanopia brought it within 19.3; test_contrast). Runs 6
 * and 7 had the circle and the triangle of runs 1 and 4 (lesson 9's GRU wore the
 * sigmoid's circle): a triangle pointing down and a plus. */
MarkerKind plot_run_marker(int i)
{
    static const MarkerKind shape[PLOT_MAX_RUNS] = {MARK_CIRCLE, MARK_SQUARE,        MARK_DIAMOND,
                                                    MARK_TRIANGLE, MARK_CROSS, MARK_TRIANGLE_DOWN,
                                                    MARK_PLUS,     MARK_DIAMOND};
    return shape[(i % PLOT_MAX_RUNS + PLOT_MAX_RUNS) % PLOT_MAX_RUNS];
}

int plot_run_marks(int nvisible)
{
    return nvisible >= 3;
}

MarkerKind panel_run_marker(const PanelCtx *p, int i)
{
    return plot_run_marker(plot_run_slot(p->v, i));
}

int panel_run_marks(const PanelCtx *p)
{
    int n = 0;
    for (int i = 0; i < p->nruns; i++) n += panel_run_visible(p, i);
    return plot_run_marks(n);
}

/* One point of a data line: breaks the line where the value has no place on the axes. */
static void line_point(const PanelCtx *p, const Axes *ax, double xv, double yv, int *drawn,
                       double *lx, double *ly)
{
    double x = axis_pos(&ax->x, xv), y = axis_pos(&ax->y, yv);
    if (isnan(x) || isnan(y)) {
        canvas_path_move(p->c, NAN, NAN); /* break the line */
        return;
    }
    canvas_path_line(p->c, x, y);
    *lx = x;
    *ly = y;
    (*drawn)++;
}

static int line_end(const PanelCtx *p, uint32_t color, int drawn, double lx, double ly, int ndash)
{
    canvas_path_end(p->c, color);
    /* a lone point between gaps has no segment: a marker, a circle for a solid line and
     * a square for a dashed one (after one training step the loss and the accuracy are
     * told apart by shape, as their lines are by dash) */
    if (drawn == 1)
        canvas_marker(p->c, ndash > 0 ? MARK_SQUARE : MARK_CIRCLE, lx, ly, p->st->marker, color,
                      p->st->th->halo);
    return drawn;
}

int panel_series(const PanelCtx *p, const Axes *ax, const double *xs, const double *ys,
                 int i0, int i1, int stride, double yscale, uint32_t color, const double *dash,
                 int ndash, double *lx, double *ly)
{
    int drawn = 0;
    *lx = *ly = NAN;
    canvas_path_begin(p->c, p->st->line_w, dash, ndash);
    for (int i = i0; i < i1; i++)
        line_point(p, ax, xs ? xs[i] : (double)i, ys[(size_t)i * (size_t)stride] * yscale, &drawn,
                   lx, ly);
    return line_end(p, color, drawn, *lx, *ly, ndash);
}

int panel_hist_series(const PanelCtx *p, const Axes *ax, const History *h,
                      double (*get)(const HistEntry *e), uint32_t color, const double *dash,
                      int ndash, double *lx, double *ly)
{
    int drawn = 0;
    *lx = *ly = NAN;
    canvas_path_begin(p->c, p->st->line_w, dash, ndash);
    for (int i = 0; i < h->n; i++)
        line_point(p, ax, (double)h->e[i].step, get(&h->e[i]), &drawn, lx, ly);
    return line_end(p, color, drawn, *lx, *ly, ndash);
}

void panel_hist_last(const Axes *ax, const History *h, double (*get)(const HistEntry *e),
                     double *lx, double *ly)
{
    *lx = *ly = NAN;
    for (int i = 0; i < h->n; i++) {
        double x = axis_pos(&ax->x, (double)h->e[i].step), y = axis_pos(&ax->y, get(&h->e[i]));
        if (!isnan(x) && !isnan(y)) *lx = x, *ly = y;
    }
}

/* k's label, or a copy in buf cut at a character and ended with an ellipsis, so that
 * the key is at most maxw wide (a panel narrower than its longest key) */
static const char *fit_key(Canvas *c, const Style *st, const Key *k, double maxw, char *buf,
                           size_t n)
{
    if (panel_key_width_mark(c, st, k->label, k->mark) <= maxw || n < 8) return k->label;
    snprintf(buf, n, "%s", k->label);
    /* (a key's width: its sample's and gaps', then its text's) */
    canvas_text_ellipsis(c, buf, n, st->px_tick, 0, maxw - panel_key_width_mark(c, st, "", k->mark));
    return buf;
}

/* Counts a key or legend entry that was drawn cut short (tests: legends are never cut). */
static void note_cut(const PanelCtx *p, const char *label)
{
    PlotFacts *f = p->v->facts;
    if (!f) return;
    f->legend_cut++;
    snprintf(f->legend_cut_text, sizeof f->legend_cut_text, "%.127s", label);
}

/* The longest head of k's label, cut at a space, that fits in maxw with the key's
 * sample, copied into head; returns the rest (after the space), or NULL if no head fits
 * or the label has no space. */
static const char *split_key(Canvas *c, const Style *st, const Key *k, double maxw, char *head,
                             size_t n)
{
    double sample = panel_key_width_mark(c, st, "", k->mark);
    return panel_text_head(c, k->label, st->px_tick, 0, maxw - sample, head, n);
}

/* The most lines one key is wrapped onto. */
#define KEY_LINES 4

/* Lays out keys in r, wrapping; draws them when draw is 1. Returns the height taken;
 * counts the keys that would be cut short in *cuts (if not NULL). */
static int keys_layout(const PanelCtx *p, Rect r, const Key *keys, int n, int draw, int *cuts)
{
    const Style *st = p->st;
    if (n <= 0) return 0;
    int fh = canvas_font_height(p->c, st->px_tick, 0);
    double x = r.x + 0.2 * st->pad, y = r.y + fh / 2.0;
    int lines = 1;
    for (int i = 0; i < n; i++) {
        int w = panel_key_width_mark(p->c, st, keys[i].label, keys[i].mark);
        if (x + w > r.x + r.w && x > r.x + st->pad) { /* wrap */
            x = r.x + 0.2 * st->pad;
            y += fh * 1.15;
            lines++;
        }
        double d[4];
        int nd = 0;
        if (keys[i].dash >= 0) style_dash(st, keys[i].dash, d, &nd);
        char cut[256], head[256];
        double room = r.x + r.w - x;
        const char *tail = w > room ? split_key(p->c, st, &keys[i], room, head, sizeof head) : NULL;
        if (tail) {
            /* too long for a whole line: the words that fit beside the sample, the rest
             * on lines under them, up to KEY_LINES in all (cut only if that is too short) */
            if (draw)
                panel_key(p->c, st, x, y, keys[i].color, nd ? d : NULL, nd, keys[i].mark, head);
            double indent = panel_key_width_mark(p->c, st, "", keys[i].mark) - (int)(1.6 * st->pad);
            double tw = r.x + r.w - x - indent;
            for (int k = 2; tail; k++) {
                y += fh * 1.15;
                lines++;
                Key rest = {tail, keys[i].color, -1, KEY_TEXT};
                const char *more = NULL, *t = tail;
                if (k < KEY_LINES && panel_key_width_mark(p->c, st, tail, KEY_TEXT) > tw)
                    more = split_key(p->c, st, &rest, tw, head, sizeof head);
                if (more) t = head;
                else t = fit_key(p->c, st, &rest, tw, cut, sizeof cut);
                if (!more && t != rest.label && cuts) (*cuts)++;
                if (draw && !more && t != rest.label) note_cut(p, keys[i].label);
                if (draw)
                    canvas_text(p->c, t, x + indent, y, st->px_tick, 0, TEXT_LEFT | TEXT_MIDDLE,
                                st->th->fg);
                tail = more;
            }
            x = r.x + r.w; /* the next key on a line of its own */
            continue;
        }
        const char *label = fit_key(p->c, st, &keys[i], room, cut, sizeof cut);
        if (label != keys[i].label && cuts) (*cuts)++;
        if (draw && label != keys[i].label) note_cut(p, keys[i].label);
        if (draw) panel_key(p->c, st, x, y, keys[i].color, nd ? d : NULL, nd, keys[i].mark, label);
        x += w;
    }
    return (int)ceil(fh * (1.15 * (lines - 1) + 1.0) + 0.4 * st->pad);
}

int panel_keys(const PanelCtx *p, Rect r, const Key *keys, int n)
{
    return keys_layout(p, r, keys, n, 1, NULL);
}

int panel_keys_measure(const PanelCtx *p, Rect r, const Key *keys, int n, int *cuts)
{
    if (cuts) *cuts = 0;
    return keys_layout(p, r, keys, n, 0, cuts);
}

/* The height panel_keys would take, drawing nothing. */
static int keys_height(const PanelCtx *p, Rect r, const Key *keys, int n)
{
    return keys_layout(p, r, keys, n, 0, NULL);
}

int panel_keys_column_width(const PanelCtx *p, const Key *keys, int n)
{
    int w = 0;
    for (int i = 0; i < n; i++) {
        int kw = panel_key_width_mark(p->c, p->st, keys[i].label, keys[i].mark);
        if (kw > w) w = kw;
    }
    return w;
}

void panel_keys_column(const PanelCtx *p, double x, double y, const Key *keys, int n)
{
    const Style *st = p->st;
    int fh = canvas_font_height(p->c, st->px_tick, 0);
    for (int i = 0; i < n; i++) {
        double d[4];
        int nd = 0;
        if (keys[i].dash >= 0) style_dash(st, keys[i].dash, d, &nd);
        panel_key(p->c, st, x, y + fh * (0.5 + 1.3 * i), keys[i].color, nd ? d : NULL, nd,
                  keys[i].mark, keys[i].label);
    }
}

/* The keys in ct (drawn when draw is 1) above the plot, or in a column at its right
 * when above they would leave it under PANEL_PLOT_FLOOR of r's height and beside them
 * its data keeps min_w of r's width; returns the rectangle left for the axes of sp. */
static Rect keys_plot(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, const Key *keys,
                      int n, int draw, double min_w)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    Axes ax;
    int kh = keys_height(p, ct, keys, n);
    Rect above = {ct.x, ct.y + kh, ct.w, ct.h - kh};
    axes_setup(c, st, above, sp, &ax);
    /* the column as wide as the widest key, at most 45% of the panel, a longer key
     * wrapped onto lines of its own in it (never cut); in a wide highlighted panel, whose
     * plot the narration speaks of, whenever that leaves the plot taller (only under
     * PANEL_PLOT_FLOOR of its height, lesson 9 step 3's plot went from 203 to 145 px as
     * its panel grew past that floor at 1280x720 presenter); in another wide panel when
     * above they leave it under PANEL_PLOT_USABLE (lesson 8 step 1's loss: four rows of
     * keys left a plot of 55 px at 1080p) */
    double floor_h = p->highlight ? INFINITY : PANEL_PLOT_USABLE * r.h;
    double gap = 1.2 * st->pad;
    int widest = panel_keys_column_width(p, keys, n) + (int)ceil(0.4 * st->pad);
    int cw = widest < 0.45 * ct.w ? widest : (int)(0.45 * ct.w), cuts = 0;
    if (n <= 0 || ax.area.h >= floor_h || r.w < 1.5 * r.h) {
        if (draw) panel_keys(p, ct, keys, n);
        return above;
    }
    Rect col = {ct.x + ct.w - cw, ct.y, cw, ct.h};
    int colh = keys_layout(p, col, keys, n, 0, &cuts);
    if (colh > ct.h || cuts) {
        if (draw) panel_keys(p, ct, keys, n);
        return above;
    }
    /* the column no wider than its keys need, whole, within the panel's height:
     * beside it the plot is as tall at any width, so each 2.5% of the panel's width a key
     * gives up by wrapping is the plot's (lesson 4 step 1 in presenter mode: keys in 45%
     * of the panel beside a plot 44% wide; three of them end at a third of that column) */
    int step = (int)ceil(0.025 * ct.w);
    for (int nw = cw - step; nw >= (int)(0.2 * ct.w); nw -= step) {
        int ncut = 0, nh = keys_layout(p, (Rect){ct.x + ct.w - nw, ct.y, nw, ct.h}, keys, n, 0, &ncut);
        if (ncut || nh > ct.h) break;
        cw = nw;
    }
    col = (Rect){ct.x + ct.w - cw, ct.y, cw, ct.h};
    Rect side = {ct.x, ct.y, (int)(ct.w - cw - gap), ct.h};
    Axes ax2;
    axes_setup(c, st, side, sp, &ax2);
    if (ax2.area.h <= ax.area.h || ax2.area.w < min_w * r.w) {
        if (draw) panel_keys(p, ct, keys, n);
        return above;
    }
    if (draw) panel_keys(p, col, keys, n);
    return side;
}

/* The height of the data area axes_setup gives sp in r; its width in *w. */
static int plot_height(const PanelCtx *p, Rect r, const AxesSpec *sp, int *w)
{
    Axes ax;
    *w = 0;
    if (r.w < 8 || r.h < 8) return 0;
    axes_setup(p->c, p->st, r, sp, &ax);
    *w = ax.area.w;
    return ax.area.h;
}

Rect panel_keys_plot(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, const Key *keys,
                     int n, int draw, double min_w)
{
    return panel_keys_plot_w(p, r, ct, sp, keys, n, draw, min_w, 0);
}

Rect panel_keys_plot_w(const PanelCtx *p, Rect r, Rect ct, const AxesSpec *sp, const Key *keys,
                       int n, int draw, double min_w, double keys_min_w)
{
    const Style *st = p->st;
    double natural;
    int over;
    int rh = panel_readouts_height(p, ct, &natural, &over);
    Rect below = {ct.x, ct.y + rh, ct.w, ct.h - rh};
    Rect plot_a = keys_plot(p, r, below, sp, keys, n, 0, keys_min_w);
    int wa, ha = plot_height(p, plot_a, sp, &wa);
    /* readouts stacked above the plot (presenter mode's larger text, four lines of
     * them) go in a column at the right of the plot instead whenever that leaves it
     * taller (not only under PANEL_PLOT_FLOOR: a taller panel must not draw a shorter
     * plot), the keys under them when they fit there, else above the plot; the column as
     * wide as the readouts unbroken, or narrower (broken lines), at most half the panel, in steps of
     * 2.5% of its width, whichever leaves the plot tallest while its data keeps min_w of
     * the panel's width, and of those as tall, the widest (lesson 1 step 4 in presenter
     * mode: three readouts in a column half the panel wide, empty under them, beside a
     * plot a third of the panel wide) */
    double gap = 1.2 * st->pad;
    if (rh > 0 && p->highlight && r.w >= 1.5 * r.h) {
        const double share[7] = {0.5, 0.475, 0.45, 0.425, 0.4, 0.375, 0.35};
        int best = ha, best_w = wa, best_cw = 0, best_in_col = 0;
        for (int k = 0; k < 7; k++) {
            int cw = (int)ceil(fmin(natural, share[k] * ct.w));
            if (k > 0 && cw >= (int)ceil(fmin(natural, share[k - 1] * ct.w))) continue;
            Rect col = {ct.x + ct.w - cw, ct.y, cw, ct.h};
            int rhc = panel_readouts_height(p, col, NULL, &over);
            Rect left = {ct.x, ct.y, (int)(ct.w - cw - gap), ct.h};
            Rect rest = {col.x, col.y + rhc, cw, ct.h - rhc};
            int cuts = 0, kh = n > 0 ? keys_layout(p, rest, keys, n, 0, &cuts) : 0;
            int in_col = kh <= rest.h && !cuts;
            int left_cuts = 0; /* above the plot: never a key cut short */
            int kl = in_col ? 0 : keys_layout(p, left, keys, n, 0, &left_cuts);
            int wb, hb = plot_height(p, (Rect){left.x, left.y + kl, left.w, left.h - kl}, sp, &wb);
            int better = hb > best || (hb == best && best_cw > 0 && wb > best_w);
            if (!over && !left_cuts && rhc <= ct.h && better && wb >= min_w * r.w)
                best = hb, best_w = wb, best_cw = cw, best_in_col = in_col;
        }
        if (best_cw > 0) {
            Rect col = {ct.x + ct.w - best_cw, ct.y, best_cw, ct.h};
            Rect left = {ct.x, ct.y, (int)(ct.w - best_cw - gap), ct.h};
            int rhc = panel_readouts_height(p, col, NULL, NULL);
            Rect rest = {col.x, col.y + rhc, best_cw, ct.h - rhc};
            int kl = best_in_col ? 0 : keys_height(p, left, keys, n);
            if (draw) {
                panel_readouts(p, col);
                panel_keys(p, best_in_col ? rest : left, keys, n);
            }
            return (Rect){left.x, left.y + kl, left.w, left.h - kl};
        }
    }
    if (draw) {
        panel_readouts(p, ct);
        keys_plot(p, r, below, sp, keys, n, 1, keys_min_w);
    }
    return plot_a;
}

static void draw_panel(Canvas *c, const Style *st, PanelKind kind, Run *const *runs, int nruns,
                       const PlotView *v, Rect r, unsigned shown)
{
    if (kind < 0 || kind >= PANEL_COUNT || r.w < 8 || r.h < 8) return;
    PanelCtx p = {c, st, v, runs, nruns < PLOT_MAX_RUNS ? nruns : PLOT_MAX_RUNS,
                  v->highlight == (int)kind, kind, shown};
    /* forget what this panel kind drew before; the panel registers its new area */
    for (int i = 0; i < c->nareas; i++)
        if (c->areas[i].tag == (int)kind) c->areas[i--] = c->areas[--c->nareas];
    for (int i = 0; i < c->nspots; i++)
        if (c->spots[i].tag == (int)kind) c->spots[i--] = c->spots[--c->nspots];
    if (!runs || p.nruns < 0) p.nruns = 0;
    canvas_clip(c, r);
    panel_def(kind)->draw(&p, r);
    canvas_clip_reset(c);
}

/* Title: the view's, or "task · cell · T" of the first visible run and its step. */
static void title_text(const PanelCtx *p, char *buf, size_t n)
{
    if (p->v->title) {
        snprintf(buf, n, "%s", p->v->title);
        return;
    }
    int i = panel_first_visible(p);
    if (i < 0) {
        snprintf(buf, n, "rnnscope");
        return;
    }
    const Run *r = p->runs[i];
    snprintf(buf, n, "rnnscope \xC2\xB7 %s task \xC2\xB7 T = %d \xC2\xB7 step %ld",
             task_name(r->cfg.task), r->cfg.seq_len, r->step);
}

static void legend_label(const Run *run, char *buf, size_t n)
{
    if (run->diverged_at > 0 && run->diverged_why[0])
        snprintf(buf, n, "%s (diverged at step %ld: %s)", run->label, run->diverged_at,
                 run->diverged_why);
    else if (run->diverged_at > 0)
        snprintf(buf, n, "%s (diverged at step %ld)", run->label, run->diverged_at);
    else snprintf(buf, n, "%s", run->label);
}

/* How the title bar of r is set: the title's and the legend's font sizes, the title's
 * width, where the legend starts and the gap between its entries. When both do not fit,
 * the legend goes onto two rows where the bar is tall enough, else its font shrinks a
 * step, and so on; then the title's font shrinks; a title still too wide is cut with
 * an ellipsis. */
typedef struct TitleSet {
    int tpx, lpx, tw;
    int rows, split;       /* legend rows (1 or 2); the visible runs in the first */
    double row_w[2];       /* each row's width */
    double legend_x, gap;  /* where the legend's widest row starts */
    char title[256];
} TitleSet;

/* The width of run i's legend entry at the legend's font lpx. */
static double legend_entry_w(const PanelCtx *p, int i, int lpx, double gap)
{
    char lab[200];
    legend_label(p->runs[i], lab, sizeof lab);
    return 2.2 * lpx + 0.5 * p->st->pad + canvas_text_width(p->c, lab, lpx, 0) + gap;
}

/* The legend's rows at lpx: one, or where one is wider than room and the bar holds two
 * rows of the font, two of as nearly equal widths as the runs' order allows. */
static void legend_rows(const PanelCtx *p, Rect r, int lpx, double room, TitleSet *t)
{
    double w[PLOT_MAX_RUNS], total = 0;
    int n = 0;
    for (int i = 0; i < p->nruns; i++)
        if (panel_run_visible(p, i)) total += w[n++] = legend_entry_w(p, i, lpx, t->gap);
    t->rows = 1, t->split = n, t->row_w[0] = total, t->row_w[1] = 0;
    if (total <= room || n < 2 || 2.2 * canvas_font_height(p->c, lpx, 0) > r.h) return;
    double best = total, acc = 0;
    for (int k = 1; k < n; k++) {
        acc += w[k - 1];
        if (fmax(acc, total - acc) < best) best = fmax(acc, total - acc), t->split = k;
    }
    t->rows = 2;
    t->row_w[0] = 0;
    for (int k = 0; k < t->split; k++) t->row_w[0] += w[k];
    t->row_w[1] = total - t->row_w[0];
}

static void title_set(const PanelCtx *p, Rect r, TitleSet *t)
{
    const Style *st = p->st;
    title_text(p, t->title, sizeof t->title);
    /* the legend gives way first, then the title: a title that shrank with a long
     * legend changed size from slide to slide (lesson 9 in presenter mode, 27 px against
     * 38 px at 1080p); two rows of the legend before a smaller font (presenter mode's
     * six runs of lesson 9 were 21 px in one row, the only key to their colours) */
    static const double title_base[6] = {30, 30, 30, 30, 26, 22}, legend_base[6] = {20, 18, 16, 14, 14, 14};
    double total = 0;
    t->gap = 1.4 * st->pad;
    for (int k = 0; k < 6; k++) {
        t->tpx = style_px(title_base[k], st->ts);
        t->lpx = style_px(legend_base[k], st->ts);
        t->tw = canvas_text_width(p->c, t->title, t->tpx, 1);
        legend_rows(p, r, t->lpx, r.w - t->tw - 3 * st->pad, t);
        total = fmax(t->row_w[0], t->row_w[1]);
        if (t->tw + 3 * st->pad + total <= r.w) break;
    }
    /* still too wide: the title gives way, not the runs' legend (lesson 7 step 3 playing
     * live, "... step 2528 of 3000, ~10 s left", dropped "chrono" from it) */
    if (t->tw + 3 * st->pad + total > r.w && r.w - total - 3 * st->pad > 0) {
        canvas_text_ellipsis(p->c, t->title, sizeof t->title, t->tpx, 1, r.w - total - 3 * st->pad);
        t->tw = canvas_text_width(p->c, t->title, t->tpx, 1);
    }
    t->legend_x = r.x + r.w - total + t->gap;
    if (t->legend_x < r.x + t->tw + 3 * st->pad) t->legend_x = r.x + t->tw + 3 * st->pad;
}

/* Title bar: title on the left, one legend entry per visible run on the right, in one
 * row or two, each row ending at the bar's right edge. */
static void title_bar(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    char lab[200];
    TitleSet t;
    title_set(p, r, &t);
    canvas_clip(c, r);
    double mid = r.y + r.h / 2.0, lh = 1.1 * canvas_font_height(c, t.lpx, 0);
    canvas_text(c, t.title, r.x + 0.4 * st->pad, mid, t.tpx, 1, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
    double widest = fmax(t.row_w[0], t.row_w[1]), x = t.legend_x;
    for (int i = 0, k = 0; i < p->nruns; i++) {
        if (!panel_run_visible(p, i)) continue;
        int row = t.rows == 2 && k >= t.split;
        double y = t.rows == 2 ? mid + (row ? 0.5 : -0.5) * lh : mid;
        if (k == 0 || k == t.split) x = t.legend_x + widest - t.row_w[row];
        k++;
        uint32_t col = panel_run_color(p, i);
        legend_label(p->runs[i], lab, sizeof lab);
        if (p->v->facts && p->runs[i]->diverged_at)
            snprintf(p->v->facts->diverged[i], sizeof p->v->facts->diverged[i], "%.127s", lab);
        double sw = 2.2 * t.lpx;
        canvas_line(c, x + st->line_w, y, x + sw - st->line_w, y, st->line_w * 1.6, col);
        if (panel_run_marks(p))
            canvas_marker(c, panel_run_marker(p, i), x + sw / 2, y, st->marker, col, st->th->halo);
        x += sw + 0.5 * st->pad;
        x += canvas_text(c, lab, x, y, t.lpx, 0, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
        if (x > r.x + r.w + 1) note_cut(p, lab); /* 1: the widths are rounded */
        x += t.gap;
    }
    canvas_clip_reset(c);
}

uint32_t plot_background(const PlotView *view)
{
    return style_theme(view ? view->theme : PLOT_THEME_LIGHT)->bg;
}

Rect plot_title_free(Canvas *c, Run *const *runs, int nruns, const PlotView *view)
{
    Style st;
    style_init(&st, c, view);
    PlotLayout L;
    plot_layout(c->w, c->h, view, runs, nruns, &L);
    PanelCtx p = {c, &st, view, runs, nruns < PLOT_MAX_RUNS ? nruns : PLOT_MAX_RUNS, 0,
                  PANEL_NONE, 0};
    if (!runs || p.nruns < 0) p.nruns = 0;
    TitleSet t;
    title_set(&p, L.title, &t);
    int x0 = (int)ceil(L.title.x + 0.4 * st.pad + t.tw + st.pad);
    int x1 = (int)floor(t.legend_x - t.gap);
    return (Rect){x0, L.title.y, x1 > x0 ? x1 - x0 : 0, L.title.h};
}

/* Word-wraps text into r (lines narrower by reserve_w), drawing it when draw is set;
 * stops before the first line that does not fit. Returns how many bytes of text the
 * lines hold (strlen(text) if all of it fits, trailing blanks included) and their
 * number in *nlines. A word wider than the box is cut there. */
static size_t caption_text(const PanelCtx *p, Rect r, const char *text, size_t n, int draw,
                           int *nlines, double reserve_w)
{
    const char *end = text + n;
    int lines = 0;
    Canvas *c = p->c;
    const Style *st = p->st;
    int px = st->px_narration;
    double x0 = r.x + 2.0 * st->pad, maxw = r.w - 3.0 * st->pad - reserve_w;
    double lh = 1.25 * px, y = r.y + st->pad;
    const char *s = text;
    char line[512];
    while (s < end && *s && y + lh <= r.y + r.h - 0.5 * st->pad + 1) {
        while (s < end && *s == ' ') s++;
        if (s == end) break;
        if (*s == '\n') { /* blank line */
            s++;
            y += lh;
            lines++;
            continue;
        }
        /* take words while the line fits (an over-long word is cut) */
        int len = 0, best = 0;
        const char *q = s;
        while (q < end && *q && *q != '\n' && len < (int)sizeof line - 1) {
            while (q < end && *q && *q != ' ' && *q != '\n' && len < (int)sizeof line - 1)
                line[len++] = *q++;
            line[len] = 0;
            if (best > 0 && canvas_text_width(c, line, px, 0) > maxw) break;
            best = len;
            while (q < end && *q == ' ' && len < (int)sizeof line - 1) line[len++] = *q++;
        }
        if (best == 0) break;
        line[best] = 0;
        if (draw) canvas_text(c, line, x0, y, px, 0, TEXT_LEFT | TEXT_TOP, st->th->fg);
        s += best;
        if (s < end && *s == '\n') s++;
        y += lh;
        lines++;
    }
    while (s < end && (*s == ' ' || *s == '\n')) s++; /* only blanks left: all of it fit */
    if (nlines) *nlines = lines;
    return (size_t)(s - text);
}

/* Width kept free at the right of a paged narration for its "1 / 2" marker. */
static double page_mark_w(const PanelCtx *p)
{
    return canvas_text_width(p->c, "page 8 / 8 \u25B8", p->st->px_tick, 1) + p->st->pad;
}

/* Width kept free at the right of a narration on one page for the view's caption_mark. */
static double mark_w(const PanelCtx *p)
{
    const char *m = p->v->caption_mark;
    return m && m[0] ? canvas_text_width(p->c, m, p->st->px_tick, 1) + p->st->pad : 0;
}

/* Where a page of got bytes at t had better end: after its last paragraph, else after
 * its last sentence, when that keeps at least half of it; else where it is full. A
 * class reads a page as a whole: "Try this" waits for the next page in one piece
 * rather than starting on this one and stopping mid-sentence. */
static size_t page_break(const char *t, size_t got)
{
    for (size_t i = got; i > got / 2; i--)
        if (t[i - 1] == '\n') return i;
    for (size_t i = got; i > got / 2 && i >= 2; i--)
        if (t[i - 1] == ' ' && strchr(".?!", t[i - 2])) return i;
    return got;
}

/* Page starts of text in box r: pages[0] = 0, ...; returns how many (>= 1, at most
 * max). A page ends at a paragraph or a sentence (page_break) when nice and the pages
 * then hold all of it, else after its last whole line; the next starts at the next word. */
static int caption_pages_(const PanelCtx *p, Rect r, const char *text, size_t *pages, int max,
                          int nice)
{
    size_t len = strlen(text);
    pages[0] = 0;
    if (caption_text(p, r, text, len, 0, NULL, mark_w(p)) >= len) return 1;
    int n = 1;
    double mw = page_mark_w(p);
    size_t at = 0;
    for (;;) {
        size_t got = caption_text(p, r, text + at, len - at, 0, NULL, mw);
        if (got == 0) break; /* not even a word fits: give up paging */
        if (nice && at + got < len) got = page_break(text + at, got);
        at += got;
        if (at >= len) break;
        if (n == max) return nice ? caption_pages_(p, r, text, pages, max, 0) : n;
        pages[n++] = at;
    }
    return n;
}

static int caption_pages(const PanelCtx *p, Rect r, const char *text, size_t *pages, int max)
{
    return caption_pages_(p, r, text, pages, max, 1);
}

/* Narration: word-wrapped caption text; when it is longer than the box, the page the
 * view asks for with a "page k / n" marker (never a silent cut). */
static void caption_box(const PanelCtx *p, Rect r)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    canvas_fill_rect(c, r.x, r.y, r.w, r.h, st->th->caption_bg);
    double bw = fmax(1.0, floor(st->s + 0.5));
    canvas_fill_rect(c, r.x, r.y, fmax(3, 5 * st->s), r.h, st->th->accent);
    canvas_fill_rect(c, r.x, r.y, r.w, bw, st->th->border);
    canvas_fill_rect(c, r.x, r.y + r.h - bw, r.w, bw, st->th->border);
    canvas_clip(c, r);
    const char *text = p->v->caption;
    size_t pages[PLOT_MAX_PAGES];
    int n = caption_pages(p, r, text, pages, PLOT_MAX_PAGES);
    int k = p->v->caption_page < 0 ? 0 : p->v->caption_page >= n ? n - 1 : p->v->caption_page;
    size_t end = k + 1 < n ? pages[k + 1] : strlen(text);
    size_t shown = caption_text(p, r, text + pages[k], end - pages[k], 1, NULL,
                                n > 1 ? page_mark_w(p) : mark_w(p));
    if (n == 1 && mark_w(p) > 0)
        canvas_text(c, p->v->caption_mark, r.x + r.w - st->pad, r.y + r.h - 0.5 * st->pad, st->px_tick, 1,
                    TEXT_RIGHT | TEXT_BOTTOM, st->th->accent);
    if (n > 1) {
        char mark[48];
        snprintf(mark, sizeof mark, "page %d / %d%s", k + 1, n, k + 1 < n ? " \u25B8" : "");
        canvas_text(c, mark, r.x + r.w - st->pad, r.y + r.h - 0.5 * st->pad, st->px_tick, 1,
                    TEXT_RIGHT | TEXT_BOTTOM, st->th->accent);
    }
    canvas_clip_reset(c);
    PlotFacts *f = p->v->facts;
    if (f) {
        f->caption_len = strlen(text);
        f->caption_shown = pages[k] + shown;
        f->caption_page = k;
        f->caption_pages = n;
    }
}

/* The narration box of plot_dashboard for view on canvas c, with text as its caption. */
static Rect caption_rect(Canvas *c, const PlotView *view, const char *text, Style *st, PanelCtx *p,
                         PlotView *v)
{
    *v = *view;
    v->caption = text;
    style_init(st, c, v);
    PlotLayout L;
    plot_layout(c->w, c->h, v, NULL, 0, &L); /* the narration box: the same for any runs */
    *p = (PanelCtx){c, st, v, NULL, 0, 0, PANEL_NONE, 0};
    return L.caption;
}

int plot_caption_pages(Canvas *c, const PlotView *view, const char *text)
{
    if (!text || !*text) return 0;
    Style st;
    PanelCtx p;
    PlotView v;
    Rect r = caption_rect(c, view, text, &st, &p, &v);
    size_t pages[PLOT_MAX_PAGES];
    return caption_pages(&p, r, text, pages, PLOT_MAX_PAGES);
}

void plot_caption_size(Canvas *c, PlotView *view)
{
    if (!view->caption || !view->caption[0]) return;
    Style st;
    PanelCtx p;
    PlotView v;
    view->caption_lines = 12;
    Rect r = caption_rect(c, view, view->caption, &st, &p, &v);
    int need = 0;
    r.h = 1 << 28; /* as tall as the text needs */
    caption_text(&p, r, view->caption, strlen(view->caption), 0, &need, mark_w(&p));
    /* three lines at least; more, up to what the layout allows (a third of the height) */
    view->caption_lines = need < 3 ? 3 : need > 12 ? 12 : need;
}

void plot_dashboard(Canvas *c, Run *const *runs, int nruns, const PlotView *view)
{
    PlotView dv;
    if (!view) {
        plot_view_default(&dv);
        view = &dv;
    }
    Style st;
    style_init(&st, c, view);
    canvas_clip_reset(c);
    canvas_clear(c, st.th->bg);
    PlotLayout L;
    plot_layout(c->w, c->h, view, runs, nruns, &L);
    PanelCtx p = {c, &st, view, runs, nruns < PLOT_MAX_RUNS ? nruns : PLOT_MAX_RUNS, 0,
                  PANEL_NONE, 0};
    c->nareas = 0;
    c->nspots = 0;
    if (!runs || p.nruns < 0) p.nruns = 0;
    if (view->facts) {
        memset(view->facts, 0, sizeof *view->facts);
        view->facts->strip_run = -1;
        view->facts->attn_run = view->facts->attn_query = -1;
        view->facts->loss_log = -1;
        view->facts->npanels = L.n;
        for (int i = 0; i < L.n; i++) {
            view->facts->panel[i] = L.kind[i];
            view->facts->panel_rect[i] = L.panel[i];
        }
    }
    title_bar(&p, L.title);
    unsigned shown = 0;
    for (int i = 0; i < L.n; i++) shown |= 1u << L.kind[i];
    /* presenter mode: the panels beside the highlighted one at 0.8 of its text size,
     * still larger than normal mode's (a side loss panel at 1080p kept a plot of 95 px
     * under eight lines of keys); the sentence strip keeps it, its words are the lesson's */
    Style side = st;
    if (view->highlight > PANEL_NONE && st.ts > 1.2 * st.s) style_text_scale(&side, fmax(st.s, 0.8 * st.ts));
    for (int i = 0; i < L.n; i++) {
        int aside = L.kind[i] != (PanelKind)view->highlight && L.kind[i] != PANEL_SENTENCE;
        draw_panel(c, aside ? &side : &st, L.kind[i], runs, p.nruns, view, L.panel[i], shown);
    }
    if (L.caption.w > 0 && L.caption.h > 0) caption_box(&p, L.caption);
}
