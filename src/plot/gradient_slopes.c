/* gradient_slopes.c - the slopes inset: sigma'(z) against tanh'(z), beside the plot or
 * in its emptiest corner. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dlist.h"
#include "gradient.h"

/* A wide panel keeps the slopes inset beside its plot, where it hides no data: takes
 * that room from the right of *ct and returns its width (0: the inset goes inside).
 * 20 tick sizes wide, or a quarter of the room, down to 9 (inside a 1590 px window's
 * plot, at 12, it lay on the tanh product for t = 0..12: a reviewer's walk; at a third
 * of the room, presenter mode's plot fell below the loss plot's). */
int grad_slopes_side(const PanelCtx *p, Rect *ct)
{
    int px = p->st->px_tick, side = 0;
    double w = fmin(20 * px, 0.25 * ct->w);
    if (p->v->slopes && w >= GRAD_SLOPES_MIN * px) {
        side = (int)w;
        ct->w -= side;
    }
    return side;
}

/* Where the slopes inset goes: beside the plot (side > 0, the room panel_gradient kept
 * for it), else the corner of the data area where it hides the fewest drawn points
 * (bottom right first: the products all end at 1 at t = T-1); 0 if it does not fit. */
static int slopes_box(const PanelCtx *p, const Axes *ax, GradMode mode, int side, int stride,
                      Rect *box)
{
    const Style *st = p->st;
    Rect a = ax->area;
    int px = st->px_tick, fh = canvas_font_height(p->c, px, 1);
    int w = (int)fmin(0.36 * a.w, 20 * px), h = (int)fmin(0.72 * a.h, 9 * fh);
    if (side > 0) {
        w = side - (int)st->pad;
        h = (int)fmin(a.h, 9 * fh);
        *box = (Rect){ax->content.x + ax->content.w + (int)st->pad, a.y, w, h};
        return 1;
    }
    if (w < 8 * px || h < 4 * fh) return 0;
    int m = (int)(0.4 * st->pad), xl = a.x + m, xr = a.x + a.w - w - m;
    int yt = a.y + m, yb = a.y + a.h - h - m, ym = a.y + (a.h - h) / 2;
    const int at[6][2] = {{xr, yb}, {xr, yt}, {xl, yt}, {xl, yb}, {xr, ym}, {xl, ym}};
    int best = -1;
    *box = (Rect){xr, yb, w, h};
    for (int k = 0; k < 6; k++) {
        Rect b = {at[k][0], at[k][1], w, h};
        int n = grad_hidden_points(p, ax, mode, b, stride, p->v->cursor);
        if (best < 0 || n < best) best = n, *box = b;
    }
    /* no corner free of data (lesson 2 step 1 in a narrow window: the corner with the
     * fewest markers lay on the tanh line for t = 0 .. 8): any place between them */
    double dx = fmax(1, (xr - xl) / 8.0), dy = fmax(1, (yb - yt) / 8.0);
    for (double y = yt; best > 0 && y <= yb + 0.5; y += dy)
        for (double x = xl; best > 0 && x <= xr + 0.5; x += dx) {
            Rect b = {(int)x, (int)y, w, h};
            int n = grad_hidden_points(p, ax, mode, b, stride, p->v->cursor);
            if (n < best) best = n, *box = b;
        }
    return 1;
}

/* The slopes inset: sigma'(z) and tanh'(z) for z in [-5, 5] against guides at 1/4 and 1,
 * in the colours of the visible sigmoid and tanh runs: "the sigmoid's slope is at most
 * 1/4, tanh's reaches 1". */
