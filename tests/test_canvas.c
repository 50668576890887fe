/* test_canvas.c - the canvas's anti-aliased drawing against independent references:
 * exact area coverage (closed form for axis-aligned edges, 32x32 supersampling for
 * diagonals and circles), closed-form areas, dash lengths, text boxes, clipping,
 * determinism and bad input. Black is drawn on white, so a pixel's coverage is
 * (255 - red) / 255. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"

#include "testutil.h"

#define PI 3.14159265358979323846
#define BLACK 0xFF000000u
#define WHITE 0xFFFFFFFFu

static double cov_at(const Canvas *c, int x, int y)
{
    return (255 - ((c->px[(size_t)y * c->w + x] >> 16) & 255)) / 255.0;
}

/* Distance from (px, py) to segment a-b. */
static double seg_dist(double px, double py, double ax, double ay, double bx, double by)
{
    double dx = bx - ax, dy = by - ay, l2 = dx * dx + dy * dy;
    double t = l2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    return hypot(px - ax - t * dx, py - ay - t * dy);
}

/* Fraction of pixel (i, j) inside the capsule of half-width r, by 32x32 samples. */
static double capsule_area(int i, int j, double ax, double ay, double bx, double by, double r)
{
    int in = 0;
    for (int sy = 0; sy < 32; sy++)
        for (int sx = 0; sx < 32; sx++)
            in += seg_dist(i + (sx + 0.5) / 32, j + (sy + 0.5) / 32, ax, ay, bx, by) <= r;
    return in / 1024.0;
}

static double ring_area(int i, int j, double cx, double cy, double rad, double r)
{
    int in = 0;
    for (int sy = 0; sy < 32; sy++)
        for (int sx = 0; sx < 32; sx++) {
            double d = hypot(i + (sx + 0.5) / 32 - cx, j + (sy + 0.5) / 32 - cy);
            in += r < 0 ? d <= rad : fabs(d - rad) <= r;
        }
    return in / 1024.0;
}

/* A w x h canvas in c: 1, or a failed check and 0. */
static int open_canvas(Canvas *c, int w, int h)
{
    Error err;
    int ok = canvas_init(c, w, h, &err) == 0;
    CHECK(ok, "canvas %dx%d: %s", w, h, err.msg);
    return ok;
}

/* Two w x h canvases in a and b (both or neither): 1, or a failed check and 0. */
static int open_canvases(Canvas *a, Canvas *b, int w, int h)
{
    if (!open_canvas(a, w, h)) return 0;
    if (open_canvas(b, w, h)) return 1;
    canvas_free(a);
    return 0;
}

static void test_horizontal_line(void)
{
    Canvas c;
    if (!open_canvas(&c, 200, 100)) return;
    canvas_clear(&c, WHITE);
    /* width 3 centred on y = 50.3: exact coverage of row j is the overlap of
     * [j, j+1] with [48.8, 51.8] (closed form); caps excluded by testing x in 40..160 */
    canvas_line(&c, 20, 50.3, 180, 50.3, 3.0, BLACK);
    double worst = 0;
    for (int j = 40; j < 60; j++) {
        double lo = fmax(j, 48.8), hi = fmin(j + 1, 51.8), want = hi > lo ? hi - lo : 0;
        for (int i = 40; i < 160; i++) worst = fmax(worst, fabs(cov_at(&c, i, j) - want));
    }
    printf("horizontal line, width 3: worst |coverage - exact area| = %.4f (tolerance 0.004)\n",
           worst);
    CHECK(worst <= 0.004, "horizontal line coverage off by %.4f", worst);
    /* nothing far from the line */
    long stray = 0;
    for (int j = 0; j < 100; j++)
        for (int i = 0; i < 200; i++)
            if ((j < 46 || j > 54 || i < 16 || i > 184) && cov_at(&c, i, j) > 0) stray++;
    CHECK(stray == 0, "%ld pixels drawn away from the line", stray);
    canvas_free(&c);
}

