using System.Text.Json;
using Approval.Core.Delegations;
using Approval.Core.Forms;
using Approval.Core.Infrastructure;
using Approval.Core.Reminders;
using Approval.Core.Tasks;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;
using Approval.Testing;
using Dapper;

namespace Approval.Core.Tests.Away;

/// <summary>
/// Issue 17, 委托: while a person is away their open and new tasks reach the delegate, who acts "代" them and is named
/// with them on the completion; the tasks come back when the period ends; no chains, no overlaps, no delegate
/// without the delegator's roles in scope; reminders go to the delegate.
/// </summary>
public abstract class DelegationTests((Database Database, Action Cleanup) db) : IAsyncLifetime
{
    protected CycleHost Host { get; private set; } = null!;
    private DelegationService Delegations => Host.Get<DelegationService>();
    private TaskQueries Queries => Host.Get<TaskQueries>();
    private TaskAccess Access => Host.Get<TaskAccess>();

    private static readonly string Process = Bpmn.Process("away-test", """
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="work" name="办理" camunda:candidateGroups="secretary" camunda:assignee="${assignee}" ap:org="${orgId}"/>
        <bpmn:endEvent id="e"/>
        """ + Bpmn.Chain("f", "s", "work", "e"));

    private AppUser _away = null!, _deputy = null!, _other = null!, _third = null!;

