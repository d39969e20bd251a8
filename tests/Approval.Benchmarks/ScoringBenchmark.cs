using System.Diagnostics;
using System.Globalization;
using Approval.Core.Infrastructure;
using Approval.Core.Ledger;
using Approval.Core.Schemes;
using Approval.Engine.Timing;
using Dapper;

namespace Approval.Benchmarks;

/// <summary>
/// A year's results for a city: 20,000 organizations rated by the five-star scheme (score, bonuses, deductions,
/// caps) and 400,000 members by the double-ten scheme (votes per star, daily management), of a generated city
/// (<see cref="BenchRoster"/>, the tree the campaign benchmark runs over); then the
/// ledger rows written. Compared with a raw Dapper insert of the same ledger rows in the same run.
/// </summary>
internal static class ScoringBenchmark
{
    public static async Task RunAsync(int organizations, int members)
    {
        Console.WriteLine($"Workload: rate {organizations:N0} organizations (five-star-service) and {members:N0} members (double-ten), write {organizations + members:N0} ledger rows");
        var (catalog, problems) = SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes"));
        if (problems.Count > 0) throw new InvalidOperationException(string.Join("; ", problems));
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres })
        {
            if (provider == DatabaseProvider.Postgres && BenchDatabases.PostgresServer is null)
            {
                Console.WriteLine("Postgres: skipped (set APPROVAL_BENCH_POSTGRES)");
                continue;
            }
            await MeasureAsync(provider, catalog, organizations, members);
        }
    }

    private static async Task MeasureAsync(DatabaseProvider provider, SchemeCatalog catalog, int organizations, int members)
    {
        var (database, drop) = BenchDatabases.Create(provider);
        try
        {
            var roster = BenchRoster.Generate(organizations, members);
            var random = new Random(2026);
            var total = Stopwatch.StartNew();
            var entries = new List<RatingEntry>(organizations + members);
            var fiveStar = catalog.Find("five-star-service")!;
            var doubleTen = catalog.Find("double-ten")!;
            for (var i = 0; i < organizations; i++)
            {
                var result = SchemeEvaluator.Evaluate(fiveStar, OrganizationRequest(random)).Result!;
                entries.Add(Entry("organization", roster.Organizations[i].Id, roster.Organizations[i].Id, fiveStar, result));
            }
            for (var i = 0; i < members; i++)
            {
                var result = SchemeEvaluator.Evaluate(doubleTen, MemberRequest(random)).Result!;
                entries.Add(Entry("member", roster.Members[i].Id, roster.Members[i].OrgId, doubleTen, result));
            }
            var rated = total.Elapsed;
            var ledger = new RatingsLedger(database, new ManualClock(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero)));
            var write = Stopwatch.StartNew();
            await ledger.AppendAsync(entries);
            write.Stop();
            total.Stop();
            var raw = await RawInsertAsync(database, entries);

            var rows = entries.Count;
            Console.WriteLine($"{provider}:");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  rating (scoring + explanations)  {rated.TotalSeconds,6:N2} s  {rows / rated.TotalSeconds,10:N0} subjects/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  ledger write (one transaction)   {write.Elapsed.TotalSeconds,6:N2} s  {rows / write.Elapsed.TotalSeconds,10:N0} rows/s   baseline raw Dapper insert {raw.TotalSeconds:N2} s ({rows / raw.TotalSeconds:N0} rows/s)   ratio {raw.TotalSeconds / write.Elapsed.TotalSeconds:P0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  total                            {total.Elapsed.TotalSeconds,6:N2} s (target: under 30 s on SQLite)"));
        }
        finally
        {
            await drop();
        }
    }

    private static EvaluationRequest OrganizationRequest(Random random)
    {
        string[] levels = ["city", "province", "national"];
        return new EvaluationRequest
        {
            Subject = new Subject("organization", "organ"),
            Score = random.Next(40, 101),
            Facts = new Facts
            {
                SatisfactionRate = random.Next(40, 101) / 100m,
                Commendations = random.Next(10) == 0 ? [levels[random.Next(3)]] : [],
                Criticisms = random.Next(8) == 0 ? ["work-committee"] : [],
                Absences = random.Next(10) == 0 ? random.Next(1, 5) : 0,
                ReelectionOverdueDays = random.Next(20) == 0 ? random.Next(1, 500) : 0,
            },
        };
    }

    private static EvaluationRequest MemberRequest(Random random)
    {
        var votes = new Dictionary<string, VoteCount>();
        foreach (var star in (string[])["purpose", "study", "wealth", "ecology", "civility"])
        {
            var eligible = random.Next(20, 60);
            var approve = (int)(eligible * (0.8 + random.NextDouble() * 0.2));
            votes[star] = new VoteCount(eligible, approve, eligible - approve, 0);
        }
        return new EvaluationRequest { Subject = new Subject("member", "rural"), Votes = votes, DailyStars = new() { ["law"] = random.Next(5) > 0 } };
    }

    private static RatingEntry Entry(string kind, string id, string orgId, RatingScheme scheme, EvaluationResult result) =>
        new(kind, id, orgId, scheme.Key, scheme.Version, 2026, result.Level, result.Qualified, result.Rectification, result.Score, "annual", [], null, "benchmark");

    /// <summary>The same rows with plain Dapper: one parameterized insert per row, one transaction.</summary>
    private static async Task<TimeSpan> RawInsertAsync(Database database, IReadOnlyList<RatingEntry> entries)
    {
        var watch = Stopwatch.StartNew();
        await using var connection = await database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync(
            """
            insert into ratings (subject_kind, subject_id, org_id, scheme_key, scheme_version, year, level, qualified, rectification, score, source, approvals, notice_id, recorded_at, recorded_by)
            values (@SubjectKind, @SubjectId, @OrgId, @SchemeKey, @SchemeVersion, @Year, @Level, @Qualified, @Rectification, @Score, @Source, '[]', null, 0, @RecordedBy)
            """,
            entries.Select(e => new { e.SubjectKind, e.SubjectId, e.OrgId, e.SchemeKey, e.SchemeVersion, e.Year, e.Level, e.Qualified, e.Rectification,
                                      Score = e.Score?.ToString(CultureInfo.InvariantCulture), e.Source, e.RecordedBy }), transaction);
        await transaction.CommitAsync();
        return watch.Elapsed;
    }
}
