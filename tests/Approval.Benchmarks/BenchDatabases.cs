using Approval.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Approval.Core.Infrastructure;
using Npgsql;

namespace Approval.Benchmarks;

/// <summary>A fresh, migrated database per measurement, removed afterwards.</summary>
internal static class BenchDatabases
{
    /// <summary>The application's services on <paramref name="database"/>, the manual clock at <paramref name="clockStart"/>.</summary>
    public static ServiceProvider Services(Database database, DateTimeOffset clockStart, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Approval:Database"] = database.Provider.ToString(),
            ["Approval:Clock"] = "Manual",
            ["Approval:ClockStart"] = clockStart.ToString("O"),
            ["ConnectionStrings:Approval"] = database.ConnectionString,
        };
        foreach (var (key, value) in settings) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddApprovalCore(configuration).BuildServiceProvider();
    }

    public static string? PostgresServer =>
        Environment.GetEnvironmentVariable("APPROVAL_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
        : Environment.GetEnvironmentVariable("APPROVAL_TEST_POSTGRES") is { Length: > 0 } test ? test : null;

    /// <summary>APPROVAL_BENCH_KEEP=1 keeps the database for a look at what the run wrote (row sizes, plans, the pages).</summary>
    public static bool Keep => Environment.GetEnvironmentVariable("APPROVAL_BENCH_KEEP") == "1";

    /// <summary>A database an earlier run kept (a SQLite file's path or a PostgreSQL database's name), brought up to the current migrations and kept again.</summary>
    public static (Database Database, Func<Task> Drop) Open(DatabaseProvider provider, string name)
    {
        var database = provider == DatabaseProvider.Sqlite
            ? Database.Sqlite(File.Exists(name) ? name : throw new FileNotFoundException($"No kept city at {name}."))
            : new Database(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(PostgresServer
                ?? throw new InvalidOperationException("Set APPROVAL_BENCH_POSTGRES to a PostgreSQL server connection string.")) { Database = name }.ToString());
        Migrations.Apply(database);
        return (database, async () =>
        {
            await database.DisposeAsync();
            Console.WriteLine($"  database kept: {name}");
        });
    }

    public static (Database Database, Func<Task> Drop) Create(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = Path.Combine(Path.GetTempPath(), $"approval-bench-{Guid.NewGuid():N}.db");
            var sqlite = Database.Sqlite(path);
            Migrations.Apply(sqlite);
            return (sqlite, () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (Keep)
                {
                    Console.WriteLine($"  database kept at {path}");
                    return Task.CompletedTask;
                }
                foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
                return Task.CompletedTask;
            });
        }
        var server = PostgresServer ?? throw new InvalidOperationException("Set APPROVAL_BENCH_POSTGRES to a PostgreSQL server connection string.");
        var name = $"approval_bench_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            new NpgsqlCommand($"create database {name}", admin).ExecuteNonQuery();
        }
        var database = new Database(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString());
        Migrations.Apply(database);
        return (database, async () =>
        {
            await database.DisposeAsync();
            NpgsqlConnection.ClearAllPools();
            if (Keep)
            {
                Console.WriteLine($"  database kept: {name} on {new NpgsqlConnectionStringBuilder(server).Host}");
                return;
            }
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await new NpgsqlCommand($"drop database if exists {name} with (force)", admin).ExecuteNonQueryAsync();
        });
    }
}
