/* app_front.h - private to src/app: the window without a windowing system. Keys,
 * mouse, the frame (train, then draw the dashboard and settings canvases) and the
 * messages, shared by the SDL window (app_window.c) and the browser page
 * (web/web_main.c). A front end turns its events into front_key / front_mouse_*
 * calls, calls front_frame once a frame, and puts the two canvases on the screen
 * side by side (dash at x = 0, side at x = dash_w) when front_frame says so. It
 * does what the front cannot: quit, fullscreen, export (FrontRequest). */
#ifndef RNNSCOPE_APP_FRONT_H
#define RNNSCOPE_APP_FRONT_H

#include "app_core.h"
#include "app_ui.h"
#include "canvas.h"

/* Keys: printable keys are their lower-case ASCII character (SDL's keycodes are
 * the same), the others these codes. */
enum {
    FK_SPACE = ' ',
    FK_ESCAPE = 27,
    FK_RIGHT = 0x100, FK_LEFT, FK_UP, FK_DOWN, FK_PAGEUP, FK_PAGEDOWN, FK_F11,
    FK_KP_PLUS, FK_KP_MINUS, FK_END, FK_ENTER /* Return or the keypad's Enter */,
    FK_KP_1 /* .. FK_KP_1 + 7: the keypad's 1..8 */ = 0x110,
};
/* Modifier bits of front_key. */
enum { FM_SHIFT = 1, FM_CTRL = 2, FM_ALT = 4 /* Alt or the GUI (Windows / Cmd) key */ };

/* What the front end must do after an event or a frame. */
typedef enum {
    FRONT_NONE,
    FRONT_QUIT,
    FRONT_FULLSCREEN, /* toggle; the front end reports failures with app_core_msg */
    FRONT_EXPORT,     /* export the dashboard (front_draw_plain, then write it) */
    FRONT_EXPORT_SVG, /* the same as SVG (front_record_plain, then write the list) */
} FrontRequest;

typedef struct Front {
    Canvas dash, side;
    int have_dash, have_side;
    Ui ui;
    AppCore core;
    int W, H, dash_w, side_w;  /* drawable pixels */
    int mx, my, mouse_in;      /* mouse in drawable pixels */
    double vx, vy;             /* its recent motion (pixels per event, smoothed) */
    double moved_at;           /* when it last moved (ms) */
    int tip_due;               /* it has rested TIP_MS: its tooltip may show */
    int tip_held;              /* a key was pressed since it last moved: no tooltip */
    int rested_due;            /* RNNSCOPE_DEBUG: "rested" to tell once the frame is shown */
    int fullscreen;
    Rect menu_row[APP_MENU_MAX]; /* the lesson menu's entries as last drawn */
    unsigned long drawn_gen, msg_gen;
    double msg_until;
    double esc_at;             /* when Esc was pressed (to quit on a second press) */
    char msg[APP_MSG_MAX];
    char tip[1024];
    char progress[256];        /* app_core_progress, as drawn */
    uint32_t *backdrop;        /* threaded: the last dashboard drawn from the runs */
    int backdrop_ok;
    int backdrop_kept;         /* it is in backdrop (else still on the dash canvas) */
    int dirty_dash, dirty_side, dirty_present;
    double canvas_ms;          /* the last draw of the canvases */
    int drew_runs;             /* the last front_draw drew the runs (not their last picture) */
    double (*now_ms)(void);    /* a monotonic clock in ms */
} Front;

/* Starts w (zeroed first) from the spec; now_ms is the front end's clock. With
 * s->bench_frames > 0, the frame benchmark's runs instead (the spec's --run runs, else
 * tanh RNN, sigmoid RNN, LSTM and GRU). threaded: the engine works on a worker thread
 * (app_core_open) and front_frame never waits for it. 0, or -1 with err set (as
 * app_core_init). */
int front_init(Front *w, const AppSpec *s, int threaded, double (*now_ms)(void), Error *err);
void front_free(Front *w);

/* Sizes the canvases for a W x H drawable (pixels). 0, or -1 with err set; sets
 * *changed when the canvases changed size (the front end resizes its textures). */
int front_fit(Front *w, int W, int H, int *changed, Error *err);