static void test_diagonal_line(void)
{
    Canvas c;
    if (!open_canvas(&c, 160, 160)) return;
    double ax = 20.2, ay = 30.7, bx = 140.6, by = 121.1, w = 2.5;
    canvas_clear(&c, WHITE);
    canvas_line(&c, ax, ay, bx, by, w, BLACK);
    double worst = 0, sum = 0, sum_ref = 0;
    int partial = 0;
    for (int j = 0; j < 160; j++)
        for (int i = 0; i < 160; i++) {
            double got = cov_at(&c, i, j), ref = capsule_area(i, j, ax, ay, bx, by, w / 2);
            worst = fmax(worst, fabs(got - ref));
            sum += got;
            sum_ref += ref;
            if (got > 0.05 && got < 0.95) partial++;
        }
    double len = hypot(bx - ax, by - ay), area = len * w + PI * w * w / 4;
    printf("diagonal line, width 2.5: worst |coverage - supersampled area| = %.4f (tolerance "
           "0.10); ink %.1f, supersampled %.1f, closed form %.1f; %d partial pixels\n",
           worst, sum, sum_ref, area, partial);
    CHECK(worst <= 0.10, "diagonal coverage off by %.4f", worst);
    CHECK(fabs(sum - area) / area < 0.01, "ink %.2f vs capsule area %.2f", sum, area);
    CHECK(partial > 100, "only %d anti-aliased pixels along a diagonal", partial);
    canvas_free(&c);
}

static void test_circles_and_rects(void)
{
    Canvas c;
    if (!open_canvas(&c, 120, 120)) return;
    /* filled disc: total ink = pi r^2, pixels match supersampling */
    canvas_clear(&c, WHITE);
    double cx = 60.3, cy = 59.6, r = 37.2;
    canvas_disc(&c, cx, cy, r, BLACK);
    double sum = 0, worst = 0;
    for (int j = 0; j < 120; j++)
        for (int i = 0; i < 120; i++) {
            double got = cov_at(&c, i, j);
            sum += got;
            worst = fmax(worst, fabs(got - ring_area(i, j, cx, cy, r, -1)));
        }
    printf("disc r=37.2: ink %.2f vs pi r^2 = %.2f; worst pixel vs supersampled %.4f "
           "(tolerances 0.2%%, 0.06)\n", sum, PI * r * r, worst);
    CHECK(fabs(sum - PI * r * r) / (PI * r * r) < 0.002, "disc ink %.2f", sum);
    CHECK(worst <= 0.06, "disc edge off by %.4f", worst);
    /* ring of width 2: ink = 2 pi R w */
    canvas_clear(&c, WHITE);
    canvas_circle(&c, cx, cy, 30.0, 2.0, BLACK);
    sum = worst = 0;
    for (int j = 0; j < 120; j++)
        for (int i = 0; i < 120; i++) {
            double got = cov_at(&c, i, j);
            sum += got;
            worst = fmax(worst, fabs(got - ring_area(i, j, cx, cy, 30.0, 1.0)));
        }
    printf("ring R=30 w=2: ink %.2f vs 2 pi R w = %.2f; worst pixel vs supersampled %.4f "
           "(tolerances 0.5%%, 0.10)\n", sum, 2 * PI * 30 * 2, worst);
    CHECK(fabs(sum - 2 * PI * 60) / (2 * PI * 60) < 0.005, "ring ink %.2f", sum);
    CHECK(worst <= 0.10, "ring off by %.4f", worst);
    /* rectangle with fractional edges: ink = its area exactly (up to 8-bit rounding) */
    canvas_clear(&c, WHITE);
    canvas_fill_rect(&c, 10.25, 20.5, 30.5, 12.75, BLACK);
    sum = 0;
    for (int j = 0; j < 120; j++)
        for (int i = 0; i < 120; i++) sum += cov_at(&c, i, j);
    printf("rect 30.5 x 12.75: ink %.3f vs area %.3f\n", sum, 30.5 * 12.75);
    CHECK(fabs(sum - 30.5 * 12.75) < 0.3, "rect ink %.3f", sum);
    /* convex polygon (triangle): ink = area */
    canvas_clear(&c, WHITE);
    double xs[3] = {15.5, 100.2, 40.7}, ys[3] = {10.1, 30.4, 95.9};
    canvas_fill_convex(&c, xs, ys, 3, BLACK);
    double tri = fabs((xs[1] - xs[0]) * (ys[2] - ys[0]) - (xs[2] - xs[0]) * (ys[1] - ys[0])) / 2;
    sum = 0;
    for (int j = 0; j < 120; j++)
        for (int i = 0; i < 120; i++) sum += cov_at(&c, i, j);
    printf("triangle: ink %.2f vs area %.2f (tolerance 0.5%%)\n", sum, tri);
    CHECK(fabs(sum - tri) / tri < 0.005, "triangle ink %.2f vs %.2f", sum, tri);
    canvas_free(&c);
}

