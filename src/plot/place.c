/* place.c - a label's place on a plot, clear of the lines and of other labels. */
#include "place.h"

#include <assert.h>
#include <limits.h>
#include <math.h>

void place_init(Placer *pl, const Axes *ax, double pen, double gap)
{
    pl->area = ax->area;
    pl->grow = pl->grow_pt = pen / 2 + gap;
    pl->gap = gap;
    pl->nlines = pl->ntaken = pl->nmarks = pl->nrules = 0;
}

void place_mark(Placer *pl, double x, double y, double reach)
{
    if (pl->nmarks >= PLACE_MAX_MARKS || !isfinite(x) || !isfinite(y)) return;
    double *m = pl->mark[pl->nmarks++];
    m[0] = x, m[1] = y, m[2] = reach;
}

void place_rule(Placer *pl, double x0, double y0, double x1, double y1, double reach)
{
    if (pl->nrules >= PLACE_MAX_RULES || !isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1))
        return;
    double *r = pl->rule[pl->nrules++];
    r[0] = x0, r[1] = y0, r[2] = x1, r[3] = y1, r[4] = reach;
}

void place_points(Placer *pl, double reach, double gap)
{
    pl->grow_pt = fmax(pl->grow, reach + gap);
}

void place_hist(Placer *pl, const Axes *ax, const History *h, double (*get)(const HistEntry *e))
{
    assert(pl->nlines < PLACE_MAX_LINES);
    if (pl->nlines >= PLACE_MAX_LINES || !h || h->n <= 0) return;
    pl->line[pl->nlines++] = (PlaceLine){*ax, h, get, NULL, 0, h->n, 1.0};
}

void place_series(Placer *pl, const Axes *ax, const double *ys, int i0, int i1, double yscale)
{
    assert(pl->nlines < PLACE_MAX_LINES);
    if (pl->nlines >= PLACE_MAX_LINES || !ys || i1 <= i0) return;
    pl->line[pl->nlines++] = (PlaceLine){*ax, NULL, NULL, ys, i0, i1, yscale};
}

/* Point k of line ln in pixels (NaN where it is not drawn). */
static void line_point(const PlaceLine *ln, int k, double *x, double *y)
{
    if (ln->h) {
        *x = axis_pos(&ln->ax.x, (double)ln->h->e[k].step);
        *y = axis_pos(&ln->ax.y, ln->get(&ln->h->e[k]));
    } else {
        *x = axis_pos(&ln->ax.x, (double)k);
        *y = axis_pos(&ln->ax.y, ln->ys[k] * ln->yscale);
    }
}

void place_take(Placer *pl, Rect r)
{
    if (pl->ntaken < PLACE_MAX_TAKEN) pl->taken[pl->ntaken++] = r;
}

/* 1 if the segment (x0,y0)-(x1,y1) meets the box [bx0, bx1] x [by0, by1] (Liang-Barsky). */
static int seg_meets(double x0, double y0, double x1, double y1, double bx0, double by0, double bx1,
                     double by1)
{
    double lo = 0, hi = 1, dx = x1 - x0, dy = y1 - y0;
    double p[4] = {-dx, dx, -dy, dy}, q[4] = {x0 - bx0, bx1 - x0, y0 - by0, by1 - y0};
    for (int k = 0; k < 4; k++) {
        if (p[k] == 0) {
            if (q[k] < 0) return 0;
            continue;
        }
        double t = q[k] / p[k];
        if (p[k] < 0) lo = fmax(lo, t);
        else hi = fmin(hi, t);
        if (lo > hi) return 0;
    }
    return 1;
}

int place_taken_met(const Placer *pl, double x, double y, double w, double h)
{
    for (int k = 0; k < pl->ntaken; k++) {
        Rect t = pl->taken[k];
        if (x < t.x + t.w && t.x < x + w && y < t.y + t.h && t.y < y + h) return 1;
    }
    return 0;
}

int place_rules_met(const Placer *pl, double x, double y, double w, double h)
{
    int n = 0;
    for (int k = 0; k < pl->nrules; k++) { /* a rule's ink within the air of the box */
        const double *r = pl->rule[k];
        double g = r[4] + pl->gap;
        n += seg_meets(r[0], r[1], r[2], r[3], x - g, y - g, x + w + g, y + h + g);
    }
    return n;
}

