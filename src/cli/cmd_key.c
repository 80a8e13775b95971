/* cmd_key.c — `cadre key init|status|rotate|purge|profile`: the key file
 * (the master key) and its rotation, what each data key protects, key
 * rotation and purging, and the switch to the gm (国密) profile.
 * docs/crypto.md. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/crypto.h"
#include "store/rowmac.h"
#include "store/store.h"
#include "util/err.h"
#include "util/secret.h"
#include "util/xmalloc.h"

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

/* The Chinese name of a key purpose, for status and purge. */
static const char *purpose_label(enum secret_purpose p)
{
    switch (p) {
    case SECRET_SEAL:
        return "加密字段";
    case SECRET_ROWMAC:
        return "行完整性校验值";
    case SECRET_PASSWORD:
        return "口令校验值";
    default:
        return "审计重新锚定";
    }
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
    long long rotating = 0, carried = 0;
    int rc = crypto_status(db, keys, 64, &nkeys, uses, 128, &nuses);
    if (rc == 0)
        rc = db_query_int(db, "SELECT count(*) FROM crypto_rotation", &rotating, 0);
    if (rc == 0)
        rc = db_query_int(db, "SELECT count(*) FROM crypto_k0", &carried, 0);
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
    printf("主密钥校验值：%s（主密钥只用于派生与封装数据密钥；cadre key rotate --master 可轮换）\n",
           cv);
    printf("当前数据密钥：k%d\n", secret_ring_active(master));
    if (gm)
        printf("当前行完整性密钥：k%d；当前口令密钥：k%d\n",
               secret_ring_active_for(master, SECRET_ROWMAC),
               secret_ring_active_for(master, SECRET_PASSWORD));
    if (rotating && gm)
        printf("密钥轮换未完成：正在轮换到 k%d（加密字段）与 k%d（行完整性校验值），"
               "再次运行 cadre key rotate 可继续\n",
               secret_ring_active(master), secret_ring_active_for(master, SECRET_ROWMAC));
    else if (rotating)
        printf("密钥轮换未完成：正在轮换到 k%d，再次运行 cadre key rotate 可继续\n",
               secret_ring_active(master));
    if (carried)
        printf("k0：各用途的 k0 由先前的主密钥派生，主密钥轮换后以现主密钥封装保存\n");
    else
        printf("k0：由主密钥派生，不存储\n");
    for (size_t i = 0; i < nkeys; i++)
        printf("k%d（%s）：创建于 %s%s%s\n", keys[i].id, purpose_label(keys[i].purpose),
               keys[i].created_at, keys[i].retired_at[0] ? "，已停用于 " : "，使用中",
               keys[i].retired_at);
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

/* The retired name of the old master key file: beside it, named by its
 * check value. Returns owned text. */
static char *retired_path(const char *path, const struct secret_key *old)
{
    char cv[17];
    secret_check_value(old, cv);
    return xasprintf("%s.retired-%s", path, cv);
}

/* Puts the new key file in place once the database expects it: the old
 * one is kept under its retired name (backups made before need it), the
 * new one takes the key file's name. Each step can be repeated. */
static int swap_key_files(const char *path, const char *fresh, const char *retired)
{
    if (access(retired, F_OK) != 0 && link(path, retired) != 0)
        return -1;
    return rename(fresh, path);
}

/* `cadre key rotate --master`: a new key file `<key>.new`, every data key
 * re-wrapped under it in one transaction, then the files swapped. Killed
 * between the commit and the swap, the next run sees the database expect
 * the new file and finishes the swap; killed before the commit, it throws
 * the unused new file away and starts again. */
static int rotate_master(struct cli *cli)
{
    struct secret_key *master = NULL;
    char *path = key_path(cli);
    char *fresh = xasprintf("%s.new", path);
    struct secret_key *next = NULL;
    int status = EXIT_FAIL;
    if (secret_key_load(fresh, &next) == 0) {
        /* A run before stopped: which file does the database expect? (Opened
         * without loading a key file: it may expect the new one already.) */
        struct db *db = NULL;
        char *msg = NULL;
        bool needs = false, matches = false;
        int rc = store_open(cli->db_url, false, &db, &msg);
        if (rc == 0)
            rc = crypto_key_expected(db, next, &needs, &matches);
        else
            fprintf(stderr, "cadre: %s\n", msg ? msg : "无法打开数据库");
        free(msg);
        db_close(db);
        if (rc < 0)
            goto done;
        if (matches) {
            struct secret_key *old = NULL;
            char *retired = NULL;
            if (secret_key_load(path, &old) == 0)
                retired = retired_path(path, old);
            secret_key_free(old);
            if (!retired || swap_key_files(path, fresh, retired) != 0) {
                fprintf(stderr, "cadre key rotate: 无法把新主密钥 %s 换入 %s：%s\n", fresh, path,
                        strerror(errno));
                free(retired);
                goto done;
            }
            printf("上次中断的主密钥轮换已完成：新主密钥为 %s，旧主密钥改名为 %s\n", path, retired);
            free(retired);
            status = EXIT_OK;
            goto done;
        }
        unlink(fresh); /* the run before stopped ahead of its commit */
        secret_key_free(next);
        next = NULL;
    }
    struct db *db = open_with_keys(cli, &master);
    if (!db)
        goto done;
    int rc = secret_key_create(fresh);
    if (rc == 0)
        rc = secret_key_load(fresh, &next);
    if (rc < 0) {
        fprintf(stderr, "cadre key rotate: 无法写入新主密钥 %s：%s\n", fresh, strerror(errno));
        db_close(db);
        goto done;
    }
    const char *why = NULL;
    rc = crypto_rotate_master(db, master, next, &why);
    db_close(db);
    if (rc < 0) {
        unlink(fresh);
        fprintf(stderr, "cadre key rotate: 未轮换主密钥：%s\n", why ? why : "无法写入数据库");
        goto done;
    }
    /* The crash test: committed, the files not yet swapped. */
    if (getenv("CADRE_TEST_MASTER_KILL"))
        raise(SIGKILL);
    char *retired = retired_path(path, master);
    if (swap_key_files(path, fresh, retired) != 0) {
        fprintf(stderr,
                "cadre key rotate: 数据库已改用新主密钥 %s，但无法换入 %s（%s）；"
                "再次运行 cadre key rotate --master 完成\n",
                fresh, path, strerror(errno));
        free(retired);
        goto done;
    }
    printf("已轮换主密钥：数据密钥已用新主密钥 %s 重新封装，各用途的 k0 已带入；\n"
           "旧主密钥改名为 %s，之前的备份仍需要它，不再需要时请销毁。\n"
           "正在运行的服务须重新启动。\n",
           path, retired);
    free(retired);
    status = EXIT_OK;
done:
    secret_key_free(next);
    secret_key_free(master);
    free(fresh);
    free(path);
    return status;
}

static int key_rotate(struct cli *cli)
{
    if (cli_flag(cli, "master"))
        return rotate_master(cli);
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
    struct crypto_rotate_result r;
    long long adopted = 0;
    if (rowmac_adopt(db, &adopted) < 0) {
        fprintf(stderr, "cadre key rotate: 无法写入数据库：%s\n", db_errmsg(db));
        db_close(db);
        secret_key_free(master);
        return EXIT_FAIL;
    }
    int rc = crypto_rotate(db, master, batch, stop ? atoi(stop) : 0, rotate_progress, NULL, &r);
    if (rc < 0) {
        fprintf(stderr, "cadre key rotate: 轮换中断（%s）；已完成的批次已保存，再次运行可继续\n",
                rc == ERR_INVALID ? "有字段无法用现有密钥解密" : db_errmsg(db));
    } else {
        printf("已轮换到数据密钥 k%d：重新加密 %lld 项；旧密钥已停用（仍保留以读取遗留数据）\n",
               r.to_key[SECRET_SEAL], r.resealed);
        if (r.to_key[SECRET_ROWMAC])
            printf(
                "行完整性校验值改用 k%d：%lld 组；口令校验值改用 k%d（各用户下次登录时重新绑定）\n",
                r.to_key[SECRET_ROWMAC], r.remaced, r.to_key[SECRET_PASSWORD]);
        if (r.kept)
            printf("有 %lld 组校验值仍在旧密钥下：与记录不符的保留作为证据（运行 cadre "
                   "verify-data 查看），运行中的服务新写的在下次轮换时移动\n",
                   r.kept);
    }
    db_close(db);
    secret_key_free(master);
    return rc < 0 ? EXIT_FAIL : EXIT_OK;
}

static int key_purge(struct cli *cli)
{
    struct secret_key *master = NULL;
    struct db *db = open_with_keys(cli, &master);
    if (!db)
        return EXIT_FAIL;
    struct crypto_purge_item items[256];
    size_t n = 0;
    int rc = crypto_purge(db, items, 256, &n);
    db_close(db);
    secret_key_free(master);
    if (rc == ERR_CONFLICT) {
        fputs("cadre key purge: 密钥轮换尚未完成：先再次运行 cadre key rotate 完成它\n", stderr);
        return EXIT_FAIL;
    }
    if (rc < 0) {
        fputs("cadre key purge: 无法写入数据库，未销毁任何密钥\n", stderr);
        return EXIT_FAIL;
    }
    int refused = 0;
    for (size_t i = 0; i < n; i++) {
        if (items[i].purged) {
            printf("已销毁 k%d（%s）", items[i].id, purpose_label(items[i].purpose));
            if (items[i].history)
                printf("，连同 %lld 条以它绑定的历史口令", items[i].history);
            putchar('\n');
        } else {
            printf("保留 k%d（%s）：仍有 %lld 项使用它%s\n", items[i].id,
                   purpose_label(items[i].purpose), items[i].uses,
                   items[i].purpose == SECRET_PASSWORD ? "（这些用户下次登录后可销毁）"
                                                       : "（先运行 cadre key rotate）");
            refused++;
        }
    }
    if (!n)
        printf("没有已停用的数据密钥\n");
    return refused ? EXIT_FAIL : EXIT_OK;
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
    if (cli_verb(cli, "purge"))
        return key_purge(cli);
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
                     {"master", 0, NULL, "轮换主密钥（重新封装全部数据密钥）"},
                     {0},
                 }},
            {.verb = "purge", .options = key_option},
            {.verb = "profile", .operands = "gm|intl", .options = key_option},
            {0},
        },
    .about = "init 生成 32 字节随机主密钥，权限 0600，默认位于数据库旁（<数据库>.key），\n"
             "或环境变量 CADRE_KEY 指定的位置；已存在时拒绝覆盖。主密钥只派生或封装数据密钥。\n"
             "status 列出密码配置、各数据密钥及其保护的字段与条数。\n"
             "rotate 为加密字段、行完整性校验值与口令校验值各生成新的数据密钥（以主密钥封装后\n"
             "存入数据库），分批重新加密全部加密字段、重算仍相符的行校验值；口令在用户下次登录时\n"
             "重新绑定；中断后再次运行从中断处继续；旧密钥停用但保留。\n"
             "rotate --master 生成新的主密钥文件，以它重新封装全部数据密钥并带入各用途的 k0；\n"
             "旧密钥文件改名保留（之前的备份需要它）。中断后再次运行可完成。\n"
             "purge 销毁已停用且不再被任何数据使用的数据密钥；仍被使用的保留并给出条数。\n"
             "profile gm 把 intl 数据库切换为国密配置（不可回退）：审计日志以重新锚定记录接续为 "
             "SM3 链。\n",
    .run = run,
};
