using Approval.Core.Campaigns;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Stats;

/// <summary>
/// A campaign's statistics (organization departments covering its root, and administrators): star distribution with
/// the quota status, overdue tasks per organization, progress per step.
/// </summary>
[Authorize(Policy = Policies.OrgDepartment)]
public sealed class IndexModel(CurrentUser current, CampaignQueries campaigns, CampaignStatistics statistics, TaskAccess access, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Campaign { get; set; }
    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];
    public CampaignSummary? Selected { get; private set; }
    public CampaignStats? Stats { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await current.GetAsync();
        if (!user.IsAdministrator && !user.HasRole(Roles.OrgDepartment)) return StatusCode(StatusCodes.Status403Forbidden);
        Campaigns = (await campaigns.ListAsync()).Where(c => access.Sees(user, c.RootOrgId, Roles.OrgDepartment)).ToList();
        Selected = Campaign is null ? Campaigns.FirstOrDefault() : Campaigns.FirstOrDefault(c => c.Id == Campaign);
        if (Campaign is not null && Selected is null) return StatusCode(StatusCodes.Status403Forbidden);
        if (Selected is not null) Stats = await statistics.ForAsync(Selected, clock.GetUtcNow());
        return Page();
    }
}
