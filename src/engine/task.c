/* task.c - the four data generators. Everything random comes from the Rng
 * passed in, in a fixed order, so a seed fixes the data bit for bit.
 *
 *   adding : 2 numeric inputs per step, MSE on the last step (docs/tasks.md)
 *   kerala : "NAME was born in PLACE . <filler> NAME is very fluent in ___"
 *   mouse  : "the mouse is used to ___ <suffix> <pad>..."  (answer after the blank)
 *   clouds : "<filler> the SUBJECT are in the ___"           (answer 4 steps back)
 *
 * Word tasks feed one-hot words: x[t, b, token] = 1. */
#include "task.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) ((int)(sizeof(a) / sizeof *(a)))

/* Filler words for kerala and clouds: plausible, neutral, and disjoint from
 * every other word of those tasks, so they carry no information about the
 * answer. */
#define FILLER_WORDS                                                                  \
    "she", "he", "moved", "later", "city", "and", "worked", "as", "a", "teacher",     \
        "with", "friends", "often", "read", "about", "music", "every", "morning",     \
        "after", "school", "then", "wrote", "letters", "home", "quietly", "on",      \
        "weekends", "visited", "family", "old", "small", "house"
#define N_FILLERS 32

_Static_assert(sizeof((const char *[]){FILLER_WORDS}) / sizeof(const char *) == N_FILLERS,
               "N_FILLERS");

/* ---- kerala ---------------------------------------------------------------
 * Token layout (T = 12 + F fillers):
 *   t:  0    1   2    3  4     5  6..5+F   T-6  T-5 T-4  T-3    T-2 T-1
 *       NAME was born in PLACE .  fillers  NAME is  very fluent in  ___
 * The loss is scored at T-1 (the blank); the answer is the language of PLACE. */
enum { K_WAS, K_BORN, K_IN, K_DOT, K_IS, K_VERY, K_FLUENT, K_BLANK, K_NAME0 };
#define K_NAMES 8
#define K_PLACES 8
enum {
    K_PLACE0 = K_NAME0 + K_NAMES,
    K_FILLER0 = K_PLACE0 + K_PLACES,
    K_NWORDS = K_FILLER0 + N_FILLERS
};
#define KERALA_MIN_LEN 12

static const char *const kerala_words[] = {
    "was", "born", "in", ".", "is", "very", "fluent", "___",
    /* names: chosen to say nothing about any place */
    "Alex", "Sam", "Robin", "Kim", "Jordan", "Chris", "Taylor", "Morgan",
    /* places, in the order of their languages below */
    "Kerala", "Bavaria", "Tuscany", "Hokkaido", "Bahia", "Provence", "Andalusia", "Bengal",
    FILLER_WORDS,
};
_Static_assert(sizeof kerala_words / sizeof *kerala_words == K_NWORDS, "kerala vocabulary");

static const char *const kerala_languages[K_PLACES] = {
    "Malayalam", "German", "Italian", "Japanese", "Portuguese", "French", "Spanish", "Bengali",
};

/* ---- clouds ---------------------------------------------------------------
 *   t:  0..F-1   T-6 T-5     T-4 T-3 T-2 T-1
 *       fillers  the SUBJECT are in  the ___        (T = 6 + F) */
enum { C_THE, C_ARE, C_IN, C_BLANK, C_SUBJ0 };
#define C_SUBJECTS 5
enum { C_FILLER0 = C_SUBJ0 + C_SUBJECTS, C_NWORDS = C_FILLER0 + N_FILLERS };
#define CLOUDS_MIN_LEN 6

static const char *const clouds_words[] = {
    "the", "are", "in", "___",
    "clouds", "fish", "bees", "cars", "cows",
    FILLER_WORDS,
};
_Static_assert(sizeof clouds_words / sizeof *clouds_words == C_NWORDS, "clouds vocabulary");

static const char *const clouds_answers[C_SUBJECTS] = {"sky", "sea", "hive", "garage", "field"};

/* ---- mouse ----------------------------------------------------------------
 *   t:  0   1     2  3    4  5    6..5+L   6+L..T-1
 *       the mouse is used to ___  suffix   <pad>...
 * The loss is scored at t = 5 (the blank). Everything up to and including the
 * blank is the same for every sample; only the suffix tells the class. */
