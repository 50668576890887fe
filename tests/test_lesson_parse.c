/* test_lesson_parse.c - the lesson file format (lessons/README.md).
 * 1. Every built-in lesson parses, has its short name, and its embedded bytes
 *    are the bytes of lessons/NN-name.md.
 * 2. The README's complete example parses to what the README says it means.
 * 3. A small lesson written for this test: settings resolution order,
 *    inheritance between steps, derived labels, narration joining, CRLF and
 *    BOM, and the parsed form of each check, against expectations written by
 *    hand from the README.
 * 4. Malformed lessons: each gives exactly the expected one-line error.
 * 5. Whatever the bytes: every prefix of two built-in lessons and thousands of
 *    deterministic random mutations either parse into a structure whose
 *    indices are all in range, or fail with one line "name:LINE:COL: ...".
 *    (Run under `meson test --setup asan` for memory errors.)
 * 6. The resolver: numbers, short names, paths, and its messages. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson.h"
#include "lesson_run.h"
#include "work_limit.h"
#include "testutil.h"

#ifndef SOURCE_ROOT
#error "SOURCE_ROOT must be defined (the meson build passes it)"
#endif

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *p = realloc(buf, cap *= 2);
            if (!p) {
                free(buf);
                buf = NULL;
            }
            buf = p;
        }
    }
    fclose(f);
    if (buf) *len = n;
    return buf;
}

/* ---- 1. built-in lessons ---- */

static const char *const builtin_names[] = {
    "bptt", "vanishing", "exploding", "clipping", "relu", "kerala", "lstm", "mouse", "remedies",
    "attention",
};

static void test_builtins(void)
{
    int n = lesson_builtin_count();
    CHECK(n == 10, "lesson_builtin_count() = %d, want 10", n);
    for (int i = 0; i < n && i < 10; i++) {
        Lesson l;
        Error err;
        int rc = lesson_builtin(i, &l, &err);
        CHECK(rc == 0, "built-in lesson %d: %s", i + 1, rc ? err.msg : "");
        if (rc) continue;
        CHECK(strcmp(l.name, builtin_names[i]) == 0, "lesson %d is named '%s', want '%s'", i + 1,
              l.name, builtin_names[i]);
        int checks = 0;
        for (int s = 0; s < l.n_steps; s++) checks += l.steps[s].n_checks;
        printf("lesson %d %-10s %2d steps %3d checks  \"%s\"\n", i + 1, l.name, l.n_steps, checks,
               l.title);
        CHECK(l.n_steps >= 2 && checks >= 5, "lesson %d: %d steps, %d checks", i + 1, l.n_steps, checks);
        size_t len, flen = 0;
        const char *file;
        const char *text = lesson_builtin_text(i, &len, &file);
        char path[512];
        snprintf(path, sizeof path, "%s/%s", SOURCE_ROOT, file);
        char *disk = read_file(path, &flen);
        CHECK(disk && flen == len && memcmp(disk, text, len) == 0,
              "embedded lesson %d differs from %s (%zu vs %zu bytes)", i + 1, path, len, flen);
        free(disk);
        lesson_free(&l);
    }
    CHECK(lesson_builtin_text(10, NULL, NULL) == NULL, "lesson_builtin_text(10) is not NULL");
    Lesson l;
    Error err;
    CHECK(lesson_builtin(10, &l, &err) == -1 && strcmp(err.msg, "no built-in lesson 11 (allowed: 1..10)") == 0,
          "lesson_builtin(10): %s", err.msg);
}

/* ---- 2. the README's example ---- */

static void test_readme_example(void)
{
    size_t len;
    char *readme = read_file(SOURCE_ROOT "/lessons/README.md", &len);
    CHECK(readme != NULL, "cannot read lessons/README.md");
    if (!readme) return;
    const char *open = "~~~~markdown\n";
    char *a = strstr(readme, open);
    char *b = a ? strstr(a + strlen(open), "\n~~~~\n") : NULL;
    CHECK(a && b, "README has no ~~~~markdown example");
    if (a && b) {
        a += strlen(open);
        Lesson l;
        Error err;
        int rc = lesson_parse(&l, "README example", a, (size_t)(b - a) + 1, &err);
        CHECK(rc == 0, "README example: %s", rc ? err.msg : "");
        if (rc == 0) {
            CHECK(strcmp(l.name, "clip-demo") == 0 && strcmp(l.title, "Clipping in one minute") == 0,
                  "README example: name '%s', title '%s'", l.name, l.title);
            CHECK(l.n_steps == 2, "README example: %d steps", l.n_steps);
            if (l.n_steps == 2) {
                const LessonStep *s0 = &l.steps[0], *s1 = &l.steps[1];
                CHECK(s0->n_runs == 2 && s1->n_runs == 2, "runs %d %d", s0->n_runs, s1->n_runs);
                CHECK(s0->train == 600 && s1->train == 1, "train %ld %ld", s0->train, s1->train);
                CHECK(s0->runs[1].cfg.clip == CLIP_NORM && s0->runs[1].cfg.clip_threshold == 3 &&
                          s0->runs[1].cfg.init_scale == 4 && s0->runs[1].cfg.task == TASK_CLOUDS,
                      "README example: run 'clip 3' not resolved as written");
                CHECK(strncmp(s0->example, "she moved", 9) == 0 &&
                          strcmp(s1->example, s0->example) == 0,
                      "README example: example '%s', kept by step 2: '%s'", s0->example,
                      s1->example);
                CHECK(s0->try_this && strcmp(s0->try_this, "set clip_threshold=1000. Does it still learn?") == 0,
                      "try this: '%s'", s0->try_this ? s0->try_this : "(null)");
                CHECK(s0->n_checks == 3 && s1->n_checks == 1, "checks %d %d", s0->n_checks, s1->n_checks);
                CHECK(s1->panel == PANEL_GRADIENT && s0->panel == PANEL_CLIPPING,
                      "panels %d %d", s0->panel, s1->panel);
            }
            lesson_free(&l);
        }
    }
    free(readme);
}

/* ---- 3. semantics of a small lesson ---- */

