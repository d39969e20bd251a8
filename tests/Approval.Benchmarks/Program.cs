using Approval.Benchmarks;

// dotnet run -c Release --project tests/Approval.Benchmarks -- engine [instances]
// dotnet run -c Release --project tests/Approval.Benchmarks -- scoring [organizations] [members]
// dotnet run -c Release --project tests/Approval.Benchmarks -- campaign [organizations] [members] [sqlite|postgres]
// dotnet run -c Release --project tests/Approval.Benchmarks -- reminders [tasks] [sqlite|postgres]
// dotnet run -c Release --project tests/Approval.Benchmarks -- pages [sqlite|postgres] [organizations] [members]
// dotnet run -c Release --project tests/Approval.Benchmarks -- corpus <directory> [problems.tsv]   (not timed)
// PostgreSQL: APPROVAL_BENCH_POSTGRES (or APPROVAL_TEST_POSTGRES) names a server; each run uses a fresh database.
var command = args.FirstOrDefault() ?? "engine";
switch (command)
{
    case "engine":
        await EngineBenchmark.RunAsync(Size(1, 10_000));
        return 0;
    case "scoring":
        await ScoringBenchmark.RunAsync(Size(1, 20_000), Size(2, 400_000));
        return 0;
    case "campaign":
        return await CampaignBenchmark.RunAsync(Size(1, 20_000), Size(2, 400_000), args.Length > 3 ? args[3] : null);
    case "reminders":
        return await ReminderBenchmark.RunAsync(Size(1, 400_000), args.Length > 2 ? args[2] : null);
    case "pages":
        return await PagesBenchmark.RunAsync(Size(2, 20_000), Size(3, 400_000), args.Length > 1 ? args[1] : null);
    case "corpus" when args.Length > 1:
        return CorpusReport.Run(args[1], args.Length > 2 ? args[2] : null);
    default:
        Console.Error.WriteLine($"Unknown benchmark '{command}' or a missing argument. Known: engine, scoring, campaign, reminders, pages, corpus <directory>");
        return 2;
}

int Size(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
