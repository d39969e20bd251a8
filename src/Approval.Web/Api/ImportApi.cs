using Approval.Core.Limits;
using Approval.Core.Orgs;
using Approval.Core.Orgs.Import;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Web.Auth;
using Approval.Web.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

public static class ImportApi
{
    private static readonly string[] OrgColumns = ["code", "name", "kind", "sector", "parentCode", "secretary", "contactEmail", "reelectionDue"];
    private const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private const string CsvType = "text/csv";
    private static readonly string[] MemberColumns = ["orgCode", "name", "category", "probationary", "joinedOn", "email"];

    /// <summary>An import's preview or outcome as the contract has always shown it: each bad row's <c>row</c> (0: the file) and <c>field</c>.</summary>
    public sealed record ImportReportDto(int Rows, int Organizations, int Members, IReadOnlyList<ImportProblemDto> Problems, bool Committed, bool IsValid);

    public sealed record ImportProblemDto(int Row, string Field, string Code, string Message);

    private static ImportProblemDto ToDto(Problem p) => new(p.Line ?? 0, p.Where ?? "file", p.Code, p.Message);

    public static void MapImportApi(this RouteGroupBuilder api, LimitsOptions limits)
    {
        // Multipart uploads come from API clients with bearer tokens; there is no cookie to forge on /api.
        api.MapPost("/orgs/import", ImportAsync).RequireAuthorization(Policies.Administrator).DisableAntiforgery().WithMetadata(RequestBodies.Allow(limits.MaxImportBytes));
        api.MapGet("/orgs/export", ExportOrgsAsync).Produces(StatusCodes.Status200OK, typeof(byte[]), XlsxType, additionalContentTypes: CsvType);
        api.MapGet("/members/export", ExportMembersAsync).Produces(StatusCodes.Status200OK, typeof(byte[]), XlsxType, additionalContentTypes: CsvType);
    }

    /// <summary>
    /// <c>what=organizations|members</c>, <c>commit=false</c> (preview, the default) or <c>true</c>. A commit with any
    /// bad row answers 400 with every problem, and nothing is written.
    /// </summary>
    private static async Task<Results<Ok<ImportReportDto>, ProblemHttpResult>> ImportAsync(IFormFile? file, string? what, bool? commit, CurrentUser current, RosterImport import)
    {
        if (file is null || file.Length == 0) return Problems.Field(Core.FieldCodes.Required, "file", "Upload an .xlsx or .csv file as 'file'.");
        await using var stream = file.OpenReadStream();
        var report = what switch
        {
            "organizations" => await import.OrganizationsAsync(stream, file.FileName, commit == true),
            "members" => await import.MembersAsync(stream, file.FileName, commit == true),
            _ => null,
        };
        if (report is null) return Problems.Field(Core.FieldCodes.InvalidChoice, "what", "what must be organizations or members.");
        if (commit == true && !report.IsValid)
            return Problems.Validation($"{report.Problems.Count} problem(s); nothing was imported.", report.Problems.Select(ToDto));
        return TypedResults.Ok(new ImportReportDto(report.Rows, report.Organizations, report.Members,
            report.Problems.Select(ToDto).ToList(), report.Committed, report.IsValid));
    }

    /// <summary>导出组织 / the organization tree under orgId as an .xlsx workbook (the import's format), within the caller's scope.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportOrgsAsync(string? orgId, string? format, CurrentUser current, TaskAccess access, RosterExport export) =>
        await ExportAsync(orgId, format, current, access, "organizations", OrgColumns, export.OrganizationRowsAsync);

    /// <summary>导出党员名册 / the member roster under orgId as an .xlsx workbook (the import's format), within the caller's scope.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportMembersAsync(string? orgId, string? format, CurrentUser current, TaskAccess access, RosterExport export) =>
        await ExportAsync(orgId, format, current, access, "members", MemberColumns, export.MemberRowsAsync);

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportAsync(string? orgId, string? format, CurrentUser current, TaskAccess access, string name,
        string[] columns, Func<string, Task<IReadOnlyList<Dictionary<string, object?>>>> rows)
    {
        format ??= "xlsx";
        if (format is not ("xlsx" or "csv")) return Problems.Field(Core.FieldCodes.InvalidChoice, "format", "format must be xlsx or csv.");
        if (orgId is null) return Problems.Field(Core.FieldCodes.Required, "orgId", "orgId is required.");
        if (!access.Holds(await current.GetAsync(), orgId, Roles.OrgDepartment, Roles.Secretary))
            return Problems.Forbidden("This organization is outside your scope.");
        var bytes = RosterExport.Write(await rows(orgId), format, columns);
        var contentType = format == "xlsx" ? XlsxType : CsvType + "; charset=utf-8";
        return TypedResults.File(bytes, contentType, $"{name}.{format}");
    }
}