static const char sem_text[] =
    "\xEF\xBB\xBF# Semantics\r\n"
    "\r\n"
    "Intro line one\r\n"
    "intro line two.\r\n"
    "\r\n"
    "Second paragraph.\r\n"
    "```lesson\r\n"
    "name: sem\r\n"
    "set: task=kerala seq_len=20 hidden=8\r\n"
    "set: batch=4\r\n"
    "```\r\n"
    "## First\r\n"
    "Narration of the first\r\n"
    "step, joined.\r\n"
    "- item one\r\n"
    "- item two\r\n"
    "```lesson\r\n"
    "# a comment\r\n"
    "run: a cell=lstm hidden=12\r\n"
    "run: \"b c\" seq_len=30\r\n"
    "run: activation=relu\r\n"
    "set: hidden=10 batch=2\r\n"
    "train: 50\r\n"
    "panel: gradient jac_prod sweep\r\n"
    "check: a accuracy >= 0.9 by step 40\r\n"
    "check: \"b c\" grad_h[0] / grad_h[T-1] < 1e-3\r\n"
    "check: a forget_gate[T-2] > a input_gate[ 3 ] until step 7\r\n"
    "check: \"relu RNN\" not diverged\r\n"
    "```\r\n"
    "> Try this: change\r\n"
    "> something.\r\n"
    "## Second\r\n"
    "Only narration.\r\n"
    "```lesson\r\n"
    "set: seq_len=25\r\n"
    "```\r\n"
    "## Third\r\n"
    "Text.\r\n"
    "```lesson\r\n"
    "run: solo\r\n"
    "panel: loss\r\n"
    "```\r\n";

static void test_semantics(void)
{
    Lesson l;
    Error err;
    int rc = lesson_parse(&l, "sem.md", sem_text, sizeof sem_text - 1, &err);
    CHECK(rc == 0, "sem.md: %s", rc ? err.msg : "");
    if (rc) return;
    CHECK(strcmp(l.name, "sem") == 0 && strcmp(l.title, "Semantics") == 0, "name/title '%s' '%s'",
          l.name, l.title);
    CHECK(strcmp(l.intro, "Intro line one intro line two.\n\nSecond paragraph.") == 0, "intro '%s'",
          l.intro);
    CHECK(l.n_steps == 3, "%d steps", l.n_steps);
    if (l.n_steps != 3) {
        lesson_free(&l);
        return;
    }
    const LessonStep *s = &l.steps[0];
    CHECK(strcmp(s->title, "First") == 0 && s->line == 12, "step 1 title '%s' line %d", s->title, s->line);
    CHECK(strcmp(s->narration, "Narration of the first step, joined.\n- item one\n- item two") == 0,
          "step 1 narration '%s'", s->narration);
    CHECK(s->try_this && strcmp(s->try_this, "change something.") == 0, "try '%s'",
          s->try_this ? s->try_this : "(null)");
    CHECK(s->n_runs == 3, "step 1 runs %d", s->n_runs);
    /* lesson set < step set < run */
    const Config *a = &s->runs[0].cfg, *bc = &s->runs[1].cfg, *r = &s->runs[2].cfg;
    CHECK(strcmp(s->runs[0].label, "a") == 0 && a->cell == CELL_LSTM && a->hidden == 12 &&
              a->batch == 2 && a->seq_len == 20 && a->task == TASK_KERALA,
          "run a: label '%s' cell %d hidden %d batch %d seq_len %d", s->runs[0].label, a->cell,
          a->hidden, a->batch, a->seq_len);
    CHECK(strcmp(s->runs[1].label, "b c") == 0 && bc->seq_len == 30 && bc->hidden == 10 &&
              bc->batch == 2 && bc->cell == CELL_RNN,
          "run 'b c': label '%s' seq_len %d hidden %d", s->runs[1].label, bc->seq_len, bc->hidden);
    CHECK(strcmp(s->runs[2].label, "relu RNN") == 0 && r->activation == ACT_RELU && r->hidden == 10,
          "run 3: label '%s'", s->runs[2].label);
    CHECK(s->train == 50 && s->panel == PANEL_GRADIENT && s->grad_view == LESSON_VIEW_JAC_PROD &&
              s->sweep == 1,
          "step 1 train %ld panel %d view %d sweep %d", s->train, s->panel, s->grad_view, s->sweep);
    CHECK(s->n_checks == 4, "step 1 checks %d", s->n_checks);
    if (s->n_checks == 4) {
        const LessonCheck *c = s->checks;
        CHECK(c[0].lhs.run == 0 && c[0].lhs.num == LESSON_Q_ACCURACY && c[0].lhs.den == LESSON_Q_NONE &&
                  c[0].cmp == LESSON_GE && c[0].rhs.run == -1 && c[0].rhs.number == 0.9 &&
                  c[0].when == LESSON_BY && c[0].step == 40 && !c[0].diverged && c[0].line == 25,
              "check 1 parsed wrongly");
        CHECK(strcmp(c[0].text, "a accuracy >= 0.9 by step 40") == 0, "check 1 text '%s'", c[0].text);
        CHECK(c[1].lhs.run == 1 && c[1].lhs.num == LESSON_Q_GRAD_H && c[1].lhs.num_t == 0 &&
                  c[1].lhs.den == LESSON_Q_GRAD_H && c[1].lhs.den_t == 29 && c[1].cmp == LESSON_LT &&
                  c[1].rhs.number == 1e-3 && c[1].when == LESSON_AT && c[1].step == 50,
              "check 2 parsed wrongly (den_t %d)", c[1].lhs.den_t);
        CHECK(c[2].lhs.run == 0 && c[2].lhs.num == LESSON_Q_FORGET_GATE && c[2].lhs.num_t == 18 &&
                  c[2].cmp == LESSON_GT && c[2].rhs.run == 0 && c[2].rhs.num == LESSON_Q_INPUT_GATE &&
                  c[2].rhs.num_t == 3 && c[2].when == LESSON_UNTIL && c[2].step == 7,
              "check 3 parsed wrongly");
        CHECK(c[3].diverged && c[3].negate && c[3].lhs.run == 2 && c[3].when == LESSON_AT &&
                  c[3].step == 50,
              "check 4 parsed wrongly");
    }
    /* step 2 inherits runs (re-resolved with its own set:), train and panel */
    s = &l.steps[1];
    CHECK(s->n_runs == 3 && s->train == 50 && s->panel == PANEL_GRADIENT &&
              s->grad_view == LESSON_VIEW_JAC_PROD && s->sweep == 1 && s->n_checks == 0 && !s->try_this,
          "step 2 inheritance: runs %d train %ld panel %d", s->n_runs, s->train, s->panel);
    if (s->n_runs == 3) {
        a = &s->runs[0].cfg, bc = &s->runs[1].cfg;
        CHECK(a->seq_len == 25 && a->hidden == 12 && a->batch == 4 && bc->seq_len == 30 &&
                  bc->hidden == 8 && strcmp(s->runs[1].label, "b c") == 0,
              "step 2 runs: a seq_len %d hidden %d batch %d; b c seq_len %d hidden %d", a->seq_len,
              a->hidden, a->batch, bc->seq_len, bc->hidden);
    }
    s = &l.steps[2];
    CHECK(s->n_runs == 1 && strcmp(s->runs[0].label, "solo") == 0 && s->runs[0].cfg.seq_len == 20 &&
              s->runs[0].cfg.hidden == 8 && s->train == 50 && s->panel == PANEL_LOSS &&
              s->grad_view == LESSON_VIEW_GRAD_H && s->sweep == 0,
          "step 3: runs %d train %ld panel %d", s->n_runs, s->train, s->panel);

    /* a pure function: the same bytes give the same lesson */
    Lesson l2;
    rc = lesson_parse(&l2, "sem.md", sem_text, sizeof sem_text - 1, &err);
    int same = rc == 0 && l2.n_steps == l.n_steps && strcmp(l2.intro, l.intro) == 0;
    for (int i = 0; same && i < l.n_steps; i++) {
        const LessonStep *x = &l.steps[i], *y = &l2.steps[i];
        same = x->n_runs == y->n_runs && x->n_checks == y->n_checks && x->train == y->train &&
               strcmp(x->narration, y->narration) == 0 &&
               memcmp(x->runs, y->runs, sizeof x->runs[0] * (size_t)x->n_runs) == 0 &&
               memcmp(x->checks, y->checks, sizeof x->checks[0] * (size_t)x->n_checks) == 0;
    }
    CHECK(same, "parsing the same bytes twice gave different lessons");
    if (rc == 0) lesson_free(&l2);
    lesson_free(&l);
    lesson_free(&l); /* harmless twice */

    /* the first step's defaults */
    static const char minimal[] = "# M\n## S\nText.\n";
    rc = lesson_parse(&l, "m.md", minimal, sizeof minimal - 1, &err);
    CHECK(rc == 0 && l.n_steps == 1 && l.steps[0].n_runs == 1 &&
              l.steps[0].train == LESSON_DEFAULT_TRAIN && l.steps[0].panel == PANEL_GRADIENT &&
              strcmp(l.steps[0].runs[0].label, "tanh RNN") == 0 && l.intro[0] == 0 && l.name[0] == 0,
          "minimal lesson: %s", rc ? err.msg : "wrong defaults");
    if (rc == 0) lesson_free(&l);
}