static void test_dashes_and_paths(void)
{
    Canvas c;
    if (!open_canvas(&c, 400, 40)) return;
    canvas_clear(&c, WHITE);
    /* dash 12 on / 8 off, width 2, round caps included in the 12: each dash is a
     * capsule with a 10 px spine, area 10*2 + pi*1^2; 400 px hold 20 of them */
    double dash[2] = {12, 8};
    canvas_dashed_line(&c, 0, 20, 400, 20, 2.0, dash, 2, BLACK);
    double ink = 0;
    int runs = 0, prev = 0;
    for (int j = 0; j < 40; j++)
        for (int i = 0; i < 400; i++) ink += cov_at(&c, i, j);
    for (int i = 0; i < 400; i++) {
        int now = cov_at(&c, i, 20) > 0.5;
        if (now && !prev) runs++;
        prev = now;
    }
    double want = 20 * (20 + PI);
    printf("dashed line 12/8: ink %.2f vs 20 capsules %.2f (tolerance 1%%), %d dashes (20)\n",
           ink, want, runs);
    CHECK(fabs(ink - want) / want < 0.01, "dash ink %.2f", ink);
    CHECK(runs == 20, "%d dashes", runs);
    /* a polyline through a joint: no double-blending (max coverage per path) */
    canvas_clear(&c, WHITE);
    canvas_path_begin(&c, 4.0, NULL, 0);
    canvas_path_move(&c, 50, 30);
    canvas_path_line(&c, 100, 10);
    canvas_path_line(&c, 150, 30);
    canvas_path_line(&c, NAN, 0); /* NaN breaks the path: no line to the next point */
    canvas_path_line(&c, 300, 30);
    canvas_path_line(&c, 350, 10);
    canvas_path_end(&c, 0x80000000u);
    int gap_ink = 0;
    for (int j = 0; j < 40; j++)
        for (int i = 160; i < 290; i++) gap_ink += cov_at(&c, i, j) > 0;
    double joint = cov_at(&c, 100, 10);
    printf("path joint coverage %.3f (half-transparent ink: 0.5 expected, not 0.75)\n", joint);
    CHECK(fabs(joint - 0.5) < 0.01, "joint blended twice: %.3f", joint);
    CHECK(gap_ink == 0, "a NaN point was drawn through (%d pixels)", gap_ink);
    canvas_free(&c);
}

