/* panel_list.h - the panels, one row each, in the order the dashboard ranks them.
 *
 * A row is X(ID, name, wide, tall): the constant PANEL_ID (plot.h); the name lessons
 * (`panel:`), --panel, the CSV and the sidecar use; and the panel's cell in the
 * dashboard's two full grids (layout.c), counted left to right, top to bottom, -1 for
 * none:
 *   wide (3 x 2):  0 1 2     tall (2 x 3):  0 1
 *                  3 4 5                    2 3
 *                                           4 5
 * A panel with no cell takes, when it has something to show, the cell of one that has
 * nothing (layout.c, place_extra); strips go below the grid. Everything else a panel is
 * (its drawing, what the pointer shows over it, its plotted-data CSV, its one-line
 * description, which runs it applies to, whether it is a strip) is one PanelDef,
 * `panel_<name>_def`, in the panel's own file (src/plot/panel_<name>.c, panels.h).
 * Adding a panel: write that file, add its row here.
 *
 * Header-only, so the lesson parser and the command line, which do not link the
 * drawing library, read the same names. */
#ifndef RNNSCOPE_PLOT_PANEL_LIST_H
#define RNNSCOPE_PLOT_PANEL_LIST_H

#include <stddef.h>
#include <string.h>

#define PLOT_PANELS(X)                  \
    /* ID         name       wide tall */ \
    X(GRADIENT,  gradient,    0,   0)     \
    X(HEATMAP,   heatmap,     1,   1)     \
    X(LOSS,      loss,        3,   2)     \
    X(CLIPPING,  clipping,    4,   3)     \
    X(SPECTRUM,  spectrum,    2,   4)     \
    X(SENTENCE,  sentence,   -1,  -1)     \
    X(GATES,     gates,       5,   5)     \
    X(ATTENTION, attention,  -1,  -1)

/* The panels: one constant per row, in the list's order. */
#define PLOT_PANEL_ENUM_(id, name, wide, tall) PANEL_##id,
typedef enum { PANEL_NONE = -1, PLOT_PANELS(PLOT_PANEL_ENUM_) PANEL_COUNT } PanelKind;
#undef PLOT_PANEL_ENUM_

/* The name of row k, NULL past the last row. */
static inline const char *plot_panel_list_name(int k)
{
#define PLOT_PANEL_NAME_(id, name, wide, tall) #name,
    static const char *const names[] = {PLOT_PANELS(PLOT_PANEL_NAME_) NULL};
#undef PLOT_PANEL_NAME_
    return k >= 0 && k < (int)(sizeof names / sizeof names[0]) ? names[k] : NULL;
}

/* The cell of row k in the wide (3 x 2) grid, or in the tall (2 x 3) one when tall is
 * 1: 0..5, left to right then top to bottom; -1 for none or past the last row. */
static inline int plot_panel_grid_cell(int k, int tall)
{
#define PLOT_PANEL_CELL_(id, name, wide, tall) {wide, tall},
    static const signed char cells[][2] = {PLOT_PANELS(PLOT_PANEL_CELL_)};
#undef PLOT_PANEL_CELL_
    return k >= 0 && k < (int)(sizeof cells / sizeof cells[0]) ? cells[k][tall ? 1 : 0] : -1;
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
