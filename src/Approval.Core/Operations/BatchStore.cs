using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Workflow;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Operations;

/// <summary>
/// Batches and their items (migration 0025). A batch's set of instances is fixed when it is created; its progress is
/// counted from its items, so nothing has to keep a counter in step with them.
/// </summary>
public sealed class BatchStore(Database database, TimeProvider clock)
{
    /// <summary>Instances one batch may take (a campaign's cycles fit many times over; beyond it, narrow the filter).</summary>
    public const int MaxItems = 200_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Matching = """
        from instances i
        where i.status = 'running'
          and (@definitionKey is null or i.definition_key = @definitionKey)
          and (@version is null or i.version = @version)
          and (@suspended is null or i.suspended = @suspended)
          and (@prefix is null or i.business_key like @prefix)
          and (@withIncidents = 0 or exists (select 1 from history h where h.instance_id = i.id and h.kind = 'incident'))
        """;

    private static object Args(InstanceFilter f) => new
    {
        definitionKey = f.DefinitionKey, version = f.Version, suspended = f.Suspended is { } s ? (int?)(s ? 1 : 0) : null,
        prefix = string.IsNullOrEmpty(f.BusinessKeyPrefix) ? null : EscapeLike(f.BusinessKeyPrefix) + "%", withIncidents = f.WithIncidents ? 1 : 0,
    };

    private static string EscapeLike(string text) => text.Replace("%", "").Replace("_", "");

    /// <summary>How many running instances the filter takes now (the page asks before the administrator confirms).</summary>
    public async Task<int> CountAsync(InstanceFilter filter)
    {
        await using var connection = await database.OpenAsync();
        if (filter.InstanceIds is { } ids)
            return await connection.ExecuteScalarAsync<int>($"select count(*) from instances where status = @running and {database.Dialect.InList("id", "ids")}",
                new { running = "running", ids = ids.ToArray() });
#pragma warning disable DAP018 // the parameters are in Matching, which the analyzer does not follow through Args
        return await connection.ExecuteScalarAsync<int>($"select count(*) {Matching}", Args(filter));
#pragma warning restore DAP018
    }

    /// <summary>Creates the batch with one pending item per instance the filter takes, in one transaction.</summary>
    public Task<BatchView> CreateAsync(string operation, InstanceFilter filter, string reason, string? targetDefinitionId, string createdBy)
    {
        if (!BatchOperation.All.Contains(operation)) throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not a batch operation.");
        var id = Guid.CreateVersion7().ToString();
        var now = clock.GetUtcNow();
        return database.WriteAsync(async (connection, transaction) =>
        {
            var ids = filter.InstanceIds is { } named
                ? (await connection.QueryAsync<string>(
                    $"select id from instances where status = @running and {database.Dialect.InList("id", "named")} order by started_at, id",
                    new { running = "running", named = named.ToArray() }, transaction)).ToList()
                : (await connection.QueryAsync<string>($"select i.id {Matching} order by i.started_at, i.id limit {MaxItems + 1}", Args(filter), transaction)).ToList();
            if (ids.Count > MaxItems) throw new ArgumentException($"The filter takes more than {MaxItems:N0} instances; narrow it.", nameof(filter));
            await connection.ExecuteAsync(
                """
                insert into batches (id, operation, filter, reason, target_definition_id, status, total, created_by, created_at)
                values (@id, @operation, @filter, @reason, @targetDefinitionId, @status, @total, @createdBy, @at)
                """,
                new { id, operation, filter = JsonSerializer.Serialize(filter, Json), reason, targetDefinitionId, status = BatchStatus.Running,
                      total = ids.Count, createdBy, at = EpochTime.ToMs(now) }, transaction);
            await new SqlBatch().InsertRows("batch_items", "batch_id, instance_id, seq, status", ids.Select((instanceId, seq) => (instanceId, seq)),
                x => [id, x.instanceId, x.seq, "pending"]).ExecuteAsync(connection, transaction);
            return new BatchView(id, operation, filter, reason, targetDefinitionId, BatchStatus.Running, ids.Count, 0, 0, createdBy, now, null);
        });
    }

    public async Task<BatchView?> GetAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        return (await ReadAsync(connection, "where b.id = @id", new { id })).SingleOrDefault();
    }

    /// <summary>Batches, newest first, one page at a time.</summary>
    public async Task<(IReadOnlyList<BatchView> Rows, int Total)> ListAsync(int page, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var connection = await database.OpenAsync();
        var total = await connection.ExecuteScalarAsync<int>("select count(*) from batches");
        var rows = await ReadAsync(connection, "order by b.created_at desc, b.id desc limit @take offset @skip",
            new { take = pageSize, skip = (long)(page - 1) * pageSize });
        return (rows, total);
    }

    /// <summary>Ids of batches still running (the sweep picks them up after a restart).</summary>
    public async Task<IReadOnlyList<string>> RunningAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<string>("select id from batches where status = 'running' order by created_at")).ToList();
    }

    // The caller's condition carries the parameters, which the Dapper analyzer cannot see through the interpolation.
