/* test_config_table.c - the config table (src/engine/config.c) is the one place a key
 * is defined; this checks what is derived from it:
 *   - the README's key table ("### Config keys") is the table's rows, row for row, in
 *     order: key, values (config_key_values), meaning. `test_config_table --print`
 *     prints the rows to paste into the README after changing the table;
 *   - every row's default is what config_default sets, and --set takes it back;
 *   - every row's range holds at both ends and refuses the values just outside them
 *     (integers lo-1 and hi+1; numbers hi*(1+1e-9), and lo itself when lo is open);
 *     every name of an enum round-trips through config_set / config_get;
 *   - lessons/README.md's settings table names the same keys in the same order (all but
 *     label, which lessons do not take) with the table's defaults;
 *   - an unknown key is refused naming the table's keys;
 *   - the cell list's `reads` (cell_list.h, config_cell_reads) says what training does:
 *     for each cell and each key some row names, changing the key from its default
 *     changes a short run (its parameters' count or bits, its losses) exactly when the
 *     cell reads it; a refused value counts as not read, and a value is refused exactly
 *     when the cell's row refuses the key (config_cell_refuses);
 *   - the cell list's `has` (config_cell_has) says what a run's diagnostics hold: grad_c,
 *     attn, the Jacobians, whh_contrib, sigma_max and the bound are numbers exactly for
 *     the cells that have them, and a cell has as many
 *     gate quantities as its gates panel plots (Diag.n_gates), named after them.
 * Exact comparisons (strings); prints every mismatch and exits 1 on any. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cells.h"
#include "config.h"
#include "run.h"
#include "testutil.h"

#ifndef SOURCE_ROOT
#define SOURCE_ROOT "."
#endif

static void row(const ConfigKey *k, char *buf, size_t n)
{
    char values[256];
    config_key_values(k, values, sizeof values);
    snprintf(buf, n, "| `%s` | %s | %s |", k->name, values, k->meaning);
}

static int accepts(const char *key, const char *v)
{
    Config c;
    Error err;
    config_default(&c);
    return config_set(&c, key, v, &err) == 0;
}

/* A short run of cell with key=value set (key NULL: none) into r; -1 if refused. Two
 * attention layers: with one, only the last word's query is scored, which the causal
 * mask leaves as it is. */
static int short_run(Run *r, CellKind cell, const char *key, const char *value)
{
    Config c;
    Error err;
    config_default(&c);
    c.cell = cell;
    if (config_set(&c, "hidden", "8", &err) || config_set(&c, "seq_len", "12", &err) ||
        config_set(&c, "batch", "4", &err) || config_set(&c, "ff", "16", &err) || config_set(&c, "layers", "2", &err))
        return -1;
    if (key && config_set(&c, key, value, &err)) return -1;
    if (run_init(r, &c, NULL, &err)) return -1;
    for (int i = 0; i < 3; i++) run_step(r);
    return 0;
}

/* 1 if two runs differ in their parameters' count or bits or in their history. */
static int runs_differ(const Run *a, const Run *b)
{
    if (a->model.n_params != b->model.n_params) return 1;
    if (memcmp(a->model.params, b->model.params, sizeof(double) * a->model.n_params)) return 1;
    return a->hist.n != b->hist.n || memcmp(a->hist.e, b->hist.e, sizeof(HistEntry) * (size_t)a->hist.n);
}

