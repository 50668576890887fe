/* sidecar.c - the JSON sidecar beside an exported PNG: written in one canonical
 * form, parsed back robustly (it may be hand-edited) with file:line:col messages.
 *
 * The parser is a small recursive-descent reader for RFC 8259 JSON into a bounded
 * array of nodes (no allocation per value), then a walk over the expected keys. It takes
 * O(n log n) time for any input, whatever keys it holds: duplicate keys are found by
 * sorting the member names by (object, name), not by a hash table that crafted names
 * could make collide (87 379 such names cost 14 s of CPU). */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export_spec.h"
#include "work_limit.h"

/* ---- writing ---------------------------------------------------------------- */

static void put_str(AtomicFile *f, const char *s)
{
    afile_write(f, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\') afile_printf(f, "\\%c", *p);
        else if (*p == '\n') afile_printf(f, "\\n");
        else if (*p == '\t') afile_printf(f, "\\t");
        else if (*p < 0x20) afile_printf(f, "\\u%04x", *p);
        else afile_write(f, p, 1);
    }
    afile_write(f, "\"", 1);
}

static void put_str_or_null(AtomicFile *f, const char *s)
{
    if (s && *s) put_str(f, s);
    else afile_printf(f, "null");
}

/* 1 if s is a JSON number (RFC 8259 grammar). */
static int is_json_number(const char *s)
{
    const char *p = s;
    if (*p == '-') p++;
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9') while (*p >= '0' && *p <= '9') p++;
    else return 0;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++;
    }
    return *p == 0;
}

/* A config value: the shortest text that reads back as the same double for
 * fractional numbers, integers and words as config_get gives them; text keys (the
 * label) always as strings, even when they look like a number. */
static void put_config_value(AtomicFile *f, const char *key, const char *text)
{
    const ConfigKey *k = config_key_find(key);
    if ((k && k->type == CONFIG_TEXT) || !is_json_number(text)) {
        put_str(f, text);
        return;
    }
    if (!strpbrk(text, ".eE")) {
        afile_printf(f, "%s", text);
        return;
    }
    double x = strtod(text, NULL);
    char buf[64];
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, sizeof buf, "%.*g", digits, x);
        if (strtod(buf, NULL) == x) break;
    }
    afile_printf(f, "%s", buf);
}

static const char *grad_view_names[3] = {"grad_h", "jac_prod", "whh_contrib"};

void export_sidecar_write(const ExportSpec *s, AtomicFile *f)
{
    afile_printf(f, "{\n  \"rnnscope\": ");
    put_str(f, s->version);
    afile_printf(f, ",\n  \"image\": ");
    put_str(f, s->image);
    /* the image name's ending says the format; only --format against it is written */
    if ((int)s->format != export_format_of_name(s->image))
        afile_printf(f, ",\n  \"format\": \"%s\"", s->format == EXPORT_SVG ? "svg" : "png");
    afile_printf(f, ",\n  \"width\": %d,\n  \"height\": %d,\n  \"theme\": \"%s\",\n", s->width,
                 s->height, s->theme == PLOT_THEME_DARK ? "dark" : "light");
    afile_printf(f, "  \"panel\": ");
    put_str_or_null(f, s->panel == PANEL_NONE ? NULL : plot_panel_name(s->panel));
    char ts[32];
    snprintf(ts, sizeof ts, "%.17g", s->text_scale);
    afile_printf(f, ",\n  \"text_scale\": ");
    put_config_value(f, "text_scale", ts);
    afile_printf(f, ",\n  \"steps\": %ld,\n  \"highlight\": ", s->steps);
    put_str_or_null(f, s->highlight == PANEL_NONE ? NULL : plot_panel_name(s->highlight));
    if (s->beside) { /* (only when set: sidecars without it stay as they were) */
        afile_printf(f, ",\n  \"beside\": [");
        for (int k = 0, n = 0; k < PANEL_COUNT; k++)
            if (s->beside >> k & 1u)
                afile_printf(f, "%s\"%s\"", n++ ? ", " : "", plot_panel_name((PanelKind)k));
        afile_printf(f, "]");
    }
    afile_printf(f, ",\n  \"grad_view\": \"%s\",\n  \"show\": ", grad_view_names[s->grad_mode]);
    put_str_or_null(f, s->featured >= 0 && s->featured < s->n_runs ? s->label[s->featured] : NULL);
    if (isfinite(s->shade_lo) && isfinite(s->shade_hi))
        afile_printf(f, ",\n  \"shade\": [%.17g, %.17g]", s->shade_lo, s->shade_hi);
    else afile_printf(f, ",\n  \"shade\": null");
    if (s->cursor >= 0) /* (only when on: sidecars without it stay as they were) */
        afile_printf(f, ",\n  \"cursor\": %d", s->cursor);
    if (s->loss_scale != PLOT_SCALE_AUTO) /* (only when set: sidecars without it stay as they were) */
        afile_printf(f, ",\n  \"loss_scale\": \"%s\"", s->loss_scale == PLOT_SCALE_LOG ? "log" : "linear");
    afile_printf(f, ",\n  \"slopes\": %s,\n  \"readouts\": [", s->slopes ? "true" : "false");
    for (int k = 0; k < s->n_readouts; k++) {
        afile_printf(f, "%s\n    ", k ? "," : "");
        put_str(f, s->readout[k]);
    }
    afile_printf(f, "%s],\n  \"caption\": ", s->n_readouts ? "\n  " : "");
    put_str_or_null(f, s->caption);
    afile_printf(f, ",\n  \"example\": ");
    put_str_or_null(f, s->example[0] ? s->example : NULL);
    afile_printf(f, ",\n  \"lesson\": ");
    if (s->has_lesson) {
        afile_printf(f, "{\n    \"name\": ");
        put_str(f, s->lesson_name);
        afile_printf(f, ",\n    \"source\": ");
        put_str(f, s->lesson_source);
        afile_printf(f, ",\n    \"title\": ");
        put_str(f, s->lesson_title);
        afile_printf(f, ",\n    \"step\": %d,\n    \"steps\": %d,\n    \"heading\": ",
                     s->lesson_step, s->lesson_steps);
        put_str(f, s->heading);
        afile_printf(f, "\n  }");
    } else {
        afile_printf(f, "null");
    }
    afile_printf(f, ",\n  \"runs\": [");
    for (int i = 0; i < s->n_runs; i++) {
        afile_printf(f, "%s\n    {\n      \"label\": ", i ? "," : "");
        put_str(f, s->label[i]);
        /* (a lesson's colour for the run, where it is not the run's own index) */
        if (s->color_of[i] && s->color_of[i] != i + 1) afile_printf(f, ",\n      \"colour\": %d", s->color_of[i] - 1);
        afile_printf(f, ",\n      \"config\": {");
        for (int k = 0; config_table[k].name; k++) {
            char v[128];
            if (config_get(&s->cfg[i], config_table[k].name, v, sizeof v)) continue;
            afile_printf(f, "%s\n        \"%s\": ", k ? "," : "", config_table[k].name);
            put_config_value(f, config_table[k].name, v);
        }
        afile_printf(f, "\n      }\n    }");
    }
    afile_printf(f, "\n  ]\n}\n");
}

