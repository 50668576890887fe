/* test_limits.c - the size limits and the memory estimate they rest on.
 *
 * 1. Every limit of README's config table, at and just past its edge, through
 *    config_set / config_check: the edge is accepted, one past it is refused with
 *    a message that names the key and the allowed range.
 * 2. config_memory_bytes(c) (what config_check compares with its 2 GiB limit)
 *    against what run_init really allocates: every malloc/calloc/realloc/free of
 *    the engine goes through a counter (the linker's --wrap), and the peak of live
 *    bytes (malloc_usable_size, so allocator rounding counts too) during run_init
 *    and two training steps must not exceed the estimate, for every cell,
 *    direction and task, at small and at large sizes (the largest up to ~1 GiB of
 *    address space; calloc'd pages are not touched unless trained). The sum it
 *    rests on, run_memory_bytes at the task's own sizes, must match the peak: at
 *    most it, and short of it by no more than the allocator's rounding (a page a
 *    block), so a buffer the estimate counts but nothing allocates is caught.
 *    For a task of sentences the run then pins its own example 0 (run_set_example, as
 *    a lesson step's `example:` does): what that allocates on top must match
 *    run_example_memory_bytes the same way, and the peak with it must stay under
 *    config_memory_bytes + config_example_memory_bytes.
 * 3. A training step allocates nothing (the window's frame loop relies on it).
 * Prints the smallest estimate/actual ratio (must be >= 1). */
#include <malloc.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "run.h"
#include "testutil.h"

/* ---- the counter: the engine's allocations, through -Wl,--wrap ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static double live, peak;
static long n_allocs;

static void count(void *p, double sign)
{
    if (!p) return;
    live += sign * (double)malloc_usable_size(p);
    if (live > peak) peak = live;
}

void *__wrap_malloc(size_t n)
{
    void *p = __real_malloc(n);
    n_allocs++;
    count(p, 1);
    return p;
}

void *__wrap_calloc(size_t k, size_t n)
{
    void *p = __real_calloc(k, n);
    n_allocs++;
    count(p, 1);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    count(p, -1);
    void *q = __real_realloc(p, n);
    n_allocs++;
    count(q ? q : p, 1);
    return q;
}

void __wrap_free(void *p)
{
    count(p, -1);
    __real_free(p);
}

/* ---- 1. limits ---- */

typedef struct Edge {
    const char *key, *ok, *bad, *msg;
} Edge;

static void limits(void)
{
    static const Edge edges[] = {
        {"hidden", "1024", "1025", "hidden: 1025 is out of range (allowed: 1..1024)"},
        {"hidden", "1", "0", "hidden: 0 is out of range (allowed: 1..1024)"},
        {"seq_len", "10000", "10001", "seq_len: 10001 is out of range (allowed: 2..10000)"},
        {"batch", "1024", "1025", "batch: 1025 is out of range (allowed: 1..1024)"},
        {"batch", "1", "0", "batch: 0 is out of range (allowed: 1..1024)"},
        {"init_scale", "100", "100.001", "init_scale: 100.001 is out of range"},
        {"lr", "10", "10.5", "lr: 10.5 is out of range"},
        {"momentum", "0.9999", "1", "momentum: 1 is out of range"},
        {"bptt", "10000", "10001", "bptt: 10001 is out of range"},
        {"clip_threshold", "1000000", "1e7", "clip_threshold: 1e+07 is out of range"},
        {"forget_bias", "-100", "-101", "forget_bias: '-101' is not allowed"},
        {"label", "0123456789012345678901234567890", "01234567890123456789012345678901",
         "label: too long (32 bytes; allowed: at most 31)"},
    };
    for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
        const Edge *e = &edges[i];
        Config c;
        Error err;
        config_default(&c);
        CHECK(config_set(&c, e->key, e->ok, &err) == 0, "%s=%s refused: %s", e->key, e->ok, err.msg);
        err.msg[0] = 0;
        CHECK(config_set(&c, e->key, e->bad, &err) == -1 && strstr(err.msg, e->msg),
              "%s=%s: got '%s', want '%s'", e->key, e->bad, err.msg, e->msg);
    }
    /* the largest accepted sizes together are refused by the memory check */
    Config c;
    Error err;
    config_default(&c);
    c.hidden = CONFIG_MAX_HIDDEN, c.seq_len = CONFIG_MAX_SEQ_LEN, c.batch = CONFIG_MAX_BATCH;
    CHECK(config_check(&c, &err) == -1 && strstr(err.msg, "needs about"), "huge run accepted: %s",
          err.msg);
    printf("limits: %zu edges accepted, one past each refused\n", sizeof edges / sizeof edges[0]);
}

/* ---- 2. the estimate against the counter ---- */

static double worst_ratio = INFINITY, worst_excess = 0, worst_pin_excess = 0;
static int pinned;

/* Example 0 of a batch r's task draws (into r's batch, which the next step draws
 * anew), as the words task_example reads ("" when the task has none), in a buffer the
 * caller frees; NULL out of memory. */
static char *example_text(Run *r)
{
    const Task *t = &r->task;
    Rng rng;
    rng_seed(&rng, 7);
    task_batch(t, &rng, &r->batch);
    char *text = __real_malloc((size_t)t->T * 24 + 1);
    if (!text) return NULL;
    size_t o = 0;
    for (int i = 0; t->words && i < t->T; i++) {
        const char *w = task_word(t, r->batch.token[(size_t)i * (size_t)r->batch.B]);
        o += (size_t)snprintf(text + o, 24, "%s%s", i ? " " : "", w);
    }
    text[o] = 0;
    return text;
}

/* Pins an example of r's task and checks what that allocates against
 * run_example_memory_bytes; *peak_all gets the peak of live bytes with it. */
