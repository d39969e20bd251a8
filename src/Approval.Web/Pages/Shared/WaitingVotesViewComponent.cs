using Approval.Core.Users;
using Approval.Core.Voting;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Shared;

/// <summary>
/// 待投票 / 待计票 at the top of the inbox: a member finds the secret ballots they may still cast, and a teller (the
/// secretary or a committee member of the holding organization) the on-the-spot votes they have not counted.
/// </summary>
public sealed class WaitingVotesViewComponent(CurrentUser current, VoteStore votes) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var user = await current.GetAsync();
        var tellerOrgs = user.Roles.Where(r => r.Role is Roles.Secretary or Roles.Committee && r.OrgId is not null).Select(r => r.OrgId!).Distinct().ToList();
        // All of them (a branch's members, each a vote), so the 一次投完 link counts right; the list shows the first 20.
        return View(await votes.WaitingForAsync(user.Login, tellerOrgs, Votes.BallotModel.MaximumBallots));
    }
}
