using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Approval.Core.Infrastructure;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Opens connections to the configured database. SQLite allows one writer at a time, so writers queue on an
/// in-process lock instead of spinning on SQLITE_BUSY; PostgreSQL writers run concurrently and rely on row
/// versions and <c>for update skip locked</c>.
/// </summary>
public sealed class Database : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    public Database(DatabaseProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Provider = provider;
        ConnectionString = connectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            // Every read opens a pooled connection and gives it back; the app keeps no session state (no SET, no
            // temporary tables, no LISTEN), so the DISCARD ALL a pooled connection runs on its next use is work
            // for nothing on every page (issue 15).
            builder.ConnectionStringBuilder.NoResetOnClose = true;
            _postgres = builder.Build();
        }
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    /// <summary>Where this database's SQL differs from the other's.</summary>
    public SqlDialect Dialect => SqlDialect.Of(Provider);

    /// <summary>Held around every SQLite write transaction; never taken for PostgreSQL.</summary>
    public SemaphoreSlim SqliteWriteLock { get; } = new(1, 1);

    public static Database Sqlite(string path) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString());

    public async Task<DbConnection> OpenAsync(CancellationToken ct = default)
    {
        if (_postgres is not null) return await _postgres.OpenConnectionAsync(ct);
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(ct);
        // WAL (set once, it persists in the file) lets readers work while one writer commits; NORMAL syncs at
        // checkpoints, which WAL keeps consistent. Pooled connections keep these settings; setting them is cheap.
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = SqlitePragmas;
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>
    /// A connection opened synchronously, for the few lookups that answer a synchronous question and miss their
    /// cache (an organization's path, a scheme version another node stored): honest blocking I/O, not a wait on a task.
    /// </summary>
    public DbConnection Open()
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = SqlitePragmas;
        pragma.ExecuteNonQuery();
        return connection;
    }

    private const string SqlitePragmas = "pragma synchronous = normal; pragma foreign_keys = on; pragma cache_size = -32768; pragma wal_autocheckpoint = 10000;";

    /// <summary>
    /// One write transaction: on SQLite behind the single-writer lock (queue, don't spin on SQLITE_BUSY), committed
    /// when <paramref name="work"/> returns, rolled back when it throws.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct = default)
    {
        if (IsSqlite) await SqliteWriteLock.WaitAsync(ct);
        try
        {
            await using var connection = await OpenAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(ct);
            return result;
        }
        finally
        {
            if (IsSqlite) SqliteWriteLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
    }

    public void Dispose() => _postgres?.Dispose();
}
