/* lesson_parse.c - lesson files -> Lesson (see lessons/README.md for the format).
 *
 * One pass over the lines with three states: before the title, in the body
 * (narration, headings, "> try this" quotes) and inside a ```lesson block
 * (directives). A step is finished when the next "## " heading or the end of
 * the file is reached; only then are its runs' configs resolved and its
 * checks parsed, because `set:` lines may follow `run:` lines. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson_internal.h"
#include "task.h"
#include "work_limit.h"

#define LP_MAX_KV 24             /* distinct keys on one line group (there are 18) */
#define LP_KEY_MAX 24
#define LP_VALUE_MAX 64
#define LP_TITLE_MAX 120         /* characters of a title or step title */
#define LESSON_MAX_STEP_BYTES (2.0 * 1024 * 1024 * 1024) /* all runs of one step */

/* ---- growable text ---- */

typedef struct Buf {
    char *p;
    size_t n, cap;
} Buf;

static int buf_add(Buf *b, const char *s, size_t n)
{
    if (n > SIZE_MAX / 2 - b->n - 1) return -1;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
    return 0;
}

/* Hands the text over (an empty string if nothing was added). */
static char *buf_take(Buf *b)
{
    char *p = b->p;
    if (!p) p = calloc(1, 1);
    memset(b, 0, sizeof *b);
    return p;
}

/* ---- parser state ---- */

typedef struct KV {
    char key[LP_KEY_MAX];
    char val[LP_VALUE_MAX];
    int line, col;               /* of the key */
} KV;

typedef struct KVList {
    int n;
    KV kv[LP_MAX_KV];
} KVList;

typedef struct RunSpec {
    char label[CONFIG_LABEL_MAX]; /* "" = derived from the config */
    int line, col;
    KVList kv;
} RunSpec;

typedef struct CheckSpec {
    char text[LESSON_CHECK_MAX];
    int line, col;
    int readout;                 /* written `readout:` */
} CheckSpec;

/* The step being read. */
typedef struct Draft {
    int line;                    /* of its heading; 0 = no step open yet */
    char *title;
    Buf narr, tries;
    int narr_brk, try_brk, last_quote;
    int n_runs;
    RunSpec runs[LESSON_MAX_RUNS];
    KVList set;
    long train;
    double play;                 /* `train: N over S s`: S, 0 = at once */
    int train_line;
    int panel_line;
    PanelKind panel;
    unsigned beside;             /* `beside: NAME ...` */
    int beside_line;
    LessonGradView view;
    int sweep, slopes;
    LessonScale loss_scale;      /* `loss_scale: linear|log` */
    int loss_scale_line;
    int n_checks;
    CheckSpec checks[LESSON_MAX_CHECKS];
    char show[CONFIG_LABEL_MAX]; /* `show: RUN` */
    int show_line, show_col;
    char example[LESSON_EXAMPLE_MAX]; /* `example: SENTENCE` */
    int example_line, example_col;
} Draft;

typedef enum { S_TITLE, S_BODY, S_BLOCK } State;

typedef struct Ctx {
    LessonParser p;
    Lesson *out;
    State state;
    int line;                    /* current line number */
    const char *ls;              /* current line's first byte */
    int block_line;              /* where the open ```lesson block started */
    KVList lesson_set;
    int name_line;
    int shade_line;
    Buf intro;
    int intro_brk;
    int steps_cap;
    Draft d;
    /* what a step inherits when it does not say */
    int have_prev;
    int n_prev_runs;
    RunSpec prev_runs[LESSON_MAX_RUNS];
    long prev_train;
    PanelKind prev_panel;
    LessonGradView prev_view;
    int prev_sweep, prev_slopes;
    double prev_play;
    LessonScale prev_loss_scale;
    char prev_example[LESSON_EXAMPLE_MAX]; /* the step before's sentence ("" = none) */
    int prev_example_line, prev_example_col;
} Ctx;

static const char *const view_names[] = {"grad_h", "jac_prod", "whh_contrib"};

/* column (1-based, in characters) of pointer at on the current line */
static int col_at(const Ctx *c, const char *at)
{
    return lp_ncols(c->ls, (size_t)(at - c->ls)) + 1;
}

