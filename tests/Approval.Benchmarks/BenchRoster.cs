using System.Globalization;
using Approval.Core.Infrastructure;

namespace Approval.Benchmarks;

/// <summary>
/// A generated city for the benchmarks that need a large tree: one county committee (the root) → town committees
/// (one per 500 organizations) → general branches (one per 50) → branches, with every member in a branch. Ids are
/// stable (<c>org-0</c> is the root, <c>member-0</c>…) so the same sizes always give the same tree.
/// </summary>
internal sealed class BenchRoster
{
    public sealed record Org(string Id, string? ParentId, string Path, string Kind, string? Sector, string Name);
    public sealed record Person(string Id, string OrgId);

    private static readonly string[] BranchSectors = ["rural", "community", "organ", "non-public"];

    private BenchRoster(List<Org> organizations, List<Person> members)
    {
        Organizations = organizations;
        Members = members;
    }

    public IReadOnlyList<Org> Organizations { get; }
    public IReadOnlyList<Person> Members { get; }
    public Org Root => Organizations[0];

    public static BenchRoster Generate(int organizations, int members)
    {
        if (organizations < 4) throw new ArgumentOutOfRangeException(nameof(organizations), "A roster needs at least 4 organizations (root, town, general branch, branch).");
        ArgumentOutOfRangeException.ThrowIfNegative(members);
        var towns = Math.Max(1, organizations / 500);
        var generals = Math.Max(1, Math.Min(organizations / 50, organizations - 2 - towns));
        var orgs = new List<Org>(organizations);
        Org Add(Org? parent, string kind, string? sector, string name)
        {
            var id = $"org-{orgs.Count}";
            var org = new Org(id, parent?.Id, $"{parent?.Path ?? "/"}{id}/", kind, sector, name);
            orgs.Add(org);
            return org;
        }
        var root = Add(null, "committee", null, "基准县委");
        for (var i = 0; i < towns; i++) Add(root, "committee", null, $"第{i + 1}镇党委");
        for (var i = 0; i < generals; i++) Add(orgs[1 + i % towns], "general-branch", "organ", $"第{i + 1}党总支");
        var firstGeneral = 1 + towns;
        var branches = new List<Org>(organizations - orgs.Count);
        for (var i = 0; orgs.Count < organizations; i++)
            branches.Add(Add(orgs[firstGeneral + i % generals], "branch", BranchSectors[i % BranchSectors.Length], $"第{i + 1}党支部"));
        var people = new List<Person>(members);
        for (var i = 0; i < members; i++) people.Add(new Person($"member-{i}", branches[i % branches.Count].Id));
        return new BenchRoster(orgs, people);
    }

    /// <summary>Writes the tree and the roster in one transaction, in chunks so no command grows unbounded.</summary>
    public Task SeedAsync(Database database) => database.WriteAsync(async (connection, transaction) =>
    {
        foreach (var chunk in Organizations.Chunk(20_000))
            await new SqlBatch().InsertRows("organizations", "id, code, parent_id, name, kind, sector, path, created_at", chunk,
                o => [o.Id, o.Id, o.ParentId, o.Name, o.Kind, o.Sector, o.Path, 0L]).ExecuteAsync(connection, transaction);
        foreach (var chunk in Members.Chunk(20_000))
            await new SqlBatch().InsertRows("members", "id, org_id, name, category, probationary, created_at", chunk,
                m => [m.Id, m.OrgId, "党员" + m.Id[7..], "employed", false, 0L]).ExecuteAsync(connection, transaction);
        return true;
    });

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Organizations.Count:N0} organizations (1 county, {Organizations.Count(o => o.ParentId == Root.Id):N0} towns, {Organizations.Count(o => o.Kind == "general-branch"):N0} general branches, {Organizations.Count(o => o.Kind == "branch"):N0} branches) and {Members.Count:N0} members in the branches");
}
