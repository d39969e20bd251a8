using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Users;

/// <summary>
/// The optional TOTP second factor (issue 14 §2), for administrators and organization departments. Codes are checked
/// against real time (the phone's authenticator knows nothing of the demo clock), and each is accepted once.
/// </summary>
public sealed class SecondFactor(Database database, UserStore users)
{
    public const string Issuer = "星级创建审批系统";

    /// <summary>Turns the factor on once the user proves their app holds <paramref name="secret"/>; false when the code does not match.</summary>
    public async Task<bool> EnableAsync(AppUser user, string secret, string? code, Actor actor)
    {
        if (Totp.Match(secret, code, DateTimeOffset.UtcNow, null) is not { } step) return false;
        await database.WriteAsync(async (connection, transaction) =>
        {
            await SecurityLog.WriteAsync(connection, transaction, SecurityLog.Kinds.SecondFactorEnabled, actor, user.Login);
            return await connection.ExecuteAsync("update users set totp_secret = @secret, totp_last_step = @step where id = @Id",
                new { secret, step, user.Id }, transaction);
        });
        return true;
    }

    /// <summary>Turns the factor off (the user themselves, or an administrator for someone who lost their phone).</summary>
    public async Task DisableAsync(string userId, Actor actor) =>
        await database.WriteAsync(async (connection, transaction) =>
        {
            var login = await connection.QueryFirstOrDefaultAsync<string>("select login from users where id = @userId", new { userId }, transaction);
            await SecurityLog.WriteAsync(connection, transaction, SecurityLog.Kinds.SecondFactorDisabled, actor, login);
            return await connection.ExecuteAsync("update users set totp_secret = null, totp_last_step = null where id = @userId", new { userId }, transaction);
        });

    /// <summary>
    /// Checks a sign-in code. The step it matched is recorded with a conditional update, so the same code sent twice
    /// (or by two requests at once) signs in only once. A failure counts toward the account's lockout, as a wrong
    /// password does (a right one clears the count), and a locked account accepts no code.
    /// </summary>
    public async Task<bool> VerifyAsync(AppUser user, string? code, Actor client)
    {
        if (await users.IsLockedAsync(user.Login)) return false;
        var ok = await database.WriteAsync(async (connection, transaction) =>
        {
            var row = await connection.QueryFirstOrDefaultAsync<(string? Secret, long? LastStep)?>(
                "select totp_secret, totp_last_step from users where id = @Id", new { user.Id }, transaction);
            if (row?.Secret is not { } secret || Totp.Match(secret, code, DateTimeOffset.UtcNow, row.Value.LastStep) is not { } step) return false;
            return await connection.ExecuteAsync(
                "update users set totp_last_step = @step, failed_sign_ins = 0 where id = @Id and (totp_last_step is null or totp_last_step < @step)", new { step, user.Id }, transaction) == 1;
        });
        if (!ok) await users.CountFailureAsync(user.Login, client with { Login = user.Login }, "wrong second-factor code");
        return ok;
    }
}
