using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Approval.Core.Infrastructure;

/// <summary>
/// Statements that go to the database together. PostgreSQL gets them as one command: one round trip, rows of an
/// insert as multi-row VALUES. SQLite, which has no round trip to save, gets one command each, and the rows of an
/// insert through one prepared single-row statement (measured: SQLite binds parameters by name in linear time, so a
/// multi-row statement with thousands of parameters costs quadratically). Values always travel as parameters, never as SQL.
/// </summary>
public sealed class SqlBatch
{
    // One statement text with one parameter set, or an insert with one parameter set per row.
    private sealed record Statement(string Sql, DynamicParameters? Parameters, string? Table, string? Columns, List<object?[]>? Rows, string Suffix)
    {
        /// <summary>How one row's parameters become its values: <c>{0}, {1}…</c> by default, or the caller's expressions.</summary>
        public string? Tuple { get; init; }
    }

    private readonly List<Statement> _statements = [];

    public bool IsEmpty => _statements.Count == 0;

    public SqlBatch Append(FormattableString statement)
    {
        var parameters = new DynamicParameters();
        var names = new object[statement.ArgumentCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = $"@a{_statements.Count}_{i}";
            parameters.Add($"a{_statements.Count}_{i}", statement.GetArgument(i));
        }
        _statements.Add(new(string.Format(System.Globalization.CultureInfo.InvariantCulture, statement.Format, names), parameters, null, null, null, ""));
        return this;
    }

    /// <summary>Inserts one row per item: <c>values</c> gives each row's values in column order.</summary>
    public SqlBatch InsertRows<T>(string table, string columns, IEnumerable<T> items, Func<T, object?[]> values, string suffix = "")
    {
        var rows = items.Select(values).ToList();
        if (rows.Count > 0) _statements.Add(new("", null, table, columns, rows, suffix));
        return this;
    }

    /// <summary>
    /// As <see cref="InsertRows{T}"/>, but each row's values are the expressions of <paramref name="tuple"/>, in which
    /// <c>{0}</c>, <c>{1}</c>… stand for the row's parameters: a column can be looked up in the same statement
    /// (<c>(select scope_key from organizations where id = {5})</c>) instead of in a round trip of its own.
    /// </summary>
    public SqlBatch InsertRows<T>(string table, string columns, string tuple, IEnumerable<T> items, Func<T, object?[]> values)
    {
        var rows = items.Select(values).ToList();
        if (rows.Count > 0) _statements.Add(new("", null, table, columns, rows, "") { Tuple = tuple });
        return this;
    }

    public async Task ExecuteAsync(DbConnection connection, DbTransaction transaction)
    {
        if (IsEmpty) return;
        if (connection is SqliteConnection sqlite)
        {
            await ExecuteOnSqliteAsync(sqlite, (SqliteTransaction)transaction);
            return;
        }
        var sql = new List<string>();
        var all = new DynamicParameters();
        var next = 0;
        foreach (var s in _statements)
        {
            if (s.Rows is null)
            {
                sql.Add(s.Sql);
                all.AddDynamicParams(s.Parameters);
                continue;
            }
            // Chunks keep each statement well under PostgreSQL's 65,535 parameters.
            foreach (var chunk in s.Rows.Chunk(Math.Max(1, 20_000 / s.Rows[0].Length)))
                sql.Add(MultiRowInsert(s, chunk, all, ref next));
        }
        await connection.ExecuteAsync(string.Join(";\n", sql), all, transaction);
    }


    /// <summary>
    /// Commands are built here rather than by Dapper: a parameter named with its '@' is found in one lookup, while
    /// Dapper's bare names make Microsoft.Data.Sqlite try each of its three prefixes in turn, converting the name to
    /// UTF-8 for every try (measured: a fifth of a campaign's start went to binding parameters that way).
    /// </summary>
    private async Task ExecuteOnSqliteAsync(SqliteConnection connection, SqliteTransaction transaction)
    {
        foreach (var s in _statements)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (s.Rows is null)
            {
                command.CommandText = s.Sql;
                foreach (var name in s.Parameters!.ParameterNames)
                    command.Parameters.Add(new SqliteParameter("@" + name, SqliteValue(s.Parameters.Get<object?>(name))));
                await command.ExecuteNonQueryAsync();
                continue;
            }
            // One prepared single-row statement, executed once per row with its parameters' values replaced.
            command.CommandText = SingleRowInsert(s);
            var width = s.Rows[0].Length;
            var parameters = new SqliteParameter[width];
            for (var i = 0; i < width; i++) parameters[i] = command.Parameters.Add(new SqliteParameter($"@c{i}", DBNull.Value));
            foreach (var row in s.Rows)
            {
                for (var i = 0; i < width; i++) parameters[i].Value = SqliteValue(row[i]);
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    private static object SqliteValue(object? value) => value switch
    {
        null => DBNull.Value,
        Enum e => Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture),
        _ => value,
    };

    private static string MultiRowInsert(Statement s, IEnumerable<object?[]> rows, DynamicParameters parameters, ref int next)
    {
        var tuples = new List<string>();
        foreach (var row in rows)
        {
            var names = new string[row.Length];
            for (var i = 0; i < row.Length; i++)
            {
                names[i] = $"@p{next}";
                parameters.Add($"p{next++}", row[i]);
            }
            tuples.Add("(" + TupleOf(s, names) + ")");
        }
        return $"insert into {s.Table} ({s.Columns}) values {string.Join(", ", tuples)} {s.Suffix}";
    }

    private static string SingleRowInsert(Statement s)
    {
        var width = s.Rows![0].Length;
        return $"insert into {s.Table} ({s.Columns}) values ({TupleOf(s, Enumerable.Range(0, width).Select(i => $"@c{i}").ToArray())}) {s.Suffix}";
    }

    private static string TupleOf(Statement s, string[] names) =>
        s.Tuple is null ? string.Join(", ", names) : string.Format(System.Globalization.CultureInfo.InvariantCulture, s.Tuple, names);

}