enum {
    M_THE, M_MOUSE, M_IS, M_USED, M_TO, M_BLANK, M_PAD,
    /* scroll */
    M_THROUGH, M_LONG, M_PAGE, M_UP, M_AND, M_DOWN, M_LIST, M_WITH, M_LITTLE, M_WHEEL,
    M_FOR, M_EASY, M_USE, M_OF, M_COMPUTERS,
    /* click */
    M_ON, M_SMALL, M_ICON, M_LINKS, M_BUTTONS, M_LEFT, M_BUTTON, M_TWICE,
    /* hide */
    M_UNDER, M_KITCHEN, M_FLOOR, M_BEHIND, M_OLD, M_CUPBOARD, M_IN, M_HOUSE, M_AT, M_NIGHT,
    M_FROM, M_BIG, M_CAT,
    /* eat */
    M_CHEESE, M_CRUMBS, M_SEEDS, M_GRAIN, M_BAG,
    M_NWORDS
};
#define M_BLANK_STEP 5
#define M_CLASSES 4
#define M_VARIANTS 4
#define M_SUFFIX_MAX 6

static const char *const mouse_words[] = {
    [M_THE] = "the", [M_MOUSE] = "mouse", [M_IS] = "is", [M_USED] = "used", [M_TO] = "to",
    [M_BLANK] = "___", [M_PAD] = "<pad>",
    [M_THROUGH] = "through", [M_LONG] = "long", [M_PAGE] = "page", [M_UP] = "up",
    [M_AND] = "and", [M_DOWN] = "down", [M_LIST] = "list", [M_WITH] = "with",
    [M_LITTLE] = "little", [M_WHEEL] = "wheel", [M_FOR] = "for", [M_EASY] = "easy",
    [M_USE] = "use", [M_OF] = "of", [M_COMPUTERS] = "computers",
    [M_ON] = "on", [M_SMALL] = "small", [M_ICON] = "icon", [M_LINKS] = "links",
    [M_BUTTONS] = "buttons", [M_LEFT] = "left", [M_BUTTON] = "button", [M_TWICE] = "twice",
    [M_UNDER] = "under", [M_KITCHEN] = "kitchen", [M_FLOOR] = "floor", [M_BEHIND] = "behind",
    [M_OLD] = "old", [M_CUPBOARD] = "cupboard", [M_IN] = "in", [M_HOUSE] = "house",
    [M_AT] = "at", [M_NIGHT] = "night", [M_FROM] = "from", [M_BIG] = "big", [M_CAT] = "cat",
    [M_CHEESE] = "cheese", [M_CRUMBS] = "crumbs", [M_SEEDS] = "seeds", [M_GRAIN] = "grain",
    [M_BAG] = "bag",
};
_Static_assert(sizeof mouse_words / sizeof *mouse_words == M_NWORDS, "mouse vocabulary");

static const unsigned char mouse_prefix[M_BLANK_STEP + 1] = {M_THE, M_MOUSE, M_IS,
                                                             M_USED, M_TO, M_BLANK};

static const char *const mouse_classes[M_CLASSES] = {"scroll", "click", "hide", "eat"};

typedef struct Suffix {
    int n;
    unsigned char w[M_SUFFIX_MAX];
} Suffix;

/* Several suffixes per class. First words are shared across classes ("on",
 * "with", "the", "from") and so are later ones ("kitchen", "at night", "big"),
 * so the class is not one fixed token at a fixed place: the network has to
 * read the suffix. */
static const Suffix mouse_suffix[M_CLASSES][M_VARIANTS] = {
    { /* scroll */
        {4, {M_THROUGH, M_THE, M_LONG, M_PAGE}},
        {5, {M_UP, M_AND, M_DOWN, M_THE, M_LIST}},
        {4, {M_WITH, M_THE, M_LITTLE, M_WHEEL}},
        {6, {M_FOR, M_THE, M_EASY, M_USE, M_OF, M_COMPUTERS}},
    },
    { /* click */
        {4, {M_ON, M_THE, M_SMALL, M_ICON}},
        {4, {M_ON, M_LINKS, M_AND, M_BUTTONS}},
        {4, {M_THE, M_LEFT, M_BUTTON, M_TWICE}},
        {4, {M_WITH, M_THE, M_LEFT, M_BUTTON}},
    },
    { /* hide */
        {4, {M_UNDER, M_THE, M_KITCHEN, M_FLOOR}},
        {4, {M_BEHIND, M_THE, M_OLD, M_CUPBOARD}},
        {5, {M_IN, M_THE, M_HOUSE, M_AT, M_NIGHT}},
        {4, {M_FROM, M_THE, M_BIG, M_CAT}},
    },
    { /* eat */
        {4, {M_CHEESE, M_IN, M_THE, M_KITCHEN}},
        {4, {M_THE, M_CRUMBS, M_AT, M_NIGHT}},
        {4, {M_ON, M_SEEDS, M_AND, M_GRAIN}},
        {6, {M_FROM, M_THE, M_BIG, M_BAG, M_OF, M_GRAIN}},
    },
};

static int mouse_longest_suffix(void)
{
    int n = 0;
    for (int c = 0; c < M_CLASSES; c++)
        for (int v = 0; v < M_VARIANTS; v++)
            if (mouse_suffix[c][v].n > n) n = mouse_suffix[c][v].n;
    return n;
}

