using Approval.Engine;

namespace Approval.Core.Orgs.Import;

/// <summary>
/// What an import would do, or did: the rows read, what they create, and every bad row: a problem at its column
/// (<c>Where</c>) and row (<c>Line</c>; none for the file as a whole): unknown parent, duplicate, missing name, bad email…
/// </summary>
public sealed record ImportReport(int Rows, int Organizations, int Members, IReadOnlyList<Problem> Problems, bool Committed)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>Column names a spreadsheet may use, in Chinese or English, mapped to the fields they fill.</summary>
internal static class Columns
{
    public static readonly IReadOnlyDictionary<string, string> Organizations = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["code"] = "code", ["编码"] = "code", ["组织编码"] = "code",
        ["name"] = "name", ["名称"] = "name", ["组织名称"] = "name",
        ["kind"] = "kind", ["类型"] = "kind", ["组织类型"] = "kind",
        ["sector"] = "sector", ["领域"] = "sector",
        ["parentCode"] = "parentCode", ["上级编码"] = "parentCode", ["上级组织编码"] = "parentCode",
        ["secretary"] = "secretary", ["书记"] = "secretary",
        ["contactEmail"] = "contactEmail", ["联系邮箱"] = "contactEmail",
        ["reelectionDue"] = "reelectionDue", ["换届日期"] = "reelectionDue",
    };

    public static readonly IReadOnlyDictionary<string, string> Members = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["orgCode"] = "orgCode", ["组织编码"] = "orgCode", ["所在组织编码"] = "orgCode",
        ["name"] = "name", ["姓名"] = "name",
        ["category"] = "category", ["类别"] = "category", ["党员类别"] = "category",
        ["probationary"] = "probationary", ["预备党员"] = "probationary",
        ["joinedOn"] = "joinedOn", ["入党日期"] = "joinedOn",
        ["email"] = "email", ["邮箱"] = "email",
    };

    /// <summary>Chinese values a sheet may hold, and the stored vocabulary they stand for.</summary>
    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["党委"] = "committee", ["党总支"] = "general-branch", ["党支部"] = "branch", ["党小组"] = "group", ["工委"] = "working-committee",
        ["农村"] = "rural", ["社区"] = "community", ["机关"] = "organ", ["非公"] = "non-public", ["两新"] = "non-public",
        ["在职"] = "employed", ["流动"] = "floating", ["无职"] = "unemployed",
    };

    public static string? Value(string? raw) => raw is null ? null : Values.GetValueOrDefault(raw, raw);
}
