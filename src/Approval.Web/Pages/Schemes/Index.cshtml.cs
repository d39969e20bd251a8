using Approval.Core.Campaigns;
using Approval.Core.Schemes;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Schemes;

/// <summary>评星方案 (administrators): every scheme at its latest version, and which campaigns run on which version.</summary>
public sealed class IndexModel(CurrentUser current, SchemeCatalog schemes, CampaignQueries campaigns) : AdminPage(current)
{
    public IReadOnlyList<RatingScheme> Schemes { get; private set; } = [];
    public ILookup<string, CampaignSummary> CampaignsByScheme { get; private set; } = Array.Empty<CampaignSummary>().ToLookup(c => c.SchemeKey);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        await schemes.RefreshAsync();
        Schemes = schemes.All;
        CampaignsByScheme = (await campaigns.ListAsync()).ToLookup(c => c.SchemeKey);
        return Page();
    }
}
