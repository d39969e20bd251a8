using Approval.Core.Records;
using Approval.Web.Auth;
using Approval.Web.Printing;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Records;

/// <summary>
/// 审批单: an instance's record to read and print (A4), for whoever may see the instance; <c>?for=subject</c> prints
/// it for the level below, without what is shown upward only. The PDF of the same is <see cref="RecordPdfModel"/>.
/// </summary>
public sealed class RecordModel(CurrentUser current, ApprovalRecords records, ChromiumPdf pdf, TimeProvider clock) : RecordPage(current, records, clock)
{
    public bool PdfAvailable => pdf.IsAvailable;

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ?? Page();
}
