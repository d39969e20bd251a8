using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Workflow;
using Approval.Engine.Timing;
using Approval.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>
/// The recurring Hangfire sweep really runs our timers: in-memory storage with SQLite, Hangfire.PostgreSql with
/// PostgreSQL. Time moves on the manual clock without sweeping; then Hangfire's job is triggered.
/// </summary>
public abstract class HangfireWiringTests(DatabaseProvider provider) : IDisposable
{
    private readonly ApprovalFactory _factory = new(provider);

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task TheRecurringSweep_FiresDueTimers()
    {
        var admin = _factory.Admin();
        await admin.PostAsync("/api/definitions", new StringContent(TestProcesses.IntermediateTimers, Encoding.UTF8, "application/xml"));
        var started = await admin.PostAsJsonAsync("/api/instances", new { definitionKey = "timers", variables = new { noticeEnds = "2030-01-01T00:00:00Z" } });
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var clock = (ManualClock)_factory.Services.GetRequiredService<TimeProvider>();
        clock.Set(clock.GetUtcNow().AddHours(3));
        _factory.Services.GetRequiredService<IRecurringJobManager>().Trigger(WorkflowJobs.SweepJobId);

        // Hangfire runs the job on its own worker; wait for its effect, bounded.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string[] active = [];
        while (DateTime.UtcNow < deadline)
        {
            var instance = await admin.GetFromJsonAsync<JsonElement>($"/api/instances/{id}");
            active = instance.GetProperty("activeElementIds").EnumerateArray().Select(e => e.GetString()!).ToArray();
            if (active.SequenceEqual(["afterDuration"])) break;
            await Task.Delay(100);
        }
        Assert.Equal(["afterDuration"], active);
    }
}

public sealed class SqliteHangfireWiringTests() : HangfireWiringTests(DatabaseProvider.Sqlite);

public sealed class PostgresHangfireWiringTests() : HangfireWiringTests(DatabaseProvider.Postgres);
