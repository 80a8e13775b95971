/* cmd_key.c — `cadre key init|status|rotate|profile`: the key file (the
 * master key), what each data key protects, key rotation and the switch to
 * the gm (国密) profile. docs/crypto.md. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/crypto.h"
#include "util/err.h"
#include "util/secret.h"

/* The key file's path: --key, else secret_key_path. Returns owned text. */
static char *key_path(struct cli *cli)
{
    const char *path = cli_value(cli, "key");
    return path && *path ? strdup(path) : secret_key_path(cli->db_url);
}

static int key_init(struct cli *cli)
{
    const char *given = cli_value(cli, "key");
    if (given && !*given)
        return cli_usage_error(cli, "--key 不能为空");
    char *path = key_path(cli);
    int rc = secret_key_create(path);
    if (rc == ERR_CONFLICT)
        fprintf(stderr, "cadre key init: %s 已存在，不会覆盖（覆盖会使已加密的数据无法解密）\n",
                path);
    else if (rc < 0)
        fprintf(stderr, "cadre key init: 无法写入 %s：%s\n", path, strerror(errno));
    else
        printf("已生成主密钥 %s（权限 0600）。请与数据库分开备份：没有它，加密字段无法恢复。\n",
               path);
    free(path);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

/* Opens the database and loads its keys with the key file. NULL (message
 * printed) when either fails; `*master` owned (secret_key_free). */
static struct db *open_with_keys(struct cli *cli, struct secret_key **master)
{
    char *path = key_path(cli);
    int rc = secret_key_load(path, master);
    if (rc < 0) {
        fprintf(stderr, "cadre key: 无法读取密钥文件 %s%s\n", path,
                rc == ERR_NOT_FOUND ? "（不存在；先运行 cadre key init）"
                : rc == ERR_INVALID ? "（须为 32 字节、权限 0600）"
                                    : "");
        free(path);
        return NULL;
    }
    free(path);
    struct db *db = cli_open_db(cli, false);
    if (!db) {
        secret_key_free(*master);
        return NULL;
    }
    const char *why = NULL;
    if (crypto_load(db, *master, &why) < 0) {
        fprintf(stderr, "cadre key: %s\n", why ? why : db_errmsg(db));
        db_close(db);
        secret_key_free(*master);
        return NULL;
    }
    return db;
}

static int key_status(struct cli *cli)
{
    struct secret_key *master = NULL;
    struct db *db = open_with_keys(cli, &master);
    if (!db)
        return EXIT_FAIL;
    bool gm = false;
    crypto_profile_gm(db, &gm);
    struct crypto_key_info keys[64];
    struct crypto_use uses[128];
    size_t nkeys = 0, nuses = 0;
    long long rotating = 0;
    int rc = crypto_status(db, keys, 64, &nkeys, uses, 128, &nuses);
    if (rc == 0)
        rc = db_query_int(db, "SELECT coalesce(max(to_key), 0) FROM crypto_rotation", &rotating, 0);
    db_close(db);
    if (rc < 0) {
        secret_key_free(master);
        fputs("cadre key status: 无法读取密钥记录\n", stderr);
        return EXIT_FAIL;
    }
    char cv[17];
    secret_check_value(master, cv);
    printf("密码配置：%s\n",
           gm ? "gm（国密：SM3、SM4、HMAC-SM3）" : "intl（BLAKE2b、XSalsa20-Poly1305）");
    printf("主密钥校验值：%s（主密钥只用于派生与封装数据密钥）\n", cv);
    printf("当前数据密钥：k%d\n", secret_ring_active(master));
    if (rotating)
        printf("密钥轮换未完成：正在轮换到 k%lld，再次运行 cadre key rotate 可继续\n", rotating);
    printf("k0：由主密钥派生，不存储\n");
    for (size_t i = 0; i < nkeys; i++)
        printf("k%d：创建于 %s%s%s\n", keys[i].id, keys[i].created_at,
               keys[i].retired_at[0] ? "，已停用于 " : "，使用中", keys[i].retired_at);
    if (!nuses)
        printf("没有加密字段\n");
    for (size_t i = 0; i < nuses; i++)
        printf("k%d 保护 %s：%lld 项（%s）\n", uses[i].key_id, uses[i].target, uses[i].count,
               uses[i].alg);
    secret_key_free(master);
    return EXIT_OK;
}

static void rotate_progress(void *ctx, const char *target, long long last_id, int batch)
{
    (void)ctx;
    (void)batch;
    cli_progress(target, (size_t)last_id, 0);
}

static int key_rotate(struct cli *cli)
{
    const char *batch_text = cli_value(cli, "batch");
    int batch = batch_text ? atoi(batch_text) : 500;
    if (batch < 1 || batch > 100000)
        return cli_usage_error(cli, "--batch 须为 1 至 100000 的整数");
    /* The crash test stops the rotation by SIGKILL after N batches. */
    const char *stop = getenv("CADRE_TEST_ROTATE_KILL_AFTER");
    struct secret_key *master = NULL;
    struct db *db = open_with_keys(cli, &master);
    if (!db)
        return EXIT_FAIL;
    int to_key = 0;
    long long resealed = 0;
    int rc = crypto_rotate(db, master, batch, stop ? atoi(stop) : 0, rotate_progress, NULL, &to_key,
                           &resealed);
    if (rc < 0)
        fprintf(stderr, "cadre key rotate: 轮换中断（%s）；已完成的批次已保存，再次运行可继续\n",
                rc == ERR_INVALID ? "有字段无法用现有密钥解密" : db_errmsg(db));
    else
        printf("已轮换到数据密钥 k%d：重新加密 %lld 项；旧密钥已停用（仍保留以读取遗留数据）\n",
               to_key, resealed);
    db_close(db);
    secret_key_free(master);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

static int key_profile(struct cli *cli)
{
    const char *want = cli->operands[0];
    if (strcmp(want, "gm") != 0 && strcmp(want, "intl") != 0)
        return cli_usage_error(cli, "密码配置只能是 gm 或 intl");
    struct secret_key *master = NULL;
    struct db *db = open_with_keys(cli, &master);
    if (!db)
        return EXIT_FAIL;
    bool gm = false;
    int rc = crypto_profile_gm(db, &gm);
    int status = EXIT_OK;
    if (rc == 0 && strcmp(want, "intl") == 0) {
        if (gm) {
            fputs("cadre key profile: gm（国密）配置不能改回 intl\n", stderr);
            status = EXIT_FAIL;
        } else {
            printf("已是 intl 配置\n");
        }
    } else if (rc == 0 && gm) {
        printf("已是 gm（国密）配置\n");
    } else if (rc == 0) {
        struct audit_entry e = {.username = "(命令行)", .source_addr = "cli", .outcome = "ok"};
        if ((rc = db_begin(db)) == 0 && (rc = crypto_switch_gm(db, master, &e)) == 0)
            rc = db_commit(db);
        if (rc < 0) {
            db_rollback(db);
            fprintf(stderr, "cadre key profile: 无法切换：%s\n", db_errmsg(db));
            status = EXIT_FAIL;
        } else {
            printf("已切换到 gm（国密）配置：审计日志自此以 SM3 链接（重新锚定记录已写入）；\n"
                   "新加密的字段使用 SM4。运行 cadre key rotate 把已有的加密字段改用 SM4。\n");
        }
    }
    if (rc < 0 && status == EXIT_OK) {
        fputs("cadre key profile: 无法读取配置\n", stderr);
        status = EXIT_FAIL;
    }
    db_close(db);
    secret_key_free(master);
    return status;
}

static int run(struct cli *cli)
{
    if (cli_verb(cli, "status"))
        return key_status(cli);
    if (cli_verb(cli, "rotate"))
        return key_rotate(cli);
    if (cli_verb(cli, "profile"))
        return key_profile(cli);
    return key_init(cli);
}

static const struct cli_option key_option[] = {
    {"key", 0, "路径", "密钥文件的位置"},
    {0},
};

const struct command cmd_key_entry = {
    .name = "key",
    .summary = "主密钥、数据密钥、密钥轮换与国密配置",
    .forms =
        (const struct cli_form[]){
            {.verb = "init", .options = key_option},
            {.verb = "status", .options = key_option},
            {.verb = "rotate",
             .options =
                 (const struct cli_option[]){
                     {"key", 0, "路径", "密钥文件的位置"},
                     {"batch", 0, "N", "每批重新加密的条数（默认 500）"},
                     {0},
                 }},
            {.verb = "profile", .operands = "gm|intl", .options = key_option},
            {0},
        },
    .about = "init 生成 32 字节随机主密钥，权限 0600，默认位于数据库旁（<数据库>.key），\n"
             "或环境变量 CADRE_KEY 指定的位置；已存在时拒绝覆盖。主密钥只派生或封装数据密钥。\n"
             "status 列出密码配置、各数据密钥及其保护的字段与条数。\n"
             "rotate 生成新的数据密钥（以主密钥封装后存入数据库），分批重新加密全部加密字段；\n"
             "中断后再次运行从中断处继续；旧密钥停用但保留。\n"
             "profile gm 把 intl 数据库切换为国密配置（不可回退）：审计日志以重新锚定记录接续为 "
             "SM3 链。\n",
    .run = run,
};
