/* password_policy.c — the rule a new password must meet. */
#include "core/password_policy.h"

#include <string.h>
#include <strings.h>

const char *password_policy_problem(const char *username, const char *password)
{
    size_t len = strlen(password);
    int lower = 0, upper = 0, digit = 0, other = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)password[i];
        if (c >= 'a' && c <= 'z')
            lower = 1;
        else if (c >= 'A' && c <= 'Z')
            upper = 1;
        else if (c >= '0' && c <= '9')
            digit = 1;
        else
            other = 1;
    }
    if (len < 10)
        return "密码至少需要 10 个字符";
    if (lower + upper + digit + other < 3)
        return "密码需包含大写字母、小写字母、数字、符号中的至少三类";
    if (username && strcasecmp(username, password) == 0)
        return "密码不能与用户名相同";
    return NULL;
}
