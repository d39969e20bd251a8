using System.Security.Cryptography;
using System.Text;
using Approval.Core.Infrastructure;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Users;

/// <summary>Users, their roles and their API tokens (kept only as SHA-256 hashes).</summary>
public sealed class UserStore(Database database, TimeProvider clock, SecurityLog log)
{
    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public async Task<AppUser> CreateAsync(string login, string displayName, string token, IEnumerable<RoleGrant> roles, string? email = null, string? password = null,
        bool mustChangePassword = false, Actor? actor = null, IReadOnlyDictionary<string, string>? orgNames = null)
    {
        var passwordHash = password is null ? null : PasswordHash.Create(password);
        var id = Guid.CreateVersion7().ToString();
        var grants = roles.ToList();
        await database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(
                """
                insert into users (id, login, display_name, email, password_hash, created_at, must_change_password)
                values (@id, @login, @displayName, @email, @passwordHash, @at, @must)
                """,
                new { id, login, displayName, email, passwordHash, at = EpochTime.ToMs(clock.GetUtcNow()), must = mustChangePassword ? 1 : 0 }, transaction);
            await ApiTokenStore.InsertAsync(connection, transaction, id, "初始令牌", token, ApiTokenStore.DefaultDays);
            await SecurityLog.WriteAsync(connection, transaction, SecurityLog.Kinds.UserCreated, actor ?? Actor.System, login, RoleGrant.Describe(grants, orgNames));
            return await connection.ExecuteAsync("insert into user_roles (user_id, role, org_id) values (@id, @Role, @OrgId)",
                grants.Select(g => new { id, g.Role, g.OrgId }), transaction);
        });
        return new AppUser(id, login, displayName, email, grants) { MustChangePassword = mustChangePassword };
    }

    public async Task<bool> ExistsAsync(string login)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from users where login = @login", new { login }) > 0;
    }

    /// <summary>
    /// The user of an active API token (not expired, not revoked), unless the account is disabled: one query on every
    /// API request. Expiry is real time (<see cref="ApiTokenStore"/>).
    /// </summary>
    public Task<AppUser?> FindByTokenAsync(string token) =>
        FindAsync($"{SelectUser} where disabled_at is null and id in (select user_id from api_tokens where token_hash = @key and {ApiTokenStore.Active})",
            new { key = Hash(token), now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });

    /// <summary>The user when the login exists, is enabled and the password matches its hash; null otherwise (the same for all).</summary>
    public async Task<AppUser?> FindByPasswordAsync(string login, string password) => (await SignInAsync(login, password)).User;

    /// <summary>Wrong passwords in a row that lock an account, and for how long (per account, beside the per-address limit).</summary>
    public const int LockoutFailures = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A password sign-in: the user, or why not. An unknown login costs the same hashing as a wrong password; a locked
    /// account refuses even the right password until its lock ends; a disabled one refuses always; a hash of an older
    /// work factor is replaced. Failures and lockouts go to the security log; the caller logs the sign-in itself, once
    /// any second factor has been given. Without <paramref name="client"/> (a check of the current password, the demo's
    /// probe) nothing is logged, though a wrong password still counts toward the lockout.
    /// </summary>
    public async Task<(AppUser? User, bool Locked)> SignInAsync(string login, string password, Actor? client = null)
    {
        (string? hash, long failed, long? locked_until, long? disabled_at)? row;
        await using (var connection = await database.OpenAsync())
            row = await connection.QueryFirstOrDefaultAsync<(string? hash, long failed, long? locked_until, long? disabled_at)?>(
                "select password_hash, failed_sign_ins, locked_until, disabled_at from users where login = @login", new { login });
        var now = EpochTime.ToMs(clock.GetUtcNow());
        var valid = PasswordHash.Verify(password, row?.hash);
        var actor = client is null ? null : client with { Login = login };
        if (row is null || row.Value.disabled_at is not null)
        {
            if (actor is not null) await log.WriteAsync(SecurityLog.Kinds.SignInFailed, actor, login, row is null ? "unknown login" : "account disabled");
            return (null, false);
        }
        if (row.Value.locked_until > now)
        {
            if (actor is not null) await log.WriteAsync(SecurityLog.Kinds.SignInFailed, actor, login, "account locked");
            return (null, true);
        }
        if (!valid) return (null, await CountFailureAsync(login, actor, "wrong password"));
        var rehash = PasswordHash.IsOutdated(row.Value.hash!) ? PasswordHash.Create(password) : null;
        if (row.Value.failed > 0 || row.Value.locked_until is not null || rehash is not null)
            await database.WriteAsync((c, t) => c.ExecuteAsync(
                "update users set failed_sign_ins = 0, locked_until = null, password_hash = coalesce(@rehash, password_hash) where login = @login", new { login, rehash }, t));
        return (await FindByLoginAsync(login), false);
    }

    /// <summary>
    /// One more failure for the account (a wrong password or second-factor code): the fifth in a row locks it for
    /// <see cref="LockoutPeriod"/>. A lockout is logged whoever's check caused it; a plain failure only for a sign-in.
    /// </summary>
    public async Task<bool> CountFailureAsync(string login, Actor? actor, string detail)
    {
        var now = EpochTime.ToMs(clock.GetUtcNow());
        return await database.WriteAsync(async (c, t) =>
        {
            var failed = await c.ExecuteScalarAsync<long>("select failed_sign_ins from users where login = @login", new { login }, t) + 1;
            var lockNow = failed >= LockoutFailures;
            if (lockNow || actor is not null)
                await SecurityLog.WriteAsync(c, t, lockNow ? SecurityLog.Kinds.Lockout : SecurityLog.Kinds.SignInFailed, actor ?? new Actor(login, null), login,
                    lockNow ? $"{LockoutFailures} failures in a row ({detail})" : detail);
            await c.ExecuteAsync("update users set failed_sign_ins = @failed, locked_until = @until where login = @login",
                new { login, failed = lockNow ? 0 : failed, until = lockNow ? now + (long)LockoutPeriod.TotalMilliseconds : (long?)null }, t);
            return lockNow;
        });
    }

    /// <summary>Whether the account is locked now (checked again at the second step of a sign-in).</summary>
    public async Task<bool> IsLockedAsync(string login)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long?>("select locked_until from users where login = @login", new { login }) > EpochTime.ToMs(clock.GetUtcNow());
    }

    public Task<AppUser?> FindByLoginAsync(string login) =>
        FindAsync($"{SelectUser} where login = @key", login);

    /// <summary>
    /// Sets a password and ends the user's sessions; <paramref name="oneTime"/> (an administrator's reset) marks it to be
    /// replaced at the next sign-in. Logged as a change or a reset.
    /// </summary>
    public async Task SetPasswordAsync(string userId, string password, bool oneTime = false, Actor? actor = null)
    {
        var hash = PasswordHash.Create(password);
        await database.WriteAsync(async (connection, transaction) =>
        {
            var login = await connection.QueryFirstOrDefaultAsync<string>("select login from users where id = @userId", new { userId }, transaction);
            await SecurityLog.WriteAsync(connection, transaction, oneTime ? SecurityLog.Kinds.PasswordReset : SecurityLog.Kinds.PasswordChanged,
                actor ?? Actor.System, login);
            // A reset also lifts a lockout: the administrator has checked who is asking.
            return await connection.ExecuteAsync(
                """
                update users set password_hash = @hash, must_change_password = @must, session_stamp = @stamp, failed_sign_ins = 0, locked_until = null
                where id = @userId
                """, new { userId, hash, must = oneTime ? 1 : 0, stamp = NewToken() }, transaction);
        });
    }

    /// <summary>Ends every session of the user (sign-out everywhere): their cookies' stamp no longer matches.</summary>
    public async Task RenewSessionStampAsync(string userId) =>
        await database.WriteAsync((connection, transaction) =>
            connection.ExecuteAsync("update users set session_stamp = @stamp where id = @userId", new { userId, stamp = NewToken() }, transaction));

    /// <summary>
    /// A user's own new password, checked first: the current one must match, and the new one must be 10 to 128
    /// characters, differ from the login and from the current one. Problems per field, nothing changed on any.
    /// </summary>
    public async Task<IReadOnlyList<Problem>> ChangePasswordAsync(AppUser user, string? current, string? next, string? repeat, string? address = null)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrEmpty(current) || await FindByPasswordAsync(user.Login, current) is null)
            problems.Add(new(FieldCodes.Incorrect, "current", "当前密码不正确 / the current password is not correct."));
        if (!PasswordHash.HasAcceptableLength(next))
            problems.Add(new(FieldCodes.OutOfRange, "next", $"新密码须为{PasswordHash.MinimumLength}至{PasswordHash.MaximumLength}个字符 / the new password must be {PasswordHash.MinimumLength} to {PasswordHash.MaximumLength} characters."));
        else if (next == current || string.Equals(next, user.Login, StringComparison.OrdinalIgnoreCase))
            problems.Add(new(FieldCodes.NotPermitted, "next", "新密码不能与当前密码或用户名相同 / the new password must differ from the current one and the login."));
        if (next != repeat) problems.Add(new(FieldCodes.Inconsistent, "repeat", "两次输入的新密码不一致 / the two entries differ."));
        if (problems.Count == 0) await SetPasswordAsync(user.Id, next!, actor: new Actor(user.Login, address));
        return problems;
    }

    /// <summary>A random one-time password of 16 letters and digits (no look-alikes), for a first sign-in.</summary>
    public static string NewOneTimePassword() =>
        new(RandomNumberGenerator.GetItems<char>("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789", 16));

    /// <summary>A new calendar-feed token for the user (the previous link stops working); shown once, stored as a hash.</summary>
    public async Task<string> IssueCalendarTokenAsync(string userId)
    {
        var token = NewToken();
        await database.WriteAsync((connection, transaction) =>
            connection.ExecuteAsync("update users set calendar_token_hash = @hash where id = @userId", new { userId, hash = Hash(token) }, transaction));
        return token;
    }

    public Task<AppUser?> FindByCalendarTokenAsync(string token) =>
        FindAsync($"{SelectUser} where calendar_token_hash = @key", Hash(token));

    public Task<AppUser?> FindByIdAsync(string id) =>
        FindAsync($"{SelectUser} where id = @key", id);

    /// <summary>People's names by login, for history and records ("names, not logins"); an unknown login keeps itself.</summary>
    /// <summary>Display names of the logins in <c>@wanted</c>.</summary>
    public static string NamesSql(SqlDialect dialect) => $"select login, display_name from users where {dialect.InList("login", "wanted")}";

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> logins)
    {
        var wanted = logins.OfType<string>().Distinct(StringComparer.Ordinal).Take(1000).ToArray();
        if (wanted.Length == 0) return new Dictionary<string, string>();
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string Login, string Name)>(
            NamesSql(database.Dialect), new { wanted });
        return rows.ToDictionary(r => r.Login, r => r.Name, StringComparer.Ordinal);
    }

    private const string SelectUser = "select id, login, display_name as DisplayName, email, must_change_password, session_stamp, disabled_at, totp_secret from users";

    /// <summary>
    /// Enabled accounts holding one of <paramref name="roles"/> at one of <paramref name="orgIds"/> (or everywhere), or
    /// named in <paramref name="logins"/>, with all their roles; at most <paramref name="limit"/>, by name (转交's choices).
    /// </summary>
    public async Task<IReadOnlyList<AppUser>> HoldingAnyAsync(IReadOnlyCollection<string> roles, IReadOnlyCollection<string> orgIds,
        IReadOnlyCollection<string> logins, int limit)
    {
        await using var connection = await database.OpenAsync();
        var d = database.Dialect;
        var sql = $"{SelectUser} where disabled_at is null and (id in (select r.user_id from user_roles r where {d.InList("r.role", "roles")}"
            + $" and (r.org_id is null or {d.InList("r.org_id", "orgIds")})) or {d.InList("login", "logins")}) order by display_name, login limit @limit";
        var rows = (await connection.QueryAsync<UserRow>(sql, new { roles = roles.ToArray(), orgIds = orgIds.ToArray(), logins = logins.ToArray(), limit })).ToList();
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.id).ToArray();
        var grants = (await connection.QueryAsync<(string UserId, string Role, string? OrgId)>(
            $"select user_id, role, org_id from user_roles where {d.InList("user_id", "ids")} order by role, org_id", new { ids }))
            .ToLookup(g => g.UserId, g => new RoleGrant(g.Role, g.OrgId));
        return rows.Select(u => new AppUser(u.id, u.login, u.DisplayName, u.email, grants[u.id].ToList())
            { SessionStamp = u.session_stamp ?? "", SecondFactor = u.totp_secret is not null }).ToList();
    }

    private Task<AppUser?> FindAsync(string sql, string key) => FindAsync(sql, new { key });

    private async Task<AppUser?> FindAsync(string sql, object args)
    {
        await using var connection = await database.OpenAsync();
        var user = await connection.QueryFirstOrDefaultAsync<UserRow>(sql, args);
        if (user is null) return null;
        var roles = await connection.QueryAsync<RoleGrant>("select role as Role, org_id as OrgId from user_roles where user_id = @id order by role, org_id", new { user.id });
        return new AppUser(user.id, user.login, user.DisplayName, user.email, roles.ToList()) {
            MustChangePassword = user.must_change_password != 0, SessionStamp = user.session_stamp ?? "", Disabled = user.disabled_at is not null,
            SecondFactor = user.totp_secret is not null,
        };
    }

#pragma warning disable IDE1006
    private sealed class UserRow
    {
        public string id { get; init; } = "";
        public string login { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string? email { get; init; }
        public long must_change_password { get; init; }
        public string? session_stamp { get; init; }
        public long? disabled_at { get; init; }
        public string? totp_secret { get; init; }
    }
#pragma warning restore IDE1006
}
