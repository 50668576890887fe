/* test_contrast.c - every run colour reads, and the runs are told apart, by everyone.
 *
 * Contrast: a WCAG 2.1 contrast ratio of at least 3:1 as a line (success criterion
 * 1.4.11, non-text contrast) and of at least 4.5:1 as text (1.4.3: the readouts are
 * written in their run's colour) with the panel the plots are drawn on and with the
 * page around them, in both themes, computed from the style table itself
 * (src/plot/style.c). The reference is the WCAG definition: relative luminance
 * L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised sRGB channels, ratio
 * (L1 + 0.05) / (L2 + 0.05); checked against the ratios the WCAG documents give for
 * known pairs (black / white 21:1, #767676 on white 4.54:1).
 *
 * Colour-vision deficiencies: the runs of every step of every built-in lesson (all
 * shown, as a step opens) and the first six run colours, seen with protanopia,
 * deuteranopia and tritanopia as simulated by Machado et al. (2009) at severity 1.0,
 * and with normal vision, must differ pairwise by a CIEDE2000 colour difference of at
 * least CVD_MIN_DE = 10 in both themes (about five times a just-noticeable difference
 * for lines of this width; docs/accessibility threshold in README). CIEDE2000 is checked against
 * Sharma, Wu & Dalal's (2005) published test pairs. */
#include <math.h>
#include <stdio.h>

#include "lesson.h"
#include "lesson_run.h"
#include "plot.h"
#include "style.h"
#include "testutil.h"

