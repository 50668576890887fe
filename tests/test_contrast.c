/* test_contrast.c - every run colour reads as a line on its background: a WCAG 2.1
 * contrast ratio of at least 3:1 (success criterion 1.4.11, non-text contrast) with
 * the panel the plots are drawn on and with the page around them, in both themes,
 * computed from the style table itself (src/plot/style.c). The reference is the WCAG
 * definition: relative luminance L = 0.2126 R + 0.7152 G + 0.0722 B of the linearised
 * sRGB channels, ratio (L1 + 0.05) / (L2 + 0.05); checked here against the ratios the
 * WCAG documents give for known pairs (black / white 21:1, #767676 on white 4.54:1). */
#include <math.h>
#include <stdio.h>

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

int main(void)
{
    CHECK(fabs(contrast(0xFF000000u, 0xFFFFFFFFu) - 21.0) < 1e-12, "black on white: %.4f",
          contrast(0xFF000000u, 0xFFFFFFFFu));
    CHECK(fabs(contrast(0xFF767676u, 0xFFFFFFFFu) - 4.54) < 0.005, "#767676 on white: %.4f",
          contrast(0xFF767676u, 0xFFFFFFFFu));
    static const char *const name[2] = {"light", "dark"};
    double worst = INFINITY;
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
        }
    }
    printf("lowest contrast of a run colour: %.2f:1 (must be >= 3)\n", worst);
    return tu_finish();
}
