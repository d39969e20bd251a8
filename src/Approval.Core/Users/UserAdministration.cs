using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Users;

/// <summary>One row of the users page: who, what they hold, and the state of their account.</summary>
public sealed record UserSummary(string Id, string Login, string DisplayName, string? Email, IReadOnlyList<RoleGrant> Roles,
    bool Disabled, bool Locked, bool SecondFactor, bool MustChangePassword);

/// <summary>What an administrator asks for a user (create or edit); every field is checked before anything changes.</summary>
public sealed record UserDraft(string? Login, string? DisplayName, string? Email, IReadOnlyList<RoleGrant>? Roles, string? Password = null);

/// <summary>
/// Administrators manage accounts (issue 14 §2): list and search, create, edit name, email and roles, disable and
/// enable, reset a password to a one-time one. Every change is written with its security-log entry in one transaction.
/// </summary>
public sealed class UserAdministration(Database database, UserStore users, OrgStore orgs, TimeProvider clock)
{
    public const int MaximumRoles = 50;

    public async Task<(IReadOnlyList<UserSummary> Page, int Total)> ListAsync(string? search, int offset, int size)
    {
        var like = string.IsNullOrWhiteSpace(search) ? null : "%" + search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        await using var connection = await database.OpenAsync();
        const string where = "(@like is null or login like @like escape '\\' or display_name like @like escape '\\' or coalesce(email, '') like @like escape '\\')";
        var total = await connection.ExecuteScalarAsync<long>($"select count(*) from users where {where}", new { like });
        var rows = (await connection.QueryAsync<SummaryRow>(
            $"""
            select id, login, display_name as DisplayName, email, disabled_at, locked_until, totp_secret, must_change_password
            from users where {where} order by login limit @size offset @offset
            """, new { like, size, offset })).ToList();
        var ids = rows.Select(r => r.id).ToArray();
        var grants = ids.Length == 0 ? [] : (await connection.QueryAsync<(string UserId, string Role, string? OrgId)>(
            $"select user_id, role, org_id from user_roles where {database.Dialect.InList("user_id", "ids")} order by role, org_id", new { ids })).ToList();
        var now = EpochTime.ToMs(clock.GetUtcNow());
        return (rows.Select(r => r.ToSummary(grants.Where(g => g.UserId == r.id).Select(g => new RoleGrant(g.Role, g.OrgId)).ToList(), now)).ToList(), (int)total);
    }

