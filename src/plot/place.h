/* place.h - private to src/plot: where a label goes on a plot. A label is a box; it
 * goes where it meets none of the plotted lines (in pixels, each widened by half its pen
 * and a gap), none of the reference lines across the plot (the cue's, the cursor's, a
 * bound's: rules) and no label placed before, inside the plot's data area. A panel collects
 * its lines (place_hist), asks for a place among candidate slots (place_find), and
 * where none is free puts the label outside the plot (its keys) instead: a label never
 * covers data. */
#ifndef RNNSCOPE_PLOT_PLACE_H
#define RNNSCOPE_PLOT_PLACE_H

#include "axes.h"
#include "run.h"

#define PLACE_MAX_LINES 48
#define PLACE_MAX_TAKEN 24
#define PLACE_MAX_MARKS 512
#define PLACE_MAX_RULES 16

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
    double grow_pt;                     /* a lone point's (a marker's) reach plus that air */
    PlaceLine line[PLACE_MAX_LINES];
    int nlines;
    Rect taken[PLACE_MAX_TAKEN];        /* labels placed, and other boxes to keep clear of */
    int ntaken;
    double gap;                         /* the air a label keeps */
    double mark[PLACE_MAX_MARKS][3];    /* markers: centre x, y and the reach of their ink */
    int nmarks;
    double rule[PLACE_MAX_RULES][5];    /* reference lines: x0, y0, x1, y1 and their ink's reach */
    int nrules;
} Placer;

/* An empty placer for the data area of ax: lines of pen width pen, kept gap px clear. */
void place_init(Placer *pl, const Axes *ax, double pen, double gap);
/* A lone point of a line (one finite value between gaps: drawn as a marker) reaches
 * reach px from its centre (0.8 of a marker's size); place_init leaves it a line's. */
void place_points(Placer *pl, double reach, double gap);
/* Adds a line: field get of h against the step, on ax (its y axis; pass a copy with y
 * set to y2 for the right axis). Lines beyond PLACE_MAX_LINES are ignored (asserted). */
void place_hist(Placer *pl, const Axes *ax, const History *h, double (*get)(const HistEntry *e));
/* Adds a line: ys[i] * yscale against i, i in [i0, i1), on ax (a gradient over
 * timesteps). */
void place_series(Placer *pl, const Axes *ax, const double *ys, int i0, int i1, double yscale);
/* Adds a marker to keep clear of: its centre and how far its ink reaches from it
 * (markers beyond PLACE_MAX_MARKS are ignored). */
void place_mark(Placer *pl, double x, double y, double reach);
/* Adds a reference line to keep clear of: the straight segment (x0, y0)-(x1, y1) whose
 * ink reaches reach px from it (half its pen), a cue's, a cursor's or a bound's line
 * across the plot (rules beyond PLACE_MAX_RULES are ignored). */
void place_rule(Placer *pl, double x0, double y0, double x1, double y1, double reach);
/* How many of pl's rules the box (x, y, w, h) comes within the gap of. */
int place_rules_met(const Placer *pl, double x, double y, double w, double h);
/* 1 if the box (x, y, w, h) meets a box taken in pl. */
int place_taken_met(const Placer *pl, double x, double y, double w, double h);
/* Adds a box to keep clear of (a label placed, a note, a rug of ticks). */
void place_take(Placer *pl, Rect r);
/* How many line segments, markers and rules the box (x, y, w, h) meets; INT_MAX if it
 * leaves the area or meets a box taken. */
int place_cost(const Placer *pl, double x, double y, double w, double h);
/* The first of the n candidate top-left corners (xy[2k], xy[2k+1]) where a w x h box
 * is free; else the free place nearest to the first candidate on a scan of the area in
 * steps of a quarter of the box (when scan is 1). Returns 1 with it in *x, *y, or 0. */
int place_find(const Placer *pl, const double *xy, int n, double w, double h, int scan, double *x,
               double *y);
/* place_find, where a place must also pass ok(pl, x, y, ctx) (a label whose leader to its
 * mark must cross no other label, say); ok NULL: any. */
typedef int (*PlaceOk)(const Placer *pl, double x, double y, const void *ctx);
int place_find_ok(const Placer *pl, const double *xy, int n, double w, double h, int scan,
                  PlaceOk ok, const void *ctx, double *x, double *y);
/* 1 if the segment (x0, y0)-(x1, y1) meets a box taken in pl other than one holding its
 * end (x1, y1): a leader to a mark that crosses another label. */
int place_seg_taken(const Placer *pl, double x0, double y0, double x1, double y1);
/* How many segments of pl's lines the segment (x0, y0)-(x1, y1) crosses (a leader
 * across the data). */
int place_seg_lines(const Placer *pl, double x0, double y0, double x1, double y1);

/* draw_diverged (axes.h) with its label on pl: beside the mark where it covers no line
 * and no label (returns 1), else the nearest free place with a leader (returns 2);
 * returns 0 if none is free: the mark alone is drawn, and the caller names the
 * divergence in its keys (place_diverged_key). */
int draw_diverged_placed(Canvas *c, const Style *st, const Axes *ax, double x, double y,
                         uint32_t color, const Run *run, Placer *pl);
/* The same trial, nothing drawn: the label's place taken in pl; returns as above. A
 * panel tries its labels on the plot its keys leave, keys those that find no place
 * (and tries again on the shorter plot), then draws: every label is drawn somewhere. */
int place_diverged(Canvas *c, const Style *st, const Axes *ax, double x, double y, const Run *run,
                   Placer *pl);
/* The mark of draw_diverged alone (at the plot's edge if (x, y) is off it), for a run
 * whose label is a key; nothing where (x, y) is not finite. */
void draw_diverged_mark(Canvas *c, const Style *st, const Axes *ax, double x, double y,
                        uint32_t color, const Run *run);
/* The key of a diverged run whose label found no place: "run: diverged at step k (why)". */
void diverged_key_text(char *buf, size_t n, const Run *run);

#endif