void export_sidecar_path(const char *image, char *out, size_t n)
{
    size_t len = strlen(image);
    int known = export_format_of_name(image) >= 0;
    snprintf(out, n, "%.*s.json", (int)(known ? len - 4 : len), image);
}

int export_format_of_name(const char *name)
{
    static const char *const ext[2] = {[EXPORT_PNG] = "png", [EXPORT_SVG] = "svg"};
    size_t len = strlen(name);
    if (len < 5 || name[len - 4] != '.' || name[len - 5] == '/') return -1;
    for (int f = 0; f < 2; f++) {
        const char *e = name + len - 3;
        if ((e[0] | 32) == ext[f][0] && (e[1] | 32) == ext[f][1] && (e[2] | 32) == ext[f][2]) return f;
    }
    return -1;
}

/* ---- reading: JSON into nodes ------------------------------------------------ */

typedef enum { J_NULL, J_FALSE, J_TRUE, J_NUM, J_STR, J_ARR, J_OBJ } JType;

typedef struct JNode {
    JType type;
    int line, col;    /* where the value starts */
    int kline, kcol;  /* where its key starts (object members) */
    const char *key;  /* member name (decoded), NULL outside objects */
    const char *text; /* J_STR: decoded text; J_NUM: the number as written */
    int first, next;  /* first child, next sibling (-1: none) */
    int n;            /* children */
} JNode;

#define J_MAX_DEPTH 16

typedef struct JParser {
    const char *name;
    const char *s;
    size_t len, pos;
    int line, col;
    JNode *nodes;
    int nnodes, cap;
    char *arena; /* decoded strings; never longer than the text */
    size_t used;
    Error *err;
    struct JKey {
        const char *key; /* decoded member name */
        int obj;         /* the object node it belongs to */
        int seq;         /* its place among all member names, in document order */
        int line, col;   /* where it starts */
    } *keys;             /* every member name, in document order; sorted by keys_check */
    int nkeys, keycap;   /* a name takes at least 4 bytes ("":0), so len/4 + 8 is room */
} JParser;

static int jp_error(JParser *p, int line, int col, const char *what)
{
    return error_set(p->err, "%s:%d:%d: %s", p->name, line, col, what);
}

/* Records a member name of object obj, for keys_check. */
static int key_add(JParser *p, int obj, const char *key, int line, int col)
{
    if (p->nkeys == p->keycap) return jp_error(p, line, col, "too many keys");
    p->keys[p->nkeys] = (struct JKey){key, obj, p->nkeys, line, col};
    p->nkeys++;
    return 0;
}

static int cmp_key(const void *a, const void *b)
{
    const struct JKey *x = a, *y = b;
    if (x->obj != y->obj) return x->obj < y->obj ? -1 : 1;
    int c = strcmp(x->key, y->key);
    if (c) return c;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* -1 with the error at the first name (in document order) that its object already has;
 * 0 if none. The names recorded so far all come before any syntax error, so this one,
 * if any, is the first error in the text. O(n log n) for n names. */
static int keys_check(JParser *p)
{
    qsort(p->keys, (size_t)p->nkeys, sizeof p->keys[0], cmp_key);
    const struct JKey *first = NULL;
    for (int i = 1; i < p->nkeys; i++) {
        const struct JKey *a = &p->keys[i - 1], *b = &p->keys[i];
        if (a->obj == b->obj && strcmp(a->key, b->key) == 0 && (!first || b->seq < first->seq))
            first = b;
    }
    if (!first) return 0;
    char what[128];
    snprintf(what, sizeof what, "duplicate key '%.60s'", first->key);
    return jp_error(p, first->line, first->col, what);
}

static int peek(const JParser *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

/* Advances one byte, keeping line and column (columns count UTF-8 characters). */
static void advance(JParser *p)
{
    unsigned char c = (unsigned char)p->s[p->pos++];
    if (c == '\n') {
        p->line++;
        p->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        p->col++;
    }
}

static void skip_space(JParser *p)
{
    for (int c = peek(p); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek(p)) advance(p);
}

static int new_node(JParser *p, JType t, int line, int col)
{
    if (p->nnodes == p->cap) return -1;
    JNode *n = &p->nodes[p->nnodes];
    memset(n, 0, sizeof *n);
    n->type = t;
    n->line = line;
    n->col = col;
    n->first = n->next = -1;
    return p->nnodes++;
}

static void put_utf8(JParser *p, unsigned long cp)
{
    char *o = p->arena + p->used;
    if (cp < 0x80) o[0] = (char)cp, p->used += 1;
    else if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        p->used += 2;
    } else if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        p->used += 3;
    } else {
        o[0] = (char)(0xF0 | (cp >> 18));
        o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[3] = (char)(0x80 | (cp & 0x3F));
        p->used += 4;
    }
}

