using System.Globalization;
using CsvHelper;
using MiniExcelLibs;

namespace Approval.Core.Orgs.Import;

/// <summary>
/// Exports the tree (below an organization) and its roster with the same columns the import reads, so an export
/// can be edited and imported again.
/// </summary>
public sealed class RosterExport(OrgStore orgs)
{
    public async Task<IReadOnlyList<Dictionary<string, object?>>> OrganizationRowsAsync(string rootId)
    {
        var tree = await orgs.ListSubtreeAsync(rootId);
        var codes = tree.ToDictionary(o => o.Id, o => o.Code ?? o.Id);
        return tree.Select(o => new Dictionary<string, object?>
        {
            ["code"] = codes[o.Id], ["name"] = o.Name, ["kind"] = o.Kind, ["sector"] = o.Sector,
            ["parentCode"] = o.ParentId is null ? null : codes.GetValueOrDefault(o.ParentId, o.ParentId),
            ["secretary"] = o.Secretary, ["contactEmail"] = o.ContactEmail, ["reelectionDue"] = o.ReelectionDue?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }).ToList();
    }

    public async Task<IReadOnlyList<Dictionary<string, object?>>> MemberRowsAsync(string rootId)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var org in await orgs.ListSubtreeAsync(rootId))
            foreach (var m in await orgs.ListMembersAsync(org.Id))
                rows.Add(new()
                {
                    ["orgCode"] = org.Code ?? org.Id, ["name"] = m.Name, ["category"] = m.Category, ["probationary"] = m.Probationary ? "是" : "否",
                    ["joinedOn"] = m.JoinedOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["email"] = m.Email,
                });
        return rows;
    }

    public static byte[] Write(IReadOnlyList<Dictionary<string, object?>> rows, string format, IReadOnlyList<string> columns)
    {
        using var stream = new MemoryStream();
        if (format == "xlsx")
        {
            stream.SaveAs(rows.Count == 0 ? [columns.ToDictionary(c => c, _ => (object?)null)] : rows, excelType: ExcelType.XLSX);
            return stream.ToArray();
        }
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        // A cell that starts like a formula (=, +, -, @, tab, return) is written as text: a member named
        // "=HYPERLINK(…)" must not run in the spreadsheet of whoever opens the export (issue 14 §5).
        using (var csv = new CsvWriter(writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = CsvHelper.Configuration.InjectionOptions.Escape }))
        {
            foreach (var column in columns) csv.WriteField(column);
            csv.NextRecord();
            foreach (var row in rows)
            {
                foreach (var column in columns) csv.WriteField(row.GetValueOrDefault(column)?.ToString() ?? "");
                csv.NextRecord();
            }
        }
        return stream.ToArray();
    }
}
