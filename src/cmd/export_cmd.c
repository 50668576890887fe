/* export_cmd.c - the --export / --replay command: spec -> trained runs -> canvas ->
 * PNG or SVG + sidecar (+ CSV), written all or nothing. For SVG the canvas records the
 * figure as a drawing list (dlist.h) while it draws, and svg.c writes the list.
 *
 * Order of work: check the output paths (fail before training), train, draw, then
 * write every file into a temporary file beside its target and sync it; only when
 * all are complete are they renamed into place (CSV, sidecar, PNG last). A failure
 * before the renames removes every temporary file and leaves existing files alone. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export_cmd.h"

#include "clock.h"
#include "eigen.h"
#include "export.h"
#include "lesson.h"
#include "lesson_run.h"
#include "paths.h"

/* ---- the spec of a command line ------------------------------------------------ */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int config_is_default(const Config *c)
{
    Config d;
    config_default(&d);
    for (int k = 0; config_table[k].name; k++) {
        char x[128], y[128];
        config_get(c, config_table[k].name, x, sizeof x);
        config_get(&d, config_table[k].name, y, sizeof y);
        if (strcmp(x, y) != 0) return 0;
    }
    return 1;
}

static int spec_from_lesson(ExportSpec *s, const Options *o, Error *err)
{
    if (o->n_runs > 0 || !config_is_default(&o->base))
        return error_set(err, "--run/--set configure free play; a lesson sets its own runs "
                              "(give either a lesson or --run/--set)");
    Lesson l;
    if (lesson_resolve(&l, o->lesson, err)) return -1;
    int status = 0;
    if (l.n_steps < 1) {
        status = error_set(err, "lesson '%s' has no steps", o->lesson);
        goto done;
    }
    int k = o->step ? o->step : l.n_steps; /* default: the last step */
    if (k > l.n_steps) {
        status = error_set(err, "--step %d: the lesson has %d step%s (allowed: 1..%d)", o->step,
                           l.n_steps, l.n_steps == 1 ? "" : "s", l.n_steps);
        goto done;
    }
    export_spec_lesson_step(s, &l, k, o->steps);
done:
    lesson_free(&l);
    return status;
}

int export_spec_from_options(ExportSpec *s, const Options *o, Error *err)
{
    export_spec_init(s);
    if (o->export_path) snprintf(s->image, sizeof s->image, "%s", base_name(o->export_path));
    if (o->width) s->width = o->width, s->height = o->height;
    s->theme = o->theme == 1 ? PLOT_THEME_DARK : PLOT_THEME_LIGHT;
    s->panel = o->panel ? plot_panel_from_name(o->panel) : PANEL_NONE;
    /* a panel alone is a figure for a slide: its text as large as in presenter mode */
    s->text_scale = (o->presenter ? EXPORT_PRESENTER_SCALE : 1.0) *
                    (s->panel != PANEL_NONE ? EXPORT_PANEL_SCALE : 1.0);
    if (o->lesson) return spec_from_lesson(s, o, err);
    if (o->step) return error_set(err, "--step needs a lesson (see rnnscope --list)");
    s->n_runs = o->n_runs ? o->n_runs : 1;
    if (s->n_runs > EXPORT_MAX_RUNS)
        return error_set(err, "--run: too many runs (allowed: at most %d)", EXPORT_MAX_RUNS);
    const Config *cfgs[EXPORT_MAX_RUNS];
    for (int i = 0; i < s->n_runs; i++) {
        if (cli_run_config(o, i, &s->cfg[i], err)) return -1;
        cfgs[i] = &s->cfg[i];
    }
    for (int i = 0; i < s->n_runs; i++) /* labels must tell runs apart */
        config_label_among(cfgs, s->n_runs, i, s->label[i], sizeof s->label[i]);
    s->steps = o->steps >= 0 ? o->steps : EXPORT_DEFAULT_STEPS;
    return 0;
}

_Static_assert(CLI_MAX_STEPS == LESSON_MAX_TRAIN, "--steps and a lesson's train: one limit");