static int hex4(JParser *p, unsigned long *out)
{
    unsigned long v = 0;
    for (int i = 0; i < 4; i++) {
        int c = peek(p);
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) return jp_error(p, p->line, p->col, "expected 4 hex digits after \\u");
        v = v * 16 + (unsigned long)d;
        advance(p);
    }
    *out = v;
    return 0;
}

/* Length of the valid UTF-8 sequence at s[0..avail), 0 if invalid. */
static int utf8_len(const unsigned char *s, size_t avail)
{
    unsigned char c = s[0];
    int n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || (size_t)n > avail) return 0;
    unsigned long cp = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    static const unsigned long min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return n;
}

/* A string at the opening quote; its decoded text into the arena. */
static int parse_string(JParser *p, const char **out)
{
    int line = p->line, col = p->col;
    advance(p); /* the quote */
    char *start = p->arena + p->used;
    for (;;) {
        int c = peek(p);
        if (c < 0) return jp_error(p, line, col, "unterminated string (expected a closing '\"')");
        if (c == '"') {
            advance(p);
            break;
        }
        if (c < 0x20)
            return jp_error(p, p->line, p->col,
                            c == '\n' ? "line break inside a string (write \\n)"
                                      : "control character inside a string (escape it)");
        if (c == '\\') {
            int el = p->line, ec = p->col;
            advance(p);
            int e = peek(p);
            static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
            const char *k = e > 0 ? strchr(from, e) : NULL;
            if (k) {
                p->arena[p->used++] = to[k - from];
                advance(p);
            } else if (e == 'u') {
                advance(p);
                unsigned long cp;
                if (hex4(p, &cp)) return -1;
                if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair */
                    unsigned long lo;
                    if (peek(p) != '\\') return jp_error(p, el, ec, "unpaired surrogate in \\u escape");
                    advance(p);
                    if (peek(p) != 'u') return jp_error(p, el, ec, "unpaired surrogate in \\u escape");
                    advance(p);
                    if (hex4(p, &lo)) return -1;
                    if (lo < 0xDC00 || lo > 0xDFFF)
                        return jp_error(p, el, ec, "unpaired surrogate in \\u escape");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return jp_error(p, el, ec, "unpaired surrogate in \\u escape");
                }
                if (cp == 0) return jp_error(p, el, ec, "\\u0000 is not allowed in a string");
                put_utf8(p, cp);
            } else {
                return jp_error(p, el, ec,
                                "unknown escape (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
            }
            continue;
        }
        int n = utf8_len((const unsigned char *)p->s + p->pos, p->len - p->pos);
        if (!n) return jp_error(p, p->line, p->col, "invalid UTF-8 in a string");
        for (int i = 0; i < n; i++) {
            p->arena[p->used++] = p->s[p->pos];
            advance(p);
        }
    }
    p->arena[p->used++] = 0;
    *out = start;
    return 0;
}

static int parse_value(JParser *p, int depth);

static int expect_value_error(JParser *p)
{
    int c = peek(p);
    if (c < 0) return jp_error(p, p->line, p->col, "unexpected end of file (expected a value)");
    char what[96];
    if (c >= 0x20 && c < 0x7F)
        snprintf(what, sizeof what, "unexpected '%c' (expected a value: \"text\", a number, "
                 "true, false, null, [ or {)", c);
    else snprintf(what, sizeof what, "unexpected character (expected a value)");
    return jp_error(p, p->line, p->col, what);
}

static int parse_number(JParser *p, int node)
{
    size_t start = p->pos;
    int line = p->line, col = p->col;
    while (p->pos < p->len && p->s[p->pos] && strchr("+-0123456789.eE", p->s[p->pos])) advance(p);
    size_t n = p->pos - start;
    char *t = p->arena + p->used;
    memcpy(t, p->s + start, n);
    t[n] = 0;
    if (!is_json_number(t)) {
        char what[96];
        snprintf(what, sizeof what, "'%.40s' is not a JSON number", t);
        return jp_error(p, line, col, what);
    }
    p->used += n + 1;
    p->nodes[node].text = t;
    return 0;
}

static int literal(JParser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) {
        char what[64];
        snprintf(what, sizeof what, "expected %s (JSON words are true, false and null)", word);
        return jp_error(p, p->line, p->col, what);
    }
    for (size_t i = 0; i < n; i++) advance(p);
    return 0;
}

