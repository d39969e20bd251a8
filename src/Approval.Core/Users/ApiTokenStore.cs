using System.Data.Common;
using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Users;

public sealed record ApiToken(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && ExpiresAt > now;
}

/// <summary>
/// A user's API tokens (issue 14 §2): named, expiring, revocable, kept as SHA-256 hashes and shown once when issued.
/// Expiry runs on real time, as sessions do: moving the demo clock a year ahead must not lock every script out.
/// </summary>
public sealed class ApiTokenStore(Database database)
{
    public const int DefaultDays = 90;
    public const int MaximumDays = 366;
    public const int MaximumActivePerUser = 20;

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>A new token for the user; the caller shows <c>Token</c> once. Null when the user has too many active tokens.</summary>
    public async Task<(ApiToken Issued, string Token)?> IssueAsync(string userId, string login, string name, int days, Actor actor)
    {
        var token = UserStore.NewToken();
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var active = await connection.ExecuteScalarAsync<long>(
                "select count(*) from api_tokens where user_id = @userId and revoked_at is null and expires_at > @now",
                new { userId, now = Now.ToUnixTimeMilliseconds() }, transaction);
            if (active >= MaximumActivePerUser) return ((ApiToken, string)?)null;
            var issued = await InsertAsync(connection, transaction, userId, name, token, days);
            await SecurityLog.WriteAsync(connection, transaction, SecurityLog.Kinds.TokenIssued, actor, login, $"{name} · {days}d");
            return (issued, token);
        });
    }

    /// <summary>Stores a token's hash (also used when a user is created with their first token).</summary>
    public static async Task<ApiToken> InsertAsync(DbConnection connection, DbTransaction transaction, string userId, string name, string token, int days)
    {
        var now = Now;
        var issued = new ApiToken(Guid.CreateVersion7().ToString(), name, now, now.AddDays(days), null, null);
        await connection.ExecuteAsync(
            "insert into api_tokens (id, user_id, name, token_hash, created_at, expires_at) values (@Id, @userId, @Name, @hash, @created, @expires)",
            new { issued.Id, userId, issued.Name, hash = UserStore.Hash(token), created = issued.CreatedAt.ToUnixTimeMilliseconds(), expires = issued.ExpiresAt.ToUnixTimeMilliseconds() },
            transaction);
        return issued;
    }

    public async Task<IReadOnlyList<ApiToken>> ListAsync(string userId)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string Id, string Name, long Created, long Expires, long? Revoked, string? RevokedBy)>(
            "select id, name, created_at, expires_at, revoked_at, revoked_by from api_tokens where user_id = @userId order by created_at desc", new { userId });
        return rows.Select(r => new ApiToken(r.Id, r.Name, DateTimeOffset.FromUnixTimeMilliseconds(r.Created), DateTimeOffset.FromUnixTimeMilliseconds(r.Expires),
            r.Revoked is { } at ? DateTimeOffset.FromUnixTimeMilliseconds(at) : null, r.RevokedBy)).ToList();
    }

    /// <summary>Revokes one of the user's tokens; false when it is not theirs or was already revoked.</summary>
    public async Task<bool> RevokeAsync(string userId, string login, string tokenId, Actor actor) =>
        await database.WriteAsync(async (connection, transaction) =>
        {
            var name = await connection.QueryFirstOrDefaultAsync<string>(
                "select name from api_tokens where id = @tokenId and user_id = @userId and revoked_at is null", new { tokenId, userId }, transaction);
            if (name is null) return false;
            await connection.ExecuteAsync("update api_tokens set revoked_at = @now, revoked_by = @by where id = @tokenId",
                new { tokenId, now = Now.ToUnixTimeMilliseconds(), by = actor.Login }, transaction);
            await SecurityLog.WriteAsync(connection, transaction, SecurityLog.Kinds.TokenRevoked, actor, login, name);
            return true;
        });

    /// <summary>The user id an active token (not revoked, not expired) belongs to.</summary>
    public async Task<string?> FindUserIdAsync(string token)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QueryFirstOrDefaultAsync<string>(
            "select user_id from api_tokens where token_hash = @hash and revoked_at is null and expires_at > @now",
            new { hash = UserStore.Hash(token), now = Now.ToUnixTimeMilliseconds() });
    }
}
