/* cmd_form.c — `cadre form pdf|lrmx`: the 干部任免审批表 of one or more people
 * as one PDF (formats/forms_pdf.h), each form on its own page or two, or of
 * one person as an LRMX file (formats/forms_lrmx.h). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/forms.h"
#include "formats/forms_lrmx.h"
#include "formats/forms_pdf.h"
#include "store/forms.h"
#include "store/people.h"
#include "util/arena.h"
#include "util/err.h"

/* The person an operand names: an id (digits, shorter than an ID number)
 * or an ID number (18 characters, the last may be x). */
static int resolve(struct db *db, const char *arg, long long *id)
{
    size_t len = strlen(arg);
    bool digits = len > 0;
    for (size_t i = 0; i < len; i++)
        digits = digits && isdigit((unsigned char)arg[i]);
    if (digits && len < 15) {
        *id = strtoll(arg, NULL, 10);
        return *id > 0 ? 0 : ERR_NOT_FOUND;
    }
    char upper[32];
    if (len >= sizeof upper)
        return ERR_NOT_FOUND;
    for (size_t i = 0; i <= len; i++)
        upper[i] = (char)toupper((unsigned char)arg[i]);
    int rc = people_find_by_id_number(db, upper, id);
    return rc == 0 && *id == 0 ? ERR_NOT_FOUND : rc;
}

static int form_pdf(struct cli *cli)
{
    const char *out = cli_value(cli, "output");
    if (!out || !*out)
        return cli_usage_error(cli, "请用 -o 指定写入的 PDF 文件");
    size_t n = 1 + cli->nmore;
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    struct arena *a = arena_new();
    struct forms_sheet *sheets = arena_calloc(a, n, sizeof *sheets);
    long long *ids = arena_calloc(a, n, sizeof *ids);
    struct date today = cli_today();
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const char *arg = i == 0 ? cli->operands[0] : cli->more[i - 1];
        rc = resolve(db, arg, &ids[i]);
        if (rc == 0)
            rc = forms_sheet_load(db, ids[i], today, a, &sheets[i]);
        if (rc == ERR_NOT_FOUND)
            fprintf(stderr, "cadre form pdf: 未找到干部“%s”（应为干部编号或身份证号）\n", arg);
    }
    const char *why = NULL;
    if (rc == 0 && (rc = forms_pdf_write(sheets, n, out, &why)) < 0)
        fprintf(stderr, "cadre form pdf: %s\n", why ? why : "无法生成 PDF");
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = cli_audit(db, "person.form_pdf", "person", ids[i], NULL);
    if (rc == 0)
        printf("已写入 %s：%zu 份干部任免审批表\n", out, n);
    else if (rc != ERR_NOT_FOUND && !why)
        fprintf(stderr, "cadre form pdf: 读取数据失败（%s）\n", err_name(rc));
    arena_free(a);
    db_close(db);
    return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

static int form_lrmx(struct cli *cli)
{
    const char *out = cli_value(cli, "output");
    if (!out || !*out)
        return cli_usage_error(cli, "请用 -o 指定写入的 LRMX 文件");
    struct db *db = cli_open_db(cli, false);
    if (!db)
        return EXIT_FAIL;
    struct arena *a = arena_new();
    struct forms_sheet sheet;
    long long id = 0;
    const char *xml = NULL;
    size_t len = 0;
    int rc = resolve(db, cli->operands[0], &id);
    if (rc == 0)
        rc = forms_sheet_load(db, id, cli_today(), a, &sheet);
    if (rc == ERR_NOT_FOUND)
        fprintf(stderr, "cadre form lrmx: 未找到干部“%s”（应为干部编号或身份证号）\n",
                cli->operands[0]);
    if (rc == 0)
        rc = forms_lrmx_write(&sheet, a, &xml, &len);
    FILE *f = rc == 0 ? fopen(out, "wb") : NULL;
    if (rc == 0 && (!f || fwrite(xml, 1, len, f) != len)) {
        fprintf(stderr, "cadre form lrmx: 无法写入 %s\n", out);
        rc = ERR_IO;
    }
    if (f && fclose(f) != 0 && rc == 0)
        rc = ERR_IO;
    if (rc == 0)
        rc = cli_audit(db, "person.form_lrmx", "person", id, NULL);
    if (rc == 0)
        printf("已写入 %s\n", out);
    arena_free(a);
    db_close(db);
    return rc == 0 ? EXIT_OK : EXIT_FAIL;
}

static int run(struct cli *cli)
{
    if (cli_verb(cli, "pdf"))
        return form_pdf(cli);
    if (cli_verb(cli, "lrmx"))
        return form_lrmx(cli);
    return cli_usage_error(cli, "未知的子命令");
}

const struct command cmd_form_entry = {
    .name = "form",
    .summary = "生成干部任免审批表（PDF 或 LRMX）",
    .forms =
        (const struct cli_form[]){
            {.verb = "pdf",
             .operands = "干部...",
             .options =
                 (const struct cli_option[]){
                     {"output", 'o', "文件.pdf", "写入的 PDF 文件", CLI_REQUIRED},
                     {0},
                 }},
            {.verb = "lrmx",
             .operands = "干部",
             .options =
                 (const struct cli_option[]){
                     {"output", 'o', "文件.lrmx", "写入的 LRMX 文件", CLI_REQUIRED},
                     {0},
                 }},
            {0},
        },
    .about =
        "干部以干部编号或身份证号指定，可给多名：每人一份表，合成一个 PDF（A4，每份一页，\n"
        "简历较长时两页）。年龄按当天计算。需要中文字体（fonts-noto-cjk 或 fonts-wqy-zenhei）。\n"
        "lrmx 写出一名干部的任免表 3.x 文件（中组部任免表编辑器可读），含照片与完整身份证号。\n",
    .run = run,
};
