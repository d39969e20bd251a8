using System.Data.Common;
using Approval.Core.Infrastructure;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Users;

/// <summary>A token issued (shown once as <c>Token</c>), or the problem that refused it.</summary>
public sealed record TokenIssue(ApiToken? Issued, string? Token, Problem? Problem);

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

    /// <summary>A token that still works: not revoked, not expired at <c>@now</c> (ms).</summary>
    public const string Active = "revoked_at is null and expires_at > @now";

    /// <summary>
    /// A new token for the user, named for what uses it (up to 100 characters) and valid 1 to <see cref="MaximumDays"/>
    /// days (<see cref="DefaultDays"/> unless said); the caller shows <c>Token</c> once. Refused with a problem on
    /// <c>name</c> or <c>days</c>, or when the user already holds <see cref="MaximumActivePerUser"/> active tokens.
    /// </summary>
    public async Task<TokenIssue> IssueAsync(string userId, string login, string? name, int? days, Actor actor)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            return new(null, null, new(string.IsNullOrWhiteSpace(name) ? FieldCodes.Required : FieldCodes.TooLong, "name", "请填写令牌用途（最多100字），例如“数据同步脚本” / name the token (up to 100 characters), e.g. what uses it."));
        if (days is < 1 or > MaximumDays)
            return new(null, null, new(FieldCodes.OutOfRange, "days", $"有效期须为1至{MaximumDays}天 / days must be between 1 and {MaximumDays}."));
        var (label, valid, token) = (name.Trim(), days ?? DefaultDays, UserStore.NewToken());
        return await database.WriteAsync(async (connection, transaction) =>
        {
            var active = await connection.ExecuteScalarAsync<long>(
                $"select count(*) from api_tokens where user_id = @userId and {Active}",
                new { userId, now = Now.ToUnixTimeMilliseconds() }, transaction);
            if (active >= MaximumActivePerUser)
                return new TokenIssue(null, null, new(FieldCodes.TooMany, "name",
                    $"每人最多{MaximumActivePerUser}个有效令牌，请先吊销不用的 / a user holds at most {MaximumActivePerUser} active tokens; revoke one first."));
            var issued = await InsertAsync(connection, transaction, userId, label, token, valid);
            await SecurityLog.WriteAsync(connection, transaction, SecurityLog.Kinds.TokenIssued, actor, login, $"{label} · {valid}d");
            return new TokenIssue(issued, token, null);
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
}
