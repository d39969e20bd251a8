using System.Globalization;
using System.Net.Mail;
using Approval.Core.Infrastructure;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Orgs.Import;

/// <summary>
/// Imports the organization tree and the member roster from a spreadsheet: a preview lists every bad row with
/// its reason; a commit writes all rows in one transaction, or none when any row is bad.
/// </summary>
public sealed class RosterImport(OrgStore orgs, Limits.LimitsOptions limits)
{
    private sealed record OrgRow(int Row, string Code, string Name, string Kind, string? Sector, string? ParentCode, string? Secretary, string? Email, DateOnly? Due);
    private sealed record MemberRow(int Row, string OrgCode, string Name, string Category, bool Probationary, DateOnly? Joined, string? Email);

    public async Task<ImportReport> OrganizationsAsync(Stream file, string fileName, bool commit)
    {
        var (rows, unreadable) = SheetReader.Read(file, fileName, Columns.Organizations, limits);
        if (unreadable is not null) return new ImportReport(0, 0, 0, [new Problem(ImportCodes.BadFile, "file", unreadable)], false);
        var problems = new List<Problem>();
        var existing = await ExistingCodesAsync();
        var parsed = new List<OrgRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var before = problems.Count;
            var code = Required(row, "code", problems);
            var name = Required(row, "name", problems);
            var kind = Columns.Value(row.Get("kind"));
            if (!OrgVocabulary.Kinds.Contains(kind ?? "")) problems.Add(new(FieldCodes.InvalidChoice, "kind", $"'{row.Get("kind")}' is not an organization kind (党委/党总支/党支部/党小组/工委).", row.Number));
            var sector = Columns.Value(row.Get("sector"));
            if (sector is not null && !OrgVocabulary.Sectors.Contains(sector)) problems.Add(new(FieldCodes.InvalidChoice, "sector", $"'{row.Get("sector")}' is not a sector (农村/社区/机关/非公).", row.Number));
            var email = Email(row, "contactEmail", problems);
            var due = Date(row, "reelectionDue", problems);
            if (code is not null)
            {
                if (existing.ContainsKey(code)) problems.Add(new(FieldCodes.Duplicate, "code", $"code '{code}' already exists.", row.Number));
                else if (seen.TryGetValue(code, out var first)) problems.Add(new(FieldCodes.Duplicate, "code", $"code '{code}' duplicates row {first}.", row.Number));
                else seen[code] = row.Number;
            }
            if (problems.Count == before)
                parsed.Add(new OrgRow(row.Number, code!, name!, kind!, sector, row.Get("parentCode"), row.Get("secretary"), email, due));
        }
        foreach (var row in parsed.Where(r => r.ParentCode is not null && !seen.ContainsKey(r.ParentCode) && !existing.ContainsKey(r.ParentCode)))
            problems.Add(new(FieldCodes.UnknownReference, "parentCode", $"parent '{row.ParentCode}' is neither in the file nor an existing organization.", row.Row));
        var ordered = Order(parsed, problems);
        if (!commit || problems.Count > 0) return Report(rows.Count, parsed.Count, 0, problems);

