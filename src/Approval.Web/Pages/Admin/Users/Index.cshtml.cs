using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Admin.Users;

/// <summary>用户管理: every account with its roles and state, searchable by login, name or email, 50 a page.</summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IndexModel(UserAdministration admin, OrgStore orgs) : PageModel
{
    private const int PageSize = 50;

    [FromQuery(Name = "q")] public string? Search { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<UserSummary> Users { get; private set; } = [];
    public IReadOnlyDictionary<string, string> OrgNames { get; private set; } = new Dictionary<string, string>();
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync()
    {
        PageNumber = Math.Clamp(PageNumber, 1, 100_000);
        (Users, Total) = await admin.ListAsync(Search, (PageNumber - 1) * PageSize, PageSize);
        OrgNames = await orgs.NamesAsync(Users.SelectMany(u => u.Roles).Select(r => r.OrgId));
    }

    public string Link(int page) =>
        "/admin/users?" + (string.IsNullOrWhiteSpace(Search) ? "" : $"q={Uri.EscapeDataString(Search)}&") + $"page={page}";
}