/* ---- 4. malformed lessons ---- */

typedef struct BadFile {
    const char *file, *want;
} BadFile;

static const BadFile bad_files[] = {
    {"accuracy-regression.md", "14:15: run 'adding' has no accuracy: task adding is a regression "
                               "(allowed: loss and the gradient quantities)"},
    {"bad-comparison.md", "14:18: expected a comparison, found '=' (allowed: <, <=, >, >=)"},
    {"bad-number.md", "14:20: '1e400' is not a finite number (allowed: finite numbers)"},
    {"bad-panel.md", "13:8: unknown panel 'heat' (allowed: gradient, heatmap, loss, clipping, "
                     "spectrum, sentence, gates, attention)"},
    {"bad-value.md", "13:18: hidden: 'abc' is not an integer (allowed: 1..1024)"},
    {"by-step-after-train.md", "15:36: step '200' is outside this step's training (allowed: "
                               "1..100; raise train: to check later)"},
    {"duplicate-key-lines.md", "5:15: duplicate key 'seq_len' (first set at line 4; allowed: each "
                               "key once in the lesson's set: lines)"},
    {"duplicate-key.md", "13:29: duplicate key 'hidden' (first set at line 13; allowed: each key "
                         "once per run: line)"},
    {"duplicate-label.md", "14:1: two runs in this step are labelled 'LSTM' (allowed: distinct "
                           "labels; name a run with 'run: LABEL KEY=VALUE ...')"},
    {"empty-step.md", "8:1: step 'An empty step' has no narration (allowed: a step needs at least "
                      "one line of text under its heading)"},
    {"gate-on-rnn.md", "14:13: run 'tanh' is cell=rnn: it has no forget_gate (allowed: cell=lstm runs)"},
    {"heading-level.md", "12:1: heading level 3 (allowed: '# ' for the title and '## ' for steps)"},
    {"label-key.md", "13:11: label is not a setting in lessons (allowed: name a run with 'run: "
                     "LABEL KEY=VALUE ...', quoted if it has spaces)"},
    {"missing-title.md", "1:1: missing title (allowed: a lesson starts with a line '# Title')"},
    {"no-steps.md", "8:1: no steps (allowed: a lesson needs at least one '## Step title' with "
                    "narration)"},
    {"other-code-block.md", "12:1: code block without 'lesson' (allowed: settings in a ```lesson "
                            "block; other code blocks are not supported)"},
    {"run-before-step.md", "4:1: 'run' belongs in a step (allowed before the first '## ' heading: "
                           "name, set, shade)"},
    {"second-title.md", "12:1: a second title (allowed: one '# ' title per lesson; steps start "
                        "with '## ')"},
    {"seq-too-short.md", "13:1: run 'tanh': seq_len: 5 is too short for task kerala (minimum 12)"},
    {"timestep-range.md", "14:20: timestep 12 is outside run 'tanh' (allowed: 0..11, or "
                          "T-1..T-12; T = seq_len = 12)"},
    {"too-many-runs.md", "21:1: too many runs in this step (allowed: at most 8)"},
    {"train-zero.md", "13:8: train: '0' is not a number of training steps (allowed: 1..1000000)"},
    {"try-before-step.md", "8:1: '>' (try this) before the first step (allowed: '> Try this: ...' "
                           "inside a step)"},
    {"unclosed-block.md", "12:1: ```lesson block is not closed (allowed: close it with ``` on its "
                          "own line)"},
    {"unknown-directive.md", "13:1: unknown directive 'trian' (allowed: run, set, train, panel, "
                             "beside, loss_scale, check, readout, show, example)"},
    {"unknown-key.md", "13:6: unknown key 'hiddn' (allowed: task, cell, activation, bidirectional, "
                       "hidden, seq_len, batch, init, init_scale, forget_bias, clip, "
                       "clip_threshold, optimizer, lr, momentum, bptt, heads, layers, ff, "
                       "attention_mask, seed)"},
    {"unknown-run.md", "15:8: unknown run 'lstm' (allowed: the runs of this step: tanh, LSTM)"},
    /* columns count characters: '«' and '»' are two bytes each */
    {"utf8-column.md", "13:20: hidden: 'x' is not an integer (allowed: 1..1024)"},
};

typedef struct BadText {
    const char *text;
    size_t len;
    const char *want;
} BadText;

#define T(s) s, sizeof s - 1
#define HEAD "# T\n\n## S\n\nText.\n\n```lesson\n"

