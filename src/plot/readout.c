/* readout.c - the numbers a lesson step quotes (its `readout:` checks), drawn as a block
 * at the top of the highlighted panel: "run: what = value (at step k)", one per line,
 * each led by a short line in its run's colour; or, when they measure the same things on
 * several runs, a table with a row per quantity and a column per run. The values are the ones the step's
 * checks measured, so the class reads the very number the narration speaks of. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

/* The value as a readout writes it; a value that rounds to a whole number without being
 * one keeps the digits that tell them apart (0.99997, not "1"). */
static void value_text(const PlotReadout *ro, char *num, size_t n)
{
    /* (during a live play, where the curve is drawn: when the value will be there, not
     * only that it is not) */
    if ((ro->at <= 0 || isnan(ro->value)) && ro->due > 0)
        snprintf(num, n, "\u2026 (measured at step %ld)", ro->due);
    else if (ro->at <= 0 || isnan(ro->value)) snprintf(num, n, "\u2026 (not measured yet)");
    else if (ro->unit == PLOT_UNIT_PERCENT) snprintf(num, n, "%.1f%%", 100 * ro->value);
    else if (ro->unit == PLOT_UNIT_DEGREES) snprintf(num, n, "%.1f\u00b0", ro->value);
    else {
        int digits = 3;
        double v = ro->value;
        /* below 10, a value that rounds to a whole number at this many digits */
        while (digits < 7 && isfinite(v) && v != floor(v) && fabs(v) >= 0.5 && fabs(v) < 10 &&
               fabs(v - floor(v + 0.5)) < 0.5 * pow(10.0, 1 - digits))
            digits++;
        double off = v - floor(v + 0.5);
        if (digits == 7 && isfinite(v) && off != 0 && fabs(v) < 10 &&
            fabs(off) < 0.5 * pow(10.0, 1 - digits)) {
            /* still a whole number at 7 digits: that number and how far off it is, "1 −
             * 6·10⁻¹⁴", so the class does not read an attention weight of 0.99999999999994
             * as exactly 1 ("1.000000" read as a precision the value does not have) */
            char d[48];
            format_sci(d, sizeof d, fabs(off), 1);
            snprintf(num, n, "%.0f %s %s", v - off, off < 0 ? "\u2212" : "+", d);
        } else
            format_sci(num, n, v, digits);
    }
}

static const char *run_label(const PanelCtx *p, int i)
{
    return i >= 0 && i < p->nruns && p->runs[i] ? p->runs[i]->label : "";
}

/* " (at step k)" when the value was measured before the run's current step (" (reached at
 * step k)" for a "by" check decided then); a check
 * "by step N" still played toward: "so far" (full: " (so far, at step k; by step N)"). */
static void when_text(const PanelCtx *p, const PlotReadout *ro, const char *fmt, int full, char *buf,
                      size_t n)
{
    long now = ro->run >= 0 && ro->run < p->nruns && p->runs[ro->run] ? p->runs[ro->run]->step : -1;
    buf[0] = 0;
    if (ro->by > 0 && ro->at > 0) {
        if (full) snprintf(buf, n, "  (so far, at step %ld; by step %ld)", ro->at, ro->by);
        else snprintf(buf, n, " (so far)");
    } else if (ro->at > 0 && ro->at != now) {
        /* (a value at an earlier step than the header's: when it was measured, and for a
         * "by" check that it is when the check first held, not a stale value) */
        if (ro->reached) snprintf(buf, n, full ? "  (reached at step %ld)" : " (by step %ld)", ro->at);
        else snprintf(buf, n, fmt, ro->at);
    }
}

static void readout_text(const PanelCtx *p, const PlotReadout *ro, char *buf, size_t n)
{
    char num[64], when[80];
    value_text(ro, num, sizeof num);
    when_text(p, ro, "  (at step %ld)", 1, when, sizeof when);
    const char *who = run_label(p, ro->run);
    snprintf(buf, n, "%s%s%s = %s%s", who, who[0] ? ": " : "", ro->label, num, when);
}

/* Readouts that measure the same things on several runs, as a table: a row per
 * quantity, a column per run (headed by its name in its colour). Drawn (when draw is 1)
 * when it fits in r's width and saves rows; returns its height, or 0 (not a table, or
 * too wide); *width gets its width when it is a table. */
