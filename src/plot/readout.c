/* readout.c - the numbers a lesson step quotes (its `readout:` checks), drawn as a block
 * at the top of the highlighted panel: "run: what = value (at step k)", one per line,
 * each led by a short line in its run's colour. The values are the ones the step's
 * checks measured, so the class reads the very number the narration speaks of. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

static void readout_text(const PanelCtx *p, const PlotReadout *ro, char *buf, size_t n)
{
    char num[64];
    if (ro->at <= 0 || isnan(ro->value)) snprintf(num, sizeof num, "\u2026 (not measured yet)");
    else if (ro->unit == PLOT_UNIT_PERCENT) snprintf(num, sizeof num, "%.1f%%", 100 * ro->value);
    else if (ro->unit == PLOT_UNIT_DEGREES) snprintf(num, sizeof num, "%.1f\u00b0", ro->value);
    else format_sci(num, sizeof num, ro->value, 3);
    const char *who = ro->run >= 0 && ro->run < p->nruns && p->runs[ro->run] ? p->runs[ro->run]->label
                                                                             : "";
    long now = ro->run >= 0 && ro->run < p->nruns && p->runs[ro->run] ? p->runs[ro->run]->step : -1;
    char when[48] = "";
    if (ro->at > 0 && ro->at != now) snprintf(when, sizeof when, "  (at step %ld)", ro->at);
    snprintf(buf, n, "%s%s%s = %s%s", who, who[0] ? ": " : "", ro->label, num, when);
}

int panel_readouts(const PanelCtx *p, Rect r)
{
    const PlotView *v = p->v;
    if (!p->highlight || !v->readouts || v->nreadouts <= 0) return 0;
    Canvas *c = p->c;
    const Style *st = p->st;
    int n = v->nreadouts < PLOT_MAX_READOUTS ? v->nreadouts : PLOT_MAX_READOUTS;
    /* the label size; the tick size when there are many, to leave room for the data */
    int px = n >= 4 ? st->px_tick : st->px_label, fh = canvas_font_height(c, px, 0);
    double lh = 1.2 * fh, sw = 2.4 * st->pad, gap = 1.5 * st->pad;
    char text[PLOT_MAX_READOUTS][320];
    double widest = 0;
    for (int i = 0; i < n; i++) {
        readout_text(p, &v->readouts[i], text[i], sizeof text[i]);
        widest = fmax(widest, sw + canvas_text_width(c, text[i], px, 0));
    }
    /* two columns when they fit side by side: more room for the data below */
    int cols = n > 1 && 2 * widest + gap <= r.w - 0.4 * st->pad ? 2 : 1;
    double colw = cols == 2 ? (r.w - 0.4 * st->pad - gap) / 2 : r.w - 0.4 * st->pad;
    PlotFacts *f = v->facts;
    if (f) f->nreadouts = 0;
    int line = 0; /* lines drawn in the first column */
    for (int i = 0; i < n; i++) {
        const PlotReadout *ro = &v->readouts[i];
        int col = i % cols, row = cols == 2 ? i / 2 : line;
        double x0 = r.x + 0.2 * st->pad + col * (colw + gap);
        double cy = r.y + 0.1 * st->pad + row * lh + lh / 2;
        /* wider than its column: broken at a space onto a second line (the number
         * never cut), then a smaller font if a part is still too wide */
        char head[320];
        const char *tail = NULL;
        if (canvas_text_width(c, text[i], px, 0) > colw - sw)
            tail = panel_text_head(c, text[i], px, 0, colw - sw, head, sizeof head);
        const char *part[2] = {tail ? head : text[i], tail};
        if (ro->run >= 0) canvas_line(c, x0, cy, x0 + sw - 0.8 * st->pad, cy, st->line_w * 1.3,
                                      panel_run_color(p, ro->run));
        for (int k = 0; k < 2 && part[k]; k++) {
            int tpx = px;
            while (tpx > 10 && tpx > st->px_tick - 2 && canvas_text_width(c, part[k], tpx, 0) > colw - sw)
                tpx--;
            canvas_text(c, part[k], x0 + sw, cy + k * lh, tpx, 0, TEXT_LEFT | TEXT_MIDDLE, st->th->fg);
        }
        if (cols == 1) line += tail ? 2 : 1;
        if (f && f->nreadouts < PLOT_MAX_READOUTS) {
            snprintf(f->readout[f->nreadouts], sizeof f->readout[f->nreadouts], "%.199s", text[i]);
            f->readout_value[f->nreadouts++] = ro->value;
        }
    }
    int rows = cols == 2 ? (n + 1) / 2 : line;
    return (int)ceil(0.1 * st->pad + rows * lh + 0.3 * st->pad);
}
