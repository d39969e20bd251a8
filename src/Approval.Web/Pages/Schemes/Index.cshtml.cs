using Approval.Core.Campaigns;
using Approval.Core.Schemes;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Schemes;

/// <summary>评星方案 (administrators): every scheme at its latest version, and which campaigns run on which version.</summary>
[Authorize]
public sealed class IndexModel(CurrentUser current, SchemeCatalog schemes, CampaignQueries campaigns) : PageModel
{
    public IReadOnlyList<RatingScheme> Schemes { get; private set; } = [];
    public ILookup<string, CampaignSummary> CampaignsByScheme { get; private set; } = Array.Empty<CampaignSummary>().ToLookup(c => c.SchemeKey);

    public async Task<IActionResult> OnGetAsync()
    {
        if (!(await current.GetAsync()).IsAdministrator) return StatusCode(StatusCodes.Status403Forbidden);
        await schemes.RefreshAsync();
        Schemes = schemes.All;
        CampaignsByScheme = (await campaigns.ListAsync()).ToLookup(c => c.SchemeKey);
        return Page();
    }
}
