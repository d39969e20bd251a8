using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Voting;

/// <summary>
/// Vote sessions (民主测评): called by an organization, closed by its organizer or at the due time, counted from
/// anonymous ballots (<see cref="BallotBox"/>) or from two tellers' counts taken on the spot (当场唱票).
/// </summary>
public sealed class VoteStore(Database database, SchemeCatalog schemes, TimeProvider clock)
{
    private readonly VoteRequestCheck _check = new(database, schemes);
    private readonly BallotBox _ballots = new(database, clock);

    public async Task<(VoteSession? Created, IReadOnlyList<Problem> Problems)> CreateAsync(NewVoteSession request, string? createdBy)
    {
        var (problems, scheme, voters, eligible) = await _check.CheckAsync(request, clock.GetUtcNow());
        if (problems.Count > 0) return (null, problems);

        var stars = request.Stars!;
        var session = new VoteSession(Guid.CreateVersion7().ToString(), request.SubjectKind!, request.SubjectId!, request.OrgId!, request.SchemeKey!,
            request.Year, request.Mode!, stars, eligible, VoteStatus.Open, request.DueAt, CreatedBy: createdBy, SchemeVersion: scheme!.Version);
        var created = await database.WriteAsync(async (c, t) =>
        {
            var inserted = await c.ExecuteAsync(
                """
                insert into vote_sessions (id, subject_kind, subject_id, org_id, scheme_key, scheme_version, year, mode, stars, eligible, status, due_at, created_by)
                select @Id, @SubjectKind, @SubjectId, @OrgId, @SchemeKey, @SchemeVersion, @Year, @Mode, @Stars, @Eligible, 'open', @Due, @CreatedBy
                where not exists (select 1 from vote_sessions where subject_kind = @SubjectKind and subject_id = @SubjectId and scheme_key = @SchemeKey and year = @Year)
                """,
                new { session.Id, session.SubjectKind, session.SubjectId, session.OrgId, session.SchemeKey, session.SchemeVersion, session.Year, session.Mode,
                      Stars = JsonSerializer.Serialize(stars), session.Eligible, Due = EpochTime.ToMs(session.DueAt), session.CreatedBy }, t);
            if (inserted == 0) return false;
            await new SqlBatch().InsertRows("vote_eligible", "session_id, voter, has_voted", voters, v => [session.Id, v, false]).ExecuteAsync(c, t);
            return true;
        });
        return created ? (session, []) : (null, [new Problem(FieldCodes.Duplicate, "subjectId", $"该对象{request.Year}年的民主测评已经发起 / this subject already has a vote for {request.SchemeKey} in {request.Year}.")]);
    }

    /// <summary>
    /// Closes every open session whose due time has passed, at its due time (the sweep and the manual clock run it), so
    /// the table says what reads already say even for a session nobody looks at. Returns how many closed.
    /// </summary>
    public async Task<int> CloseDueAsync() =>
        await database.WriteAsync((c, t) => c.ExecuteAsync(
            "update vote_sessions set status = 'closed', closed_at = due_at where status = 'open' and due_at <= @now",
            new { now = EpochTime.ToMs(clock.GetUtcNow()) }, t));

    /// <summary>The session as it stands now: one whose due time has passed is closed here, at its due time.</summary>
    public async Task<VoteSession?> GetAsync(string id)
    {
        VoteSession? session;
        await using (var connection = await database.OpenAsync())
            session = (await connection.QueryFirstOrDefaultAsync<SessionRow>("select * from vote_sessions where id = @id", new { id }))?.ToRecord();
        if (session is null || AsOfNow(session) is not { IsClosed: true } closed || session.IsClosed) return session;
        await database.WriteAsync((c, t) => c.ExecuteAsync(
            "update vote_sessions set status = 'closed', closed_at = due_at where id = @id and status = 'open'", new { id }, t));
        return closed;
    }

    /// <summary>The session as it reads now: an open one whose due time has passed is closed, at its due time.</summary>
    private VoteSession AsOfNow(VoteSession session) =>
        session is { Status: VoteStatus.Open, DueAt: { } due } && due <= clock.GetUtcNow() ? session with { Status = VoteStatus.Closed, ClosedAt = due } : session;