/* Each cell reads the keys its row names, and the keys no row names; not the others. */
static void cell_reads(void)
{
    /* a value other than the default for each key a row of cell_list.h names */
    static const char *const alt[][2] = {
        {"activation", "relu"}, {"init", "orthogonal"}, {"init_scale", "2"}, {"bidirectional", "1"},
        {"bptt", "5"},          {"forget_bias", "0"},   {"heads", "4"},      {"layers", "3"},
        {"ff", "32"},           {"attention_mask", "causal"}, {"hidden", "16"}, {"lr", "0.1"}};
    static Run base, other;
    for (int cell = 0; cell < CELL_COUNT; cell++) {
        if (short_run(&base, (CellKind)cell, NULL, NULL)) {
            CHECK(0, "%s: a default run refused", cell_name((CellKind)cell));
            continue;
        }
        for (size_t i = 0; i < sizeof alt / sizeof alt[0]; i++) {
            int ok = short_run(&other, (CellKind)cell, alt[i][0], alt[i][1]) == 0;
            int reads = ok && runs_differ(&base, &other);
            if (ok) run_free(&other);
            int says = config_cell_reads((CellKind)cell, alt[i][0]);
            printf("%-9s %-14s %s, the table says %s\n", cell_name((CellKind)cell), alt[i][0],
                   !ok ? "refused" : reads ? "changes the run" : "changes nothing",
                   says ? "reads" : "does not read");
            CHECK(reads == says, "cell=%s %s=%s: the run %s, the cell list says it %s",
                  cell_name((CellKind)cell), alt[i][0], alt[i][1], reads ? "changes" : "does not",
                  says ? "reads it" : "does not");
            int refuses = config_cell_refuses((CellKind)cell, alt[i][0]);
            CHECK((!ok) == refuses, "cell=%s %s=%s: %s, the cell list says it %s",
                  cell_name((CellKind)cell), alt[i][0], alt[i][1], ok ? "accepted" : "refused",
                  refuses ? "refuses it" : "does not");
        }
        run_free(&base);
    }
}

/* lessons/README.md's "### Settings (KEY=VALUE)" table: "| `key` | values | default |",
 * row for row the config table's keys but label, the default as the table has it (in
 * backquotes or not). */
static void lessons_readme(void)
{
    FILE *f = fopen(SOURCE_ROOT "/lessons/README.md", "r");
    CHECK(f != NULL, "cannot open %s/lessons/README.md", SOURCE_ROOT);
    if (!f) return;
    char line[1024];
    int in = 0, rows = 0;
    const ConfigKey *k = config_table;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!in) {
            in = strcmp(line, "### Settings (KEY=VALUE)") == 0;
            continue;
        }
        if (strncmp(line, "| `", 3) != 0) {
            if (rows) break;
            continue;
        }
        rows++;
        while (k->name && strcmp(k->name, "label") == 0) k++;
        char key[64] = "", def[64] = "";
        const char *last = strrchr(line, '|'), *prev = last;
        while (prev > line && prev[-1] != '|') prev--;
        sscanf(line, "| `%63[^`]`", key);
        if (last > prev) snprintf(def, sizeof def, "%.*s", (int)(last - prev), prev);
        char *d = def; /* trim blanks and backquotes */
        while (*d == ' ' || *d == '`') d++;
        size_t n = strlen(d);
        while (n && (d[n - 1] == ' ' || d[n - 1] == '`')) d[--n] = 0;
        CHECK(k->name && strcmp(key, k->name) == 0, "lessons/README row %d: key '%s', the table's "
              "next is '%s'", rows, key, k->name ? k->name : "(none)");
        CHECK(k->name && strcmp(d, k->def) == 0, "lessons/README row %d (%s): default '%s', the "
              "table says '%s'", rows, key, d, k->name ? k->def : "");
        if (k->name) k++;
    }
    fclose(f);
    while (k->name && strcmp(k->name, "label") == 0) k++;
    CHECK(in && rows > 0 && !k->name, "lessons/README's settings table: %d rows, missing %s", rows,
          k->name ? k->name : "nothing");
    printf("lessons/README: %d settings rows\n", rows);
}

/* 1 if any of the n values is a number. */
static int any_number(const double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (!isnan(v[i])) return 1;
    return 0;
}

/* Each cell has the quantities its row names and the ones no row names, as a short
 * run's diagnostics show. */
