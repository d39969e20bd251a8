namespace Approval.Core.Users;

/// <summary>A person who signs in, with the roles they hold per organization (null organization: everywhere).</summary>
public sealed record AppUser(string Id, string Login, string DisplayName, string? Email, IReadOnlyList<RoleGrant> Roles)
{
    /// <summary>Only an administrator grant without an organization is global.</summary>
    public bool IsAdministrator => Roles.Any(r => r.Role == Users.Roles.Administrator && r.OrgId is null);
    public bool HasRole(string role) => Roles.Any(r => r.Role == role);
    /// <summary>Signed in with a one-time password: nothing but choosing a new one until it is set.</summary>
    public bool MustChangePassword { get; init; }
    /// <summary>Renewed by a password change or a sign-out; a session issued with another stamp has ended.</summary>
    public string SessionStamp { get; init; } = "";
    /// <summary>Disabled by an administrator: no sign-in, no token, no session.</summary>
    public bool Disabled { get; init; }
    /// <summary>Signs in with a TOTP code after the password.</summary>
    public bool SecondFactor { get; init; }
    /// <summary>Administrators and organization departments may add a second factor (issue 14 §2).</summary>
    /// <summary>
    /// 委托: the people whose delegation to this user is active now — their tasks reach this user too, who acts "代"
    /// them. Loaded per request (never a chain: a delegator is never a delegate at the same time).
    /// </summary>
    public IReadOnlyList<AppUser> ActingFor { get; init; } = [];
    public bool MayUseSecondFactor => HasRole(Users.Roles.Administrator) || HasRole(Users.Roles.OrgDepartment);
}

public sealed record RoleGrant(string Role, string? OrgId)
{
    /// <summary>"role@organization, …" for the security log, with the organizations' names where known.</summary>
    public static string Describe(IReadOnlyList<RoleGrant> grants, IReadOnlyDictionary<string, string>? orgNames = null) =>
        grants.Count == 0 ? "(none)" : string.Join(", ", grants.Select(g => g.OrgId is null ? g.Role : $"{g.Role}@{orgNames?.GetValueOrDefault(g.OrgId) ?? g.OrgId}"));
}

/// <summary>The roles of DOMAIN.md: each is held at an organization and covers its subtree.</summary>
public static class Roles
{
    public const string Administrator = "administrator";
    public const string OrgDepartment = "org-department"; // 组织部: reviewer at an upper level
    public const string Secretary = "secretary";          // 支部书记
    public const string Committee = "committee";          // 评审委员会 member
    public const string Discipline = "discipline";        // 执纪执法部门

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Administrator, OrgDepartment, Secretary, Committee, Discipline };

    /// <summary>
    /// Whether a grant of the role acts on the tasks of the organization's whole subtree (reviewers above: the
    /// department, the committee, discipline) or only on its own organization's (a secretary: issue 14 §4 — a township
    /// secretary reads the branches below but does not pledge or vote for them; a grant at a branch says otherwise).
    /// </summary>
    public static bool ActsOnSubtree(string role) => role != Secretary;
}
