using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Approval.Core.Limits;
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
    /// <summary>
    /// Reads at most <see cref="LimitsOptions.MaxImportRows"/> rows and <see cref="LimitsOptions.MaxImportCells"/>
    /// cells, lazily, so a sheet beyond them is refused before it is held in memory.
    /// </summary>
    public static (IReadOnlyList<SheetRow> Rows, string? Problem) Read(Stream stream, string fileName, IReadOnlyDictionary<string, string> aliases,
        LimitsOptions limits)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        try
        {
            if (extension == ".xlsx" && ZipInflationGuard.Check(stream, limits.MaxImportUnzippedBytes) is { } tooLarge) return ([], tooLarge);
            var raw = extension switch
            {
                ".csv" => ReadCsv(stream),
                ".xlsx" => ReadXlsx(stream),
                _ => null,
            };
            if (raw is null) return ([], $"'{fileName}' is neither .xlsx nor .csv.");
            var rows = new List<SheetRow>();
            long cells = 0;
            var number = 1; // the header is row 1
            foreach (var row in raw)
            {
                if (++number - 1 > limits.MaxImportRows)
                    return ([], $"'{fileName}' has more than {limits.MaxImportRows:N0} rows (Approval:Limits:MaxImportRows); split it.");
                if ((cells += row.Count) > limits.MaxImportCells)
                    return ([], $"'{fileName}' has more than {limits.MaxImportCells:N0} cells (Approval:Limits:MaxImportCells).");
                var read = new SheetRow(number, Normalize(row, aliases));
                if (read.Cells.Values.Any(v => !string.IsNullOrWhiteSpace(v))) rows.Add(read);
            }
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

    private static IEnumerable<IDictionary<string, string>> ReadCsv(Stream stream)
    {
        using var reader = new StreamReader(stream, leaveOpen: true);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = true, BadDataFound = null, MissingFieldFound = null });
        if (!csv.Read() || !csv.ReadHeader()) yield break;
        var header = csv.HeaderRecord!;
        while (csv.Read())
            yield return header.Select((h, i) => (h, v: csv.GetField(i) ?? "")).ToDictionary(p => p.h, p => p.v);
    }

    private static IEnumerable<IDictionary<string, string>> ReadXlsx(Stream stream) =>
        MiniExcel.Query(stream, useHeaderRow: true, excelType: ExcelType.XLSX)
            .Cast<IDictionary<string, object?>>()
            .Select(row => (IDictionary<string, string>)row.ToDictionary(c => c.Key, c => Cell(c.Value)));

    private static string Cell(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double n => n.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
