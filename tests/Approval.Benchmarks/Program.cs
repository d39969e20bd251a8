using Approval.Benchmarks;

// dotnet run -c Release --project tests/Approval.Benchmarks -- engine [instances]
// PostgreSQL: APPROVAL_BENCH_POSTGRES (or APPROVAL_TEST_POSTGRES) names a server; each run uses a fresh database.
var command = args.FirstOrDefault() ?? "engine";
switch (command)
{
    case "engine":
        var count = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
        await EngineBenchmark.RunAsync(count);
        return 0;
    default:
        Console.Error.WriteLine($"Unknown benchmark '{command}'. Known: engine");
        return 2;
}
