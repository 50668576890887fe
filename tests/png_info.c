/* png_info.c - what tests/test_export_cli.sh needs to know about a PNG, decoded with
 * stb_image (independent of the encoder that wrote it):
 *
 *   png_info FILE [FG BG]
 *   -> "W H DISTINCT TOP COLOUR" : size, number of distinct RGB colours, the fraction
 *      of pixels that have the most common colour (1.0 = a blank image) and that
 *      colour (RRGGBB);
 *      with FG and BG (RRGGBB): then "BLEND", the number of pixels that are a
 *      strict mix of the two, c = a*FG + (1-a)*BG with 0.15 <= a <= 0.85 on every
 *      channel within 3 levels: anti-aliased edges of FG drawn on BG.
 * Exit status 1 if the file cannot be decoded. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stb_image_private.h"

static int cmp_u32(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

/* 1 if pixel p is a*fg + (1-a)*bg for one a in [0.15, 0.85] (within 3 levels). */
static int is_blend(const unsigned char *p, unsigned fg, unsigned bg)
{
    double a = -1;
    for (int ch = 0; ch < 3; ch++) { /* a from the channel where fg and bg differ most */
        int f = (int)(fg >> (16 - 8 * ch)) & 255, b = (int)(bg >> (16 - 8 * ch)) & 255;
        if (abs(f - b) > 60) {
            a = (double)(p[ch] - b) / (double)(f - b);
            break;
        }
    }
    if (a < 0.15 || a > 0.85) return 0;
    for (int ch = 0; ch < 3; ch++) {
        int f = (int)(fg >> (16 - 8 * ch)) & 255, b = (int)(bg >> (16 - 8 * ch)) & 255;
        double want = a * f + (1 - a) * b;
        if (p[ch] < want - 3 || p[ch] > want + 3) return 0;
    }
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: png_info FILE [FG BG]\n");
        return 2;
    }
    int w, h, n;
    unsigned char *px = stbi_load(argv[1], &w, &h, &n, 3);
    if (!px) {
        fprintf(stderr, "png_info: %s: %s\n", argv[1], stbi_failure_reason());
        return 1;
    }
    size_t np = (size_t)w * (size_t)h;
    unsigned *c = malloc(np * sizeof *c);
    if (!c) return 1;
    for (size_t i = 0; i < np; i++)
        c[i] = (unsigned)px[3 * i] << 16 | (unsigned)px[3 * i + 1] << 8 | px[3 * i + 2];
    qsort(c, np, sizeof *c, cmp_u32);
    size_t distinct = 0, run = 0, top = 0;
    unsigned top_colour = 0;
    for (size_t i = 0; i < np; i++) {
        if (i == 0 || c[i] != c[i - 1]) {
            distinct++;
            run = 0;
        }
        if (++run > top) top = run, top_colour = c[i];
    }
    printf("%d %d %zu %.4f %06X", w, h, distinct, (double)top / (double)np, top_colour);
    if (argc == 4) {
        unsigned fg = (unsigned)strtoul(argv[2], NULL, 16), bg = (unsigned)strtoul(argv[3], NULL, 16);
        size_t blend = 0;
        for (size_t i = 0; i < np; i++) blend += (size_t)is_blend(px + 3 * i, fg, bg);
        printf(" %zu", blend);
    }
    printf("\n");
    free(c);
    stbi_image_free(px);
    return 0;
}
