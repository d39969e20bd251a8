using System.Collections.Concurrent;
using Approval.Core.Infrastructure;
using Approval.Core.Tasks;
using Dapper;

namespace Approval.Core.Orgs;

/// <summary>
/// The tree's paths by organization id, read once and kept: organizations are added far more rarely than scopes
/// are checked. A role held at an organization covers every organization whose path starts with its path.
/// </summary>
public sealed class OrgDirectory(Database database) : IOrgScope
{
    private readonly ConcurrentDictionary<string, string> _paths = new(StringComparer.Ordinal);
    private volatile bool _loaded;

    /// <summary>The first path after every path of a subtree: the closing '/' raised to the next character.</summary>
    public static string PathEnd(string path) => path[..^1] + (char)('/' + 1);

    public void Remember(string id, string path) => _paths[id] = path;

    public bool Covers(string? grantOrgId, string? taskOrgId)
    {
        if (grantOrgId is null) return true;
        if (taskOrgId is null) return false;
        if (grantOrgId == taskOrgId) return true;
        var grant = PathOf(grantOrgId);
        var task = PathOf(taskOrgId);
        return grant is not null && task is not null && task.StartsWith(grant, StringComparison.Ordinal);
    }

    private string? PathOf(string id)
    {
        if (_paths.TryGetValue(id, out var path)) return path;
        if (!_loaded) Load();
        if (_paths.TryGetValue(id, out path)) return path;
        // Added by another node since this one loaded the tree.
        using var connection = database.Open();
        path = connection.QueryFirstOrDefault<string?>("select path from organizations where id = @id", new { id });
        if (path is not null) _paths[id] = path;
        return path;
    }

    private void Load()
    {
        using var connection = database.Open();
        foreach (var (id, path) in connection.Query<(string, string)>("select id, path from organizations")) _paths[id] = path;
        _loaded = true;
    }
}
