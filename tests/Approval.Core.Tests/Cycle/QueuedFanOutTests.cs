using Approval.Core.Workflow;

namespace Approval.Core.Tests.Cycle;

/// <summary>A campaign larger than one transaction's inline limit: the rest of its cycles start from the queue.</summary>
public abstract class QueuedFanOutTests(Func<(Core.Infrastructure.Database, Action)> database)
{
    [Fact(DisplayName = "A campaign whose fan-out exceeds the inline limit opens every pledge once the sweep job has run")]
    public async Task FanOutBeyondTheInlineLimit()
    {
        await using var host = await CycleHost.StartAsync(database(), membersInBranchA: 3);
        host.Runtime.InlineStartLimit = 1;
        await host.StartCampaignAsync("double-ten"); // rates members too (五星级 rates organizations only)
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        Assert.True((await host.OpenTasksAsync("pledge")).Count < 6);

        await host.Get<WorkflowJobs>().StartQueuedChildrenAsync();
        // The town, its two branches, and branch A's three members.
        Assert.Equal(6, (await host.OpenTasksAsync("pledge")).Count);
        Assert.Equal(0L, await host.ScalarAsync<long>("select count(*) from queued_starts"));
    }
}

public sealed class SqliteQueuedFanOutTests() : QueuedFanOutTests(TestDatabases.Sqlite);

public sealed class PostgresQueuedFanOutTests() : QueuedFanOutTests(TestDatabases.Postgres);
