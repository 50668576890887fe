/* test_app_settings.c - the settings panel's rows come from the config table: every
 * key with a place in the panel (ConfigSetting in src/engine/config.c) is a row of the
 * panel, drawn on one of its two pages, and every row of the panel is such a key;
 * every choice and every rung of a ladder is a value --set takes (increasing ladders,
 * inside the key's range), and a segmented key has one button per choice. */
#include <stdio.h>
#include <string.h>

#include "app_ui.h"
#include "app_cmd.h"
#include "testutil.h"

/* The settings the panel drew on the current page: shown[s] += 1, and the segment
 * buttons of s counted in segs[s]. */
static void drawn(const Ui *ui, int *shown, int *segs, int n)
{
    int seen[64] = {0};
    for (int i = 0; i < ui->n; i++) {
        const UiItem *it = &ui->item[i];
        int s = it->id == UI_CHOICE ? it->arg / 16 : it->id == UI_DEC || it->id == UI_INC ? it->arg : -1;
        if (s < 0 || s >= n) continue;
        if (it->id == UI_CHOICE) segs[s]++;
        if (!seen[s]) shown[s]++;
        seen[s] = 1;
    }
}

int main(void)
{
    int n = app_settings_count(), offered = 0;
    CHECK(n > 0 && n <= 64, "%d settings", n);
    /* table -> panel */
    for (const ConfigKey *k = config_table; k->name; k++) {
        if (k->ui.order <= 0) continue;
        offered++;
        int found = 0;
        for (int s = 0; s < n; s++) found += strcmp(app_setting(s)->key, k->name) == 0;
        CHECK(found == 1, "key %s (place %d) is %d rows of the panel, want 1", k->name, k->ui.order, found);
        for (const ConfigKey *j = config_table; j < k; j++)
            CHECK(j->ui.order != k->ui.order, "%s and %s share place %d", j->name, k->name, k->ui.order);
    }
    CHECK(offered == n, "%d keys offered, %d rows in the panel", offered, n);
    /* panel -> table, and every value it can set is one --set takes */
    for (int s = 0; s < n; s++) {
        const AppSetting *st = app_setting(s);
        const ConfigKey *k = config_key_find(st->key);
        CHECK(k && k->ui.order > 0, "panel row %d (%s) is not a key with a place", s, st->key);
        CHECK(st->label && st->label[0], "%s: a label", st->key);
        CHECK((st->nchoice > 0) != (st->nladder > 0), "%s: choices or a ladder, not both or neither", st->key);
        for (int c = 0; c < st->nchoice; c++) {
            Config cfg;
            Error err;
            config_default(&cfg);
            CHECK(config_set(&cfg, st->key, st->choice[c], &err) == 0, "%s=%s: %s", st->key, st->choice[c], err.msg);
            CHECK(st->choice_label[c] && st->choice_label[c][0], "%s: label of choice %d", st->key, c);
        }
        for (int r = 0; r < st->nladder; r++) {
            Config cfg;
            Error err;
            char v[64];
            config_default(&cfg);
            snprintf(v, sizeof v, "%.17g", st->ladder[r]);
            CHECK(config_set(&cfg, st->key, v, &err) == 0, "%s=%s (rung %d): %s", st->key, v, r, err.msg);
            CHECK(r == 0 || st->ladder[r] > st->ladder[r - 1], "%s: ladder not increasing at %d", st->key, r);
        }
    }
    /* what the panel draws: both pages */
    Options o;
    Error err;
    char *argv[] = {"rnnscope", "--run", "seq_len=12,hidden=8,batch=4", "--run",
                    "seq_len=12,hidden=8,batch=4,cell=lstm", NULL};
    CHECK(cli_parse(&o, 5, argv, &err) == 0, "cli: %s", err.msg);
    static AppCore a;
    static Ui ui;
    Canvas side;
    int sw = app_ui_panel_width(1920, 1080, 0, 1);
    if (app_core_init(&a, tu_spec(&o), &err) || canvas_init(&side, sw, 1080, &err)) {
        printf("init: %s\n", err.msg);
        return 1;
    }
    app_core_settle(&a, 1e9);
    int shown[64] = {0}, segs[64] = {0};
    for (int page = 0; page < 2; page++) {
        a.settings_page = page;
        app_ui_panel(&ui, &side, &a);
        drawn(&ui, shown, segs, n);
    }
    for (int s = 0; s < n; s++) {
        const AppSetting *st = app_setting(s);
        CHECK(shown[s] == 1, "%s: drawn on %d pages, want 1", st->key, shown[s]);
        CHECK(!st->segments || segs[s] == st->nchoice, "%s: %d segment buttons for %d choices", st->key,
              segs[s], st->nchoice);
        printf("  %-15s %-14s %s %d\n", st->key, st->label, st->nladder ? "ladder " : "choices", st->nladder ? st->nladder : st->nchoice);
    }
    canvas_free(&side);
    app_core_free(&a);
    return tu_finish();
}