#pragma warning disable DAP018
    private static async Task<IReadOnlyList<BatchView>> ReadAsync(System.Data.Common.DbConnection connection, string where, object args)
    {
        var rows = await connection.QueryAsync<BatchRow>(
            $"""
            select b.id as Id, b.operation as Operation, b.filter as Filter, b.reason as Reason, b.target_definition_id as TargetDefinitionId,
                   b.status as Status, b.total as Total, b.created_by as CreatedBy, b.created_at as CreatedAt, b.finished_at as FinishedAt,
                   (select count(*) from batch_items d where d.batch_id = b.id and d.status = 'done') as Done,
                   (select count(*) from batch_items f where f.batch_id = b.id and f.status = 'failed') as Failed
            from batches b {where}
            """, args);
        return rows.Select(r => r.ToView()).ToList();
    }
#pragma warning restore DAP018

    /// <summary>The items that failed, with why, one page at a time.</summary>
    public async Task<IReadOnlyList<BatchFailure>> FailuresAsync(string id, int take)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<(string InstanceId, string? BusinessKey, string? Error, long? At)>(
            """
            select bi.instance_id, i.business_key, bi.error, bi.at from batch_items bi left join instances i on i.id = bi.instance_id
            where bi.batch_id = @id and bi.status = 'failed' order by bi.seq limit @take
            """, new { id, take })).Select(r => new BatchFailure(r.InstanceId, r.BusinessKey, r.Error ?? "", EpochTime.FromMs(r.At ?? 0))).ToList();
    }

    /// <summary>Pauses a running batch (the job stops before its next item) or lets a paused one run again; false when it is in neither state.</summary>
    public async Task<bool> SetPausedAsync(string id, bool paused)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteAsync("update batches set status = @to where id = @id and status = @from",
            new { id, to = paused ? BatchStatus.Paused : BatchStatus.Running, from = paused ? BatchStatus.Running : BatchStatus.Paused }) == 1;
    }

    internal async Task<string?> StatusAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<string?>("select status from batches where id = @id", new { id });
    }

    internal async Task<IReadOnlyList<string>> PendingAsync(string id, int take)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<string>(
            "select instance_id from batch_items where batch_id = @id and status = 'pending' order by seq limit @take", new { id, take })).ToList();
    }

    /// <summary>
    /// In the item's operation's own transaction: marks it done, or throws when it is no longer pending (another node
    /// did it), which rolls the operation back, so each item's operation commits exactly once.
    /// </summary>
    internal async Task MarkDoneAsync(IWorkflowSession session, string id, string instanceId)
    {
        var tx = (IStepTransaction)session;
        var marked = await tx.Connection.ExecuteAsync(
            "update batch_items set status = 'done', at = @at where batch_id = @id and instance_id = @instanceId and status = 'pending'",
            new { id, instanceId, at = EpochTime.ToMs(clock.GetUtcNow()) }, tx.Transaction);
        if (marked != 1) throw new ItemTakenException(id, instanceId);
    }

    internal Task MarkFailedAsync(string id, string instanceId, string error) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            "update batch_items set status = 'failed', error = @error, at = @at where batch_id = @id and instance_id = @instanceId and status = 'pending'",
            new { id, instanceId, error = error.Length > 1000 ? error[..1000] : error, at = EpochTime.ToMs(clock.GetUtcNow()) }, transaction));

    internal Task FinishAsync(string id) =>
        database.WriteAsync((connection, transaction) => connection.ExecuteAsync(
            """
            update batches set status = 'done', finished_at = @at where id = @id and status = 'running'
              and not exists (select 1 from batch_items where batch_id = @id and status = 'pending')
            """, new { id, at = EpochTime.ToMs(clock.GetUtcNow()) }, transaction));

    private sealed class BatchRow
    {
        public string Id { get; init; } = "";
        public string Operation { get; init; } = "";
        public string Filter { get; init; } = "{}";
        public string Reason { get; init; } = "";
        public string? TargetDefinitionId { get; init; }
        public string Status { get; init; } = "";
        public long Total { get; init; }
        public string CreatedBy { get; init; } = "";
        public long CreatedAt { get; init; }
        public long? FinishedAt { get; init; }
        public long Done { get; init; }
        public long Failed { get; init; }

        public BatchView ToView() => new(Id, Operation, JsonSerializer.Deserialize<InstanceFilter>(Filter, Json)!, Reason, TargetDefinitionId, Status,
            (int)Total, (int)Done, (int)Failed, CreatedBy, EpochTime.FromMs(CreatedAt), EpochTime.FromMs(FinishedAt));
    }
}

/// <summary>The item is no longer pending: another run did it first (the operation that found this is rolled back).</summary>
public sealed class ItemTakenException(string batchId, string instanceId)
    : Exception($"Item {instanceId} of batch {batchId} is no longer pending.");
