using System.Data;
using Dapper;

namespace Approval.Core.Infrastructure;

/// <summary>
/// Query parameters added under their '@' names, for statements run once per instance of a campaign's start.
/// Dapper names a parameter without its prefix, and Microsoft.Data.Sqlite then looks it up four times (bare, then
/// each of '@', '$' and ':'), converting the name to UTF-8 for each: measured as a large share of a campaign's start.
/// Npgsql accepts the '@' as well. Values must be plain (no lists for Dapper to expand).
/// </summary>
public sealed class NamedArgs(params (string Name, object? Value)[] values) : SqlMapper.IDynamicParameters
{
    public void AddParameters(IDbCommand command, SqlMapper.Identity identity)
    {
        foreach (var (name, value) in values)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
    }
}
