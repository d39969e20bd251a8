using System.Net.Mail;
using Approval.Core.Infrastructure;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Orgs;

public sealed record NewOrganization(
    string? Name, string? Kind, string? Sector, string? ParentId, string? Secretary, string? ContactEmail, DateOnly? ReelectionDue);

/// <summary>A member to add; <see cref="Login"/> links the member to the account they sign in with (voting as a member).</summary>
public sealed record NewMember(string? OrgId, string? Name, string? Category, bool Probationary, DateOnly? JoinedOn, string? Email, string? Login = null);

/// <summary>The organization tree and the member roster. Invalid input comes back as field problems; nothing is written.</summary>
public sealed class OrgStore(Database database, TimeProvider clock, OrgDirectory directory)
{
    public async Task<(Organization? Created, IReadOnlyList<Problem> Problems)> CreateAsync(NewOrganization request, string? id = null)
    {
        var problems = new List<Problem>();
        Require(problems, "name", request.Name, 200);
        if (!OrgVocabulary.Kinds.Contains(request.Kind ?? "")) problems.Add(new(FieldCodes.InvalidChoice, "kind", $"kind must be one of {string.Join(", ", OrgVocabulary.Kinds)}."));
        if (request.Sector is not null && !OrgVocabulary.Sectors.Contains(request.Sector))
            problems.Add(new(FieldCodes.InvalidChoice, "sector", $"sector must be one of {string.Join(", ", OrgVocabulary.Sectors)}."));
        CheckEmail(problems, "contactEmail", request.ContactEmail);
        var parent = request.ParentId is null ? null : await GetAsync(request.ParentId);
        if (request.ParentId is not null && parent is null) problems.Add(new(FieldCodes.UnknownReference, "parentId", $"Organization {request.ParentId} does not exist."));
        if (problems.Count > 0) return (null, problems);

        var newId = id ?? Guid.CreateVersion7().ToString();
        var organization = new Organization(newId, request.ParentId, request.Name!.Trim(), request.Kind!, request.Sector, request.Secretary,
            request.ContactEmail, request.ReelectionDue, $"{parent?.Path ?? "/"}{newId}/");
        var inserted = await database.WriteAsync((c, t) => c.ExecuteAsync(
            """
            insert into organizations (id, parent_id, name, kind, sector, secretary, contact_email, reelection_due, path, created_at)
            select @Id, @ParentId, @Name, @Kind, @Sector, @Secretary, @ContactEmail, @Due, @Path, @At
            where not exists (select 1 from organizations where coalesce(parent_id, '') = coalesce(@ParentId, '') and name = @Name)
            """,
            new
            {
                organization.Id, organization.ParentId, organization.Name, organization.Kind, organization.Sector, organization.Secretary,
                organization.ContactEmail, Due = organization.ReelectionDue?.ToString("yyyy-MM-dd"), organization.Path, At = EpochTime.ToMs(clock.GetUtcNow()),
            }, t));
        if (inserted == 0) return (null, [new Problem(FieldCodes.Duplicate, "name", $"'{organization.Name}' already exists under this parent.")]);
        directory.Remember(organization.Id, organization.Path);
        return (organization, []);
    }