static int err_at(const Ctx *c, const char *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int err_at(const Ctx *c, const char *at, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return lp_error(&c->p, c->line, col_at(c, at), "%s", msg);
}

/* An error at kw if the step already has the directive name, first at line first (0:
 * it has not); 0 otherwise. */
static int once_per_step(const Ctx *c, const char *kw, int first, const char *name)
{
    return first ? err_at(c, kw, "duplicate '%s' (first at line %d; allowed: one per step)", name,
                          first)
                 : 0;
}

static int is_ws(char ch) { return ch == ' ' || ch == '\t'; }

static const char *skip_ws(const char *s, const char *e)
{
    while (s < e && is_ws(*s)) s++;
    return s;
}

static const char *tok_end(const char *s, const char *e)
{
    while (s < e && !is_ws(*s)) s++;
    return s;
}

static void trim(const char **s, size_t *n)
{
    while (*n && is_ws(**s)) (*s)++, (*n)--;
    while (*n && is_ws((*s)[*n - 1])) (*n)--;
}

static int equals(const char *s, size_t n, const char *word)
{
    return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* ---- narration ---- */

static int is_list_item(const char *s, size_t n)
{
    if (n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') return 1;
    size_t i = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    return i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') && s[i + 1] == ' ';
}

/* Adds one line of running text: lines of a paragraph are joined with a space,
 * list items start a new line, paragraphs are separated by a blank line. */
static int text_line(Buf *b, int *brk, const char *s, size_t n)
{
    trim(&s, &n);
    if (n == 0) {
        if (b->n) *brk = 1;
        return 0;
    }
    const char *sep = "";
    if (b->n) sep = *brk ? "\n\n" : is_list_item(s, n) ? "\n" : " ";
    *brk = 0;
    if (buf_add(b, sep, strlen(sep)) || buf_add(b, s, n)) return -1;
    return 0;
}

static int oom(const Ctx *c)
{
    return lp_error(&c->p, c->line, 1, "out of memory");
}

/* ---- KEY=VALUE ---- */

static int is_config_key(const char *k)
{
    for (int i = 0; config_table[i].name; i++)
        if (strcmp(config_table[i].name, k) == 0) return 1;
    return 0;
}

/* Validates KEY=VALUE (token s..e, '=' at eq) with config_set and appends it. */
static int add_kv(Ctx *c, KVList *l, const char *s, const char *eq, const char *e,
                  const char *where)
{
    char key[64], val[LP_VALUE_MAX], ex[160];
    size_t kn = (size_t)(eq - s), vn = (size_t)(e - eq - 1);
    if (kn == 0) {
        lp_excerpt(ex, sizeof ex, s, (size_t)(e - s));
        return err_at(c, s, "'%s' has no key before '=' (allowed: KEY=VALUE)", ex);
    }
    lp_excerpt(key, sizeof key, s, kn);
    if (!is_config_key(key) || strcmp(key, "label") == 0) {
        char allowed[300] = "";
        for (int i = 0; config_table[i].name; i++) {
            if (strcmp(config_table[i].name, "label") == 0) continue;
            size_t len = strlen(allowed);
            snprintf(allowed + len, sizeof allowed - len, "%s%s", len ? ", " : "", config_table[i].name);
        }
        if (strcmp(key, "label") == 0)
            return err_at(c, s, "label is not a setting in lessons (allowed: name a run with "
                                "'run: LABEL KEY=VALUE ...', quoted if it has spaces)");
        return err_at(c, s, "unknown key '%s' (allowed: %s)", key, allowed);
    }
    if (vn >= sizeof val)
        return err_at(c, eq + 1, "%s: value is too long (allowed: at most %d bytes)", key,
                      LP_VALUE_MAX - 1);
    memcpy(val, eq + 1, vn);
    val[vn] = 0;
    Error e2;
    Config scratch;
    config_default(&scratch);
    if (config_set(&scratch, key, val, &e2)) return err_at(c, eq + 1, "%s", e2.msg);
    for (int i = 0; i < l->n; i++) {
        if (strcmp(l->kv[i].key, key) == 0) {
            return err_at(c, s, "duplicate key '%s' (first set at line %d; allowed: each key "
                                "once %s)", key, l->kv[i].line, where);
        }
    }
    if (l->n >= LP_MAX_KV) return err_at(c, s, "too many settings");
    KV *kv = &l->kv[l->n++];
    size_t kl = strlen(key); /* a known config key: short */
    if (kl >= sizeof kv->key) kl = sizeof kv->key - 1;
    memcpy(kv->key, key, kl);
    kv->key[kl] = 0;
    memcpy(kv->val, val, vn + 1);
    kv->line = c->line;
    kv->col = col_at(c, s);
    return 0;
}

static int parse_kvs(Ctx *c, KVList *l, const char *s, const char *e, int after_label,
                     const char *where)
{
    while ((s = skip_ws(s, e)) < e) {
        const char *q = tok_end(s, e);
        const char *eq = memchr(s, '=', (size_t)(q - s));
        if (!eq) {
            char ex[160];
            lp_excerpt(ex, sizeof ex, s, (size_t)(q - s));
            if (after_label)
                return err_at(c, s, "expected KEY=VALUE after the run's label, found '%s' (allowed: "
                                    "one label, quoted if it has spaces, then KEY=VALUE ...)", ex);
            return err_at(c, s, "expected KEY=VALUE, found '%s' (allowed: KEY=VALUE ...)", ex);
        }
        if (add_kv(c, l, s, eq, q, where)) return -1;
        s = q;
    }
    return 0;
}

/* ---- directives ---- */

static int dir_name(Ctx *c, const char *kw, const char *s, const char *e)
{
    if (c->name_line) {
        return err_at(c, kw, "duplicate 'name' (first at line %d; allowed: one name per lesson)",
                      c->name_line);
    }
    s = skip_ws(s, e);
    const char *q = tok_end(s, e);
    size_t n = (size_t)(q - s);
    int ok = n > 0 && n < LESSON_NAME_MAX && s[0] >= 'a' && s[0] <= 'z' && skip_ws(q, e) == e;
    for (size_t i = 0; ok && i < n; i++) {
        char ch = s[i];
        ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
    }
    if (!ok)
        return err_at(c, s < e ? s : kw, "bad lesson name (allowed: one word of a-z, 0-9, '_', "
                                         "'-', starting with a letter, at most 23 characters)");
    memcpy(c->out->name, s, n);
    c->out->name[n] = 0;
    c->name_line = c->line;
    return 0;
}

static int dir_run(Ctx *c, const char *kw, const char *s, const char *e)
{
    Draft *d = &c->d;
    if (d->n_runs >= LESSON_MAX_RUNS)
        return err_at(c, kw, "too many runs in this step (allowed: at most %d)", LESSON_MAX_RUNS);
    RunSpec *r = &d->runs[d->n_runs];
    memset(r, 0, sizeof *r);
    r->line = c->line;
    r->col = col_at(c, kw);
    s = skip_ws(s, e);
    const char *lab = NULL, *lab_end = NULL;
    int after_label = 0;
    if (s < e && *s == '"') {
        lab = s + 1;
        lab_end = memchr(lab, '"', (size_t)(e - lab));
        if (!lab_end)
            return err_at(c, s, "unterminated quote in the run's label (allowed: \"LABEL\")");
        s = lab_end + 1;
        if (s < e && !is_ws(*s))
            return err_at(c, s, "expected a space after the quoted label");
        if (lab_end == lab)
            return err_at(c, lab - 1, "empty label (allowed: 1 to 31 bytes)");
    } else if (s < e) {
        const char *q = tok_end(s, e);
        if (!memchr(s, '=', (size_t)(q - s))) {
            lab = s;
            lab_end = q;
            s = q;
        }
    }
    if (lab) {
        size_t n = (size_t)(lab_end - lab);
        char tmp[CONFIG_LABEL_MAX + 1];
        if (n >= CONFIG_LABEL_MAX) {
            return err_at(c, lab, "label: too long (%zu bytes; allowed: at most %d)", n,
                          CONFIG_LABEL_MAX - 1);
        }
        memcpy(tmp, lab, n);
        tmp[n] = 0;
        Error e2;
        Config scratch;
        config_default(&scratch);
        if (config_set(&scratch, "label", tmp, &e2)) return err_at(c, lab, "%s", e2.msg);
        memcpy(r->label, tmp, n + 1);
        after_label = 1;
    }
    if (parse_kvs(c, &r->kv, s, e, after_label, "per run: line")) return -1;
    d->n_runs++;
    return 0;
}

static int dir_train(Ctx *c, const char *kw, const char *s, const char *e)
{
    Draft *d = &c->d;
    if (once_per_step(c, kw, d->train_line, "train")) return -1;
    s = skip_ws(s, e);
    const char *q = tok_end(s, e);
    long v = 0;
    /* "train: N over S s": the window plays the N steps live over S seconds */
    const char *over = skip_ws(q, e), *se = e;
    double secs = 0;
    if (e - over >= 4 && !memcmp(over, "over", 4)) {
        const char *n = skip_ws(over + 4, e), *ne = tok_end(n, e);
        const char *unit = skip_ws(ne, e);
        char buf[32];
        size_t len = (size_t)(ne - n);
        char *endp = NULL;
        if (len > 0 && len < sizeof buf) {
            memcpy(buf, n, len);
            buf[len] = 0;
            secs = strtod(buf, &endp);
        }
        if (!endp || *endp || !(secs >= 1 && secs <= 600) || e - unit != 1 || *unit != 's')
            return err_at(c, n < e ? n : over, "expected 'over SECONDS s' with 1..600 seconds "
                                               "(allowed: train: 300 over 10 s)");
        se = over;
    } else if (over != e) {
        se = e; /* reported below as not a number */
    }
    int ok = q > s && skip_ws(q, se) == se;
    for (const char *t = s; ok && t < q; t++) {
        if (*t < '0' || *t > '9') ok = 0;
        else if (v <= LESSON_MAX_TRAIN) v = v * 10 + (*t - '0');
    }
    if (!ok || v < 1 || v > LESSON_MAX_TRAIN) {
        char ex[160];
        lp_excerpt(ex, sizeof ex, s, (size_t)(e - s));
        return err_at(c, s < e ? s : kw, "train: '%s' is not a number of training steps "
                                         "(allowed: 1..1000000)", ex);
    }
    d->train = v;
    d->play = secs;
    d->train_line = c->line;
    return 0;
}

static int dir_panel(Ctx *c, const char *kw, const char *s, const char *e)
{
    Draft *d = &c->d;
    if (once_per_step(c, kw, d->panel_line, "panel")) return -1;
    s = skip_ws(s, e);
    const char *q = tok_end(s, e);
    int found = plot_panel_find(s, (size_t)(q - s));
    if (found < 0) {
        char ex[160], names[256];
        lp_excerpt(ex, sizeof ex, s, (size_t)(q - s));
        return err_at(c, s < e ? s : kw, "unknown panel '%s' (allowed: %s)", ex,
                      plot_panel_names_joined(names, sizeof names, ", "));
    }
    d->panel = (PanelKind)found;
    d->view = LESSON_VIEW_GRAD_H;
    d->sweep = d->slopes = 0;
    int have_view = 0;
    for (s = skip_ws(q, e); s < e; s = skip_ws(q, e)) {
        q = tok_end(s, e);
        char ex[160];
        lp_excerpt(ex, sizeof ex, s, (size_t)(q - s));
        if (found != PANEL_GRADIENT)
            return err_at(c, s, "unexpected '%s' (allowed: only the gradient panel takes options)",
                          ex);
        int v = -1;
        for (int i = 0; i < 3; i++)
            if (equals(s, (size_t)(q - s), view_names[i])) v = i;
        if (v >= 0 && !have_view) {
            d->view = (LessonGradView)v;
            have_view = 1;
        } else if (equals(s, (size_t)(q - s), "sweep") && !d->sweep) {
            d->sweep = 1;
        } else if (equals(s, (size_t)(q - s), "slopes") && !d->slopes) {
            d->slopes = 1;
        } else {
            return err_at(c, s, "unexpected '%s' (allowed: one of grad_h, jac_prod, whh_contrib, "
                                "then sweep, slopes)", ex);
        }
    }
    d->panel_line = c->line;
    return 0;
}

static int dir_check(Ctx *c, const char *kw, const char *s, const char *e, int readout)
{
    Draft *d = &c->d;
    if (d->n_checks >= LESSON_MAX_CHECKS)
        return err_at(c, kw, "too many checks in this step (allowed: at most %d)",
                      LESSON_MAX_CHECKS);
    s = skip_ws(s, e);
    size_t n = (size_t)(e - s);
    trim(&s, &n);
    if (n == 0)
        return err_at(c, kw, "empty check (allowed: RUN QUANTITY < NUMBER [by step N], "
                             "RUN [not] diverged; see lessons/README.md)");
    if (n >= LESSON_CHECK_MAX)
        return err_at(c, s, "check is too long (allowed: at most 239 bytes)");
    CheckSpec *k = &d->checks[d->n_checks++];
    memcpy(k->text, s, n);
    k->text[n] = 0;
    k->line = c->line;
    k->col = col_at(c, s);
    k->readout = readout;
    return 0;
}

/* beside: NAME [NAME ...] -- panels the narration also speaks of: when not every panel
 * fits (presenter mode), they stand beside the highlighted one before the others (among
 * themselves in the panel table's order). Not the sentence strip (always drawn), each
 * once. */
static int dir_beside(Ctx *c, const char *kw, const char *s, const char *e)
{
    Draft *d = &c->d;
    if (once_per_step(c, kw, d->beside_line, "beside")) return -1;
    s = skip_ws(s, e);
    if (s == e) return err_at(c, kw, "beside: names no panel (allowed: one or more panel names)");
    for (const char *q; s < e; s = skip_ws(q, e)) {
        q = tok_end(s, e);
        char ex[160], names[256];
        lp_excerpt(ex, sizeof ex, s, (size_t)(q - s));
        int k = plot_panel_find(s, (size_t)(q - s));
        if (k < 0)
            return err_at(c, s, "unknown panel '%s' (allowed: %s)", ex,
                          plot_panel_names_joined(names, sizeof names, ", "));
        if (plot_panel_place(k).strip)
            return err_at(c, s, "beside: '%s' is always drawn (allowed: the other panels)", ex);
        if (d->beside & (1u << k)) return err_at(c, s, "beside: '%s' named twice", ex);
        d->beside |= 1u << k;
    }
    d->beside_line = c->line;
    return 0;
}

/* loss_scale: linear|log -- the loss axis of the step, whatever its data. */
static int dir_loss_scale(Ctx *c, const char *kw, const char *s, const char *e)
{
    Draft *d = &c->d;
    if (once_per_step(c, kw, d->loss_scale_line, "loss_scale")) return -1;
    s = skip_ws(s, e);
    const char *q = tok_end(s, e);
    if (equals(s, (size_t)(q - s), "linear")) d->loss_scale = LESSON_SCALE_LINEAR;
    else if (equals(s, (size_t)(q - s), "log")) d->loss_scale = LESSON_SCALE_LOG;
    else {
        char ex[160];
        lp_excerpt(ex, sizeof ex, s, (size_t)(q - s));
        return err_at(c, s < e ? s : kw, "loss_scale: '%s' is not a scale (allowed: linear, log)",
                      ex);
    }
    if (skip_ws(q, e) != e)
        return err_at(c, skip_ws(q, e), "unexpected text after the scale (allowed: loss_scale: "
                                        "linear or log)");
    d->loss_scale_line = c->line;
    return 0;
}

/* show: RUN -- the run the sentence strip (and the heatmap first) shows. */
static int dir_show(Ctx *c, const char *kw, const char *s, const char *e)
{
    Draft *d = &c->d;
    if (once_per_step(c, kw, d->show_line, "show")) return -1;
    s = skip_ws(s, e);
    const char *lab = s, *end;
    if (s < e && *s == '"') {
        lab = s + 1;
        end = memchr(lab, '"', (size_t)(e - lab));
        if (!end) return err_at(c, s, "unterminated quote in a run label (allowed: \"LABEL\")");
        if (skip_ws(end + 1, e) != e)
            return err_at(c, skip_ws(end + 1, e), "unexpected text after the run's label (allowed: "
                                                  "show: RUN)");
    } else {
        end = tok_end(s, e);
        if (skip_ws(end, e) != e)
            return err_at(c, skip_ws(end, e), "unexpected text after the run's label (allowed: "
                                              "show: RUN, quoted if the label has spaces)");
    }
    size_t n = (size_t)(end - lab);
    if (n == 0) return err_at(c, s < e ? s : kw, "expected a run label (allowed: show: RUN)");
    if (n >= CONFIG_LABEL_MAX)
        return err_at(c, lab, "label: too long (%zu bytes; allowed: at most %d)", n,
                      CONFIG_LABEL_MAX - 1);
    memcpy(d->show, lab, n);
    d->show[n] = 0;
    d->show_line = c->line;
    d->show_col = col_at(c, lab);
    return 0;
}

/* example: SENTENCE -- the sentence the strip shows for every run (not trained
 * on; see run_set_example), checked against each run's task when the step is
 * finished; a step without one keeps the step before's, "none" drops it. */
static int dir_example(Ctx *c, const char *kw, const char *s, const char *e)
{
    Draft *d = &c->d;
    if (once_per_step(c, kw, d->example_line, "example")) return -1;
    s = skip_ws(s, e);
    while (e > s && is_ws(e[-1])) e--;
    size_t n = (size_t)(e - s);
    if (n == 0)
        return err_at(c, kw, "empty example (allowed: example: a sentence of the task, e.g. "
                             "Jane was born in Kerala. Jane is very fluent in ___)");
    if (n >= LESSON_EXAMPLE_MAX)
        return err_at(c, s, "example is too long (%zu bytes; allowed: at most %d)", n,
                      LESSON_EXAMPLE_MAX - 1);
    memcpy(d->example, s, n);
    d->example[n] = 0;
    d->example_line = c->line;
    d->example_col = col_at(c, s);
    return 0;
}

/* The example fits every run's task: else an error at the word it stops on. */
static int check_example(const Ctx *c, const Draft *d, const LessonStep *st, int inherited)
{
    for (int i = 0; i < st->n_runs; i++) {
        Task t;
        Error e2;
        int target, at = 0;
        if (task_init(&t, &st->runs[i].cfg, &e2)) continue; /* config_check said it already */
        int *tok = malloc(sizeof *tok * (size_t)t.T);
        if (!tok) return oom(c);
        int rc = task_example(&t, d->example, tok, &target, &at, &e2);
        free(tok);
        if (rc)
            return lp_error(&c->p, d->example_line,
                            d->example_col + lp_ncols(d->example, (size_t)at),
                            "run '%s' (task %s, seq_len %d): %s%s", st->runs[i].label,
                            task_name(t.kind), t.T, e2.msg,
                            inherited ? " (the example of the step before, kept by a step "
                                        "without one; allowed: write 'example:' in this step, "
                                        "or 'example: none')" : "");
    }
    return 0;
}

/* A power of ten as written in `shade:` ("1e-36", "1", "0.001"); its log10 in *out. */
static int shade_bound(Ctx *c, const char *s, const char *q, double *out)
{
    char buf[64], ex[160];
    size_t n = (size_t)(q - s);
    lp_excerpt(ex, sizeof ex, s, n);
    if (n == 0 || n >= sizeof buf)
        return err_at(c, s, "expected a number such as 1e-36 (allowed: shade: LO .. HI)");
    memcpy(buf, s, n);
    buf[n] = 0;
    char *endp;
    double v = strtod(buf, &endp);
    if (*endp || !(v > 0) || !isfinite(v))
        return err_at(c, s, "'%s' is not a positive number (allowed: shade: LO .. HI, e.g. "
                            "shade: 1e-36 .. 1)", ex);
    *out = log10(v);
    return 0;
}

/* shade: LO .. HI -- the colour scale of the sentence strip and heatmap in every step. */
static int dir_shade(Ctx *c, const char *kw, const char *s, const char *e)
{
    if (c->shade_line)
        return err_at(c, kw, "duplicate 'shade' (first at line %d; allowed: one per lesson)",
                      c->shade_line);
    s = skip_ws(s, e);
    const char *q = tok_end(s, e);
    double lo, hi;
    if (shade_bound(c, s, q, &lo)) return -1;
    const char *dots = skip_ws(q, e), *dq = tok_end(dots, e);
    if (!equals(dots, (size_t)(dq - dots), ".."))
        return err_at(c, dots < e ? dots : q, "expected '..' between the two ends (allowed: "
                                              "shade: LO .. HI)");
    const char *h = skip_ws(dq, e), *hq = tok_end(h, e);
    if (shade_bound(c, h, hq, &hi)) return -1;
    if (skip_ws(hq, e) != e) return err_at(c, hq, "unexpected text after 'shade: LO .. HI'");
    if (!(hi - lo >= 1) || hi - lo > 400)
        return err_at(c, h, "the range must span 1 to 400 decades with HI above LO (allowed: "
                            "e.g. shade: 1e-36 .. 1)");
    c->out->shade_lo = lo;
    c->out->shade_hi = hi;
    c->shade_line = c->line;
    return 0;
}

/* One line inside a ```lesson block (s..e without the newline). */
static int directive(Ctx *c, const char *s, const char *e)
{
    s = skip_ws(s, e);
    if (s == e || *s == '#') return 0; /* blank line or comment */
    const char *w = s;
    while (s < e && ((*s >= 'a' && *s <= 'z') || *s == '_')) s++;
    int in_step = c->d.line != 0;
    const char *allowed = in_step ? "run, set, train, panel, beside, loss_scale, check, readout, "
                                    "show, example"
                                  : "name, set, shade";
    if (s == w || s == e || *s != ':') {
        return err_at(c, w, "expected 'directive: value' in a ```lesson block (allowed: %s; "
                            "'#' starts a comment)", allowed);
    }
    size_t n = (size_t)(s - w);
    const char *v = s + 1;
    if (equals(w, n, "set"))
        return parse_kvs(c, in_step ? &c->d.set : &c->lesson_set, v, e, 0,
                         in_step ? "in a step's set: lines" : "in the lesson's set: lines");
    if (!in_step) {
        if (equals(w, n, "name")) return dir_name(c, w, v, e);
        if (equals(w, n, "shade")) return dir_shade(c, w, v, e);
        if (equals(w, n, "run") || equals(w, n, "train") || equals(w, n, "panel") ||
            equals(w, n, "beside") || equals(w, n, "check") || equals(w, n, "readout") || equals(w, n, "show") ||
            equals(w, n, "example") || equals(w, n, "loss_scale")) {
            char ex[16];
            lp_excerpt(ex, sizeof ex, w, n);
            return err_at(c, w, "'%s' belongs in a step (allowed before the first '## ' heading: "
                                "%s)", ex, allowed);
        }
    } else {
        if (equals(w, n, "run")) return dir_run(c, w, v, e);
        if (equals(w, n, "train")) return dir_train(c, w, v, e);
        if (equals(w, n, "panel")) return dir_panel(c, w, v, e);
        if (equals(w, n, "beside")) return dir_beside(c, w, v, e);
        if (equals(w, n, "check")) return dir_check(c, w, v, e, 0);
        if (equals(w, n, "readout")) return dir_check(c, w, v, e, 1);
        if (equals(w, n, "show")) return dir_show(c, w, v, e);
        if (equals(w, n, "example")) return dir_example(c, w, v, e);
        if (equals(w, n, "loss_scale")) return dir_loss_scale(c, w, v, e);
        if (equals(w, n, "shade"))
            return err_at(c, w, "'shade' belongs in the lesson's first block, before the first "
                                "'## ' heading: one colour scale for every step (allowed here: %s)",
                          allowed);
        if (equals(w, n, "name"))
            return err_at(c, w, "'name' belongs in the lesson's first block, before the first "
                                "'## ' heading (allowed here: %s)", allowed);
    }
    char ex[160];
    lp_excerpt(ex, sizeof ex, w, n);
    return err_at(c, w, "unknown directive '%s' (allowed: %s)", ex, allowed);
}

/* ---- steps ---- */

static int apply_kvs(const Ctx *c, Config *cfg, const KVList *l)
{
    for (int i = 0; i < l->n; i++) {
        Error e2;
        if (config_set(cfg, l->kv[i].key, l->kv[i].val, &e2)) /* validated when read */
            return lp_error(&c->p, l->kv[i].line, l->kv[i].col, "%s", e2.msg);
    }
    return 0;
}

/* A new step at the end of the lesson (zeroed), or NULL if out of memory. */
static LessonStep *new_step(Ctx *c)
{
    Lesson *out = c->out;
    if (out->n_steps >= c->steps_cap) {
        int cap = c->steps_cap ? c->steps_cap * 2 : 8;
        if (cap > LESSON_MAX_STEPS) cap = LESSON_MAX_STEPS;
        LessonStep *s = realloc(out->steps, (size_t)cap * sizeof *s);
        if (!s) return NULL;
        out->steps = s;
        c->steps_cap = cap;
    }
    LessonStep *st = &out->steps[out->n_steps++];
    memset(st, 0, sizeof *st);
    return st;
}

/* What the step does not say, it inherits from the step before: its runs, training,
 * panel and loss axis. Returns 1 if the runs are inherited. */
static int inherit(Ctx *c, Draft *d, LessonStep *st)
{
    int inherited = d->n_runs == 0;
    if (inherited) {
        if (c->have_prev) {
            d->n_runs = c->n_prev_runs;
            memcpy(d->runs, c->prev_runs, sizeof d->runs);
        } else {
            d->n_runs = 1;
            memset(&d->runs[0], 0, sizeof d->runs[0]);
        }
    }
    st->play = d->train_line ? d->play : c->have_prev ? c->prev_play : 0;
    st->train = d->train_line ? d->train : c->have_prev ? c->prev_train : LESSON_DEFAULT_TRAIN;
    st->loss_scale = d->loss_scale_line ? d->loss_scale
                     : c->have_prev     ? c->prev_loss_scale
                                        : LESSON_SCALE_DEFAULT;
    st->beside = d->beside; /* this step only */
    if (d->panel_line) {
        st->panel = d->panel, st->grad_view = d->view, st->sweep = d->sweep, st->slopes = d->slopes;
    } else if (c->have_prev) {
        st->panel = c->prev_panel, st->grad_view = c->prev_view, st->sweep = c->prev_sweep;
        st->slopes = c->prev_slopes;
    }
    return inherited;
}

/* The step's runs: configs (the lesson's set:, the step's, the run's own), labels
 * told apart, and the training work they ask for within the limit (their memory:
 * step_memory, once the step's sentence is known). */
static int step_runs(Ctx *c, Draft *d, LessonStep *st, int inherited)
{
    st->n_runs = d->n_runs;
    for (int i = 0; i < d->n_runs; i++) {
        RunSpec *r = &d->runs[i];
        LessonRun *lr = &st->runs[i];
        int line = inherited ? d->line : r->line, col = inherited ? 1 : r->col;
        config_default(&lr->cfg);
        if (apply_kvs(c, &lr->cfg, &c->lesson_set) || apply_kvs(c, &lr->cfg, &d->set) ||
            apply_kvs(c, &lr->cfg, &r->kv))
            return -1;
        if (r->label[0]) snprintf(lr->cfg.label, sizeof lr->cfg.label, "%s", r->label);
        config_label(&lr->cfg, lr->label, sizeof lr->label);
        Error e2;
        if (config_check(&lr->cfg, &e2))
            return lp_error(&c->p, line, col, "run '%s': %s", lr->label, e2.msg);
        for (int j = 0; j < i; j++)
            if (strcmp(st->runs[j].label, lr->label) == 0)
                return lp_error(&c->p, line, col, "two runs in this step are labelled '%s' "
                                                  "(allowed: distinct labels; name a run with "
                                                  "'run: LABEL KEY=VALUE ...')", lr->label);
    }
    /* the training a step asks for: within the command line's limit (each step is trained
     * from its runs' seed, as one command would); told at the step's own train: line, or
     * at its heading when it trains as the step before */
    const Config *cfgs[LESSON_MAX_RUNS];
    for (int i = 0; i < st->n_runs; i++) cfgs[i] = &st->runs[i].cfg;
    Error e3;
    if (cli_work_check(cfgs, st->n_runs, st->train, &e3))
        return lp_error(&c->p, d->train_line ? d->train_line : d->line, 1, "train: %s", e3.msg);
    return 0;
}

/* The step's checks and readouts, and the run its sentence strip shows (show:). */
static int step_checks(Ctx *c, Draft *d, LessonStep *st)
{
    for (int i = 0; i < d->n_checks; i++) {
        LessonCheck *k = &st->checks[i];
        memcpy(k->text, d->checks[i].text, sizeof k->text);
        k->line = d->checks[i].line;
        st->n_checks = i + 1;
        if (lp_parse_check(&c->p, k, st, d->checks[i].col)) return -1;
        k->readout = d->checks[i].readout;
        if (k->readout && k->diverged)
            return lp_error(&c->p, k->line, d->checks[i].col, "a readout shows a number (allowed: "
                                                                "RUN QUANTITY CMP ...; write "
                                                                "'diverged' checks as check:)");
    }
    st->show = -1;
    if (!d->show_line) return 0;
    for (int i = 0; i < st->n_runs; i++)
        if (strcmp(st->runs[i].label, d->show) == 0) st->show = i;
    if (st->show >= 0) return 0;
    char allowed[400] = "";
    for (int i = 0; i < st->n_runs; i++) {
        size_t len = strlen(allowed);
        snprintf(allowed + len, sizeof allowed - len, "%s%s", i ? ", " : "", st->runs[i].label);
    }
    return lp_error(&c->p, d->show_line, d->show_col, "unknown run '%s' (allowed: the "
                                                      "runs of this step: %s)", d->show, allowed);
}

/* The step's example sentence: its own, or the step before's (kept), or none. */
static int step_example(Ctx *c, Draft *d, LessonStep *st)
{
    int kept = !d->example_line && c->have_prev && c->prev_example[0];
    if (kept) {
        memcpy(d->example, c->prev_example, sizeof d->example);
        d->example_line = c->prev_example_line;
        d->example_col = c->prev_example_col;
    }
    if (d->example_line && strcmp(d->example, "none") != 0) {
        if (check_example(c, d, st, kept)) return -1;
        memcpy(st->example, d->example, sizeof st->example);
    }
    return 0;
}

/* The memory the step's runs ask for together, each with the second model its pinned
 * sentence needs (config_example_memory_bytes), within the limit. */
static int step_memory(Ctx *c, const Draft *d, const LessonStep *st)
{
    double bytes = 0;
    for (int i = 0; i < st->n_runs; i++)
        bytes += config_memory_bytes(&st->runs[i].cfg) +
                 (st->example[0] ? config_example_memory_bytes(&st->runs[i].cfg) : 0);
    if (bytes > LESSON_MAX_STEP_BYTES)
        return lp_error(&c->p, d->line, 1, "the runs of this step need about %.1f GiB (allowed: at "
                                           "most 2 GiB together); lower hidden, seq_len or batch",
                        bytes / (1024.0 * 1024 * 1024));
    return 0;
}

/* What the next step inherits from this one. */
static void remember(Ctx *c, const Draft *d, const LessonStep *st)
{
    memcpy(c->prev_example, st->example, sizeof c->prev_example);
    c->prev_example_line = d->example_line;
    c->prev_example_col = d->example_col;
    c->have_prev = 1;
    c->n_prev_runs = d->n_runs;
    memcpy(c->prev_runs, d->runs, sizeof c->prev_runs);
    c->prev_train = st->train;
    c->prev_play = st->play;
    c->prev_loss_scale = st->loss_scale;
    c->prev_panel = st->panel;
    c->prev_view = st->grad_view;
    c->prev_sweep = st->sweep;
    c->prev_slopes = st->slopes;
}

/* Resolves the open step's runs and checks and appends it to the lesson. */
static int finish_step(Ctx *c)
{
    Draft *d = &c->d;
    if (!d->line) return 0;
    LessonStep *st = new_step(c);
    if (!st) return oom(c);
    st->line = d->line;
    st->title = d->title;
    d->title = NULL;
    st->narration = buf_take(&d->narr);
    st->try_this = d->tries.n ? buf_take(&d->tries) : NULL;
    if (!st->narration) return oom(c);
    if (!st->narration[0])
        return lp_error(&c->p, d->line, 1, "step '%.60s' has no narration (allowed: a step "
                                           "needs at least one line of text under its heading)",
                        st->title);
    int inherited = inherit(c, d, st);
    if (step_runs(c, d, st, inherited) || step_checks(c, d, st) || step_example(c, d, st) ||
        step_memory(c, d, st))
        return -1;
    remember(c, d, st);
    memset(d, 0, sizeof *d);
    return 0;
}

/* "# ..." -> 1, "## ..." -> 2, ...; 0 if the line is not a heading. */
static int heading_level(const char *s, size_t n)
{
    size_t k = 0;
    while (k < n && s[k] == '#') k++;
    if (k == 0 || k > 6) return 0;
    return (k == n || is_ws(s[k])) ? (int)k : 0;
}

static int heading_text(Ctx *c, const char *s, size_t n, int level, char **out)
{
    const char *t = s + level;
    size_t m = n - (size_t)level;
    trim(&t, &m);
    if (m == 0)
        return lp_error(&c->p, c->line, 1, "%s",
                        level == 1 ? "empty title (allowed: '# Title text')"
                                   : "empty step title (allowed: '## Step title')");
    if (lp_ncols(t, m) > LP_TITLE_MAX)
        return err_at(c, t, "title is too long (allowed: at most %d characters)", LP_TITLE_MAX);
    *out = malloc(m + 1);
    if (!*out) return oom(c);
    memcpy(*out, t, m);
    (*out)[m] = 0;
    return 0;
}

static int body_line(Ctx *c, const char *s, size_t n)
{
    Draft *d = &c->d;
    int level = heading_level(s, n);
    Buf *narr = d->line ? &d->narr : &c->intro;
    int *brk = d->line ? &d->narr_brk : &c->intro_brk;
    int quote = n > 0 && s[0] == '>';
    if (!quote) d->last_quote = 0;
    if (level == 1)
        return lp_error(&c->p, c->line, 1, "a second title (allowed: one '# ' title per lesson; "
                                           "steps start with '## ')");
    if (level == 2) {
        if (finish_step(c)) return -1;
        if (c->out->n_steps >= LESSON_MAX_STEPS)
            return lp_error(&c->p, c->line, 1, "too many steps (allowed: at most %d)",
                            LESSON_MAX_STEPS);
        d->line = c->line;
        return heading_text(c, s, n, 2, &d->title);
    }
    if (level > 2)
        return lp_error(&c->p, c->line, 1, "heading level %d (allowed: '# ' for the title and "
                                           "'## ' for steps)", level);
    if (n >= 3 && memcmp(s, "```", 3) == 0) {
        const char *info = s + 3;
        size_t m = n - 3;
        trim(&info, &m);
        if (!equals(info, m, "lesson"))
            return lp_error(&c->p, c->line, 1, "code block without 'lesson' (allowed: settings "
                                               "in a ```lesson block; other code blocks are not "
                                               "supported)");
        c->state = S_BLOCK;
        c->block_line = c->line;
        if (narr->n) *brk = 1;
        return 0;
    }
    if (quote) {
        if (!d->line)
            return lp_error(&c->p, c->line, 1, "'>' (try this) before the first step (allowed: "
                                               "'> Try this: ...' inside a step)");
        const char *t = s + 1;
        size_t m = n - 1;
        trim(&t, &m);
        if (m >= 9 && strncmp(t, "Try this:", 9) == 0) t += 9, m -= 9;
        if (!d->last_quote && d->tries.n) d->try_brk = 1;
        d->last_quote = 1;
        return text_line(&d->tries, &d->try_brk, t, m) ? oom(c) : 0;
    }
    return text_line(narr, brk, s, n) ? oom(c) : 0;
}

static int one_line(Ctx *c, const char *s, size_t n)
{
    if (c->state == S_BLOCK) {
        const char *t = s;
        size_t m = n;
        trim(&t, &m);
        if (m >= 3 && memcmp(t, "```", 3) == 0) {
            if (m != 3)
                return err_at(c, t, "expected ``` alone to close the ```lesson block");
            c->state = S_BODY;
            return 0;
        }
        return directive(c, s, s + n);
    }
    if (c->state == S_TITLE) {
        const char *t = s;
        size_t m = n;
        trim(&t, &m);
        if (m == 0) return 0;
        if (heading_level(s, n) != 1)
            return lp_error(&c->p, c->line, 1, "missing title (allowed: a lesson starts with a "
                                               "line '# Title')");
        c->state = S_BODY;
        return heading_text(c, s, n, 1, &c->out->title);
    }
    return body_line(c, s, n);
}

void lesson_free(Lesson *l)
{
    if (!l) return;
    for (int i = 0; i < l->n_steps; i++) {
        free(l->steps[i].title);
        free(l->steps[i].narration);
        free(l->steps[i].try_this);
    }
    free(l->steps);
    free(l->title);
    free(l->intro);
    memset(l, 0, sizeof *l);
}

static void draft_free(Draft *d)
{
    free(d->title);
    free(d->narr.p);
    free(d->tries.p);
}

int lesson_parse(Lesson *out, const char *name, const char *text, size_t len, Error *err)
{
    memset(out, 0, sizeof *out);
    LessonParser p = {name ? name : "lesson", err};
    if (len > LESSON_MAX_BYTES)
        return lp_error(&p, 1, 1, "file is larger than 1 MiB (allowed: at most %d bytes)",
                        LESSON_MAX_BYTES);
    if (len == 0 || !text)
        return lp_error(&p, 1, 1, "missing title (allowed: a lesson starts with a line '# Title')");
    if (lp_validate(&p, text, len)) return -1;
    Ctx *c = calloc(1, sizeof *c);
    if (!c) return lp_error(&p, 1, 1, "out of memory");
    c->p = p;
    c->out = out;
    snprintf(out->source, sizeof out->source, "%s", p.name);
    out->shade_lo = out->shade_hi = NAN;
    const char *pos = text, *end = text + len;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) pos += 3; /* byte order mark */
    int rc = 0;
    while (pos < end && rc == 0) {
        const char *nl = memchr(pos, '\n', (size_t)(end - pos));
        const char *le = nl ? nl : end;
        size_t n = (size_t)(le - pos);
        if (n && pos[n - 1] == '\r') n--;
        c->line++;
        c->ls = pos;
        rc = one_line(c, pos, n);
        pos = nl ? nl + 1 : end;
    }
    if (rc == 0 && c->state == S_TITLE)
        rc = lp_error(&p, 1, 1, "missing title (allowed: a lesson starts with a line '# Title')");
    if (rc == 0 && c->state == S_BLOCK)
        rc = lp_error(&p, c->block_line, 1, "```lesson block is not closed (allowed: close it with "
                                            "``` on its own line)");
    if (rc == 0) rc = finish_step(c);
    if (rc == 0 && out->n_steps == 0)
        rc = lp_error(&p, c->line, 1, "no steps (allowed: a lesson needs at least one '## Step "
                                      "title' with narration)");
    if (rc == 0) {
        out->intro = buf_take(&c->intro);
        if (!out->intro) rc = lp_error(&p, c->line, 1, "out of memory");
    }
    draft_free(&c->d);
    free(c->intro.p);
    free(c);
    if (rc) lesson_free(out);
    return rc;
}

int lesson_load(Lesson *out, const char *path, Error *err)
{
    memset(out, 0, sizeof *out);
    /* O_NONBLOCK: a FIFO must not hang the program before it is rejected below */
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) return error_set(err, "%.200s: cannot open: %s", path, strerror(errno));
    struct stat st;
    int have_st = fstat(fd, &st) == 0;
    if (!have_st || !S_ISREG(st.st_mode)) {
        int dir = have_st && S_ISDIR(st.st_mode);
        close(fd);
        return error_set(err, "%.200s: %s (allowed: a lesson file)", path,
                         dir ? "is a directory" : "is not a regular file");
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int e = errno;
        close(fd);
        return error_set(err, "%.200s: cannot open: %s", path, strerror(e));
    }
    char *buf = malloc(LESSON_MAX_BYTES + 1);
    if (!buf) {
        fclose(f);
        return error_set(err, "%.200s: out of memory", path);
    }
    size_t n = fread(buf, 1, LESSON_MAX_BYTES + 1, f);
    int bad = ferror(f);
    int eno = errno;
    fclose(f);
    if (bad) {
        free(buf);
        return error_set(err, "%.200s: cannot read: %s", path, strerror(eno));
    }
    int rc = lesson_parse(out, path, buf, n, err);
    free(buf);
    return rc;
}
