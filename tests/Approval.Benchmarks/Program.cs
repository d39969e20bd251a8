using Approval.Benchmarks;

// dotnet run -c Release --project tests/Approval.Benchmarks -- engine [instances]
// dotnet run -c Release --project tests/Approval.Benchmarks -- scoring [organizations] [members]
// PostgreSQL: APPROVAL_BENCH_POSTGRES (or APPROVAL_TEST_POSTGRES) names a server; each run uses a fresh database.
var command = args.FirstOrDefault() ?? "engine";
switch (command)
{
    case "engine":
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        await EngineBenchmark.RunAsync(count);
        return 0;
    case "scoring":
        var organizations = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var members = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 400_000;
        await ScoringBenchmark.RunAsync(organizations, members);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{command}'. Known: engine, scoring");
        return 2;
}