static void cell_has(void)
{
    static const char *const gates[] = {"input_gate", "forget_gate", "output_gate", "reset_gate",
                                        "update_gate"};
    static Run r;
    for (int cell = 0; cell < CELL_COUNT; cell++) {
        CellKind k = (CellKind)cell;
        if (short_run(&r, k, NULL, NULL)) {
            CHECK(0, "%s: a default run refused", cell_name(k));
            continue;
        }
        const Diag *d = &r.diag;
        int grad_c = any_number(d->grad_c, d->T), attn = any_number(d->attn, d->T);
        /* what only a recurrence has (spectral_radius needs an eigen solver: not here) */
        struct { const char *name; int numbers; } rec[] = {
            {"jac_norm", d->jacobians && any_number(d->jac_norm, d->T)},
            {"jac_prod", d->jacobians && any_number(d->jac_prod, d->T)},
            {"bound", d->jacobians && any_number(d->bound, d->T)},
            {"whh_contrib", any_number(d->whh_contrib, d->T)},
            {"sigma_max", !isnan(d->sigma_max)},
        };
        for (size_t q = 0; q < sizeof rec / sizeof rec[0]; q++) {
            int has = config_cell_has(k, rec[q].name);
            printf("%-9s %-11s %s; the table says %s\n", cell_name(k), rec[q].name,
                   rec[q].numbers ? "numbers" : "NaN", has ? "has" : "has not");
            CHECK(rec[q].numbers == has, "cell=%s: %s %s, the cell list says %s", cell_name(k),
                  rec[q].name, rec[q].numbers ? "numbers" : "NaN", has ? "it has it" : "it has none");
        }
        int n_gates = 0;
        for (size_t g = 0; g < sizeof gates / sizeof gates[0]; g++) n_gates += config_cell_has(k, gates[g]);
        printf("%-9s grad_c %s, attn %s, %d gates plotted; the table says %d, %d, %d\n", cell_name(k),
               grad_c ? "numbers" : "NaN", attn ? "numbers" : "NaN", d->n_gates,
               config_cell_has(k, "grad_c"), config_cell_has(k, "attn"), n_gates);
        CHECK(grad_c == config_cell_has(k, "grad_c"), "cell=%s: grad_c %s, the cell list says %s",
              cell_name(k), grad_c ? "numbers" : "NaN", grad_c ? "it has none" : "it has it");
        CHECK(attn == config_cell_has(k, "attn"), "cell=%s: attn %s, the cell list says %s",
              cell_name(k), attn ? "numbers" : "NaN", attn ? "it has none" : "it has it");
        CHECK(n_gates == d->n_gates, "cell=%s: %d gates plotted, the cell list names %d",
              cell_name(k), d->n_gates, n_gates);
        CHECK(config_cell_has(k, "loss"), "cell=%s: no loss", cell_name(k));
        const Cell *cl = cell_of(k); /* each plotted gate NAME is the quantity NAME_gate */
        for (int g = 0; cl && g < cl->n_plotted; g++) {
            char q[64];
            snprintf(q, sizeof q, "%s_gate", cl->plotted_name[g]);
            CHECK(config_cell_has(k, q), "cell=%s plots gate '%s', the cell list has no %s",
                  cell_name(k), cl->plotted_name[g], q);
        }
        run_free(&r);
    }
}

