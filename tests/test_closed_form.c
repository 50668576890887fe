/* test_closed_form.c - diagnostics against closed forms and published bounds.
 * 1. Linear RNN, W_hh = a Q (Q orthogonal), loss on the last step only:
 *    ||dL/dh_0|| / ||dL/dh_{T-1}|| = a^(T-1)   (dL/dh_t = (a Q^T)^(T-1-t) dL/dh_{T-1}).
 * 2. tanh and sigmoid RNNs: ||dh_{T-1}/dh_t|| <= (gamma sigma_max)^(T-1-t)
 *    (Pascanu, Mikolov & Bengio 2013, eq. 7) with gamma = 1 and 1/4, and each
 *    factor ||dh_t/dh_{t-1}|| <= gamma sigma_max.
 * 3. Clipping: [3, 4] with norm threshold 1 becomes [0.6, 0.8] (Pascanu et al.
 *    Algorithm 1); elementwise clipping at 3.5 gives [3, 3.5], another direction. */
#include <math.h>
#include <string.h>

#include "run.h"
#include "testutil.h"

static void linear_closed_form(double a)
{
    Config c;
    config_default(&c);
    c.task = TASK_ADDING, c.cell = CELL_RNN, c.activation = ACT_LINEAR;
    c.init = INIT_ORTHOGONAL, c.init_scale = a, c.seq_len = 20, c.hidden = 16, c.batch = 4;
    c.seed = 3;
    Run r;
    Error err;
    if (run_init(&r, &c, NULL, &err)) {
        CHECK(0, "run_init: %s", err.msg);
        return;
    }
    run_step(&r);
    int T = c.seq_len;
    double ratio = r.diag.grad_h[0] / r.diag.grad_h[T - 1];
    double want = pow(a, T - 1);
    double rel = fabs(ratio - want) / want;
    printf("linear RNN a=%.2f T=%d: ||dL/dh_0||/||dL/dh_T-1|| = %.15g, a^(T-1) = %.15g, rel err %.2e\n",
           a, T, ratio, want, rel);
    CHECK(rel <= 1e-9, "a=%g: ratio %.17g vs a^(T-1) %.17g (rel %.3g > 1e-9)", a, ratio, want, rel);
    run_free(&r);
}

static void pascanu_bound(Activation act, double scale)
{
    Config c;
    config_default(&c);
    c.task = TASK_ADDING, c.cell = CELL_RNN, c.activation = act, c.init = INIT_NORMAL;
    c.init_scale = scale, c.seq_len = 30, c.hidden = 24, c.batch = 4, c.seed = 11;
    Run r;
    Error err;
    if (run_init(&r, &c, NULL, &err)) {
        CHECK(0, "run_init: %s", err.msg);
        return;
    }
    double worst = 0, worst_f = 0; /* largest value / bound */
    double gamma = act == ACT_SIGMOID ? 0.25 : 1.0;
    for (int step = 0; step < 20; step++) {
        run_step(&r);
        const Diag *d = &r.diag;
        for (int t = 0; t < c.seq_len; t++) {
            if (t < c.seq_len - 1 && d->bound[t] > 0 && isfinite(d->bound[t]) && d->jac_prod[t] > 1e-300)
                worst = fmax(worst, d->jac_prod[t] / d->bound[t]);
            worst_f = fmax(worst_f, d->jac_norm[t] / (gamma * d->sigma_max));
        }
    }
    printf("%s RNN init_scale %.1f: max over t < T-1 of ||dh_T-1/dh_t|| / bound = %.3g, max factor / (gamma sigma) = %.3g\n",
           activation_name(act), scale, worst, worst_f);
    CHECK(worst <= 1 + 1e-9, "%s: product exceeds the Pascanu bound by %.3g", activation_name(act), worst);
    CHECK(worst_f <= 1 + 1e-9, "%s: a factor exceeds gamma*sigma_max by %.3g", activation_name(act), worst_f);
    CHECK(worst > 0, "%s: no finite bound was checked", activation_name(act));
    run_free(&r);
}

static void clipping(void)
{
    Model m;
    memset(&m, 0, sizeof m);
    double g[2] = {3, 4};
    m.grads = g, m.n_params = 2;
    config_default(&m.cfg);
    m.cfg.clip = CLIP_NORM, m.cfg.clip_threshold = 1.0;
    int changed = model_clip(&m, model_grad_norm(&m));
    double err = fmax(fabs(g[0] - 0.6), fabs(g[1] - 0.8));
    printf("norm clip [3,4] at 1 -> [%.17g, %.17g], worst diff %.2e\n", g[0], g[1], err);
    CHECK(changed && err <= 1e-15, "norm clip gave [%.17g, %.17g]", g[0], g[1]);

    double v[2] = {3, 4};
    m.grads = v, m.cfg.clip = CLIP_VALUE, m.cfg.clip_threshold = 3.5;
    changed = model_clip(&m, model_grad_norm(&m));
    double cosine = (3 * v[0] + 4 * v[1]) / (5 * sqrt(v[0] * v[0] + v[1] * v[1]));
    printf("value clip [3,4] at 3.5 -> [%g, %g], cosine to the original %.6f\n", v[0], v[1], cosine);
    CHECK(changed && v[0] == 3 && v[1] == 3.5, "value clip gave [%g, %g]", v[0], v[1]);
    CHECK(cosine < 1 - 1e-4, "value clipping kept the direction (cosine %.9f)", cosine);

    double u[2] = {0.3, 0.4};
    m.grads = u, m.cfg.clip = CLIP_NORM, m.cfg.clip_threshold = 1.0;
    changed = model_clip(&m, model_grad_norm(&m));
    CHECK(!changed && u[0] == 0.3 && u[1] == 0.4, "norm clip changed a gradient under the threshold");
}

int main(void)
{
    linear_closed_form(0.9);
    linear_closed_form(1.0);
    linear_closed_form(1.1);
    pascanu_bound(ACT_TANH, 1.0);
    pascanu_bound(ACT_TANH, 3.0);
    pascanu_bound(ACT_SIGMOID, 1.0);
    pascanu_bound(ACT_SIGMOID, 5.0);
    clipping();
    return tu_finish();
}
