using Approval.Core.Campaigns;
using Approval.Core.Ledger;
using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Orgs;

/// <summary>
/// An organization's page: its ratings ledger (current stars of the organization and its members) and the history
/// of its own rating; the organization department above can open a re-check (复检), the discipline inspection can
/// record a case, which opens one too.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class OrgModel(CurrentUser current, OrgStore orgs, RatingsLedger ledger, TaskAccess access, CampaignService campaigns,
    Core.Users.UserStore users, Core.Ratings.AbsenceEventStore absences, TimeProvider clock) : PageModel
{
    public Organization Org { get; private set; } = null!;
    public IReadOnlyList<Organization> Children { get; private set; } = [];
    public IReadOnlyList<RatingEntry> History { get; private set; } = [];
    public IReadOnlyList<RatingEntry> Current { get; private set; } = [];
    public IReadOnlyDictionary<string, string> MemberNames { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> OrgNames { get; private set; } = new Dictionary<string, string>();
    /// <summary>The approvers' names by login.</summary>
    public IReadOnlyDictionary<string, string> PeopleNames { get; private set; } = new Dictionary<string, string>();
    public bool CanRecheck { get; private set; }
    /// <summary>The year whose absences are listed (the current one).</summary>
    public int Year { get; private set; }
    /// <summary>The owner's meetings, trainings and tasks the organization missed this year: what Scheme C deducts for.</summary>
    public IReadOnlyList<Core.Ratings.AbsenceEvent> Absences { get; private set; } = [];
    [BindProperty] public string? AbsenceKind { get; set; }
    [BindProperty] public string? AbsenceDate { get; set; }
    [BindProperty] public string? AbsenceNote { get; set; }
    public bool CanRecordCase { get; private set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? CaseSummary { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostRecheckAsync(string id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (!CanRecheck) return StatusCode(StatusCodes.Status403Forbidden);
        var user = await current.GetAsync();
        var (instanceId, problems) = await campaigns.StartRecheckAsync(new NewRecheck(id, Reason, null), null, user.Login);
        if (instanceId is not null)
        {
            TempData["flash"] = T("已发起复检，核查任务已发送。", "The re-check was opened and its inspection task sent.");
            return Redirect($"/orgs/{id}");
        }
        Error = JoinProblems(problems);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostCaseAsync(string id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (!CanRecordCase) return StatusCode(StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(CaseSummary) || CaseSummary.Trim().Length > 2000)
        {
            Error = T("请填写案件摘要（2000字以内）。", "A case summary of at most 2,000 characters is required.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var user = await current.GetAsync();
        var (instanceId, problems) = await campaigns.StartRecheckAsync(new NewRecheck(id, "纪律案件 / discipline case", CaseSummary.Trim()), null, user.Login);
        if (instanceId is null)
        {
            Error = JoinProblems(problems);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["flash"] = T("案件已登记，并已自动发起复检。", "The case was recorded and a re-check opened.");
        return Redirect($"/orgs/{id}");
    }

    /// <summary>登记缺席: the organization department above records a missed meeting, training or task with its date.</summary>
    public async Task<IActionResult> OnPostAbsenceAsync(string id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (!CanRecheck) return StatusCode(StatusCodes.Status403Forbidden);
        var user = await current.GetAsync();
        var (recorded, problems) = await absences.RecordAsync(new(id, AbsenceKind, AbsenceDate, AbsenceNote), user.Login);
        if (recorded is null)
        {
            Error = JoinProblems(problems);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["flash"] = T("已登记。", "Recorded.");
        return Redirect($"/orgs/{id}#absences");
    }

    private async Task<IActionResult?> LoadAsync(string id)
    {
        var user = await current.GetAsync();
        if (await orgs.GetAsync(id) is not { } org) return NotFound();
        if (!access.Sees(user, org.Id, Roles.All.ToArray())) return StatusCode(StatusCodes.Status403Forbidden);
        Org = org;
        Children = await orgs.ListChildrenAsync(id);
        History = await ledger.HistoryAsync("organization", id);
        Current = await ledger.CurrentForOrgAsync(id);
        MemberNames = (await orgs.ListMembersAsync(id)).ToDictionary(m => m.Id, m => m.Name);
        OrgNames = await orgs.NamesAsync(History.SelectMany(h => h.Approvals).Select(a => a.OrgId));
        Year = clock.GetUtcNow().ToOffset(CampaignCalendar.Offset).Year;
        Absences = await absences.ListAsync(id, Year);
        PeopleNames = await users.NamesAsync(History.SelectMany(h => h.Approvals).Select(a => a.By).Concat(Absences.Select(a => a.RecordedBy)));
        CanRecheck = org.ParentId is not null && access.Holds(user, org.ParentId, Roles.OrgDepartment);
        CanRecordCase = access.Holds(user, org.Id, Roles.Discipline);
        return null;
    }
}