/* Parses one value; returns its node index, or -1 (error set). */
static int parse_value(JParser *p, int depth)
{
    skip_space(p);
    int line = p->line, col = p->col, c = peek(p);
    if (depth > J_MAX_DEPTH) return jp_error(p, line, col, "nested too deeply"), -1;
    JType t = c == '{' ? J_OBJ : c == '[' ? J_ARR : c == '"' ? J_STR : c == 't' ? J_TRUE
              : c == 'f' ? J_FALSE : c == 'n' ? J_NULL : J_NUM;
    if (t == J_NUM && !(c == '-' || (c >= '0' && c <= '9'))) return expect_value_error(p), -1;
    int node = new_node(p, t, line, col);
    if (node < 0) return jp_error(p, line, col, "too many values"), -1;
    switch (t) {
    case J_NULL: return literal(p, "null") ? -1 : node;
    case J_TRUE: return literal(p, "true") ? -1 : node;
    case J_FALSE: return literal(p, "false") ? -1 : node;
    case J_NUM: return parse_number(p, node) ? -1 : node;
    case J_STR: return parse_string(p, &p->nodes[node].text) ? -1 : node;
    default: break;
    }
    int close = t == J_OBJ ? '}' : ']';
    advance(p);
    skip_space(p);
    int last = -1;
    if (peek(p) == close) {
        advance(p);
        return node;
    }
    for (;;) {
        const char *key = NULL;
        int kl = 0, kc = 0;
        if (t == J_OBJ) {
            skip_space(p);
            kl = p->line, kc = p->col;
            if (peek(p) != '"')
                return jp_error(p, kl, kc, peek(p) < 0 ? "unexpected end of file (expected a \"key\")"
                                                       : "expected a \"key\" in double quotes"), -1;
            if (parse_string(p, &key) || key_add(p, node, key, kl, kc)) return -1;
            skip_space(p);
            if (peek(p) != ':') return jp_error(p, p->line, p->col, "expected ':' after the key"), -1;
            advance(p);
        }
        int child = parse_value(p, depth + 1);
        if (child < 0) return -1;
        p->nodes[child].key = key;
        p->nodes[child].kline = kl;
        p->nodes[child].kcol = kc;
        if (last < 0) p->nodes[node].first = child;
        else p->nodes[last].next = child;
        last = child;
        p->nodes[node].n++;
        skip_space(p);
        c = peek(p);
        if (c == ',') {
            advance(p);
            skip_space(p);
            if (peek(p) == close)
                return jp_error(p, p->line, p->col, "trailing comma (remove the last ',')"), -1;
            continue;
        }
        if (c == close) {
            advance(p);
            return node;
        }
        return jp_error(p, p->line, p->col,
                        t == J_OBJ ? (c < 0 ? "unexpected end of file (expected ',' or '}')"
                                            : "expected ',' or '}' after a value")
                                   : (c < 0 ? "unexpected end of file (expected ',' or ']')"
                                            : "expected ',' or ']' after a value")), -1;
    }
}

/* ---- reading: nodes into a spec ------------------------------------------------ */

typedef struct Walk {
    const JParser *p;
    Error *err;
} Walk;

static const char *type_name(JType t)
{
    static const char *const names[] = {"null", "false", "true", "a number", "a string",
                                        "an array", "an object"};
    return names[t];
}

static int node_error(const Walk *w, const JNode *n, const char *fmt, const char *a, const char *b)
{
    char what[400];
    snprintf(what, sizeof what, fmt, a, b);
    return error_set(w->err, "%s:%d:%d: %s%s%s", w->p->name, n->line, n->col, n->key ? n->key : "",
                     n->key ? ": " : "", what);
}

static int want_type(const Walk *w, const JNode *n, JType t, const char *allowed)
{
    if (n->type == t) return 0;
    return node_error(w, n, "%s is not allowed (allowed: %s)", type_name(n->type), allowed);
}

static int get_string(const Walk *w, const JNode *n, char *out, size_t size, int null_ok)
{
    if (null_ok && n->type == J_NULL) {
        out[0] = 0;
        return 0;
    }
    if (want_type(w, n, J_STR, null_ok ? "a string or null" : "a string")) return -1;
    if (strlen(n->text) >= size) {
        char lim[32];
        snprintf(lim, sizeof lim, "%zu", size - 1);
        return node_error(w, n, "too long (allowed: at most %s bytes)%s", lim, "");
    }
    strcpy(out, n->text);
    return 0;
}

static int get_long(const Walk *w, const JNode *n, long lo, long hi, long *out)
{
    char allowed[64];
    snprintf(allowed, sizeof allowed, "an integer %ld..%ld", lo, hi);
    if (want_type(w, n, J_NUM, allowed)) return -1;
    char *end;
    errno = 0;
    long x = strtol(n->text, &end, 10);
    if (*end || errno == ERANGE || x < lo || x > hi)
        return node_error(w, n, "%s is not allowed (allowed: %s)", n->text, allowed);
    *out = x;
    return 0;
}

/* An integer within one row of the command line's limits (cli_limits). */
static int get_limit(const Walk *w, const JNode *n, CliLimitId id, long *out)
{
    return get_long(w, n, cli_limits[id].lo, cli_limits[id].hi, out);
}

/* A panel name or null (PANEL_NONE). */
static int get_panel(const Walk *w, const JNode *n, PanelKind *out)
{
    char names[256], allowed[288];
    snprintf(allowed, sizeof allowed, "null, \"%s\"",
             plot_panel_names_joined(names, sizeof names, "\", \""));
    if (n->type == J_NULL) {
        *out = PANEL_NONE;
        return 0;
    }
    if (want_type(w, n, J_STR, allowed)) return -1;
    *out = plot_panel_from_name(n->text);
    if (*out == PANEL_NONE) return node_error(w, n, "'%s' is not allowed (allowed: %s)", n->text, allowed);
    return 0;
}

/* "beside": [NAME, ...], the panels kept beside the highlighted one first (a lesson
 * step's `beside:`): each a panel other than the sentence strip, once. */
static int get_beside(const Walk *w, const JNode *n, unsigned *out)
{
    static const char allowed[] = "an array of panel names, the sentence strip aside, each once";
    *out = 0;
    if (want_type(w, n, J_ARR, allowed)) return -1;
    const JNode *N = w->p->nodes;
    for (int i = n->first; i >= 0; i = N[i].next) {
        PanelKind k;
        if (N[i].type == J_NULL)
            return node_error(w, &N[i], "null is not allowed (allowed: %s)%s", allowed, "");
        if (get_panel(w, &N[i], &k)) return -1;
        if (plot_panel_is_strip(k) || (*out >> k & 1u))
            return node_error(w, &N[i], "'%s' is not allowed here (allowed: %s)", N[i].text, allowed);
        *out |= 1u << k;
    }
    return 0;
}

