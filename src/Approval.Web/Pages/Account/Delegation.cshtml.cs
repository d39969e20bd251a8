using Approval.Core.Delegations;
using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Account;

/// <summary>
/// 委托: while away, a user names a delegate for a period with a reason; their tasks reach the delegate too (marked
/// 代) until the period ends or is revoked here. Also lists the delegations the user holds for others.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DelegationModel(CurrentUser current, DelegationService delegations, DelegationStore store, UserStore users, OrgStore orgs,
    TaskAccess access, TimeProvider clock) : PageModel
{
    [BindProperty] public string? To { get; set; }
    /// <summary>The first day away (China time); today when empty.</summary>
    [BindProperty] public DateTime? From { get; set; }
    /// <summary>The last day away, included: the delegation ends at the next midnight.</summary>
    [BindProperty] public DateTime? Until { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<Delegation> Delegations { get; private set; } = [];
    public IReadOnlyList<AppUser> Candidates { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public string Me { get; private set; } = "";
    public DateTimeOffset Now => clock.GetUtcNow();
    public string NameOf(string login) => Names.GetValueOrDefault(login, login);
    public string? Error(string field) => Problems.Where(p => p.Where == field).Select(p => Localize(p.Message)).FirstOrDefault();

    public async Task OnGetAsync() => await LoadAsync(await current.GetAsync());

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await current.GetAsync();
        var from = From is { } f ? FromLocal(f.Date) : (DateTimeOffset?)null;
        var until = Until is { } u ? FromLocal(u.Date.AddDays(1)) : (DateTimeOffset?)null;
        var result = await delegations.CreateAsync(user, To, from, until, Reason);
        if (result.Status == DelegationStatus.Done)
        {
            TempData["flash"] = T($"已委托{(await users.NamesAsync([To])).GetValueOrDefault(To!, To!)}代为办理。", "The delegation is set.");
            return Redirect("/account/delegation");
        }
        Problems = result.Problems;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id)
    {
        var result = await delegations.RevokeAsync(await current.GetAsync(), id);
        if (result.Status == DelegationStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (result.Status == DelegationStatus.NotFound) return NotFound();
        TempData["flash"] = result.Status == DelegationStatus.Done ? T("委托已撤销，事项已收回。", "The delegation has ended; your tasks are back.") : T("该委托已经结束。", "That delegation had already ended.");
        return Redirect("/account/delegation");
    }

    private async Task LoadAsync(AppUser user)
    {
        Me = user.Login;
        Delegations = await store.CurrentOfAsync(user.Login, Now);
        Candidates = await CandidatesAsync(user);
        Names = await users.NamesAsync(Delegations.SelectMany(d => new[] { d.Delegator, d.Delegate }));
    }

    /// <summary>Who could hold every task that reaches the user: holders of the user's roles at or above the user's organizations.</summary>
    private async Task<IReadOnlyList<AppUser>> CandidatesAsync(AppUser user)
    {
        var orgIds = new HashSet<string>();
        foreach (var orgId in user.Roles.Select(g => g.OrgId).OfType<string>().Distinct())
            if (await orgs.GetAsync(orgId) is { } org) orgIds.UnionWith(org.Path.Split('/', StringSplitOptions.RemoveEmptyEntries));
        var people = await users.HoldingAnyAsync(user.Roles.Select(g => g.Role).Distinct().ToList(), orgIds, [], 200);
        return people.Where(p => p.Login != user.Login && user.Roles.All(g => access.CouldHold(p, g))).Take(100).ToList();
    }
}