#define KERALA12 "set: task=kerala seq_len=12\n"
static const BadText bad_texts[] = {
    /* example: the sentence is checked against every run's task, at the word's column */
    {T(HEAD KERALA12 "example: Jane was born in Atlantis. Jane is very fluent in ___\n```\n"),
     "9:27: run 'tanh RNN' (task kerala, seq_len 12): example: 'Atlantis' is not a word of task "
     "kerala"},
    {T(HEAD KERALA12 "example: Jane was born in Kerala.  Jane is very fluent at ___\n```\n"),
     "9:56: run 'tanh RNN' (task kerala, seq_len 12): example: word 11 'at' should be in"},
    {T(HEAD KERALA12 "example: Jane was born in Kerala. Jane is fluent in ___\n```\n"),
     "9:10: run 'tanh RNN' (task kerala, seq_len 12): example: 11 words, but seq_len is 12 (the "
     "sentence must fill it)"},
    {T(HEAD "run: a task=kerala seq_len=12\nrun: b task=mouse seq_len=12\n"
            "example: Jane was born in Kerala. Jane is very fluent in ___\n```\n"),
     "10:10: run 'b' (task mouse, seq_len 12): example: 'Jane' is not a word of task mouse"},
    {T(HEAD "example: none\nexample: none\n```\n"),
     "9:1: duplicate 'example' (first at line 8; allowed: one per step)"},
    {T(HEAD "example:   \n```\n"),
     "8:1: empty example (allowed: example: a sentence of the task, e.g. Jane was born in "
     "Kerala. Jane is very fluent in ___)"},
    {T(HEAD KERALA12 "example: Jane was born in Kerala. Jane is very fluent in ___\n```\n"
                     "## S2\n\nMore.\n\n```lesson\nset: task=kerala seq_len=13\n```\n"),
     "9:10: run 'tanh RNN' (task kerala, seq_len 13): example: 12 words, but seq_len is 13 (the "
     "sentence must fill it) (the example of the step before, kept by a step without one; "
     "allowed: write 'example:' in this step, or 'example: none')"},
    {T("# T\n```lesson\nexample: none\n```\n"),
     "3:1: 'example' belongs in a step (allowed before the first '## ' heading: name, set, "
     "shade)"},
    {T(""), "1:1: missing title (allowed: a lesson starts with a line '# Title')"},
    {T("\n  \n"), "1:1: missing title (allowed: a lesson starts with a line '# Title')"},
    {T("# T\n\n## S\n\nab\xC3\x28\n"), "5:3: invalid UTF-8 byte 0xC3 (allowed: UTF-8 text)"},
    {T("# T\n\nx\0y\n"), "3:2: NUL byte (allowed: UTF-8 text without NUL bytes)"},
    {T("# T\x1b[31m\n"), "1:4: control character U+001B (allowed: text, tab, newline)"},
    {T("# T\xC2\x85\n"), "1:4: control character U+0085 (allowed: text, tab, newline)"},
    {T("# T\r\n\n## S\rText\n"), "3:5: carriage return not followed by a newline (allowed: LF or "
                                 "CRLF line ends)"},
    {T("# \xC0\xAF\n"), "1:3: invalid UTF-8 byte 0xC0 (allowed: UTF-8 text)"},
    {T("# \xED\xA0\x80\n"), "1:3: invalid UTF-8 byte 0xED (allowed: UTF-8 text)"},
    {T("# \xF4\x90\x80\x80\n"), "1:3: invalid UTF-8 byte 0xF4 (allowed: UTF-8 text)"},
    {T("# é\xE2\x82"), "1:4: invalid UTF-8 byte 0xE2 (allowed: UTF-8 text)"},
    {T("#\n"), "1:1: empty title (allowed: '# Title text')"},
    {T("# T\n##\n"), "2:1: empty step title (allowed: '## Step title')"},
    {T(HEAD "run: \"tanh clip=none\n```\n"), "8:6: unterminated quote in the run's label (allowed: "
                                             "\"LABEL\")"},
    {T(HEAD "run: \"\" clip=none\n```\n"), "8:6: empty label (allowed: 1 to 31 bytes)"},
    {T(HEAD "run: a\ncheck: a not converged\n```\n"), "9:14: expected 'diverged' after 'not', found "
                                                      "'converged' (allowed: RUN not diverged; for "
                                                      "numbers use the opposite comparison)"},
    {T(HEAD "run: a\ncheck: a speed > 1\n```\n"),
     "9:10: expected a quantity, found 'speed' (allowed: loss, accuracy, grad_norm, "
     "grad_norm_clipped, clipped, clip_angle, sigma_max, spectral_radius, grad_h[t], grad_h_rev[t], "
     "grad_c[t], "
     "grad_x[t], whh_contrib[t], jac_norm[t], jac_prod[t], bound[t], input_gate[t], forget_gate[t], "
     "output_gate[t], reset_gate[t], update_gate[t], attn[t])"},
    {T(HEAD "run: a\ncheck: a grad_h > 1\n```\n"), "9:16: grad_h needs a timestep (allowed: "
                                                    "grad_h[t] with t = 0..39 or T-1..T-40)"},
    {T(HEAD "run: a\ncheck: a loss[3] > 1\n```\n"), "9:14: loss has no timestep (allowed: loss "
                                                     "without [t])"},
    {T(HEAD "run: a\ncheck: a grad_h[T+1] > 1\n```\n"), "9:17: bad timestep (allowed: grad_h[t] "
                                                         "with t = 0..39, or T-k with k = 1..40)"},
    {T(HEAD "run: a\ncheck: a loss < 1 by stap 3\n```\n"), "9:22: expected 'step' after 'by', found "
                                                           "'stap'"},
    {T(HEAD "run: a\ncheck: a loss < 1 soon\n```\n"), "9:19: unexpected 'soon' (allowed: 'by step "
                                                      "N', 'at step N', 'until step N' or the end "
                                                      "of the check)"},
    {T(HEAD "run: a\ncheck: a loss < 1 at step 1 please\n```\n"), "9:29: unexpected 'please' after "
                                                                  "the check (allowed: nothing)"},
    {T(HEAD "run: a\ncheck: a loss <\n```\n"), "9:16: expected a number or a run's quantity after "
                                               "the comparison"},
    {T(HEAD "run: a\ncheck: a loss < 1x\n```\n"), "9:17: expected a number, found '1x' (allowed: "
                                                  "e.g. 0.95, 1e-10, -3)"},
    {T(HEAD "run: a\ncheck:\n```\n"), "9:1: empty check (allowed: RUN QUANTITY < NUMBER [by step "
                                      "N], RUN [not] diverged; see lessons/README.md)"},
    {T(HEAD "train: 5\ntrain: 6\n```\n"), "9:1: duplicate 'train' (first at line 8; allowed: one "
                                          "per step)"},
    {T(HEAD "train: 5 steps\n```\n"), "8:8: train: '5 steps' is not a number of training steps "
                                      "(allowed: 1..1000000)"},
    {T(HEAD "train: 99999999999999999999\n```\n"), "8:8: train: '99999999999999999999' is not a "
                                                   "number of training steps (allowed: 1..1000000)"},
    {T(HEAD "panel: loss sweep\n```\n"), "8:13: unexpected 'sweep' (allowed: only the gradient "
                                         "panel takes options)"},
    {T(HEAD "panel: gradient jac_prod grad_h\n```\n"), "8:26: unexpected 'grad_h' (allowed: one of "
                                                       "grad_h, jac_prod, whh_contrib, then sweep, slopes)"},
    {T(HEAD "run: a hidden\n```\n"), "8:8: expected KEY=VALUE after the run's label, found 'hidden' "
                                     "(allowed: one label, quoted if it has spaces, then KEY=VALUE ...)"},
    {T(HEAD "set: =3\n```\n"), "8:6: '=3' has no key before '=' (allowed: KEY=VALUE)"},
    {T(HEAD "set: hidden=\n```\n"), "8:13: hidden: empty value"},
    {T(HEAD "set: forget_bias=open\n```\n"), "8:18: forget_bias: 'open' is not allowed (allowed: a "
                                             "number in -100..100, or chrono)"},
    {T(HEAD "run: a\nrun: b\ncheck: a loss < b\n```\n"), "10:18: expected a quantity, found the end "
                                                         "(allowed: loss, accuracy, grad_norm, "
                                                         "grad_norm_clipped, clipped, clip_angle, sigma_max, "
                                                         "spectral_radius, grad_h[t], grad_h_rev[t], "
                                                         "grad_c[t], grad_x[t], whh_contrib[t], "
                                                         "jac_norm[t], "
                                                         "jac_prod[t], bound[t], input_gate[t], "
                                                         "forget_gate[t], output_gate[t], "
                                                         "reset_gate[t], update_gate[t], attn[t])"},
    {T(HEAD "run: a\ncheck: a grad_h_rev[0] > 0\n```\n"), "9:10: run 'a' is not bidirectional: it "
                                                          "has no grad_h_rev (allowed: "
                                                          "bidirectional=1 runs)"},
    {T(HEAD "run: a cell=lstm\ncheck: a update_gate[0] > 0\n```\n"), "9:10: run 'a' is cell=lstm: "
                                                                     "it has no update_gate "
                                                                     "(allowed: cell=gru runs)"},
    {T(HEAD "run: a\ncheck: a attn[0] > 0\n```\n"), "9:10: run 'a' is cell=rnn: it has no attn "
                                                    "(allowed: cell=attention runs)"},
    {T(HEAD "run: a cell=attention\ncheck: a jac_norm[0] > 0\n```\n"),
     "9:10: run 'a' is cell=attention: it has no jac_norm (allowed: cell=rnn or cell=lstm or "
     "cell=gru runs)"},
    {T(HEAD "run: a cell=gru\ncheck: a bound[0] > 0\n```\n"), "9:10: run 'a' is cell=gru: it has "
                                                             "no bound (allowed: cell=rnn runs)"},
    {T(HEAD "name: x\n```\n"), "8:1: 'name' belongs in the lesson's first block, before the first "
                               "'## ' heading (allowed here: run, set, train, panel, beside, loss_scale, check, "
                               "readout, show, example)"},
    {T("# T\n```lesson\nname: 9lives\n```\n"), "3:7: bad lesson name (allowed: one word of a-z, 0-9, "
                                               "'_', '-', starting with a letter, at most 23 "
                                               "characters)"},
    {T("# T\n```lesson\nname: a\nname: b\n```\n"), "4:1: duplicate 'name' (first at line 3; allowed: "
                                                   "one name per lesson)"},
    {T("# T\n```lesson\nrun it\n```\n"), "3:1: expected 'directive: value' in a ```lesson block "
                                         "(allowed: name, set, shade; '#' starts a comment)"},
    {T("# T\n```lesson\n```lesson\n```\n"), "3:1: expected ``` alone to close the ```lesson block"},
    {T(HEAD "set: hidden=1024 batch=1024 seq_len=10000\n```\n"),
     "3:1: run 'tanh RNN': hidden=1024 seq_len=10000 batch=1024 needs about 327.5 GiB for one run "
     "(allowed: at most 2 GiB); lower hidden, seq_len or batch"},
    {T(HEAD "set: hidden=64 batch=64 seq_len=6000\nrun: a\nrun: b\nrun: c\n```\n"),
     "3:1: the runs of this step need about 4.1 GiB (allowed: at most 2 GiB together); lower "
     "hidden, seq_len or batch"},
    /* a pinned sentence is carried by a second model at batch 1: a run of 1.25 GiB at
     * batch 1 needs twice that with one (accepted when the pin was not counted) */
    {T(HEAD "set: task=mouse cell=lstm hidden=1024 batch=1 seq_len=10000\ntrain: 1\n"
            "example: the mouse is used to ___ for the easy use of computers\n```\n"),
     "3:1: the runs of this step need about 2.5 GiB (allowed: at most 2 GiB together); lower "
     "hidden, seq_len or batch"},
    /* readout:, show:, shade: and the slopes option */
    {T(HEAD "run: a\nreadout: a diverged\n```\n"), "9:10: a readout shows a number (allowed: RUN "
                                                 "QUANTITY CMP ...; write 'diverged' checks as "
                                                 "check:)"},
    {T(HEAD "run: a\nreadout: a speed > 1\n```\n"),
     "9:12: expected a quantity, found 'speed' (allowed: loss, accuracy, grad_norm, "
     "grad_norm_clipped, clipped, clip_angle, sigma_max, spectral_radius, grad_h[t], grad_h_rev[t], "
     "grad_c[t], grad_x[t], whh_contrib[t], jac_norm[t], jac_prod[t], bound[t], input_gate[t], "
     "forget_gate[t], output_gate[t], reset_gate[t], update_gate[t], attn[t])"},
    {T(HEAD "run: a\nrun: b\nshow: c\n```\n"), "10:7: unknown run 'c' (allowed: the runs of this "
                                              "step: a, b)"},
    {T(HEAD "run: a\nshow: a\nshow: a\n```\n"), "10:1: duplicate 'show' (first at line 9; allowed: "
                                               "one per step)"},
    {T(HEAD "run: a\nshow: a b\n```\n"), "9:9: unexpected text after the run's label (allowed: "
                                         "show: RUN, quoted if the label has spaces)"},
    {T(HEAD "shade: 1e-9 .. 1\n```\n"), "8:1: 'shade' belongs in the lesson's first block, before "
                                       "the first '## ' heading: one colour scale for every step "
                                       "(allowed here: run, set, train, panel, beside, loss_scale, "
                                       "check, readout, show, example)"},
    {T("# T\n```lesson\nshade: 1e-9 1\n```\n"), "3:13: expected '..' between the two ends "
                                                "(allowed: shade: LO .. HI)"},
    {T("# T\n```lesson\nshade: 0 .. 1\n```\n"), "3:8: '0' is not a positive number (allowed: "
                                                "shade: LO .. HI, e.g. shade: 1e-36 .. 1)"},
    {T("# T\n```lesson\nshade: 1 .. 1e-9\n```\n"), "3:13: the range must span 1 to 400 decades "
                                                   "with HI above LO (allowed: e.g. shade: 1e-36 "
                                                   ".. 1)"},
    {T("# T\n```lesson\nshade: 1e-9 .. 1\nshade: 1e-9 .. 1\n```\n"),
     "4:1: duplicate 'shade' (first at line 3; allowed: one per lesson)"},
    {T(HEAD "loss_scale: logarithmic\n```\n"), "8:13: loss_scale: 'logarithmic' is not a scale "
                                               "(allowed: linear, log)"},
    {T(HEAD "loss_scale: log\nloss_scale: log\n```\n"), "9:1: duplicate 'loss_scale' (first at "
                                                      "line 8; allowed: one per step)"},
    {T(HEAD "loss_scale: log linear\n```\n"), "8:17: unexpected text after the scale (allowed: "
                                              "loss_scale: linear or log)"},
    {T("# T\n```lesson\nloss_scale: log\n```\n"), "3:1: 'loss_scale' belongs in a step (allowed "
                                                  "before the first '## ' heading: name, set, "
                                                  "shade)"},
    {T(HEAD "panel: loss slopes\n```\n"), "8:13: unexpected 'slopes' (allowed: only the gradient "
                                         "panel takes options)"},
    {T(HEAD "beside: spectrm\n```\n"), "8:9: unknown panel 'spectrm' (allowed: gradient, heatmap, "
                                       "loss, clipping, spectrum, sentence, gates, attention)"},
    {T(HEAD "beside: sentence\n```\n"), "8:9: beside: 'sentence' is always drawn (allowed: the "
                                        "other panels)"},
    {T(HEAD "beside: loss loss\n```\n"), "8:14: beside: 'loss' named twice"},
    {T(HEAD "beside:\n```\n"), "8:1: beside: names no panel (allowed: one or more panel names)"},
    {T(HEAD "beside: loss\nbeside: gates\n```\n"), "9:1: duplicate 'beside' (first at line 8; "
                                                   "allowed: one per step)"},
    {T("# T\n```lesson\nbeside: loss\n```\n"), "3:1: 'beside' belongs in a step (allowed "
                                               "before the first '## ' heading: name, set, "
                                               "shade)"},
    /* the training work limit of the command line (CLI_MAX_WORK), per step: an LSTM with
     * H=1024, T=10000 (1.34e11 multiply-adds a step, worked out by hand in test_work_limit;
     * the bidirectional one is now refused by the 2 GiB limit) asking for 400
     * steps; told at the train: line */
    {T(HEAD "set: cell=lstm hidden=1024 seq_len=10000 batch=1\ntrain: 400\n```\n"),
     "9:1: train: 400 steps of this run need about 5.4e+13 multiply-adds (1.3e+11 a step; "
     "allowed: at most 3e+13); lower steps, hidden, seq_len or batch"},
    /* a step that trains as the step before (no train: line) but with bigger runs: told at
     * its heading */
    {T(HEAD "train: 240\n```\n\n## S2\n\nMore.\n\n```lesson\n"
            "run: a cell=lstm hidden=1024 seq_len=10000 batch=1\n"
            "run: b cell=rnn hidden=8 seq_len=12\n```\n"),
     "11:1: train: 240 steps of these runs need about 3.2e+13 multiply-adds (1.3e+11 a step; "
     "allowed: at most 3e+13); lower steps, hidden, seq_len or batch"},
};