/* "shade": null or [LO, HI], the log10 ends of the strip's and heatmap's colour scale. */
static int get_shade(const Walk *w, const JNode *n, ExportSpec *s)
{
    static const char allowed[] = "null, or [LO, HI]: log10 ends 1 to 400 decades apart";
    s->shade_lo = s->shade_hi = NAN;
    if (n->type == J_NULL) return 0;
    if (want_type(w, n, J_ARR, allowed)) return -1;
    const JNode *N = w->p->nodes;
    if (n->n != 2 || N[n->first].type != J_NUM || N[N[n->first].next].type != J_NUM)
        return node_error(w, n, "%s%s is not allowed (allowed: null, or [LO, HI])", "", "");
    double lo = strtod(N[n->first].text, NULL), hi = strtod(N[N[n->first].next].text, NULL);
    if (!(isfinite(lo) && isfinite(hi) && hi - lo >= 1 && hi - lo <= 400))
        return node_error(w, n, "%s%s is not allowed (allowed: %s)", "these ends", allowed);
    s->shade_lo = lo;
    s->shade_hi = hi;
    return 0;
}

/* "show": null or the label of one of the runs. */
/* "example" fits every run's task (the string's position: JSON escapes make a
 * byte offset inside it unreliable, so the message quotes the task's words). */
static int check_example(const Walk *w, const JNode *n, const ExportSpec *s)
{
    for (int i = 0; i < s->n_runs; i++) {
        Task t;
        Error e2;
        int target, at;
        if (task_init(&t, &s->cfg[i], &e2)) continue; /* the run's check says it */
        int *tok = malloc(sizeof *tok * (size_t)t.T);
        if (!tok) return error_set(w->err, "%s: out of memory", w->p->name);
        int rc = task_example(&t, s->example, tok, &target, &at, &e2);
        free(tok);
        if (rc) {
            char what[300];
            snprintf(what, sizeof what, "run '%.60s' (task %s, seq_len %d): %.200s", s->label[i],
                     task_name(t.kind), t.T, e2.msg);
            return node_error(w, n, "%s%s", what, "");
        }
    }
    return 0;
}

static int get_show(const Walk *w, const JNode *n, ExportSpec *s)
{
    s->featured = -1;
    if (n->type == J_NULL) return 0;
    if (want_type(w, n, J_STR, "null or a run's label")) return -1;
    for (int i = 0; i < s->n_runs; i++)
        if (!strcmp(s->label[i], n->text)) s->featured = i;
    if (s->featured < 0)
        return node_error(w, n, "'%s' is not allowed (allowed: null or the label of a run%s)",
                          n->text, "");
    return 0;
}

/* "readouts": checks (as written in lessons) of the runs, whose values are shown. */
static int get_readouts(const Walk *w, const JNode *n, ExportSpec *s)
{
    if (want_type(w, n, J_ARR, "an array of checks")) return -1;
    const JNode *N = w->p->nodes;
    if (n->n > PLOT_MAX_READOUTS)
        return node_error(w, n, "%s%s readouts are not allowed (allowed: at most 16)", "too many",
                          "");
    s->n_readouts = 0;
    for (int i = n->first; i >= 0; i = N[i].next) {
        if (get_string(w, &N[i], s->readout[s->n_readouts], sizeof s->readout[0], 0)) return -1;
        s->n_readouts++;
    }
    static LessonStep st; /* large: not on the stack */
    Error e2;
    if (export_spec_step(s, &st, "readout", &e2)) {
        const char *m = strchr(e2.msg, ' '); /* after "readout:1:C:" */
        return node_error(w, n, "%s%s", "a readout does not fit the runs:", m ? m : e2.msg);
    }
    return 0;
}

static int walk_lesson(const Walk *w, const JNode *obj, ExportSpec *s)
{
    const JNode *N = w->p->nodes;
    if (obj->type == J_NULL) {
        s->has_lesson = 0;
        return 0;
    }
    if (want_type(w, obj, J_OBJ, "an object or null")) return -1;
    s->has_lesson = 1;
    s->lesson_step = s->lesson_steps = 1;
    for (int i = obj->first; i >= 0; i = N[i].next) {
        const JNode *n = &N[i];
        long v;
        if (!strcmp(n->key, "name")) {
            if (get_string(w, n, s->lesson_name, sizeof s->lesson_name, 0)) return -1;
        } else if (!strcmp(n->key, "source")) {
            if (get_string(w, n, s->lesson_source, sizeof s->lesson_source, 0)) return -1;
        } else if (!strcmp(n->key, "title")) {
            if (get_string(w, n, s->lesson_title, sizeof s->lesson_title, 0)) return -1;
        } else if (!strcmp(n->key, "heading")) {
            if (get_string(w, n, s->heading, sizeof s->heading, 0)) return -1;
        } else if (!strcmp(n->key, "step")) {
            if (get_limit(w, n, CLI_LIMIT_STEP, &v)) return -1;
            s->lesson_step = (int)v;
        } else if (!strcmp(n->key, "steps")) {
            if (get_limit(w, n, CLI_LIMIT_STEP, &v)) return -1;
            s->lesson_steps = (int)v;
        } else {
            return error_set(w->err, "%s:%d:%d: lesson: unknown key '%.60s' (allowed: name, source, "
                             "title, step, steps, heading)", w->p->name, n->kline, n->kcol, n->key);
        }
    }
    if (s->lesson_step > s->lesson_steps)
        return error_set(w->err, "%s:%d:%d: lesson: step %d is past steps %d", w->p->name, obj->line,
                         obj->col, s->lesson_step, s->lesson_steps);
    return 0;
}