int main(int argc, char **argv)
{
    char line[1024], want[1024];
    if (argc > 1 && strcmp(argv[1], "--print") == 0) {
        for (const ConfigKey *k = config_table; k->name; k++) {
            row(k, want, sizeof want);
            puts(want);
        }
        return 0;
    }

    /* the README's table, row for row */
    FILE *f = fopen(SOURCE_ROOT "/README.md", "r");
    CHECK(f != NULL, "cannot open %s/README.md", SOURCE_ROOT);
    if (!f) return tu_finish();
    int in = 0, rows = 0;
    const ConfigKey *k = config_table;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = 0;
        if (!in) {
            in = strcmp(line, "### Config keys") == 0;
            continue;
        }
        if (strncmp(line, "| `", 3) != 0) {
            if (rows) break; /* the end of the table */
            continue;        /* the blank line, the header and the separator */
        }
        rows++;
        if (!k->name) {
            CHECK(0, "README row %d has no key in the table: %s", rows, line);
            continue;
        }
        row(k, want, sizeof want);
        CHECK(strcmp(line, want) == 0, "README row %d\n   README: %s\n   table:  %s", rows, line, want);
        k++;
    }
    fclose(f);
    int nkeys = 0;
    while (config_table[nkeys].name) nkeys++;
    CHECK(in && rows == nkeys, "README's key table has %d rows, the config table %d keys", rows, nkeys);

    /* defaults, ranges and names */
    Config d;
    config_default(&d);
    for (k = config_table; k->name; k++) {
        char v[256], b[64];
        config_get(&d, k->name, v, sizeof v);
        CHECK(strcmp(v, k->def) == 0 || (k->type == CONFIG_REAL && atof(v) == atof(k->def)),
              "%s: config_default gives '%s', the table says '%s'", k->name, v, k->def);
        CHECK(!k->def[0] || accepts(k->name, k->def), "%s: its default '%s' is refused", k->name, k->def);
        switch (k->type) {
        case CONFIG_ENUM:
            for (int i = 0; k->names[i]; i++) {
                Config c = d;
                Error err;
                CHECK(config_set(&c, k->name, k->names[i], &err) == 0 &&
                          config_get(&c, k->name, v, sizeof v) == 0 && strcmp(v, k->names[i]) == 0,
                      "%s=%s does not round-trip", k->name, k->names[i]);
            }
            CHECK(!accepts(k->name, "nonsense"), "%s takes 'nonsense'", k->name);
            break;
        case CONFIG_INT:
            snprintf(b, sizeof b, "%.0f", k->lo);
            CHECK(accepts(k->name, b), "%s refuses its lower end %s", k->name, b);
            snprintf(b, sizeof b, "%.0f", k->hi);
            CHECK(accepts(k->name, b), "%s refuses its upper end %s", k->name, b);
            snprintf(b, sizeof b, "%.0f", k->lo - 1);
            CHECK(!accepts(k->name, b), "%s takes %s, below its range", k->name, b);
            snprintf(b, sizeof b, "%.0f", k->hi + 1);
            CHECK(!accepts(k->name, b), "%s takes %s, above its range", k->name, b);
            break;
        case CONFIG_REAL:
        case CONFIG_BIAS:
            snprintf(b, sizeof b, "%.17g", k->hi);
            CHECK(accepts(k->name, b), "%s refuses its upper end %s", k->name, b);
            snprintf(b, sizeof b, "%.17g", k->hi * (1 + 1e-9));
            CHECK(!accepts(k->name, b), "%s takes %s, above its range", k->name, b);
            snprintf(b, sizeof b, "%.17g", k->lo);
            CHECK(accepts(k->name, b) == !k->lo_open, "%s: its lower end %s is %s", k->name, b,
                  k->lo_open ? "taken though open" : "refused");
            break;
        case CONFIG_SEED:
            CHECK(accepts(k->name, "18446744073709551615") && !accepts(k->name, "18446744073709551616") &&
                      !accepts(k->name, "-1"),
                  "%s: 0..2^64-1 does not hold", k->name);
            break;
        case CONFIG_TEXT: {
            char s[512];
            memset(s, 'a', sizeof s);
            s[(size_t)k->hi] = 0;
            CHECK(accepts(k->name, s), "%s refuses %.0f bytes", k->name, k->hi);
            s[(size_t)k->hi] = 'a';
            s[(size_t)k->hi + 1] = 0;
            CHECK(!accepts(k->name, s), "%s takes %.0f bytes", k->name, k->hi + 1);
            break;
        }
        }
    }
    Config c;
    Error err;
    config_default(&c);
    CHECK(config_set(&c, "nope", "1", &err) != 0 && strstr(err.msg, "allowed: task,cell,"),
          "an unknown key is not refused with the keys: %s", err.msg);
    printf("%d keys, %d README rows\n", nkeys, rows);
    lessons_readme();
    cell_reads();
    cell_has();
    return tu_finish();
}