/* `beside:` names panels for its step alone: the view of that step carries them, the
 * next step's none. */
static void test_beside(void)
{
    static const char text[] = "# T\n\n## A\n\nBoth.\n\n```lesson\npanel: gradient\n"
                               "beside: spectrum loss\n```\n\n## B\n\nNone.\n";
    Lesson l;
    Error err;
    int rc = lesson_parse(&l, "beside.md", text, sizeof text - 1, &err);
    CHECK(rc == 0 && l.n_steps == 2, "beside.md: %s", rc ? err.msg : "");
    unsigned want[2] = {1u << PANEL_SPECTRUM | 1u << PANEL_LOSS, 0};
    for (int i = 0; !rc && i < 2; i++) {
        PlotView v;
        memset(&v, 0, sizeof v);
        lesson_step_view(&l, &l.steps[i], &v);
        CHECK(v.beside == want[i] && v.highlight == PANEL_GRADIENT, "step %d: beside 0x%x (want 0x%x), "
              "highlight %d", i + 1, v.beside, want[i], v.highlight);
    }
    if (!rc) lesson_free(&l);
}

/* The loss axis of each step's view: linear for a step played live that does not say
 * (one axis for the whole play), its own when it says, the step before's when it
 * does not, chosen from the data for a step shown trained. */
