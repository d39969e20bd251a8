using Approval.Core.Records;
using Approval.Web.Auth;
using Approval.Web.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Records;

/// <summary>The 审批单 as a PDF from the server (<see cref="ChromiumPdf"/>): the same access as the page; 503 without Chromium.</summary>
[Authorize(Policy = Policies.SignedIn)]
[PdfDownload]
public sealed class RecordPdfModel(CurrentUser current, ApprovalRecords records, TimeProvider clock) : PageModel, IRecordPage, IPdfPage
{
    [FromRoute] public string Id { get; set; } = "";
    [FromQuery(Name = "for")] public string? For { get; set; }
    public ApprovalRecord Record { get; private set; } = null!;
    public string PrintedBy { get; private set; } = "";
    public DateTimeOffset PrintedAt { get; private set; }

    public string PdfFileName => $"审批单-{Record.SubjectName ?? Record.ProcessName}.pdf";

    public async Task<IActionResult> OnGetAsync() => await RecordModel.LoadAsync(this, current, records, clock) ?? Page();

    void IRecordPage.Show(ApprovalRecord record, string printedBy, DateTimeOffset printedAt) => (Record, PrintedBy, PrintedAt) = (record, printedBy, printedAt);
}
