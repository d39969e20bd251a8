using System.Text.Json;
using Approval.Core.Schemes;
using Approval.Engine;
using Approval.Engine.Execution;
using Dapper;

namespace Approval.Core.Workflow;

/// <summary>
/// What a domain service-task handler works with: the instance's variables, typed, and the step's transaction for
/// its reads and writes. They are asynchronous, as the engine awaits each handler inside the step's transaction.
/// </summary>
public sealed class HandlerContext(ServiceTaskContext task) : Infrastructure.ISqlReader
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IStepTransaction _tx = task.Transaction();

    public ServiceTaskContext Task => task;
    public DateTimeOffset Now => task.Now;
    public long NowMs => Infrastructure.EpochTime.ToMs(task.Now);

    public string Text(string name) =>
        TryText(name) ?? throw Fault($"'{task.ElementId}' needs the variable '{name}'.");

    public string? TryText(string name) =>
        task.Variables.TryGetValue(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    public int Int(string name) => task.Variables.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Number
        ? v.GetInt32()
        : int.TryParse(TryText(name), out var i) ? i : throw Fault($"'{task.ElementId}' needs the number '{name}'.");

    public T? Get<T>(string name) =>
        task.Variables.TryGetValue(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined) ? v.Deserialize<T>(Json) : default;

    public void Set<T>(string name, T value) => task.Output[name] = JsonSerializer.SerializeToElement(value, Json);

    public string Attribute(string name) => task.Attributes.GetValueOrDefault(name) ?? "";

    /// <summary>
    /// An object that lives as long as the step's transaction (one per type), for what many steps of one
    /// transaction read alike: a campaign starts an organization's members one after another in one transaction.
    /// A retried transaction is a new one and starts empty; nothing outlives the commit.
    /// </summary>
    public T TransactionCache<T>() where T : class, new() =>
        (T)TransactionCaches.GetOrCreateValue(_tx.Transaction).GetOrAdd(typeof(T), _ => new T());

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<System.Data.Common.DbTransaction,
        System.Collections.Concurrent.ConcurrentDictionary<Type, object>> TransactionCaches = new();

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? param = null) => _tx.Connection.QueryAsync<T>(sql, param, _tx.Transaction);
    public Task<T?> SingleAsync<T>(string sql, object? param = null) => _tx.Connection.QueryFirstOrDefaultAsync<T>(sql, param, _tx.Transaction);
    public Task<int> ExecuteAsync(string sql, object? param = null) => _tx.Connection.ExecuteAsync(sql, param, _tx.Transaction);

    /// <summary>
    /// The rating scheme the instance runs on: <c>schemeKey</c> at <c>schemeVersion</c>, the version its campaign
    /// started with, whatever has been saved since. A missing one faults the step.
    /// </summary>
    public async Task<RatingScheme> SchemeAsync(SchemeCatalog schemes)
    {
        var key = Text("schemeKey");
        var version = task.Variables.TryGetValue("schemeVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : await CampaignSchemeVersionAsync(key);
        return await schemes.FindAsync(key, version) ?? throw Fault(version is null ? $"Scheme '{key}' is not loaded." : $"Scheme '{key}' version {version} is not stored.");
    }

    /// <summary>
    /// Instances started before the cycles passed <c>schemeVersion</c> down (their definitions map only
    /// <c>schemeKey</c>) find it on their campaign's row; with neither, the latest version is meant.
    /// </summary>
    private async Task<int?> CampaignSchemeVersionAsync(string key) =>
        TryText("campaignId") is { } campaignId
            ? await SingleAsync<int?>("select scheme_version from campaigns where id = @campaignId and scheme_key = @key", new { campaignId, key })
            : null;

    /// <summary>The step cannot go on: the instance's data contradicts the database. Thrown, it becomes an incident.</summary>
    public WorkflowFaultException Fault(string message) => new(FaultCodes.HandlerFailed, message, task.ElementId);
}
