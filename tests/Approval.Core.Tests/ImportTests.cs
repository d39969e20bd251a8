using System.Diagnostics;
using System.Text;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Orgs.Import;
using Approval.Engine.Timing;
using Approval.Testing;
using MiniExcelLibs;

namespace Approval.Core.Tests;

/// <summary>Importing the tree and the roster from real .csv and .xlsx files the tests write, on each database.</summary>
public abstract class ImportTests : IDisposable
{
    private readonly Action _cleanup;
    private readonly OrgStore _orgs;
    private readonly RosterImport _import;
    private readonly string _dir = Directory.CreateTempSubdirectory("approval-import-").FullName;

    protected ImportTests((Database Database, Action Cleanup) db)
    {
        _cleanup = db.Cleanup;
        _orgs = new OrgStore(db.Database, new ManualClock(RuntimeHarness.Epoch), new OrgDirectory(db.Database));
        _import = new RosterImport(_orgs, new Approval.Core.Limits.LimitsOptions());
    }

    public void Dispose()
    {
        _cleanup();
        Directory.Delete(_dir, recursive: true);
    }

    private string Csv(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        return path;
    }

    private string Xlsx(string name, IEnumerable<Dictionary<string, object?>> rows)
    {
        var path = Path.Combine(_dir, name);
        MiniExcel.SaveAs(path, rows);
        return path;
    }

    private async Task<ImportReport> ImportAsync(Func<Stream, string, bool, Task<ImportReport>> import, string path, bool commit)
    {
        await using var stream = File.OpenRead(path);
        return await import(stream, Path.GetFileName(path), commit);
    }

    private const string Tree = """
        组织编码,组织名称,组织类型,领域,上级编码,书记,联系邮箱
        CG,城关镇党委,党委,,,王书记,cg@example.cn
        CG-DJ,东街社区党支部,党支部,社区,CG,李书记,
        CG-DJ-1,第一党小组,党小组,社区,CG-DJ,,
        HK,河口镇党委,党委,,,,
        """;

    [Fact]
    public async Task ATreeFromCsv_IsPreviewedThenCommitted()
    {
        var path = Csv("tree.csv", Tree);
        var preview = await ImportAsync(_import.OrganizationsAsync, path, commit: false);
        Assert.Equal((4, 4, true, false), (preview.Rows, preview.Organizations, preview.IsValid, preview.Committed));
        Assert.Empty(await _orgs.ListChildrenAsync(null)); // a preview writes nothing

        var committed = await ImportAsync(_import.OrganizationsAsync, path, commit: true);
        Assert.True(committed.Committed);
        var town = (await _orgs.ListChildrenAsync(null)).Single(o => o.Code == "CG");
        var branch = Assert.Single(await _orgs.ListChildrenAsync(town.Id));
        Assert.Equal(("东街社区党支部", "branch", "community"), (branch.Name, branch.Kind, branch.Sector));
        Assert.Equal(3, (await _orgs.ListSubtreeAsync(town.Id)).Count);
    }

    [Fact]
    public async Task BadRows_AreAllListed_AndNothingIsImported()
    {
        var path = Csv("bad.csv", """
            code,name,kind,sector,parentCode,contactEmail
            A,甲镇党委,党委,,,
            A,乙镇党委,党委,,,
            B,,党支部,农村,A,
            C,丙村党支部,党支部,农村,NOPE,
            D,丁村党支部,俱乐部,农村,A,not-an-email
            """);
        var report = await ImportAsync(_import.OrganizationsAsync, path, commit: true);
        Assert.False(report.Committed);
        Assert.Equal([
                (3, "code", FieldCodes.Duplicate), (4, "name", FieldCodes.Required), (5, "parentCode", FieldCodes.UnknownReference),
                (6, "contactEmail", FieldCodes.InvalidFormat), (6, "kind", FieldCodes.InvalidChoice)],
            report.Problems.Select(p => (p.Line, p.Where, p.Code)));
        Assert.Empty(await _orgs.ListChildrenAsync(null));
    }

    [Fact]
    public async Task ARosterFromXlsx_IsImported_AndBadMembersAreListed()
    {
        await ImportAsync(_import.OrganizationsAsync, Csv("tree.csv", Tree), commit: true);
        var good = Xlsx("roster.xlsx", [
            new() { ["组织编码"] = "CG-DJ", ["姓名"] = "张建国", ["类别"] = "在职", ["预备党员"] = "否", ["入党日期"] = "2010-07-01", ["邮箱"] = "zhang@example.cn" },
            new() { ["组织编码"] = "CG-DJ", ["姓名"] = "李秀英", ["类别"] = "流动", ["预备党员"] = "是", ["入党日期"] = "2025-06-30", ["邮箱"] = null },
        ]);
        var report = await ImportAsync(_import.MembersAsync, good, commit: true);
        Assert.Equal((2, true), (report.Members, report.Committed));
        var branch = (await _orgs.ListSubtreeAsync((await _orgs.ListChildrenAsync(null)).Single(o => o.Code == "CG").Id)).Single(o => o.Code == "CG-DJ");
        var members = await _orgs.ListMembersAsync(branch.Id);
        Assert.Equal([("张建国", "employed", false), ("李秀英", "floating", true)], members.Select(m => (m.Name, m.Category, m.Probationary)).Order());

        var bad = Xlsx("bad-roster.xlsx", [
            new() { ["组织编码"] = "NOPE", ["姓名"] = "王强", ["类别"] = "在职", ["邮箱"] = "w@example.cn" },
            new() { ["组织编码"] = "CG-DJ", ["姓名"] = "", ["类别"] = "退休", ["邮箱"] = "w@example.cn" },
        ]);
        var refused = await ImportAsync(_import.MembersAsync, bad, commit: true);
        Assert.Equal([(2, "orgCode"), (3, "category"), (3, "email"), (3, "name")], refused.Problems.Select(p => (p.Line, p.Where)));
        Assert.Equal(2, (await _orgs.ListMembersAsync(branch.Id)).Count);
    }

    [Fact]
    public async Task ARosterOf20000Members_ImportsInOneTransaction()
    {
        await ImportAsync(_import.OrganizationsAsync, Csv("tree.csv", Tree), commit: true);
        var rows = Enumerable.Range(0, 20_000).Select(i => new Dictionary<string, object?>
        {
            ["orgCode"] = i % 2 == 0 ? "CG-DJ" : "CG-DJ-1", ["name"] = $"党员{i:D5}", ["category"] = "employed", ["joinedOn"] = "2001-07-01",
        });
        var path = Xlsx("big.xlsx", rows);
        var watch = Stopwatch.StartNew();
        var report = await ImportAsync(_import.MembersAsync, path, commit: true);
        Assert.True(report.Committed, string.Join("; ", report.Problems.Take(3)));
        Assert.Equal(20_000, report.Members);
        var group = (await _orgs.ListSubtreeAsync((await _orgs.ListChildrenAsync(null)).Single(o => o.Code == "CG").Id)).Single(o => o.Code == "CG-DJ-1");
        Assert.Equal(10_000, (await _orgs.ListMembersAsync(group.Id)).Count);
        Console.WriteLine($"20,000-member roster imported in {watch.Elapsed.TotalSeconds:F1} s");
    }
}

public sealed class SqliteImportTests() : ImportTests(TestDatabases.Sqlite());

public sealed class PostgresImportTests() : ImportTests(TestDatabases.Postgres());