int place_cost(const Placer *pl, double x, double y, double w, double h)
{
    Rect a = pl->area;
    if (x < a.x || y < a.y || x + w > a.x + a.w || y + h > a.y + a.h) return INT_MAX;
    if (place_taken_met(pl, x, y, w, h)) return INT_MAX;
    double g = pl->grow, bx0 = x - g, by0 = y - g, bx1 = x + w + g, by1 = y + h + g;
    int n = place_rules_met(pl, x, y, w, h);
    for (int k = 0; k < pl->nmarks; k++) { /* a marker's ink within the air of the box */
        const double *m = pl->mark[k];
        double dx = fmax(fmax(x - m[0], m[0] - (x + w)), 0), dy = fmax(fmax(y - m[1], m[1] - (y + h)), 0);
        n += hypot(dx, dy) < m[2] + pl->gap;
    }
    for (int l = 0; l < pl->nlines; l++) {
        const PlaceLine *ln = &pl->line[l];
        /* x increases along the line: start one point before the box's left edge */
        int lo = ln->i0, hi = ln->i1;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            double mx, my;
            line_point(ln, mid, &mx, &my);
            (void)my;
            if (mx < bx0 - (pl->grow_pt - g)) lo = mid + 1;
            else hi = mid;
        }
        double px = NAN, py = NAN;
        for (int k = lo > ln->i0 ? lo - 1 : ln->i0; k < ln->i1; k++) {
            double ex, ey;
            line_point(ln, k, &ex, &ey);
            if (isnan(ex) || isnan(ey)) {
                px = py = NAN;
                continue;
            }
            /* a lone point is drawn as a marker: a segment of its own, as wide as it */
            if (isnan(px)) {
                double nx = NAN, ny = NAN;
                if (k + 1 < ln->i1) line_point(ln, k + 1, &nx, &ny);
                if (isnan(nx) || isnan(ny)) {
                    double d = pl->grow_pt - g;
                    n += seg_meets(ex, ey, ex, ey, bx0 - d, by0 - d, bx1 + d, by1 + d);
                    if (ex > bx1 + d) break;
                    continue; /* (px stays NaN: the next point is not finite) */
                }
            }
            if (seg_meets(isnan(px) ? ex : px, isnan(py) ? ey : py, ex, ey, bx0, by0, bx1, by1)) n++;
            if (ex > bx1) break; /* past the box */
            px = ex, py = ey;
        }
    }
    return n;
}

/* 1 if the segments (ax, ay)-(bx, by) and (cx, cy)-(dx, dy) cross. */
static int segs_cross(double ax, double ay, double bx, double by, double cx, double cy, double dx, double dy)
{
    double d1 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax), d2 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax);
    double d3 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx), d4 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx);
    return ((d1 > 0) != (d2 > 0)) && ((d3 > 0) != (d4 > 0));
}

int place_seg_lines(const Placer *pl, double x0, double y0, double x1, double y1)
{
    double lo_x = fmin(x0, x1), hi_x = fmax(x0, x1);
    int n = 0;
    for (int l = 0; l < pl->nlines; l++) {
        const PlaceLine *ln = &pl->line[l];
        double px = NAN, py = NAN;
        for (int k = ln->i0; k < ln->i1; k++) {
            double ex, ey;
            line_point(ln, k, &ex, &ey);
            if (isnan(ex) || isnan(ey)) {
                px = py = NAN;
                continue;
            }
            if (!isnan(px) && fmax(px, ex) >= lo_x && fmin(px, ex) <= hi_x)
                n += segs_cross(x0, y0, x1, y1, px, py, ex, ey);
            if (ex > hi_x) break;
            px = ex, py = ey;
        }
    }
    return n;
}

int place_seg_taken(const Placer *pl, double x0, double y0, double x1, double y1)
{
    for (int k = 0; k < pl->ntaken; k++) {
        Rect t = pl->taken[k];
        if (x1 >= t.x && x1 <= t.x + t.w && y1 >= t.y && y1 <= t.y + t.h) continue; /* its anchor's */
        if (seg_meets(x0, y0, x1, y1, t.x, t.y, t.x + t.w, t.y + t.h)) return 1;
    }
    return 0;
}

int place_find(const Placer *pl, const double *xy, int n, double w, double h, int scan, double *x,
               double *y)
{
    return place_find_ok(pl, xy, n, w, h, scan, NULL, NULL, x, y);
}

int place_find_ok(const Placer *pl, const double *xy, int n, double w, double h, int scan,
                  PlaceOk ok, const void *ctx, double *x, double *y)
{
    for (int k = 0; k < n; k++)
        if (place_cost(pl, xy[2 * k], xy[2 * k + 1], w, h) == 0 && (!ok || ok(pl, xy[2 * k], xy[2 * k + 1], ctx))) {
            *x = xy[2 * k], *y = xy[2 * k + 1];
            return 1;
        }
    if (!scan || n <= 0) return 0;
    Rect a = pl->area;
    double sx = fmax(2.0, w / 4), sy = fmax(2.0, h / 4), best = INFINITY;
    double x0 = xy[0], y0 = xy[1];
    for (double ty = a.y + 1; ty + h <= a.y + a.h - 1; ty += sy)
        for (double tx = a.x + a.w - 1 - w; tx >= a.x + 1; tx -= sx) {
            double d = hypot(tx - x0, ty - y0);
            if (d >= best || place_cost(pl, tx, ty, w, h) != 0 || (ok && !ok(pl, tx, ty, ctx))) continue;
            best = d, *x = tx, *y = ty;
        }
    return isfinite(best);
}
