using System.Text;
using Approval.Core.Limits;
using Approval.Core.Orgs.Import;
using MiniExcelLibs;

namespace Approval.Core.Tests;

/// <summary>Issue 14 §5: an import is bounded in rows, cells and unzipped size, and says which limit it met.</summary>
public sealed class SheetReaderLimitTests
{
    private static readonly Dictionary<string, string> Aliases = new() { ["name"] = "name", ["note"] = "note" };

    private static MemoryStream Csv(int rows) =>
        new(Encoding.UTF8.GetBytes("name,note\n" + string.Concat(Enumerable.Range(1, rows).Select(i => $"支部{i},x\n"))));

    [Fact]
    public void Read_RefusesASheet_WithMoreRowsThanTheLimit()
    {
        var (rows, problem) = SheetReader.Read(Csv(11), "orgs.csv", Aliases, new LimitsOptions { MaxImportRows = 10 });
        Assert.Empty(rows);
        Assert.Contains("Approval:Limits:MaxImportRows", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AcceptsASheet_AtTheRowLimit() =>
        Assert.Equal(10, SheetReader.Read(Csv(10), "orgs.csv", Aliases, new LimitsOptions { MaxImportRows = 10 }).Rows.Count);

    [Fact]
    public void Read_RefusesASheet_WithMoreCellsThanTheLimit()
    {
        var (_, problem) = SheetReader.Read(Csv(10), "orgs.csv", Aliases, new LimitsOptions { MaxImportCells = 15 });
        Assert.Contains("Approval:Limits:MaxImportCells", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_highly_compressed_xlsx_is_refused_before_it_is_inflated()
    {
        var bomb = new MemoryStream();
        var filler = new string('零', 5_000);
        bomb.SaveAs(Enumerable.Range(0, 500).Select(i => new Dictionary<string, object?> { ["name"] = $"支部{i}", ["note"] = filler }), excelType: ExcelType.XLSX);
        Assert.True(bomb.Length < 200_000, $"the test file should be small, is {bomb.Length} bytes");
        bomb.Position = 0;

        var (rows, problem) = SheetReader.Read(bomb, "bomb.xlsx", Aliases, new LimitsOptions { MaxImportUnzippedBytes = 1024 * 1024 });

        Assert.Empty(rows);
        Assert.Contains("Approval:Limits:MaxImportUnzippedBytes", problem, StringComparison.Ordinal);
    }
}