static void test_text(void)
{
    Canvas c;
    if (!open_canvas(&c, 400, 200)) return;
    canvas_clear(&c, WHITE);
    int px = 24;
    int w = canvas_text_width(&c, "Gradient", px, 0), h = canvas_font_height(&c, px, 0);
    int w2 = canvas_text_width(&c, "GradientGradient", px, 0);
    int drawn = canvas_text(&c, "Gradient", 50, 60, px, 0, TEXT_LEFT | TEXT_TOP, BLACK);
    long in = 0, out = 0, mid = 0;
    for (int j = 0; j < 200; j++)
        for (int i = 0; i < 400; i++) {
            double v = cov_at(&c, i, j);
            int inside = i >= 50 && i < 50 + w && j >= 60 && j < 60 + h;
            if (v > 0 && inside) in++;
            if (v > 0 && !inside) out++;
            if (v > 0.1 && v < 0.9) mid++;
        }
    printf("text \"Gradient\" %d px: box %dx%d, %ld inked pixels inside, %ld outside, %ld grey; "
           "doubled width %d (2x = %d)\n", px, w, h, in, out, mid, w2, 2 * w);
    CHECK(drawn == w && w > 60 && w < 200 && h >= px && h < 2 * px, "text metrics %dx%d", w, h);
    CHECK(in > 200 && out == 0, "text pixels: %ld in, %ld out of its box", in, out);
    CHECK(mid > 50, "text is not anti-aliased");
    CHECK(abs(w2 - 2 * w) <= 3, "width not additive: %d vs %d", w2, 2 * w);
    /* rotated: "Gradient" up the page, box w tall and h wide left of centre */
    canvas_clear(&c, WHITE);
    canvas_text_up(&c, "Gradient", 200, 100, px, 0, TEXT_CENTER | TEXT_MIDDLE, BLACK);
    int x0 = 400, x1 = -1, y0 = 200, y1 = -1;
    for (int j = 0; j < 200; j++)
        for (int i = 0; i < 400; i++)
            if (cov_at(&c, i, j) > 0) {
                x0 = i < x0 ? i : x0, x1 = i > x1 ? i : x1;
                y0 = j < y0 ? j : y0, y1 = j > y1 ? j : y1;
            }
    printf("rotated text ink box x %d..%d, y %d..%d (height %d, text width %d)\n", x0, x1, y0, y1,
           y1 - y0 + 1, w);
    CHECK(y1 - y0 + 1 <= w && y1 - y0 + 1 > w - 8 && x1 - x0 < h, "rotated box wrong");
    CHECK(fabs((y0 + y1) / 2.0 - 100) < 3, "rotated text not centred at y = 100");
    /* UTF-8 symbols the panels use are in the embedded font */
    CHECK(canvas_text_width(&c, "\xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h\xE2\x80\x96 \xCF\x83 "
                                "\xCF\x81 \xCE\xBB \xCE\xB3 \xE2\x9C\x93 \xE2\x9C\x97 \xE2\x82\x81\xE2\x82\x80",
                            px, 0) > 0, "symbols");
    /* empty and bad strings: nothing, no crash */
    CHECK(canvas_text(&c, "", 10, 10, px, 0, 0, BLACK) == 0, "empty text drew");
    CHECK(canvas_text(&c, NULL, 10, 10, px, 0, 0, BLACK) == 0, "NULL text drew");
    canvas_text(&c, "\xFF\xFE bad utf-8 \xC3", 10, 10, px, 1, 0, BLACK);
    CHECK(canvas_text_errors(&c) == 0, "%ld text errors", canvas_text_errors(&c));
    canvas_free(&c);
}

/* A busy scene for determinism and clipping checks. */
static void scene(Canvas *c)
{
    canvas_clear(c, 0xFFF0F0F0u);
    double dash[2] = {9, 5};
    for (int k = 0; k < 12; k++) {
        canvas_path_begin(c, 1 + k * 0.4, k % 2 ? dash : NULL, 2);
        for (int i = 0; i <= 60; i++)
            canvas_path_line(c, 10 + i * 5, 100 + 60 * sin(i * 0.2 + k) * cos(k * 0.3));
        canvas_path_end(c, 0xFF0072B2u ^ (uint32_t)(k * 0x1F3D5Bu & 0xFFFFFF));
    }
    for (int k = 0; k < 5; k++)
        canvas_marker(c, (MarkerKind)k, 40 + 50 * k, 40, 14, 0xFFD55E00u, 0xFFFFFFFFu);
    canvas_circle(c, 160, 100, 70, 2, 0x80000000u);
    canvas_text(c, "\xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h(t)\xE2\x80\x96 = 10\xE2\x88\x92" "3",
                20, 170, 20, 1, TEXT_LEFT | TEXT_BASELINE, 0xFF202020u);
}