void grad_slopes_inset(const PanelCtx *p, const Axes *ax, GradMode mode, int side, int stride)
{
    Canvas *c = p->c;
    const Style *st = p->st;
    int px = st->px_tick, fh = canvas_font_height(c, px, 1);
    Rect box;
    if (!slopes_box(p, ax, mode, side, stride, &box)) return;
    PlotFacts *f = p->v->facts;
    if (f) f->slopes_box = box, f->slopes_at = c->list ? c->list->n : 0;
    canvas_fill_rect(c, box.x, box.y, box.w, box.h, style_alpha(st->th->panel, 240));
    double bw = fmax(1, floor(st->s + 0.5));
    canvas_fill_rect(c, box.x, box.y, box.w, bw, st->th->border);
    canvas_fill_rect(c, box.x, box.y + box.h - bw, box.w, bw, st->th->border);
    canvas_fill_rect(c, box.x, box.y, bw, box.h, st->th->border);
    canvas_fill_rect(c, box.x + box.w - bw, box.y, bw, box.h, st->th->border);
    /* plot area: below a caption line, right of the guide labels */
    const char *cap = "slopes, z = \u22125 \u2026 5";
    if (canvas_text_width(c, cap, px, 0) > box.w - 0.6 * st->pad) cap = "z = \u22125 \u2026 5"; /* narrow */
    double lab_w = canvas_text_width(c, "1/4", px, 0) + 0.6 * st->pad;
    double x0 = box.x + lab_w, x1 = box.x + box.w - 0.5 * st->pad;
    double y1 = box.y + 0.6 * st->pad + fh * 0.5, y0 = box.y + box.h - 1.2 * fh - 0.4 * st->pad;
    canvas_text(c, cap, box.x + box.w / 2.0, box.y + box.h - 0.2 * st->pad, px, 0,
                TEXT_CENTER | TEXT_BOTTOM, st->th->muted);
    double dd[4];
    int nd;
    style_dash(st, DASH_DOT, dd, &nd);
    static const double guides[2] = {1.0, 0.25};
    static const char *const glab[2] = {"1", "1/4"};
    for (int g = 0; g < 2; g++) {
        double gy = y0 + (y1 - y0) * guides[g];
        canvas_dashed_line(c, x0, gy, x1, gy, st->thin_w, dd, nd, st->th->muted);
        canvas_text(c, glab[g], x0 - 0.3 * st->pad, gy, px, 0, TEXT_RIGHT | TEXT_MIDDLE, st->th->fg);
    }
    canvas_line(c, x0, y0, x1, y0, st->thin_w, st->th->axis);
    uint32_t cs = st->th->muted, ctn = st->th->fg;
    for (int i = p->nruns - 1; i >= 0; i--) {
        if (!panel_run_visible(p, i) || p->runs[i]->cfg.cell != CELL_RNN) continue;
        if (p->runs[i]->cfg.activation == ACT_SIGMOID) cs = panel_run_color(p, i);
        if (p->runs[i]->cfg.activation == ACT_TANH) ctn = panel_run_color(p, i);
    }
    for (int curve = 0; curve < 2; curve++) {
        canvas_path_begin(c, st->line_w, NULL, 0);
        for (int k = 0; k <= 100; k++) {
            double z = -5 + 0.1 * k, y;
            if (curve == 0) {
                double sg = 1 / (1 + exp(-z));
                y = sg * (1 - sg);
            } else {
                double th = tanh(z);
                y = 1 - th * th;
            }
            canvas_path_line(c, x0 + (x1 - x0) * k / 100.0, y0 + (y1 - y0) * y);
        }
        canvas_path_end(c, curve ? ctn : cs);
    }
    /* the labels right of the peaks, inside the box, tanh's above sigma's: from z = 2,
     * where tanh' has fallen to 0.07, under sigma's label (from z = 1.2 its curve, at
     * 0.3, ran through the sigma label's left edge: lesson 2 step 1) */
    double from = 0.7;
    const char *lt = "tanh\u2032(z)", *ls = "\u03c3\u2032(z)";
    double lw = fmax(canvas_text_width(c, lt, px, 1), canvas_text_width(c, ls, px, 1));
    if (lw > (1 - from) * (x1 - x0)) { /* a narrow inset: right of the peaks only without "(z)" */
        lt = "tanh\u2032", ls = "\u03c3\u2032";
        lw = fmax(canvas_text_width(c, lt, px, 1), canvas_text_width(c, ls, px, 1));
    }
    double lx = fmin(x0 + from * (x1 - x0), box.x + box.w - lw - 0.3 * st->pad);
    double sy = y0 + (y1 - y0) * 0.25 - 0.2 * fh; /* sigma's bottom */
    double ty = fmin(y1 + 0.35 * (y0 - y1), sy - 1.5 * fh); /* tanh's middle */
    canvas_text(c, lt, lx, ty, px, 1, TEXT_LEFT | TEXT_MIDDLE, ctn);
    canvas_text(c, ls, lx, sy, px, 1, TEXT_LEFT | TEXT_BOTTOM, cs);
}
