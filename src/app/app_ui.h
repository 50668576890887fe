/* app_ui.h - private to src/app: what the window draws besides the dashboard, all
 * with canvas_* calls: the settings panel (its own canvas at the window's right
 * edge), and overlays on the dashboard canvas (help, messages, tooltips).
 *
 * The settings panel is immediate-mode (like rxi/microui): app_ui_panel lays out
 * and draws every control and records its rectangle, and clicks are matched against
 * the rectangles of the last draw. No allocation. */
#ifndef RNNSCOPE_APP_UI_H
#define RNNSCOPE_APP_UI_H

#include "app_core.h"
#include "canvas.h"

typedef enum {
    UI_NONE,
    UI_PLAY, UI_STEP, UI_RESET, UI_SLOWER, UI_FASTER,
    UI_PREV, UI_NEXT,
    UI_RUN,     /* arg: run to select */
    UI_EYE,     /* arg: run to show / hide */
    UI_ALL, UI_ADD, UI_REMOVE,
    UI_CHOICE,  /* arg: setting * 16 + choice */
    UI_DEC,     /* arg: setting */
    UI_INC,
    UI_HELP, UI_THEME, UI_EXPORT, UI_GRAD, UI_HIDE,
    UI_SHOW,    /* the collapsed panel's strip */
    UI_PAGE,    /* the settings' second page and back */
} UiId;

#define UI_MAX_ITEMS 160

typedef struct UiItem {
    Rect r;
    int id, arg;
} UiItem;

typedef struct Ui {
    int n;
    UiItem item[UI_MAX_ITEMS];
    int hover_id, hover_arg;   /* control under the mouse (UI_NONE if none) */
    /* layout checks (tests): items that did not fit the canvas, texts wider than
     * their box, and the lowest pixel used */
    int cut, text_over, bottom;
    int px_min;                /* smallest font size used, pixels */
    char over_text[64];        /* the last text that did not fit */
    int showed_try;            /* the lesson step's "try this" is in the panel */
} Ui;

/* Name of a control ("play", "add", ...), for the debug output. */
const char *app_ui_name(int id);

/* Width in pixels of the settings panel in a win_w x win_h window (drawable pixels):
 * a strip when hidden. */
int app_ui_panel_width(int win_w, int win_h, int presenter, int shown);

/* Lays out and draws the settings panel onto c (the panel's own canvas). */
void app_ui_panel(Ui *ui, Canvas *c, const AppCore *a);

/* The control at (x, y) of the panel canvas: its id (UI_NONE if none) and arg. */
int app_ui_hit(const Ui *ui, int x, int y, int *arg);

/* Applies a click on control id/arg. Returns 1 if done, 0 if the window must act
 * (UI_EXPORT). Setting errors become the core's message. */
int app_ui_apply(AppCore *a, int id, int arg);

/* Text scale of the dashboard so its text keeps the size it has in a full-width
 * window (the dashboard scales by its canvas, which the panel makes narrower). */
double app_ui_text_scale(int win_w, int win_h, int dash_w, int presenter);

/* Overlays on the dashboard canvas. k is the text scale (as app_ui_text_scale).
 * Each returns the rectangle it drew (w = h = 0 if nothing) and adds to *over the
 * number of its lines that did not fit (for tests; over may be NULL). */
Rect app_ui_help(Canvas *c, const AppCore *a, double k, int *over);
/* The lesson's title card: its title, its introduction and how to go on. */
Rect app_ui_intro(Canvas *c, const AppCore *a, double k, int *over);
/* The lesson menu (L): a card listing a->menu_label, the highlighted entry marked;
 * rows[i] (if not NULL) gets entry i's rectangle, for clicks. */
Rect app_ui_menu(Canvas *c, const AppCore *a, double k, Rect *rows, int *over);
/* A message ("saved ...", an error), one line over the middle of the dashboard's title
 * bar, which holds no plot. */
Rect app_ui_message(Canvas *c, const AppCore *a, const char *msg, double k, int *over);
/* What the engine is busy with (app_core_progress), where a message goes; nothing while
 * the message box `below` is shown (below.h > 0). */
Rect app_ui_progress(Canvas *c, const AppCore *a, const char *text, double k, Rect below);
/* The values under the pointer at (x, y), placed off the line the pointer moved
 * along last (direction dx, dy). */
Rect app_ui_tooltip(Canvas *c, const AppCore *a, int x, int y, double dx, double dy,
                    const char *text, double k, int *over);

/* The tooltip text for the mouse at (x, y) of the dashboard canvas, or 0 if there
 * is nothing to tell there (app_pick.c). */
int app_pick(Canvas *c, const AppCore *a, int x, int y, char *buf, size_t n);

#endif
