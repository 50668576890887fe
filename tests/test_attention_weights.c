/* test_attention_weights.c - diag.attn, the attention weights the diagnostics expose:
 * the closed form every softmax row obeys (sums to 1 within 1e-12, each weight in
 * [0, 1], exactly 0 where the causal mask hides a word), the query is the scored
 * position (kerala: the blank, T-1; the pinned sentence's blank), the pinned sentence's
 * row does not depend on the batch drawn, and an RNN run has none (NaN rows, 0 layers).
 * The weights themselves are checked against torch.nn.MultiheadAttention
 * (need_weights=True, average_attn_weights=False) by check_trace.py. */
#include <math.h>
#include <string.h>

#include "run.h"
#include "testutil.h"

static const char *sentence = "jane was born in kerala . jane moved to the city . jane is very fluent in ___";

static double worst_sum;

/* the closed form for every row in use; returns 1 if all hold */
static int rows_ok(const Diag *d, int causal)
{
    int ok = 1;
    for (int r = 0; r < d->attn_layers * d->attn_heads; r++) {
        const double *w = d->attn + (long)r * d->T;
        double s = 0;
        for (int j = 0; j < d->T; j++) {
            s += w[j];
            if (!(w[j] >= 0 && w[j] <= 1)) ok = 0;
            if (causal && j > d->attn_t && w[j] != 0.0) ok = 0;
        }
        worst_sum = fmax(worst_sum, fabs(s - 1));
        if (!(fabs(s - 1) <= 1e-12)) ok = 0;
    }
    return ok;
}

static void check_config(int causal, int heads, int layers)
{
    Config c;
    config_default(&c);
    c.task = TASK_KERALA, c.seq_len = 18, c.hidden = 16, c.batch = 4, c.cell = CELL_ATTENTION;
    c.attention_mask = causal ? MASK_CAUSAL : MASK_NONE, c.heads = heads, c.layers = layers, c.ff = 24;
    Run r;
    Error err;
    if (run_init(&r, &c, NULL, &err)) {
        CHECK(0, "run_init: %s", err.msg);
        return;
    }
    r.jacobians_every = 0;
    const Diag *d = &r.diag;
    CHECK(d->attn_t == -1, "before any step attn_t = %d, want -1", d->attn_t);
    for (int s = 0; s < 5; s++) run_step(&r);
    CHECK(d->attn_layers == layers && d->attn_heads == heads, "rows %d x %d, want %d x %d",
          d->attn_layers, d->attn_heads, layers, heads);
    CHECK(d->attn_t == c.seq_len - 1, "batch: query %d, want the blank at %d", d->attn_t, c.seq_len - 1);
    CHECK(rows_ok(d, causal), "batch rows (mask %d, %d heads, %d layers): worst |sum - 1| %.2e",
          causal, heads, layers, worst_sum);
    int at = 0;
    if (run_set_example(&r, sentence, &at, &err)) {
        CHECK(0, "run_set_example: %s at %d", err.msg, at);
        run_free(&r);
        return;
    }
    /* the weights this step uses, for a second run that draws other batches */
    static double w0[1 << 16];
    size_t np = r.model.n_params;
    CHECK(np <= sizeof w0 / sizeof w0[0], "%zu parameters", np);
    if (np > sizeof w0 / sizeof w0[0]) np = sizeof w0 / sizeof w0[0];
    memcpy(w0, r.model.params, sizeof(double) * np);
    run_step(&r);
    int blank = r.probe_batch.T - 1;
    while (blank > 0 && !r.probe_batch.mask[blank]) blank--;
    CHECK(d->attn_t == blank, "pinned: query %d, want its blank at %d", d->attn_t, blank);
    CHECK(rows_ok(d, causal), "pinned rows: worst |sum - 1| %.2e", worst_sum);
    /* the same weights, another batch: the pinned sentence's row is its own */
    Run r2;
    Config c2 = c;
    c2.seed = c.seed + 7; /* other batches (its own weights are overwritten) */
    if (run_init(&r2, &c2, NULL, &err) == 0) {
        r2.jacobians_every = 0;
        memcpy(r2.model.params, w0, sizeof(double) * np);
        run_set_example(&r2, sentence, &at, &err);
        run_step(&r2);
        double diff = 0;
        for (long i = 0; i < (long)layers * heads * d->T; i++)
            diff = fmax(diff, fabs(r2.diag.attn[i] - d->attn[i]));
        CHECK(diff == 0.0, "pinned row depends on the batch: worst difference %.2e", diff);
        CHECK(r2.diag.loss != d->loss, "the two runs drew the same batch (the check above proves nothing)");
        run_free(&r2);
    }
    run_free(&r);
}

int main(void)
{
    for (int causal = 0; causal <= 1; causal++) {
        check_config(causal, 1, 1);
        check_config(causal, 2, 2);
        check_config(causal, 4, 1);
    }
    printf("attention rows: worst |row sum - 1| %.2e (tolerance 1e-12)\n", worst_sum);
    /* an RNN has none */
    Config c;
    config_default(&c);
    c.task = TASK_KERALA, c.seq_len = 12, c.hidden = 8, c.batch = 2;
    Run r;
    Error err;
    if (run_init(&r, &c, NULL, &err) == 0) {
        run_step(&r);
        int nan = 1;
        for (long i = 0; i < (long)DIAG_MAX_ATTN * r.diag.T; i++) nan &= isnan(r.diag.attn[i]);
        CHECK(r.diag.attn_layers == 0 && r.diag.attn_t == -1 && nan, "an RNN run has attention weights");
        run_free(&r);
    }
    return tu_finish();
}