/* ---- sizes and setup ------------------------------------------------------ */

#define ADDING_MIN_LEN 2 /* one step in each half */

int task_min_seq_len(TaskKind k)
{
    switch (k) {
    case TASK_ADDING: return ADDING_MIN_LEN;
    case TASK_KERALA: return KERALA_MIN_LEN;
    case TASK_MOUSE: return M_BLANK_STEP + 1 + mouse_longest_suffix();
    case TASK_CLOUDS: return CLOUDS_MIN_LEN;
    }
    return 1;
}

int task_init(Task *t, const Config *cfg, Error *err)
{
    memset(t, 0, sizeof *t);
    if ((unsigned)cfg->task > TASK_CLOUDS)
        return error_set(err, "task: %d is not a task (allowed: adding, kerala, mouse, clouds)",
                         (int)cfg->task);
    int T = cfg->seq_len, min = task_min_seq_len(cfg->task);
    if (T < min)
        return error_set(err, "seq_len: %d is too short for task %s (minimum %d)", T,
                         task_name(cfg->task), min);
    if (T > CONFIG_MAX_SEQ_LEN)
        return error_set(err, "seq_len: %d is too long (allowed: %d .. %d)", T, min,
                         CONFIG_MAX_SEQ_LEN);
    t->kind = cfg->task;
    t->T = T;
    t->min_seq_len = min;
    t->score_step = T - 1;
    switch (cfg->task) {
    case TASK_ADDING:
        t->loss = LOSS_MSE;
        t->I = 2, t->O = 1;
        /* the sum of two U(0,1) has mean 1 and variance 2/12; predicting 1 is best */
        t->baseline_mse = 1.0 / 6.0;
        t->cue_step = -1;
        break;
    case TASK_KERALA:
        t->loss = LOSS_XENT;
        t->I = K_NWORDS, t->O = K_PLACES;
        t->words = kerala_words, t->classes = kerala_languages;
        t->cue_step = 4;
        break;
    case TASK_MOUSE:
        t->loss = LOSS_XENT;
        t->I = M_NWORDS, t->O = M_CLASSES;
        t->words = mouse_words, t->classes = mouse_classes;
        t->score_step = M_BLANK_STEP;
        t->cue_step = M_BLANK_STEP + 1;
        break;
    case TASK_CLOUDS:
        t->loss = LOSS_XENT;
        t->I = C_NWORDS, t->O = C_SUBJECTS;
        t->words = clouds_words, t->classes = clouds_answers;
        t->cue_step = T - 5;
        break;
    }
    if (t->loss == LOSS_XENT) t->chance_accuracy = 1.0 / t->O; /* classes are uniform */
    return 0;
}

/* ---- generation ----------------------------------------------------------- */

/* x[t, col, w] = 1 and token[t, col] = w. */
static void put(Batch *b, int t, int col, int w)
{
    size_t tb = (size_t)t * b->B + col;
    b->token[tb] = w;
    b->x[tb * b->I + w] = 1.0;
}

static void score(Batch *b, int t, int col, int cls)
{
    size_t tb = (size_t)t * b->B + col;
    b->target[tb] = cls;
    b->mask[tb] = 1;
}

/* Adding problem, variant of Le, Jaitly & Hinton (2015) and Arjovsky, Shah &
 * Bengio (2016): x[t] = (u_t ~ U(0,1), m_t in {0,1}); one marker uniform in
 * [0, T/2), one uniform in [T/2, T); y[T-1] = sum of the two marked u. */
static void adding_batch(const Task *task, Rng *rng, Batch *b)
{
    int T = task->T, B = b->B, half = T / 2;
    for (int col = 0; col < B; col++) {
        int p1 = rng_int(rng, half);
        int p2 = half + rng_int(rng, T - half);
        double sum = 0;
        for (int t = 0; t < T; t++) {
            double *x = b->x + ((size_t)t * B + col) * 2;
            double u = rng_uniform(rng);
            int marked = t == p1 || t == p2;
            x[0] = u;
            x[1] = marked;
            if (marked) sum += u;
        }
        size_t last = (size_t)(T - 1) * B + col;
        b->y[last] = sum; /* O = 1 */
        b->mask[last] = 1;
    }
}

static void kerala_batch(const Task *task, Rng *rng, Batch *b)
{
    int T = task->T, nfill = T - KERALA_MIN_LEN;
    for (int col = 0; col < b->B; col++) {
        int place = rng_int(rng, K_PLACES);
        int name = K_NAME0 + rng_int(rng, K_NAMES);
        int t = 0;
        put(b, t++, col, name);
        put(b, t++, col, K_WAS);
        put(b, t++, col, K_BORN);
        put(b, t++, col, K_IN);
        put(b, t++, col, K_PLACE0 + place);
        put(b, t++, col, K_DOT);
        for (int i = 0; i < nfill; i++) put(b, t++, col, K_FILLER0 + rng_int(rng, N_FILLERS));
        put(b, t++, col, name);
        put(b, t++, col, K_IS);
        put(b, t++, col, K_VERY);
        put(b, t++, col, K_FLUENT);
        put(b, t++, col, K_IN);
        put(b, t++, col, K_BLANK);
        assert(t == T);
        score(b, T - 1, col, place);
    }
}

