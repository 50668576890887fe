/* lesson_check.c - the check grammar (see lessons/README.md, "Checks"):
 *
 *   check    := run ( "not"? "diverged" | value cmp ( number | run value ) ) when?
 *   run      := LABEL | "QUOTED LABEL"            (a run of this step)
 *   value    := term ( "/" term )?                (a ratio of the same run's quantities)
 *   term     := NAME | NAME "[" index "]"         (per-timestep quantities need the index)
 *   index    := INTEGER | "T" "-" INTEGER         (0..T-1, T = that run's seq_len)
 *   cmp      := "<" | "<=" | ">" | ">="
 *   when     := ( "at" | "by" | "until" ) "step" INTEGER
 *
 * Everything that can be checked before training is checked here: the run
 * exists, the quantity exists for that kind of run, the timestep is inside the
 * sequence, the step number is inside the step's training. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson_internal.h"
#include "plot.h"

/* What a run needs beyond its cell to have a quantity; which cells have it is their
 * rows' has in cell_list.h (config_cell_has). */
enum { NEED_XENT = 1, NEED_BIDIR = 2 };

typedef struct QtyInfo {
    const char *name;
    int indexed;   /* per timestep: NAME[t] */
    int need;      /* NEED_* */
    const char *show; /* for people: {t}, {t-1} and {T-1} stand for those numbers,
                       * {mean} and {median} for the steps they cover */
    int unit;         /* PLOT_UNIT_*: how a readout writes the value */
} QtyInfo;

static const QtyInfo qtys[LESSON_Q_COUNT] = {
    [LESSON_Q_NONE] = {"", 0, 0},
    [LESSON_Q_LOSS] = {"loss", 0, 0, "loss ({median})", 0},
    [LESSON_Q_ACCURACY] = {"accuracy", 0, NEED_XENT, "accuracy ({mean})", PLOT_UNIT_PERCENT},
    [LESSON_Q_GRAD_NORM] = {"grad_norm", 0, 0, "‖gradient‖ before clipping", 0},
    [LESSON_Q_GRAD_NORM_CLIPPED] = {"grad_norm_clipped", 0, 0, "‖gradient‖ after clipping", 0},
    [LESSON_Q_CLIPPED] = {"clipped", 0, 0, "steps clipped", PLOT_UNIT_PERCENT},
    [LESSON_Q_CLIP_ANGLE] = {"clip_angle", 0, 0, "angle between gradient and step", PLOT_UNIT_DEGREES},
    [LESSON_Q_SIGMA_MAX] = {"sigma_max", 0, 0, "σmax(W_hh)", 0},
    [LESSON_Q_SPECTRAL_RADIUS] = {"spectral_radius", 0, 0, "spectral radius of W_hh", 0},
    [LESSON_Q_GRAD_H] = {"grad_h", 1, 0, "‖∂L/∂h({t})‖", 0},
    [LESSON_Q_GRAD_H_REV] = {"grad_h_rev", 1, NEED_BIDIR, "‖∂L/∂h({t})‖ reverse direction", 0},
    [LESSON_Q_GRAD_C] = {"grad_c", 1, 0, "‖∂L/∂c({t})‖", 0},
    [LESSON_Q_GRAD_X] = {"grad_x", 1, 0, "‖∂L/∂x({t})‖", 0},
    [LESSON_Q_WHH_CONTRIB] = {"whh_contrib", 1, 0, "‖W_hh share of t = {t}‖", 0},
    [LESSON_Q_JAC_NORM] = {"jac_norm", 1, 0, "‖∂h({t})/∂h({t-1})‖", 0},
    [LESSON_Q_JAC_PROD] = {"jac_prod", 1, 0, "‖∂h({T-1})/∂h({t})‖", 0},
    [LESSON_Q_BOUND] = {"bound", 1, 0, "Pascanu bound at t = {t}", 0},
    [LESSON_Q_INPUT_GATE] = {"input_gate", 1, 0, "input gate at t = {t}", 0},
    [LESSON_Q_FORGET_GATE] = {"forget_gate", 1, 0, "forget gate at t = {t}", 0},
    [LESSON_Q_OUTPUT_GATE] = {"output_gate", 1, 0, "output gate at t = {t}", 0},
    [LESSON_Q_RESET_GATE] = {"reset_gate", 1, 0, "reset gate at t = {t}", 0},
    [LESSON_Q_UPDATE_GATE] = {"update_gate", 1, 0, "update gate at t = {t}", 0},
    [LESSON_Q_ATTN] = {"attn", 1, 0, "attention on word {t} (strongest head)", 0},
};


