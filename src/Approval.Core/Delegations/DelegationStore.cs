using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Delegations;

/// <summary>The delegations table: every read is one range of (delegate, ends_at) or (delegator, ends_at).</summary>
public sealed class DelegationStore(Database database)
{
    /// <summary>Delegations to <c>@login</c> active at <c>@now</c> (the inbox's and the task page's question on every request).</summary>
    public const string ActiveToSql = "select * from delegations where delegate = @login and ends_at > @now and starts_at <= @now order by delegator";

    /// <summary>(delegator, delegate) of the delegations from any of <c>@logins</c> active at <c>@now</c> (reminders: who is away).</summary>
    public static string ActiveFromSql(SqlDialect dialect) =>
        $"select delegator, delegate from delegations where {dialect.InList("delegator", "logins")} and ends_at > @now and starts_at <= @now";

    public async Task<IReadOnlyList<Delegation>> ActiveToAsync(string login, DateTimeOffset now)
    {
        await using var c = await database.OpenAsync();
        return (await c.QueryAsync<Row>(ActiveToSql, new { login, now = EpochTime.ToMs(now) })).Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Whom <paramref name="login"/> has delegated to now, or null (the inbox marks their tasks 已委托).</summary>
    public async Task<string?> DelegateOfAsync(string login, DateTimeOffset now)
    {
        await using var c = await database.OpenAsync();
        return (await c.QueryAsync<(string Delegator, string Delegate)>(ActiveFromSql(database.Dialect), new { logins = new[] { login }, now = EpochTime.ToMs(now) }))
            .Select(r => r.Delegate).FirstOrDefault();
    }

    /// <summary>A person's delegations, given and received, that have not ended before <paramref name="since"/>, soonest first.</summary>
    public async Task<IReadOnlyList<Delegation>> CurrentOfAsync(string login, DateTimeOffset since)
    {
        await using var c = await database.OpenAsync();
        return (await c.QueryAsync<Row>(
            """
            select * from delegations where delegator = @login and ends_at > @since
            union select * from delegations where delegate = @login and ends_at > @since
            order by starts_at, id
            """, new { login, since = EpochTime.ToMs(since) })).Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Delegations given or received by any of <paramref name="logins"/> that share a moment with [from, to).</summary>
    public async Task<IReadOnlyList<Delegation>> OverlappingAsync(IReadOnlyCollection<string> logins, DateTimeOffset from, DateTimeOffset to)
    {
        await using var c = await database.OpenAsync();
        var d = database.Dialect;
        var args = new { logins = logins.ToArray(), from = EpochTime.ToMs(from), to = EpochTime.ToMs(to) };
        return (await c.QueryAsync<Row>(
            $"""
            select * from delegations where {d.InList("delegator", "logins")} and ends_at > @from and starts_at < @to
            union select * from delegations where {d.InList("delegate", "logins")} and ends_at > @from and starts_at < @to
            """, args)).Select(r => r.ToRecord()).ToList();
    }

    public async Task<Delegation?> GetAsync(string id)
    {
        await using var c = await database.OpenAsync();
        return (await c.QueryFirstOrDefaultAsync<Row>("select * from delegations where id = @id", new { id }))?.ToRecord();
    }

    public async Task InsertAsync(Delegation d) =>
        await database.WriteAsync(async (c, t) => await c.ExecuteAsync(
            """
            insert into delegations (id, delegator, delegate, starts_at, ends_at, reason, created_at)
            values (@Id, @Delegator, @Delegate, @StartsAt, @EndsAt, @Reason, @CreatedAt)
            """,
            new { d.Id, d.Delegator, d.Delegate, StartsAt = EpochTime.ToMs(d.StartsAt), EndsAt = EpochTime.ToMs(d.EndsAt), d.Reason, CreatedAt = EpochTime.ToMs(d.CreatedAt) }, t));

    /// <summary>Ends the delegation at <paramref name="at"/> (a future one never starts); false when it had already ended.</summary>
    public async Task<bool> RevokeAsync(string id, string by, DateTimeOffset at) =>
        await database.WriteAsync(async (c, t) => await c.ExecuteAsync(
            """
            update delegations set revoked_at = @at, revoked_by = @by,
                ends_at = case when starts_at > @at then starts_at else @at end
            where id = @id and ends_at > @at
            """, new { id, by, at = EpochTime.ToMs(at) }, t) == 1);

#pragma warning disable IDE1006
    private sealed class Row
    {
        public string id { get; init; } = "";
        public string delegator { get; init; } = "";
        public string @delegate { get; init; } = "";
        public long starts_at { get; init; }
        public long ends_at { get; init; }
        public string reason { get; init; } = "";
        public long created_at { get; init; }
        public long? revoked_at { get; init; }
        public string? revoked_by { get; init; }

        public Delegation ToRecord() => new(id, delegator, @delegate, EpochTime.FromMs(starts_at), EpochTime.FromMs(ends_at), reason,
            EpochTime.FromMs(created_at), EpochTime.FromMs(revoked_at), revoked_by);
    }
#pragma warning restore IDE1006
}
