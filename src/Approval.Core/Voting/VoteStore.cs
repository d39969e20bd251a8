using System.Data.Common;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Dapper;

namespace Approval.Core.Voting;

/// <summary>Vote sessions, anonymous ballots and tellers' counts.</summary>
public sealed class VoteStore(Database database, SchemeCatalog schemes)
{
    public async Task<(VoteSession? Created, IReadOnlyList<FieldProblem> Problems)> CreateAsync(NewVoteSession request, string? createdBy)
    {
        var problems = new List<FieldProblem>();
        if (request.SubjectKind is not ("organization" or "member")) problems.Add(new("subjectKind", "subjectKind must be organization or member."));
        if (string.IsNullOrWhiteSpace(request.SubjectId)) problems.Add(new("subjectId", "subjectId is required."));
        if (string.IsNullOrWhiteSpace(request.OrgId)) problems.Add(new("orgId", "orgId is required."));
        if (request.Year is < 2000 or > 2100) problems.Add(new("year", "year is out of range."));
        var scheme = request.SchemeKey is null ? null : schemes.Find(request.SchemeKey, request.SchemeVersion);
        if (scheme is null) problems.Add(new("schemeKey", $"No rating scheme '{request.SchemeKey}'{(request.SchemeVersion is { } v ? $" version {v}" : "")}."));
        var stars = request.Stars ?? [];
        if (stars.Count == 0) problems.Add(new("stars", "name the stars voted on."));
        var individual = stars.Where(s => s.StartsWith("individual:", StringComparison.Ordinal)).ToList();
        foreach (var star in stars.Where(s => scheme is not null && !scheme.Stars.Any(x => x.Key == s && x.Award == "vote") && !individual.Contains(s)))
            problems.Add(new("stars", $"“{star}”不是{scheme!.Name}中按测评得的星 / '{star}' is not a star awarded by vote in {request.SchemeKey}."));
        // 个性星 (named "individual:名称") count up to the scheme's slots; one more is refused by name, never dropped.
        foreach (var star in individual.Skip(scheme?.IndividualStarSlots ?? 0))
            problems.Add(new("stars", $"个性星最多{scheme?.IndividualStarSlots ?? 0}颗,“{star["individual:".Length..]}”超出 / at most {scheme?.IndividualStarSlots ?? 0} individual stars: '{star}' is one too many."));
        var voters = request.Voters?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        int eligible;
        switch (request.Mode)
        {
            case VoteModes.Secret:
                eligible = voters.Count;
                if (eligible == 0) problems.Add(new("voters", "a secret ballot needs the list of eligible voters."));
                break;
            case VoteModes.ShowOfHands:
                eligible = request.Eligible ?? 0;
                if (eligible <= 0) problems.Add(new("eligible", "give the number of eligible voters."));
                break;
            default:
                eligible = 0;
                problems.Add(new("mode", $"mode must be {VoteModes.Secret} or {VoteModes.ShowOfHands}."));
                break;
        }
        if (problems.Count > 0) return (null, problems);

        var session = new VoteSession(Guid.CreateVersion7().ToString(), request.SubjectKind!, request.SubjectId!, request.OrgId!, request.SchemeKey!,
            request.Year, request.Mode!, stars, eligible, "open");
        var created = await WriteAsync(async (c, t) =>
        {
            var inserted = await c.ExecuteAsync(
                """
                insert into vote_sessions (id, subject_kind, subject_id, org_id, scheme_key, year, mode, stars, eligible, status, created_by)
                select @Id, @SubjectKind, @SubjectId, @OrgId, @SchemeKey, @Year, @Mode, @Stars, @Eligible, 'open', @createdBy
                where not exists (select 1 from vote_sessions where subject_kind = @SubjectKind and subject_id = @SubjectId and scheme_key = @SchemeKey and year = @Year)
                """,
                new { session.Id, session.SubjectKind, session.SubjectId, session.OrgId, session.SchemeKey, session.Year, session.Mode,
                      Stars = JsonSerializer.Serialize(stars), session.Eligible, createdBy }, t);
            if (inserted == 0) return false;
            await new SqlBatch().InsertRows("vote_eligible", "session_id, voter, has_voted", voters, v => [session.Id, v, false]).ExecuteAsync(c, t);
            return true;
        });
        return created ? (session, []) : (null, [new FieldProblem("subjectId", $"This subject already has a vote for {request.SchemeKey} in {request.Year}.")]);
    }