    /// <summary>结束测评: the organizer ends the session; ballots cast after this are refused.</summary>
    public async Task<CloseOutcome> CloseAsync(string id, string closedBy)
    {
        var session = await GetAsync(id);
        if (session is null) return CloseOutcome.NotFound;
        var closed = await database.WriteAsync((c, t) => c.ExecuteAsync(
            "update vote_sessions set status = 'closed', closed_at = @now, closed_by = @closedBy where id = @id and status = 'open'",
            new { id, closedBy, now = EpochTime.ToMs(clock.GetUtcNow()) }, t));
        return closed == 0 ? CloseOutcome.AlreadyClosed : CloseOutcome.Closed;
    }

    /// <summary>The vote on a subject under a scheme in a year, if one was called (there is at most one).</summary>
    public async Task<VoteSession?> FindForSubjectAsync(string subjectKind, string subjectId, string schemeKey, int year)
    {
        await using (var connection = await database.OpenAsync())
        {
            var id = await connection.QueryFirstOrDefaultAsync<string>(
                "select id from vote_sessions where subject_kind = @subjectKind and subject_id = @subjectId and scheme_key = @schemeKey and year = @year",
                new { subjectKind, subjectId, schemeKey, year });
            if (id is null) return null;
            return await GetAsync(id);
        }
    }

