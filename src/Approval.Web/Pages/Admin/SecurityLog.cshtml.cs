using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Admin;

/// <summary>安全日志: the append-only log, newest first, by kind and login, 100 a page (keyset: "earlier" follows the last id).</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class SecurityLogModel(SecurityLog log) : PageModel
{
    public const int PageSize = 100;

    [FromQuery(Name = "kind")] public string? Kind { get; set; }
    [FromQuery(Name = "login")] public string? Login { get; set; }
    [FromQuery(Name = "before")] public long? Before { get; set; }
    public IReadOnlyList<SecurityEvent> Events { get; private set; } = [];

    public async Task OnGetAsync()
    {
        if (Kind is not null && !SecurityLog.Kinds.All.Contains(Kind)) Kind = null;
        Login = string.IsNullOrWhiteSpace(Login) ? null : Login.Trim();
        Events = await log.PageAsync(Kind, Login, Before, PageSize);
    }

    public string Link(long? before) =>
        "/admin/security-log?" + string.Join("&", new[]
        {
            Kind is null ? null : $"kind={Kind}", Login is null ? null : $"login={Uri.EscapeDataString(Login)}", before is null ? null : $"before={before}",
        }.OfType<string>());

    public static string KindName(string kind) => kind switch
    {
        SecurityLog.Kinds.SignIn => T("登录", "Sign-in"),
        SecurityLog.Kinds.SignInFailed => T("登录失败", "Failed sign-in"),
        SecurityLog.Kinds.Lockout => T("账户锁定", "Lockout"),
        SecurityLog.Kinds.SignOut => T("退出", "Sign-out"),
        SecurityLog.Kinds.PasswordChanged => T("修改密码", "Password changed"),
        SecurityLog.Kinds.PasswordReset => T("重置密码", "Password reset"),
        SecurityLog.Kinds.UserCreated => T("新建用户", "User created"),
        SecurityLog.Kinds.UserChanged => T("修改用户", "User changed"),
        SecurityLog.Kinds.UserDisabled => T("停用账户", "User disabled"),
        SecurityLog.Kinds.UserEnabled => T("启用账户", "User enabled"),
        SecurityLog.Kinds.TokenIssued => T("签发令牌", "Token issued"),
        SecurityLog.Kinds.TokenRevoked => T("吊销令牌", "Token revoked"),
        SecurityLog.Kinds.SecondFactorEnabled => T("开启双重验证", "Second factor on"),
        SecurityLog.Kinds.SecondFactorDisabled => T("解除双重验证", "Second factor off"),
        SecurityLog.Kinds.AdministratorAction => T("管理员操作", "Administrator action"),
        _ => kind,
    };
}
