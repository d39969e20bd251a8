using System.Data.Common;
using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Users;

/// <summary>Who did it and from where: the signed-in actor (null before sign-in) and the client's address.</summary>
public sealed record Actor(string? Login, string? Address)
{
    public static readonly Actor System = new("system", null);
}

public sealed record SecurityEvent(long Id, DateTimeOffset At, string Kind, string? Actor, string? Subject, string? Address, string? Detail);

/// <summary>
/// The append-only security log (issue 14 §2): sign-ins, failures, lockouts, account and role changes, tokens and
/// administrators' actions. The database refuses updates and deletes; rows are written in the transaction of the
/// change they record where there is one, so a change is never without its entry.
/// </summary>
public sealed class SecurityLog(Database database)
{
    public static class Kinds
    {
        public const string SignIn = "sign-in";
        public const string SignInFailed = "sign-in-failed";
        public const string Lockout = "lockout";
        public const string SignOut = "sign-out";
        public const string PasswordChanged = "password-changed";
        public const string PasswordReset = "password-reset";
        public const string UserCreated = "user-created";
        public const string UserChanged = "user-changed";
        public const string UserDisabled = "user-disabled";
        public const string UserEnabled = "user-enabled";
        public const string TokenIssued = "token-issued";
        public const string TokenRevoked = "token-revoked";
        public const string SecondFactorEnabled = "second-factor-enabled";
        public const string SecondFactorDisabled = "second-factor-disabled";
        public const string AdministratorAction = "administrator-action";

        public static readonly IReadOnlyList<string> All =
        [
            SignIn, SignInFailed, Lockout, SignOut, PasswordChanged, PasswordReset, UserCreated, UserChanged,
            UserDisabled, UserEnabled, TokenIssued, TokenRevoked, SecondFactorEnabled, SecondFactorDisabled, AdministratorAction,
        ];
    }

    private const int DetailLimit = 500;

    /// <summary>Writes one entry on its own (sign-in events, administrators' actions).</summary>
    public Task WriteAsync(string kind, Actor actor, string? subject, string? detail = null) =>
        database.WriteAsync((connection, transaction) => WriteAsync(connection, transaction, kind, actor, subject, detail));

    /// <summary>Writes one entry inside the caller's transaction (the change it records).</summary>
    public static Task<int> WriteAsync(DbConnection connection, DbTransaction transaction, string kind, Actor actor, string? subject, string? detail = null) =>
        connection.ExecuteAsync(
            "insert into security_log (at, kind, actor, subject, address, detail) values (@at, @kind, @login, @subject, @address, @detail)",
            new
            {
                // Real time, like sessions and tokens: the log records when it happened, not where the demo clock stands.
                at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), kind, login = Clip(actor.Login, 64), subject = Clip(subject, 200),
                address = Clip(actor.Address, 64), detail = Clip(detail, DetailLimit),
            }, transaction);

    /// <summary>One page, newest first, filtered by kind and by a login (as actor or subject); <paramref name="before"/> is the last id of the previous page.</summary>
    public async Task<IReadOnlyList<SecurityEvent>> PageAsync(string? kind, string? login, long? before, int size)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(long Id, long At, string Kind, string? Actor, string? Subject, string? Address, string? Detail)>(
            """
            select id, at, kind, actor, subject, address, detail from security_log
            where (@kind is null or kind = @kind) and (@login is null or actor = @login or subject = @login) and (@before is null or id < @before)
            order by id desc limit @size
            """, new { kind, login, before, size });
        return rows.Select(r => new SecurityEvent(r.Id, DateTimeOffset.FromUnixTimeMilliseconds(r.At), r.Kind, r.Actor, r.Subject, r.Address, r.Detail)).ToList();
    }

    private static string? Clip(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
