/* placeholder: being written */
#include "cli/cli.h"
int cmd_demo(struct cli *cli)
{
    (void)cli;
    return EXIT_FAIL;
}