static void test_loss_scale(void)
{
    static const char text[] = "# T\n\n## A\n\nLive.\n\n```lesson\ntrain: 10 over 2 s\n```\n"
                               "\n## B\n\nLog.\n\n```lesson\nloss_scale: log\n```\n"
                               "\n## C\n\nKept.\n"
                               "\n## D\n\nLinear.\n\n```lesson\nloss_scale: linear\n```\n";
    static const char trained[] = "# T\n\n## A\n\nTrained.\n\n```lesson\ntrain: 10\n```\n";
    static const int want[] = {PLOT_SCALE_LINEAR, PLOT_SCALE_LOG, PLOT_SCALE_LOG, PLOT_SCALE_LINEAR};
    Lesson l;
    Error err;
    int rc = lesson_parse(&l, "scale.md", text, sizeof text - 1, &err);
    CHECK(rc == 0 && l.n_steps == 4, "scale.md: %s", rc ? err.msg : "");
    for (int i = 0; !rc && i < l.n_steps && i < 4; i++) {
        PlotView v;
        memset(&v, 0, sizeof v);
        v.loss_scale = -1;
        lesson_step_view(&l, &l.steps[i], &v);
        CHECK(v.loss_scale == want[i], "step %d: loss axis %d (want %d)", i + 1, v.loss_scale, want[i]);
    }
    if (!rc) lesson_free(&l);
    rc = lesson_parse(&l, "trained.md", trained, sizeof trained - 1, &err);
    CHECK(rc == 0, "trained.md: %s", rc ? err.msg : "");
    if (!rc) {
        PlotView v;
        memset(&v, 0, sizeof v);
        v.loss_scale = -1;
        lesson_step_view(&l, &l.steps[0], &v);
        CHECK(v.loss_scale == PLOT_SCALE_AUTO, "a step shown trained: axis from its data (%d)",
              v.loss_scale);
        lesson_free(&l);
    }
}

static int one_line_error(const char *msg, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(msg, name, n) != 0 || msg[n] != ':') return 0;
    const char *p = msg + n + 1;
    int digits = 0;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (!digits || *p++ != ':') return 0;
    digits = 0;
    while (*p >= '0' && *p <= '9') p++, digits++;
    if (!digits || *p++ != ':' || *p++ != ' ' || !*p) return 0;
    return strchr(msg, '\n') == NULL;
}

