/* cmd_init.c — `cadre init`: creates the database or migrates it to the
 * current version. */
#include "cli/cli.h"
#include "store/store.h"

static int run(struct cli *cli)
{
    struct db *db = cli_open_db(cli, true);
    if (!db)
        return EXIT_FAIL;
    printf("数据库 %s 已是版本 %d\n", cli->db_url, store_schema_version());
    db_close(db);
    return EXIT_OK;
}

const struct command cmd_init_entry = {
    .name = "init",
    .summary = "创建数据库或将其升级到当前版本",
    .about = "创建数据库（不存在时）并执行全部迁移；已是最新时不做改动。\n",
    .run = run,
};
