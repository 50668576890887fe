/* png.c - canvas -> PNG with stb_image_write, through AtomicFile (src/io): a checked
 * writer into a temporary file renamed (or linked, for export_png_new) into place. */
#include "export.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* stb_image_write, private to this file (static functions, no exported symbols);
 * its own code is not ours to keep warning-free under -Wextra -Wpedantic. */
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#if defined(__GNUC__)
/* static but unused stb functions are reported at the end of the file: off for all of it */
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif
#include <stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

static long png_fail_after = -1;

void export_test_fail_after(long nbytes)
{
    png_fail_after = nbytes;
}

void export_test_arm(AtomicFile *f)
{
    if (png_fail_after >= 0) f->fail_after = png_fail_after;
}

/* stb calls this with each piece of the encoded file; AtomicFile checks the writes */
static void sink_write(void *ctx, void *data, int size)
{
    if (size > 0) afile_write(ctx, data, (size_t)size);
}

typedef struct Sink {
    void (*write)(void *ctx, const void *data, size_t n);
    void *ctx;
} Sink;

static void sink_any(void *ctx, void *data, int size)
{
    Sink *s = ctx;
    if (size > 0) s->write(s->ctx, data, (size_t)size);
}

/* ARGB words -> RGB bytes -> PNG through stb's writer func; 0 or -1 (out of memory). */
static int encode(const uint32_t *px, int w, int h, stbi_write_func *func, void *ctx)
{
    size_t n = (size_t)w * (size_t)h;
    unsigned char *rgb = malloc(n * 3);
    if (!rgb) return -1;
    for (size_t i = 0; i < n; i++) {
        uint32_t p = px[i];
        rgb[3 * i] = (unsigned char)(p >> 16);
        rgb[3 * i + 1] = (unsigned char)(p >> 8);
        rgb[3 * i + 2] = (unsigned char)p;
    }
    int ok = stbi_write_png_to_func(func, ctx, w, h, 3, rgb, w * 3);
    free(rgb);
    return ok ? 0 : -1;
}

int export_png_encode(const uint32_t *px, int w, int h,
                      void (*write)(void *ctx, const void *data, size_t n), void *ctx)
{
    Sink s = {write, ctx};
    return w < 1 || h < 1 ? -1 : encode(px, w, h, sink_any, &s);
}

int export_png_write(const Canvas *c, AtomicFile *f, Error *err)
{
    if (!c || !c->px || c->w < 1 || c->h < 1) return error_set(err, "%s: empty canvas", f->path);
    export_test_arm(f);
    if (encode(c->px, c->w, c->h, sink_write, f))
        return error_set(err, "%s: PNG encoding of a %dx%d image failed (out of memory?)", f->path,
                         c->w, c->h);
    return 0;
}

static int write_png(const Canvas *c, const char *path, int replace, Error *err)
{
    if (!path || !*path) return error_set(err, "export: empty file name");
    struct stat sb;
    if (!replace && lstat(path, &sb) == 0)
        return error_set(err, "%s: file exists (not overwritten)", path);
    AtomicFile f;
    if (afile_open(&f, path, err)) return -1;
    if (export_png_write(c, &f, err)) {
        afile_abort(&f);
        return -1;
    }
    return replace ? afile_commit(&f, err) : afile_commit_new(&f, err);
}

int export_png(const Canvas *c, const char *path, Error *err)
{
    return write_png(c, path, 1, err);
}

int export_png_new(const Canvas *c, const char *path, Error *err)
{
    return write_png(c, path, 0, err);
}

int export_unique_name(const char *dir, const char *prefix, const char *ext, char *out, size_t n,
                       Error *err)
{
    if (!dir || !*dir) dir = ".";
    if (!prefix || !*prefix) prefix = "rnnscope";
    if (!ext || !*ext) ext = "png";
    struct stat sb;
    if (stat(dir, &sb) != 0) return error_set(err, "export: directory %s: %s", dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode)) return error_set(err, "export: %s is not a directory", dir);
    for (int i = 1; i <= 9999; i++) {
        int len = snprintf(out, n, "%s/%s-%04d.%s", dir, prefix, i, ext);
        if (len < 0 || (size_t)len >= n) return error_set(err, "export: file name too long");
        if (lstat(out, &sb) == 0) continue;
        if (errno != ENOENT) return error_set(err, "export: %s: %s", out, strerror(errno));
        char side[4096];
        len = snprintf(side, sizeof side, "%s/%s-%04d.json", dir, prefix, i);
        if (len < 0 || (size_t)len >= sizeof side) return error_set(err, "export: file name too long");
        if (lstat(side, &sb) != 0) {
            if (errno == ENOENT) return 0;
            return error_set(err, "export: %s: %s", side, strerror(errno));
        }
    }
    return error_set(err, "export: %s/%s-0001.%s .. -9999.%s (or their .json) all exist", dir, prefix,
                     ext, ext);
}