/* Events. Positions are drawable pixels. */
FrontRequest front_key(Front *w, int key, int mods, int repeat);
FrontRequest front_mouse_down(Front *w, int x, int y);
void front_mouse_move(Front *w, int x, int y);
void front_mouse_leave(Front *w);

/* What front_frame / front_draw did: FRONT_PRESENT (put the canvases on the screen),
 * with FRONT_DASH / FRONT_SIDE when that canvas was redrawn (upload it first). */
enum { FRONT_PRESENT = 1, FRONT_DASH = 2, FRONT_SIDE = 4 };

/* One frame: trains for at most budget ms (and as far as dt seconds allow), updates
 * the messages, and redraws the canvases that changed; threaded, it takes in what the
 * worker did and hands it the next job (app_core_kick) after drawing. Returns the FRONT_* bits of
 * what was drawn, 0 if nothing changed. */
int front_frame(Front *w, double dt, double budget);
/* front_frame without drawing (and, threaded, without the next job): trains, updates
 * the messages and marks what changed dirty, for front_draw. The browser page, which
 * trains and draws on one thread, gives a frame to each when a step does not fit
 * beside drawing. */
void front_tick(Front *w, double dt, double budget);
/* Redraws whatever is marked dirty (front_frame does this); the same bits. */
int front_draw(Front *w);
/* The dashboard alone, without help, tooltip or messages: what an export saves.
 * Marks it dirty, so the next frame draws the overlays again. */
void front_draw_plain(Front *w);
/* front_draw_plain, recording the drawing into l (dlist.h) for a vector export. 1 if
 * the figure was drawn, 0 if the dashboard showed the last picture while a job trains
 * the runs (nothing recorded: pixels only). */
int front_record_plain(Front *w, struct DList *l);
/* Writes the sidecar of what front_draw_plain drew (export_spec.h) beside the export
 * just written at path: path's .json (export_sidecar_path) into side (n bytes), a new
 * file never written through a link. It holds the runs' configs and labels, their
 * training step, the canvas size, text scale, theme and view, and the lesson step they
 * come from, so that `rnnscope --replay` draws the same picture; image: the file name
 * it names. 0, or -1 with side "" and err saying why there is none (runs at different
 * steps or hidden, a narration page past the first, the Jacobian view of runs made in
 * the window, the runs still being prepared, a canvas too small, the file). */
int front_export_sidecar(const Front *w, const char *path, const char *image, char *side, size_t n,
                         Error *err);

/* 1 while something moves on screen (training, the sweep, a message): the front
 * end keeps drawing frames; 0 when it may sleep until the next event. */
int front_busy(const Front *w);

/* The drawing times (ms) of the last DRAW_TIMES_N frames that drew the runs: what a
 * frame can expect to cost, and how much more it may cost. */
#define DRAW_TIMES_N 64
typedef struct DrawTimes {
    double ms[DRAW_TIMES_N];
    int n, next;
} DrawTimes;
void draw_times_add(DrawTimes *d, double ms);
/* The q-quantile (0 <= q <= 1, nearest rank) of the recorded times; `none` if none. */
double draw_times_q(const DrawTimes *d, double q, double none);

/* Milliseconds of training in a frame of a `period` ms refresh whose drawing takes
 * `draw` ms as a rule and up to `draw_hi` ms: what the slowest recent drawing leaves
 * of the period, at most half of it (a burst must not starve the frame) and at least
 * half the drawing time (training never stops, however slow the drawing). */
double front_train_budget(double period, double draw, double draw_hi);

/* RNNSCOPE_DEBUG's state line for an event ("ready", "click-play-0", ...): the core's
 * state, then where the pointer is ("pointer=X,Y" in drawable pixels, or "pointer=out")
 * and whether a tooltip is up ("tip=1"). */
void front_debug(Front *w, const char *event);
/* RNNSCOPE_DEBUG's state lines that wait for the frame to be on the screen: the front
 * end calls this after presenting a frame (or after a frame that drew nothing). Tells
 * "rested" once the pointer has rested TIP_MS on the dashboard: its tooltip is on the
 * screen, or, with tooltips off, it is certain none comes. */
void front_debug_shown(Front *w);

#endif