    /// <summary>
    /// 重新组织: a closed vote that fewer took part in than the scheme's minimum is held again as its next round. The
    /// invalid round's ballots and counts are discarded (an invalid vote decides nothing), every voter may vote again,
    /// and the session is open until <paramref name="dueAt"/> (or until the organizer closes it).
    /// </summary>
    public async Task<IReadOnlyList<Problem>> HoldAgainAsync(string id, DateTimeOffset? dueAt)
    {
        if (await TallyAsync(id) is not { Status: TallyStatus.Invalid })
            return [new Problem(FieldCodes.WrongState, "session", "只有因参与率不足而无效的测评才能重新组织 / only a vote invalid for too little participation is held again.")];
        if (dueAt is { } due && due <= clock.GetUtcNow()) return [new Problem(FieldCodes.OutOfRange, "dueAt", "截止时间须晚于现在 / dueAt must be in the future.")];
        await database.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync("delete from ballots where session_id = @id", new { id }, t);
            await c.ExecuteAsync("delete from teller_counts where session_id = @id", new { id }, t);
            await c.ExecuteAsync($"update vote_eligible set has_voted = {database.Dialect.Bool(false)} where session_id = @id", new { id }, t);
            return await c.ExecuteAsync(
                "update vote_sessions set status = 'open', round = round + 1, due_at = @due, closed_at = null, closed_by = null where id = @id",
                new { id, due = EpochTime.ToMs(dueAt) }, t);
        });
        return [];
    }

    /// <summary>The votes an organization holds (at most 500, the newest year first), with their subjects' names.</summary>
    public async Task<IReadOnlyList<(VoteSession Session, string SubjectName)>> HeldByAsync(string orgId)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<SessionRow>("select * from vote_sessions where org_id = @orgId order by year desc, id limit 500", new { orgId });
        var sessions = rows.Select(r => r.ToRecord()).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (kind, table) in new[] { ("member", "members"), ("organization", "organizations") })
        {
            var ids = sessions.Where(x => x.SubjectKind == kind).Select(x => x.SubjectId).Distinct().ToList();
            if (ids.Count == 0) continue;
            foreach (var (id, name) in await connection.QueryAsync<(string, string)>($"select id, name from {table} where {database.Dialect.InList("id", "ids")}", new { ids }))
                names[id] = name;
        }
        return sessions.Select(x => (AsOfNow(x), names.GetValueOrDefault(x.SubjectId, x.SubjectId))).ToList();
    }

    /// <summary>The name of the organization or member voted on, for the vote's page.</summary>
    public async Task<string?> SubjectNameAsync(VoteSession session)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QueryFirstOrDefaultAsync<string>(
            session.SubjectKind == "member" ? "select name from members where id = @SubjectId" : "select name from organizations where id = @SubjectId",
            new { session.SubjectId });
    }

    /// <summary>
    /// What waits for <paramref name="login"/> (at most 20 of each): open secret ballots they may still cast, and open
    /// on-the-spot votes held by <paramref name="tellerOrgIds"/> they have not counted yet.
    /// </summary>
    public async Task<IReadOnlyList<WaitingVote>> WaitingForAsync(string login, IReadOnlyCollection<string> tellerOrgIds, int limit = 20)
    {
        await using var connection = await database.OpenAsync();
        var now = EpochTime.ToMs(clock.GetUtcNow());
        const string Subject = "coalesce(o.name, m.name, s.subject_id)";
        const string Joins = "left join organizations o on s.subject_kind = 'organization' and o.id = s.subject_id left join members m on s.subject_kind = 'member' and m.id = s.subject_id";
        var ballots = await connection.QueryAsync<WaitingVote>(
            $"""
            select s.id as Id, s.org_id as OrgId, {Subject} as SubjectName, s.year as Year, 'ballot' as Kind
            from vote_eligible e join vote_sessions s on s.id = e.session_id {Joins}
            where e.voter = @login and e.has_voted = {database.Dialect.Bool(false)} and s.status = 'open' and (s.due_at is null or s.due_at > @now)
            order by s.year desc, s.org_id, s.id limit @limit
            """, new { login, now, limit });
        if (tellerOrgIds.Count == 0) return ballots.ToList();
        var counts = await connection.QueryAsync<WaitingVote>(
            $"""
            select s.id as Id, s.org_id as OrgId, {Subject} as SubjectName, s.year as Year, 'count' as Kind
            from vote_sessions s {Joins}
            where {database.Dialect.InList("s.org_id", "orgs")} and s.status = 'open' and s.mode = 'show-of-hands' and (s.due_at is null or s.due_at > @now)
              and not exists (select 1 from teller_counts c where c.session_id = s.id and c.teller = @login)
            order by s.year desc, s.org_id, s.id limit @limit
            """, new { login, now, limit, orgs = tellerOrgIds.ToList() });
        return [.. ballots, .. counts];
    }

    /// <summary>Who entered counts (logins), for the record once the tellers agree; never what each counted.</summary>
    public async Task<IReadOnlyList<string>> TellersAsync(string sessionId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<string>("select distinct teller from teller_counts where session_id = @sessionId order by teller", new { sessionId })).ToList();
    }

    /// <summary>Casts one voter's secret ballot (see <see cref="BallotBox"/>). A second ballot from the same voter is refused.</summary>
    public async Task<(CastOutcome Outcome, IReadOnlyList<Problem> Problems)> CastAsync(string sessionId, string voter, IReadOnlyDictionary<string, string> choices)
    {
        var session = await GetAsync(sessionId);
        if (session is null || session.Mode != VoteModes.Secret) return (CastOutcome.NotEligible, [new Problem(FieldCodes.WrongState, "session", "This is not an online secret ballot.")]);
        if (session.IsClosed) return (CastOutcome.Closed, []);
        var problems = session.Stars.Where(s => !choices.ContainsKey(s)).Select(s => new Problem(FieldCodes.Required, $"choices.{s}", "every star needs a choice."))
            .Concat(choices.Where(c => !session.Stars.Contains(c.Key)).Select(c => new Problem(FieldCodes.UnknownReference, $"choices.{c.Key}", "not a star of this vote.")))
            .Concat(choices.Where(c => !VoteModes.Choices.Contains(c.Value)).Select(c => new Problem(FieldCodes.InvalidChoice, $"choices.{c.Key}", "choose approve, disapprove or abstain.")))
            .ToList();
        if (problems.Count > 0) return (CastOutcome.NotEligible, problems);
        return (await _ballots.CastAsync(session, voter, choices), []);
    }

    /// <summary>
    /// A teller's count, taken on the spot (当场唱票); replaces this teller's earlier count until two tellers agree,
    /// after which the tally stands and no count changes it.
    /// </summary>
    public async Task<IReadOnlyList<Problem>> EnterCountsAsync(string sessionId, string teller, IReadOnlyDictionary<string, VoteCount> counts)
    {
        var session = await GetAsync(sessionId);
        if (session is null) return [new Problem(FieldCodes.UnknownReference, "session", $"Vote {sessionId} does not exist.")];
        if (session.Mode != VoteModes.ShowOfHands) return [new Problem(FieldCodes.WrongState, "session", "无记名投票由系统计票 / a secret ballot is counted by the system.")];
        if (await TellerTally.ReadAsync(database, session) is { Agreed: true })
            return [new Problem(FieldCodes.WrongState, "session", "两位计票人的计数已一致,结果已确定 / the tellers agreed: the tally stands.")];
        var problems = TellerTally.Check(session, counts);
        if (problems.Count > 0) return problems;
        await database.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync("delete from teller_counts where session_id = @sessionId and teller = @teller", new { sessionId, teller }, t);
            await new SqlBatch().InsertRows("teller_counts", "session_id, teller, star_key, approve, disapprove, abstain", counts,
                x => [sessionId, teller, x.Key, x.Value.Approve, x.Value.Disapprove, x.Value.Abstain]).ExecuteAsync(c, t);
            return true;
        });
        return [];
    }

    /// <summary>
    /// A secret ballot is counted once the session is closed; counts taken on the spot stand once two tellers agree
    /// on every star. Either way, below the scheme's participation minimum the vote is invalid and shows no counts.
    /// </summary>
    public async Task<Tally?> TallyAsync(string sessionId)
    {
        var session = await GetAsync(sessionId);
        if (session is null) return null;
        if (session.Mode == VoteModes.ShowOfHands)
        {
            var tellers = await TellerTally.ReadAsync(database, session);
            return tellers.Agreed ? Valid(session, tellers.Tally.Participants ?? 0, tellers.Tally) : tellers.Tally;
        }
        if (!session.IsClosed) return Tally.Withheld(TallyStatus.HiddenUntilClosed);
        await using var connection = await database.OpenAsync();
        var voted = await connection.ExecuteScalarAsync<int>(
            $"select count(*) from vote_eligible where session_id = @sessionId and has_voted = {database.Dialect.Bool(true)}", new { sessionId });
        var ballots = await connection.QueryAsync<(string, string)>("select star_key, choice from ballots where session_id = @sessionId", new { sessionId });
        return Valid(session, voted, new Tally(TallyStatus.Final, BallotCount.Count(ballots, session.Stars, session.Eligible), [], voted));
    }

    /// <summary>Whether <paramref name="login"/> may cast a ballot in the session, and whether they already did.</summary>
    public async Task<(bool Eligible, bool HasVoted)> VoterAsync(string sessionId, string login)
    {
        await using var connection = await database.OpenAsync();
        var voted = await connection.QueryFirstOrDefaultAsync<bool?>(
            "select has_voted from vote_eligible where session_id = @sessionId and voter = @login", new { sessionId, login });
        return (voted is not null, voted ?? false);
    }

    /// <summary>Whether this teller has entered a count (never what it was: the other teller must not learn it).</summary>
    public async Task<bool> HasCountedAsync(string sessionId, string teller)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "select count(*) from teller_counts where session_id = @sessionId and teller = @teller", new { sessionId, teller }) > 0;
    }

    /// <summary>DOMAIN.md: "党员参与率一般不低于基层党组织党员总数的80%" — the scheme's minimum, of the eligible.</summary>
    private Tally Valid(VoteSession session, int participants, Tally counted) =>
        schemes.Find(session.SchemeKey, session.SchemeVersion)?.Participation is { } minimum && session.Eligible > 0
            && !minimum.IsMetBy((decimal)participants / session.Eligible)
            ? Tally.Withheld(TallyStatus.Invalid, participants)
            : counted;

#pragma warning disable IDE1006
    private sealed class SessionRow
    {
        public string id { get; init; } = "";
        public string subject_kind { get; init; } = "";
        public string subject_id { get; init; } = "";
        public string org_id { get; init; } = "";
        public string scheme_key { get; init; } = "";
        public int? scheme_version { get; init; }
        public int year { get; init; }
        public string mode { get; init; } = "";
        public string stars { get; init; } = "[]";
        public int eligible { get; init; }
        public string status { get; init; } = "";
        public long? due_at { get; init; }
        public long? closed_at { get; init; }
        public string? closed_by { get; init; }
        public string? created_by { get; init; }
        public int round { get; init; } = 1;

        public VoteSession ToRecord() => new(id, subject_kind, subject_id, org_id, scheme_key, year, mode,
            JsonSerializer.Deserialize<List<string>>(stars)!, eligible, status, EpochTime.FromMs(due_at), EpochTime.FromMs(closed_at),
            closed_by, created_by, scheme_version) { Round = round };
    }
#pragma warning restore IDE1006
}
