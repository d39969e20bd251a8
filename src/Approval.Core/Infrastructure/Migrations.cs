using System.Reflection;
using DbUp;
using DbUp.Engine;

namespace Approval.Core.Infrastructure;

/// <summary>
/// Applies the SQL files of <c>migrations/&lt;provider&gt;/</c> (embedded in this assembly) with DbUp, journaled in
/// <c>schema_versions</c>. Refuses a database that has scripts this code does not know: it is newer than the code.
/// </summary>
public static class Migrations
{
    public static void Apply(Database database)
    {
        if (database.IsSqlite) EnableWriteAheadLog(database);
        var folder = database.Dialect.MigrationsFolder;
        var assembly = typeof(Migrations).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{folder}.";
        var builder = database.IsSqlite
            ? DeployChanges.To.SqliteDatabase(database.ConnectionString)
            : DeployChanges.To.PostgresqlDatabase(database.ConnectionString);
        var upgrader = builder
            .WithScriptsEmbeddedInAssembly(assembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

        var known = upgrader.GetDiscoveredScripts().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var unknown = upgrader.GetExecutedScripts().Where(name => !known.Contains(name)).ToList();
        if (unknown.Count > 0)
            throw new InvalidOperationException(
                $"The database is newer than this version of Approval: it has migrations this code does not know ({string.Join(", ", unknown)}). Upgrade the application.");

        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
    }

    private static void EnableWriteAheadLog(Database database)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "pragma journal_mode = wal;";
        command.ExecuteNonQuery();
    }
}
