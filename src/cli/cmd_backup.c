/* cmd_backup.c — `cadre backup`: an online copy of the database, safe while
 * the server runs. */
#include "cli/cli.h"

static int run(struct cli *cli)
{
    const char *target = cli->operands[0];
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    int rc = db_backup(db, target);
    db_close(db);
    if (rc < 0) {
        fprintf(stderr, "cadre backup: 无法写入 %s\n", target);
        return EXIT_FAIL;
    }
    printf("已备份到 %s\n", target);
    return EXIT_OK;
}

const struct command cmd_backup_entry = {
    .name = "backup",
    .summary = "在线备份数据库（服务运行时也可执行）",
    .forms = (const struct cli_form[]){{.operands = "目标文件"}, {0}},
    .about = "备份不含数据密钥文件；请另行妥善保存 cadre key init 生成的密钥。\n",
    .run = run,
};
