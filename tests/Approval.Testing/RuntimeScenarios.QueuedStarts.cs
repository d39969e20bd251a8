namespace Approval.Testing;

/// <summary>Call activities beyond a transaction's inline limit: their children start later, from the queue.</summary>
public abstract partial class RuntimeScenarios
{
    private static readonly string[] FiveOrgs = ["a", "b", "c", "d", "e"];

    private Task<IReadOnlyList<string>> ChildrenAsync(string parentId) =>
        H.Runtime.Store.ExecuteAsync(s => s.FindChildInstancesAsync(parentId));

    [Fact(DisplayName = "Children beyond the inline limit start from the queue in their own transactions, and the parent waits for all of them")]
    public async Task QueuedStartsBeyondTheLimit()
    {
        await H.DeployAsync(TestProcesses.FanOut);
        H.Runtime.InlineStartLimit = 2;
        var id = await H.StartAsync("fanOut", new { orgs = FiveOrgs });
        Assert.Equal(2, (await ChildrenAsync(id)).Count);

        var sweep = await H.Runtime.RunQueuedStartsAsync("node-1", batchSize: 2);
        Assert.Equal(3, sweep.Started);
        var children = await ChildrenAsync(id);
        var orgs = new List<string>();
        foreach (var child in children) orgs.Add((await H.InstanceAsync(child)).Variables["org"].GetString()!);
        Assert.Equal(FiveOrgs, orgs.Order());
        Assert.Empty((await H.Runtime.RunQueuedStartsAsync("node-1")).Failures);

        foreach (var child in children.Skip(1)) await H.CompleteAsync(child, "pledge");
        Assert.Equal(["callEach"], (await H.InstanceAsync(id)).ActiveElementIds);
        await H.CompleteAsync(children[0], "pledge");
        Assert.Equal("after", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
    }

    [Fact(DisplayName = "A queued start whose call was cancelled before it ran starts nothing")]
    public async Task QueuedStartOfCancelledCall()
    {
        await H.DeployAsync(TestProcesses.FanOut);
        H.Runtime.InlineStartLimit = 1;
        var id = await H.StartAsync("fanOut", new { orgs = FiveOrgs });
        await H.Runtime.TerminateAsync(id, "tester");

        Assert.Equal(0, (await H.Runtime.RunQueuedStartsAsync("node-1")).Started);
        var child = Assert.Single(await ChildrenAsync(id));
        Assert.Equal("terminated", (await H.InstanceAsync(child)).Status);
    }

    [Fact(DisplayName = "Two dispatchers sweeping the queue at once start each queued child exactly once")]
    public async Task QueuedStartsRunOnce()
    {
        await H.DeployAsync(TestProcesses.FanOut);
        H.Runtime.InlineStartLimit = 0;
        var id = await H.StartAsync("fanOut", new { orgs = FiveOrgs });
        Assert.Empty(await ChildrenAsync(id));

        var sweeps = await Task.WhenAll(H.Runtime.RunQueuedStartsAsync("node-1", batchSize: 2), H.Runtime.RunQueuedStartsAsync("node-2", batchSize: 2));
        Assert.Equal(5, sweeps.Sum(s => s.Started));
        Assert.Equal(5, (await ChildrenAsync(id)).Count);
        Assert.Equal(0, (await H.Runtime.RunQueuedStartsAsync("node-1")).Started);
    }

    [Fact(DisplayName = "A BPMN error a queued child raises as it starts is caught at the parent's call activity")]
    public async Task QueuedChildErrorAtStart()
    {
        await H.DeployAsync(TestProcesses.ErrorFromChild);
        H.Runtime.InlineStartLimit = 0;
        var id = await H.StartAsync("assessOrg", new { score = 40, prepareFirst = false });
        Assert.Equal(["selfCheck"], (await H.InstanceAsync(id)).ActiveElementIds);

        Assert.Equal(1, (await H.Runtime.RunQueuedStartsAsync("node-1")).Started);
        Assert.Equal("rectify", Assert.Single(await H.OpenTasksAsync(id)).ElementId);
        Assert.Empty(await ChildrenAsync(id));
    }
}