static void test_determinism_and_clip(void)
{
    Canvas a, b;
    if (!open_canvases(&a, &b, 320, 200)) return;
    scene(&a);
    scene(&b);
    scene(&b); /* warm text cache, reused coverage buffer */
    long diff = 0;
    for (int i = 0; i < 320 * 200; i++) diff += a.px[i] != b.px[i];
    printf("determinism: %ld pixels differ between two renders of the same scene (want 0)\n", diff);
    CHECK(diff == 0, "renders differ in %ld pixels", diff);
    /* clipping: draw the scene clipped to a rectangle; outside stays as cleared */
    canvas_clear(&b, WHITE);
    Rect r = {50, 30, 120, 90};
    canvas_clip(&b, r);
    scene(&b);
    canvas_clip_reset(&b);
    long outside = 0, inside_same = 0;
    for (int y = 0; y < 200; y++)
        for (int x = 0; x < 320; x++) {
            int in = x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
            if (!in) outside += b.px[y * 320 + x] != WHITE;
            else inside_same += b.px[y * 320 + x] == a.px[y * 320 + x];
        }
    printf("clip: %ld pixels changed outside the clip (want 0), %ld/%d inside equal the full "
           "render\n", outside, inside_same, r.w * r.h);
    CHECK(outside == 0, "drew outside the clip rectangle");
    CHECK(inside_same == (long)r.w * r.h, "clipped drawing differs inside the clip");
    canvas_free(&a);
    canvas_free(&b);
}

/* The shared text fitting (text_fit.c): wrapped lines each fit (but a word wider than
 * the width, alone on its line) and together hold every word in order, a '\n' ends a
 * line; an ellipsis cut fits, ends in U+2026 at a character, without a space before it. */
static void test_text_fit(void)
{
    Canvas c;
    if (!open_canvas(&c, 400, 200)) return;
    const char *text = "The bidirectional network learns the task within a hundred steps;\n"
                       "the left-to-right one still cannot. Supercalifragilisticexpialidocious "
                       "\xC3\xA9t\xC3\xA9 \xE2\x80\x96\xE2\x88\x82L/\xE2\x88\x82h\xE2\x80\x96";
    for (int maxw = 60; maxw <= 400; maxw += 85) {
        const char *s = text;
        char line[256], joined[1024] = "", words[1024] = "";
        int lines = 0, nl_ok = 1;
        while (canvas_text_wrap(&c, &s, 14, 0, maxw, line, sizeof line)) {
            int w = canvas_text_width(&c, line, 14, 0);
            CHECK(w <= maxw || !strchr(line, ' '), "maxw %d: line '%s' is %d px", maxw, line, w);
            if (strstr(line, "steps;")) nl_ok &= strstr(line, "the left") == NULL;
            snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s", lines ? " " : "",
                     line);
            lines++;
        }
        for (const char *p = text; *p; p++) /* the words, one space between them */
            snprintf(words + strlen(words), sizeof words - strlen(words), "%c", *p == '\n' ? ' ' : *p);
        CHECK(strcmp(joined, words) == 0 && nl_ok, "maxw %d: %d lines hold '%s'", maxw, lines, joined);
    }
    char buf[64];
    for (int maxw = 20; maxw <= 200; maxw += 30) {
        snprintf(buf, sizeof buf, "tanh RNN, init_scale=3 \xE2\x80\x96\xE2\x88\x82L\xE2\x80\x96 lr");
        canvas_text_ellipsis(&c, buf, sizeof buf, 14, 1, maxw);
        size_t n = strlen(buf);
        CHECK(n >= 3 && strcmp(buf + n - 3, "\xE2\x80\xA6") == 0 && (n == 3 || buf[n - 4] != ' '),
              "maxw %d: '%s' ends in an ellipsis, no space before it", maxw, buf);
        CHECK(n == 3 || canvas_text_width(&c, buf, 14, 1) <= maxw, "maxw %d: '%s' is %d px", maxw,
              buf, canvas_text_width(&c, buf, 14, 1));
    }
    canvas_free(&c);
}