/* The adding task is a regression (MSE): it has no accuracy. */
static int task_is_xent(TaskKind k) { return k != TASK_ADDING; }

typedef struct Cur {
    const LessonParser *p;
    const LessonCheck *c;
    const LessonStep *st;
    const char *s;   /* where we are in c->text */
    int col0;
} Cur;

static int cerr(const Cur *k, const char *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int cerr(const Cur *k, const char *at, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int col = k->col0 + lp_ncols(k->c->text, (size_t)(at - k->c->text));
    return lp_error(k->p, k->c->line, col, "%s", msg);
}

static void skip(Cur *k)
{
    while (*k->s == ' ' || *k->s == '\t') k->s++;
}

static size_t word_len(const char *s)
{
    size_t n = 0;
    while ((s[n] >= 'a' && s[n] <= 'z') || s[n] == '_') n++;
    return n;
}

static int is_word(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && memcmp(s, w, n) == 0;
}

/* The next whitespace-delimited token, for messages. */
static void token(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != '\t') n++;
    if (n == 0) {
        snprintf(out, cap, "the end");
        return;
    }
    char ex[160];
    lp_excerpt(ex, sizeof ex, s, n);
    snprintf(out, cap, "'%s'", ex);
}

/* Non-negative integer (at most 9 digits, so no overflow). */
static int integer(Cur *k, long *v)
{
    const char *s = k->s;
    long x = 0;
    int n = 0;
    while (*s >= '0' && *s <= '9') {
        if (n == 9) return -1;
        x = x * 10 + (*s - '0');
        s++, n++;
    }
    if (n == 0) return -1;
    k->s = s;
    *v = x;
    return 0;
}

static int parse_run(Cur *k, int *run)
{
    skip(k);
    const char *at = k->s, *lab = k->s, *end;
    if (*at == '"') {
        lab = at + 1;
        end = strchr(lab, '"');
        if (!end) return cerr(k, at, "unterminated quote in a run label (allowed: \"LABEL\")");
        k->s = end + 1;
    } else {
        end = lab;
        while (*end && *end != ' ' && *end != '\t') end++;
        k->s = end;
    }
    size_t n = (size_t)(end - lab);
    for (int i = 0; i < k->st->n_runs; i++) {
        if (strlen(k->st->runs[i].label) == n && memcmp(k->st->runs[i].label, lab, n) == 0) {
            *run = i;
            return 0;
        }
    }
    char ex[160], allowed[400] = "";
    lp_excerpt(ex, sizeof ex, lab, n);
    for (int i = 0; i < k->st->n_runs; i++) {
        size_t len = strlen(allowed);
        const char *lb = k->st->runs[i].label;
        int quote = strchr(lb, ' ') || strchr(lb, '\t');
        snprintf(allowed + len, sizeof allowed - len, "%s%s%s%s", i ? ", " : "", quote ? "\"" : "",
                 lb, quote ? "\"" : "");
    }
    if (n == 0) return cerr(k, at, "expected a run label (allowed: %s)", allowed);
    return cerr(k, at, "unknown run '%s' (allowed: the runs of this step: %s)", ex, allowed);
}

static void qty_list(char *out, size_t cap)
{
    out[0] = 0;
    for (int q = LESSON_Q_LOSS; q < LESSON_Q_COUNT; q++) {
        size_t len = strlen(out);
        snprintf(out + len, cap - len, "%s%s%s", q > LESSON_Q_LOSS ? ", " : "", qtys[q].name,
                 qtys[q].indexed ? "[t]" : "");
    }
}