/* ---- output paths ----------------------------------------------------------------- */

#define EXPORT_PATH_MAX 4000 /* room for ".tmp-XXXXXX" within PATH_MAX */

/* Fails early (before training) on an output path that cannot work. */
static int check_target(const PathUse *u, Error *err)
{
    const char *path = u->path;
    size_t n = strlen(path);
    if (n == 0) return error_set(err, "%s: empty file name", u->what);
    if (n >= EXPORT_PATH_MAX)
        return error_set(err, "%s '%.60s...': path too long (%zu bytes; allowed: at most %d)",
                         u->what, path, n, EXPORT_PATH_MAX - 1);
    if (path[n - 1] == '/') return error_set(err, "%s: is a directory, not a file name", path);
    if (afile_name_too_long(path, err)) return -1;
    struct stat sb;
    if (u->kind == PATH_DERIVED && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
        return error_set(err, "%s: is a symbolic link, and rnnscope writes through a link only "
                              "when given its name (remove the link)", path);
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return error_set(err, "%s: is a directory, not a file name", path);
    char dir[4096];
    paths_dir(path, dir, sizeof dir);
    if (stat(dir, &sb) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return error_set(err, "%s: directory %s does not exist", path, dir);
        return error_set(err, "%s: directory %s: %s", path, dir, strerror(errno));
    }
    if (!S_ISDIR(sb.st_mode)) return error_set(err, "%s: %s is not a directory", path, dir);
    /* a probe file tells what access() cannot (read-only or special file systems) */
    char probe[4200];
    snprintf(probe, sizeof probe, "%s/.rnnscope-probe-XXXXXX", dir);
    int slot, fd = afile_temp_create(probe, &slot);
    if (fd < 0)
        return error_set(err, "%s: cannot create files in directory %s: %s", path, dir, strerror(errno));
    close(fd);
    afile_temp_remove(probe, slot);
    return 0;
}

typedef struct Job {
    const ExportSpec *s;
    Run *rp[EXPORT_MAX_RUNS];
    int n;
    PlotView view;
    char title[512];
    PlotLayout layout;
    const char *png, *json, *csv; /* the image (PNG or SVG); json NULL: no sidecar */
    const DList *list;            /* the figure recorded, for SVG; NULL for PNG */
    PlotReadout readouts[PLOT_MAX_READOUTS];
    int nreadouts;
    int png_flags;                /* AFILE_NO_LINK when the sidecar named the PNG */
} Job;

/* The recorded figure as SVG at path (replacing it). 0, or -1 with err set. */
static int write_svg(const DList *l, const char *path, Error *err)
{
    AtomicFile f;
    if (afile_open(&f, path, err)) return -1;
    if (export_svg_write(l, &f, err)) {
        afile_abort(&f);
        return -1;
    }
    return afile_commit(&f, err);
}

/* RNNSCOPE_BENCH_EXPORT=N: draw and encode the figure N times, print the medians. */
static int bench(Canvas *c, Job *j, long reps, double t_init, double t_first, Error *err)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.bench-XXXXXX", j->png);
    int slot, fd = afile_temp_create(tmp, &slot);
    if (fd < 0) return error_set(err, "%s: cannot create a temporary file: %s", j->png, strerror(errno));
    close(fd);
    double *t = malloc(sizeof *t * 2 * (size_t)reps);
    if (!t) {
        afile_temp_remove(tmp, slot);
        return error_set(err, "out of memory");
    }
    double *draw = t, *png = t + reps;
    const char *fmt = j->list ? "SVG" : "PNG";
    int status = 0;
    for (long r = 0; r < reps && !status; r++) {
        double t0 = clock_now_s();
        if (j->list) canvas_record(c, (DList *)j->list);
        plot_dashboard(c, j->rp, j->n, &j->view);
        double t1 = clock_now_s();
        status = j->list ? write_svg(j->list, tmp, err) : export_png(c, tmp, err);
        double t2 = clock_now_s();
        draw[r] = t1 - t0, png[r] = t2 - t1;
    }
    afile_temp_remove(tmp, slot);
    if (!status) {
        qsort(draw, (size_t)reps, sizeof *draw, clock_cmp_double);
        qsort(png, (size_t)reps, sizeof *png, clock_cmp_double);
        printf("export bench: %dx%d %s, %d run%s, training excluded\n"
               "  canvas and fonts %.1f ms, first draw (text not yet cached) %.1f ms\n"
               "  %ld repetitions: draw median %.1f ms, %s encode+write median %.1f ms\n"
               "  one export = canvas + first draw + %s: %.1f ms (median %s)\n",
               c->w, c->h, j->s->panel == PANEL_NONE ? "dashboard" : plot_panel_name(j->s->panel),
               j->n, j->n == 1 ? "" : "s", 1e3 * t_init, 1e3 * t_first, reps,
               1e3 * draw[reps / 2], fmt, 1e3 * png[reps / 2], fmt,
               1e3 * (t_init + t_first + png[reps / 2]), fmt);
        fflush(stdout);
    }
    free(t);
    return status;
}

