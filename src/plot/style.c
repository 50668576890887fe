/* style.c - light/dark themes, Okabe-Ito run colours, viridis, sizes. */
#include "style.h"

#include <math.h>

/* After Okabe & Ito (2008), "Color Universal Design": blue, vermillion, bluish green,
 * reddish purple, orange, sky blue, then black and yellow. Run i keeps about its hue in
 * both themes, so switching theme in front of a class keeps every line recognisable.
 * Okabe-Ito's own values do not meet what tests/test_contrast.c asks of runs 1-6: a
 * contrast of 4.5:1 as text (the readouts are written in their run's colour) on the
 * panel and the page of their theme, and a CIEDE2000 difference of at least 10 between
 * any two runs shown together under simulated protanopia, deuteranopia and tritanopia
 * (Machado et al. 2009) — on white, vermillion and orange darkened to 3:1 both looked
 * brown to a deuteranope (2.0 apart). So runs 1-6 were moved, the least that gave every
 * pair 12 in every vision (a search over sRGB from Okabe-Ito's values, keeping hues):
 * darker on light (orange becomes an olive brown), lighter on dark. Sky blue was then a
 * second blue beside run 1's (lesson 9: sigmoid and GRU, 17.5 apart with normal vision),
 * so run 6 is the colour farthest from runs 1-5, the factor colour and the ink (a search
 * over sRGB: at least 25 apart with normal vision, 18.7 with each deficiency): maroon on
 * light, a pale mint on dark (no one hue does for both). The light factor colour is a
 * deep violet, at least 22 from every run in every vision (its purple was 6.4 from run
 * 6 under deuteranopia). Runs 7 and 8 only need 3:1 as lines. */
static const Theme light = {
    .bg = 0xFFF3F4F6u, .panel = 0xFFFFFFFFu, .border = 0xFFC9CDD3u, .fg = 0xFF16181Cu,
    .muted = 0xFF50555Eu, .grid = 0xFFE4E6EAu, .axis = 0xFF3A3F47u, .accent = 0xFFC2185Bu,
    .caption_bg = 0xFFFFF8E1u, .nan = 0xFFB8B8B8u, .halo = 0xFFFFFFFFu, .factor = 0xFF3C0066u,
    .run = {0xFF0E72BAu, 0xFFBB4C00u, 0xFF0D6357u, 0xFFA05681u, 0xFF7E6C4Du, 0xFF6F0612u,
            0xFF000000u, 0xFF968F26u},
};

static const Theme dark = {
    .bg = 0xFF101216u, .panel = 0xFF1B1E24u, .border = 0xFF3A3F4Au, .fg = 0xFFEEEFF1u,
    .muted = 0xFFA9AEB8u, .grid = 0xFF2C3039u, .axis = 0xFFC5C9D1u, .accent = 0xFFFF7BACu,
    .caption_bg = 0xFF2A2619u, .nan = 0xFF5A5A5Au, .halo = 0xFF1B1E24u, .factor = 0xFFC4A7F0u,
    .run = {0xFF1086F9u, 0xFFDC6204u, 0xFF009A5Fu, 0xFFCB77A6u, 0xFFEBA81Cu, 0xFFC9FFC3u,
            0xFFE0E0E0u, 0xFFF0E442u},
};

const Theme *style_theme(PlotTheme t)
{
    return t == PLOT_THEME_DARK ? &dark : &light;
}

uint32_t plot_run_color(PlotTheme theme, int i)
{
    if (i < 0) i = 0;
    return style_theme(theme)->run[i % PLOT_MAX_RUNS];
}

int style_px(double base, double ts)
{
    int px = (int)floor(base * ts + 0.5);
    return px < 10 ? 10 : px;
}

void style_text_scale(Style *st, double ts)
{
    st->ts = ts;
    st->px_title = style_px(30, ts);
    st->px_panel = style_px(22, ts);
    st->px_label = style_px(19, ts);
    st->px_tick = style_px(17, ts);
    st->px_narration = style_px(22, ts);
}

void style_init(Style *st, const Canvas *c, const PlotView *v)
{
    double s = c->scale, k = v->text_scale;
    if (!(k > 0)) k = 1.0; /* unset or NaN: normal size */
    if (k < 0.5) k = 0.5;
    if (k > 3.0) k = 3.0;
    st->th = style_theme(v->theme);
    st->s = s;
    style_text_scale(st, s * k);
    st->line_w = fmax(1.2, 3.0 * s);
    st->thin_w = fmax(1.0, 1.5 * s);
    st->marker = fmax(6.0, 13.0 * s);
    st->pad = fmax(3.0, 10.0 * s);
}

/* viridis at 0, 0.1, ..., 1 (matplotlib's map by van der Walt & Smith, CC0) */
static const uint32_t viridis11[11] = {
    0x440154, 0x482576, 0x414487, 0x35608D, 0x2A788E, 0x21908C,
    0x22A884, 0x43BF71, 0x7AD151, 0xBBDF27, 0xFDE725,
};

/* Mix of two opaque colours, t = 0 -> a, 1 -> b. */
static uint32_t style_mix(uint32_t a, uint32_t b, double t)
{
    if (!(t > 0)) t = 0;
    if (t > 1) t = 1;
    uint32_t out = 0xFF000000u;
    for (int sh = 0; sh <= 16; sh += 8) {
        double ca = (a >> sh) & 255u, cb = (b >> sh) & 255u;
        out |= (uint32_t)floor(ca + (cb - ca) * t + 0.5) << sh;
    }
    return out;
}

uint32_t style_viridis(double v)
{
    if (!(v > 0)) v = 0;
    if (v > 1) v = 1;
    double f = v * 10.0;
    int i = (int)f;
    if (i >= 10) i = 9;
    return style_mix(viridis11[i], viridis11[i + 1], f - i);
}

uint32_t style_ink_on(uint32_t bg)
{
    /* relative luminance with a rough sRGB decode (gamma 2.2) */
    double r = pow(((bg >> 16) & 255u) / 255.0, 2.2), g = pow(((bg >> 8) & 255u) / 255.0, 2.2),
           b = pow((bg & 255u) / 255.0, 2.2);
    double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return y > 0.22 ? 0xFF000000u : 0xFFFFFFFFu;
}

uint32_t style_alpha(uint32_t color, int a)
{
    if (a < 0) a = 0;
    if (a > 255) a = 255;
    return (color & 0x00FFFFFFu) | (uint32_t)a << 24;
}