static void test_bad_input(void)
{
    Canvas c;
    Error err;
    CHECK(canvas_init(&c, 0, 10, &err) == -1, "0-width canvas accepted");
    printf("canvas 0x10 -> %s\n", err.msg);
    CHECK(canvas_init(&c, 100000, 10, &err) == -1, "huge canvas accepted");
    CHECK(canvas_init(&c, 64, 48, &err) == 0, "%s", err.msg);
    canvas_clear(&c, WHITE);
    canvas_line(&c, NAN, 0, 10, 10, 2, BLACK);
    canvas_line(&c, 0, 0, INFINITY, 10, 2, BLACK);
    canvas_disc(&c, 10, NAN, 5, BLACK);
    canvas_circle(&c, 10, 10, -3, 1, BLACK);
    canvas_fill_rect(&c, 0, 0, NAN, 5, BLACK);
    long ink = 0;
    for (int i = 0; i < 64 * 48; i++) ink += c.px[i] != WHITE;
    CHECK(ink == 0, "non-finite shapes drew %ld pixels", ink);
    /* far outside and huge coordinates: clipped, quick, no crash */
    canvas_line(&c, -1e9, -1e9, 1e9, 1e9, 3, BLACK);
    canvas_line(&c, -1e12, 30.5, 1e12, 30.5, 1, BLACK);
    CHECK(cov_at(&c, 32, 30) > 0.99 && cov_at(&c, 32, 29) == 0, "long line wrong");
    CHECK(canvas_resize(&c, 0, 0, &err) == -1, "resize to 0 accepted");
    CHECK(canvas_resize(&c, 80, 60, &err) == 0 && c.w == 80 && c.h == 60, "resize failed");
    canvas_free(&c);
    CHECK(fabs(canvas_scale_for(1920, 1080) - 1) < 1e-12 && fabs(canvas_scale_for(3840, 2160) - 2) < 1e-12,
          "scale of 1080p/2160p");
}

/* canvas_blend_mask (text) equals canvas_blend_pixel at every pixel, for masks cut by
 * every edge of a clip rectangle, both mask layouts (bytes, and the alpha byte of
 * 4-byte pixels), opaque and translucent colours. */
static void test_blend_mask(void)
{
    Canvas a, b;
    if (!open_canvases(&a, &b, 97, 61)) return;
    uint8_t mask[4 * 23 * 17];
    unsigned x = 7;
    for (size_t i = 0; i < sizeof mask; i++) { /* runs of zeros, full and partial alpha */
        x = x * 1103515245u + 12345u;
        unsigned r = (x >> 16) % 8;
        mask[i] = r < 4 ? 0 : r < 6 ? 255 : (uint8_t)(x >> 8);
    }
    static const uint32_t colors[] = {0xFF203040u, 0x80C0A010u, 0x01FFFFFFu, 0xFE00FF00u};
    static const Rect clips[] = {{0, 0, 97, 61}, {10, 5, 30, 20}, {50, 40, 47, 21}, {3, 3, 1, 50}};
    long differ = 0, tries = 0;
    for (int k = 0; k < 4; k++)
        for (int ci = 0; ci < 4; ci++)
            for (int step = 1; step <= 4; step += 3)
                for (int y0 = -20; y0 < 70; y0 += 9)
                    for (int x0 = -25; x0 < 100; x0 += 11) {
                        int w = step == 1 ? 23 : 5, h = 17;
                        size_t stride = (size_t)(w * step);
                        canvas_clip_reset(&a);
                        canvas_clip_reset(&b);
                        canvas_clear(&a, 0xFF808080u + (uint32_t)(x0 & 15));
                        canvas_clear(&b, 0xFF808080u + (uint32_t)(x0 & 15));
                        canvas_clip(&a, clips[ci]);
                        canvas_clip(&b, clips[ci]);
                        canvas_blend_mask(&a, x0, y0, mask, w, h, stride, (size_t)step, colors[k]);
                        for (int ty = 0; ty < h; ty++)
                            for (int tx = 0; tx < w; tx++)
                                canvas_blend_pixel(&b, x0 + tx, y0 + ty, colors[k],
                                                   mask[(size_t)ty * stride + (size_t)tx * (size_t)step]);
                        differ += memcmp(a.px, b.px, 97 * 61 * sizeof *a.px) != 0;
                        tries++;
                    }
    printf("canvas_blend_mask against canvas_blend_pixel: %ld of %ld placements differ\n", differ, tries);
    CHECK(differ == 0, "canvas_blend_mask differs from canvas_blend_pixel in %ld placements", differ);
    canvas_free(&a);
    canvas_free(&b);
}