/* Every file into a temporary, synced; then the renames, as one unit (the PNG last).
 * 0, or -1 (nothing left). */
static int write_all(const Canvas *c, Job *j, Error *err)
{
    AtomicFile jf, cf, pf;
    AtomicFile *open[3];
    int n = 0;
    if (j->csv) {
        if (afile_open(&cf, j->csv, err)) goto fail;
        open[n++] = &cf;
        export_csv_write(&cf, j->rp, j->n, &j->view, &j->layout);
        if (afile_sync(&cf, err)) goto fail;
    }
    if (j->json) { /* a name rnnscope made from the PNG's: never written through a link */
        if (afile_open_flags(&jf, j->json, AFILE_NO_LINK, err)) goto fail;
        open[n++] = &jf;
        export_sidecar_write(j->s, &jf);
        if (afile_sync(&jf, err)) goto fail;
    }
    if (afile_open_flags(&pf, j->png, j->png_flags, err)) goto fail;
    open[n++] = &pf;
    if ((j->list ? export_svg_write(j->list, &pf, err) : export_png_write(c, &pf, err)) ||
        afile_sync(&pf, err))
        goto fail;
    return afile_commit_all(open, n, err);
fail:
    while (n > 0) afile_abort(open[--n]);
    return -1;
}

/* Environment hooks for tests and the benchmark; -1 if unset. */
static long env_long(const char *name, long lo, long hi, Error *err, int *bad)
{
    const char *v = getenv(name);
    if (!v || !*v) return -1;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (*end || errno == ERANGE || x < lo || x > hi) {
        error_set(err, "%s: '%s' is not allowed (allowed: an integer %ld..%ld)", name, v, lo, hi);
        *bad = 1;
    }
    return x;
}

/* The test and benchmark hooks from the environment (*reps: RNNSCOPE_BENCH_EXPORT);
 * -1 with err set if one is malformed. */
static int env_hooks(long *reps, Error *err)
{
    int bad = 0;
    long fail_png = env_long("RNNSCOPE_TEST_FAIL_AFTER", 0, 1L << 30, err, &bad);
    long fail_text = env_long("RNNSCOPE_TEST_TEXT_FAIL_AFTER", 0, 1L << 30, err, &bad);
    *reps = env_long("RNNSCOPE_BENCH_EXPORT", 1, 1000, err, &bad);
    long pause = env_long("RNNSCOPE_TEST_RENAME_PAUSE_MS", 0, 10000, err, &bad);
    long lock_wait = env_long("RNNSCOPE_TEST_LOCK_WAIT_MS", 0, AFILE_LOCK_WAIT_MS, err, &bad);
    if (bad) return -1;
    if (pause > 0) afile_test_pause_ms = pause;
    if (lock_wait >= 0) afile_lock_wait_ms = lock_wait;
    if (fail_png >= 0) export_test_fail_after(fail_png);
    if (fail_text >= 0) afile_fail_after = fail_text;
    return 0;
}

