/* panel_list.h - the panels, one row each, in the order the dashboard ranks them.
 *
 * A row is X(ID, name): the constant PANEL_ID (plot.h) and the name lessons (`panel:`),
 * --panel, the CSV and the sidecar use. Everything else a panel is (its drawing, what
 * the pointer shows over it, its plotted-data CSV, its one-line description, which runs
 * it applies to) is one PanelDef, `panel_<name>_def`, in the panel's own file
 * (src/plot/panel_<name>.c, panels.h). Adding a panel: write that file, add its row here.
 *
 * Header-only, so the lesson parser and the command line, which do not link the
 * drawing library, read the same names. */
#ifndef RNNSCOPE_PLOT_PANEL_LIST_H
#define RNNSCOPE_PLOT_PANEL_LIST_H

#include <stddef.h>
#include <string.h>

#define PLOT_PANELS(X)                                                                        \
    X(GRADIENT, gradient)                                                                     \
    X(HEATMAP, heatmap)                                                                       \
    X(LOSS, loss)                                                                             \
    X(CLIPPING, clipping)                                                                     \
    X(SPECTRUM, spectrum)                                                                     \
    X(SENTENCE, sentence)                                                                     \
    X(GATES, gates)                                                                           \
    X(ATTENTION, attention)

/* The panels: one constant per row, in the list's order. */
#define PLOT_PANEL_ENUM_(id, name) PANEL_##id,
typedef enum { PANEL_NONE = -1, PLOT_PANELS(PLOT_PANEL_ENUM_) PANEL_COUNT } PanelKind;
#undef PLOT_PANEL_ENUM_

/* The name of row k, NULL past the last row. */
static inline const char *plot_panel_list_name(int k)
{
#define PLOT_PANEL_NAME_(id, name) #name,
    static const char *const names[] = {PLOT_PANELS(PLOT_PANEL_NAME_) NULL};
#undef PLOT_PANEL_NAME_
    return k >= 0 && k < (int)(sizeof names / sizeof names[0]) ? names[k] : NULL;
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
