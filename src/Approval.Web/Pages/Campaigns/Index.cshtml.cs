using Approval.Core.Campaigns;
using Approval.Core.Orgs;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Campaigns;

/// <summary>The campaigns, newest year first; administrators start new ones from here.</summary>
[Authorize]
public sealed class IndexModel(CurrentUser current, CampaignQueries campaigns, OrgStore orgs) : PageModel
{
    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];
    public IReadOnlyDictionary<string, string> OrgNames { get; private set; } = new Dictionary<string, string>();
    public bool CanStart { get; private set; }

    public async Task OnGetAsync()
    {
        CanStart = (await current.GetAsync()).IsAdministrator;
        Campaigns = await campaigns.ListAsync();
        OrgNames = await orgs.NamesAsync(Campaigns.Select(c => c.RootOrgId));
    }
}
