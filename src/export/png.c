/* png.c - canvas -> PNG with stb_image_write, through a checked writer into a
 * temporary file that is renamed (or linked, for export_png_new) into place. */
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

static long fail_after = -1;

void export_test_fail_after(long nbytes)
{
    fail_after = nbytes;
}

/* The writer stb calls with each piece of the encoded file. */
typedef struct Sink {
    FILE *f;
    long written;
    int err; /* errno of the first failure, 0 if none */
} Sink;

static void sink_write(void *ctx, void *data, int size)
{
    Sink *s = ctx;
    if (s->err || size <= 0) return;
    size_t n = (size_t)size;
    int injected = 0;
    if (fail_after >= 0 && s->written + (long)n > fail_after) {
        n = (size_t)(fail_after - s->written); /* write up to the limit, then fail */
        injected = 1;
    }
    if (n && fwrite(data, 1, n, s->f) != n) {
        s->err = errno ? errno : EIO;
        return;
    }
    s->written += (long)n;
    if (injected) s->err = ENOSPC;
}

/* dir part of path ("." if none) into buf. */
static void dir_of(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash) snprintf(buf, n, ".");
    else if (slash == path) snprintf(buf, n, "/");
    else snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

static int write_png(const Canvas *c, const char *path, int replace, Error *err)
{
    if (!path || !*path) return error_set(err, "export: empty file name");
    if (!c || !c->px || c->w < 1 || c->h < 1) return error_set(err, "export %s: empty canvas", path);
    size_t plen = strlen(path);
    if (plen == 0 || path[plen - 1] == '/')
        return error_set(err, "export %s: is a directory name, not a file name", path);
    char dir[4096], tmp[4200];
    if (plen >= sizeof dir) return error_set(err, "export: file name too long");
    dir_of(path, dir, sizeof dir);
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return error_set(err, "export %s: directory %s: %s", path, dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode)) return error_set(err, "export %s: %s is not a directory", path, dir);
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return error_set(err, "export %s: is a directory", path);
    if (!replace && lstat(path, &sb) == 0)
        return error_set(err, "export %s: file exists (not overwritten)", path);
    snprintf(tmp, sizeof tmp, "%s/.rnnscope-png-XXXXXX", dir);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return error_set(err, "export %s: cannot create a temporary file in %s: %s", path, dir,
                         strerror(errno));
    (void)fchmod(fd, 0644); /* mkstemp makes 0600; an image is for sharing */
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return error_set(err, "export %s: %s", path, strerror(e));
    }
    /* ARGB words -> RGB bytes */
    size_t n = (size_t)c->w * (size_t)c->h;
    unsigned char *rgb = malloc(n * 3);
    if (!rgb) {
        fclose(f);
        unlink(tmp);
        return error_set(err, "export %s: out of memory for a %dx%d image", path, c->w, c->h);
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t p = c->px[i];
        rgb[3 * i] = (unsigned char)(p >> 16);
        rgb[3 * i + 1] = (unsigned char)(p >> 8);
        rgb[3 * i + 2] = (unsigned char)p;
    }
    Sink s = {f, 0, 0};
    errno = 0;
    int ok = stbi_write_png_to_func(sink_write, &s, c->w, c->h, 3, rgb, c->w * 3);
    free(rgb);
    const char *what = NULL;
    int e = 0;
    if (!ok) what = "PNG encoding failed (out of memory?)";
    else if (s.err) what = "write failed", e = s.err;
    else if (fflush(f) != 0) what = "write failed", e = errno;
    else if (fsync(fileno(f)) != 0) what = "sync failed", e = errno;
    if (fclose(f) != 0 && !what) what = "close failed", e = errno;
    if (!what) {
        if (replace) {
            if (rename(tmp, path) != 0) what = "cannot rename the temporary file into place", e = errno;
        } else if (link(tmp, path) != 0) {
            what = errno == EEXIST ? "file exists (not overwritten)" : "cannot link the file into place";
            e = errno == EEXIST ? 0 : errno;
        }
    }
    if (what || !replace) unlink(tmp); /* after link() the temporary name goes too */
    if (what) {
        if (e) return error_set(err, "export %s: %s: %s", path, what, strerror(e));
        return error_set(err, "export %s: %s", path, what);
    }
    return 0;
}

int export_png(const Canvas *c, const char *path, Error *err)
{
    return write_png(c, path, 1, err);
}

int export_png_new(const Canvas *c, const char *path, Error *err)
{
    return write_png(c, path, 0, err);
}

int export_unique_name(const char *dir, const char *prefix, char *out, size_t n, Error *err)
{
    if (!dir || !*dir) dir = ".";
    if (!prefix || !*prefix) prefix = "rnnscope";
    struct stat sb;
    if (stat(dir, &sb) != 0) return error_set(err, "export: directory %s: %s", dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode)) return error_set(err, "export: %s is not a directory", dir);
    for (int i = 1; i <= 9999; i++) {
        int len = snprintf(out, n, "%s/%s-%04d.png", dir, prefix, i);
        if (len < 0 || (size_t)len >= n) return error_set(err, "export: file name too long");
        if (lstat(out, &sb) != 0) {
            if (errno == ENOENT) return 0;
            return error_set(err, "export: %s: %s", out, strerror(errno));
        }
    }
    return error_set(err, "export: %s/%s-0001.png .. -9999.png all exist", dir, prefix);
}
