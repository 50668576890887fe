#define _XOPEN_SOURCE 700 /* realpath */
#include "atomic_file.h"

#include "paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifndef __wasi__ /* the browser edition has neither signals nor other processes */
#include <signal.h>
#include <sys/file.h>
#endif

long afile_fail_after = -1;
long afile_test_pause_ms = 0;
long afile_lock_wait_ms = AFILE_LOCK_WAIT_MS;

/* ---- temporary files in flight, removed on SIGINT, SIGTERM, SIGHUP ---------------- */

#define AFILE_MAX_TEMPS 16

#ifdef __wasi__
typedef int sig_atomic_t;
typedef int sigset_t;
static void block(sigset_t *old) { (void)old; }
static void unblock(const sigset_t *old) { (void)old; }
static void handlers(int on) { (void)on; }
#endif

static char temp_name[AFILE_MAX_TEMPS][sizeof ((AtomicFile *)0)->tmp];
static volatile sig_atomic_t temp_used[AFILE_MAX_TEMPS];
static int n_temps;

#ifndef __wasi__
static const int caught[3] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction old_action[3], old_xfsz;
static int installed[3], xfsz_ignored;

/* Only async-signal-safe calls: unlink every temporary file, then die of the signal
 * (SA_RESETHAND has put its default action back; SA_NODEFER lets raise deliver it). */
static void on_signal(int sig)
{
    int e = errno;
    for (int i = 0; i < AFILE_MAX_TEMPS; i++)
        if (temp_used[i]) unlink(temp_name[i]);
    raise(sig);
    errno = e;
}

static void block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (int k = 0; k < 3; k++) sigaddset(&set, caught[k]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void unblock(const sigset_t *old)
{
    sigprocmask(SIG_SETMASK, old, NULL);
}

/* The first file in flight installs the handler, where the signal would otherwise
 * kill the process (default action); the last one puts the old actions back.
 * SIGXFSZ (a write past the file size limit, ulimit -f) would kill the process too,
 * leaving its temporary files: it is ignored meanwhile, so that the write fails with
 * EFBIG and the file is given up like any other failed write. */
static void handlers(int on)
{
    if (on) {
        struct sigaction ign;
        memset(&ign, 0, sizeof ign);
        ign.sa_handler = SIG_IGN;
        sigemptyset(&ign.sa_mask);
        xfsz_ignored = sigaction(SIGXFSZ, NULL, &old_xfsz) == 0 && old_xfsz.sa_handler == SIG_DFL &&
                       !(old_xfsz.sa_flags & SA_SIGINFO) && sigaction(SIGXFSZ, &ign, NULL) == 0;
    } else if (xfsz_ignored) {
        sigaction(SIGXFSZ, &old_xfsz, NULL);
        xfsz_ignored = 0;
    }
    for (int k = 0; k < 3; k++) {
        if (on) {
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_handler = on_signal;
            sa.sa_flags = SA_RESETHAND | SA_NODEFER;
            sigemptyset(&sa.sa_mask);
            installed[k] = sigaction(caught[k], NULL, &old_action[k]) == 0 &&
                           old_action[k].sa_handler == SIG_DFL &&
                           !(old_action[k].sa_flags & SA_SIGINFO) &&
                           sigaction(caught[k], &sa, NULL) == 0;
        } else if (installed[k]) {
            sigaction(caught[k], &old_action[k], NULL);
            installed[k] = 0;
        }
    }
}
#endif

int afile_temp_create(char *tmpl, int *slot)
{
    sigset_t old;
    block(&old);
    int i = 0;
    while (i < AFILE_MAX_TEMPS && temp_used[i]) i++;
    int fd = -1;
    if (i == AFILE_MAX_TEMPS || strlen(tmpl) >= sizeof temp_name[i]) {
        errno = EMFILE;
    } else {
        fd = mkstemp(tmpl);
        if (fd >= 0) {
            strcpy(temp_name[i], tmpl);
            temp_used[i] = 1;
            if (n_temps++ == 0) handlers(1);
        }
    }
    unblock(&old);
    *slot = fd >= 0 ? i + 1 : 0;
    return fd;
}

/* Forgets slot (its file was renamed, linked or removed); 0: none. */
static void temp_forget(int slot)
{
    if (slot < 1 || slot > AFILE_MAX_TEMPS || !temp_used[slot - 1]) return;
    sigset_t old;
    block(&old);
    temp_used[slot - 1] = 0;
    if (--n_temps == 0) handlers(0);
    unblock(&old);
}

void afile_temp_remove(const char *name, int slot)
{
    unlink(name);
    temp_forget(slot);
}

/* ---- the file ---------------------------------------------------------------------- */

/* The process's umask, read without changing it where Linux shows it (/proc/self/status,
 * since 4.7): umask() can only be read by setting it, and a thread creating a file in
 * between would get the wrong mode. Elsewhere: set and put back at once. */
static mode_t current_umask(void)
{
#ifdef __wasi__
    return 022; /* no umask in the browser edition */
#else
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        unsigned m;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "Umask: %o", &m) == 1) {
                fclose(f);
                return (mode_t)(m & 0777);
            }
        fclose(f);
    }
    mode_t m = umask(022);
    umask(m);
    return m & 0777;
