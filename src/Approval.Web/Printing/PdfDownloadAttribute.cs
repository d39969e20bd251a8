using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Printing;

/// <summary>A page answered as a PDF download (<see cref="PdfDownloadAttribute"/>): the name its file is saved under.</summary>
public interface IPdfPage
{
    string PdfFileName { get; }
}

/// <summary>
/// Answers a page as a PDF: the page, rendered for the caller (whose access the page checked, as for the page to read),
/// is captured instead of sent, printed by <see cref="ChromiumPdf"/>, and goes out as a download. Without a configured
/// Chromium, or when printing fails, a problem+json says why (<see cref="PrintCodes"/>); any other answer of the page
/// (403, 404) goes out as it is.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PdfDownloadAttribute : Attribute, IAsyncResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        if (context.Result is not PageResult)
        {
            await next();
            return;
        }
        var http = context.HttpContext;
        var renderer = http.RequestServices.GetRequiredService<ChromiumPdf>();
        if (!renderer.IsAvailable)
        {
            context.Result = new ProblemAction(Problem(http, PdfFailure.Unavailable, null));
            await next();
            return;
        }
        var html = await CaptureAsync(http, next);
        var rendering = await renderer.RenderAsync(html, http.RequestAborted);
        if (rendering.Pdf is not { } pdf)
        {
            await Problem(http, rendering.Failure, rendering.Detail).ExecuteAsync(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/pdf";
        http.Response.ContentLength = pdf.Length;
        http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
            { FileNameStar = (context.Controller as IPdfPage)?.PdfFileName ?? "document.pdf", FileName = "document.pdf" }.ToString();
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.Body.WriteAsync(pdf, http.RequestAborted);
    }

    /// <summary>The page's HTML, written into memory instead of the response (which stays unstarted).</summary>
    private static async Task<string> CaptureAsync(HttpContext http, ResultExecutionDelegate next)
    {
        var body = http.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            var executed = await next();
            if (executed.Exception is { } e && !executed.ExceptionHandled) throw e;
            await http.Response.Body.FlushAsync();
        }
        finally
        {
            http.Features.Set(body);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static IResult Problem(HttpContext http, PdfFailure failure, string? detail)
    {
        var (status, code) = failure switch
        {
            PdfFailure.Unavailable => (503, PrintCodes.Unavailable),
            PdfFailure.Busy => (503, PrintCodes.Busy),
            PdfFailure.TooLarge => (500, PrintCodes.TooLarge),
            _ => (500, PrintCodes.Failed),
        };
        if (failure == PdfFailure.Busy) http.Response.Headers.RetryAfter = "10";
        // The code's text in the reader's language (problem-texts.json).
        var title = Localization.ProblemTexts.Explain(code, Localization.ProblemTexts.Both(code)?.En ?? code);
        return TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: new Dictionary<string, object?> { ["code"] = code });
    }
}
