/* test_app_frames.c - the window's frame loop allocates nothing: four runs training
 * while the dashboard, the settings panel and the overlays are drawn, frame after
 * frame, exactly as app_window.c does it but onto canvases (no display needed).
 * malloc/calloc/realloc are counted with the linker's --wrap (calls from rnnscope's
 * own code: engine, plot, app); allocations inside shared libraries (SDL_ttf rendering
 * a string the first time it is drawn) are not seen by --wrap and are reported by
 * SDL_GetNumAllocations where SDL does them. Also prints the drawing time per frame. */
#include <SDL.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app_front.h"
#include "app_ui.h"
#include "app_cmd.h"
#include "testutil.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t k);
void *__real_realloc(void *p, size_t n);
static long n_alloc;
void *__wrap_malloc(size_t n)
{
    n_alloc++;
    return __real_malloc(n);
}
void *__wrap_calloc(size_t n, size_t k)
{
    n_alloc++;
    return __real_calloc(n, k);
}
void *__wrap_realloc(void *p, size_t n)
{
    n_alloc++;
    return __real_realloc(p, n);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void frame(AppCore *a, Canvas *dash, Canvas *side, Ui *ui, int f, double *draw_ms)
{
    app_core_tick(a, 1.0 / 60, 4.0, now_ms);
    double t0 = now_ms();
    a->view.text_scale = app_ui_text_scale(1920, 1080, dash->w, a->presenter);
    plot_dashboard(dash, a->rp, a->n, &a->view);
    char tip[1024];
    int mx = 200 + (f * 37) % 1200, my = 150 + (f * 53) % 800; /* a wandering mouse */
    if (app_pick(dash, a, mx, my, tip, sizeof tip))
        app_ui_tooltip(dash, a, mx, my, f % 2 ? 5 : 0, f % 2 ? 0 : 5, tip, a->view.text_scale, NULL);
    if (a->msg[0]) app_ui_message(dash, a, a->msg, a->view.text_scale, NULL);
    if (f % 50 == 25) app_ui_help(dash, a, a->view.text_scale, NULL);
    ui->hover_id = (f % 7) ? UI_PLAY : UI_NONE;
    app_ui_panel(ui, side, a);
    *draw_ms += now_ms() - t0;
}

/* The recent drawing times and the training budget they leave: the quantile against a
 * sort of the same last DRAW_TIMES_N values (nearest rank, exact), the budget against
 * what it promises: a frame of budget + slowest drawing ends inside the period where
 * that is possible, and training never stops. */
static void check_budget(void)
{
    DrawTimes d = {0};
    CHECK(draw_times_q(&d, 0.5, 7.0) == 7.0, "no drawing times yet: the given value");
    double all[200], worst = 0;
    unsigned x = 12345;
    for (int i = 0; i < 200; i++) {
        x = x * 1103515245u + 12345u;
        all[i] = 2.0 + (x >> 8) % 10000 / 1000.0;
        draw_times_add(&d, all[i]);
        int n = i + 1 < DRAW_TIMES_N ? i + 1 : DRAW_TIMES_N;
        double s[DRAW_TIMES_N];
        for (int k = 0; k < n; k++) { /* insertion sort of the last n */
            double v = all[i + 1 - n + k];
            int j = k;
            for (; j > 0 && s[j - 1] > v; j--) s[j] = s[j - 1];
            s[j] = v;
        }
        static const double qs[] = {0, 0.5, 0.9, 0.95, 1};
        for (int k = 0; k < 5; k++) {
            int r = (int)ceil(qs[k] * n);
            double want = s[r < 1 ? 0 : r - 1];
            worst = fmax(worst, fabs(draw_times_q(&d, qs[k], -1) - want));
        }
    }
    printf("draw_times_q against a sort of the last %d: worst difference %g\n", DRAW_TIMES_N, worst);
    CHECK(worst == 0, "draw_times_q is the nearest-rank quantile (worst difference %g)", worst);
    double period = 1000.0 / 60, over = -1e9;
    for (double hi = 0.5; hi < 40; hi += 0.25)
        for (double draw = 0.25; draw <= hi; draw += 0.25) {
            double b = front_train_budget(period, draw, hi);
            CHECK(b >= 2 && b >= fmin(0.5 * draw, 25) - 1e-12, "budget %g for drawing %g", b, draw);
            CHECK(b <= 0.5 * period + 1e-12 || b <= fmin(0.5 * draw, 25) + 1e-12,
                  "budget %g over half the period", b);
            if (period - hi - 1.5 >= fmax(2, fmin(0.5 * draw, 25))) /* room beside the floor */
                over = fmax(over, b + hi - period);
        }
    printf("budget + slowest drawing - period, where room is left: at most %.2f ms\n", over);
    CHECK(over <= -1.5 + 1e-12, "a frame's budget + slowest drawing ends %.2f ms before the "
          "period's end (want at least the 1.5 ms slack)", -over);
}

int main(void)
{
    check_budget();
    Options o;
    Error err;
    char *argv[] = {"rnnscope",
                    "--run", "seq_len=20,hidden=16,batch=8,activation=tanh",
                    "--run", "seq_len=20,hidden=16,batch=8,activation=sigmoid",
                    "--run", "seq_len=20,hidden=16,batch=8,cell=lstm",
                    "--run", "seq_len=20,hidden=16,batch=8,cell=gru", NULL};
    if (cli_parse(&o, 9, argv, &err)) {
        printf("cli: %s\n", err.msg);
        return 1;
    }
    static AppCore a;
    static Ui ui;
    Canvas dash, side;
    int sw = app_ui_panel_width(1920, 1080, 0, 1);
    if (app_core_init(&a, tu_spec(&o), &err) || canvas_init(&dash, 1920 - sw, 1080, &err) ||
        canvas_init(&side, sw, 1080, &err)) {
        printf("init: %s\n", err.msg);
        return 1;
    }
    app_core_act(&a, ACT_PLAY, 0);
    double draw = 0;
    for (int f = 0; f < 40; f++) frame(&a, &dash, &side, &ui, f, &draw); /* warm the text cache */
    long a0 = n_alloc;
    int s0 = SDL_GetNumAllocations();
    long step0 = a.run[0].step;
    draw = 0;
    int nf = 120;
    for (int f = 40; f < 40 + nf; f++) frame(&a, &dash, &side, &ui, f, &draw);
    long allocs = n_alloc - a0;
    printf("%d frames, runs trained %ld -> %ld steps: %ld malloc/calloc/realloc calls from "
           "rnnscope's code, SDL allocations outstanding %+d\n", nf, step0, a.run[0].step,
           allocs, SDL_GetNumAllocations() - s0);
    printf("drawing (dashboard + overlays + settings panel, 1920x1080): %.2f ms per frame\n",
           draw / nf);
    CHECK(a.run[0].step > step0, "the runs trained during the frames");
    CHECK(allocs == 0, "the frame loop allocated %ld times", allocs);
    canvas_free(&dash);
    canvas_free(&side);
    app_core_free(&a);
    return tu_finish();
}
