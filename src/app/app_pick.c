/* app_pick.c - tooltip text for the mouse over the dashboard.
 *
 * The exact value under the cursor (which timestep, which training step) comes from
 * plot_pick(), which knows the axes each panel drew; where it finds nothing (a
 * panel without a data point under the pointer) the tooltip gives the exact numbers
 * of the hovered panel at the latest training step. */
#include <stdio.h>

#include "app_ui.h"

/* The hovered panel's numbers at the latest step: a heading, then what the panel's
 * PanelDef says of each visible run. */
static void describe(PlotLines *t, const AppCore *a, PanelKind kind)
{
    plot_lines_add(t, "%s at step %ld", plot_panel_name(kind), app_core_max_step(a));
    for (int i = 0; i < a->n; i++) {
        if (!a->view.visible[i]) continue;
        const Run *r = &a->run[i];
        if (r->step == 0) {
            plot_lines_add(t, "%s: not trained yet", r->label);
            continue;
        }
        plot_panel_describe(kind, t, a->rp, a->n, &a->view, i);
    }
}

int app_pick(Canvas *c, const AppCore *a, int x, int y, char *buf, size_t n)
{
    buf[0] = 0;
    if (n < 2 || a->n == 0) return 0;
    PlotPick pk;
    if (plot_pick(c, a->rp, a->n, &a->view, x, y, &pk)) {
        snprintf(buf, n, "%s", pk.text);
        return buf[0] != 0;
    }
    PlotLayout L;
    plot_layout(c->w, c->h, &a->view, a->rp, a->n, &L);
    for (int i = 0; i < L.n; i++) {
        Rect r = L.panel[i];
        if (x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h) {
            PlotLines t = {buf, n, 0, 0, 8};
            describe(&t, a, L.kind[i]);
            return t.count > 1;
        }
    }
    return 0;
}
