/* text_metrics.c - the text metrics and ink of a canvas's text backend, one line per
 * (size, face, string): "px bold width ascent height ink". Built twice, with SDL_ttf
 * (text.c) and with stb_truetype (text_stb.c); test_text_stb.py compares the two.
 * ink = the sum of the coverage drawn, in pixels (a string's area of black). */
#include <stdio.h>

#include "canvas.h"

static const char *const texts[] = {
    "Gradient reaching each timestep", "\xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h(t)\xE2\x80\x96",
    "10^-30", "\xCF\x83max 1.14  \xCF\x81 0.549", "Jane was born in Kerala.", "WAVE Tj fi",
};

int main(void)
{
    Canvas c;
    Error err;
    if (canvas_init(&c, 1200, 200, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    static const int sizes[] = {11, 16, 24, 40};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int bold = 0; bold < 2; bold++)
            for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
                int px = sizes[k];
                canvas_clear(&c, 0xFFFFFFFFu);
                int w = canvas_text(&c, texts[i], 10, 10, px, bold, TEXT_LEFT | TEXT_TOP, 0xFF000000u);
                double ink = 0;
                for (long p = 0; p < (long)c.w * c.h; p++) ink += (255 - (c.px[p] & 255)) / 255.0;
                printf("%d %d %d %d %d %.1f %s\n", px, bold, w, canvas_font_ascent(&c, px, bold),
                       canvas_font_height(&c, px, bold), ink, texts[i]);
            }
    canvas_free(&c);
    return 0;
}