static double channel(uint32_t c, int shift)
{
    double v = ((c >> shift) & 0xFF) / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(uint32_t c)
{
    return 0.2126 * channel(c, 16) + 0.7152 * channel(c, 8) + 0.0722 * channel(c, 0);
}

static double contrast(uint32_t a, uint32_t b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

/* ---- colour-vision deficiencies ---- */

/* Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation
 * of Color Vision Deficiency", IEEE TVCG 15(6):1291-1298, table of matrices at
 * severity 1.0 (dichromacy), applied to linear sRGB. */
static const double machado[3][3][3] = {
    {{0.152286, 1.052583, -0.204868}, /* protanopia */
     {0.114503, 0.786281, 0.099216},
     {-0.003882, -0.048116, 1.051998}},
    {{0.367322, 0.860646, -0.227968}, /* deuteranopia */
     {0.280085, 0.672501, 0.047413},
     {-0.011820, 0.042940, 0.968881}},
    {{1.255528, -0.076749, -0.178779}, /* tritanopia */
     {-0.078411, 0.930809, 0.147602},
     {0.004733, 0.691367, 0.303900}},
};
static const char *const cvd_name[3] = {"protanopia", "deuteranopia", "tritanopia"};

/* CIE L*a*b* (D65) of linear sRGB rgb[3] (IEC 61966-2-1 primaries). */
static void lab_of_linear(const double rgb[3], double lab[3])
{
    static const double m[3][3] = {{0.4124564, 0.3575761, 0.1804375},
                                   {0.2126729, 0.7151522, 0.0721750},
                                   {0.0193339, 0.1191920, 0.9503041}};
    static const double white[3] = {0.95047, 1.0, 1.08883};
    double f[3];
    for (int i = 0; i < 3; i++) {
        double v = (m[i][0] * rgb[0] + m[i][1] * rgb[1] + m[i][2] * rgb[2]) / white[i];
        f[i] = v > 216.0 / 24389 ? cbrt(v) : (24389.0 / 27 * v + 16) / 116;
    }
    lab[0] = 116 * f[1] - 16;
    lab[1] = 500 * (f[0] - f[1]);
    lab[2] = 200 * (f[1] - f[2]);
}

/* Lab of colour c as seen with deficiency d (-1: normal vision). */
static void lab_seen(uint32_t c, int d, double lab[3])
{
    double rgb[3] = {channel(c, 16), channel(c, 8), channel(c, 0)}, out[3];
    for (int i = 0; i < 3; i++) {
        out[i] = d < 0 ? rgb[i]
                       : machado[d][i][0] * rgb[0] + machado[d][i][1] * rgb[1] +
                             machado[d][i][2] * rgb[2];
        out[i] = fmin(1, fmax(0, out[i])); /* (as displayed) */
    }
    lab_of_linear(out, lab);
}

/* CIEDE2000 colour difference (kL = kC = kH = 1), as written out by Sharma, Wu & Dalal
 * (2005), "The CIEDE2000 color-difference formula: implementation notes, supplementary
 * test data, and mathematical observations", Color Res. Appl. 30(1):21-30. */
static double ciede2000(const double *l1, const double *l2)
{
    const double pi = 3.14159265358979323846, deg = pi / 180;
    double c1 = hypot(l1[1], l1[2]), c2 = hypot(l2[1], l2[2]), cb = (c1 + c2) / 2;
    double g = 0.5 * (1 - sqrt(pow(cb, 7) / (pow(cb, 7) + pow(25, 7))));
    double a1 = (1 + g) * l1[1], a2 = (1 + g) * l2[1];
    double cp1 = hypot(a1, l1[2]), cp2 = hypot(a2, l2[2]);
    double h1 = (a1 == 0 && l1[2] == 0) ? 0 : atan2(l1[2], a1);
    double h2 = (a2 == 0 && l2[2] == 0) ? 0 : atan2(l2[2], a2);
    if (h1 < 0) h1 += 2 * pi;
    if (h2 < 0) h2 += 2 * pi;
    double dl = l2[0] - l1[0], dc = cp2 - cp1, dh = 0;
    if (cp1 * cp2 != 0) {
        dh = h2 - h1;
        if (dh > pi) dh -= 2 * pi;
        else if (dh < -pi) dh += 2 * pi;
    }
    double dH = 2 * sqrt(cp1 * cp2) * sin(dh / 2);
    double lb = (l1[0] + l2[0]) / 2, cpb = (cp1 + cp2) / 2, hb = h1 + h2;
    if (cp1 * cp2 != 0) {
        if (fabs(h1 - h2) <= pi) hb = (h1 + h2) / 2;
        else hb = h1 + h2 < 2 * pi ? (h1 + h2 + 2 * pi) / 2 : (h1 + h2 - 2 * pi) / 2;
    }
    double t = 1 - 0.17 * cos(hb - 30 * deg) + 0.24 * cos(2 * hb) + 0.32 * cos(3 * hb + 6 * deg) -
               0.20 * cos(4 * hb - 63 * deg);
    double dtheta = 30 * deg * exp(-pow((hb / deg - 275) / 25, 2));
    double rc = 2 * sqrt(pow(cpb, 7) / (pow(cpb, 7) + pow(25, 7)));
    double sl = 1 + 0.015 * pow(lb - 50, 2) / sqrt(20 + pow(lb - 50, 2));
    double sc = 1 + 0.045 * cpb, sh = 1 + 0.015 * cpb * t;
    double rt = -sin(2 * dtheta) * rc;
    return sqrt(pow(dl / sl, 2) + pow(dc / sc, 2) + pow(dH / sh, 2) + rt * (dc / sc) * (dH / sh));
}

#define CVD_MIN_DE 10.0
/* With normal vision two runs shown together differ by more: two hues, not two shades of one. */
#define NORMAL_MIN_DE 20.0

/* Smallest CIEDE2000 difference between runs 0..n-1 of theme th seen with deficiency d
 * (-1: none), and the pair. */
/* The closest pair of the run colours in the set of slots (bit i: slot i) under
 * deficiency d (-1: normal vision); the pair's slots in *pi, *pj. */
static double worst_pair(const Theme *th, unsigned set, int d, int *pi, int *pj)
{
    double w = INFINITY;
    for (int i = 0; i < PLOT_MAX_RUNS; i++)
        for (int j = i + 1; j < PLOT_MAX_RUNS; j++) {
            if (!(set >> i & set >> j & 1u)) continue;
            double a[3], b[3];
            lab_seen(th->run[i], d, a);
            lab_seen(th->run[j], d, b);
            double de = ciede2000(a, b);
            if (de < w) w = de, *pi = i, *pj = j;
        }
    return w;
}

int main(void)
{
    /* Sharma, Wu & Dalal (2005), table 1: pairs 1, 7, 13, 17 and 25 */
    static const double ref[5][7] = {
        {50.0000, 2.6772, -79.7751, 50.0000, 0.0000, -82.7485, 2.0425},
        {50.0000, 0.0000, 0.0000, 50.0000, -1.0000, 2.0000, 2.3669},
        {50.0000, 2.4900, -0.0010, 50.0000, -2.4900, 0.0009, 7.1792},
        {50.0000, 2.5000, 0.0000, 73.0000, 25.0000, -18.0000, 27.1492},
        {60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644},
    };
    double worst_ref = 0;
    for (int i = 0; i < 5; i++)
        worst_ref = fmax(worst_ref, fabs(ciede2000(ref[i], ref[i] + 3) - ref[i][6]));
    printf("CIEDE2000 against Sharma et al.'s pairs: worst difference %.2g (tolerance 1e-4)\n",
           worst_ref);
    CHECK(worst_ref < 1e-4, "CIEDE2000 off by %g", worst_ref);

    CHECK(fabs(contrast(0xFF000000u, 0xFFFFFFFFu) - 21.0) < 1e-12, "black on white: %.4f",
          contrast(0xFF000000u, 0xFFFFFFFFu));
    CHECK(fabs(contrast(0xFF767676u, 0xFFFFFFFFu) - 4.54) < 0.005, "#767676 on white: %.4f",
          contrast(0xFF767676u, 0xFFFFFFFFu));
    static const char *const name[2] = {"light", "dark"};
    double worst = INFINITY, worst_text = INFINITY;
    for (int t = 0; t < 2; t++) {
        const Theme *th = style_theme(t ? PLOT_THEME_DARK : PLOT_THEME_LIGHT);
        for (int i = 0; i < PLOT_MAX_RUNS; i++) {
            double on_panel = contrast(th->run[i], th->panel), on_page = contrast(th->run[i], th->bg);
            printf("  %-5s run %d #%06X: %.2f:1 on the panel #%06X, %.2f:1 on the page #%06X\n",
                   name[t], i + 1, (unsigned)(th->run[i] & 0xFFFFFFu), on_panel,
                   (unsigned)(th->panel & 0xFFFFFFu), on_page, (unsigned)(th->bg & 0xFFFFFFu));
            CHECK(on_panel >= 3.0 && on_page >= 3.0, "%s theme, run %d: %.2f:1 / %.2f:1 (need 3:1)",
                  name[t], i + 1, on_panel, on_page);
            worst = fmin(worst, fmin(on_panel, on_page));
            if (i < 6) { /* a readout's text is in its run's colour (runs 1-6) */
                CHECK(on_panel >= 4.5 && on_page >= 4.5, "%s theme, run %d as text: %.2f:1 / "
                      "%.2f:1 (need 4.5:1)", name[t], i + 1, on_panel, on_page);
                worst_text = fmin(worst_text, fmin(on_panel, on_page));
            }
        }
    }
    printf("lowest contrast of a run colour: %.2f:1 (must be >= 3); of runs 1-6 as text %.2f:1 "
           "(must be >= 4.5)\n", worst, worst_text);

    /* the factor colour (the gradient panel's right axis, lesson 5 step 2): its line and
     * the edges of its markers as a line (3:1), its numbers and title as text (4.5:1) */
    for (int t = 0; t < 2; t++) {
        const Theme *th = style_theme(t ? PLOT_THEME_DARK : PLOT_THEME_LIGHT);
        double on_panel = contrast(th->factor, th->panel), on_page = contrast(th->factor, th->bg);
        printf("  %-5s factor #%06X: %.2f:1 on the panel, %.2f:1 on the page (text: need 4.5:1)\n",
               name[t], (unsigned)(th->factor & 0xFFFFFFu), on_panel, on_page);
        CHECK(on_panel >= 4.5 && on_page >= 4.5, "%s theme, factor colour as text: %.2f:1 / %.2f:1 "
              "(need 4.5:1)", name[t], on_panel, on_page);
        /* and it is no run's colour: told apart from runs 1-6 by CVD_MIN_DE with normal
         * vision and with each deficiency (light theme before: 3.1 and 6.4 from run 6's
         * blue under protanopia and deuteranopia, 2.3 and 3.7 on dark) */
        for (int d = -1; d < 3; d++) {
            double near = INFINITY;
            int nr = 0;
            for (int i = 0; i < 6; i++) {
                double a[3], b[3];
                lab_seen(th->factor, d, a);
                lab_seen(th->run[i], d, b);
                double de = ciede2000(a, b);
                if (de < near) near = de, nr = i;
            }
            printf("  %-5s factor, %-12s nearest run colour: run %d, CIEDE2000 %.1f (need %g)\n",
                   name[t], d < 0 ? "normal" : cvd_name[d], nr + 1, near, CVD_MIN_DE);
            CHECK(near >= CVD_MIN_DE, "%s theme, %s: the factor colour is %.1f from run %d", name[t],
                  d < 0 ? "normal vision" : cvd_name[d], near, nr + 1);
        }
    }

    /* the sets of runs shown together: each lesson step's, and six runs of free play */
    unsigned sets[64];
    int nsets = 0;
    Error err;
    for (int li = 0; li < lesson_builtin_count(); li++) {
        Lesson l;
        if (lesson_builtin(li, &l, &err)) {
            CHECK(0, "lesson %d: %s", li + 1, err.msg);
            continue;
        }
        /* (each step's runs in the colours the lesson gives them: lesson_step_view) */
        for (int k = 0; k < l.n_steps && nsets < 63; k++) {
            PlotView v;
            plot_view_default(&v);
            lesson_step_view(&l, &l.steps[k], &v);
            unsigned set = 0;
            for (int i = 0; i < l.steps[k].n_runs; i++) set |= 1u << plot_run_slot(&v, i);
            sets[nsets++] = set;
        }
        lesson_free(&l);
    }
    sets[nsets++] = 0x3Fu; /* six runs of free play */
    int most = 0;
    for (int i = 0; i < nsets; i++) most = __builtin_popcount(sets[i]) > most ? __builtin_popcount(sets[i]) : most;
    printf("%d sets of runs shown together, up to %d runs (each in its lesson's colours)\n", nsets, most);
    double worst_de = INFINITY;
    for (int t = 0; t < 2; t++) {
        const Theme *th = style_theme(t ? PLOT_THEME_DARK : PLOT_THEME_LIGHT);
        for (int d = -1; d < 3; d++) {
            double w = INFINITY;
            int wi = 0, wj = 0, wn = 0;
            for (int s = 0; s < nsets; s++) {
                int i = 0, j = 0;
                double de = worst_pair(th, sets[s], d, &i, &j);
                if (de < w) w = de, wi = i, wj = j, wn = __builtin_popcount(sets[s]);
            }
            printf("  %-5s %-12s closest pair: run colours %d and %d (of %d), CIEDE2000 %.1f (need %g)\n",
                   name[t], d < 0 ? "normal" : cvd_name[d], wi + 1, wj + 1, wn, w, CVD_MIN_DE);
            CHECK(w >= CVD_MIN_DE, "%s theme, %s: runs %d and %d differ by only %.1f", name[t],
                  d < 0 ? "normal vision" : cvd_name[d], wi + 1, wj + 1, w);
            /* with normal vision, runs of one hue name are not enough: lesson 9's sigmoid
             * and GRU were two blues, 17.5 apart */
            if (d < 0)
                CHECK(w >= NORMAL_MIN_DE, "%s theme: runs %d and %d differ by %.1f with normal "
                      "vision (need %g)", name[t], wi + 1, wj + 1, w, NORMAL_MIN_DE);
            worst_de = fmin(worst_de, w);
        }
    }
    printf("smallest CIEDE2000 between two runs shown together: %.1f (must be >= %g)\n", worst_de,
           CVD_MIN_DE);

    /* runs that share a marker shape (seven shapes, eight runs) are told apart by colour
     * alone: twice CVD_MIN_DE in both themes, with normal vision and each deficiency
     * (runs 2 and 6 shared the square, orange and dark red, 19.1 apart with
     * tritanopia: lesson 9's tanh and GRU, a reviewer's walk; 4 and 8 the triangle, 19.3) */
    double worst_shared = INFINITY;
    for (int t = 0; t < 2; t++) {
        const Theme *th = style_theme(t ? PLOT_THEME_DARK : PLOT_THEME_LIGHT);
        for (int i = 0; i < PLOT_MAX_RUNS; i++)
            for (int j = i + 1; j < PLOT_MAX_RUNS; j++) {
                if (plot_run_marker(i) != plot_run_marker(j)) continue;
                for (int d = -1; d < 3; d++) {
                    double a[3], b[3];
                    lab_seen(th->run[i], d, a);
                    lab_seen(th->run[j], d, b);
                    double de = ciede2000(a, b);
                    worst_shared = fmin(worst_shared, de);
                    CHECK(de >= 2 * CVD_MIN_DE, "%s theme, %s: runs %d and %d share a marker and differ "
                          "by %.1f", name[t], d < 0 ? "normal vision" : cvd_name[d], i + 1, j + 1, de);
                }
            }
    }
    printf("runs sharing a marker shape: smallest CIEDE2000 %.1f (must be >= %g)\n", worst_shared,
           2 * CVD_MIN_DE);
    return tu_finish();
}
