/* place.h - private to src/plot: where a label goes on a plot. A label is a box; it
 * goes where it meets none of the plotted lines (in pixels, each widened by half its pen
 * and a gap) and no label placed before, inside the plot's data area. A panel collects
 * its lines (place_hist), asks for a place among candidate slots (place_find), and
 * where none is free puts the label outside the plot (its keys) instead: a label never
 * covers data. */
#ifndef RNNSCOPE_PLOT_PLACE_H
#define RNNSCOPE_PLOT_PLACE_H

#include "axes.h"
#include "run.h"

#define PLACE_MAX_LINES 48
#define PLACE_MAX_TAKEN 24

/* A plotted line on axes ax: a history field against the training step (h, get), or
 * ys[i] * yscale against i for i in [i0, i1) (h NULL). */
typedef struct PlaceLine {
    Axes ax;
    const History *h;
    double (*get)(const HistEntry *e);
    const double *ys;
    int i0, i1;
    double yscale;
} PlaceLine;

typedef struct Placer {
    Rect area;                          /* labels stay inside it */
    double grow;                        /* a line's half pen plus the air a label keeps */
    PlaceLine line[PLACE_MAX_LINES];
    int nlines;
    Rect taken[PLACE_MAX_TAKEN];        /* labels placed, and other boxes to keep clear of */
    int ntaken;
} Placer;

/* An empty placer for the data area of ax: lines of pen width pen, kept gap px clear. */
void place_init(Placer *pl, const Axes *ax, double pen, double gap);
/* Adds a line: field get of h against the step, on ax (its y axis; pass a copy with y
 * set to y2 for the right axis). Lines beyond PLACE_MAX_LINES are ignored (asserted). */
void place_hist(Placer *pl, const Axes *ax, const History *h, double (*get)(const HistEntry *e));
/* Adds a line: ys[i] * yscale against i, i in [i0, i1), on ax (a gradient over
 * timesteps). */
void place_series(Placer *pl, const Axes *ax, const double *ys, int i0, int i1, double yscale);
/* Adds a box to keep clear of (a label placed, a note, a rug of ticks). */
void place_take(Placer *pl, Rect r);
/* How many line segments the box (x, y, w, h) meets; INT_MAX if it leaves the area or
 * meets a box taken. */
int place_cost(const Placer *pl, double x, double y, double w, double h);
/* The first of the n candidate top-left corners (xy[2k], xy[2k+1]) where a w x h box
 * is free; else the free place nearest to the first candidate on a scan of the area in
 * steps of a quarter of the box (when scan is 1). Returns 1 with it in *x, *y, or 0. */
int place_find(const Placer *pl, const double *xy, int n, double w, double h, int scan, double *x,
               double *y);

/* draw_diverged (axes.h) with its label on pl: beside the mark where it covers no line
 * and no label, else the nearest free place with a leader; returns 0 if none is free
 * (the mark alone is drawn: the title bar's legend names the divergence). */
int draw_diverged_placed(Canvas *c, const Style *st, const Axes *ax, double x, double y,
                         uint32_t color, const Run *run, Placer *pl);

#endif