/* --replay: the spec from the sidecar, and the image it writes into png (size cap): the
 * --export name, else the one the sidecar records beside it. 0, or the exit status
 * (1, 2) with err set. */
static int replay_spec(const Options *o, ExportSpec *s, char *png, size_t cap, Error *err)
{
    int lr = export_sidecar_load(s, o->replay, err);
    if (lr) return lr == -2 ? 1 : 2;
    if (s->version[0] && strcmp(s->version, RNNSCOPE_VERSION) != 0)
        fprintf(stderr, "rnnscope: note: %s was written by rnnscope %s, this is %s: the image "
                "may differ\n", o->replay, s->version, RNNSCOPE_VERSION);
    snprintf(s->version, sizeof s->version, "%s", RNNSCOPE_VERSION);
    if (o->format && !o->export_path) { /* --format svg: FILE.svg beside FILE.png */
        s->format = o->format == 2 ? EXPORT_SVG : EXPORT_PNG;
        size_t n = strlen(s->image);
        if (n >= 4) snprintf(s->image + n - 3, 4, "%s", s->format == EXPORT_SVG ? "svg" : "png");
    }
    if (o->export_path) {
        snprintf(png, cap, "%s", o->export_path);
    } else {
        if (!s->image[0]) { /* FILE.json -> FILE.png */
            const char *b = base_name(o->replay);
            size_t n = strlen(b);
            if (n > 5 && strcmp(b + n - 5, ".json") == 0) n -= 5;
            snprintf(s->image, sizeof s->image, "%.*s.png", (int)(n < 200 ? n : 200), b);
        }
        const char *slash = strrchr(o->replay, '/');
        int len = slash ? snprintf(png, cap, "%.*s/%s", (int)(slash - o->replay),
                                   o->replay, s->image)
                        : snprintf(png, cap, "%s", s->image);
        if (len < 0 || (size_t)len >= EXPORT_PATH_MAX)
            return error_set(err, "--replay %.60s...: the image it names, %s, would have a path "
                             "too long (allowed: at most %d bytes)", o->replay, s->image,
                             EXPORT_PATH_MAX - 1), 2;
    }
    return 0;
}

/* Draws j's figure (recorded as a drawing list for SVG) and writes its files (reps > 0:
 * the benchmark instead). 0, or 1 with err set. */
static int draw_and_write(Job *j, long reps, Error *err)
{
    const ExportSpec *s = j->s;
    const char *png = j->png;
    int status = 0;
    Canvas c;
    DList list;
    dlist_init(&list);
    double t0 = clock_now_s();
    if (canvas_init(&c, s->width, s->height, err)) {
        status = 1;
    } else {
        double t1 = clock_now_s();
        plot_caption_size(&c, &j->view); /* the box grows; a narration longer still is paged */
        plot_layout(s->width, s->height, &j->view, j->rp, j->n, &j->layout);
        if (s->format == EXPORT_SVG) canvas_record(&c, &list), j->list = &list;
        plot_dashboard(&c, j->rp, j->n, &j->view);
        double t2 = clock_now_s();
        /* an export has no clicker: a narration longer than its box is said, not dropped
         * in silence (every built-in step fits on one page, tests/test_figures.c) */
        int pages = plot_caption_pages(&c, &j->view, j->view.caption);
        if (pages > 1 && reps <= 0) {
            char rest[32];
            snprintf(rest, sizeof rest, pages > 2 ? "pages 2-%d are" : "page %d is", pages);
            fprintf(stderr, "rnnscope: note: %s shows page 1 of the narration's %d; %s not in "
                    "the image (the text scales with --size; without --presenter more fits)\n",
                    png, pages, rest);
        }
        if (canvas_text_errors(&c) > 0) {
            error_set(err, "%s: %ld text(s) could not be drawn (fonts or memory); nothing written",
                      png, canvas_text_errors(&c));
            status = 1;
        } else if (reps > 0 && bench(&c, j, reps, t1 - t0, t2 - t1, err)) {
            status = 1;
        } else if (write_all(&c, j, err)) {
            status = 1;
        }
        canvas_free(&c);
    }
    dlist_free(&list);
    return status;
}

