using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Approval.Core;
using Approval.Core.Infrastructure;
using Approval.Core.Reminders;
using Approval.Engine.Runtime;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Benchmarks;

/// <summary>
/// A campaign-wide deadline tomorrow: every one of the open tasks (20 per branch of a generated city) reaches its
/// one-day-before reminder at once. Times the reminder round the sweep job runs: deciding every due reminder
/// (recorded, each task's next moment stored) and the day's digest (recipients resolved, one mail per user queued
/// in the outbox). The baseline is a raw insert of the same reminder rows, in the same batches, on the same database.
/// </summary>
internal static class ReminderBenchmark
{
    private static readonly DateTimeOffset Now = new(2027, 2, 28, 9, 0, 0, TimeSpan.FromHours(8));
    private const int BatchSize = 5_000;

    public static async Task<int> RunAsync(int tasks, string? provider)
    {
        var providers = provider is null ? [DatabaseProvider.Postgres, DatabaseProvider.Sqlite] : new[] { Enum.Parse<DatabaseProvider>(provider, ignoreCase: true) };
        var roster = BenchRoster.Generate(Math.Max(4, tasks / 20), 0);
        var branches = roster.Organizations.Where(o => o.Kind == "branch").ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Workload: {tasks:N0} open tasks (20 per branch, {branches.Count:N0} branches of {roster.Describe()}), each with the policy"));
        Console.WriteLine("          remindBefore P3D,P1D · remindEvery P1D · escalateAfter P2D and its deadline tomorrow: one 'before' reminder each is due;");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"          one secretary (with an address) per branch: {branches.Count:N0} digests. Batches of {BatchSize:N0} tasks per transaction."));
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine();
        foreach (var each in providers)
        {
            if (each == DatabaseProvider.Postgres && BenchDatabases.PostgresServer is null)
            {
                Console.WriteLine("Postgres: skipped (set APPROVAL_BENCH_POSTGRES to a server connection string)");
                continue;
            }
            await MeasureAsync(each, roster, branches, tasks);
        }
        return 0;
    }

    private static async Task MeasureAsync(DatabaseProvider provider, BenchRoster roster, IReadOnlyList<BenchRoster.Org> branches, int count)
    {
        var (database, drop) = BenchDatabases.Create(provider);
        try
        {
            await roster.SeedAsync(database);
            var seed = Stopwatch.StartNew();
            await SeedAsync(database, branches, count);
            seed.Stop();
            await using var services = BenchDatabases.Services(database, Now,
                ("Approval:Reminders:SweepBatchSize", BatchSize.ToString(CultureInfo.InvariantCulture)));

            var round = Stopwatch.StartNew();
            var swept = await services.GetRequiredService<ReminderSweep>().RunAsync();
            var decided = round.Elapsed;
            var digest = await services.GetRequiredService<ReminderService>().DigestIfDueAsync();
            round.Stop();
            if (swept.Reminders != count || digest?.Mails != branches.Count)
                throw new InvalidOperationException($"Expected {count:N0} reminders and {branches.Count:N0} digests, got {swept.Reminders:N0} and {digest?.Mails:N0}.");

            var baseline = Stopwatch.StartNew();
            await RawInsertAsync(database, count);
            baseline.Stop();

            Console.WriteLine($"{provider}:");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seeded                   {count,10:N0} tasks in {seed.Elapsed.TotalSeconds:N1} s (not timed below)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  decide                   {decided.TotalSeconds,10:N2} s  {swept.Reminders:N0} reminders recorded, {swept.Tasks:N0} tasks moved to their next moment ({swept.Reminders / decided.TotalSeconds:N0}/s)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  digest                   {(round.Elapsed - decided).TotalSeconds,10:N2} s  {digest!.Mails:N0} mails queued (one per user), {digest.Sent:N0} reminders marked sent"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  decide and enqueue       {round.Elapsed.TotalSeconds,10:N2} s  {(provider == DatabaseProvider.Postgres ? round.Elapsed < TimeSpan.FromSeconds(30) ? "target met (under 30 s on PostgreSQL)" : "target MISSED (under 30 s on PostgreSQL)" : "")}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  baseline                 {baseline.Elapsed.TotalSeconds,10:N2} s  raw insert of the same {count:N0} reminder rows in the same batches"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ratio                    {round.Elapsed / baseline.Elapsed,10:N1}x the baseline's time"));
            Console.WriteLine();
        }
        finally
        {
            await drop();
        }
    }

    /// <summary>The open tasks, their candidate group, and one secretary per branch, written directly (not timed).</summary>
    private static Task SeedAsync(Database database, IReadOnlyList<BenchRoster.Org> branches, int count) => database.WriteAsync(async (c, t) =>
    {
        var due = Now.AddDays(1).AddMinutes(-1);
        var created = Now.AddDays(-30);
        var extensions = JsonSerializer.Serialize(new Dictionary<string, string> { ["remindBefore"] = "P3D,P1D", ["remindEvery"] = "P1D", ["escalateAfter"] = "P2D" }, StoreJson.Options);
        var rows = Enumerable.Range(0, count).Select(i => (Id: $"task-{i}", Org: branches[i % branches.Count].Id)).ToList();
        foreach (var chunk in rows.Chunk(20_000))
        {
            await new SqlBatch().InsertRows("tasks",
                "id, instance_id, definition_key, element_id, name, org_id, form_key, priority, due_at, status, created_at, extensions",
                chunk, r => [r.Id, "instance-" + r.Id, "member-cycle", "pledge", "党员承诺", r.Org, "pledge", 50, EpochTime.ToMs(due), "open",
                             EpochTime.ToMs(created), extensions]).ExecuteAsync(c, t);
            await new SqlBatch().InsertRows("task_reminders", "task_id, next_at", chunk, r => [r.Id, EpochTime.ToMs(due.AddDays(-1))]).ExecuteAsync(c, t);
            await new SqlBatch().InsertRows("task_candidates", "task_id, kind, value", chunk, r => [r.Id, "group", "secretary"]).ExecuteAsync(c, t);
        }
        foreach (var chunk in branches.Chunk(20_000))
        {
            await new SqlBatch().InsertRows("users", "id, login, display_name, email, created_at", chunk,
                b => ["user-" + b.Id, "sec-" + b.Id, b.Name + "书记", $"sec-{b.Id}@bench.example", 0L]).ExecuteAsync(c, t);
            await new SqlBatch().InsertRows("user_roles", "user_id, role, org_id", chunk, b => ["user-" + b.Id, "secretary", b.Id]).ExecuteAsync(c, t);
        }
        return true;
    });

    /// <summary>The same reminder rows, inserted raw in transactions of the sweep's batch size.</summary>
    private static async Task RawInsertAsync(Database database, int count)
    {
        var at = EpochTime.ToMs(Now);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(BatchSize))
            await database.WriteAsync(async (c, t) =>
            {
                await new SqlBatch().InsertRows("reminders", "task_id, kind, at, created_at, status", chunk,
                    i => [$"raw-{i}", "before", at, at, "pending"]).ExecuteAsync(c, t);
                return true;
            });
    }
}
