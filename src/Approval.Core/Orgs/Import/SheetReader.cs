using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;

namespace Approval.Core.Orgs.Import;

/// <summary>A data row of a spreadsheet: its number as the user sees it (the header is row 1) and its cells by column.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    public string? Get(string column) => Cells.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}

/// <summary>Reads <c>.xlsx</c> (MiniExcel) and <c>.csv</c> (CsvHelper) into rows keyed by normalized column names.</summary>
public static class SheetReader
{
    public static (IReadOnlyList<SheetRow> Rows, string? Problem) Read(Stream stream, string fileName, IReadOnlyDictionary<string, string> aliases)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        try
        {
            var raw = extension switch
            {
                ".csv" => ReadCsv(stream),
                ".xlsx" => ReadXlsx(stream),
                _ => null,
            };
            if (raw is null) return ([], $"'{fileName}' is neither .xlsx nor .csv.");
            var rows = raw.Select((cells, i) => new SheetRow(i + 2, Normalize(cells, aliases)))
                .Where(r => r.Cells.Values.Any(v => !string.IsNullOrWhiteSpace(v))).ToList();
            return (rows, null);
        }
        catch (Exception ex) when (ex is CsvHelperException or InvalidDataException or IOException or InvalidOperationException)
        {
            return ([], $"'{fileName}' cannot be read: {ex.Message}");
        }
    }

    private static Dictionary<string, string> Normalize(IDictionary<string, string> cells, IReadOnlyDictionary<string, string> aliases) =>
        cells.Where(c => aliases.ContainsKey(c.Key.Trim()))
             .GroupBy(c => aliases[c.Key.Trim()])
             .ToDictionary(g => g.Key, g => g.First().Value ?? "", StringComparer.Ordinal);

    private static List<IDictionary<string, string>> ReadCsv(Stream stream)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, BadDataFound = null, MissingFieldFound = null });
        var rows = new List<IDictionary<string, string>>();
        if (!csv.Read() || !csv.ReadHeader()) return rows;
        var header = csv.HeaderRecord!;
        while (csv.Read())
            rows.Add(header.Select((h, i) => (h, v: csv.GetField(i) ?? "")).ToDictionary(p => p.h, p => p.v));
        return rows;
    }

    private static List<IDictionary<string, string>> ReadXlsx(Stream stream) =>
        MiniExcel.Query(stream, useHeaderRow: true, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select(row => (IDictionary<string, string>)row.ToDictionary(c => c.Key, c => Cell(c.Value)))
            .ToList();

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