static int parse_term(Cur *k, const LessonRun *r, LessonQty *q, int *t)
{
    skip(k);
    const char *at = k->s;
    size_t n = word_len(at);
    int found = -1;
    for (int i = LESSON_Q_LOSS; i < LESSON_Q_COUNT; i++)
        if (is_word(at, n, qtys[i].name)) found = i;
    if (found < 0) {
        char tok[200], list[400];
        token(at, tok, sizeof tok);
        qty_list(list, sizeof list);
        return cerr(k, at, "expected a quantity, found %s (allowed: %s)", tok, list);
    }
    const QtyInfo *qi = &qtys[found];
    const Config *cfg = &r->cfg;
    if ((qi->need & NEED_XENT) && !task_is_xent(cfg->task))
        return cerr(k, at, "run '%s' has no %s: task %s is a regression (allowed: loss and the "
                           "gradient quantities)", r->label, qi->name, task_name(cfg->task));
    if (!config_cell_has(cfg->cell, qi->name)) {
        char cells[120];
        config_cells_having(qi->name, cells, sizeof cells);
        return cerr(k, at, "run '%s' is cell=%s: it has no %s (allowed: %s runs)", r->label,
                    cell_name(cfg->cell), qi->name, cells);
    }
    if ((qi->need & NEED_BIDIR) && !cfg->bidirectional)
        return cerr(k, at, "run '%s' is not bidirectional: it has no %s (allowed: bidirectional=1 "
                           "runs)", r->label, qi->name);
    k->s = at + n;
    *q = (LessonQty)found;
    *t = -1;
    int T = cfg->seq_len;
    if (!qi->indexed) {
        if (*k->s == '[')
            return cerr(k, k->s, "%s has no timestep (allowed: %s without [t])", qi->name,
                        qi->name);
        return 0;
    }
    if (*k->s != '[')
        return cerr(k, k->s, "%s needs a timestep (allowed: %s[t] with t = 0..%d or T-1..T-%d)",
                    qi->name, qi->name, T - 1, T);
    k->s++;
    skip(k);
    const char *idx = k->s;
    long v, x;
    if (*k->s == 'T') {
        k->s++;
        skip(k);
        if (*k->s != '-') goto bad;
        k->s++;
        skip(k);
        if (integer(k, &x)) goto bad;
        v = T - x;
    } else if (integer(k, &x) == 0) {
        v = x;
    } else {
        goto bad;
    }
    skip(k);
    if (*k->s != ']') goto bad;
    k->s++;
    if (v < 0 || v >= T)
        return cerr(k, idx, "timestep %ld is outside run '%s' (allowed: 0..%d, or T-1..T-%d; "
                            "T = seq_len = %d)", v, r->label, T - 1, T, T);
    *t = (int)v;
    return 0;
bad:
    return cerr(k, idx, "bad timestep (allowed: %s[t] with t = 0..%d, or T-k with k = 1..%d)",
                qi->name, T - 1, T);
}

static int parse_value(Cur *k, LessonOperand *o)
{
    const LessonRun *r = &k->st->runs[o->run];
    if (parse_term(k, r, &o->num, &o->num_t)) return -1;
    o->den = LESSON_Q_NONE;
    o->den_t = -1;
    skip(k);
    if (*k->s == '/') {
        k->s++;
        if (parse_term(k, r, &o->den, &o->den_t)) return -1;
    }
    return 0;
}

