using Approval.Core.Records;
using Approval.Web.Auth;
using Approval.Web.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Records;

/// <summary>
/// 审批单: an instance's record to read and print (A4), for whoever may see the instance; <c>?for=subject</c> prints
/// it for the level below, without what is shown upward only. The PDF of the same is <see cref="RecordPdfModel"/>.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class RecordModel(CurrentUser current, ApprovalRecords records, ChromiumPdf pdf, TimeProvider clock) : PageModel, IRecordPage
{
    [FromRoute] public string Id { get; set; } = "";
    [FromQuery(Name = "for")] public string? For { get; set; }
    public ApprovalRecord Record { get; private set; } = null!;
    public string PrintedBy { get; private set; } = "";
    public DateTimeOffset PrintedAt { get; private set; }
    public bool PdfAvailable => pdf.IsAvailable;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync(this, current, records, clock) ?? Page();

    /// <summary>Loads the record for the caller into <paramref name="page"/>; a refusal (404, 403) when there is none for them.</summary>
    internal static async Task<IActionResult?> LoadAsync(IRecordPage page, CurrentUser current, ApprovalRecords records, TimeProvider clock)
    {
        var user = await current.GetAsync();
        var audience = page.For == "subject" ? RecordAudience.Subject : RecordAudience.Reader;
        var (status, record) = await records.ForAsync(user, page.Id, audience);
        if (status == RecordStatus.NotFound) return new NotFoundResult();
        if (status == RecordStatus.Forbidden) return new StatusCodeResult(StatusCodes.Status403Forbidden);
        page.Show(record!, user.DisplayName, clock.GetUtcNow());
        return null;
    }

    void IRecordPage.Show(ApprovalRecord record, string printedBy, DateTimeOffset printedAt) => (Record, PrintedBy, PrintedAt) = (record, printedBy, printedAt);
}

/// <summary>What the record's page and its PDF share.</summary>
internal interface IRecordPage
{
    string Id { get; }
    string? For { get; }
    void Show(ApprovalRecord record, string printedBy, DateTimeOffset printedAt);
}
