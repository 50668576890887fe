/* wasi_compat.c - mkstemp, realpath and fchmod for the browser build (see
 * wasi_compat.h). The page's file system has no links and no permissions. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Replaces the trailing XXXXXX by a counter until the name is free; opens it O_EXCL. */
int mkstemp(char *tmpl)
{
    static unsigned long counter;
    size_t n = strlen(tmpl);
    if (n < 6 || strcmp(tmpl + n - 6, "XXXXXX") != 0) {
        errno = EINVAL;
        return -1;
    }
    for (int tries = 0; tries < 1000; tries++) {
        char digits[8];
        snprintf(digits, sizeof digits, "%06lu", ++counter % 1000000);
        memcpy(tmpl + n - 6, digits, 6);
        int fd = open(tmpl, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd >= 0 || errno != EEXIST) return fd;
    }
    errno = EEXIST;
    return -1;
}

/* No links: a path is its own real path. */
char *realpath(const char *path, char *resolved)
{
    if (!resolved) return strdup(path);
    snprintf(resolved, 4096, "%s", path);
    return resolved;
}

int fchmod(int fd, mode_t mode)
{
    (void)fd, (void)mode;
    return 0;
}
