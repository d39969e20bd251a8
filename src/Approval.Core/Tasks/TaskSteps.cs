using Approval.Engine.Model;
using Approval.Engine.Runtime;

namespace Approval.Core.Tasks;

/// <summary>
/// The steps (user tasks) of the deployed processes by name, for the inbox's step filter. Read from the definitions,
/// since grouping the tasks table by step reads every task (420,000 in a city's campaign), and kept until a
/// deployment changes the list: one query a page instead of one per process (each a round trip on PostgreSQL).
/// </summary>
public sealed class TaskSteps(WorkflowRuntime runtime)
{
    private static readonly StringComparer ByName = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"), false);
    private volatile Snapshot? _last;

    private sealed record Snapshot(string Deployed, IReadOnlyList<(string Id, string Name)> Steps);

    public async Task<IReadOnlyList<(string Id, string Name)>> ListAsync()
    {
        var definitions = await runtime.ListDefinitionsAsync();
        var deployed = string.Join(',', definitions.Select(d => d.Id).Order(StringComparer.Ordinal));
        if (_last is { } last && last.Deployed == deployed) return last.Steps;
        var steps = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in definitions.Select(d => d.Key).Distinct())
            if (await runtime.FindProcessAsync(key) is { } process)
                foreach (var task in process.AllNodes.OfType<UserTask>()) steps.TryAdd(task.Id, task.Name ?? task.Id);
        var list = steps.OrderBy(s => s.Value, ByName).Select(s => (s.Key, s.Value)).ToList();
        _last = new Snapshot(deployed, list);
        return list;
    }
}