#endif
}

/* The temporary file fd takes the owner and group of the file it replaces (st), where
 * that is allowed: as root, or the group for a member of it. Elsewhere the new file
 * belongs to whoever writes it, as with cp; its mode is kept all the same. */
static void keep_owner_of(int fd, const struct stat *st)
{
#ifndef __wasi__
    struct stat ts;
    if (fstat(fd, &ts) != 0 || (ts.st_uid == st->st_uid && ts.st_gid == st->st_gid)) return;
    if (fchown(fd, st->st_uid, st->st_gid) == 0) return;
    if (ts.st_gid != st->st_gid && fchown(fd, (uid_t)-1, st->st_gid) != 0) errno = 0;
#else
    (void)fd, (void)st;
#endif
}

int afile_name_too_long(const char *path, Error *err)
{
    const char *slash = strrchr(path, '/');
    size_t len = strlen(slash ? slash + 1 : path);
    if (len <= AFILE_NAME_MAX) return 0;
    return error_set(err, "%s: file name too long (%zu bytes; allowed: at most %d)", path, len,
                     AFILE_NAME_MAX);
}

int afile_open(AtomicFile *a, const char *path, Error *err)
{
    return afile_open_flags(a, path, 0, err);
}

/* What a file already at path asks of its replacement: a link (unless flags has
 * AFILE_NO_LINK) is followed to the file it names, whose real path goes to a->path; a
 * directory, a device, a pipe, a socket or a read-only file is refused. Returns 1 with
 * *st the file's status, 0 when nothing is there, -1 with err set. */
static int existing(AtomicFile *a, const char *path, int flags, struct stat *st, Error *err)
{
    if (lstat(path, st) != 0) return 0;
    if (S_ISLNK(st->st_mode)) {
        if (flags & AFILE_NO_LINK)
            return error_set(err, "%s: is a symbolic link, and rnnscope writes through a link "
                                  "only when given its name (remove the link)", path);
        /* a link named by the user: replace the file it points to, not the link */
        if (stat(path, st) != 0)
            return errno == ENOENT
                       ? error_set(err, "%s: is a symbolic link to a missing file", path)
                       : error_set(err, "%s: %s", path, strerror(errno));
        if (S_ISREG(st->st_mode)) {
            char *real = realpath(path, NULL);
            size_t rn = real ? strlen(real) : sizeof a->path;
            if (rn < sizeof a->path) memcpy(a->path, real, rn + 1);
            free(real);
            if (rn >= sizeof a->path)
                return error_set(err, "%.60s...: output path is too long", path);
        }
    }
    if (S_ISDIR(st->st_mode)) return error_set(err, "%s: is a directory, not a file name", path);
    /* a device, pipe or socket would be replaced by a plain file: refuse */
    if (!S_ISREG(st->st_mode))
        return error_set(err, "%s: is not a regular file (allowed: a new or existing regular "
                              "file)", path);
    /* a read-only file stays as it is, even for root */
    if (!(st->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) || access(a->path[0] ? a->path : path, W_OK))
        return error_set(err, "%s: is read-only (no file written)", path);
    return 1;
}

int afile_open_flags(AtomicFile *a, const char *path, int flags, Error *err)
{
    memset(a, 0, sizeof *a);
    size_t n = strlen(path);
    if (n == 0) return error_set(err, "output path is empty");
    if (n >= sizeof a->path) return error_set(err, "%.60s...: output path is too long", path);
    if (path[n - 1] == '/') return error_set(err, "%s: is a directory, not a file name", path);
    if (afile_name_too_long(path, err)) return -1;
    struct stat st;
    int keep_owner = existing(a, path, flags, &st, err);
    if (keep_owner < 0) return -1;
    /* a new file gets what open(path, O_CREAT, 0666) would give it: the umask decides; the
     * replacement of a file keeps its permissions (not set-user-ID, set-group-ID or
     * sticky: the kernel clears the first two when anyone but root writes a file) and,
     * where it may (root), its owner and group */
    mode_t mode = keep_owner ? st.st_mode & 0777 : 0666 & ~current_umask();
    if (!a->path[0]) memcpy(a->path, path, n + 1);
    path = a->path;
    /* NAME.tmp-XXXXXX beside it; NAME cut so that the temporary's name fits the 255 bytes
     * a file name may have, or a name of 245..255 bytes would fail as "too long" */
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash + 1 - path) : 0, base_len = strlen(path + dir_len);
    if (base_len > AFILE_NAME_MAX - 11) base_len = AFILE_NAME_MAX - 11;
    snprintf(a->tmp, sizeof a->tmp, "%.*s.tmp-XXXXXX", (int)(dir_len + base_len), path);
    int fd = afile_temp_create(a->tmp, &a->slot);
    if (fd < 0) {
        int e = errno;
        if (e == ENOENT && slash) {
            char dir[sizeof a->path];
            memcpy(dir, path, (size_t)(slash - path));
            dir[slash - path] = 0;
            if (stat(dir[0] ? dir : "/", &st) != 0)
                return error_set(err, "%s: directory %s does not exist", path, dir);
        }
        return error_set(err, "%s: cannot create the file: %s", path, strerror(e));
    }
    /* mkstemp made it 0600; the owner first, since a chown may clear mode bits */
    if (keep_owner) keep_owner_of(fd, &st);
    /* a file system without modes (vfat, fusefat: ENOSYS or EPERM) keeps its own; elsewhere
     * a failure leaves mkstemp's 0600, never more open than asked */
    if (fchmod(fd, mode) != 0) errno = 0;
    a->f = fdopen(fd, "wb");
    if (!a->f) {
        close(fd);
        afile_temp_remove(a->tmp, a->slot);
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
            else temp_forget(a->slot);
        } else if (link(a->tmp, a->path) != 0) {
            int le = errno;
            afile_temp_remove(a->tmp, a->slot);
            if (le == EEXIST) return error_set(err, "%s: file exists (not overwritten)", a->path);
            e = le;
        } else {
            afile_temp_remove(a->tmp, a->slot); /* the file now has its own name */
        }
    }
    if (e) {
        afile_temp_remove(a->tmp, a->slot);
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
    if (a->tmp[0]) afile_temp_remove(a->tmp, a->slot);
    a->tmp[0] = 0;
}

