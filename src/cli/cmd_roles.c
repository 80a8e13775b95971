/* cmd_roles.c — `cadre roles`: the permission table (role × permission),
 * printed or as JSON. */
#include <jansson.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "core/roles.h"

/* The permission table as JSON: what the API test of every route × role
 * × scope derives its expectations from. */
static void print_matrix_json(void)
{
    size_t n;
    const struct role_info *roles = roles_all(&n);
    json_t *perms = json_array(), *role_list = json_array();
    for (int p = PERM_CODES_READ; p < PERM_COUNT; p++)
        json_array_append_new(perms, json_pack("{s:s, s:s}", "name", perm_name((enum perm)p),
                                               "label", perm_label((enum perm)p)));
    for (size_t r = 0; r < n; r++) {
        json_t *held = json_array();
        for (int p = 0; p < PERM_COUNT; p++)
            if (roles_allows(roles[r].role, (enum perm)p))
                json_array_append_new(held, json_string(perm_name((enum perm)p)));
        json_array_append_new(role_list,
                              json_pack("{s:s, s:s, s:b, s:o}", "name", roles[r].name, "label",
                                        roles[r].label, "always_scoped",
                                        roles_always_scoped(roles[r].role), "permissions", held));
    }
    json_t *o = json_pack("{s:o, s:o}", "roles", role_list, "permissions", perms);
    char *s = json_dumps(o, JSON_INDENT(2));
    printf("%s\n", s);
    free(s);
    json_decref(o);
}

static int run(struct cli *cli)
{
    /* --matrix is the default layout, accepted for the scripts that say it. */
    if (cli_flag(cli, "json")) {
        print_matrix_json();
        return EXIT_OK;
    }
    size_t n;
    const struct role_info *roles = roles_all(&n);
    printf("%-18s", "权限");
    for (size_t r = 0; r < n; r++)
        printf(" %-10s", roles[r].name);
    printf("\n");
    for (int p = PERM_CODES_READ; p < PERM_COUNT; p++) {
        printf("%-18s", perm_name((enum perm)p));
        for (size_t r = 0; r < n; r++)
            printf(" %-10s", roles_allows(roles[r].role, (enum perm)p) ? "是" : "-");
        printf("  %s\n", perm_label((enum perm)p));
    }
    printf("\n角色: ");
    for (size_t r = 0; r < n; r++)
        printf("%s%s=%s", r ? ", " : "", roles[r].name, roles[r].label);
    printf("\n处室负责人（unit_"
           "head）只在所负责单位及下级单位内有效，干部本人（self）只及账号关联的本人；"
           "其他角色可按单位限定（--unit）。处分记录的新增、修改、删除需 punishments.write。\n");
    return EXIT_OK;
}

const struct command cmd_roles_entry = {
    .name = "roles",
    .summary = "列出角色与权限",
    .forms = (const struct cli_form[]){{.options =
                                            (const struct cli_option[]){
                                                {"matrix", 0, NULL, "打印权限表（默认）"},
                                                {"json", 0, NULL, "输出 JSON"},
                                                {0},
                                            }},
                                       {0}},
    .about = "打印权限表（角色 × 权限）；--json 输出机器可读的表（角色、权限、\n"
             "各角色持有的权限、处分等记录类别所需的权限）。\n",
    .no_db = true,
    .run = run,
};