    public async Task InitializeAsync()
    {
        Host = await CycleHost.StartAsync(db);
        Assert.Empty((await Host.Runtime.DeployAsync(Process)).Problems);
        var users = Host.Get<UserStore>();
        _away = await users.CreateAsync("sec-a", "张建国", "t-a", [new RoleGrant(Roles.Secretary, Host.BranchA.Id)], "a@example.org");
        _deputy = await users.CreateAsync("sec-a2", "王副书记", "t-a2", [new RoleGrant(Roles.Secretary, Host.BranchA.Id)], "a2@example.org");
        _third = await users.CreateAsync("sec-a3", "赵委员", "t-a3", [new RoleGrant(Roles.Secretary, Host.BranchA.Id)]);
        _other = await users.CreateAsync("sec-b", "李秀英", "t-b", [new RoleGrant(Roles.Secretary, Host.BranchB.Id)]);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task<string> TaskForAsync(string assignee)
    {
        var instance = await Host.Runtime.StartAsync("away-test", variables: new Dictionary<string, JsonElement>
        {
            ["assignee"] = JsonSerializer.SerializeToElement(assignee), ["orgId"] = JsonSerializer.SerializeToElement(Host.BranchA.Id),
        });
        return (await Host.Runtime.ListTasksAsync(instance.Id)).Single().Id;
    }

    private async Task<IReadOnlyList<string>> InboxAsync(AppUser user) =>
        (await Queries.ListAsync(await Delegations.WithDelegatorsAsync(user), new TaskFilter())).Items.Select(t => t.Id).ToList();

    private Task<DelegationResult> DelegateAsync(AppUser from, AppUser to, int fromDays, int untilDays) =>
        Delegations.CreateAsync(from, to.Login, Host.Clock.GetUtcNow().AddDays(fromDays), Host.Clock.GetUtcNow().AddDays(untilDays), "外出培训");

    [Fact]
    public async Task ADelegate_HoldsTheOpenAndNewTasks_ActsForTheDelegator_AndTheyComeBackWhenThePeriodEnds()
    {
        var open = await TaskForAsync(_away.Login);
        Assert.DoesNotContain(open, await InboxAsync(_deputy));
        Assert.Equal(DelegationStatus.Done, (await DelegateAsync(_away, _deputy, 0, 3)).Status);
        var arrived = await TaskForAsync(_away.Login);

        Assert.Equal([open, arrived], (await InboxAsync(_deputy)).Order());
        var held = await Queries.ListAsync(await Delegations.WithDelegatorsAsync(_deputy), new TaskFilter { DelegatedOnly = true });
        Assert.Equal([open, arrived], held.Items.Select(t => t.Id).Order());
        var deputy = await Delegations.WithDelegatorsAsync(_deputy);
        var task = (await Host.Runtime.GetTaskAsync(open))!;
        Assert.Equal(_away.Login, Access.OnBehalfOf(deputy, task)?.Login);
        var done = await Host.Get<TaskCompletion>().CompleteAsync(deputy, open, new FormSubmission("approve", "代为办理", null));
        Assert.Equal(CompletionStatus.Completed, done.Status);
        var stored = (await Host.Runtime.GetTaskAsync(open))!;
        Assert.Equal((_deputy.Login, _away.Login), (stored.CompletedBy, stored.OnBehalfOf));
        // The delegator still sees the task that is theirs while away.
        Assert.Contains(arrived, await InboxAsync(_away));

        await Host.AdvanceToAsync(Host.Clock.GetUtcNow().AddDays(3).AddMinutes(1));
        var later = await TaskForAsync(_away.Login);
        Assert.Empty(await InboxAsync(_deputy));
        Assert.False(Access.CanAct(await Delegations.WithDelegatorsAsync(_deputy), (await Host.Runtime.GetTaskAsync(later))!));
        Assert.Equal([arrived, later], (await InboxAsync(_away)).Order());
    }

    [Fact]
    public async Task Revoking_EndsTheDelegationAtOnce()
    {
        var open = await TaskForAsync(_away.Login);
        var created = (await DelegateAsync(_away, _deputy, 0, 3)).Delegation!;
        Assert.Contains(open, await InboxAsync(_deputy));
        Assert.Equal(DelegationStatus.Forbidden, (await Delegations.RevokeAsync(_deputy, created.Id)).Status);
        Assert.Equal(DelegationStatus.Done, (await Delegations.RevokeAsync(_away, created.Id)).Status);
        Assert.Empty(await InboxAsync(_deputy));
        Assert.Equal(DelegationStatus.Invalid, (await Delegations.RevokeAsync(_away, created.Id)).Status);
    }

    [Fact]
    public async Task Create_RefusesADelegateWithoutTheDelegatorsRoleInScope()
    {
        var result = await DelegateAsync(_away, _other, 0, 3);
        Assert.Equal(DelegationStatus.Invalid, result.Status);
        Assert.Contains(result.Problems, p => p.Where == "to" && p.Code == FieldCodes.NotPermitted);
        Assert.Equal(DelegationStatus.Invalid, (await DelegateAsync(_away, _away, 0, 3)).Status);
    }

    [Fact]
    public async Task Create_RefusesChainsAndOverlaps_ButNotAnotherPeriod()
    {
        Assert.Equal(DelegationStatus.Done, (await DelegateAsync(_away, _deputy, 1, 5)).Status);
        // A→B while B→C: B holds A's tasks then, so B may not hand its own on, and nobody may hand theirs to A (away).
        var chain = await DelegateAsync(_deputy, _third, 2, 3);
        Assert.Contains(chain.Problems, p => p.Code == FieldCodes.Inconsistent && p.Where == "from");
        var toAway = await DelegateAsync(_third, _away, 4, 6);
        Assert.Contains(toAway.Problems, p => p.Code == FieldCodes.Inconsistent && p.Where == "to");
        var overlap = await DelegateAsync(_away, _third, 4, 8);
        Assert.Contains(overlap.Problems, p => p.Code == FieldCodes.Inconsistent && p.Message.Contains("重叠", StringComparison.Ordinal));
        Assert.Equal(DelegationStatus.Done, (await DelegateAsync(_away, _third, 5, 8)).Status);
        Assert.Equal(DelegationStatus.Done, (await DelegateAsync(_deputy, _third, 9, 10)).Status);
    }

    [Fact]
    public async Task Create_RefusesAPeriodThatEndsBeforeItStarts_AndOneWithoutAReason()
    {
        var backwards = await Delegations.CreateAsync(_away, _deputy.Login, Host.Clock.GetUtcNow().AddDays(3), Host.Clock.GetUtcNow().AddDays(1), "外出");
        Assert.Contains(backwards.Problems, p => p.Where == "until" && p.Code == FieldCodes.OutOfRange);
        var noReason = await Delegations.CreateAsync(_away, _deputy.Login, null, Host.Clock.GetUtcNow().AddDays(1), " ");
        Assert.Contains(noReason.Problems, p => p.Where == "reason" && p.Code == FieldCodes.Required);
    }

    [Fact]
    public async Task Reminders_GoToTheDelegate_WhileTheDelegatorIsAway()
    {
        var id = await TaskForAsync(_away.Login);
        async Task<IReadOnlyList<string>> RecipientsAsync() => await Host.Database.WriteAsync(async (c, t) =>
        {
            var tasks = await ReminderRecipients.LoadTasksAsync(c, t, [id]);
            var resolve = await ReminderRecipients.ResolverAsync(c, t, tasks.Values, Host.Clock.GetUtcNow());
            return (IReadOnlyList<string>)resolve(tasks[id], ReminderKinds.Urge).Select(r => r.Name).ToList();
        });
        Assert.Equal(["张建国"], await RecipientsAsync());
        await DelegateAsync(_away, _deputy, 0, 2);
        Assert.Equal(["王副书记"], await RecipientsAsync());
        await Host.AdvanceToAsync(Host.Clock.GetUtcNow().AddDays(2));
        Assert.Equal(["张建国"], await RecipientsAsync());
    }
}

public sealed class SqliteDelegationTests() : DelegationTests(TestDatabases.Sqlite());

public sealed class PostgresDelegationTests() : DelegationTests(TestDatabases.Postgres());
