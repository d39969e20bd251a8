using Approval.Core;
using Approval.Core.Campaigns;
using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Engine;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Campaigns;

/// <summary>
/// 发起评星活动 (administrators): scheme, year, the root organization, the optional 复审 organization and the calendar.
/// The calendar starts as the year's defaults; any date changed here replaces the default, and the whole calendar is
/// checked before anything starts.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class NewModel(CurrentUser current, CampaignService campaigns, SchemeCatalog schemes, OrgStore orgs, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? SchemeKey { get; set; }
    [BindProperty] public int? Year { get; set; }
    [BindProperty] public string? RootOrgId { get; set; }
    [BindProperty] public string? ReviewOrgId { get; set; }
    [BindProperty] public Dictionary<string, DateTime?> Dates { get; set; } = [];
    [BindProperty] public int? NoticeDays { get; set; }

    public IReadOnlyList<RatingScheme> Schemes => schemes.All;
    public IReadOnlyList<Organization> Orgs { get; private set; } = [];
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    /// <summary>How many organizations and members each scheme would rate under the chosen organization.</summary>
    public IReadOnlyDictionary<string, RatedCounts> Counts { get; private set; } = new Dictionary<string, RatedCounts>();

    /// <summary>The calendar's dates the form lets an administrator move, with their labels.</summary>
    public static readonly (string Key, string Zh, string En)[] DateFields =
    [
        ("confirmDue", "分类定星确认截止", "Stars confirmed by"), ("pledgeDue", "公开承诺截止", "Pledges due"),
        ("pledgeReviewDue", "承诺审核截止", "Pledge review due"), ("yearEndOpens", "年终评星开始", "Year-end rating opens"),
        ("selfEvaluationDue", "自评截止", "Self-evaluation due"), ("voteDue", "民主测评截止", "Vote due"), ("assessmentDue", "上级考评截止", "Assessment due"),
    ];

    public async Task<IActionResult> OnGetAsync()
    {
        Year ??= clock.GetUtcNow().ToOffset(CampaignCalendar.Offset).Year;
        Name ??= T($"{Year}年度星级创建", $"Star rating {Year}");
        SchemeKey ??= Schemes.FirstOrDefault()?.Key;
        var defaults = CampaignCalendar.Default(Year.Value, clock.GetUtcNow());
        foreach (var (key, _, _) in DateFields) Dates[key] = DateOf(defaults, key).ToOffset(CampaignCalendar.Offset).DateTime;
        NoticeDays ??= 7;
        Orgs = await orgs.ListScopeAsync(await current.GetAsync());
        RootOrgId ??= Orgs.FirstOrDefault()?.Id;
        Counts = await campaigns.PreviewAsync(RootOrgId);
        return Page();
    }

    /// <summary>The counts again when the administrator picks another organization (htmx, nothing starts).</summary>
    public async Task<IActionResult> OnGetCountsAsync(string? rootOrgId, string? schemeKey)
    {
        (Counts, SchemeKey) = (await campaigns.PreviewAsync(rootOrgId), schemeKey);
        return Partial("_RatedCounts", this);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await current.GetAsync();
        Orgs = await orgs.ListScopeAsync(user);
        var problems = new List<Problem>();
        if (NoticeDays is not (>= 1 and <= 30)) problems.Add(new(FieldCodes.OutOfRange, "noticeDays", "公示期须为1至30天 / the notice period must be 1 to 30 days."));
        CampaignCalendar? calendar = null;
        if (Year is { } year and >= 2000 and <= 2100)
        {
            var defaults = CampaignCalendar.Default(year, clock.GetUtcNow());
            calendar = defaults with
            {
                ConfirmDue = Moved(defaults.ConfirmDue, "confirmDue"), PledgeDue = Moved(defaults.PledgeDue, "pledgeDue"),
                PledgeReviewDue = Moved(defaults.PledgeReviewDue, "pledgeReviewDue"), YearEndOpens = Moved(defaults.YearEndOpens, "yearEndOpens"),
                SelfEvaluationDue = Moved(defaults.SelfEvaluationDue, "selfEvaluationDue"), VoteDue = Moved(defaults.VoteDue, "voteDue"),
                AssessmentDue = Moved(defaults.AssessmentDue, "assessmentDue"),
                NoticePeriod = NoticeDays is { } days ? $"P{days}D" : defaults.NoticePeriod,
            };
        }
        if (problems.Count == 0)
        {
            var (id, started) = await campaigns.StartAsync(new NewCampaign(Name, SchemeKey, Year, Blank(RootOrgId), Blank(ReviewOrgId), calendar), user.Login);
            if (id is not null)
            {
                TempData["flash"] = T("评星活动已发起，请在待办中完成分类定星确认。", "The campaign has started; confirm its stars in your inbox.");
                return Redirect("/campaigns");
            }
            problems.AddRange(started);
        }
        Problems = problems;
        Counts = await campaigns.PreviewAsync(Blank(RootOrgId));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private DateTimeOffset Moved(DateTimeOffset fallback, string key) => Dates.TryGetValue(key, out var d) && d is { } date ? FromLocal(date) : fallback;

    private static DateTimeOffset DateOf(CampaignCalendar c, string key) => key switch
    {
        "confirmDue" => c.ConfirmDue, "pledgeDue" => c.PledgeDue, "pledgeReviewDue" => c.PledgeReviewDue, "yearEndOpens" => c.YearEndOpens,
        "selfEvaluationDue" => c.SelfEvaluationDue, "voteDue" => c.VoteDue, _ => c.AssessmentDue,
    };


    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    public string? Error(string field) => FieldError(Problems, field);
}
