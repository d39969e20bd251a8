using Approval.Core;
using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Admin.Users;

/// <summary>
/// One account (<c>/admin/users/new</c> creates one): name, email and roles; disable or enable; a password reset to a
/// one-time password; removing a lost second factor; API tokens issued (shown once) and revoked. Secrets are shown
/// in the answer to the post that made them, never stored or redirected through a cookie.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class UserModel(CurrentUser current, UserAdministration admin, OrgStore orgs, ApiTokenStore tokens, SecondFactor secondFactor) : PageModel
{
    public const int BlankRoleRows = 2;

    [FromRoute] public string Id { get; set; } = "";
    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public List<RoleRow> Roles { get; set; } = [];
    [BindProperty] public string? TokenName { get; set; }
    [BindProperty] public int TokenDays { get; set; } = ApiTokenStore.DefaultDays;

    public bool IsNew => Id == "new";
    public UserSummary? Account { get; private set; }
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    /// <summary>A one-time password or a token just made: shown in this answer only.</summary>
    public (string Label, string Value)? Secret { get; private set; }

    public sealed class RoleRow
    {
        public string? Role { get; set; }
        public string? Org { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (!IsNew && !await LoadAsync()) return NotFound();
        if (Account is { } a) (Login, DisplayName, Email) = (a.Login, a.DisplayName, a.Email);
        Roles = await RowsAsync(Account?.Roles ?? []);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync()
    {
        if (!IsNew && !await LoadAsync()) return NotFound();
        var (grants, problems) = await GrantsAsync();
        var draft = new UserDraft(IsNew ? Login : Account!.Login, DisplayName, Email, grants);
        problems.AddRange(await admin.CheckAsync(draft, IsNew ? null : Id));
        if (problems.Count == 0 && IsNew)
        {
            var (user, _) = await admin.CreateAsync(draft, await ActorAsync());
            TempData["flash"] = T($"已创建用户“{user.DisplayName}”。请为其重置密码（一次性密码）或签发 API 令牌。",
                $"User '{user.DisplayName}' created. Reset their password (one-time) or issue an API token.");
            return Redirect($"/admin/users/{user.Id}");
        }
        if (problems.Count == 0) problems.AddRange(await admin.UpdateAsync(Id, draft, await ActorAsync()));
        if (problems.Count > 0)
        {
            Problems = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            while (Roles.Count(r => string.IsNullOrEmpty(r.Role)) < BlankRoleRows) Roles.Add(new RoleRow());
            return Page();
        }
        TempData["flash"] = T("已保存。", "Saved.");
        return Redirect($"/admin/users/{Id}");
    }

    public async Task<IActionResult> OnPostDisableAsync() => await SetDisabledAsync(true);

    public async Task<IActionResult> OnPostEnableAsync() => await SetDisabledAsync(false);

    public async Task<IActionResult> OnPostResetPasswordAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var password = await admin.ResetPasswordAsync(Id, await ActorAsync());
        return await ShowAsync(T("一次性密码（仅显示这一次，请当面或电话告知本人；其登录后须立即设置新密码）",
            "One-time password (shown this once; tell the person directly; they must set a new one when they sign in)"), password);
    }

    public async Task<IActionResult> OnPostRemoveSecondFactorAsync()
    {
        if (!await LoadAsync()) return NotFound();
        await secondFactor.DisableAsync(Id, await ActorAsync());
        TempData["flash"] = T("已解除双重验证；该用户下次仅凭密码登录，可再自行开启。", "The second factor is removed; they sign in with the password and may set it up again.");
        return Redirect($"/admin/users/{Id}");
    }

    public async Task<IActionResult> OnPostIssueTokenAsync()
    {
        if (!await LoadAsync()) return NotFound();
        var (issued, token, problem) = await tokens.IssueAsync(Id, Account!.Login, TokenName, TokenDays, await ActorAsync());
        if (issued is not null)
            return await ShowAsync(T($"API 令牌“{issued.Name}”（仅显示这一次，{Date(issued.ExpiresAt)} 到期）",
                $"API token '{issued.Name}' (shown this once; expires {Date(issued.ExpiresAt)})"), token);
        Problems = [problem!];
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return await ShowAsync(null, null);
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(string tokenId)
    {
        if (!await LoadAsync()) return NotFound();
        TempData["flash"] = await tokens.RevokeAsync(Id, Account!.Login, tokenId, await ActorAsync())
            ? T("令牌已吊销，使用它的程序将无法再访问。", "The token is revoked; programs using it are refused from now on.")
            : T("该令牌已吊销或不存在。", "That token was already revoked or does not exist.");
        return Redirect($"/admin/users/{Id}");
    }

    public string? Error(string field) => FieldError(Problems, field);

    private async Task<IActionResult> SetDisabledAsync(bool disabled)
    {
        if (!await LoadAsync()) return NotFound();
        var problem = await admin.SetDisabledAsync(Id, disabled, await ActorAsync());
        TempData["flash"] = problem is not null ? Localize(problem.Message)
            : disabled ? T("账户已停用：其登录会话和 API 令牌立即失效。", "The account is disabled: its sessions and API tokens stop working now.")
            : T("账户已启用。", "The account is enabled.");
        return Redirect($"/admin/users/{Id}");
    }

    private async Task<IActionResult> ShowAsync(string? label, string? value)
    {
        await LoadAsync();
        if (label is not null) Secret = (label, value!);
        (Login, DisplayName, Email) = (Account!.Login, Account.DisplayName, Account.Email);
        Roles = await RowsAsync(Account.Roles);
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        if (IsNew || await admin.GetAsync(Id) is not { } account) return false;
        Account = account;
        Tokens = await tokens.ListAsync(Id);
        return true;
    }

    private async Task<Actor> ActorAsync() => RequestActor.Of(HttpContext, await current.GetAsync());

    /// <summary>The form's rows with organization names, and blank rows to add roles.</summary>
    private async Task<List<RoleRow>> RowsAsync(IReadOnlyList<RoleGrant> grants)
    {
        var names = await orgs.NamesAsync(grants.Select(g => g.OrgId));
        return [.. grants.Select(g => new RoleRow { Role = g.Role, Org = g.OrgId is null ? null : names.GetValueOrDefault(g.OrgId, g.OrgId) }),
            .. Enumerable.Range(0, BlankRoleRows).Select(_ => new RoleRow())];
    }

    /// <summary>Each filled row's organization, found by id or exact name; a name that is ambiguous asks for the id.</summary>
    private async Task<(List<RoleGrant> Grants, List<Problem> Problems)> GrantsAsync()
    {
        var grants = new List<RoleGrant>();
        var problems = new List<Problem>();
        foreach (var row in Roles.Take(UserAdministration.MaximumRoles + 1))
        {
            if (string.IsNullOrEmpty(row.Role)) continue;
            if (string.IsNullOrWhiteSpace(row.Org)) { grants.Add(new RoleGrant(row.Role, null)); continue; }
            var found = await orgs.FindByIdOrNameAsync(row.Org, 5);
            if (found.Count == 1) grants.Add(new RoleGrant(row.Role, found[0].Id));
            else problems.Add(new Problem(FieldCodes.UnknownReference, $"roles[{grants.Count}].orgId", found.Count == 0
                ? $"没有名为“{row.Org}”的组织 / no organization named '{row.Org}'."
                : $"有{found.Count}个组织名为“{row.Org}”，请填写组织编号（{string.Join("、", found.Select(o => o.Id))}） / several organizations are named '{row.Org}': give the id."));
        }
        return (grants, problems);
    }
}
