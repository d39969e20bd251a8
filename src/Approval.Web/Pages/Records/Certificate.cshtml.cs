using Approval.Core.Records;
using Approval.Web.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Records;

/// <summary>
/// 授牌: the certificate of a ratified result, to print (A4). Public like the notice the result was posted on
/// ("张榜公示", DOMAIN.md §6): anyone who may read the result may read its certificate. Anything else is a 404 that
/// says why (not ratified, a demotion, no level).
/// </summary>
[AllowAnonymous]
public sealed class CertificateModel(RatingCertificates certificates, ChromiumPdf pdf, TimeProvider clock) : PageModel
{
    [FromRoute] public long Id { get; set; }
    public RatingCertificate? Certificate { get; private set; }
    public string? Refusal { get; private set; }
    public DateTimeOffset PrintedAt { get; private set; }
    public bool PdfAvailable => pdf.IsAvailable;
    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public async Task<IActionResult> OnGetAsync()
    {
        (Certificate, var refusal) = await certificates.GetAsync(Id);
        PrintedAt = clock.GetUtcNow();
        if (Certificate is null)
        {
            Refusal = Why(refusal);
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
        return Page();
    }

    /// <summary>Why a ledger row has no certificate, as the page and the PDF's 404 say it.</summary>
    public static string Why(CertificateRefusal refusal) => refusal switch
    {
        CertificateRefusal.NotRatified => T("该记录不是经公示后批准授星的评星结果（如降星、复检记录），没有证书。",
            "This entry is not a result ratified after its public notice (it is a demotion or a re-check), so it has no certificate."),
        CertificateRefusal.NoLevel => T("该结果未评定星级，不颁发证书。", "This result has no star level, so no certificate is awarded."),
        _ => T("没有这条评星记录。", "There is no such rating."),
    };
}
