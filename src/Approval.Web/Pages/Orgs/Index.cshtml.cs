using Approval.Core.Ledger;
using Approval.Core.Orgs;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Orgs;

/// <summary>The organizations the user's roles cover, as a tree, with each one's current stars.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(CurrentUser current, OrgStore orgs, RatingsLedger ledger) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    public IReadOnlyList<Organization> Orgs { get; private set; } = [];
    public IReadOnlyDictionary<string, int?> Levels { get; private set; } = new Dictionary<string, int?>();

    public async Task OnGetAsync()
    {
        var scope = await orgs.ListScopeAsync(await current.GetAsync(), limit: 2000);
        Orgs = string.IsNullOrWhiteSpace(Search) ? scope : scope.Where(o => o.Name.Contains(Search.Trim(), StringComparison.Ordinal)).ToList();
        Levels = await ledger.CurrentOrgLevelsAsync(Orgs.Select(o => o.Id));
    }
}
