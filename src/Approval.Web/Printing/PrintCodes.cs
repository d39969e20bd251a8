namespace Approval.Web.Printing;

/// <summary>Why a PDF download answered no PDF (the <c>code</c> of its problem+json; texts in problem-texts.json).</summary>
public static class PrintCodes
{
    /// <summary>503: no Chromium is configured (<c>Approval:Print:Chromium</c>); print from the browser.</summary>
    public const string Unavailable = "pdf-unavailable";
    /// <summary>503: every print slot stayed busy while the request waited; try again shortly.</summary>
    public const string Busy = "pdf-busy";
    /// <summary>500: Chromium failed or ran out of time.</summary>
    public const string Failed = "pdf-failed";
    /// <summary>500: the PDF came out larger than <c>Approval:Print:MaxPdfBytes</c>.</summary>
    public const string TooLarge = "pdf-too-large";
}