    public async Task<UserSummary?> GetAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        var row = await connection.QueryFirstOrDefaultAsync<SummaryRow>(
            "select id, login, display_name as DisplayName, email, disabled_at, locked_until, totp_secret, must_change_password from users where id = @id", new { id });
        if (row is null) return null;
        var grants = await connection.QueryAsync<RoleGrant>("select role as Role, org_id as OrgId from user_roles where user_id = @id order by role, org_id", new { id });
        return row.ToSummary(grants.ToList(), EpochTime.ToMs(clock.GetUtcNow()));
    }

    /// <summary>Checks a draft: per-field problems, in Chinese and English, for the page and the API alike.</summary>
    public async Task<IReadOnlyList<Problem>> CheckAsync(UserDraft draft, string? editingId)
    {
        var problems = new List<Problem>();
        if (editingId is null)
        {
            if (string.IsNullOrWhiteSpace(draft.Login) || draft.Login.Length > 64 || draft.Login.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
                problems.Add(new(string.IsNullOrWhiteSpace(draft.Login) ? FieldCodes.Required : FieldCodes.InvalidFormat, "login", "用户名必填，最多64个字符，不含空格 / login is required: up to 64 characters, no spaces."));
            else if (await users.ExistsAsync(draft.Login)) problems.Add(new(FieldCodes.Duplicate, "login", $"用户名“{draft.Login}”已被使用 / '{draft.Login}' is already taken."));
        }
        if (string.IsNullOrWhiteSpace(draft.DisplayName) || draft.DisplayName.Length > 100)
            problems.Add(new(string.IsNullOrWhiteSpace(draft.DisplayName) ? FieldCodes.Required : FieldCodes.TooLong, "name", "姓名必填，最多100个字符 / name is required, up to 100 characters."));
        if (!string.IsNullOrEmpty(draft.Email) && (draft.Email.Length > 254 || !System.Net.Mail.MailAddress.TryCreate(draft.Email, out _)))
            problems.Add(new(FieldCodes.InvalidFormat, "email", $"“{draft.Email}”不是有效的邮箱地址 / '{draft.Email}' is not an email address."));
        if (draft.Password is { } password && !PasswordHash.HasAcceptableLength(password))
            problems.Add(new(FieldCodes.OutOfRange, "password", $"密码须为{PasswordHash.MinimumLength}至{PasswordHash.MaximumLength}个字符 / the password must be {PasswordHash.MinimumLength} to {PasswordHash.MaximumLength} characters."));
        var roles = draft.Roles ?? [];
        if (roles.Count > MaximumRoles) problems.Add(new(FieldCodes.TooMany, "roles", $"最多{MaximumRoles}项角色 / at most {MaximumRoles} roles."));
        foreach (var (grant, i) in roles.Take(MaximumRoles).Select((g, i) => (g, i)))
        {
            if (!Roles.All.Contains(grant.Role ?? "")) problems.Add(new(FieldCodes.InvalidChoice, $"roles[{i}].role", $"角色须为 {string.Join("、", Roles.All)} 之一 / role must be one of {string.Join(", ", Roles.All)}."));
            else if (grant.OrgId is not null && await orgs.GetAsync(grant.OrgId) is null)
                problems.Add(new(FieldCodes.UnknownReference, $"roles[{i}].orgId", $"组织 {grant.OrgId} 不存在 / organization {grant.OrgId} does not exist."));
            else if (grant.OrgId is null && grant.Role != Roles.Administrator)
                problems.Add(new(FieldCodes.Required, $"roles[{i}].orgId", "除系统管理员外，角色须指定所在组织 / every role but administrator is held at an organization."));
        }
        return problems;
    }

    /// <summary>Creates the user with a first API token (returned once) after <see cref="CheckAsync"/> found nothing.</summary>
    public async Task<(AppUser User, string Token)> CreateAsync(UserDraft draft, Actor actor)
    {
        var token = UserStore.NewToken();
        var roles = (draft.Roles ?? []).Distinct().ToList();
        var user = await users.CreateAsync(draft.Login!.Trim(), draft.DisplayName!.Trim(), token, roles, Blank(draft.Email), draft.Password, actor: actor,
            orgNames: await orgs.NamesAsync(roles.Select(r => r.OrgId)));
        return (user, token);
    }

    /// <summary>
    /// Changes name, email and roles. Refused (with a problem) when it would leave no enabled global administrator.
    /// </summary>
    public async Task<IReadOnlyList<Problem>> UpdateAsync(string id, UserDraft draft, Actor actor)
    {
        var roles = (draft.Roles ?? []).Distinct().ToList();
        var changed = await database.WriteAsync(async (connection, transaction) =>
        {
            var login = await connection.QueryFirstOrDefaultAsync<string>("select login from users where id = @id", new { id }, transaction);
            if (login is null) return (bool?)null;
            if (!roles.Any(r => r.Role == Roles.Administrator && r.OrgId is null) && await IsLastAdministratorAsync(connection, transaction, id)) return false;
            var before = await connection.QueryAsync<RoleGrant>("select role as Role, org_id as OrgId from user_roles where user_id = @id order by role, org_id", new { id }, transaction);
            await connection.ExecuteAsync("update users set display_name = @name, email = @email where id = @id",
                new { id, name = draft.DisplayName!.Trim(), email = Blank(draft.Email) }, transaction);
            await connection.ExecuteAsync("delete from user_roles where user_id = @id", new { id }, transaction);
            await connection.ExecuteAsync("insert into user_roles (user_id, role, org_id) values (@id, @Role, @OrgId)", roles.Select(g => new { id, g.Role, g.OrgId }), transaction);
            var beforeList = before.ToList();
            var names = await orgs.NamesAsync(beforeList.Concat(roles).Select(r => r.OrgId));
            await SecurityLog.WriteAsync(connection, transaction, SecurityLog.Kinds.UserChanged, actor, login,
                $"{RoleGrant.Describe(beforeList, names)} → {RoleGrant.Describe(roles, names)}");
            return true;
        });
        return changed switch
        {
            null => [new Problem(FieldCodes.UnknownReference, "id", "用户不存在 / no such user.")],
            false => [new Problem(FieldCodes.NotPermitted, "roles", "这是最后一位可用的系统管理员，不能取消其管理员角色 / this is the last enabled administrator: keep their administrator role.")],
            _ => [],
        };
    }

    /// <summary>
    /// Disables (ending every session and token at the next request) or enables an account. An administrator cannot
    /// disable themselves or the last enabled administrator.
    /// </summary>
    public async Task<Problem?> SetDisabledAsync(string id, bool disabled, Actor actor) =>
        await database.WriteAsync(async (connection, transaction) =>
        {
            var login = await connection.QueryFirstOrDefaultAsync<string>("select login from users where id = @id", new { id }, transaction);
            if (login is null) return new Problem(FieldCodes.UnknownReference, "id", "用户不存在 / no such user.");
            if (disabled && login == actor.Login) return new Problem(FieldCodes.NotPermitted, "id", "不能停用自己的账户 / you cannot disable your own account.");
            if (disabled && await IsLastAdministratorAsync(connection, transaction, id))
                return new Problem(FieldCodes.NotPermitted, "id", "这是最后一位可用的系统管理员，不能停用 / this is the last enabled administrator.");
            await connection.ExecuteAsync(
                "update users set disabled_at = @at, session_stamp = @stamp where id = @id",
                new { id, at = disabled ? EpochTime.ToMs(clock.GetUtcNow()) : (long?)null, stamp = UserStore.NewToken() }, transaction);
            await SecurityLog.WriteAsync(connection, transaction, disabled ? SecurityLog.Kinds.UserDisabled : SecurityLog.Kinds.UserEnabled, actor, login);
            return (Problem?)null;
        });

    /// <summary>A new one-time password for the user (shown once to the administrator), to be replaced at their next sign-in.</summary>
    public async Task<string> ResetPasswordAsync(string id, Actor actor)
    {
        var password = UserStore.NewOneTimePassword();
        await users.SetPasswordAsync(id, password, oneTime: true, actor);
        return password;
    }

    private static async Task<bool> IsLastAdministratorAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string id) =>
        await connection.ExecuteScalarAsync<long>(
            """
            select count(*) from users u join user_roles r on r.user_id = u.id
            where r.role = 'administrator' and r.org_id is null and u.disabled_at is null and u.id <> @id
            """, new { id }, transaction) == 0
        && await connection.ExecuteScalarAsync<long>(
            "select count(*) from user_roles where user_id = @id and role = 'administrator' and org_id is null", new { id }, transaction) > 0;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

#pragma warning disable IDE1006
    private sealed class SummaryRow
    {
        public string id { get; init; } = "";
        public string login { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string? email { get; init; }
        public long? disabled_at { get; init; }
        public long? locked_until { get; init; }
        public string? totp_secret { get; init; }
        public long must_change_password { get; init; }

        public UserSummary ToSummary(IReadOnlyList<RoleGrant> roles, long now) =>
            new(id, login, DisplayName, email, roles, disabled_at is not null, locked_until > now, totp_secret is not null, must_change_password != 0);
    }
#pragma warning restore IDE1006
}
