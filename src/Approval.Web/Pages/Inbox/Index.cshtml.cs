using Approval.Core.Campaigns;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Web.Auth;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Inbox;

/// <summary>
/// 待办 / 已办: the tasks the user may act on (or has done), filtered by campaign, organization, step and overdue,
/// sorted by due date, a page at a time.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(CurrentUser current, TaskQueries queries, CampaignQueries campaigns, OrgStore orgs, Database database, TimeProvider clock) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public string Tab { get; set; } = "todo";
    [BindProperty(SupportsGet = true)] public string? Campaign { get; set; }
    [BindProperty(SupportsGet = true)] public string? Org { get; set; }
    [BindProperty(SupportsGet = true)] public string? Step { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public string Sort { get; set; } = "due";
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public TaskPage Tasks { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];
    public IReadOnlyList<Organization> Orgs { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Steps { get; private set; } = [];
    public IReadOnlyDictionary<string, string> OrgNames { get; private set; } = new Dictionary<string, string>();
    public DateTimeOffset Now => clock.GetUtcNow();
    public bool Done => Tab == "done";
    public int Pages => Math.Max(1, (Tasks.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync()
    {
        var user = await current.GetAsync();
        Tab = Tab == "done" ? "done" : "todo";
        PageNumber = Math.Max(1, PageNumber);
        var filter = new TaskFilter(Status: Done ? "completed" : "open", OrgId: Blank(Org), Page: PageNumber, PageSize: PageSize)
        {
            CompletedBy = Done ? user.Login : null,
            CampaignId = Blank(Campaign),
            ElementId = Blank(Step),
            OverdueAt = Overdue && !Done ? Now : null,
            DueLatestFirst = Sort == "due-desc",
        };
        Tasks = await queries.ListAsync(user, filter);
        Campaigns = await campaigns.ListAsync();
        Orgs = await orgs.ListScopeAsync(user);
        Steps = await StepsAsync();
        OrgNames = await orgs.NamesAsync(Tasks.Items.Select(t => t.OrgId));
    }

    /// <summary>The steps that have tasks, by name, for the step filter.</summary>
    private async Task<IReadOnlyList<(string, string)>> StepsAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(string, string)>("select element_id, min(name) from tasks group by element_id order by min(name)")).ToList();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>This page's address with one parameter changed (tabs, sorting, paging keep the other filters).</summary>
    public string Link(string? tab = null, int? page = null, string? sort = null) =>
        Url.Page("/Inbox/Index", new
        {
            tab = tab ?? Tab, campaign = Campaign, org = Org, step = Step, overdue = Overdue ? "true" : null,
            sort = sort ?? Sort, p = page ?? (tab is null && sort is null ? PageNumber : 1),
        })!;
}