static void test_malformed(void)
{
    int n = 0;
    for (size_t i = 0; i < sizeof bad_files / sizeof bad_files[0]; i++, n++) {
        char path[256], want[800];
        snprintf(path, sizeof path, "tests/lessons_bad/%s", bad_files[i].file);
        snprintf(want, sizeof want, "%s:%s", path, bad_files[i].want);
        Lesson l;
        Error err;
        int rc = lesson_load(&l, path, &err);
        CHECK(rc == -1 && strcmp(err.msg, want) == 0, "%s:\n   got  %s\n   want %s", path,
              rc ? err.msg : "(parsed)", want);
        if (rc == 0) lesson_free(&l);
    }
    for (size_t i = 0; i < sizeof bad_texts / sizeof bad_texts[0]; i++, n++) {
        char want[800];
        snprintf(want, sizeof want, "inline.md:%s", bad_texts[i].want);
        Lesson l;
        Error err;
        int rc = lesson_parse(&l, "inline.md", bad_texts[i].text, bad_texts[i].len, &err);
        CHECK(rc == -1 && strcmp(err.msg, want) == 0, "case %zu:\n   got  %s\n   want %s", i,
              rc ? err.msg : "(parsed)", want);
        CHECK(l.n_steps == 0 && l.steps == NULL && l.title == NULL, "case %zu: output not empty", i);
        if (rc == 0) lesson_free(&l);
    }
    /* limits that need generated input */
    char *big = malloc(LESSON_MAX_BYTES + 1);
    if (big) {
        memset(big, 'a', LESSON_MAX_BYTES + 1);
        Lesson l;
        Error err;
        int rc = lesson_parse(&l, "big.md", big, LESSON_MAX_BYTES + 1, &err);
        CHECK(rc == -1 && strcmp(err.msg, "big.md:1:1: file is larger than 1 MiB (allowed: at most "
                                          "1048576 bytes)") == 0,
              "big.md: %s", err.msg);
        /* exactly 1 MiB of one long narration line is fine */
        memcpy(big, "# T\n## S\n", 9);
        rc = lesson_parse(&l, "max.md", big, LESSON_MAX_BYTES, &err);
        CHECK(rc == 0 && l.n_steps == 1 && strlen(l.steps[0].narration) == LESSON_MAX_BYTES - 9,
              "1 MiB lesson: %s", rc ? err.msg : "wrong narration");
        if (rc == 0) lesson_free(&l);
        free(big);
        n += 2;
    }
    char buf[8192];
    size_t len = (size_t)snprintf(buf, sizeof buf, HEAD "run: a\n");
    for (int i = 0; i < LESSON_MAX_CHECKS + 1; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "check: a loss < %d\n", i);
    Lesson l;
    Error err;
    int rc = lesson_parse(&l, "inline.md", buf, len, &err);
    CHECK(rc == -1 && strcmp(err.msg, "inline.md:25:1: too many checks in this step (allowed: at most "
                                      "16)") == 0,
          "17 checks: %s", err.msg);
    len = (size_t)snprintf(buf, sizeof buf, "# T\n");
    for (int i = 0; i < LESSON_MAX_STEPS + 1; i++)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "## %d\nx\n", i);
    rc = lesson_parse(&l, "inline.md", buf, len, &err);
    CHECK(rc == -1 && strcmp(err.msg, "inline.md:130:1: too many steps (allowed: at most 64)") == 0,
          "65 steps: %s", err.msg);
    len = (size_t)snprintf(buf, sizeof buf, "# ");
    for (int i = 0; i < 121; i++) len += (size_t)snprintf(buf + len, sizeof buf - len, "é");
    rc = lesson_parse(&l, "inline.md", buf, len, &err);
    CHECK(rc == -1 && strcmp(err.msg, "inline.md:1:3: title is too long (allowed: at most 120 "
                                      "characters)") == 0,
          "long title: %s", err.msg);
    n += 3;
    printf("%d malformed lessons, each with its exact message\n", n);
}

