using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Workflow;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Approval.Engine.Timing;
using Approval.Testing;

namespace Approval.Benchmarks;

/// <summary>
/// N instances of the pledge-like process (start → user task with a due date and a reminder timer → complete →
/// end) through the real runtime and store, one transaction per operation, as the API does them. Each phase is
/// compared with a raw Dapper write of the same rows, one transaction per instance, measured in the same run.
/// </summary>
internal static class EngineBenchmark
{
    public static async Task RunAsync(int count)
    {
        Console.WriteLine($"Workload: {count:N0} instances of 'pledgeCycle' (start → user task with dueDate P30D and a P27D reminder timer → complete → end)");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; one operation per transaction, sequential");
        Console.WriteLine("Each database is warmed up first with 1,000 instances in a scratch database (JIT, pools), then measured on a fresh one.");
        Console.WriteLine();
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            if (provider == DatabaseProvider.Postgres && BenchDatabases.PostgresServer is null)
            {
                Console.WriteLine("Postgres: skipped (set APPROVAL_BENCH_POSTGRES to a server connection string)");
                continue;
            }
            await MeasureAsync(provider, 1_000, report: false);
            await MeasureAsync(provider, count, report: true);
        }
    }

    private static async Task MeasureAsync(DatabaseProvider provider, int count, bool report)
    {
        var (database, drop) = BenchDatabases.Create(provider);
        try
        {
            var clock = new ManualClock(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero));
            var runtime = new WorkflowRuntime(new DapperWorkflowStore(database), clock, new ServiceTaskHandlers(), new DefinitionCache());
            var deployed = await runtime.DeployAsync(TestProcesses.Pledge, "bench");
            if (!deployed.Succeeded) throw new InvalidOperationException(string.Join("; ", deployed.Problems.Select(p => p.Message)));

            var ids = new List<string>(count);
            var starts = await TimeAsync(async () =>
            {
                for (var i = 0; i < count; i++)
                    ids.Add((await runtime.StartAsync("pledgeCycle", variables: Vars(i))).Id);
            });

            clock.Set(clock.GetUtcNow().AddDays(28));
            var fired = 0;
            var timers = await TimeAsync(async () => fired = (await runtime.RunDueTimersAsync("bench", 500)).Fired);
            if (fired != count) throw new InvalidOperationException($"Expected {count} timers to fire, got {fired}.");

            var taskIds = await runtime.Store.ExecuteAsync(async s =>
            {
                var all = new List<string>(count);
                foreach (var id in ids) all.AddRange((await s.ListTasksAsync(id)).Where(t => t.Status == Engine.Runtime.TaskStatus.Open).Select(t => t.Id));
                return all;
            });
            var completions = await TimeAsync(async () =>
            {
                foreach (var taskId in taskIds) await runtime.CompleteTaskAsync(taskId, "bench", "approve");
            });

            var raw = new RawBaseline(database);
            var rawStarts = await TimeAsync(() => raw.InsertStartRowsAsync(count));
            var rawTimers = await TimeAsync(() => raw.WriteTimerRowsAsync(count));
            var rawCompletions = await TimeAsync(() => raw.WriteCompletionRowsAsync(count));

            if (!report) return;
            Console.WriteLine($"{provider}:");
            Report("instances started", count, starts, rawStarts, "raw Dapper insert of the same 11 rows per instance");
            Report("timers fired", fired, timers, rawTimers, "raw Dapper write of the same rows per timer");
            Report("tasks completed", taskIds.Count, completions, rawCompletions, "raw Dapper write of the same rows per completion");
            Console.WriteLine();
        }
        finally
        {
            await drop();
        }
    }

    private static Dictionary<string, JsonElement> Vars(int i) =>
        new() { ["orgId"] = JsonSerializer.SerializeToElement($"branch-{i % 300}") };

    private static async Task<TimeSpan> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed;
    }

    private static void Report(string what, int count, TimeSpan engine, TimeSpan raw, string baseline)
    {
        var rate = count / engine.TotalSeconds;
        var rawRate = count / raw.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what,-18} {rate,9:N0}/s  ({engine.TotalSeconds:N2} s)   baseline {rawRate,9:N0}/s ({baseline})   ratio {rate / rawRate:P0}"));
    }
}
