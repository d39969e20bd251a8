namespace Approval.Core.Orgs;

/// <summary>A party organization in the tree (党委 / 党总支 / 党支部 / 党小组 / 工委).</summary>
public sealed record Organization(
    string Id, string? ParentId, string Name, string Kind, string? Sector, string? Secretary, string? ContactEmail,
    DateOnly? ReelectionDue, string Path, string? Code = null)
{
    /// <summary>0 for a root, 1 for its children…</summary>
    public int Depth => Path.Count(c => c == '/') - 2;
}

/// <summary>A party member (党员) of an organization; <see cref="Login"/> is the account they sign in with, if any.</summary>
public sealed record Member(
    string Id, string OrgId, string Name, string Category, bool Probationary, DateOnly? JoinedOn, string? Email, string? Login = null);

/// <summary>The closed vocabularies of DOMAIN.md §1, as stored.</summary>
public static class OrgVocabulary
{
    /// <summary>党委, 党总支, 党支部, 党小组, and the working committees (工委, e.g. 市直机关工委).</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string> { "committee", "general-branch", "branch", "group", "working-committee" };

    /// <summary>农村, 社区, 机关事业单位, 非公有制经济组织和社会组织 (DOMAIN.md §2, Scheme A's sectors).</summary>
    public static readonly IReadOnlySet<string> Sectors = new HashSet<string> { "rural", "community", "organ", "non-public" };

    /// <summary>"在职、流动、无职…党员" (000/稿四).</summary>
    public static readonly IReadOnlySet<string> MemberCategories = new HashSet<string> { "employed", "floating", "unemployed" };
}
