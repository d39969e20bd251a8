using Approval.Core.Campaigns;
using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Inbox;

/// <summary>
/// 待办 / 已办: the tasks the user may act on (or has done), filtered by campaign, organization, step and overdue,
/// sorted by due date, a page at a time.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(CurrentUser current, TaskQueries queries, CampaignQueries campaigns, OrgStore orgs, TaskSteps steps, TimeProvider clock,
    TaskBatch batch, Core.Forms.FormCatalog forms,
    TaskAccess access, Core.Copies.CopyStore copyStore, Core.Delegations.DelegationStore delegations, Core.Users.UserStore users) : PageModel
{
    public const int PageSize = 20;
    /// <summary>
    /// The organization menu's length without a search: the top of the user's scope (a county's 20,000 would make
    /// every inbox page heavy, issue 15); the search reaches the rest.
    /// </summary>
    public const int MenuSize = 100;

    [BindProperty(SupportsGet = true)] public string Tab { get; set; } = "todo";
    [BindProperty(SupportsGet = true)] public string? Campaign { get; set; }
    [BindProperty(SupportsGet = true)] public string? Org { get; set; }
    /// <summary>Part of an organization's name: the organization menu lists the matches within the user's scope.</summary>
    [BindProperty(SupportsGet = true, Name = "orgq")] public string? OrgSearch { get; set; }
    [BindProperty(SupportsGet = true)] public string? Step { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    /// <summary>委托: only the tasks held for people away (代办).</summary>
    [BindProperty(SupportsGet = true)] public bool Delegated { get; set; }
    public bool ActsForOthers { get; private set; }
    [BindProperty(SupportsGet = true)] public string Sort { get; set; } = "due";
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;
    /// <summary>Where this page starts (keyset paging from the page before); without it the page is found by number.</summary>
    [BindProperty(SupportsGet = true)] public string? After { get; set; }

    public TaskPage Tasks { get; private set; } = new([], 0, 1, PageSize);
    public IReadOnlyList<CampaignSummary> Campaigns { get; private set; } = [];
    public IReadOnlyList<Organization> Orgs { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> Steps { get; private set; } = [];
    public IReadOnlyDictionary<string, string> OrgNames { get; private set; } = new Dictionary<string, string>();
    public DateTimeOffset Now => clock.GetUtcNow();
    public bool Done => Tab == "done";
    /// <summary>抄送我的: the copies to the user, newest first.</summary>
    public bool CopiesTab => Tab == "copies";
    public IReadOnlyList<Core.Copies.Copy> Copies { get; private set; } = [];
    public bool MoreCopies { get; private set; }
    public int UnreadCopies { get; private set; }
    /// <summary>委托 marks by task: "代 name" for a delegator's task the user holds, "已委托 name" for the user's own while away.</summary>
    public IReadOnlyDictionary<string, string> Marks { get; private set; } = new Dictionary<string, string>();
    /// <summary>People's names by login (copies' senders, delegates).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public int Pages => Math.Max(1, (Tasks.Total + PageSize - 1) / PageSize);
    public bool HasNext => Tasks.Next is not null && (Tasks.TotalCapped || PageNumber < Pages);

    /// <summary>批量审批's answer, shown above the list: what was done and what was refused, and why.</summary>
    public BatchCompletion? Batch { get; private set; }

    /// <summary>Tasks of one step (the step filter) can be approved together; a 前加签 opinion is given one at a time.</summary>
    public bool CanBatch => !Done && Blank(Step) is not null && Tasks.Items.Count > 1 && BatchOutcome is not null;

    /// <summary>The outcome a batch gives: its form's approval (同意), when the form has one.</summary>
    public string? BatchOutcome => Tasks.Items.Count == 0 || forms.For(Tasks.Items[0]) is not { } form ? null
        : form.Outcomes.FirstOrDefault(o => o is "approve" or "agree");

    public async Task OnPostBatchAsync(string[]? ids, string? batchOutcome, string? batchComment)
    {
        Batch = await batch.CompleteAsync(await current.GetAsync(), ids, batchOutcome, batchComment);
        After = null;
        await OnGetAsync();
    }

    public async Task OnGetAsync()
    {
        var user = await current.GetAsync();
        Tab = Tab is "done" or "copies" ? Tab : "todo";
        ActsForOthers = user.ActingFor.Count > 0;
        PageNumber = Math.Max(1, PageNumber);
        UnreadCopies = await copyStore.UnreadAsync(user.Login);
        if (CopiesTab)
        {
            var page = await copyStore.PageAsync(user.Login, PageNumber, PageSize);
            (Copies, MoreCopies) = (page.Take(PageSize).ToList(), page.Count > PageSize);
            Names = await users.NamesAsync(Copies.Select(c => c.From));
            OrgNames = await orgs.NamesAsync(Copies.Select(c => c.OrgId));
            return;
        }
        var filter = new TaskFilter(Status: Done ? "completed" : "open", OrgId: Blank(Org), Page: PageNumber, PageSize: PageSize)
        {
            CompletedBy = Done ? user.Login : null,
            CampaignId = Blank(Campaign),
            ElementId = Blank(Step),
            OverdueAt = Overdue && !Done ? Now : null,
            DueLatestFirst = Sort == "due-desc",
            DelegatedOnly = Delegated && !Done,
            After = TaskCursor.Parse(After),
        };
        Tasks = await queries.ListAsync(user, filter);
        Campaigns = await campaigns.ListAsync();
        Orgs = Blank(OrgSearch) is { } text ? await orgs.SearchScopeAsync(user, text, MenuSize) : await orgs.ListScopeAsync(user, MenuSize);
        if (filter.OrgId is { } chosen && Orgs.All(o => o.Id != chosen) && await orgs.GetAsync(chosen) is { } picked) Orgs = [picked, .. Orgs];
        Steps = await steps.ListAsync();
        OrgNames = await orgs.NamesAsync(Tasks.Items.Select(t => t.OrgId));
        if (!Done) Marks = await MarksAsync(user);
    }

    private async Task<IReadOnlyDictionary<string, string>> MarksAsync(Core.Users.AppUser user)
    {
        var marks = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var task in Tasks.Items)
            if (access.OnBehalfOf(user, task) is { } delegator) marks[task.Id] = T($"代{delegator.DisplayName}", $"for {delegator.DisplayName}");
        // The delegator still sees their tasks while away, marked as delegated, and may still act (whoever acts first).
        if (await delegations.DelegateOfAsync(user.Login, Now) is { } to)
        {
            var name = (await users.NamesAsync([to])).GetValueOrDefault(to, to);
            foreach (var task in Tasks.Items.Where(t => !marks.ContainsKey(t.Id) && access.Reaches(user, t)))
                marks[task.Id] = T($"已委托{name}", $"delegated to {name}");
        }
        return marks;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>This page's address with one parameter changed (tabs, sorting, paging keep the other filters).</summary>
    public string Link(string? tab = null, int? page = null, string? sort = null, string? after = null) =>
        Url.Page("/Inbox/Index", new
        {
            tab = tab ?? Tab, campaign = Campaign, org = Org, orgq = Blank(OrgSearch), step = Step, overdue = Overdue ? "true" : null, delegated = Delegated ? "true" : null,
            sort = sort ?? Sort, p = page ?? (tab is null && sort is null ? PageNumber : 1), after,
        })!;
}