static int walk_run(const Walk *w, const JNode *obj, ExportSpec *s, int r)
{
    const JNode *N = w->p->nodes;
    if (want_type(w, obj, J_OBJ, "an object with \"label\" and \"config\"")) return -1;
    Config *c = &s->cfg[r];
    config_default(c);
    s->label[r][0] = 0;
    const JNode *cfg_node = NULL;
    for (int i = obj->first; i >= 0; i = N[i].next) {
        const JNode *n = &N[i];
        if (!strcmp(n->key, "label")) {
            if (get_string(w, n, s->label[r], sizeof s->label[r], 0)) return -1;
            if (!s->label[r][0]) return node_error(w, n, "empty label (allowed: 1..63 bytes)%s%s", "", "");
            for (const char *q = s->label[r]; *q; q++)
                if ((unsigned char)*q < 32)
                    return node_error(w, n, "control characters are not allowed%s%s", "", "");
        } else if (!strcmp(n->key, "config")) {
            if (want_type(w, n, J_OBJ, "an object of config keys")) return -1;
            cfg_node = n;
        } else if (!strcmp(n->key, "colour")) {
            long v;
            if (get_long(w, n, 0, EXPORT_MAX_RUNS - 1, &v)) return -1;
            s->color_of[r] = (unsigned char)(v + 1);
        } else {
            return error_set(w->err, "%s:%d:%d: unknown key '%.60s' in a run (allowed: label, colour, "
                             "config)", w->p->name, n->kline, n->kcol, n->key);
        }
    }
    if (cfg_node) {
        for (int i = cfg_node->first; i >= 0; i = N[i].next) {
            const JNode *n = &N[i];
            const char *text = n->type == J_TRUE ? "1" : n->type == J_FALSE ? "0" : n->text;
            if (n->type != J_STR && n->type != J_NUM && n->type != J_TRUE && n->type != J_FALSE)
                return node_error(w, n, "%s is not allowed (allowed: a string or a number)",
                                  type_name(n->type), "");
            if (!strcmp(n->key, "label") && n->type == J_STR && !n->text[0]) {
                c->label[0] = 0; /* no label of its own: derived */
                continue;
            }
            Error e2;
            if (config_set(c, n->key, text, &e2))
                return error_set(w->err, "%s:%d:%d: %s", w->p->name,
                                 strncmp(e2.msg, "unknown key", 11) ? n->line : n->kline,
                                 strncmp(e2.msg, "unknown key", 11) ? n->col : n->kcol, e2.msg);
        }
        Error e2;
        if (config_check(c, &e2))
            return error_set(w->err, "%s:%d:%d: %s", w->p->name, cfg_node->line, cfg_node->col, e2.msg);
    }
    if (!s->label[r][0]) config_label(c, s->label[r], sizeof s->label[r]);
    for (int j = 0; j < r; j++)
        if (!strcmp(s->label[j], s->label[r]))
            return error_set(w->err, "%s:%d:%d: run label '%s' is used twice (labels tell runs apart)",
                             w->p->name, obj->line, obj->col, s->label[r]);
    return 0;
}

/* The image name comes from a file anyone may have written: a plain file name, written
 * beside the sidecar; no separator, no control character, ending in .png or .svg. */
int export_image_name_ok(const char *name)
{
    if (export_format_of_name(name) < 0) return 0;
    for (const unsigned char *c = (const unsigned char *)name; *c; c++)
        if (*c < 0x20 || *c == 0x7f || *c == '/' || *c == '\\') return 0;
    return 1;
}

/* All runs together, each with the second model a pinned "example" needs, get the
 * memory one --run command line may use. */
static int runs_fit(const Walk *w, const JNode *runs, const ExportSpec *s)
{
    double bytes = 0;
    for (int i = 0; i < s->n_runs; i++)
        bytes += config_memory_bytes(&s->cfg[i]) +
                 (s->example[0] ? config_example_memory_bytes(&s->cfg[i]) : 0);
    if (bytes <= CLI_MAX_TOTAL_BYTES) return 0;
    return error_set(w->err, "%s:%d:%d: runs: the %d runs need about %.1f GiB together (allowed: "
                     "at most %.0f GiB); lower hidden, seq_len or batch, or use fewer runs",
                     w->p->name, runs->line, runs->col, s->n_runs, bytes / (1024.0 * 1024 * 1024),
                     CLI_MAX_TOTAL_BYTES / (1024.0 * 1024 * 1024));
}

/* The top-level keys the walk keeps for after the runs are read. */
typedef struct TopSeen {
    const JNode *runs, *show, *readouts, *example, *format, *steps;
} TopSeen;

/* A top-level key about the figure itself (rnnscope, image, format, size, theme, panel,
 * highlight, beside, text_scale): 1 if n is one and read, 0 if it is another key, -1 (err set)
 * if its value is not allowed. */
