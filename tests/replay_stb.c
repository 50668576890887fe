/* replay_stb.c - `rnnscope --replay` (src/cmd/export_cmd.c) built with the browser's text
 * backend (stb_truetype, src/plot/text_stb.c) instead of SDL_ttf, so that test_web.py
 * can compare the page's exported PNG with its sidecar replayed on the desktop byte
 * for byte: same numbers, same drawing, same glyphs.
 * usage: replay_stb --replay FILE.json [--export OTHER.png] (as rnnscope). */
#include <stdio.h>

#include "cli.h"
#include "export_cmd.h"

int main(int argc, char **argv)
{
    Options o;
    Error err;
    if (cli_parse(&o, argc, argv, &err)) {
        fprintf(stderr, "replay_stb: %s\n", err.msg);
        return 2;
    }
    int status = export_cmd_run(&o, &err);
    if (status != 0) fprintf(stderr, "replay_stb: %s\n", err.msg);
    return status;
}
