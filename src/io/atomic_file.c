#define _XOPEN_SOURCE 700 /* realpath */
#include "atomic_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

long afile_fail_after = -1;

int afile_open(AtomicFile *a, const char *path, Error *err)
{
    memset(a, 0, sizeof *a);
    size_t n = strlen(path);
    if (n == 0) return error_set(err, "output path is empty");
    if (n >= sizeof a->path) return error_set(err, "%.60s...: output path is too long", path);
    if (path[n - 1] == '/') return error_set(err, "%s: is a directory, not a file name", path);
    struct stat st;
    mode_t mode = 0644;
    if (lstat(path, &st) == 0) {
        /* a symbolic link: replace the file it points to, not the link */
        char *real = S_ISLNK(st.st_mode) ? realpath(path, NULL) : NULL;
        if (S_ISLNK(st.st_mode) && !real)
            return error_set(err, "%s: is a symbolic link to a missing file", path);
        if (real) {
            size_t rn = strlen(real);
            int ok = rn < sizeof a->path && stat(real, &st) == 0;
            if (ok) memcpy(a->path, real, rn + 1);
            free(real);
            if (!ok) return error_set(err, "%.60s...: output path is too long", path);
        }
        if (S_ISDIR(st.st_mode)) return error_set(err, "%s: is a directory, not a file name", path);
        /* a device, pipe or socket would be replaced by a plain file: refuse */
        if (!S_ISREG(st.st_mode))
            return error_set(err, "%s: is not a regular file (allowed: a new or existing regular "
                                  "file)", path);
        /* a read-only file stays as it is, even for root */
        if (!(st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access(a->path[0] ? a->path : path, W_OK))
            return error_set(err, "%s: is read-only (no file written)", path);
        mode = st.st_mode & 07777; /* the replacement keeps the file's permissions */
    }
    if (!a->path[0]) memcpy(a->path, path, n + 1);
    path = a->path;
    snprintf(a->tmp, sizeof a->tmp, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(a->tmp);
    if (fd < 0) {
        int e = errno;
        const char *slash = strrchr(path, '/');
        if (e == ENOENT && slash) {
            char dir[sizeof a->path];
            memcpy(dir, path, (size_t)(slash - path));
            dir[slash - path] = 0;
            if (stat(dir[0] ? dir : "/", &st) != 0)
                return error_set(err, "%s: directory %s does not exist", path, dir);
        }
        return error_set(err, "%s: cannot create the file: %s", path, strerror(e));
    }
    fchmod(fd, mode);
    a->f = fdopen(fd, "wb");
    if (!a->f) {
        close(fd);
        unlink(a->tmp);
        return error_set(err, "%s: cannot open for writing: %s", path, strerror(errno));
    }
    a->fail_after = afile_fail_after;
    return 0;
}

void afile_write(AtomicFile *a, const void *data, size_t n)
{
    if (a->failed || !a->f) return;
    if (a->fail_after >= 0 && a->written + (long)n > a->fail_after) {
        a->failed = ENOSPC; /* injected: as if the disk were full */
        return;
    }
    if (fwrite(data, 1, n, a->f) != n) a->failed = errno ? errno : EIO;
    a->written += (long)n;
}

void afile_printf(AtomicFile *a, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) {
        a->failed = EINVAL;
        return;
    }
    if ((size_t)n < sizeof buf) {
        afile_write(a, buf, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        a->failed = ENOMEM;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    afile_write(a, big, (size_t)n);
    free(big);
}

int afile_sync(AtomicFile *a, Error *err)
{
    if (!a->f) return error_set(err, "%s: file was not open", a->path);
    int e = a->failed;
    if (!e && fflush(a->f) != 0) e = errno ? errno : EIO;
    if (!e && fsync(fileno(a->f)) != 0 && errno != EINVAL) e = errno;
    if (e) return error_set(err, "%s: write failed: %s (no file written)", a->path, strerror(e));
    return 0;
}

/* flush, sync, close, then rename (replace) or link (never replace) into place */
static int commit(AtomicFile *a, int replace, Error *err)
{
    if (!a->f) return error_set(err, "%s: file was not open", a->path);
    int e = a->failed;
    if (fflush(a->f) != 0 && !e) e = errno ? errno : EIO;
    if (!e && fsync(fileno(a->f)) != 0 && errno != EINVAL) e = errno;
    if (fclose(a->f) != 0 && !e) e = errno ? errno : EIO;
    a->f = NULL;
    if (!e) {
        if (replace) {
            if (rename(a->tmp, a->path) != 0) e = errno;
        } else if (link(a->tmp, a->path) != 0) {
            int le = errno;
            unlink(a->tmp);
            if (le == EEXIST) return error_set(err, "%s: file exists (not overwritten)", a->path);
            e = le;
        } else {
            unlink(a->tmp); /* the file now has its own name */
        }
    }
    if (e) {
        unlink(a->tmp);
        return error_set(err, "%s: write failed: %s (no file written)", a->path, strerror(e));
    }
    return 0;
}

int afile_commit(AtomicFile *a, Error *err) { return commit(a, 1, err); }

int afile_commit_new(AtomicFile *a, Error *err) { return commit(a, 0, err); }

void afile_abort(AtomicFile *a)
{
    if (a->f) fclose(a->f);
    a->f = NULL;
    if (a->tmp[0]) unlink(a->tmp);
}