    public async Task<Organization?> GetAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryFirstOrDefaultAsync<OrgRow>("select * from organizations where id = @id", new { id }))?.ToRecord();
    }

    /// <summary>Display names by id, for lists that show organizations (ids not found are left out).</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> ids)
    {
        var wanted = ids.OfType<string>().Distinct().ToArray();
        if (wanted.Length == 0) return new Dictionary<string, string>();
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string Id, string Name)>(NamesSql(database.Dialect), new { ids = wanted });
        return rows.ToDictionary(r => r.Id, r => r.Name);
    }

    /// <summary>Organizations whose id is <paramref name="text"/> or whose name is it exactly (a name can repeat under other parents).</summary>
    public async Task<IReadOnlyList<Organization>> FindByIdOrNameAsync(string text, int limit = 10)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<OrgRow>("select * from organizations where id = @text or name = @text order by length(path), name limit @limit",
            new { text = text.Trim(), limit });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// The organizations a user's roles cover, shallowest first, at most <paramref name="limit"/> (filters and menus);
    /// administrators see the whole tree.
    /// </summary>
    public async Task<IReadOnlyList<Organization>> ListScopeAsync(Users.AppUser user, int limit = 500)
    {
        var roots = user.IsAdministrator || user.Roles.Any(r => r.OrgId is null)
            ? (await ListChildrenAsync(null)).Select(o => o.Id).ToList()
            : user.Roles.Select(r => r.OrgId!).Distinct().ToList();
        var seen = new HashSet<string>();
        var result = new List<Organization>();
        foreach (var root in roots)
            foreach (var org in await ListTopOfSubtreeAsync(root, limit - result.Count))
                if (result.Count < limit && seen.Add(org.Id)) result.Add(org);
        return result;
    }

    /// <summary>
    /// The first <paramref name="limit"/> organizations of a subtree, shallowest first and by name within a level,
    /// read level by level from the parent index: a county's menu reads its first 500, not its 20,000 (issue 15). A
    /// level that does not fit is cut where the index reaches the limit.
    /// </summary>
    private async Task<IReadOnlyList<Organization>> ListTopOfSubtreeAsync(string rootId, int limit)
    {
        if (limit <= 0 || await GetAsync(rootId) is not { } root) return [];
        var result = new List<Organization> { root };
        await using var connection = await database.OpenAsync();
        for (var level = new[] { root.Id }; level.Length > 0 && result.Count < limit;)
        {
            // No order by in SQL: sorting a level by name would read all of it (19,559 branches) to keep the last
            // few dozen; the rows come in parent order from the index, and the kept ones are sorted here.
            var rows = (await connection.QueryAsync<OrgRow>(
                $"select * from organizations where {database.Dialect.InList("parent_id", "level")} limit @take",
                new { level, take = limit - result.Count })).Select(r => r.ToRecord())
                .OrderBy(o => o.Name, StringComparer.Ordinal).ThenBy(o => o.Id, StringComparer.Ordinal).ToList();
            result.AddRange(rows);
            level = rows.Select(o => o.Id).ToArray();
        }
        return result;
    }

    /// <summary>
    /// Organizations within the user's scope whose name contains <paramref name="text"/>, at most <paramref name="limit"/>,
    /// those named exactly so first, then shallowest first (the inbox's organization filter: a county's 20,000 do not
    /// fit a menu). Each scope is one range of the scope key index, read until the limit is met, so at worst a
    /// scope's organizations are read once (their names, not their tasks).
    /// </summary>
    public async Task<IReadOnlyList<Organization>> SearchScopeAsync(Users.AppUser user, string text, int limit = 20)
    {
        text = text.Trim();
        if (text.Length == 0 || limit <= 0) return [];
        var everywhere = user.IsAdministrator || user.Roles.Any(r => r.OrgId is null);
        await using var connection = await database.OpenAsync();
        var keys = everywhere ? ["/"] : (await connection.QueryAsync<string>(
            ScopeKeysSql(database.Dialect), new { ids = user.Roles.Select(r => r.OrgId!).Distinct().ToArray() })).ToList();
        var found = new Dictionary<string, Organization>();
        foreach (var key in keys)
            foreach (var sql in new[] { SearchNamedSql, SearchContainingSql })
                foreach (var row in await connection.QueryAsync<OrgRow>(sql, SearchArgs(key, text, limit)))
                    found.TryAdd(row.id, row.ToRecord());
        return found.Values.OrderBy(o => o.Name == text ? 0 : 1).ThenBy(o => o.Depth).ThenBy(o => o.Name, StringComparer.Ordinal)
            .ThenBy(o => o.Id, StringComparer.Ordinal).Take(limit).ToList();
    }

    /// <summary>The scope keys of the organizations a user's roles are held at.</summary>
    public static string ScopeKeysSql(SqlDialect dialect) => $"select scope_key from organizations where {dialect.InList("id", "ids")}";

    /// <summary>Organizations named <c>@text</c> within one scope's range of keys, and those whose name contains it (<see cref="SearchArgs"/>).</summary>
    public const string SearchNamedSql = "select * from organizations where scope_key >= @key and scope_key < @end and name = @text limit @limit";

    public const string SearchContainingSql = "select * from organizations where scope_key >= @key and scope_key < @end and name like @like escape '!' limit @limit";

    public static object SearchArgs(string scopeKey, string text, int limit) => new
    {
        key = scopeKey, end = OrgDirectory.PathEnd(scopeKey), text, limit,
        like = "%" + text.Replace("!", "!!").Replace("%", "!%").Replace("_", "!_") + "%",
    };

    /// <summary>Display names by id (<c>@ids</c>).</summary>
    public static string NamesSql(SqlDialect dialect) => $"select id, name from organizations where {dialect.InList("id", "ids")}";

    /// <summary>The roots, and the children of <c>@parentId</c>, by name.</summary>
    public const string RootsSql = "select * from organizations where parent_id is null order by name";

    public const string ChildrenSql = "select * from organizations where parent_id = @parentId order by name";

    /// <summary>An organization's roster (<c>@orgId</c>), by name.</summary>
    public const string MembersSql = "select * from members where org_id = @orgId order by name, id";

    /// <summary>The children of an organization, or the roots when <paramref name="parentId"/> is null, by name.</summary>
    public async Task<IReadOnlyList<Organization>> ListChildrenAsync(string? parentId)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<OrgRow>(
            parentId is null ? RootsSql : ChildrenSql,
            new { parentId });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>An organization and everything below it (the range of its path), shallowest first.</summary>
    public async Task<IReadOnlyList<Organization>> ListSubtreeAsync(string rootId)
    {
        var root = await GetAsync(rootId);
        if (root is null) return [];
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<OrgRow>(
            "select * from organizations where path >= @from and path < @to order by length(path), name",
            new { from = root.Path, to = OrgDirectory.PathEnd(root.Path) });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<(Member? Created, IReadOnlyList<Problem> Problems)> AddMemberAsync(NewMember request)
    {
        var problems = new List<Problem>();
        Require(problems, "name", request.Name, 100);
        if (!OrgVocabulary.MemberCategories.Contains(request.Category ?? ""))
            problems.Add(new(FieldCodes.InvalidChoice, "category", $"category must be one of {string.Join(", ", OrgVocabulary.MemberCategories)}."));
        CheckEmail(problems, "email", request.Email);
        if (request.Login is { } login && await LoginOnRosterAsync(login)) problems.Add(new(FieldCodes.Duplicate, "login", $"'{login}' is already a member's account."));
        if (request.JoinedOn is { } joined && joined > DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            problems.Add(new(FieldCodes.OutOfRange, "joinedOn", "joinedOn cannot be in the future."));
        if (request.OrgId is null || await GetAsync(request.OrgId) is null) problems.Add(new(FieldCodes.UnknownReference, "orgId", $"Organization {request.OrgId} does not exist."));
        if (problems.Count > 0) return (null, problems);

        var member = new Member(Guid.CreateVersion7().ToString(), request.OrgId!, request.Name!.Trim(), request.Category!, request.Probationary, request.JoinedOn, request.Email,
            request.Login);
        await database.WriteAsync((c, t) => c.ExecuteAsync(
            "insert into members (id, org_id, name, category, probationary, joined_on, email, login, created_at) values (@Id, @OrgId, @Name, @Category, @Probationary, @Joined, @Email, @Login, @At)",
            new { member.Id, member.OrgId, member.Name, member.Category, member.Probationary, Joined = member.JoinedOn?.ToString("yyyy-MM-dd"), member.Email, member.Login, At = EpochTime.ToMs(clock.GetUtcNow()) }, t));
        return (member, []);
    }

    private async Task<bool> LoginOnRosterAsync(string login)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from members where login = @login", new { login }) > 0;
    }

    public async Task<IReadOnlyList<Member>> ListMembersAsync(string orgId)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<MemberRow>(MembersSql, new { orgId });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    internal Database Database => database;
    internal TimeProvider Clock => clock;
    internal OrgDirectory Directory => directory;

    private static void Require(List<Problem> problems, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) problems.Add(new(FieldCodes.Required, field, $"{field} is required."));
        else if (value.Length > max) problems.Add(new(FieldCodes.TooLong, field, $"{field} is longer than {max} characters."));
    }

    private static void CheckEmail(List<Problem> problems, string field, string? value)
    {
        if (value is not null && !MailAddress.TryCreate(value, out _)) problems.Add(new(FieldCodes.InvalidFormat, field, $"'{value}' is not an email address."));
    }

#pragma warning disable IDE1006
    private sealed class OrgRow
    {
        public string id { get; init; } = "";
        public string? parent_id { get; init; }
        public string name { get; init; } = "";
        public string kind { get; init; } = "";
        public string? sector { get; init; }
        public string? secretary { get; init; }
        public string? contact_email { get; init; }
        public string? reelection_due { get; init; }
        public string path { get; init; } = "";
        public string? code { get; init; }

        public Organization ToRecord() => new(id, parent_id, name, kind, sector, secretary, contact_email,
            reelection_due is null ? null : DateOnly.Parse(reelection_due, System.Globalization.CultureInfo.InvariantCulture), path, code);
    }

    private sealed class MemberRow
    {
        public string id { get; init; } = "";
        public string org_id { get; init; } = "";
        public string name { get; init; } = "";
        public string category { get; init; } = "";
        public bool probationary { get; init; }
        public string? joined_on { get; init; }
        public string? email { get; init; }
        public string? login { get; init; }

        public Member ToRecord() => new(id, org_id, name, category, probationary,
            joined_on is null ? null : DateOnly.Parse(joined_on, System.Globalization.CultureInfo.InvariantCulture), email, login);
    }
#pragma warning restore IDE1006
}
