/* rng.h - a small deterministic PRNG (xoshiro256** seeded by splitmix64).
 * Same seed => same stream on every machine; no rand(), no global state. */
#ifndef RNNSCOPE_RNG_H
#define RNNSCOPE_RNG_H

#include <stdint.h>

typedef struct Rng {
    uint64_t s[4];
} Rng;

void rng_seed(Rng *r, uint64_t seed);
/* uniform in [0, 1) with 53 random bits */
double rng_uniform(Rng *r);
/* uniform integer in [0, n), n > 0, without modulo bias */
int rng_int(Rng *r, int n);
/* standard normal (Box-Muller, deterministic, no cached spare) */
double rng_normal(Rng *r);

#endif
