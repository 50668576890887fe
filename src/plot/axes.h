/* axes.h - private to src/plot: panel frames, data ranges, linear/log10 axes, keys. */
#ifndef RNNSCOPE_PLOT_AXES_H
#define RNNSCOPE_PLOT_AXES_H

#include "canvas.h"
#include "style.h"

/* A data range being collected. For log axes only finite v > 0 count. */
typedef struct Range {
    double lo, hi;
    int n;
} Range;

void range_reset(Range *r);
void range_add(Range *r, double v, int log);

typedef struct Axis {
    double lo, hi; /* range; for log axes the exponents, i.e. log10 of the data */
    int log;
    double p0, p1; /* pixel of lo and of hi */
} Axis;

/* Pixel of data value v, or NaN if it cannot be drawn (non-finite, or <= 0 on log). */
double axis_pos(const Axis *a, double v);

typedef struct AxesSpec {
    const char *xlabel, *ylabel, *y2label; /* y2label != NULL adds a right axis */
    Range x, y, y2;      /* data ranges (see axes_range) */
    int xlog, ylog;
    int xint, yint;      /* ticks at integers only */
    int ypad;            /* linear y: leave 6% headroom above/below the data */
    int yzero;           /* linear y: include 0 */
    int ydecades;        /* log y: ends at whole decades, not widened to whole tick steps, so
                          * that they only move outwards as the data widens (a live play) */
    int nogrid;          /* no grid lines over the data (heatmaps) */
    double margin;       /* px kept between the frame and data at the ends of x and y (not
                          * y2), so that a marker there is drawn whole; 0: none */
    uint32_t y2color;    /* the right axis's line, ticks, numbers and title; 0: as the left */
    int y2mark;          /* 1 + the MarkerKind of the right axis's data, drawn at the end of
                          * its title (its legend); 0: none */
    int xbare;           /* no x tick numbers or title: a plot above another on its x axis */
    double y2band;       /* > 0: the right axis has a band of its own, this share of the
                          * data area's height at its foot, the left axis the band above,
                          * a gap between: two plots on one x axis whose lines never share
                          * a height; 0: both span the whole height */
    double yfoot;        /* > 0: px at the foot of the data area kept free of y's data, grid
                          * and ticks (a rug of marks under the lines); not with y2band */
} AxesSpec;

typedef struct Axes {
    Rect area;           /* the data rectangle */
    Rect content;        /* area plus tick and axis labels */
    Axis x, y, y2;
    int has_y2;
    int banded;          /* y and y2 in bands of their own (AxesSpec.y2band) */
    int xbare;           /* AxesSpec.xbare */
} Axes;

/* Lays out axes in content (tick labels and axis labels outside the data area). */
void axes_setup(Canvas *c, const Style *st, Rect content, const AxesSpec *spec, Axes *ax);
/* Grid, ticks, tick labels, axis labels and the frame. */
void axes_draw(Canvas *c, const Style *st, const Axes *ax, const AxesSpec *spec);
/* The pixel rows of axis a: its top and its length (a band of a banded plot). */
void axis_band(const Axis *a, double *top, double *len);
/* ax with its data area the left axis's band (a banded plot: the band above), else ax. */
Axes axes_upper_band(const Axes *ax);
/* ax as the right axis's band alone (area and y its own), or ax where not banded. */
Axes axes_lower_band(const Axes *ax);
/* Clip to the data area, widened by the line width so lines at the edge stay whole. */
void axes_clip(Canvas *c, const Style *st, const Axes *ax);

/* Panel background and title (short_title if title does not fit, may be NULL);
 * returns the rectangle below the title. */
Rect panel_begin(Canvas *c, const Style *st, Rect r, const char *title, const char *short_title,
                 int highlight);
/* The same with the first of nforms title forms that fits (the last if none does). */
Rect panel_begin_forms(Canvas *c, const Style *st, Rect r, const char *const *forms, int nforms,
                       int highlight);
/* A centred, muted message (e.g. "no LSTM/GRU run visible"). */
void panel_message(Canvas *c, const Style *st, Rect r, const char *msg);
/* One legend sample and its label with the sample's left end at x, vertically centred
 * on y. mark >= 0: that marker; KEY_LINE: a line (dashed if dash); KEY_TICK: a short
 * vertical tick; KEY_TEXT: no sample. Returns the width including the gap after it. */
enum { KEY_LINE = -1, KEY_TEXT = -2, KEY_TICK = -3 };
int panel_key(Canvas *c, const Style *st, double x, double y, uint32_t color, const double *dash,
              int ndash, int mark, const char *label);
int panel_key_width_mark(Canvas *c, const Style *st, const char *label, int mark);

/* "10" with a superscript exponent e; align as canvas_text (vertical is TEXT_MIDDLE).
 * Returns the width; draw = 0 only measures. */
int text_pow10(Canvas *c, int e, double x, double y, int px, int align, uint32_t color, int draw);
/* The same after a sign in the base's text ("≤10⁻¹⁶": one text, the sign and the 10). */
int text_pow10_sign(Canvas *c, const char *sign, int e, double x, double y, int px, int align, uint32_t color,
                    int draw);
/* A number for a label: %.*g-like but with a real minus sign and k/M for big values. */
void format_number(char *buf, int n, double v, int digits);
/* mantissa·10^ex with ex in superscript digits ("1.36", 3 -> "1.36·10³"; "1", -5 -> "10⁻⁵";
 * a leading '-' of the mantissa a real minus). */
void format_pow10(char *buf, size_t n, const char *mantissa, int ex);

/* Dash patterns scaled by st->s (on, off pixels). */
void style_dash(const Style *st, int which, double out[4], int *n);
enum { DASH_LONG, DASH_SHORT, DASH_DOT };

/* "diverged at step k: gradient norm = inf" marker at (x, y) with its text placed inside
 * the area (at its edge if (x, y) is outside). */
void draw_diverged(Canvas *c, const Style *st, const Axes *ax, double x, double y, uint32_t color,
                   const Run *run);

#endif
