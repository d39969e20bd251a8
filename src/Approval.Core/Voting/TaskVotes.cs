using Approval.Core.Forms;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Voting;

public enum TaskVoteCallStatus { Called, NotFound, Forbidden, Invalid }

public sealed record TaskVoteCall(TaskVoteCallStatus Status, VoteSession? Session, IReadOnlyList<Problem> Problems);

/// <summary>The vote a 民主测评 task stands on, and its tally as it may be shown now.</summary>
public sealed record TaskVote(VoteSession Session, Tally Tally, IReadOnlyList<string> Tellers);

/// <summary>
/// The workflow's 民主测评 task as a vote session: the secretary holding the task calls the vote for the task's
/// subject (its vote stars, or the appraisal's one question); members cast secret ballots, or two tellers each enter
/// their own count on the vote's page; the task's form then takes the closed or agreed tally, never counts typed into
/// it. So no single person's numbers decide a star ("票决和测评必须当场唱票").
/// </summary>
public sealed class TaskVotes(VoteStore votes, Database database, Engine.Runtime.WorkflowRuntime runtime, Tasks.TaskAccess access, SchemeCatalog schemes)
{
    /// <summary>
    /// 发起测评 from an open 民主测评 task, by someone who may act on it; refused while its subject already has a vote.
    /// </summary>
    /// <param name="subjectKind">When set, a task rating another kind of subject is left alone (a "task" problem).</param>
    public async Task<TaskVoteCall> CallForTaskAsync(Users.AppUser user, string taskId, string? mode, DateTimeOffset? dueAt, string? subjectKind = null)
    {
        var task = await runtime.GetTaskAsync(taskId);
        if (task is null) return new(TaskVoteCallStatus.NotFound, null, []);
        if (!access.CanAct(user, task)) return new(TaskVoteCallStatus.Forbidden, null, []);
        if (task.FormKey != "vote-session" || task.Status != Engine.Runtime.TaskStatus.Open)
            return new(TaskVoteCallStatus.Invalid, null, [new(FieldCodes.WrongState, "task", "只有待办的民主测评任务可以发起测评 / only an open 民主测评 task calls a vote.")]);
        var instance = await runtime.GetInstanceAsync(task.InstanceId) ?? throw new InvalidOperationException($"Task {taskId} has no instance.");
        var context = new FormContext(task, instance.Variables);
        if (subjectKind is not null && context.Text("subjectKind") != subjectKind)
            return new(TaskVoteCallStatus.Invalid, null, [new(FieldCodes.WrongState, "task", "该任务测评的是另一类对象 / the task rates another kind of subject.")]);
        if (RatingSubject.Of(context, schemes) is not { } subject)
            return new(TaskVoteCallStatus.Invalid, null, [new(FieldCodes.UnknownReference, "scheme", "本任务没有评星方案 / the task has no rating scheme.")]);
        if (!HasVote(context, subject))
            return new(TaskVoteCallStatus.Invalid, null, [new(FieldCodes.WrongState, "task", "本任务无需测评：方案不设测评或名册中没有党员 / nothing to vote on, or nobody on the roster.")]);
        var (session, problems) = await CallAsync(context, subject, mode, dueAt, user.Login);
        return new(session is null ? TaskVoteCallStatus.Invalid : TaskVoteCallStatus.Called, session, problems);
    }

    /// <summary>
    /// The subject's stars as the vote names them: a scheme's vote star by its key, a 个性星 as <c>individual:名称</c>;
    /// with no vote star but a participation line, the appraisal's one question. Keyed by the subject's star key.
    /// </summary>
    public static IReadOnlyDictionary<string, string> BallotStars(RatingSubject subject)
    {
        var stars = subject.Stars.Where(s => s.Award == "vote")
            .ToDictionary(s => s.Key, s => s.Kind == "individual" ? $"individual:{s.Name}" : s.Key);
        if (stars.Count == 0 && subject.Scheme.Participation is not null) stars[VoteModes.AppraisalStar] = VoteModes.AppraisalStar;
        return stars;
    }

    /// <summary>How many of one organization's 民主测评 tasks one call covers (a branch's members, with room to spare).</summary>
    public const int MaximumTasksPerCall = 500;

