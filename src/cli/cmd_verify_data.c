/* cmd_verify_data.c — `cadre verify-data`: checks the HMAC-SM3 of every
 * person's rows of every personnel table (store/rowmac.h) and reports the
 * tables and persons whose rows were changed, deleted or added outside
 * cadre; --seal gives a MAC to the groups that have none. */
#include <jansson.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "store/rowmac.h"
#include "util/err.h"

enum { SHOWN = 1000 };

static int run(struct cli *cli)
{
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    if (!rowmac_enabled()) {
        fputs("cadre verify-data: 行完整性校验需要 gm（国密）配置和密钥文件"
              "（cadre key init；intl 数据库先 cadre key profile gm）\n",
              stderr);
        db_close(db);
        return EXIT_FAIL;
    }
    long long adopted = 0;
    if (rowmac_adopt(db, &adopted) < 0) {
        fprintf(stderr, "cadre verify-data: 无法写入校验值：%s\n", db_errmsg(db));
        db_close(db);
        return EXIT_FAIL;
    }
    if (adopted)
        printf("新纳入行完整性保护的表：已为此前写入的 %lld 组记录计算校验值\n", adopted);
    if (cli_flag(cli, "seal")) {
        long long sealed = 0;
        int rc = rowmac_seal_missing(db, &sealed);
        if (rc < 0) {
            fprintf(stderr, "cadre verify-data: 无法写入校验值：%s\n", db_errmsg(db));
            db_close(db);
            return EXIT_FAIL;
        }
        printf("已为 %lld 组没有校验值的记录计算校验值（已有的校验值不会被替换）\n", sealed);
    }
    struct rowmac_problem *problems = calloc(SHOWN, sizeof *problems);
    struct rowmac_report report;
    int rc = rowmac_verify(db, 0, 0, problems, SHOWN, &report);
    db_close(db);
    if (rc < 0) {
        fputs("cadre verify-data: 无法读取数据库\n", stderr);
        free(problems);
        return EXIT_FAIL;
    }
    size_t shown = report.problems < SHOWN ? (size_t)report.problems : SHOWN;
    if (cli_flag(cli, "json")) {
        json_t *list = json_array();
        for (size_t i = 0; i < shown; i++)
            json_array_append_new(list, json_pack("{s:s, s:I, s:s}", "table", problems[i].table,
                                                  "person_id", (json_int_t)problems[i].person_id,
                                                  "problem", problems[i].what));
        json_t *o = json_pack("{s:I, s:I, s:o}", "checked", (json_int_t)report.people_checked,
                              "problems", (json_int_t)report.problems, "items", list);
        char *text = json_dumps(o, JSON_INDENT(2));
        puts(text);
        free(text);
        json_decref(o);
    } else {
        for (size_t i = 0; i < shown; i++)
            printf("%s\t干部 %lld\t%s\n", problems[i].table, problems[i].person_id,
                   problems[i].what);
        if (report.problems > (long long)shown)
            printf("……另有 %lld 处未列出\n", report.problems - (long long)shown);
        if (report.problems)
            printf("行完整性校验：%lld 组记录中发现 %lld 处问题\n", report.people_checked,
                   report.problems);
        else
            printf("行完整性校验通过：%lld 组记录（干部 × 表）的 HMAC-SM3 均相符\n",
                   report.people_checked);
    }
    free(problems);
    return report.problems ? EXIT_FAIL : EXIT_OK;
}

const struct command cmd_verify_data_entry = {
    .name = "verify-data",
    .summary = "校验干部数据的行完整性（HMAC-SM3），找出绕过本系统的改动",
    .forms = (const struct cli_form[]){{.options =
                                            (const struct cli_option[]){
                                                {"seal", 0, NULL, "先为没有校验值的记录计算校验值"},
                                                {"json", 0, NULL, "以 JSON 输出"},
                                                {0},
                                            }},
                                       {0}},
    .about = "逐个干部、逐张表（基本信息、任职、学历、考核、奖励、处分、家庭成员、培训、\n"
             "个人有关事项报告及其查核、日常监督记录）重算 HMAC-SM3 并与存储的校验值比较，\n"
             "列出被改动、被删除或缺少校验值的记录所在的表与干部。\n"
             "需要 gm 配置与密钥文件。服务启动时抽查一部分，本命令检查全部。\n",
    .run = run,
};
