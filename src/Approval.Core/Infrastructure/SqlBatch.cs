using System.Data.Common;
using Dapper;

namespace Approval.Core.Infrastructure;

/// <summary>
/// Statements that go to the database together: one round trip to PostgreSQL; on SQLite, which has no round trip
/// to save, one command each (measured faster than one multi-statement command there). Values come in through
/// interpolation holes and always become parameters, never SQL text.
/// </summary>
public sealed class SqlBatch
{
    private readonly List<(string Sql, DynamicParameters Parameters)> _statements = [];
    private int _next;

    public bool IsEmpty => _statements.Count == 0;

    public SqlBatch Append(FormattableString statement)
    {
        var parameters = new DynamicParameters();
        var names = new object[statement.ArgumentCount];
        for (var i = 0; i < names.Length; i++) names[i] = Add(parameters, statement.GetArgument(i));
        _statements.Add((string.Format(System.Globalization.CultureInfo.InvariantCulture, statement.Format, names), parameters));
        return this;
    }

    /// <summary>One insert with a VALUES row per item: <c>values</c> gives each row's values in column order.</summary>
    public SqlBatch InsertRows<T>(string table, string columns, IEnumerable<T> items, Func<T, object?[]> values, string suffix = "")
    {
        // Chunks keep every statement far below the parameter limits (SQLite 32766, PostgreSQL 65535).
        foreach (var chunk in items.Chunk(500))
        {
            var parameters = new DynamicParameters();
            var rows = chunk.Select(item => $"({string.Join(", ", values(item).Select(v => Add(parameters, v)))})");
            _statements.Add(($"insert into {table} ({columns}) values {string.Join(", ", rows)} {suffix}", parameters));
        }
        return this;
    }

    private string Add(DynamicParameters parameters, object? value)
    {
        var name = $"p{_next++}";
        parameters.Add(name, value);
        return "@" + name;
    }

    public async Task ExecuteAsync(DbConnection connection, DbTransaction transaction)
    {
        if (IsEmpty) return;
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            foreach (var (sql, parameters) in _statements) await connection.ExecuteAsync(sql, parameters, transaction);
            return;
        }
        var all = new DynamicParameters();
        foreach (var (_, parameters) in _statements) all.AddDynamicParams(parameters);
        await connection.ExecuteAsync(string.Join(";\n", _statements.Select(s => s.Sql)), all, transaction);
    }

    public override string ToString() => string.Join(";\n", _statements.Select(s => s.Sql));
}
