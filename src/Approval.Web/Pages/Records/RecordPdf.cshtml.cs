using Approval.Core.Records;
using Approval.Web.Auth;
using Approval.Web.Printing;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Records;

/// <summary>The 审批单 as a PDF from the server (<see cref="ChromiumPdf"/>): the same access as the page; 503 without Chromium.</summary>
[PdfDownload]
public sealed class RecordPdfModel(CurrentUser current, ApprovalRecords records, TimeProvider clock) : RecordPage(current, records, clock), IPdfPage
{
    public string PdfFileName => $"审批单-{Record.SubjectName ?? Record.ProcessName}.pdf";

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();
}
