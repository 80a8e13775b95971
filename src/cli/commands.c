/* commands.c — the command table and what the commands share. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/store.h"

static const struct command commands[] = {
    {"init", "创建数据库或将其升级到当前版本",
     "用法: cadre [--db 路径] init\n\n"
     "创建数据库（不存在时）并执行全部迁移；已是最新时不做改动。\n",
     cmd_init},
    {"serve", "启动 Web 服务（JSON API 与网页界面）",
     "用法: cadre [--db 路径] serve [--listen 地址:端口] [--threads N]\n\n"
     "启动前自动迁移数据库。默认监听 127.0.0.1:8080。\n",
     cmd_serve},
    {"demo", "生成演示单位、干部与账号（同一种子生成相同数据）",
     "用法: cadre [--db 路径] demo [--people N] [--seed S]\n\n"
     "在空数据库中生成一个厅（约 15 个处室、5 个直属单位）及 N 名干部（默认 300），\n"
     "并创建管理员 admin 与人事干部 renshi 账号，打印一次性密码。\n",
     cmd_demo},
    {"import", "导入花名册（XLSX 或 CSV，全部成功或全部不写入）",
     "用法: cadre [--db 路径] import roster 文件 [--json] [--max-errors N]\n\n"
     "按身份证号匹配已有干部并更新，其余新增。任何一行有误则不写入任何数据，\n"
     "并逐行列出错误（行号、列、原因），退出码 1。默认列出前 100 处错误并给出\n"
     "总数，--max-errors N 改为前 N 处（0 为全部）；--json 输出中另有\n"
     "errors_total 与 errors_omitted。\n",
     cmd_import},
    {"export", "导出花名册（XLSX 或 CSV）",
     "用法: cadre [--db 路径] export roster --format xlsx|csv -o 文件\n"
     "        [--unit ID [--include-sub]] [--status 代码] [--q 关键词]\n\n"
     "导出内容与导入格式一致，可再次导入。\n",
     cmd_export},
    {"person", "查看一名干部",
     "用法: cadre [--db 路径] person show ID|身份证号 [--json]\n", cmd_person},
    {"qualify", "资格名单：在职干部对各目标是否符合任职资格（结论、理由、日期）",
     "用法: cadre [--db 路径] qualify [--as-of 日期] [--target 目标] [--within 月数]\n"
     "        [--group now|soon|not_yet|barred|incomplete|held] [--list | --json | --xlsx 文件]\n"
     "        [--threads N]\n\n"
     "按数据库中的规则表评估每名在职干部：默认目标为下一职级与下一职务层次，\n"
     "--target 指定一个（rank:03、post:5A、一级调研员、正处级）。--within N 找出 N 个月内\n"
     "将符合的人及符合日期。默认只打印各结论的人数；--list 逐行输出（制表符分隔），\n"
     "--json 输出 JSON，--xlsx 写入工作簿。“符合”指达到最低条件，不等于应当晋升。\n"
     "--threads N 用 N 个线程并行评估（默认为 CPU 数，1 到 64），输出与单线程完全相同。\n",
     cmd_qualify},
    {"check-records", "档案审核：三龄两历、职级与职务、回避",
     "用法: cadre [--db 路径] check-records [--as-of 日期] [--json]\n\n"
     "逐人列出审核发现（编号、姓名、规则、涉及字段、说明），在职干部；结尾打印总数。\n",
     cmd_check_records},
    {"user", "管理用户账号",
     "用法: cadre [--db 路径] user add 用户名 --role 角色 [--unit 单位编号] [--person 干部编号]\n"
     "                          [--name 姓名] --password-stdin\n\n"
     "从标准输入读取密码（至少 10 位，含三类字符）。角色: admin（系统管理员）、\n"
     "personnel（人事干部）、security（安全管理员）、auditor（安全审计员）、discipline（纪检干部）、\n"
     "party（党组成员）、unit_head（处室负责人，须 --unit）、self（干部本人，须 --person）。\n"
     "--unit 把角色限定在该单位及其下级单位；--person 把账号关联到本人的干部信息。\n",
     cmd_user},
    {"token", "为用户创建 API 令牌",
     "用法: cadre [--db 路径] token create 用户名 [--name 说明]\n\n"
     "最后一行只打印令牌本身，便于脚本读取。令牌只显示这一次。\n",
     cmd_token},
    {"routes", "列出全部 API 接口及所需权限",
     "用法: cadre routes [--json]\n\n"
     "--json 中每个接口带 permission（所需权限）、scope（单位范围的适用方式：none、list、"
     "person、unit、create、whole）和 kind_permissions（按记录类别另需的权限）。\n", cmd_routes},
    {"roles", "列出角色与权限",
     "用法: cadre roles [--matrix] [--json]\n\n"
     "打印权限表（角色 × 权限）；--json 输出机器可读的表（角色、权限、各角色持有的权限、"
     "处分等记录类别所需的权限）。\n", cmd_roles},
    {"audit", "校验或导出审计日志",
     "用法: cadre [--db 路径] audit verify [--csv 导出的文件]\n"
     "      cadre [--db 路径] audit export [--from 日期] [--to 日期] [-o 文件] [--format csv|json]\n\n"
     "verify 重算哈希链，指出第一条被修改、删除或插入的记录；--csv 只凭导出的 CSV 文件\n"
     "校验（每条记录的哈希与内容、相邻记录的链接），并给出最后一条的哈希以便与数据库核对。\n"
     "export 导出审计记录（日期为本地日期 YYYY-MM-DD，含首尾两天；不加 -o 时写到标准输出），\n"
     "导出本身也记入审计日志。审计记录不能通过本系统修改或删除。\n",
     cmd_audit},
    {"backup", "在线备份数据库（服务运行时也可执行）",
     "用法: cadre [--db 路径] backup 目标文件\n\n"
     "备份不含数据密钥文件；请另行妥善保存 cadre key init 生成的密钥。\n",
     cmd_backup},
    {"restore", "从备份恢复数据库（须先停止服务）",
     "用法: cadre [--db 路径] restore 备份文件\n\n"
     "校验备份的完整性、数据库版本（较旧的会升级）与审计哈希链，\n"
     "然后以原子方式（同目录临时文件 + rename）替换数据库，并记入审计日志。\n"
     "服务（cadre serve）正在使用数据库时拒绝执行。\n",
     cmd_restore},
    {"key", "生成数据密钥文件（加密 TOTP 密钥与机密字段）",
     "用法: cadre [--db 路径] key init [--key 路径]\n\n"
     "生成 32 字节随机密钥，权限 0600，默认位于数据库旁（<数据库>.key），\n"
     "或环境变量 CADRE_KEY 指定的位置；已存在时拒绝覆盖。\n",
     cmd_key},
};

const struct command *cli_commands(size_t *n)
{
    *n = sizeof commands / sizeof *commands;
    return commands;
}

struct db *cli_open_db(const struct cli *cli, bool migrate)
{
    struct db *db = NULL;
    char *msg = NULL;
    if (store_open(cli->db_url, migrate, &db, &msg) < 0) {
        fprintf(stderr, "cadre: %s\n", msg ? msg : "无法打开数据库");
        free(msg);
        return NULL;
    }
    return db;
}

void cli_usage(const struct command *cmd, FILE *out)
{
    fputs(cmd->usage, out);
}

bool cli_wants_help(const struct cli *cli, const char *name)
{
    for (int i = 1; i < cli->argc; i++) {
        if (strcmp(cli->argv[i], "-h") == 0 || strcmp(cli->argv[i], "--help") == 0) {
            size_t n;
            const struct command *cmds = cli_commands(&n);
            for (size_t k = 0; k < n; k++)
                if (strcmp(cmds[k].name, name) == 0)
                    cli_usage(&cmds[k], stdout);
            return true;
        }
    }
    return false;
}

struct date cli_today(void)
{
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    return (struct date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

void cli_progress(const char *what, size_t done, size_t total)
{
    static struct timespec last;
    if (!isatty(STDERR_FILENO))
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long ms = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
    if (done != total && ms < 200)
        return;
    last = now;
    fprintf(stderr, "\r%s %zu/%zu", what, done, total);
    if (done == total)
        fputc('\n', stderr);
}
