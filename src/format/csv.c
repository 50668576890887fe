/* csv.c - `--export FILE.png --csv FILE.csv`: the numbers the figure plots, one
 * row per plotted value, in the figure's own coordinates (x and y as on the panel's
 * axes, z the colour of a heatmap cell). Column meanings per panel: docs/export.md.
 * Which numbers: each panel's own CSV function (its PanelDef, src/plot), beside the
 * code that draws them; this file writes the rows. */
#include <math.h>
#include <stdio.h>

#include "export.h"
#include "plot.h"

const char export_csv_header[] = "panel,run,label,series,x,y,z,text\n";

static void num(AtomicFile *f, double v)
{
    if (isnan(v)) afile_write(f, ",", 1);
    else if (isinf(v)) afile_printf(f, ",%s", v > 0 ? "inf" : "-inf");
    else afile_printf(f, ",%.9g", v);
}

static void quoted(AtomicFile *f, const char *s)
{
    afile_write(f, ",\"", 2);
    for (; s && *s; s++) {
        if (*s == '"') afile_write(f, "\"\"", 2);
        else afile_write(f, s, 1);
    }
    afile_write(f, "\"", 1);
}

/* One row; run is 0-based (-1: not a run's, e.g. a reference line). */
typedef struct RowCtx {
    AtomicFile *f;
    Run *const *runs;
} RowCtx;

static void row(void *ctx, PanelKind panel, int run, const char *series, double x, double y,
                double z, const char *text)
{
    RowCtx *rc = ctx;
    AtomicFile *f = rc->f;
    afile_printf(f, "%s,", plot_panel_name(panel));
    if (run >= 0) afile_printf(f, "%d", run + 1);
    quoted(f, run >= 0 ? rc->runs[run]->label : "");
    afile_printf(f, ",%s", series);
    num(f, x);
    num(f, y);
    num(f, z);
    quoted(f, text);
    afile_write(f, "\n", 1);
}

void export_csv_write(AtomicFile *f, Run *const *runs, int nruns, const PlotView *v,
                      const PlotLayout *L)
{
    if (nruns > PLOT_MAX_RUNS) nruns = PLOT_MAX_RUNS;
    RowCtx rc = {f, runs};
    PlotRows out = {row, &rc};
    afile_printf(f, "%s", export_csv_header);
    for (int k = 0; k < L->n; k++)
        if (L->panel[k].w >= 8 && L->panel[k].h >= 8) plot_panel_csv(L->kind[k], &out, runs, nruns, v);
}
