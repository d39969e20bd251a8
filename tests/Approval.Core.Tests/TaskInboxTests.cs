using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Tasks;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Approval.Testing;

namespace Approval.Core.Tests;

/// <summary>
/// The inbox (issue 15): each role's scope as a range of scope keys, keyset paging and the capped total give the same
/// tasks as the access rule (<see cref="TaskAccess.CanAct"/>) applied to every open task.
/// </summary>
public abstract class TaskInboxTests((Database Database, Action Cleanup) db) : IAsyncLifetime
{
    protected CycleHost Host { get; private set; } = null!;
    private TaskQueries Queries => Host.Get<TaskQueries>();

    private static readonly string Process = Bpmn.Process("inbox-test", $"""
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="work" name="办理" camunda:candidateGroups="${"{group}"}" camunda:candidateUsers="${"{users}"}"
                       camunda:assignee="${"{assignee}"}" camunda:dueDate="${"{due}"}" ap:org="${"{orgId}"}"/>
        <bpmn:endEvent id="e"/>
        {Bpmn.Chain("f", "s", "work", "e")}
        """);

    public async Task InitializeAsync()
    {
        Host = await CycleHost.StartAsync(db);
        var deployed = await Host.Runtime.DeployAsync(Process);
        Assert.Empty(deployed.Problems);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    /// <summary>Starts one task; <paramref name="dueDays"/> null leaves it without a due date.</summary>
    protected async Task<string> TaskAsync(string group, string? orgId, int? dueDays, string? assignee = null, string? users = null)
    {
        var variables = new Dictionary<string, JsonElement>
        {
            ["group"] = JsonSerializer.SerializeToElement(group),
            ["users"] = JsonSerializer.SerializeToElement(users ?? ""),
            ["assignee"] = JsonSerializer.SerializeToElement(assignee),
            ["due"] = JsonSerializer.SerializeToElement(dueDays is { } d ? Host.Clock.GetUtcNow().AddDays(d).ToString("O") : null),
            ["orgId"] = JsonSerializer.SerializeToElement(orgId),
        };
        var instance = await Host.Runtime.StartAsync("inbox-test", variables: variables);
        return (await Host.Runtime.Store.ReadAsync(s => s.ListTasksAsync(instance.Id))).Single().Id;
    }

    private async Task<IReadOnlyList<TaskRecord>> OpenTasksAsync() =>
        (await Queries.ListAsync(Host.Admin, new TaskFilter(PageSize: 500))).Items;

    private async Task SeedScopesAsync()
    {
        var h = Host;
        var day = 0;
        foreach (var org in new[] { h.County.Id, h.Town.Id, h.BranchA.Id, h.BranchB.Id })
        {
            await TaskAsync(Roles.OrgDepartment, org, ++day);
            await TaskAsync(Roles.Secretary, org, ++day);
            await TaskAsync(Roles.Discipline, org, null);
        }
        await TaskAsync(Roles.Secretary, h.BranchB.Id, 3, assignee: "secretary-a");
        await TaskAsync(Roles.Committee, h.BranchA.Id, 4, users: "town-dept");
        await TaskAsync(Roles.OrgDepartment, "not-an-organization", 5);
    }

    [Fact]
    public async Task List_GivesEveryRoleExactlyTheTasksItMayAct_InDueOrder()
    {
        await SeedScopesAsync();
        var all = await OpenTasksAsync();
        Assert.Equal(15, all.Count);
        var access = Host.Get<TaskAccess>();
        var h = Host;
        foreach (var user in new[] { h.CountyDept, h.TownDept, h.SecretaryA, h.SecretaryB, h.TownSecretary, h.TownDiscipline, h.CountyDiscipline,
                     CycleHost.User("lost", Roles.OrgDepartment, "not-an-organization") })
        {
            var expected = all.Where(t => access.CanAct(user, t)).Select(t => t.Id).ToList();
            var page = await Queries.ListAsync(user, new TaskFilter(PageSize: 50));
            Assert.True(expected.SequenceEqual(page.Items.Select(t => t.Id)), $"{user.Login}: expected {expected.Count}, listed {page.Items.Count}");
            Assert.Equal(expected.Count, page.Total);
            Assert.False(page.TotalCapped);
        }
        // The rule's two sides for a secretary: acts on its own organization only, the town's department on the subtree.
        Assert.Single((await Queries.ListAsync(h.TownSecretary, new TaskFilter())).Items);
        Assert.Equal(3, (await Queries.ListAsync(h.TownDept, new TaskFilter())).Items.Count(t => t.CandidateGroups.Contains(Roles.OrgDepartment)));
    }

    [Fact]
    public async Task List_KeysetPages_CoverEveryTaskOnce_InBothOrders()
    {
        for (var i = 0; i < 23; i++) await TaskAsync(Roles.OrgDepartment, i % 2 == 0 ? Host.BranchA.Id : Host.BranchB.Id, i % 5 == 0 ? null : i % 4);
        await TaskAsync(Roles.OrgDepartment, Host.County.Id, 1); // outside the town's scope
        foreach (var latestFirst in new[] { false, true })
        {
            var everything = (await Queries.ListAsync(Host.TownDept, new TaskFilter(PageSize: 100) { DueLatestFirst = latestFirst })).Items.Select(t => t.Id).ToList();
            Assert.Equal(23, everything.Count);
            var paged = new List<string>();
            TaskCursor? after = null;
            var pages = 0;
            do
            {
                var page = await Queries.ListAsync(Host.TownDept, new TaskFilter(PageSize: 5) { After = after, DueLatestFirst = latestFirst });
                paged.AddRange(page.Items.Select(t => t.Id));
                Assert.Equal(23, page.Total);
                after = page.Next;
                pages++;
            }
            while (after is not null);
            Assert.Equal(everything, paged);
            Assert.Equal(5, pages);
            var third = await Queries.ListAsync(Host.TownDept, new TaskFilter(Page: 3, PageSize: 5) { DueLatestFirst = latestFirst });
            Assert.Equal(everything.Skip(10).Take(5), third.Items.Select(t => t.Id));
        }
    }

    [Fact]
    public async Task List_ClosedTasksLeaveTheInbox_AndCompletedOnesAreTheActorsDoneList()
    {
        var done = await TaskAsync(Roles.OrgDepartment, Host.BranchA.Id, 1);
        var cancelled = await TaskAsync(Roles.OrgDepartment, Host.BranchA.Id, 2);
        var open = await TaskAsync(Roles.OrgDepartment, Host.BranchA.Id, 3);
        await Host.Runtime.CompleteTaskAsync(done, Host.TownDept.Login);
        var instance = (await Host.Runtime.Store.ReadAsync(s => s.GetTaskAsync(cancelled)))!.InstanceId;
        await Host.Runtime.CancelAsync(instance, "admin", "test");

        Assert.Equal([open], (await Queries.ListAsync(Host.TownDept, new TaskFilter())).Items.Select(t => t.Id));
        var doneList = await Queries.ListAsync(Host.TownDept, new TaskFilter(Status: "completed") { CompletedBy = Host.TownDept.Login });
        Assert.Equal([done], doneList.Items.Select(t => t.Id));
    }

    [Fact]
    public async Task List_CountsUpToTheCap_ThenSaysMore()
    {
        for (var i = 0; i < TaskInbox.TotalCap + 2; i++) await TaskAsync(Roles.Secretary, Host.BranchA.Id, 1 + i % 7);
        var page = await Queries.ListAsync(Host.SecretaryA, new TaskFilter(PageSize: 20));
        Assert.True(page.TotalCapped);
        Assert.Equal("1000+", page.TotalText);
        Assert.Equal(20, page.Items.Count);
        Assert.False((await Queries.ListAsync(Host.SecretaryB, new TaskFilter())).TotalCapped);
    }
}

public sealed class SqliteTaskInboxTests() : TaskInboxTests(TestDatabases.Sqlite());

public sealed class PostgresTaskInboxTests() : TaskInboxTests(TestDatabases.Postgres());
