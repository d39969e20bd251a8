using System.Diagnostics;
using System.Globalization;
using Approval.Core;
using Approval.Core.Campaigns;
using Approval.Core.Clock;
using Approval.Core.Forms;
using Approval.Core.Infrastructure;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Benchmarks;

/// <summary>
/// A campaign over a generated city (<see cref="BenchRoster"/>) through the application's own services: start the
/// annual campaign, confirm the stars, start the children queued beyond each transaction's inline limit (as the
/// server's sweep job does), until every organization's and member's cycle has its first task (the pledge) open. Compared with the engine benchmark's raw insert baseline (the same 11 rows per instance,
/// one transaction each), measured in the same run on the same database.
/// </summary>
internal static class CampaignBenchmark
{
    private static readonly DateTimeOffset Start = new(2026, 12, 20, 9, 0, 0, TimeSpan.FromHours(8));

    // The baseline's rate is steady after a few thousand rows; on PostgreSQL (one round trip per row) 420,000 would
    // take longer than the campaign itself, so it is measured over at most this many instances.
    private const int BaselineLimit = 50_000;

    public static async Task<int> RunAsync(int organizations, int members, string? provider)
    {
        if (provider is not null) return await MeasureAsync(Enum.Parse<DatabaseProvider>(provider, ignoreCase: true), organizations, members);

        Console.WriteLine($"Workload: start a campaign (double-ten, 2027) over {BenchRoster.Generate(organizations, members).Describe()};");
        Console.WriteLine("          confirm the stars, then wait until every org-cycle and member-cycle instance has its pledge task open");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}; each database runs in its own process, so its peak memory is its own");
        Console.WriteLine();
        foreach (var each in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            if (each == DatabaseProvider.Postgres && BenchDatabases.PostgresServer is null)
            {
                Console.WriteLine("Postgres: skipped (set APPROVAL_BENCH_POSTGRES to a server connection string)");
                continue;
            }
            var exit = await RunChildAsync(organizations, members, each);
            if (exit != 0) return exit;
        }
        return 0;
    }

    /// <summary>Peak working set is per process: one process per database keeps SQLite's peak out of PostgreSQL's figure.</summary>
    private static async Task<int> RunChildAsync(int organizations, int members, DatabaseProvider provider)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(CampaignBenchmark).Assembly.Location);
        foreach (var arg in new[] { "campaign", organizations.ToString(CultureInfo.InvariantCulture), members.ToString(CultureInfo.InvariantCulture), provider.ToString() })
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        return child.ExitCode;
    }

    private static async Task<int> MeasureAsync(DatabaseProvider provider, int organizations, int members)
    {
        var (database, drop) = BenchDatabases.Create(provider);
        try
        {
            var roster = BenchRoster.Generate(organizations, members);
            await using var services = BenchDatabases.Services(database, Start);
            await services.OpenSchemesAsync();
            var db = services.GetRequiredService<Database>();
            await services.GetRequiredService<ShippedWorkflows>().DeployAsync();
            await roster.SeedAsync(db);

            using var sampler = new HeapSampler();
            var watch = Stopwatch.StartNew();
            var (_, confirmed, sweep, pledges) = await StartCampaignAsync(services, roster);
            watch.Stop();
            var elapsed = watch.Elapsed;
            var runtime = services.GetRequiredService<WorkflowRuntime>();
            var instances = await ScalarAsync<long>(db, "select count(*) from instances");
            var rows = new List<string>();
            foreach (var table in new[] { "instances", "executions", "bookmarks", "tasks", "task_candidates", "task_reminders", "timers", "history", "outbox" })
            {
                var count = await ScalarAsync<long>(db, $"select count(*) from {table}");
                rows.Add(string.Create(CultureInfo.InvariantCulture, $"{table} {count / (double)instances:0.##}"));
            }
            var peakWorkingSet = Process.GetCurrentProcess().PeakWorkingSet64;
            var gcPause = GC.GetTotalPauseDuration();
            var gcCounts = $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}";
            var peakHeap = sampler.Stop();

            var baselineCount = (int)Math.Min(instances, BaselineLimit);
            var raw = Stopwatch.StartNew();
            await new RawBaseline(database).InsertStartRowsAsync(baselineCount);
            raw.Stop();

            var rate = instances / elapsed.TotalSeconds;
            var rawRate = baselineCount / raw.Elapsed.TotalSeconds;
            Console.WriteLine($"{provider}:");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  instances created        {instances,10:N0}  ({pledges:N0} pledge tasks open, 1 campaign)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  time to all first tasks  {elapsed.TotalSeconds,10:N2} s  (start + confirm returned after {confirmed.TotalSeconds:N2} s; {sweep.Started:N0} children then started from the queue, {runtime.InlineStartLimit:N0} at most per transaction)"));
            Console.WriteLine($"  rows per instance        {string.Join(", ", rows)}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  instances/s              {rate,10:N0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  peak memory              {peakWorkingSet / 1048576.0,10:N0} MiB working set (process peak), {peakHeap / 1048576.0:N0} MiB managed heap (sampled peak); GC paused {gcPause.TotalSeconds:N1} s over {gcCounts} gen0/1/2 collections"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  baseline                 {rawRate,10:N0}/s  raw Dapper insert of the same 11 rows per instance, one transaction each ({baselineCount:N0} instances in {raw.Elapsed.TotalSeconds:N2} s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio                    {rate / rawRate,10:P0}  of the baseline's rate"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  target                   {(provider == DatabaseProvider.Sqlite ? elapsed < TimeSpan.FromMinutes(2) ? "met" : "MISSED" : "n/a"),10}  (under 2 minutes on SQLite)"));
            Console.WriteLine();
            return 0;
        }
        finally
        {
            await drop();
        }
    }

    /// <summary>
    /// What the benchmark times, also the pages benchmark's city: start the campaign, confirm the stars, start the
    /// children queued beyond the inline limit (as the sweep job does), and check every pledge task is open.
    /// </summary>
    public static async Task<(string CampaignId, TimeSpan Confirmed, StartSweepResult Sweep, long Pledges)> StartCampaignAsync(
        IServiceProvider services, BenchRoster roster)
    {
        var db = services.GetRequiredService<Database>();
        var watch = Stopwatch.StartNew();
        var (campaignId, problems) = await services.GetRequiredService<CampaignService>()
            .StartAsync(new NewCampaign(null, "double-ten", 2027, roster.Root.Id, null, null), "bench");
        if (campaignId is null) throw new InvalidOperationException(string.Join("; ", problems.Select(p => p.Message)));
        var confirm = await ScalarAsync<string>(db, "select id from tasks where element_id = 'confirm-stars' and status = 'open'");
        var owner = new AppUser("owner", "owner", "owner", null, [new RoleGrant(Roles.OrgDepartment, roster.Root.Id)]);
        var completion = await services.GetRequiredService<TaskCompletion>().CompleteAsync(owner, confirm, new FormSubmission("confirm", null, null));
        if (completion.Status != CompletionStatus.Completed) throw new InvalidOperationException($"confirm-stars: {completion.Status}");
        var confirmed = watch.Elapsed;
        // What the recurring sweep job does in the server: start the children queued beyond the inline limit.
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        var sweep = await runtime.RunQueuedStartsAsync(services.GetRequiredService<NodeIdentity>().Name);
        if (sweep.Failures.Count > 0) throw new InvalidOperationException($"{sweep.Failures.Count} queued starts failed: {sweep.Failures[0].Error}");
        var pledges = await ScalarAsync<long>(db, "select count(*) from tasks where element_id = 'pledge' and status = 'open'");
        var expected = roster.Organizations.Count - 1 + roster.Members.Count; // the root runs the campaign, not a cycle
        if (pledges != expected) throw new InvalidOperationException($"Expected {expected:N0} open pledge tasks, found {pledges:N0}.");
        return (campaignId, confirmed, sweep, pledges);
    }

    private static async Task<T> ScalarAsync<T>(Database database, string sql)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql) ?? throw new InvalidOperationException($"No result: {sql}");
    }

    /// <summary>The managed heap's size, sampled every 50 ms: what the GC actually held, beside the process's working set.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public HeapSampler() => _timer = new Timer(_ => Sample(), null, 0, 50);

        private void Sample()
        {
            var now = GC.GetTotalMemory(false);
            long seen;
            while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen) { }
        }

        public long Stop()
        {
            _timer.Dispose();
            Sample();
            return Interlocked.Read(ref _peak);
        }

        public void Dispose() => _timer.Dispose();
    }
}