static void pin(Run *r, const Config *c, const char *label, double *peak_all)
{
    char *text = example_text(r);
    CHECK(text != NULL, "out of memory");
    if (!text || !text[0]) {
        __real_free(text);
        return;
    }
    double base = live;
    long before = n_allocs;
    peak = live;
    int at;
    Error err;
    int rc = run_set_example(r, text, &at, &err);
    __real_free(text);
    CHECK(rc == 0, "%s: pinning example 0: %s", label, err.msg);
    if (rc) return;
    double got = peak - base, sum = run_example_memory_bytes(c, r->task.I, r->task.O);
    double rounding = 4096.0 * (double)(n_allocs - before);
    CHECK(sum <= got && got - sum <= rounding,
          "%s H=%d T=%d B=%d: pinning allocates %.0f bytes, run_example_memory_bytes says %.0f "
          "(allowed: up to %.0f bytes of rounding above it)", label, c->hidden, c->seq_len,
          c->batch, got, sum, rounding);
    if (got - sum > worst_pin_excess) worst_pin_excess = got - sum;
    if (peak > *peak_all) *peak_all = peak;
    pinned++;
}

static void measure(const Config *c, int train)
{
    Run r;
    Error err;
    char label[64];
    config_label(c, label, sizeof label);
    double est = config_memory_bytes(c);
    live = peak = 0;
    long before = n_allocs;
    if (run_init(&r, c, NULL, &err)) { /* the eigen scratch is allocated all the same */
        CHECK(0, "%s H=%d T=%d B=%d: %s", label, c->hidden, c->seq_len, c->batch, err.msg);
        return;
    }
    long allocs = n_allocs;
    double sum = run_memory_bytes(c, r.task.I, r.task.O), rounding = 4096.0 * (double)(allocs - before);
    CHECK(sum <= peak && peak - sum <= rounding,
          "%s H=%d T=%d B=%d: allocates %.0f bytes, run_memory_bytes says %.0f (allowed: up to "
          "%.0f bytes of rounding above it)", label, c->hidden, c->seq_len, c->batch, peak, sum,
          rounding);
    if (peak - sum > worst_excess) worst_excess = peak - sum;
    double peak_all = peak;
    pin(&r, c, label, &peak_all);
    peak = peak_all;
    if (r.has_example) est += config_example_memory_bytes(c);
    allocs = n_allocs;
    for (int i = 0; i < train; i++) run_step(&r);
    CHECK(n_allocs == allocs, "%s H=%d T=%d B=%d: %ld allocations during %d training steps", label,
          c->hidden, c->seq_len, c->batch, n_allocs - allocs, train);
    double ratio = est / peak;
    if (ratio < worst_ratio) worst_ratio = ratio;
    printf("  %-14s %-7s H=%-4d T=%-5d B=%-4d actual %10.3f MiB  estimate %10.3f MiB  x%.2f\n",
           label, task_name(c->task), c->hidden, c->seq_len, c->batch, peak / 1048576, est / 1048576,
           ratio);
    CHECK(peak <= est, "%s H=%d T=%d B=%d: allocates %.0f bytes, estimate %.0f", label, c->hidden,
          c->seq_len, c->batch, peak, est);
    run_free(&r);
    CHECK(live == 0, "%s: %.0f bytes still allocated after run_free", label, live);
}

int main(void)
{
    limits();
    /* hidden, seq_len, batch; steps to train (0 for the large ones: pages stay
     * untouched); tasks (bit k: TaskKind k; each run_init of H = 1024 costs ~0.5 s
     * of power iterations for sigma_max, so the widest runs use two tasks) */
    static const int sizes[][5] = {
        {1, 2, 1, 2, 15},       /* smallest of everything (task minimum seq_len applies) */
        {32, 40, 32, 2, 15},    /* defaults */
        {3, 200, 1, 2, 15},     /* long and thin */
        {1024, 2, 1, 0, 3},     /* wide: parameters and Jacobian scratch dominate */
        {1024, 12, 64, 0, 2},
        {64, 10000, 4, 0, 15},  /* long */
        {16, 12, 1024, 0, 15},  /* large batch */
        {256, 300, 64, 0, 15},  /* large everything */
    };
    printf("memory of one run (peak of live engine allocations vs config_memory_bytes):\n");
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        for (int task = 0; task < 4; task++) {
            if (!(sizes[s][4] >> task & 1)) continue;
            for (int cell = 0; cell <= CELL_ATTENTION; cell++) {
                for (int bi = 0; bi < (cell == CELL_ATTENTION ? 1 : 2); bi++) {
                    Config c;
                    config_default(&c);
                    c.task = (TaskKind)task, c.cell = (CellKind)cell, c.bidirectional = bi;
                    if (sizes[s][0] % c.heads) c.heads = 1; /* heads must divide hidden */
                    c.hidden = sizes[s][0], c.batch = sizes[s][2];
                    c.seq_len = sizes[s][1];
                    Error err;
                    if (config_check(&c, &err)) c.seq_len = 12; /* the task's minimum at most 12 */
                    if (config_check(&c, &err)) {
                        CHECK(0, "config refused: %s", err.msg);
                        continue;
                    }
                    measure(&c, sizes[s][3]);
                }
            }
        }
    }
    printf("smallest estimate/actual ratio: %.3f (must be >= 1)\n", worst_ratio);
    printf("largest allocation above run_memory_bytes: %.0f bytes (allocator rounding)\n", worst_excess);
    printf("%d runs pinned an example; largest allocation above run_example_memory_bytes: "
           "%.0f bytes (allocator rounding)\n", pinned, worst_pin_excess);
    return tu_finish();
}
