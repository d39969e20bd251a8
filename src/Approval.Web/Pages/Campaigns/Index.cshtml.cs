using Approval.Core.Campaigns;
using Approval.Core.Orgs;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Campaigns;

/// <summary>The campaigns the user takes part in, newest year first; administrators start new ones from here.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(CurrentUser current, CampaignQueries campaigns, OrgStore orgs, Core.Tasks.TaskAccess access) : PageModel
{
    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];
    public IReadOnlyDictionary<string, string> OrgNames { get; private set; } = new Dictionary<string, string>();
    public bool CanStart { get; private set; }

    public async Task OnGetAsync()
    {
        var user = await current.GetAsync();
        CanStart = user.IsAdministrator;
        Campaigns = (await campaigns.ListAsync()).Where(c => access.TakesPart(user, c.RootOrgId)).ToList();
        OrgNames = await orgs.NamesAsync(Campaigns.Select(c => c.RootOrgId));
    }
}
