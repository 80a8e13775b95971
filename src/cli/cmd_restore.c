/* cmd_restore.c — `cadre restore`: replaces the database by a checked copy
 * of a backup (integrity, version, audit chain, the key file it needs), atomically, and only while
 * no server uses it. */
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "store/audit.h"
#include "store/crypto.h"
#include "store/store.h"
#include "util/err.h"
#include "util/secret.h"
#include "util/xmalloc.h"

static int copy_file(const char *from, const char *to_path, int to_fd)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return ERR_IO;
    char buf[65536];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(to_fd, buf, (size_t)n) != n) {
            rc = ERR_IO;
            break;
        }
    if (n < 0 || fsync(to_fd) != 0)
        rc = ERR_IO;
    close(in);
    (void)to_path;
    return rc;
}

/* Checks the copy at `path`: integrity, schema version (older ones are
 * migrated), the audit chain; then records the restore in its audit log. */
/* Whether the key file of `db_url` is the one the backup's sealed fields
 * and wrapped data keys need: a backup carries the master key's check value
 * and the data key ids, never a key. Sets `*why` when it is missing or
 * another one. */
static void check_key(struct db *db, const char *db_url, char **why)
{
    char *path = secret_key_path(db_url);
    struct secret_key *master = NULL;
    int rc = secret_key_load(path, &master);
    bool needs = false, matches = false;
    if (crypto_key_expected(db, rc == 0 ? master : NULL, &needs, &matches) < 0)
        *why = xasprintf("无法读取备份的密钥记录");
    else if (needs && rc < 0)
        *why =
            xasprintf("备份中的加密字段与数据密钥需要原主密钥文件，但 %s %s；"
                      "请把备份时的密钥文件放回该位置（或以 CADRE_KEY 指定）后再恢复",
                      path, rc == ERR_NOT_FOUND ? "不存在" : "无法读取（须为 32 字节、权限 0600）");
    else if (needs && !matches)
        *why =
            xasprintf("密钥文件 %s 不是该备份的主密钥（校验值不同），用它恢复后加密字段将无法解密；"
                      "请使用备份时的密钥文件",
                      path);
    secret_key_free(master);
    free(path);
}

static int check_restored(const char *path, const char *from, const char *db_url, char **why)
{
    struct db *db = NULL;
    char *msg = NULL;
    *why = NULL;
    if (db_open(path, &db, &msg) < 0) {
        *why = xasprintf("无法打开备份文件：%s", msg ? msg : "");
        free(msg);
        return ERR_INVALID;
    }
    long long version = 0;
    char *problem = NULL;
    if (store_check(db, &version, &problem) < 0) {
        *why = xasprintf("%s", problem);
        free(problem);
    }
    if (!*why && version > store_schema_version())
        *why = xasprintf("备份的数据库版本 %lld 高于本程序支持的版本 %d", version,
                         store_schema_version());
    if (!*why && version < store_schema_version() && store_migrate(db, &msg) < 0) {
        *why = xasprintf("无法把备份升级到当前版本：%s", msg ? msg : "");
        free(msg);
    }
    long long bad = 0;
    if (!*why && audit_verify(db, &bad) < 0)
        *why = xasprintf("备份的审计日志哈希链在第 %lld 条记录处断开，拒绝恢复", bad);
    if (!*why)
        check_key(db, db_url, why);
    if (!*why) {
        json_t *after =
            json_pack("{s:s, s:I}", "from", from, "schema_version", (json_int_t)version);
        if (cli_audit(db, "db.restore", "database", 0, after) < 0)
            *why = xasprintf("无法写入审计记录：%s", db_errmsg(db));
        json_decref(after);
    }
    /* Fold the WAL back in, so the file alone is the database. */
    if (!*why && db_checkpoint(db) < 0)
        *why = xasprintf("无法写入：%s", db_errmsg(db));
    db_close(db);
    return *why ? ERR_INVALID : 0;
}

static int run(struct cli *cli)
{
    const char *from = cli->operands[0];
    const char *target = cli->db_url;
    if (strncmp(target, "sqlite:", 7) == 0)
        target += 7;
    if (strstr(target, "://")) {
        fputs("cadre restore: 只能恢复 SQLite 数据库文件\n", stderr);
        return EXIT_FAIL;
    }
    if (access(from, R_OK) != 0) {
        fprintf(stderr, "cadre restore: 无法读取备份文件 %s\n", from);
        return EXIT_FAIL;
    }
    if (db_in_use(target)) {
        fprintf(stderr,
                "cadre restore: 数据库 %s 正被其他进程（如 cadre serve）使用，"
                "请先停止服务再恢复\n",
                target);
        return EXIT_FAIL;
    }
    /* Work on a copy beside the target, then rename it over: the database
     * is either the old one or the restored one, never half of each. */
    char *tmp = xasprintf("%s.restore-XXXXXX", target);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "cadre restore: 无法在数据库所在目录创建临时文件：%s\n", strerror(errno));
        free(tmp);
        return EXIT_FAIL;
    }
    fchmod(fd, 0600);
    int rc = copy_file(from, tmp, fd);
    close(fd);
    char *why = NULL;
    if (rc < 0)
        why = xasprintf("无法复制备份文件");
    else
        rc = check_restored(tmp, from, cli->db_url, &why);
    if (rc == 0 && db_in_use(target)) {
        why = xasprintf("数据库在恢复期间被其他进程打开，已放弃恢复");
        rc = ERR_CONFLICT;
    }
    if (rc == 0) {
        /* The old WAL and shared memory belong to the old file: left in
         * place they would be replayed onto the restored one. */
        const char *suffixes[] = {"-wal", "-shm"};
        for (size_t i = 0; i < 2; i++) {
            char *p = xasprintf("%s%s", target, suffixes[i]);
            unlink(p);
            free(p);
        }
        if (rename(tmp, target) != 0) {
            why = xasprintf("无法替换数据库文件：%s", strerror(errno));
            rc = ERR_IO;
        }
    }
    if (rc < 0) {
        const char *suffixes[] = {"", "-wal", "-shm"};
        for (size_t i = 0; i < 3; i++) {
            char *p = xasprintf("%s%s", tmp, suffixes[i]);
            unlink(p);
            free(p);
        }
        fprintf(stderr, "cadre restore: %s；数据库未作任何修改\n", why ? why : "恢复失败");
        free(why);
        free(tmp);
        return EXIT_FAIL;
    }
    /* Make the rename durable. */
    char *dir = xstrdup(target);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    int dfd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    free(dir);
    free(tmp);
    printf("已从 %s 恢复数据库 %s（完整性、版本与审计链均已校验）\n", from, target);
    return EXIT_OK;
}

const struct command cmd_restore_entry = {
    .name = "restore",
    .summary = "从备份恢复数据库（须先停止服务）",
    .forms = (const struct cli_form[]){{.operands = "备份文件"}, {0}},
    .about = "校验备份的完整性、数据库版本（较旧的会升级）与审计哈希链，\n"
             "然后以原子方式（同目录临时文件 + rename）替换数据库，并记入审计日志。\n"
             "服务（cadre serve）正在使用数据库时拒绝执行。\n",
    .run = run,
};
