using Approval.Core.Records;
using Approval.Web.Printing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Pages.Records;

/// <summary>
/// The certificate as a PDF from the server. Signed-in only, though the certificate is public: each download starts a
/// Chromium on the server, which the public board must not let anyone do at will (the public prints from the page).
/// </summary>
[Authorize(Policy = Auth.Policies.SignedIn)]
[PdfDownload]
public sealed class CertificatePdfModel(RatingCertificates certificates, TimeProvider clock) : PageModel, IPdfPage
{
    [FromRoute] public long Id { get; set; }
    public RatingCertificate Certificate { get; private set; } = null!;
    public DateTimeOffset PrintedAt { get; private set; }
    public string PdfFileName => $"证书-{Certificate.SubjectName}-{Certificate.Year}.pdf";

    public async Task<IActionResult> OnGetAsync()
    {
        var (certificate, refusal) = await certificates.GetAsync(Id);
        if (certificate is null) return new ProblemAction(TypedResults.Problem(statusCode: 404, title: CertificateModel.Why(refusal)));
        (Certificate, PrintedAt) = (certificate, clock.GetUtcNow());
        return Page();
    }
}
