using System.Text.Json;
using Approval.Core.Copies;
using Approval.Core.Infrastructure;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Approval.Testing;

namespace Approval.Core.Tests.Away;

/// <summary>
/// Issue 17, 抄送: a reviewer copies people taking part in the task's organization or the holders of a role at it and
/// below; each copy is stored with a mail in the outbox and a history line, is unread until the copied instance is
/// opened, and never holds the flow. A process copies through its "copy" service task.
/// </summary>
public abstract class CopyTests((Database Database, Action Cleanup) db) : IAsyncLifetime
{
    protected CycleHost Host { get; private set; } = null!;
    private CopyService Copies => Host.Get<CopyService>();
    private CopyStore Store => Host.Get<CopyStore>();

    private static readonly string Process = Bpmn.Process("copy-test", """
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="review" name="审核" camunda:candidateGroups="org-department" ap:org="${orgId}"/>
        <bpmn:serviceTask id="tell" name="抄送支部" camunda:topic="copy" ap:copyRoles="secretary" ap:org="${orgId}" ap:copyNote="审核已完成"/>
        <bpmn:endEvent id="e"/>
        """ + Bpmn.Chain("f", "s", "review", "tell", "e"));

    private AppUser _town = null!, _secA = null!, _secB = null!, _outside = null!;

    public async Task InitializeAsync()
    {
        Host = await CycleHost.StartAsync(db);
        Assert.Empty((await Host.Runtime.DeployAsync(Process)).Problems);
        var users = Host.Get<UserStore>();
        _town = await users.CreateAsync("town-dept", "城关镇组织委员", "t-t", [new RoleGrant(Roles.OrgDepartment, Host.Town.Id)], "town@example.org");
        _secA = await users.CreateAsync("sec-a", "张建国", "t-a", [new RoleGrant(Roles.Secretary, Host.BranchA.Id)], "a@example.org");
        _secB = await users.CreateAsync("sec-b", "李秀英", "t-b", [new RoleGrant(Roles.Secretary, Host.BranchB.Id)], "b@example.org");
        _outside = await users.CreateAsync("elsewhere", "外县干部", "t-x", [new RoleGrant(Roles.OrgDepartment, "not-an-organization")]);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private async Task<TaskRecord> ReviewAsync(string orgId)
    {
        var instance = await Host.Runtime.StartAsync("copy-test", variables: new Dictionary<string, JsonElement> { ["orgId"] = JsonSerializer.SerializeToElement(orgId) });
        return (await Host.Runtime.ListTasksAsync(instance.Id)).Single();
    }

    [Fact]
    public async Task AReviewer_CopiesAColleague_WithAMail_UnreadUntilOpened_AndTheTaskStaysOpen()
    {
        var task = await ReviewAsync(Host.BranchA.Id);
        var result = await Copies.CopyAsync(_town, task.Id, [_secA.Login], null, "请知悉");
        Assert.Equal(CopyStatus.Copied, result.Status);
        var copy = Assert.Single(result.Copies);
        Assert.Equal((_town.Login, _secA.Login, "请知悉"), (copy.From, copy.To, copy.Note));
        Assert.Equal(Approval.Engine.Runtime.TaskStatus.Open, (await Host.Runtime.GetTaskAsync(task.Id))!.Status);
        Assert.Equal(1, await Host.ScalarAsync<long>("select count(*) from outbox where idempotency_key = @key", new { key = $"copy:{copy.Id}" }));
        Assert.Contains(await Host.Runtime.ListHistoryAsync(task.InstanceId), h => h.Kind == "task-copied" && h.Outcome == "张建国" && h.Actor == _town.Login);

        Assert.Equal(1, await Store.UnreadAsync(_secA.Login));
        Assert.True(await Store.IsCopiedAsync(_secA.Login, task.InstanceId));
        Assert.False(await Store.IsCopiedAsync(_secB.Login, task.InstanceId));
        await Store.MarkReadAsync(_secA.Login, task.InstanceId, Host.Clock.GetUtcNow());
        Assert.Equal(0, await Store.UnreadAsync(_secA.Login));
        Assert.NotNull(Assert.Single(await Store.PageAsync(_secA.Login, 1, 20)).ReadAt);
    }

    [Fact]
    public async Task Copy_RefusesSomeoneOutOfScope_AndACallerWhoMayNotActOnTheTask()
    {
        var task = await ReviewAsync(Host.BranchA.Id);
        var outOfScope = await Copies.CopyAsync(_town, task.Id, [_secB.Login, _outside.Login], null, null);
        Assert.Equal(CopyStatus.Invalid, outOfScope.Status);
        Assert.Equal(2, outOfScope.Problems.Count(p => p.Code == FieldCodes.NotPermitted));
        Assert.Equal(CopyStatus.Forbidden, (await Copies.CopyAsync(_secB, task.Id, [_secA.Login], null, null)).Status);
        Assert.Empty(await Store.PageAsync(_secA.Login, 1, 20));
    }

    [Fact]
    public async Task ARoleCopy_ReachesItsHoldersAtTheOrganizationAndBelow()
    {
        var task = await ReviewAsync(Host.Town.Id);
        var result = await Copies.CopyAsync(_town, task.Id, null, [Roles.Secretary], null);
        Assert.Equal([_secA.Login, _secB.Login], result.Copies.Select(c => c.To).Order());
        var below = await ReviewAsync(Host.BranchB.Id);
        Assert.Equal([_secB.Login], (await Copies.CopyAsync(_town, below.Id, null, [Roles.Secretary], null)).Copies.Select(c => c.To));
    }

    [Fact]
    public async Task TheProcess_CopiesTheResult_AndGoesOn()
    {
        var task = await ReviewAsync(Host.BranchA.Id);
        await Host.Runtime.CompleteTaskAsync(task.Id, _town.Login, "approve");
        var copy = Assert.Single(await Store.PageAsync(_secA.Login, 1, 20));
        Assert.Equal((null, task.Id, "审核已完成"), (copy.From, copy.TaskId, copy.Note));
        Assert.Equal("completed", (await Host.Runtime.ReadAsync(s => s.LoadInstanceAsync(task.InstanceId)))!.Status.ToString().ToLowerInvariant());
    }
}

public sealed class SqliteCopyTests() : CopyTests(TestDatabases.Sqlite());

public sealed class PostgresCopyTests() : CopyTests(TestDatabases.Postgres());
