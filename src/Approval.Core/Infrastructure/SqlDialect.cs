using System.Data.Common;
using Npgsql;

namespace Approval.Core.Infrastructure;

/// <summary>
/// Every place the SQL the stores write differs between SQLite and PostgreSQL, decided here once (issue 16 §1),
/// instead of each store testing the connection's type or the provider in its own words. Obtained from the
/// <see cref="Database"/> (<c>database.Dialect</c>) or, inside a transaction's work that holds only a connection,
/// from the connection (<see cref="Of"/>).
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    public static SqlDialect Of(DbConnection connection) => connection is NpgsqlConnection ? Postgres : Sqlite;

    public static SqlDialect Of(DatabaseProvider provider) => provider == DatabaseProvider.Postgres ? Postgres : Sqlite;

    /// <summary>The folder under <c>migrations/</c> holding this dialect's scripts.</summary>
    public abstract string MigrationsFolder { get; }

    /// <summary>
    /// "column is one of the list in @parameter": PostgreSQL takes the list as one array parameter (Dapper does not
    /// expand lists for Npgsql), SQLite as an expanded <c>in (...)</c>.
    /// </summary>
    public abstract string InList(string column, string parameter);

    /// <summary>
    /// How many ids one <see cref="InList"/> carries: SQLite expands a list into one parameter per id (and a query
    /// has at most 32,766), PostgreSQL sends one array.
    /// </summary>
    public abstract int ListChunk { get; }

    /// <summary>A boolean literal: SQLite stores booleans as integers.</summary>
    public abstract string Bool(bool value);

    /// <summary>
    /// Appended to a select that picks rows to claim: PostgreSQL locks them and skips rows another node is claiming
    /// right now (several nodes share one database); SQLite has one writer at a time and needs nothing.
    /// </summary>
    public abstract string SkipLocked(string? table = null);

    /// <summary>Appended to a select whose rows must stay locked until commit (PostgreSQL); nothing on SQLite.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>
    /// Whether a batch is sent as arrays in one statement (<c>unnest(@a, @b)</c>, PostgreSQL) rather than one prepared
    /// statement per row inside the transaction (SQLite, where that is as fast and arrays do not exist).
    /// </summary>
    public abstract bool TakesArrays { get; }

    /// <summary>
    /// Whether a trigger counts the tasks a statement inserts into <c>open_task_counts</c> (PostgreSQL: one grouped
    /// upsert per statement, migration 0022). SQLite has only row triggers, and one per task cost a tenth of a
    /// campaign's start (issue 15), so there the store counts the tasks it inserts in the same batch (migration 0024).
    /// </summary>
    public abstract bool CountsInsertedTasks { get; }

    private sealed class SqliteDialect : SqlDialect
    {
        public override string MigrationsFolder => "sqlite";
        public override string InList(string column, string parameter) => $"{column} in @{parameter}";
        public override int ListChunk => 500;
        public override string Bool(bool value) => value ? "1" : "0";
        public override string SkipLocked(string? table = null) => "";
        public override string ForUpdate => "";
        public override bool TakesArrays => false;
        public override bool CountsInsertedTasks => false;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override string MigrationsFolder => "postgres";
        public override string InList(string column, string parameter) => $"{column} = any(@{parameter})";
        public override int ListChunk => 10_000;
        public override string Bool(bool value) => value ? "true" : "false";
        public override string SkipLocked(string? table = null) => table is null ? " for update skip locked" : $" for update of {table} skip locked";
        public override string ForUpdate => " for update";
        public override bool TakesArrays => true;
        public override bool CountsInsertedTasks => true;
    }
}
