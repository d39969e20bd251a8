using System.Text.Json;
using Approval.Core.Workflow;

namespace Approval.Core.Ratings;

/// <summary>How often a 个性星 was pledged and earned in a campaign, by name (the statistics page's table).</summary>
public sealed record IndividualStarCount(string SubjectKind, string Name, bool Own, int Pledged, int Awarded);

/// <summary>
/// Keeps <c>individual_star_counts</c> in the step that changes them: a published pledge adds to "pledged", a ratified
/// result to "awarded" for each 个性星 it earned. Both steps run once per subject and year.
/// </summary>
public static class IndividualStarCounts
{
    public static async Task PledgedAsync(HandlerContext h, JsonElement pledge)
    {
        if (pledge.ValueKind != JsonValueKind.Object) return;
        var stars = pledge.Deserialize<Pledge>(HandlerContext.Json)?.IndividualStars ?? [];
        foreach (var star in stars) await AddAsync(h, star.Name, star.Own, pledged: 1, awarded: 0);
    }

    public static async Task AwardedAsync(HandlerContext h, RatingResult result)
    {
        var own = Pledge.OwnNames(h.Get<JsonElement?>("pledge"));
        foreach (var star in result.Stars.Where(s => s.Individual && s.Awarded)) await AddAsync(h, star.Name, own.Contains(star.Name), pledged: 0, awarded: 1);
    }

    private static Task AddAsync(HandlerContext h, string name, bool own, int pledged, int awarded) =>
        h.ExecuteAsync("""
            insert into individual_star_counts (campaign_id, subject_kind, name, own, pledged, awarded)
            values (@campaignId, @kind, @name, @own, @pledged, @awarded)
            on conflict (campaign_id, subject_kind, name, own) do update
            set pledged = individual_star_counts.pledged + excluded.pledged, awarded = individual_star_counts.awarded + excluded.awarded
            """, new { campaignId = h.Text("campaignId"), kind = h.Text("subjectKind"), name, own = own ? 1 : 0, pledged, awarded });
}
