using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Core.Voting;
using Approval.Web.Api;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Votes;

/// <summary>
/// 本组织的测评: the votes an organization holds, each with its state (进行中 / 已结束, the tally's state), for the
/// roles that read the organization; its organizer ends every open one at once after the meeting (结束全部测评).
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class IndexModel(CurrentUser current, VoteStore votes, TaskAccess access, Core.Orgs.OrgStore orgs) : PageModel
{
    [FromQuery(Name = "org")] public string? OrgId { get; set; }
    public string? OrgName { get; private set; }
    public IReadOnlyList<(VoteSession Session, string SubjectName, Tally Tally)> Held { get; private set; } = [];
    public int Closable { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();

    /// <summary>结束全部测评: every open vote this user organizes here; each closes on its own.</summary>
    public async Task<IActionResult> OnPostCloseAllAsync()
    {
        if (await LoadAsync() is { } refused) return refused;
        var user = await current.GetAsync();
        var closed = 0;
        foreach (var (session, _, _) in Held.Where(h => !h.Session.IsClosed && VotesApi.IsOrganizer(user, h.Session, access)))
            if (await votes.CloseAsync(session.Id, user.Login) == CloseOutcome.Closed) closed++;
        TempData["flash"] = T($"已结束 {closed} 项测评。", $"{closed} votes ended.");
        return Redirect($"/votes?org={Uri.EscapeDataString(OrgId!)}");
    }

    private async Task<IActionResult?> LoadAsync()
    {
        var user = await current.GetAsync();
        if (string.IsNullOrWhiteSpace(OrgId) || await orgs.GetAsync(OrgId) is not { } org) return NotFound();
        if (!access.Sees(user, OrgId, [.. Roles.All])) return StatusCode(StatusCodes.Status403Forbidden);
        OrgName = org.Name;
        var held = new List<(VoteSession, string, Tally)>();
        foreach (var (session, name) in await votes.HeldByAsync(OrgId))
            held.Add((session, name, (await votes.TallyAsync(session.Id))!));
        Held = held;
        Closable = held.Count(h => !h.Item1.IsClosed && VotesApi.IsOrganizer(user, h.Item1, access));
        return null;
    }

    public static string TallyState(Tally tally) => tally.Status switch
    {
        TallyStatus.Final => T("结果已确定", "final"),
        TallyStatus.HiddenUntilClosed => T("投票中", "voting"),
        TallyStatus.AwaitingSecondTeller => T("待计票", "awaiting counts"),
        TallyStatus.Disputed => T("计票不一致", "counts differ"),
        TallyStatus.Invalid => T("无效，须重新组织", "invalid: hold again"),
        _ => tally.Status,
    };
}