static int top_key_figure(const Walk *w, const JNode *n, ExportSpec *s, TopSeen *seen)
{
    const char *k = n->key;
    long v;
    if (!strcmp(k, "rnnscope")) {
        if (get_string(w, n, s->version, sizeof s->version, 0)) return -1;
    } else if (!strcmp(k, "image")) {
        if (get_string(w, n, s->image, sizeof s->image, 0)) return -1;
        if (!export_image_name_ok(s->image))
            return node_error(w, n, "'%s' is not allowed (allowed: a file name ending in .png or .svg, "
                              "no directory: it is written beside the sidecar)%s", s->image, "");
    } else if (!strcmp(k, "format")) {
        if (want_type(w, n, J_STR, "\"png\", \"svg\"")) return -1;
        if (!strcmp(n->text, "png")) s->format = EXPORT_PNG;
        else if (!strcmp(n->text, "svg")) s->format = EXPORT_SVG;
        else return node_error(w, n, "'%s' is not allowed (allowed: \"png\", \"svg\")%s", n->text, "");
        seen->format = n;
    } else if (!strcmp(k, "width")) {
        if (get_limit(w, n, CLI_LIMIT_WIDTH, &v)) return -1;
        s->width = (int)v;
    } else if (!strcmp(k, "height")) {
        if (get_limit(w, n, CLI_LIMIT_HEIGHT, &v)) return -1;
        s->height = (int)v;
    } else if (!strcmp(k, "theme")) {
        if (want_type(w, n, J_STR, "\"light\", \"dark\"")) return -1;
        if (!strcmp(n->text, "light")) s->theme = PLOT_THEME_LIGHT;
        else if (!strcmp(n->text, "dark")) s->theme = PLOT_THEME_DARK;
        else return node_error(w, n, "'%s' is not allowed (allowed: \"light\", \"dark\")%s", n->text, "");
    } else if (!strcmp(k, "panel")) {
        if (get_panel(w, n, &s->panel)) return -1;
    } else if (!strcmp(k, "highlight")) {
        if (get_panel(w, n, &s->highlight)) return -1;
    } else if (!strcmp(k, "beside")) {
        if (get_beside(w, n, &s->beside)) return -1;
    } else if (!strcmp(k, "text_scale")) {
        if (want_type(w, n, J_NUM, "a number 0.5..3")) return -1;
        double x = strtod(n->text, NULL);
        if (!(x >= 0.5 && x <= 3))
            return node_error(w, n, "%s is not allowed (allowed: a number 0.5..3)%s", n->text, "");
        s->text_scale = x;
    } else {
        return 0;
    }
    return 1;
}

/* A top-level key about what the figure shows (steps, grad_view, caption, example, show,
 * shade, cursor, loss_scale, slopes, readouts, lesson, runs): as top_key_figure. */
static int top_key_view(const Walk *w, const JNode *n, ExportSpec *s, TopSeen *seen)
{
    const char *k = n->key;
    long v;
    if (!strcmp(k, "steps")) {
        if (get_limit(w, n, CLI_LIMIT_STEPS, &v)) return -1;
        s->steps = v;
        seen->steps = n;
    } else if (!strcmp(k, "grad_view")) {
        static const char allowed[] = "\"grad_h\", \"jac_prod\", \"whh_contrib\"";
        if (want_type(w, n, J_STR, allowed)) return -1;
        int m = -1;
        for (int g = 0; g < 3; g++)
            if (!strcmp(n->text, grad_view_names[g])) m = g;
        if (m < 0) return node_error(w, n, "'%s' is not allowed (allowed: %s)", n->text, allowed);
        s->grad_mode = (GradMode)m;
    } else if (!strcmp(k, "caption")) {
        if (get_string(w, n, s->caption, sizeof s->caption, 1)) return -1;
    } else if (!strcmp(k, "example")) {
        if (get_string(w, n, s->example, sizeof s->example, 1)) return -1;
        seen->example = n;
    } else if (!strcmp(k, "show")) {
        seen->show = n;
    } else if (!strcmp(k, "shade")) {
        if (get_shade(w, n, s)) return -1;
    } else if (!strcmp(k, "slopes")) {
        if (n->type != J_TRUE && n->type != J_FALSE)
            return node_error(w, n, "%s is not allowed (allowed: %s)", type_name(n->type),
                              "true, false");
        s->slopes = n->type == J_TRUE;
    } else if (!strcmp(k, "loss_scale")) {
        static const char allowed[] = "\"linear\", \"log\"";
        if (want_type(w, n, J_STR, allowed)) return -1;
        if (!strcmp(n->text, "linear")) s->loss_scale = PLOT_SCALE_LINEAR;
        else if (!strcmp(n->text, "log")) s->loss_scale = PLOT_SCALE_LOG;
        else return node_error(w, n, "'%s' is not allowed (allowed: %s)", n->text, allowed);
    } else if (!strcmp(k, "cursor")) {
        if (get_long(w, n, 0, EXPORT_CURSOR_MAX, &v)) return -1;
        s->cursor = (int)v;
    } else if (!strcmp(k, "readouts")) {
        seen->readouts = n;
    } else if (!strcmp(k, "lesson")) {
        if (walk_lesson(w, n, s)) return -1;
    } else if (!strcmp(k, "runs")) {
        seen->runs = n;
    } else {
        return 0;
    }
    return 1;
}