/* canvas_clear and canvas_fill_rect (whole rows filled by copying) against a plain
 * loop over the clip rectangle, and the rectangle's own coverage rule at its
 * fractional edges. */
static void test_fast_fills(void)
{
    Canvas a;
    if (!open_canvas(&a, 97, 61)) return;
    static const Rect clips[] = {{0, 0, 97, 61}, {10, 5, 30, 20}, {50, 40, 47, 21}, {3, 3, 1, 50}};
    long bad = 0;
    for (int ci = 0; ci < 4; ci++) {
        canvas_clip_reset(&a);
        canvas_clear(&a, 0xFF000000u);
        canvas_clip(&a, clips[ci]);
        canvas_clear(&a, 0xFF123456u);
        for (int y = 0; y < 61; y++)
            for (int i = 0; i < 97; i++) {
                Rect r = a.clip;
                int in = i >= r.x && i < r.x + r.w && y >= r.y && y < r.y + r.h;
                bad += a.px[y * 97 + i] != (in ? 0xFF123456u : 0xFF000000u);
            }
    }
    canvas_clip_reset(&a);
    canvas_clear(&a, WHITE);
    canvas_fill_rect(&a, 2.25, 3.5, 90.5, 50.75, 0xFF102030u);
    for (int y = 0; y < 61; y++)
        for (int i = 0; i < 97; i++) {
            double cx = fmax(0, fmin(i + 1, 92.75) - fmax(i, 2.25));
            double cy = fmax(0, fmin(y + 1, 54.25) - fmax(y, 3.5));
            uint32_t want = cx * cy >= 1 ? 0xFF102030u
                          : cx * cy > 0 ? canvas_blend(WHITE, 0xFF102030u, (unsigned)(cx * cy * 255 + 0.5))
                                        : WHITE;
            bad += a.px[y * 97 + i] != want;
        }
    printf("canvas_clear and canvas_fill_rect against a loop over their pixels: %ld pixels differ\n", bad);
    CHECK(bad == 0, "%ld filled pixels differ from the plain loop", bad);
    canvas_free(&a);
}

/* The text cache keeps what every frame draws: labels drawn at each "frame" while tens
 * of thousands of new strings pass through (a training run adds some every step, and
 * the cache turns over several times) are rasterized once, and their pixels stay the
 * same. */
static void test_text_cache(void)
{
    Canvas a;
    if (!open_canvas(&a, 400, 60)) return;
    static const char *const steady[] = {"training step", "\u2016\u2202L/\u2202h(t)\u2016 (log scale)",
                                         "Gradient norm and clipping"};
    uint32_t first[400 * 60];
    long r0 = canvas_text_renders(&a), unique = 0;
    for (int f = 0; f < 400; f++) {
        canvas_clear(&a, WHITE);
        for (int k = 0; k < 3; k++) canvas_text(&a, steady[k], 5, 5 + 18 * k, 15, k == 2, 0, BLACK);
        if (f == 0) memcpy(first, a.px, sizeof first);
        else if (memcmp(first, a.px, sizeof first) != 0) {
            CHECK(0, "frame %d: the steady labels' pixels changed", f);
            break;
        }
        char s[64];
        for (int k = 0; k < 60; k++, unique++) { /* new strings: the step, legend values */
            snprintf(s, sizeof s, "step %d \u00b7 \u03c3max %d", f, k);
            canvas_text_width(&a, s, 16 + k % 3, k % 2);
        }
    }
    long renders = canvas_text_renders(&a) - r0;
    printf("text cache: %ld strings rasterized for 3 labels drawn in 400 frames and %ld new "
           "strings (want %ld)\n", renders, unique, unique + 3);
    CHECK(renders == unique + 3, "labels drawn every frame were rasterized again (%ld renders, "
          "want %ld)", renders, unique + 3);
    canvas_free(&a);
}

int main(void)
{
    test_horizontal_line();
    test_diagonal_line();
    test_circles_and_rects();
    test_dashes_and_paths();
    test_text();
    test_text_cache();
    test_determinism_and_clip();
    test_text_fit();
    test_bad_input();
    test_fast_fills();
    test_blend_mask();
    return tu_finish();
}