        await WriteOrganizationsAsync(ordered, existing);
        return new ImportReport(rows.Count, parsed.Count, 0, [], true);
    }

    public async Task<ImportReport> MembersAsync(Stream file, string fileName, bool commit)
    {
        var (rows, unreadable) = SheetReader.Read(file, fileName, Columns.Members, limits);
        if (unreadable is not null) return new ImportReport(0, 0, 0, [new Problem(ImportCodes.BadFile, "file", unreadable)], false);
        var problems = new List<Problem>();
        var codes = await ExistingCodesAsync();
        var parsed = new List<MemberRow>();
        var seen = new Dictionary<(string, string, DateOnly?), int>();
        var emails = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var before = problems.Count;
            var orgCode = Required(row, "orgCode", problems);
            if (orgCode is not null && !codes.ContainsKey(orgCode)) problems.Add(new(FieldCodes.UnknownReference, "orgCode", $"organization '{orgCode}' does not exist.", row.Number));
            var name = Required(row, "name", problems);
            var category = Columns.Value(row.Get("category"));
            if (!OrgVocabulary.MemberCategories.Contains(category ?? "")) problems.Add(new(FieldCodes.InvalidChoice, "category", $"'{row.Get("category")}' is not a member category (在职/流动/无职).", row.Number));
            var probationary = row.Get("probationary") switch
            {
                null or "否" or "false" or "0" or "no" => false,
                "是" or "true" or "1" or "yes" => true,
                var other => Bad(problems, row.Number, FieldCodes.InvalidChoice, "probationary", $"'{other}' is neither 是 nor 否."),
            };
            var email = Email(row, "email", problems);
            if (email is not null && !emails.TryAdd(email, row.Number)) problems.Add(new(FieldCodes.Duplicate, "email", $"email '{email}' duplicates row {emails[email]}.", row.Number));
            var joined = Date(row, "joinedOn", problems);
            if (orgCode is not null && name is not null && !seen.TryAdd((orgCode, name, joined), row.Number))
                problems.Add(new(FieldCodes.Duplicate, "name", $"'{name}' of '{orgCode}' duplicates row {seen[(orgCode, name, joined)]}.", row.Number));
            if (problems.Count == before) parsed.Add(new MemberRow(row.Number, orgCode!, name!, category!, probationary, joined, email));
        }
        if (!commit || problems.Count > 0) return Report(rows.Count, 0, parsed.Count, problems);

        var at = EpochTime.ToMs(orgs.Clock.GetUtcNow());
        await WriteAsync(batch => batch.InsertRows("members", "id, org_id, name, category, probationary, joined_on, email, created_at", parsed,
            m => [Guid.CreateVersion7().ToString(), codes[m.OrgCode].Id, m.Name, m.Category, m.Probationary, m.Joined?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.Email, at]));
        return new ImportReport(rows.Count, 0, parsed.Count, [], true);
    }

    private static ImportReport Report(int rows, int organizations, int members, List<Problem> problems) =>
        new(rows, organizations, members, problems.OrderBy(p => p.Line).ThenBy(p => p.Where, StringComparer.Ordinal).ToList(), false);

    /// <summary>Parents before children; a chain of parents that loops is a problem on each of its rows.</summary>
    private static List<OrgRow> Order(List<OrgRow> rows, List<Problem> problems)
    {
        var byCode = rows.ToDictionary(r => r.Code, StringComparer.Ordinal);
        var ordered = new List<OrgRow>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var chain = new List<OrgRow>();
            var current = row;
            while (current is not null && !placed.Contains(current.Code))
            {
                if (chain.Contains(current))
                {
                    foreach (var looped in chain) problems.Add(new(ImportCodes.ParentLoop, "parentCode", "the chain of parents loops back to this row.", looped.Row));
                    return ordered;
                }
                chain.Add(current);
                current = current.ParentCode is not null && byCode.TryGetValue(current.ParentCode, out var parent) ? parent : null;
            }
            for (var i = chain.Count - 1; i >= 0; i--)
                if (placed.Add(chain[i].Code)) ordered.Add(chain[i]);
        }
        return ordered;
    }

    private async Task WriteOrganizationsAsync(List<OrgRow> ordered, Dictionary<string, (string Id, string Path)> existing)
    {
        var at = EpochTime.ToMs(orgs.Clock.GetUtcNow());
        var created = new Dictionary<string, (string Id, string Path)>(existing, StringComparer.Ordinal);
        var rows = new List<object?[]>();
        foreach (var org in ordered)
        {
            var id = Guid.CreateVersion7().ToString();
            var parent = org.ParentCode is null ? ((string Id, string Path)?)null : created[org.ParentCode];
            var path = $"{parent?.Path ?? "/"}{id}/";
            created[org.Code] = (id, path);
            rows.Add([id, org.Code, parent?.Id, org.Name, org.Kind, org.Sector, org.Secretary, org.Email, org.Due?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), path, at]);
        }
        await WriteAsync(batch => batch.InsertRows("organizations",
            "id, code, parent_id, name, kind, sector, secretary, contact_email, reelection_due, path, created_at", rows, r => r));
        foreach (var (_, (id, path)) in created) orgs.Directory.Remember(id, path);
    }

    private async Task<Dictionary<string, (string Id, string Path)>> ExistingCodesAsync()
    {
        await using var connection = await orgs.Database.OpenAsync();
        var rows = await connection.QueryAsync<(string Code, string Id, string Path)>("select code, id, path from organizations where code is not null");
        return rows.ToDictionary(r => r.Code, r => (r.Id, r.Path), StringComparer.Ordinal);
    }

    private Task WriteAsync(Action<SqlBatch> fill) => orgs.Database.WriteAsync(async (connection, transaction) =>
    {
        var batch = new SqlBatch();
        fill(batch);
        await batch.ExecuteAsync(connection, transaction);
        return true;
    });

    private static string? Required(SheetRow row, string field, List<Problem> problems)
    {
        var value = row.Get(field);
        if (value is null) problems.Add(new(FieldCodes.Required, field, $"{field} is missing.", row.Number));
        return value;
    }

    private static string? Email(SheetRow row, string field, List<Problem> problems)
    {
        var value = row.Get(field);
        if (value is not null && !MailAddress.TryCreate(value, out _)) problems.Add(new(FieldCodes.InvalidFormat, field, $"'{value}' is not an email address.", row.Number));
        return value;
    }

    private static DateOnly? Date(SheetRow row, string field, List<Problem> problems)
    {
        var value = row.Get(field);
        if (value is null) return null;
        if (DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var date)) return date;
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime)) return DateOnly.FromDateTime(dateTime);
        problems.Add(new(FieldCodes.InvalidFormat, field, $"'{value}' is not a date (yyyy-MM-dd).", row.Number));
        return null;
    }

    private static bool Bad(List<Problem> problems, int row, string code, string field, string message)
    {
        problems.Add(new(code, field, message, row));
        return false;
    }
}
