using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Voting;

/// <summary>
/// What a call for a vote must satisfy before anything is stored: the fields, the scheme's vote stars (each once),
/// a subject that belongs to the holding organization, and voters from the roster of that organization and those under it.
/// </summary>
public sealed class VoteRequestCheck(Database database, SchemeCatalog schemes)
{
    /// <summary>The problems, the scheme and the distinct voters (secret ballots) or the eligible number (on the spot).</summary>
    public async Task<(IReadOnlyList<Problem> Problems, RatingScheme? Scheme, List<string> Voters, int Eligible)> CheckAsync(
        NewVoteSession request, DateTimeOffset now)
    {
        var problems = new List<Problem>();
        if (request.SubjectKind is not ("organization" or "member")) problems.Add(new(FieldCodes.InvalidChoice, "subjectKind", "subjectKind must be organization or member."));
        if (string.IsNullOrWhiteSpace(request.SubjectId)) problems.Add(new(FieldCodes.Required, "subjectId", "subjectId is required."));
        if (string.IsNullOrWhiteSpace(request.OrgId)) problems.Add(new(FieldCodes.Required, "orgId", "orgId is required."));
        if (request.Year is < 2000 or > 2100) problems.Add(new(FieldCodes.OutOfRange, "year", "year is out of range."));
        if (request.DueAt is { } due && due <= now) problems.Add(new(FieldCodes.OutOfRange, "dueAt", "截止时间须晚于现在 / dueAt must be in the future."));
        var scheme = request.SchemeKey is null ? null : schemes.Find(request.SchemeKey, request.SchemeVersion);
        if (scheme is null) problems.Add(new(FieldCodes.UnknownReference, "schemeKey", $"No rating scheme '{request.SchemeKey}'{(request.SchemeVersion is { } v ? $" version {v}" : "")}."));
        CheckStars(request, scheme, problems);
        var voters = request.Voters?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        var eligible = CheckMode(request, voters, problems);
        if (!string.IsNullOrWhiteSpace(request.OrgId)) await CheckMembershipAsync(request, voters, problems);
        return (problems, scheme, voters, eligible);
    }

    private static void CheckStars(NewVoteSession request, RatingScheme? scheme, List<Problem> problems)
    {
        var stars = request.Stars ?? [];
        if (stars.Count == 0) problems.Add(new(FieldCodes.Required, "stars", "name the stars voted on."));
        // A star named twice would be counted twice and break the per-star tally; it is a mistake in the request.
        foreach (var twice in stars.GroupBy(s => s, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key))
            problems.Add(new(FieldCodes.Duplicate, "stars", $"“{twice}”重复 / '{twice}' is named more than once."));
        var individual = stars.Where(s => s.StartsWith("individual:", StringComparison.Ordinal)).Distinct().ToList();
        // 党员群众测评: a scheme that awards no star by vote but sets a participation line (Scheme C) votes on the one
        // question of satisfaction, under the key "appraisal" (满意 / 不满意 / 弃权 as approve / disapprove / abstain).
        var appraisal = scheme is not null && scheme.Stars.All(x => x.Award != "vote") && scheme.Participation is not null;
        foreach (var star in stars.Distinct().Where(s => scheme is not null && !scheme.Stars.Any(x => x.Key == s && x.Award == "vote") && !individual.Contains(s)
                                                        && !(appraisal && s == VoteModes.AppraisalStar)))
            problems.Add(new(FieldCodes.UnknownReference, "stars", $"“{star}”不是{scheme!.Name}中按测评得的星 / '{star}' is not a star awarded by vote in {request.SchemeKey}."));
        // 个性星 (named "individual:名称") count up to the scheme's slots; one more is refused by name, never dropped.
        foreach (var star in individual.Skip(scheme?.IndividualStarSlots ?? 0))
            problems.Add(new(FieldCodes.TooMany, "stars", $"个性星最多{scheme?.IndividualStarSlots ?? 0}颗,“{star["individual:".Length..]}”超出 / at most {scheme?.IndividualStarSlots ?? 0} individual stars: '{star}' is one too many."));
    }

    private static int CheckMode(NewVoteSession request, List<string> voters, List<Problem> problems)
    {
        switch (request.Mode)
        {
            case VoteModes.Secret:
                if (voters.Count == 0) problems.Add(new(FieldCodes.Required, "voters", "a secret ballot needs the list of eligible voters."));
                return voters.Count;
            case VoteModes.ShowOfHands:
                if ((request.Eligible ?? 0) <= 0) problems.Add(new(FieldCodes.Required, "eligible", "give the number of eligible voters."));
                return request.Eligible ?? 0;
            default:
                problems.Add(new(FieldCodes.InvalidChoice, "mode", $"mode must be {VoteModes.Secret} or {VoteModes.ShowOfHands}."));
                return 0;
        }
    }

    /// <summary>
    /// The subject is the holding organization, an organization under it, or one of its members; a secret ballot's
    /// voters are accounts of members on its roster ("民主测评以党支部为单位").
    /// </summary>
    private async Task CheckMembershipAsync(NewVoteSession request, List<string> voters, List<Problem> problems)
    {
        await using var connection = await database.OpenAsync();
        var holderPath = await connection.QueryFirstOrDefaultAsync<string>("select path from organizations where id = @OrgId", new { request.OrgId });
        if (holderPath is null)
        {
            problems.Add(new(FieldCodes.UnknownReference, "orgId", $"组织 {request.OrgId} 不存在 / organization {request.OrgId} does not exist."));
            return;
        }
        var belongs = request.SubjectKind switch
        {
            "organization" => await connection.QueryFirstOrDefaultAsync<string>("select path from organizations where id = @SubjectId", new { request.SubjectId })
                is { } path && path.StartsWith(holderPath, StringComparison.Ordinal),
            "member" => await connection.ExecuteScalarAsync<long>("select count(*) from members where id = @SubjectId and org_id = @OrgId",
                new { request.SubjectId, request.OrgId }) > 0,
            _ => true,
        };
        if (!belongs && !string.IsNullOrWhiteSpace(request.SubjectId))
            problems.Add(new(FieldCodes.UnknownReference, "subjectId", $"测评对象 {request.SubjectId} 不属于组织 {request.OrgId} / the subject does not belong to the organization holding the vote."));
        if (request.Mode != VoteModes.Secret || voters.Count == 0) return;
        // A branch votes with its own members; an organization with branches under it (a 总支) with all of theirs.
        var onRoster = (await connection.QueryAsync<string>(
            $"""
            select m.login from members m join organizations o on o.id = m.org_id
            where o.path >= @holderPath and o.path < @end and {database.Dialect.InList("m.login", "voters")}
            """, new { holderPath, end = OrgDirectory.PathEnd(holderPath), voters })).ToHashSet(StringComparer.Ordinal);
        var outsiders = voters.Where(v => !onRoster.Contains(v)).ToList();
        if (outsiders.Count > 0)
            problems.Add(new(FieldCodes.UnknownReference, "voters", $"不在本组织党员名册中:{string.Join("、", outsiders)} / not on the organization's roster: {string.Join(", ", outsiders)}."));
    }
}
