using Approval.Core.Infrastructure;
using Npgsql;

namespace Approval.Core.Tests;

/// <summary>
/// Fresh, migrated databases for tests: a temporary SQLite file, or a new PostgreSQL database on the server that
/// tests/run.sh starts (APPROVAL_TEST_POSTGRES). A missing PostgreSQL is a failure, never a silent pass.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "APPROVAL_TEST_POSTGRES";

    public static (Database Database, Action Cleanup) Sqlite()
    {
        var path = Path.Combine(Path.GetTempPath(), $"approval-test-{Guid.NewGuid():N}.db");
        var database = Database.Sqlite(path);
        Migrations.Apply(database);
        return (database, () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        });
    }

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"PostgreSQL is not configured: set {PostgresVariable} to a server connection string, or run tests/run.sh, which starts one.");

    public static (Database Database, Action Cleanup) Postgres()
    {
        var server = PostgresServer;
        var name = $"approval_test_{Guid.NewGuid():N}";
        using (var admin = new NpgsqlConnection(server))
        {
            admin.Open();
            using var create = new NpgsqlCommand($"create database {name}", admin);
            create.ExecuteNonQuery();
        }
        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        var database = new Database(DatabaseProvider.Postgres, builder.ToString());
        Migrations.Apply(database);
        return (database, () =>
        {
            database.Dispose();
            NpgsqlConnection.ClearAllPools();
            using var admin = new NpgsqlConnection(server);
            admin.Open();
            using var drop = new NpgsqlCommand($"drop database if exists {name} with (force)", admin);
            drop.ExecuteNonQuery();
        });
    }
}
