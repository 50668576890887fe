/* pick.c - from a pointer position back to data: the exact values under the mouse,
 * using the data areas the panels registered in the canvas when they were drawn; the
 * panel's own pick function (its PanelDef) writes the lines. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "panels.h"

int plot_pick(const Canvas *c, Run *const *runs, int nruns, const PlotView *view, int x, int y,
              PlotPick *pk)
{
    memset(pk, 0, sizeof *pk);
    pk->kind = PANEL_NONE;
    PlotView dv;
    if (!view) {
        plot_view_default(&dv);
        view = &dv;
    }
    if (!runs) nruns = 0;
    PlotLines l = {pk->text, sizeof pk->text, 0, 0, 9};
    PanelPickAt at = {runs, nruns, view, 0, 0, 0, -1};
    for (int i = 0; i < c->nspots; i++) {
        const CanvasSpot *sp = &c->spots[i];
        Rect r = sp->r;
        if (x < r.x || x >= r.x + r.w || y < r.y || y >= r.y + r.h) continue;
        pk->kind = (PanelKind)sp->tag;
        pk->x = sp->index;
        const PanelDef *d = panel_def(pk->kind);
        at.index = sp->index;
        if (d && d->pick_spot) d->pick_spot(&l, &at);
        return l.count > 0;
    }
    for (int i = 0; i < c->nareas; i++) {
        const CanvasArea *a = &c->areas[i];
        Rect r = a->area;
        if (x < r.x || x >= r.x + r.w || y < r.y || y >= r.y + r.h || r.w < 1 || r.h < 1) continue;
        double fx = (x + 0.5 - r.x) / r.w, fy = (r.y + r.h - (y + 0.5)) / r.h;
        pk->kind = (PanelKind)a->tag;
        pk->x = a->x_lo + fx * (a->x_hi - a->x_lo);
        pk->y = a->y_lo + fy * (a->y_hi - a->y_lo);
        if (a->ylog) pk->y = pow(10.0, pk->y);
        const PanelDef *d = panel_def(pk->kind);
        at.x = pk->x, at.y = pk->y, at.x_per_px = (a->x_hi - a->x_lo) / r.w;
        if (d && d->pick) d->pick(&l, &at);
        return l.count > 0;
    }
    return 0;
}