static int parse_number(Cur *k, double *v)
{
    const char *s = k->s, *at = k->s;
    int digits = 0;
    if (*s == '+' || *s == '-') s++;
    while (*s >= '0' && *s <= '9') s++, digits++;
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9') s++, digits++;
    }
    if (digits && (*s == 'e' || *s == 'E')) {
        const char *e = s + 1;
        if (*e == '+' || *e == '-') e++;
        if (*e >= '0' && *e <= '9') {
            while (*e >= '0' && *e <= '9') e++;
            s = e;
        }
    }
    char tok[200];
    token(at, tok, sizeof tok);
    if (!digits || (*s && *s != ' ' && *s != '\t'))
        return cerr(k, at, "expected a number, found %s (allowed: e.g. 0.95, 1e-10, -3)", tok);
    char buf[128];
    size_t n = (size_t)(s - at);
    if (n >= sizeof buf) return cerr(k, at, "number is too long (allowed: at most 127 characters)");
    memcpy(buf, at, n);
    buf[n] = 0;
    double x = strtod(buf, NULL);
    if (!isfinite(x))
        return cerr(k, at, "%s is not a finite number (allowed: finite numbers)", tok);
    *v = x;
    k->s = s;
    return 0;
}

static int parse_when(Cur *k, LessonCheck *c)
{
    c->when = LESSON_AT;
    c->step = k->st->train;
    skip(k);
    if (!*k->s) return 0;
    const char *at = k->s;
    size_t n = word_len(at);
    char tok[200];
    token(at, tok, sizeof tok);
    if (is_word(at, n, "by")) c->when = LESSON_BY;
    else if (is_word(at, n, "at")) c->when = LESSON_AT;
    else if (is_word(at, n, "until")) c->when = LESSON_UNTIL;
    else
        return cerr(k, at, "unexpected %s (allowed: 'by step N', 'at step N', 'until step N' or "
                           "the end of the check)", tok);
    k->s = at + n;
    skip(k);
    if (!is_word(k->s, word_len(k->s), "step")) {
        token(k->s, tok, sizeof tok);
        return cerr(k, k->s, "expected 'step' after '%.*s', found %s", (int)n, at, tok);
    }
    k->s += 4;
    skip(k);
    const char *num = k->s;
    long v;
    if (integer(k, &v) || v < 1 || v > k->st->train) {
        token(num, tok, sizeof tok);
        return cerr(k, num, "step %s is outside this step's training (allowed: 1..%ld; raise "
                            "train: to check later)", tok, k->st->train);
    }
    c->step = v;
    skip(k);
    if (*k->s) {
        token(k->s, tok, sizeof tok);
        return cerr(k, k->s, "unexpected %s after the check (allowed: nothing)", tok);
    }
    return 0;
}

int lp_parse_check(const LessonParser *p, LessonCheck *c, const LessonStep *st, int col0)
{
    Cur k = {p, c, st, c->text, col0};
    c->diverged = c->negate = 0;
    memset(&c->lhs, 0, sizeof c->lhs);
    memset(&c->rhs, 0, sizeof c->rhs);
    c->rhs.run = -1;
    if (parse_run(&k, &c->lhs.run)) return -1;
    skip(&k);
    size_t n = word_len(k.s);
    if (is_word(k.s, n, "not")) {
        k.s += n;
        skip(&k);
        n = word_len(k.s);
        if (!is_word(k.s, n, "diverged")) {
            char tok[200];
            token(k.s, tok, sizeof tok);
            return cerr(&k, k.s, "expected 'diverged' after 'not', found %s (allowed: RUN not "
                                 "diverged; for numbers use the opposite comparison)", tok);
        }
        c->negate = 1;
    }
    if (is_word(k.s, n, "diverged")) {
        k.s += n;
        c->diverged = 1;
        return parse_when(&k, c);
    }
    if (parse_value(&k, &c->lhs)) return -1;
    skip(&k);
    const char *at = k.s;
    if (at[0] == '<' && at[1] == '=') c->cmp = LESSON_LE, k.s += 2;
    else if (at[0] == '>' && at[1] == '=') c->cmp = LESSON_GE, k.s += 2;
    else if (at[0] == '<' && at[1] != '<' && at[1] != '>') c->cmp = LESSON_LT, k.s += 1;
    else if (at[0] == '>' && at[1] != '>') c->cmp = LESSON_GT, k.s += 1;
    else {
        char tok[200];
        token(at, tok, sizeof tok);
        return cerr(&k, at, "expected a comparison, found %s (allowed: <, <=, >, >=)", tok);
    }
    skip(&k);
    char ch = *k.s;
    if ((ch >= '0' && ch <= '9') || ch == '.' || ch == '+' || ch == '-') {
        if (parse_number(&k, &c->rhs.number)) return -1;
    } else if (!ch) {
        return cerr(&k, k.s, "expected a number or a run's quantity after the comparison");
    } else {
        if (parse_run(&k, &c->rhs.run) || parse_value(&k, &c->rhs)) return -1;
    }
    return parse_when(&k, c);
}