/* ---- 5. any bytes ---- */

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t next_u64(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A successful parse must leave every index in range. */
static int lesson_sane(const Lesson *l)
{
    if (l->n_steps < 1 || l->n_steps > LESSON_MAX_STEPS || !l->title || !l->intro) return 0;
    for (int i = 0; i < l->n_steps; i++) {
        const LessonStep *s = &l->steps[i];
        if (s->n_runs < 1 || s->n_runs > LESSON_MAX_RUNS || s->train < 1 || s->train > LESSON_MAX_TRAIN)
            return 0;
        if (!s->narration[0] || (unsigned)s->panel >= PANEL_COUNT) return 0;
        if (s->n_checks < 0 || s->n_checks > LESSON_MAX_CHECKS) return 0;
        for (int k = 0; k < s->n_checks; k++) {
            const LessonCheck *c = &s->checks[k];
            const LessonOperand *ops[2] = {&c->lhs, &c->rhs};
            if (c->step < 1 || c->step > s->train) return 0;
            for (int j = 0; j < 2; j++) {
                const LessonOperand *o = ops[j];
                if (o->run < -1 || o->run >= s->n_runs || (j == 0 && o->run < 0)) return 0;
                if (o->run < 0) continue;
                int T = s->runs[o->run].cfg.seq_len;
                if (o->num_t < -1 || o->num_t >= T || o->den_t < -1 || o->den_t >= T) return 0;
            }
        }
    }
    return 1;
}

static void outcome(const char *name, const char *text, size_t len, int *ok, int *bad)
{
    Lesson l;
    Error err;
    if (lesson_parse(&l, name, text, len, &err) == 0) {
        if (lesson_sane(&l)) (*ok)++;
        else CHECK(0, "%s: parsed into an out-of-range lesson", name);
        lesson_free(&l);
    } else {
        if (one_line_error(err.msg, name)) (*bad)++;
        else CHECK(0, "%s: malformed message '%s'", name, err.msg);
    }
}

static void test_any_bytes(void)
{
    int ok = 0, bad = 0;
    for (int i = 0; i < 9; i += 5) { /* lessons 1 and 6: every prefix */
        size_t len;
        const char *text = lesson_builtin_text(i, &len, NULL);
        for (size_t n = 0; n <= len; n++) outcome("prefix.md", text, n, &ok, &bad);
    }
    printf("prefixes: %d parse, %d rejected\n", ok, bad);
    static const char interesting[] = "#`\n:=\"[]<>T-/ .0123456789ae\r\t>";
    char *buf = malloc(2 * 16384);
    int mok = 0, mbad = 0;
    for (int iter = 0; buf && iter < 4000; iter++) {
        size_t len;
        const char *text = lesson_builtin_text((int)(next_u64() % 9), &len, NULL);
        if (len > 16384) len = 16384;
        memcpy(buf, text, len);
        int edits = 1 + (int)(next_u64() % 6);
        for (int e = 0; e < edits && len > 0; e++) {
            size_t at = (size_t)(next_u64() % len);
            uint64_t r = next_u64();
            unsigned char ch = (r & 1) ? (unsigned char)(r >> 8)
                                       : (unsigned char)interesting[(r >> 8) % (sizeof interesting - 1)];
            switch ((r >> 16) % 4) {
            case 0: buf[at] = (char)ch; break;                       /* replace */
            case 1:                                                  /* insert */
                memmove(buf + at + 1, buf + at, len - at);
                buf[at] = (char)ch;
                len++;
                break;
            case 2:                                                  /* delete a run */
            {
                size_t k = 1 + (size_t)((r >> 24) % 64);
                if (k > len - at) k = len - at;
                memmove(buf + at, buf + at + k, len - at - k);
                len -= k;
                break;
            }
            default:                                                 /* duplicate a run */
            {
                size_t k = 1 + (size_t)((r >> 24) % 200);
                if (k > len - at) k = len - at;
                if (len + k > 2 * 16384) break;
                memmove(buf + at + k, buf + at, len - at);
                len += k;
                break;
            }
            }
        }
        outcome("mutant.md", buf, len, &mok, &mbad);
    }
    free(buf);
    printf("mutants: %d parse, %d rejected\n", mok, mbad);
    CHECK(mok > 100 && mbad > 100, "mutations should both parse and fail often (%d / %d)", mok, mbad);
}

/* ---- 6. resolver ---- */

static void test_resolve(void)
{
    Lesson l;
    Error err;
    int rc = lesson_resolve(&l, "6", &err);
    CHECK(rc == 0 && strcmp(l.name, "kerala") == 0, "resolve 6: %s", rc ? err.msg : l.name);
    if (rc == 0) lesson_free(&l);
    rc = lesson_resolve(&l, "remedies", &err);
    CHECK(rc == 0 && strcmp(l.source, "lessons/09-remedies.md") == 0, "resolve remedies: %s",
          rc ? err.msg : l.source);
    if (rc == 0) lesson_free(&l);
    rc = lesson_resolve(&l, "lessons/02-vanishing.md", &err);
    CHECK(rc == 0 && strcmp(l.name, "vanishing") == 0 && strcmp(l.source, "lessons/02-vanishing.md") == 0,
          "resolve a path: %s", rc ? err.msg : l.name);
    if (rc == 0) lesson_free(&l);
    static const struct {
        const char *arg, *want;
    } bad[] = {
        {"0", "no lesson 0 (allowed: 1..10, a lesson name or a file path)"},
        {"11", "no lesson 11 (allowed: 1..10, a lesson name or a file path)"},
        {"99999999999999999999", "no lesson 99999999999999999999 (allowed: 1..10, a lesson name or a "
                                 "file path)"},
        {"nosuch", "unknown lesson 'nosuch' (allowed: 1..10, bptt, vanishing, exploding, clipping, "
                   "relu, kerala, lstm, mouse, remedies, attention, or a lesson file path)"},
        {"no/such.md", "no/such.md: cannot open: No such file or directory"},
        {"tests", "tests: is a directory (allowed: a lesson file)"},
        {"tests/lessons_bad/bad-value.md", "tests/lessons_bad/bad-value.md:13:18: hidden: 'abc' is "
                                           "not an integer (allowed: 1..1024)"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rc = lesson_resolve(&l, bad[i].arg, &err);
        CHECK(rc == -1 && strcmp(err.msg, bad[i].want) == 0, "resolve '%s':\n   got  %s\n   want %s",
              bad[i].arg, rc ? err.msg : "(ok)", bad[i].want);
        if (rc == 0) lesson_free(&l);
    }
}

/* ---- the training work limit (CLI_MAX_WORK) on lesson steps ---- */

static void test_work_limit(void)
{
    /* by hand: an LSTM, H = 1024, T = 10000, B = 1, inputs and outputs at their bounds
     * (64, 16): per token 4 * 1024 * (64 + 1024) + 16 * 1024 = 4 472 832 multiply-adds
     * forward, times 3 (forward and backward) times T */
    const double by_hand = 3.0 * 10000 * 4472832.0; /* 1.3418496e11 */
    char text[512];
    const char *fmt = "# T\n\n## S\n\nText.\n\n```lesson\nset: cell=lstm "
                      "hidden=1024 seq_len=10000 batch=1\ntrain: %ld\n```\n";
    long most = (long)(CLI_MAX_WORK / by_hand); /* 223: 2.992e13; 224: 3.006e13 */
    for (long n = most; n <= most + 1; n++) {
        int len = snprintf(text, sizeof text, fmt, n);
        Lesson l;
        Error err;
        int rc = lesson_parse(&l, "work.md", text, (size_t)len, &err);
        if (rc == 0) {
            double w = cli_run_work(&l.steps[0].runs[0].cfg);
            CHECK(w == by_hand, "cli_run_work = %.17g, by hand %.17g", w, by_hand);
            lesson_free(&l);
        }
        printf("train: %ld of the LSTM: %.4g multiply-adds (limit %.0e): %s\n", n,
               n * by_hand, CLI_MAX_WORK, rc ? err.msg : "parsed");
        CHECK(n == most ? rc == 0 : rc == -1 && strstr(err.msg, "work.md:9:1: train: ") == err.msg,
              "train: %ld: %s", n, rc ? err.msg : "parsed");
    }
    /* every built-in lesson's steps stay within it: the largest share is printed */
    for (int i = 0; i < lesson_builtin_count(); i++) {
        Lesson l;
        Error err;
        if (lesson_builtin(i, &l, &err)) continue; /* (test_builtins fails it) */
        double worst = 0;
        int at = 0;
        for (int k = 0; k < l.n_steps; k++) {
            double w = 0;
            for (int r = 0; r < l.steps[k].n_runs; r++) w += cli_run_work(&l.steps[k].runs[r].cfg);
            w *= (double)l.steps[k].train;
            if (w > worst) worst = w, at = k + 1;
        }
        printf("lesson %2d: its largest step (%d) trains %.2g multiply-adds, %.2g%% of the limit\n",
               i + 1, at, worst, 100 * worst / CLI_MAX_WORK);
        CHECK(worst <= CLI_MAX_WORK, "lesson %d step %d: %.3g > %.0e", i + 1, at, worst, CLI_MAX_WORK);
        lesson_free(&l);
    }
}

int main(void)
{
    if (chdir(SOURCE_ROOT) != 0) {
        printf("cannot chdir to %s\n", SOURCE_ROOT);
        return 1;
    }
    test_builtins();
    test_readme_example();
    test_semantics();
    test_loss_scale();
    test_beside();
    test_malformed();
    test_work_limit();
    test_any_bytes();
    test_resolve();
    return tu_finish();
}
