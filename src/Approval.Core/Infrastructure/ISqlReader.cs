using System.Data.Common;
using Dapper;

namespace Approval.Core.Infrastructure;

/// <summary>
/// Reads rows with Dapper, inside a workflow step's transaction (<see cref="Workflow.HandlerContext"/>) or on a page's
/// own connection (<see cref="ConnectionReader"/>), so that one query serves the scoring step and its live preview.
/// </summary>
public interface ISqlReader
{
    Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null);
}

/// <summary>An open connection as an <see cref="ISqlReader"/> (short reads for a page, such as a scoring preview).</summary>
public sealed class ConnectionReader(DbConnection connection) : ISqlReader
{
    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null) => connection.QueryAsync<T>(sql, param);
}