int export_cmd_run(const Options *o, Error *err)
{
    static ExportSpec spec; /* large: not on the stack */
    ExportSpec *s = &spec;
    long reps;
    if (env_hooks(&reps, err)) return 2;
    /* every output against every input and every other output, by the file it resolves
     * to: those named on the command line first, before the sidecar is read */
    PathList files = {0};
    paths_add(&files, PATH_INPUT, "the lesson file", cli_lesson_file(o));
    paths_add(&files, PATH_INPUT, "the --replay sidecar", o->replay);
    paths_add(&files, PATH_NAMED, "--csv", o->csv);
    if (paths_check(&files, err)) return 2;
    char png[4096], json[4096];
    if (o->replay) {
        int rs = replay_spec(o, s, png, sizeof png, err);
        if (rs) return rs;
    } else {
        if (export_spec_from_options(s, o, err)) return 2;
        if (export_spec_work_check(s, err)) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err->msg);
            return error_set(err, "%s: %s", o->steps >= 0 ? "--steps" : "--export", msg), 2;
        }
        snprintf(png, sizeof png, "%s", o->export_path);
    }
    /* a replay onto its recorded image leaves the sidecar (its input) as it is */
    int sidecar = !o->replay || o->export_path;
    export_sidecar_path(png, json, sizeof json);
    /* then the files the command makes */
    int png_use = files.n;
    paths_add(&files, o->export_path ? PATH_NAMED : PATH_DERIVED,
              o->export_path ? "--export" : "the image named in the --replay sidecar", png);
    paths_add(&files, PATH_DERIVED, "the sidecar of --export", sidecar ? json : NULL);
    /* before training, and the PNG's directory first */
    if (check_target(&files.use[png_use], err)) return 1;
    int by_name = export_format_of_name(png);
    if (by_name < 0)
        return error_set(err, "--export: '%s' is not allowed (allowed: a file name ending in .png "
                         "or .svg)", png), 2;
    if (sidecar && !export_image_name_ok(base_name(png))) /* the sidecar could not be replayed */
        return error_set(err, "--export: '%s' is not allowed (allowed: a file name ending in .png "
                         "or .svg, without '\\' or control characters: its sidecar records the name)",
                         png), 2;
    /* the format: --format, else a new export's name, else the replayed sidecar's */
    if (o->format) s->format = o->format == 2 ? EXPORT_SVG : EXPORT_PNG;
    else if (!o->replay || o->export_path) s->format = (ExportFormat)by_name;
    if (paths_check(&files, err)) return 2;
    for (int i = 0; i < files.n; i++)
        if (files.use[i].kind != PATH_INPUT && check_target(&files.use[i], err)) return 1;
    if (sidecar) snprintf(s->image, sizeof s->image, "%.255s", base_name(png)); /* name <= 255 */

    Run runs[EXPORT_MAX_RUNS];
    static Job j; /* large: not on the stack */
    memset(&j, 0, sizeof j);
    if (export_train(s, runs, j.readouts, &j.nreadouts, err)) return 2;
    j.s = s;
    j.n = s->n_runs;
    j.png = png;
    j.json = sidecar ? json : NULL;
    j.csv = o->csv;
    j.png_flags = o->export_path ? 0 : AFILE_NO_LINK;
    for (int i = 0; i < s->n_runs; i++) j.rp[i] = &runs[i];
    export_spec_view(s, runs, &j.view, j.title, sizeof j.title);
    j.view.readouts = j.readouts;
    j.view.nreadouts = j.nreadouts;

    int status = draw_and_write(&j, reps, err);
    for (int i = 0; i < s->n_runs; i++) run_free(&runs[i]);
    return status;
}
