/* placeholder: being written */
#include "cli/cli.h"
int cmd_import(struct cli *cli)
{
    (void)cli;
    return EXIT_FAIL;
}
int cmd_export(struct cli *cli)
{
    (void)cli;
    return EXIT_FAIL;
}