static void clouds_batch(const Task *task, Rng *rng, Batch *b)
{
    int T = task->T, nfill = T - CLOUDS_MIN_LEN;
    for (int col = 0; col < b->B; col++) {
        int subj = rng_int(rng, C_SUBJECTS);
        int t = 0;
        for (int i = 0; i < nfill; i++) put(b, t++, col, C_FILLER0 + rng_int(rng, N_FILLERS));
        put(b, t++, col, C_THE);
        put(b, t++, col, C_SUBJ0 + subj);
        put(b, t++, col, C_ARE);
        put(b, t++, col, C_IN);
        put(b, t++, col, C_THE);
        put(b, t++, col, C_BLANK);
        assert(t == T);
        score(b, T - 1, col, subj);
    }
}

static void mouse_batch(const Task *task, Rng *rng, Batch *b)
{
    int T = task->T;
    for (int col = 0; col < b->B; col++) {
        int cls = rng_int(rng, M_CLASSES);
        const Suffix *s = &mouse_suffix[cls][rng_int(rng, M_VARIANTS)];
        int t = 0;
        for (int i = 0; i <= M_BLANK_STEP; i++) put(b, t++, col, mouse_prefix[i]);
        for (int i = 0; i < s->n; i++) put(b, t++, col, s->w[i]);
        while (t < T) put(b, t++, col, M_PAD);
        score(b, M_BLANK_STEP, col, cls);
    }
}

void task_batch(const Task *t, Rng *rng, Batch *b)
{
    assert(b->T == t->T && b->I == t->I && b->O == t->O);
    size_t tb = (size_t)b->T * b->B;
    memset(b->mask, 0, tb);
    memset(b->y, 0, tb * b->O * sizeof *b->y);
    for (size_t i = 0; i < tb; i++) b->target[i] = -1;
    if (t->kind == TASK_ADDING) {
        for (size_t i = 0; i < tb; i++) b->token[i] = -1;
        adding_batch(t, rng, b); /* writes every x */
        return;
    }
    memset(b->x, 0, tb * b->I * sizeof *b->x);
    switch (t->kind) {
    case TASK_KERALA: kerala_batch(t, rng, b); break;
    case TASK_MOUSE: mouse_batch(t, rng, b); break;
    case TASK_CLOUDS: clouds_batch(t, rng, b); break;
    case TASK_ADDING: break;
    }
}

/* ---- text ----------------------------------------------------------------- */

const char *task_word(const Task *t, int id)
{
    if (!t->words || id < 0 || id >= t->I) return "?";
    return t->words[id];
}

/* Appends text at *len; on overflow ends buf with "..." and returns -1. */
static int append(char *buf, size_t n, size_t *len, const char *s)
{
    size_t k = strlen(s);
    if (*len + k + 1 <= n) {
        memcpy(buf + *len, s, k + 1);
        *len += k;
        return 0;
    }
    if (n >= 4) {
        size_t at = *len + 4 <= n ? *len : n - 4;
        memcpy(buf + at, "...", 4);
        *len = at + 3;
    }
    return -1;
}

int task_format(const Task *t, const Batch *b, int col, char *buf, size_t n)
{
    size_t len = 0;
    char tmp[96];
    if (n == 0) return 0;
    buf[0] = 0;
    assert(col >= 0 && col < b->B);
    for (int s = 0; s < b->T; s++) {
        size_t tb = (size_t)s * b->B + col;
        if (t->kind == TASK_ADDING) {
            const double *x = b->x + tb * 2;
            snprintf(tmp, sizeof tmp, x[1] != 0 ? "%s[%.2f]" : "%s%.2f", s ? " " : "", x[0]);
        } else if (b->mask[tb] && b->target[tb] >= 0 && b->target[tb] < t->O) {
            snprintf(tmp, sizeof tmp, "%s[%s -> %s]", s ? " " : "", task_word(t, b->token[tb]),
                     t->classes[b->target[tb]]);
        } else {
            snprintf(tmp, sizeof tmp, "%s%s", s ? " " : "", task_word(t, b->token[tb]));
        }
        if (append(buf, n, &len, tmp)) return (int)len;
    }
    if (t->kind == TASK_ADDING) {
        snprintf(tmp, sizeof tmp, " -> %.4f", b->y[(size_t)(b->T - 1) * b->B + col]);
        append(buf, n, &len, tmp);
    }
    return (int)len;
}
