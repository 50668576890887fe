/* panel_list.h - the panels, one row each, in the order the dashboard ranks them.
 *
 * A row is X(ID, name, wide, tall, keep, side, strip):
 *   ID, name  the constant PANEL_ID (plot.h); the name lessons (`panel:`), --panel, the
 *             CSV and the sidecar use;
 *   wide, tall  the panel's cell in the dashboard's two full grids (layout.c), counted
 *             left to right, top to bottom, -1 for none:
 *               wide (3 x 2):  0 1 2     tall (2 x 3):  0 1
 *                              3 4 5                    2 3
 *                                                       4 5
 *             A panel with no cell takes, when it has something to show, the cell of
 *             one that has nothing (layout.c, place_extra);
 *   keep      its rank (1 first) among the panels kept when the full grids leave a
 *             panel too small to read (a small window, presenter mode's larger text);
 *             the lesson's highlighted panel is kept right after the first, which also
 *             gives up its cell, the largest, to the highlighted panel;
 *   side      its rank (1 first) beside a highlighted panel on a wide canvas: the first
 *             four join it in a 2 x 2 (a panel that shows nothing for the visible runs
 *             after those that do, by keep rank), the first two or one in a column when those four
 *             would be too small (presenter mode keeps the loss: whether the network
 *             learns, what most steps say);
 *   strip     1: a full-width strip below the grid (keep and side 0, no cell).
 * Everything else a panel is (its drawing, what the pointer shows over it, its
 * plotted-data CSV, its one-line description, which runs it applies to) is one
 * PanelDef, `panel_<name>_def`, in the panel's own file (src/plot/panel_<name>.c,
 * panels.h). Adding a panel: write that file, add its row here.
 *
 * Header-only, so the lesson parser and the command line, which do not link the
 * drawing library, read the same names. */
#ifndef RNNSCOPE_PLOT_PANEL_LIST_H
#define RNNSCOPE_PLOT_PANEL_LIST_H

#include <stddef.h>
#include <string.h>

#define PLOT_PANELS(X)                                          \
    /* ID         name       wide tall keep side strip */         \
    X(GRADIENT,  gradient,    0,   0,   1,   2,   0)              \
    X(HEATMAP,   heatmap,     1,   1,   3,   3,   0)              \
    X(LOSS,      loss,        3,   2,   2,   1,   0)              \
    X(CLIPPING,  clipping,    4,   3,   4,   4,   0)              \
    X(SPECTRUM,  spectrum,    2,   4,   5,   6,   0)              \
    X(SENTENCE,  sentence,   -1,  -1,   0,   0,   1)              \
    X(GATES,     gates,       5,   5,   6,   5,   0)              \
    X(ATTENTION, attention,  -1,  -1,   7,   7,   0)

/* The panels: one constant per row, in the list's order. */
#define PLOT_PANEL_ENUM_(id, name, wide, tall, keep, side, strip) PANEL_##id,
typedef enum { PANEL_NONE = -1, PLOT_PANELS(PLOT_PANEL_ENUM_) PANEL_COUNT } PanelKind;
#undef PLOT_PANEL_ENUM_

/* The name of row k, NULL past the last row. */
static inline const char *plot_panel_list_name(int k)
{
#define PLOT_PANEL_NAME_(id, name, wide, tall, keep, side, strip) #name,
    static const char *const names[] = {PLOT_PANELS(PLOT_PANEL_NAME_) NULL};
#undef PLOT_PANEL_NAME_
    return k >= 0 && k < (int)(sizeof names / sizeof names[0]) ? names[k] : NULL;
}

/* What the layout reads of row k (panel_list.h's columns); past the last row: no cell,
 * rank 0, not a strip. */
typedef struct PlotPanelPlace {
    signed char cell[2]; /* [0] wide grid, [1] tall grid: 0..5, -1 for none */
    signed char keep, side, strip;
} PlotPanelPlace;

static inline PlotPanelPlace plot_panel_place(int k)
{
#define PLOT_PANEL_PLACE_(id, name, wide, tall, keep, side, strip) {{wide, tall}, keep, side, strip},
    static const PlotPanelPlace rows[] = {PLOT_PANELS(PLOT_PANEL_PLACE_)};
#undef PLOT_PANEL_PLACE_
    static const PlotPanelPlace none = {{-1, -1}, 0, 0, 0};
    return k >= 0 && k < (int)(sizeof rows / sizeof rows[0]) ? rows[k] : none;
}

/* The cell of row k in the wide (3 x 2) grid, or in the tall (2 x 3) one when tall is
 * 1: 0..5, left to right then top to bottom; -1 for none or past the last row. */
static inline int plot_panel_grid_cell(int k, int tall)
{
    return plot_panel_place(k).cell[tall ? 1 : 0];
}

/* The panel named by the n bytes at s: its row, or -1. */
static inline int plot_panel_find(const char *s, size_t n)
{
    const char *name;
    for (int i = 0; s && (name = plot_panel_list_name(i)); i++)
        if (strlen(name) == n && !memcmp(s, name, n)) return i;
    return -1;
}

/* The names joined by sep ("gradient, heatmap, ..."), cut to fit buf (n > 0). */
static inline const char *plot_panel_names_joined(char *buf, size_t n, const char *sep)
{
    size_t o = 0;
    const char *name;
    for (int i = 0; (name = plot_panel_list_name(i)); i++) {
        const char *parts[2] = {i ? sep : "", name};
        for (int k = 0; k < 2; k++)
            for (const char *c = parts[k]; *c && o + 1 < n; c++) buf[o++] = *c;
    }
    buf[o] = 0;
    return buf;
}

#endif
