using Approval.Core.Attachments;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Attachments;

/// <summary>
/// An attachment downloaded from the pages (the sign-in cookie; /api takes tokens only): read as its instance is, sent
/// as a download under its own name, with nosniff.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class DownloadModel(CurrentUser current, AttachmentReader reader, AttachmentFiles files) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id)
    {
        var (status, attachment) = await reader.FindAsync(await current.GetAsync(), id);
        if (status == AttachmentReadStatus.NotFound) return NotFound();
        if (status == AttachmentReadStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        Response.Headers.XContentTypeOptions = "nosniff";
        return File(files.Open(attachment!), attachment!.ContentType, attachment.Name);
    }
}
