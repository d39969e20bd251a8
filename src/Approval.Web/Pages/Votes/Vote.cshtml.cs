using Approval.Core.Schemes;
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
/// A vote session (民主测评): its status (进行中 / 已结束), the tally once it may be shown, 结束测评 for the organizer,
/// the ballot for an eligible voter who has not voted, and each teller's own count form (never the other's count).
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class VoteModel(CurrentUser current, VoteStore votes, TaskAccess access, SchemeCatalog schemes) : PageModel
{
    public VoteSession Session { get; private set; } = null!;
    public Tally Tally { get; private set; } = null!;
    public bool IsOrganizer { get; private set; }
    /// <summary>重新组织: the organizer, once the vote is invalid for too little participation.</summary>
    public bool CanHoldAgain { get; private set; }
    public string? SubjectName { get; private set; }
    public bool CanCast { get; private set; }
    public bool HasVoted { get; private set; }
    public bool IsTeller { get; private set; }
    public bool HasCounted { get; private set; }
    public string? Error { get; private set; }

    public string StarLabel(string key) => VoteLabels.Star(schemes, Session, key);

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ?? Page();

    /// <summary>结束测评.</summary>
    public async Task<IActionResult> OnPostCloseAsync(string id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (!IsOrganizer) return StatusCode(StatusCodes.Status403Forbidden);
        await votes.CloseAsync(id, (await current.GetAsync()).Login);
        TempData["flash"] = T("测评已结束。", "The vote has ended.");
        return Redirect($"/votes/{id}");
    }

    /// <summary>重新组织: the invalid round's ballots and counts are discarded and the vote opens again.</summary>
    public async Task<IActionResult> OnPostHoldAgainAsync(string id, DateTime? dueAt)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (!CanHoldAgain) return StatusCode(StatusCodes.Status403Forbidden);
        var problems = await votes.HoldAgainAsync(id, dueAt is { } local ? FromLocal(local) : null);
        if (problems.Count > 0) return await RefuseAsync(id, JoinProblems(problems));
        TempData["flash"] = T("测评已重新组织，请再次投票或计票。", "The vote is held again: vote or count again.");
        return Redirect($"/votes/{id}");
    }

    public async Task<IActionResult> OnPostCastAsync(string id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (!CanCast) return StatusCode(StatusCodes.Status403Forbidden);
        var choices = Session.Stars.Where(s => Request.Form.ContainsKey($"choice.{s}")).ToDictionary(s => s, s => Request.Form[$"choice.{s}"].ToString());
        var (outcome, problems) = await votes.CastAsync(id, (await current.GetAsync()).Login, choices);
        if (outcome == CastOutcome.Counted) TempData["flash"] = T("已投票。选票不记名，无法查看或修改。", "Your ballot is cast. It is anonymous and cannot be viewed or changed.");
        return problems.Count > 0 || outcome != CastOutcome.Counted
            ? await RefuseAsync(id, problems.Count > 0 ? JoinProblems(problems) : T("无法投票：测评已结束或已投过票。", "The vote has ended or you already voted."))
            : Redirect($"/votes/{id}");
    }

    /// <summary>A teller enters their own count; the page then says only whether the two counts agree.</summary>
    public async Task<IActionResult> OnPostCountsAsync(string id)
    {
        if (await LoadAsync(id) is { } refused) return refused;
        if (!IsTeller) return StatusCode(StatusCodes.Status403Forbidden);
        var counts = Session.Stars.ToDictionary(s => s, s => new VoteCount(Session.Eligible, Number($"counts.{s}.approve"),
            Number($"counts.{s}.disapprove"), Number($"counts.{s}.abstain")));
        var problems = await votes.EnterCountsAsync(id, (await current.GetAsync()).Login, counts);
        if (problems.Count > 0) return await RefuseAsync(id, JoinProblems(problems));
        TempData["flash"] = T("计数已录入。", "Your count is entered.");
        return Redirect($"/votes/{id}");
    }

    /// <summary>A blank or unreadable number counts as -1, which the store refuses as negative.</summary>
    private int Number(string field) => int.TryParse(Request.Form[field], out var n) ? n : -1;

    private async Task<IActionResult> RefuseAsync(string id, string error)
    {
        await LoadAsync(id);
        Error = error;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Roles covering the holding organization read the session; an eligible voter reads it to vote.</summary>
    private async Task<IActionResult?> LoadAsync(string id)
    {
        var user = await current.GetAsync();
        if (await votes.GetAsync(id) is not { } session) return NotFound();
        var (eligible, voted) = session.Mode == VoteModes.Secret ? await votes.VoterAsync(id, user.Login) : (false, false);
        if (!eligible && !access.Holds(user, session.OrgId, [.. Roles.All])) return StatusCode(StatusCodes.Status403Forbidden);
        Session = session;
        Tally = (await votes.TallyAsync(id))!;
        var organizer = VotesApi.IsOrganizer(user, session, access);
        IsOrganizer = organizer && !session.IsClosed && Tally.Status != TallyStatus.Invalid;
        CanHoldAgain = organizer && Tally.Status == TallyStatus.Invalid;
        SubjectName = await votes.SubjectNameAsync(session);
        (HasVoted, CanCast) = (voted, eligible && !voted && !session.IsClosed);
        IsTeller = session.Mode == VoteModes.ShowOfHands && Tally.Status != TallyStatus.Final && Tally.Status != TallyStatus.Invalid
                   && access.Holds(user, session.OrgId, Roles.Committee, Roles.Secretary);
        HasCounted = IsTeller && await votes.HasCountedAsync(id, user.Login);
        return null;
    }
}
