/* panel_table.c - the table of panels: one PanelDef per row of panel_list.h, and what
 * the rest of the program asks of a panel (its name, description, CSV, description of
 * the latest numbers) read from it. Nothing outside this file and the panels' own files
 * names a panel's functions. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

#define PLOT_PANEL_ROW_(id, name, wide, tall, keep, side, strip) [PANEL_##id] = &panel_##name##_def,
static const PanelDef *const panel_defs[PANEL_COUNT] = {PLOT_PANELS(PLOT_PANEL_ROW_)};
#undef PLOT_PANEL_ROW_

const PanelDef *panel_def(PanelKind k)
{
    return k >= 0 && k < PANEL_COUNT ? panel_defs[k] : NULL;
}

PanelKind plot_panel_from_name(const char *name)
{
    return name ? (PanelKind)plot_panel_find(name, strlen(name)) : PANEL_NONE;
}

const char *plot_panel_name(PanelKind k)
{
    return k >= 0 && k < PANEL_COUNT ? plot_panel_list_name(k) : "?";
}

const char *plot_panel_help(PanelKind k)
{
    const PanelDef *d = panel_def(k);
    return d && d->help ? d->help : "";
}

int plot_panel_is_strip(PanelKind k)
{
    return plot_panel_place(k).strip;
}

int plot_panel_applies(PanelKind k, const PlotView *view, Run *const *runs, int nruns)
{
    const PanelDef *d = panel_def(k);
    if (!d) return 0;
    for (int i = 0; runs && i < nruns && i < PLOT_MAX_RUNS; i++)
        if (runs[i] && (!view || view->visible[i]) && (!d->applies || d->applies(runs[i])))
            return 1;
    return 0;
}

void plot_panel_describe(PanelKind k, PlotLines *l, Run *const *runs, int nruns,
                         const PlotView *view, int i)
{
    const PanelDef *d = panel_def(k);
    if (d && d->describe && runs && i >= 0 && i < nruns) d->describe(l, runs, nruns, view, i);
}

void plot_panel_csv(PanelKind k, const PlotRows *out, Run *const *runs, int nruns,
                    const PlotView *view)
{
    const PanelDef *d = panel_def(k);
    if (d && d->csv && runs) d->csv(out, runs, nruns < PLOT_MAX_RUNS ? nruns : PLOT_MAX_RUNS, view);
}

void plot_lines_add(PlotLines *l, const char *fmt, ...)
{
    if (l->count >= l->max || l->o + 2 >= l->n) return;
    if (l->count) l->buf[l->o++] = '\n';
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(l->buf + l->o, l->n - l->o, fmt, ap);
    va_end(ap);
    if (w > 0) l->o += (size_t)w < l->n - l->o ? (size_t)w : l->n - l->o - 1;
    l->buf[l->o] = 0;
    l->count++;
}

int panel_visible(const PlotView *v, Run *const *runs, int nruns, int i)
{
    return i >= 0 && i < nruns && i < PLOT_MAX_RUNS && runs[i] && v->visible[i];
}

int panel_hist_nearest(const History *h, double s)
{
    int best = -1;
    double bd = INFINITY;
    for (int i = 0; i < h->n; i++) {
        double d = fabs(h->e[i].step - s);
        if (d < bd) bd = d, best = i;
    }
    return best;
}

void panel_pick_hist(PlotLines *l, const PanelPickAt *at,
                     void (*line)(PlotLines *l, const Run *r, const HistEntry *e))
{
    int first = 1;
    for (int i = 0; i < at->nruns; i++) {
        if (!panel_visible(at->v, at->runs, at->nruns, i)) continue;
        const Run *r = at->runs[i];
        int k = panel_hist_nearest(&r->hist, at->x);
        if (k < 0) continue;
        if (first) plot_lines_add(l, "step %ld", r->hist.e[k].step);
        first = 0;
        line(l, r, &r->hist.e[k]);
    }
}

const char *panel_pick_num(char *b, double v)
{
    format_number(b, 32, v, 4);
    return b;
}

const char *panel_tip_num(char *b, size_t n, double v)
{
    if (isnan(v)) snprintf(b, n, "NaN");
    else if (isinf(v)) snprintf(b, n, v > 0 ? "inf" : "\xE2\x88\x92inf");
    else snprintf(b, n, "%.4g", v);
    return b;
}
