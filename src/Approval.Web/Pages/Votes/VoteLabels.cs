using Approval.Core.Schemes;
using Approval.Core.Voting;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Votes;

/// <summary>How a vote's questions read: a star by its scheme's name, a 个性星 by its own, the appraisal as 满意度.</summary>
public static class VoteLabels
{
    public static string Star(SchemeCatalog schemes, VoteSession session, string key) =>
        key == VoteModes.AppraisalStar ? T("满意度（党员群众测评）", "Satisfaction (appraisal)")
        : key.StartsWith("individual:", StringComparison.Ordinal) ? StarName(key["individual:".Length..], individual: true)
        : schemes.Find(session.SchemeKey, session.SchemeVersion)?.Stars.FirstOrDefault(s => s.Key == key) is { } star ? StarName(star) : key;

    public static string Mode(VoteSession session) =>
        session.Mode == VoteModes.Secret ? T("无记名投票", "Secret ballot") : T("举手表决（当场唱票）", "Show of hands (counted on the spot)");
}