static int walk_top(const Walk *w, const JNode *top, ExportSpec *s)
{
    const JNode *N = w->p->nodes;
    if (top->type != J_OBJ)
        return error_set(w->err, "%s:%d:%d: the sidecar must be a JSON object {...}, not %s",
                         w->p->name, top->line, top->col, type_name(top->type));
    TopSeen seen = {0};
    for (int i = top->first; i >= 0; i = N[i].next) {
        const JNode *n = &N[i];
        const char *k = n->key;
        int r = top_key_figure(w, n, s, &seen);
        if (r == 0) r = top_key_view(w, n, s, &seen);
        if (r < 0) return -1;
        if (r > 0) continue;
        return error_set(w->err, "%s:%d:%d: unknown key '%.60s' (allowed: rnnscope, image, format, width, "
                         "height, theme, panel, text_scale, steps, highlight, beside, grad_view, show, "
                         "shade, cursor, loss_scale, slopes, readouts, caption, example, lesson, runs)", w->p->name, n->kline,
                         n->kcol, k);
    }
    const JNode *runs = seen.runs, *steps = seen.steps;
    if (!seen.format) s->format = s->image[0] ? (ExportFormat)export_format_of_name(s->image) : EXPORT_PNG;
    if (!runs)
        return error_set(w->err, "%s:%d:%d: missing \"runs\" (an array of 1..%d runs)", w->p->name,
                         top->line, top->col, EXPORT_MAX_RUNS);
    char allowed[64];
    snprintf(allowed, sizeof allowed, "an array of 1..%d runs", EXPORT_MAX_RUNS);
    if (want_type(w, runs, J_ARR, allowed)) return -1;
    if (runs->n < 1 || runs->n > EXPORT_MAX_RUNS) {
        char got[32];
        snprintf(got, sizeof got, "%d runs", runs->n);
        return node_error(w, runs, "%s are not allowed (allowed: %s)", got, allowed);
    }
    s->n_runs = 0;
    for (int i = runs->first; i >= 0; i = N[i].next) {
        if (walk_run(w, &N[i], s, s->n_runs)) return -1;
        s->n_runs++;
    }
    /* (a run without "colour" has its index's: no two runs drawn alike) */
    for (int i = 0; i < s->n_runs; i++)
        for (int j = 0; j < i; j++) {
            int a = plot_color_slot(s->color_of[i], i), b = plot_color_slot(s->color_of[j], j);
            if (a == b)
                return error_set(w->err, "%s:%d:%d: runs %d and %d have one colour, %d (allowed: a "
                                 "colour of its own for each run)", w->p->name, runs->line, runs->col,
                                 j + 1, i + 1, a);
        }
    if (runs_fit(w, runs, s)) return -1;
    Error e2; /* the steps of these runs: no more work than a command line may ask for */
    if (export_spec_work_check(s, &e2)) {
        const JNode *at = steps ? steps : runs;
        return error_set(w->err, "%s:%d:%d: steps: %s", w->p->name, at->line, at->col, e2.msg);
    }
    if (seen.show && get_show(w, seen.show, s)) return -1;
    if (seen.readouts && get_readouts(w, seen.readouts, s)) return -1;
    if (seen.example && s->example[0] && check_example(w, seen.example, s)) return -1;
    return 0;
}

int export_sidecar_parse(ExportSpec *s, const char *name, const char *text, size_t len,
                         Error *err)
{
    export_spec_defaults(s);
    if (len > EXPORT_SIDECAR_MAX)
        return error_set(err, "%s: too large (%zu bytes; allowed: at most %d)", name, len,
                         EXPORT_SIDECAR_MAX);
    JParser p = {name, text, len, 0, 1, 1, NULL, 0, (int)(len / 2 + 8), NULL, 0, err, NULL, 0,
                 (int)(len / 4 + 8)};
    p.nodes = malloc(sizeof *p.nodes * (size_t)p.cap);
    p.arena = malloc(len + 2);
    p.keys = malloc(sizeof *p.keys * (size_t)p.keycap);
    int status = -1;
    if (!p.nodes || !p.arena || !p.keys) {
        error_set(err, "%s: out of memory", name);
        goto done;
    }
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) p.pos = 3; /* a byte order mark */
    int top = parse_value(&p, 0);
    if (top >= 0) {
        skip_space(&p);
        if (p.pos < p.len) {
            jp_error(&p, p.line, p.col, "unexpected text after the end of the JSON object");
            top = -1;
        }
    }
    /* a duplicate key comes before any syntax error found: it is reported first */
    if (keys_check(&p) || top < 0) goto done;
    Walk w = {&p, err};
    status = walk_top(&w, &p.nodes[top], s);
done:
    free(p.nodes);
    free(p.arena);
    free(p.keys);
    if (status) export_spec_defaults(s);
    return status;
}

int export_sidecar_load(ExportSpec *s, const char *path, Error *err)
{
    char *buf = malloc(EXPORT_SIDECAR_MAX + 1);
    if (!buf) return error_set(err, "--replay %s: out of memory", path);
    /* not while another rnnscope renames a PNG and its sidecar in that directory */
    Error lock_err;
    int lock = afile_lock_dir_shared(path, &lock_err);
    if (lock == -2) { /* busy, not bad input: the caller exits 1, not 2 */
        free(buf);
        error_set(err, "--replay %s", lock_err.msg);
        return -2;
    }
    /* O_NONBLOCK: a FIFO (a bundle may hold one) must not hang the program before it is
     * refused below; a device would be read as if it were a file */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    const char *why = NULL;
    if (fd < 0) why = strerror(errno);
    else if (fstat(fd, &st) != 0) why = strerror(errno);
    else if (S_ISDIR(st.st_mode)) why = "is a directory (allowed: a sidecar file)";
    else if (!S_ISREG(st.st_mode)) why = "is not a regular file (allowed: a sidecar file)";
    FILE *f = why ? NULL : fdopen(fd, "rb");
    if (!f) {
        if (!why) why = strerror(errno);
        if (fd >= 0) close(fd);
        afile_unlock_dir(lock);
        free(buf);
        return error_set(err, "--replay %s: %s", path, why);
    }
    size_t n = fread(buf, 1, EXPORT_SIDECAR_MAX + 1, f);
    int bad = ferror(f), e = errno;
    fclose(f);
    afile_unlock_dir(lock);
    int status;
    /* the image itself given for its sidecar: say so, not "1:1: unexpected character" */
    int png = n >= 8 && memcmp(buf, "\x89PNG\r\n\x1a\n", 8) == 0;
    int svg = (n >= 5 && memcmp(buf, "<?xml", 5) == 0) || (n >= 4 && memcmp(buf, "<svg", 4) == 0);
    if (bad) status = error_set(err, "--replay %s: cannot read: %s", path, strerror(e));
    else if (png || svg) {
        char json[4096];
        export_sidecar_path(path, json, sizeof json);
        status = error_set(err, "--replay %s: is %s image, not its sidecar (allowed: the .json "
                                "written beside it, such as %s)", path, png ? "a PNG" : "an SVG", json);
    } else status = export_sidecar_parse(s, path, buf, n, err);
    free(buf);
    return status;
}