/* qtys[q].show with the timestep numbers of run r filled in, measured at training step
 * `at` (0: not yet). */
static void term_label(LessonQty q, int t, int T, long at, char *buf, size_t n)
{
    const char *f = (unsigned)q < LESSON_Q_COUNT ? qtys[q].show : "?";
    size_t o = 0;
    buf[0] = 0;
    while (*f && o + 1 < n) {
        int med = strncmp(f, "{median}", 8) == 0;
        if (med || strncmp(f, "{mean}", 6) == 0) { /* of fewer steps early on */
            const char *of = med ? "median" : "mean";
            int w = at == 1                          ? snprintf(buf + o, n - o, "step 1")
                    : at > 0 && at < LESSON_SMOOTH ? snprintf(buf + o, n - o, "%s of %ld steps", of, at)
                                                   : snprintf(buf + o, n - o, "%s of %d steps", of,
                                                              LESSON_SMOOTH);
            if (w > 0) o += (size_t)w < n - o ? (size_t)w : n - o - 1;
            f += med ? 8 : 6;
            continue;
        }
        static const struct { const char *tok; int add; int of_T; } subs[3] = {
            {"{t}", 0, 0}, {"{t-1}", -1, 0}, {"{T-1}", -1, 1}};
        int done = 0;
        for (int k = 0; k < 3 && !done; k++) {
            size_t len = strlen(subs[k].tok);
            if (strncmp(f, subs[k].tok, len) == 0) {
                int v = (subs[k].of_T ? T : t) + subs[k].add;
                int w = snprintf(buf + o, n - o, "%d", v);
                if (w > 0) o += (size_t)w < n - o ? (size_t)w : n - o - 1;
                f += len;
                done = 1;
            }
        }
        if (!done) buf[o++] = *f++;
        buf[o] = 0;
    }
}

void lesson_check_label(const LessonCheck *c, const LessonStep *st, int side, long at, char *buf,
                        size_t n, int *unit)
{
    const LessonOperand *o = side ? &c->rhs : &c->lhs;
    *unit = PLOT_UNIT_NONE;
    if (o->run < 0 || o->run >= st->n_runs) {
        snprintf(buf, n, "?");
        return;
    }
    int T = st->runs[o->run].cfg.seq_len;
    char num[128], den[128];
    term_label(o->num, o->num_t, T, at, num, sizeof num);
    /* a run that does not clip: no "before clipping" (lesson 3) */
    if (o->num == LESSON_Q_GRAD_NORM && st->runs[o->run].cfg.clip == CLIP_NONE)
        snprintf(num, sizeof num, "‖gradient‖");
    const char *worst = "";
    if (c->when == LESSON_UNTIL)
        worst = c->cmp == LESSON_LT || c->cmp == LESSON_LE ? "largest " : "smallest ";
    if (o->den != LESSON_Q_NONE) {
        term_label(o->den, o->den_t, T, at, den, sizeof den);
        snprintf(buf, n, "%s%s / %s", worst, num, den);
    } else {
        snprintf(buf, n, "%s%s", worst, num);
        *unit = qtys[o->num].unit;
    }
}

int lesson_parse_check(LessonCheck *c, const char *name, const char *text, const LessonStep *st,
                       Error *err)
{
    LessonParser p = {name ? name : "check", err};
    size_t n = strlen(text);
    if (n >= sizeof c->text) return lp_error(&p, 1, 1, "check is too long (allowed: at most 239 bytes)");
    memcpy(c->text, text, n + 1);
    c->line = 1;
    return lp_parse_check(&p, c, st, 1);
}