static int readout_table(const PanelCtx *p, Rect r, int n, int px, int draw, double *width)
{
    const PlotReadout *ro = p->v->readouts;
    Canvas *c = p->c;
    const Style *st = p->st;
    int lab[PLOT_MAX_READOUTS], run[PLOT_MAX_READOUTS], nl = 0, nr = 0;
    int row_of[PLOT_MAX_READOUTS], col_of[PLOT_MAX_READOUTS];
    for (int i = 0; i < n; i++) {
        if (ro[i].run < 0) return 0;
        int k = 0, j = 0;
        while (k < nl && strcmp(ro[lab[k]].label, ro[i].label)) k++;
        if (k == nl) lab[nl++] = i;
        while (j < nr && run[j] != ro[i].run) j++;
        if (j == nr) run[nr++] = ro[i].run;
        for (int q = 0; q < i; q++)
            if (row_of[q] == k && col_of[q] == j) return 0; /* two values in one cell */
        row_of[i] = k, col_of[i] = j;
    }
    if (n < 3 || nl + 1 >= n || nr < 2) return 0;
    /* the columns in the runs' order, as the run list and the legend have them (not the
     * order of the lesson's readout lines) */
    for (int a = 1; a < nr; a++)
        for (int b = a; b > 0 && run[b - 1] > run[b]; b--) {
            int t = run[b];
            run[b] = run[b - 1], run[b - 1] = t;
        }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < nr; j++)
            if (run[j] == ro[i].run) col_of[i] = j;
    PlotFacts *f = draw ? p->v->facts : NULL;
    if (f) {
        f->table_cols = nr;
        for (int j = 0; j < nr; j++) f->table_run[j] = run[j];
    }
    char cell[PLOT_MAX_READOUTS][112];
    double gap = 1.5 * st->pad, w0 = 0, wc[PLOT_MAX_READOUTS] = {0};
    for (int k = 0; k < nl; k++) w0 = fmax(w0, canvas_text_width(c, ro[lab[k]].label, px, 0));
    double sw = 1.6 * st->pad; /* the colour sample before a run's name */
    for (int j = 0; j < nr; j++) wc[j] = sw + canvas_text_width(c, run_label(p, run[j]), px, 1);
    for (int i = 0; i < n; i++) {
        char num[64], when[40];
        value_text(&ro[i], num, sizeof num);
        when_text(p, &ro[i], " (step %ld)", 0, when, sizeof when);
        snprintf(cell[i], sizeof cell[i], "%s%s", num, when);
        wc[col_of[i]] = fmax(wc[col_of[i]], canvas_text_width(c, cell[i], px, 0));
    }
    double total = 0.2 * st->pad + w0;
    for (int j = 0; j < nr; j++) total += gap + wc[j];
    if (width) *width = total;
    if (total > r.w) return 0;
    int fh = canvas_font_height(c, px, 0);
    double lh = 1.2 * fh, y = r.y + 0.1 * st->pad + lh / 2, x = r.x + 0.2 * st->pad + w0;
    for (int j = 0; j < nr && draw; j++) { /* the header: each run's name after its colour */
        x += gap;
        canvas_line(c, x, y, x + sw - 0.6 * st->pad, y, st->line_w * 1.3, panel_run_color(p, run[j]));
        if (panel_run_marks(p))
            canvas_marker(c, panel_run_marker(p, run[j]), x + (sw - 0.6 * st->pad) / 2, y, 0.8 * st->marker,
                          panel_run_color(p, run[j]), st->th->halo);
        canvas_text(c, run_label(p, run[j]), x + sw, y, px, 1, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
        x += wc[j];
    }
    for (int k = 0; k < nl && draw; k++) {
        double cy = y + (k + 1) * lh;
        canvas_text(c, ro[lab[k]].label, r.x + 0.2 * st->pad, cy, px, 0, TEXT_LEFT | TEXT_MIDDLE,
                    st->th->fg);
        x = r.x + 0.2 * st->pad + w0;
        for (int j = 0; j < nr; j++) {
            x += gap;
            for (int i = 0; i < n; i++)
                if (row_of[i] == k && col_of[i] == j)
                    canvas_text(c, cell[i], x, cy, px, 0, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
            x += wc[j];
        }
    }
    return (int)ceil(0.1 * st->pad + (nl + 1) * lh + 0.3 * st->pad);
}

/* The readouts in r (drawn when draw is 1): a table, two columns, or one column with a
 * line too long for r broken in two; returns the height used, and the width they
 * would take unbroken in *natural (when not NULL). */
static int readouts_do(const PanelCtx *p, Rect r, int draw, double *natural, int *over)
{
    const PlotView *v = p->v;
    if (natural) *natural = 0;
    if (over) *over = 0;
    if (!p->highlight || !v->readouts || v->nreadouts <= 0) return 0;
    Canvas *c = p->c;
    const Style *st = p->st;
    int n = v->nreadouts < PLOT_MAX_READOUTS ? v->nreadouts : PLOT_MAX_READOUTS;
    /* the label size; the tick size when there are many, to leave room for the data */
    int px = n >= 4 ? st->px_tick : st->px_label, fh = canvas_font_height(c, px, 0);
    double lh = 1.2 * fh, sw = 2.4 * st->pad, gap = 1.5 * st->pad;
    char text[PLOT_MAX_READOUTS][400];
    double widest = 0;
    for (int i = 0; i < n; i++) {
        readout_text(p, &v->readouts[i], text[i], sizeof text[i]);
        widest = fmax(widest, sw + canvas_text_width(c, text[i], px, 0));
    }
    /* the same quantities of several runs: a table, a row per quantity */
    PlotFacts *f = draw ? v->facts : NULL;
    if (f) f->nreadouts = 0, f->table_cols = 0;
    double tw = 0;
    int th = readout_table(p, r, n, px, draw, &tw);
    if (natural) *natural = tw > 0 ? tw : widest + 0.4 * st->pad;
    if (th > 0) {
        for (int i = 0; i < n && f && f->nreadouts < PLOT_MAX_READOUTS; i++) {
            snprintf(f->readout[f->nreadouts], sizeof f->readout[f->nreadouts], "%.199s", text[i]);
            f->readout_value[f->nreadouts++] = v->readouts[i].value;
        }
        return th;
    }
    /* two columns when they fit side by side: more room for the data below */
    int cols = n > 1 && 2 * widest + gap <= r.w - 0.4 * st->pad ? 2 : 1;
    double colw = cols == 2 ? (r.w - 0.4 * st->pad - gap) / 2 : r.w - 0.4 * st->pad;
    int line = 0; /* lines drawn in the first column */
    for (int i = 0; i < n; i++) {
        const PlotReadout *ro = &v->readouts[i];
        int col = i % cols, row = cols == 2 ? i / 2 : line;
        double x0 = r.x + 0.2 * st->pad + col * (colw + gap);
        double cy = r.y + 0.1 * st->pad + row * lh + lh / 2;
        /* wider than its column: broken at spaces onto a second and a third line
         * (the number never cut), then a smaller font if a part is still too wide */
        char head[3][320];
        const char *part[3] = {text[i], NULL, NULL};
        int np = 1;
        while (np < 3 && canvas_text_width(c, part[np - 1], px, 0) > colw - sw) {
            const char *tail = panel_text_head(c, part[np - 1], px, 0, colw - sw, head[np - 1],
                                               sizeof head[np - 1]);
            if (!tail) break;
            part[np - 1] = head[np - 1];
            part[np++] = tail;
        }
        if (ro->run >= 0 && draw)
            canvas_line(c, x0, cy, x0 + sw - 0.8 * st->pad, cy, st->line_w * 1.3,
                        panel_run_color(p, ro->run));
        if (ro->run >= 0 && draw && panel_run_marks(p))
            canvas_marker(c, panel_run_marker(p, ro->run), x0 + (sw - 0.8 * st->pad) / 2, cy,
                          0.8 * st->marker, panel_run_color(p, ro->run), st->th->halo);
        for (int k = 0; k < np; k++) {
            int tpx = px;
            while (tpx > 10 && tpx > st->px_tick - 2 && canvas_text_width(c, part[k], tpx, 0) > colw - sw)
                tpx--;
            if (over && canvas_text_width(c, part[k], tpx, 0) > colw - sw) (*over)++;
            if (draw)
                canvas_text(c, part[k], x0 + sw, cy + k * lh, tpx, 0, TEXT_LEFT | TEXT_MIDDLE,
                            st->th->fg);
        }
        if (cols == 1) line += np;
        if (f && f->nreadouts < PLOT_MAX_READOUTS) {
            snprintf(f->readout[f->nreadouts], sizeof f->readout[f->nreadouts], "%.199s", text[i]);
            f->readout_value[f->nreadouts++] = ro->value;
        }
    }
    int rows = cols == 2 ? (n + 1) / 2 : line;
    return (int)ceil(0.1 * st->pad + rows * lh + 0.3 * st->pad);
}

int panel_readouts(const PanelCtx *p, Rect r)
{
    return readouts_do(p, r, 1, NULL, NULL);
}

int panel_readouts_height(const PanelCtx *p, Rect r, double *natural, int *over)
{
    return readouts_do(p, r, 0, natural, over);
}

void panel_no_steps(const PanelCtx *p, Rect ct)
{
    int rh = panel_readouts(p, ct); /* with the plot, by panel_keys_plot, otherwise */
    ct.y += rh;
    ct.h -= rh;
    panel_message(p->c, p->st, ct, "no training steps recorded yet");
}
