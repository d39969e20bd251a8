using Approval.Core.Schemes;
using Approval.Core.Voting;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Votes;

/// <summary>
/// 一次投完: every secret ballot a member may still cast in one organization's votes (a branch votes on each of its
/// members at one meeting) on one page. Each vote is cast on its own, as on its own page, so the ballots stay
/// unlinkable; a vote left without a choice on every question is not cast and says so.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class BallotModel(CurrentUser current, VoteStore votes, SchemeCatalog schemes) : PageModel
{
    public const int MaximumBallots = 500;

    [FromQuery(Name = "org")] public string? OrgId { get; set; }
    public IReadOnlyList<(VoteSession Session, string SubjectName)> Ballots { get; private set; } = [];
    public string? Error { get; private set; }

    public string StarLabel(VoteSession session, string key) => VoteLabels.Star(schemes, session, key);

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostAsync()
    {
        await LoadAsync();
        var login = (await current.GetAsync()).Login;
        var (cast, skipped) = (0, new List<string>());
        foreach (var (session, name) in Ballots)
        {
            var choices = session.Stars.Where(s => Request.Form.ContainsKey($"choice.{session.Id}.{s}"))
                .ToDictionary(s => s, s => Request.Form[$"choice.{session.Id}.{s}"].ToString());
            if (choices.Count < session.Stars.Count)
            {
                if (choices.Count > 0) skipped.Add(name);
                continue;
            }
            if ((await votes.CastAsync(session.Id, login, choices)).Outcome == CastOutcome.Counted) cast++;
            else skipped.Add(name);
        }
        if (cast == 0 && skipped.Count == 0)
        {
            Error = T("请至少为一位对象选择每一项后再投票。", "Choose every question for at least one subject before casting.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["flash"] = T($"已投 {cast} 票。选票不记名，无法查看或修改。", $"{cast} ballots cast. They are anonymous and cannot be viewed or changed.")
                            + (skipped.Count > 0 ? T($" 未投：{string.Join("、", skipped)}（未选完或已结束）。", $" Not cast: {string.Join(", ", skipped)} (incomplete or closed).") : "");
        return Redirect(OrgId is null ? "/inbox" : $"/votes/ballot?org={Uri.EscapeDataString(OrgId)}");
    }

    private async Task LoadAsync()
    {
        if (string.IsNullOrWhiteSpace(OrgId)) return;
        var waiting = (await votes.WaitingForAsync((await current.GetAsync()).Login, [], MaximumBallots))
            .Where(w => w.Kind == "ballot" && w.OrgId == OrgId).ToList();
        var ballots = new List<(VoteSession, string)>();
        foreach (var vote in waiting)
            if (await votes.GetAsync(vote.Id) is { IsClosed: false } session) ballots.Add((session, vote.SubjectName));
        Ballots = ballots;
    }
}
