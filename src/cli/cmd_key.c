/* cmd_key.c — `cadre key init`: creates the data key file that encrypts
 * TOTP secrets and confidential fields. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/err.h"
#include "util/secret.h"

static int run(struct cli *cli)
{
    const char *path = cli_value(cli, "key");
    if (path && !*path)
        return cli_usage_error(cli, "--key 不能为空");
    char *owned = path ? NULL : secret_key_path(cli->db_url);
    if (!path)
        path = owned;
    int rc = secret_key_create(path);
    if (rc == ERR_CONFLICT)
        fprintf(stderr, "cadre key init: %s 已存在，不会覆盖（覆盖会使已加密的数据无法解密）\n",
                path);
    else if (rc < 0)
        fprintf(stderr, "cadre key init: 无法写入 %s：%s\n", path, strerror(errno));
    else
        printf("已生成数据密钥 %s（权限 0600）。请与数据库分开备份：没有它，加密字段无法恢复。\n",
               path);
    free(owned);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

const struct command cmd_key_entry = {
    .name = "key",
    .summary = "生成数据密钥文件（加密 TOTP 密钥与机密字段）",
    .forms = (const struct cli_form[]){{.verb = "init",
                                        .options =
                                            (const struct cli_option[]){
                                                {"key", 0, "路径", "密钥文件的位置"},
                                                {0},
                                            }},
                                       {0}},
    .about = "生成 32 字节随机密钥，权限 0600，默认位于数据库旁（<数据库>.key），\n"
             "或环境变量 CADRE_KEY 指定的位置；已存在时拒绝覆盖。\n",
    .run = run,
};
