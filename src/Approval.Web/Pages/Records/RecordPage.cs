using Approval.Core.Records;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Records;

/// <summary>What the record's page and its PDF share: the record for the caller, or 404 / 403.</summary>
[Authorize(Policy = Policies.SignedIn)]
public abstract class RecordPage(CurrentUser current, ApprovalRecords records, TimeProvider clock) : PageModel
{
    [FromRoute] public string Id { get; set; } = "";
    [FromQuery(Name = "for")] public string? For { get; set; }
    public ApprovalRecord Record { get; private set; } = null!;
    public string PrintedBy { get; private set; } = "";
    public DateTimeOffset PrintedAt { get; private set; }

    protected async Task<IActionResult?> LoadAsync()
    {
        var user = await current.GetAsync();
        var (status, record) = await records.ForAsync(user, Id, For == "subject" ? RecordAudience.Subject : RecordAudience.Reader);
        if (status == RecordStatus.NotFound) return NotFound();
        if (status == RecordStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        (Record, PrintedBy, PrintedAt) = (record!, user.DisplayName, clock.GetUtcNow());
        return null;
    }
}