/* ---- several files as one unit ------------------------------------------------------ */

/* The directory of path, opened for flock; -1 if it cannot be. */
static int open_dir(const char *path)
{
    char dir[sizeof ((AtomicFile *)0)->path];
    paths_dir(path, dir, sizeof dir);
    return open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

#ifndef __wasi__
/* flock(fd, op) with a bounded wait: anyone who can open a directory can lock it and
 * keep it locked, and rnnscope must not wait for that forever. 0, or -1 with errno
 * (EWOULDBLOCK: still locked after afile_lock_wait_ms). */
static int lock_bounded(int fd, int op)
{
    for (long waited = 0;; waited += 10) {
        if (flock(fd, op | LOCK_NB) == 0) return 0;
        if (errno == EINTR) continue;
        if (errno != EWOULDBLOCK || waited >= afile_lock_wait_ms) return -1;
        struct timespec ts = {0, 10 * 1000000L}; /* every 10 ms */
        nanosleep(&ts, NULL);
    }
}
#endif

typedef struct DirLock {
    int fd;
    dev_t dev;
    ino_t ino;
} DirLock;

static int cmp_lock(const void *a, const void *b)
{
    const DirLock *x = a, *y = b;
    if (x->dev != y->dev) return x->dev < y->dev ? -1 : 1;
    return x->ino < y->ino ? -1 : x->ino > y->ino;
}

int afile_commit_all(AtomicFile *const *files, int n, Error *err)
{
    DirLock lock[16];
    int nl = 0, status = 0;
    /* each directory once, in the order of (device, inode): two processes that lock the
     * same directories lock them in the same order, so neither waits for the other forever */
    for (int i = 0; i < n && nl < 16 && !status; i++) {
        int fd = open_dir(files[i]->path);
        struct stat st;
        if (fd < 0 || fstat(fd, &st) != 0) {
            status = error_set(err, "%s: cannot open its directory to lock it: %s", files[i]->path,
                               strerror(errno));
            if (fd >= 0) close(fd);
            break;
        }
        int dup = 0;
        for (int k = 0; k < nl; k++) dup |= lock[k].dev == st.st_dev && lock[k].ino == st.st_ino;
        if (dup) close(fd);
        else lock[nl++] = (DirLock){fd, st.st_dev, st.st_ino};
    }
    qsort(lock, (size_t)nl, sizeof lock[0], cmp_lock);
#ifndef __wasi__
    for (int k = 0; k < nl && !status; k++)
        if (lock_bounded(lock[k].fd, LOCK_EX) != 0)
            status = errno == EWOULDBLOCK
                         ? error_set(err, "%s: its directory is locked by another process (waited "
                                          "%.1f s; no file written)", files[0]->path,
                                     afile_lock_wait_ms / 1000.0)
                         : error_set(err, "%s: cannot lock its directory: %s", files[0]->path,
                                     strerror(errno));
#endif
    for (int i = 0; i < n; i++) {
        if (status) {
            afile_abort(files[i]);
            continue;
        }
        if (i > 0 && afile_test_pause_ms > 0) {
            struct timespec ts = {afile_test_pause_ms / 1000, (afile_test_pause_ms % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
        status = afile_commit(files[i], err);
    }
    for (int k = 0; k < nl; k++) close(lock[k].fd); /* closing releases the lock */
    return status;
}

int afile_lock_dir_shared(const char *path, Error *err)
{
    int fd = open_dir(path);
    if (fd < 0) return -1;
#ifndef __wasi__
    if (lock_bounded(fd, LOCK_SH) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK)
            return error_set(err, "%s: its directory is locked by another process (waited %.1f s)",
                             path, afile_lock_wait_ms / 1000.0), -2;
        return -1;
    }
#else
    (void)err;
#endif
    return fd;
}

void afile_unlock_dir(int fd)
{
    if (fd >= 0) close(fd);
}