    /// <summary>
    /// 民主测评以党支部为单位: calls the same kind of vote for every open 民主测评 task of the organization rating a member
    /// that has none yet and that <paramref name="user"/> may act on (a branch's members are voted on at one meeting).
    /// Each vote is its own transaction; returns how many were called and the problems of those that could not be.
    /// </summary>
    public async Task<(int Called, IReadOnlyList<Problem> Problems)> CallForMembersAsync(Users.AppUser user, string orgId, string? mode, DateTimeOffset? dueAt)
    {
        List<string> taskIds;
        await using (var connection = await database.OpenAsync())
            taskIds = (await connection.QueryAsync<string>(
                "select id from tasks where org_id = @orgId and element_id = 'vote-session' and status = 'open' order by created_at, id limit @limit",
                new { orgId, limit = MaximumTasksPerCall })).ToList();
        var (called, problems) = (0, new List<Problem>());
        foreach (var taskId in taskIds)
        {
            var call = await CallForTaskAsync(user, taskId, mode, dueAt, subjectKind: "member");
            if (call.Status == TaskVoteCallStatus.Called) called++;
            // A task that already has its vote, or holds none, is simply not called again.
            else if (call.Status == TaskVoteCallStatus.Invalid && !call.Problems.Any(p => p.Where is "subjectId" or "task")) problems.AddRange(call.Problems);
        }
        return (called, problems.DistinctBy(p => p.Message).ToList());
    }

    /// <summary>Whether the task holds a vote: something to vote on, and members on the roster to vote.</summary>
    public static bool HasVote(FormContext context, RatingSubject subject) =>
        BallotStars(subject).Count > 0 && context.Get<int?>("eligibleVoters") is > 0;

    public async Task<TaskVote?> FindAsync(FormContext context)
    {
        if (context.Text("subjectKind") is not { } kind || context.Text("subjectId") is not { } subjectId
            || context.Text("schemeKey") is not { } scheme || context.Get<int?>("year") is not { } year) return null;
        if (await votes.FindForSubjectAsync(kind, subjectId, scheme, year) is not { } session) return null;
        var tally = (await votes.TallyAsync(session.Id))!;
        var tellers = tally.Status == TallyStatus.Final && session.Mode == VoteModes.ShowOfHands ? await votes.TellersAsync(session.Id) : [];
        return new TaskVote(session, tally, tellers);
    }

    /// <summary>
    /// 发起测评 for the task's subject, held by the task's organization. A secret ballot's voters are the accounts of the
    /// members on the roster (of the organization and those under it); a roster member without an account could not
    /// vote, so such a roster votes on the spot instead. On the spot, the eligible number is the roster's.
    /// </summary>
    private async Task<(VoteSession? Session, IReadOnlyList<Problem> Problems)> CallAsync(
        FormContext context, RatingSubject subject, string? mode, DateTimeOffset? dueAt, string createdBy)
    {
        var orgId = context.Task.OrgId ?? context.Text("orgId");
        var stars = BallotStars(subject);
        if (stars.Count == 0) return (null, [new Problem(FieldCodes.WrongState, "stars", "本方案没有需要测评的星 / the scheme has nothing to vote on.")]);
        List<string> voters = [];
        if (mode == VoteModes.Secret && orgId is not null)
        {
            var (withAccount, without) = await RosterAsync(orgId);
            if (without > 0)
                return (null, [new Problem(FieldCodes.InvalidChoice, "mode", $"名册中有 {without} 名党员没有登录账号，无法网上无记名投票，请改用当场计票 / "
                                                        + $"{without} members on the roster have no account and could not vote online: count on the spot instead.")]);
            voters = withAccount;
        }
        var request = new NewVoteSession(context.Text("subjectKind"), context.Text("subjectId"), orgId, subject.Scheme.Key,
            context.Get<int?>("year") ?? 0, mode, [.. stars.Values], voters, context.Get<int?>("eligibleVoters"), subject.Scheme.Version, dueAt);
        return await votes.CreateAsync(request, createdBy);
    }

    /// <summary>The logins of the roster's members (the organization and those under it), and how many have none.</summary>
    private async Task<(List<string> Logins, int Without)> RosterAsync(string orgId)
    {
        await using var connection = await database.OpenAsync();
        var path = await connection.QueryFirstOrDefaultAsync<string>("select path from organizations where id = @orgId", new { orgId });
        if (path is null) return ([], 0);
        var logins = (await connection.QueryAsync<string?>(
            "select m.login from members m join organizations o on o.id = m.org_id where o.path >= @path and o.path < @end",
            new { path, end = OrgDirectory.PathEnd(path) })).ToList();
        return (logins.OfType<string>().ToList(), logins.Count(l => l is null));
    }
}
