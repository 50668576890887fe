/* test_app_main.c - the window's command line for tests/test_window.sh: parses the
 * same options as rnnscope and hands them to app_run, so the window can be tested
 * on its own (rnnscope's main.c does the same dispatch). */
#include <stdio.h>

#include "app.h"
#include "cli.h"

int main(int argc, char **argv)
{
    Options o;
    Error err;
    if (cli_parse(&o, argc, argv, &err)) {
        fprintf(stderr, "rnnscope: %s\n", err.msg);
        return 2;
    }
    int status = app_run(&o, &err);
    if (status != 0) fprintf(stderr, "rnnscope: %s\n", err.msg);
    return status;
}