    public async Task<VoteSession?> GetAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        var row = await connection.QueryFirstOrDefaultAsync<SessionRow>("select * from vote_sessions where id = @id", new { id });
        return row?.ToRecord();
    }

    /// <summary>
    /// Casts one voter's ballot: the voter is marked as having voted and one anonymous row per star is stored,
    /// under a random key, without the voter or a time. A second ballot from the same voter is refused.
    /// </summary>
    public async Task<(CastOutcome Outcome, IReadOnlyList<FieldProblem> Problems)> CastAsync(string sessionId, string voter, IReadOnlyDictionary<string, string> choices)
    {
        var session = await GetAsync(sessionId);
        if (session is null || session.Mode != VoteModes.Secret) return (CastOutcome.NotEligible, [new FieldProblem("session", "This is not an online secret ballot.")]);
        if (session.Status != "open") return (CastOutcome.Closed, []);
        var problems = session.Stars.Where(s => !choices.ContainsKey(s)).Select(s => new FieldProblem($"choices.{s}", "every star needs a choice."))
            .Concat(choices.Where(c => !session.Stars.Contains(c.Key)).Select(c => new FieldProblem($"choices.{c.Key}", "not a star of this vote.")))
            .Concat(choices.Where(c => !VoteModes.Choices.Contains(c.Value)).Select(c => new FieldProblem($"choices.{c.Key}", "choose approve, disapprove or abstain.")))
            .ToList();
        if (problems.Count > 0) return (CastOutcome.NotEligible, problems);
        var outcome = await WriteAsync(async (c, t) =>
        {
            var marked = await c.ExecuteAsync(
                $"update vote_eligible set has_voted = {(database.IsSqlite ? "1" : "true")} where session_id = @sessionId and voter = @voter and has_voted = {(database.IsSqlite ? "0" : "false")}",
                new { sessionId, voter }, t);
            if (marked == 0)
            {
                var known = await c.ExecuteScalarAsync<long>("select count(*) from vote_eligible where session_id = @sessionId and voter = @voter", new { sessionId, voter }, t);
                return known == 0 ? CastOutcome.NotEligible : CastOutcome.AlreadyVoted;
            }
            // Shuffled and keyed by fresh random ids: neither the key nor the insertion order says who or when.
            var rows = choices.OrderBy(_ => Guid.NewGuid()).Select(choice => (Id: Guid.NewGuid().ToString(), choice.Key, choice.Value)).ToList();
            await new SqlBatch().InsertRows("ballots", "id, session_id, star_key, choice", rows, r => [r.Id, sessionId, r.Key, r.Value]).ExecuteAsync(c, t);
            return CastOutcome.Counted;
        });
        return (outcome, []);
    }

    /// <summary>A teller's count, taken on the spot (当场唱票). Replaces this teller's earlier count.</summary>
    public async Task<IReadOnlyList<FieldProblem>> EnterCountsAsync(string sessionId, string teller, IReadOnlyDictionary<string, VoteCount> counts)
    {
        var session = await GetAsync(sessionId);
        if (session is null) return [new FieldProblem("session", $"Vote {sessionId} does not exist.")];
        if (session.Status != "open") return [new FieldProblem("session", "This vote is closed.")];
        var problems = new List<FieldProblem>();
        foreach (var star in session.Stars.Where(s => !counts.ContainsKey(s))) problems.Add(new($"counts.{star}", "every star needs a count."));
        foreach (var (star, c) in counts)
        {
            if (!session.Stars.Contains(star)) problems.Add(new($"counts.{star}", "not a star of this vote."));
            else if (c.Approve < 0 || c.Disapprove < 0 || c.Abstain < 0) problems.Add(new($"counts.{star}", "counts cannot be negative."));
            // Summed as long: three counts near int.MaxValue would wrap to a negative total and pass.
            else if ((long)c.Approve + c.Disapprove + c.Abstain is var cast && cast > session.Eligible)
                problems.Add(new($"counts.{star}", $"{cast} ballots from {session.Eligible} eligible voters: more ballots than voters."));
        }
        if (problems.Count > 0) return problems;
        await WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync("delete from teller_counts where session_id = @sessionId and teller = @teller", new { sessionId, teller }, t);
            await new SqlBatch().InsertRows("teller_counts", "session_id, teller, star_key, approve, disapprove, abstain", counts,
                x => [sessionId, teller, x.Key, x.Value.Approve, x.Value.Disapprove, x.Value.Abstain]).ExecuteAsync(c, t);
            return true;
        });
        return [];
    }

    /// <summary>Secret ballots are counted; counts taken on the spot stand once two tellers agree on every star.</summary>
    public async Task<Tally?> TallyAsync(string sessionId)
    {
        var session = await GetAsync(sessionId);
        if (session is null) return null;
        await using var connection = await database.OpenAsync();
        if (session.Mode == VoteModes.Secret)
        {
            var ballots = await connection.QueryAsync<(string, string)>("select star_key, choice from ballots where session_id = @sessionId", new { sessionId });
            return new Tally("final", BallotCount.Count(ballots, session.Stars, session.Eligible), []);
        }
        var entries = (await connection.QueryAsync<(string Teller, string Star, int Approve, int Disapprove, int Abstain)>(
            "select teller, star_key, approve, disapprove, abstain from teller_counts where session_id = @sessionId order by teller, star_key", new { sessionId })).ToList();
        var byTeller = entries.GroupBy(e => e.Teller).ToList();
        if (byTeller.Count < 2) return new Tally("awaiting-second-teller", new Dictionary<string, VoteCount>(), []);
        var first = byTeller[0].ToDictionary(e => e.Star);
        var disagreements = byTeller.Skip(1).SelectMany(g => g)
            .Where(e => (first[e.Star].Approve, first[e.Star].Disapprove, first[e.Star].Abstain) != (e.Approve, e.Disapprove, e.Abstain))
            .Select(e => e.Star).Distinct().ToList();
        if (disagreements.Count > 0) return new Tally("disputed", new Dictionary<string, VoteCount>(), disagreements);
        return new Tally("final", first.ToDictionary(p => p.Key, p => new VoteCount(session.Eligible, p.Value.Approve, p.Value.Disapprove, p.Value.Abstain)), []);
    }

    private Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work) => database.WriteAsync(work);

#pragma warning disable IDE1006
    private sealed class SessionRow
    {
        public string id { get; init; } = "";
        public string subject_kind { get; init; } = "";
        public string subject_id { get; init; } = "";
        public string org_id { get; init; } = "";
        public string scheme_key { get; init; } = "";
        public int year { get; init; }
        public string mode { get; init; } = "";
        public string stars { get; init; } = "[]";
        public int eligible { get; init; }
        public string status { get; init; } = "";

        public VoteSession ToRecord() => new(id, subject_kind, subject_id, org_id, scheme_key, year, mode,
            JsonSerializer.Deserialize<List<string>>(stars)!, eligible, status);
    }
#pragma warning restore IDE1006
}
