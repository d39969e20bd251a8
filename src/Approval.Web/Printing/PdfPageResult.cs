using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Approval.Web.Printing;

/// <summary>
/// A page rendered for the caller (its access already checked by the page) and answered as a PDF: the page's HTML is
/// captured instead of sent, printed by <see cref="ChromiumPdf"/>, and the PDF goes out as a download; without a
/// configured Chromium, or when it fails, a problem+json says why (<see cref="PrintCodes"/>).
/// </summary>
public sealed class PdfPageResult(PageResult page, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var renderer = http.RequestServices.GetRequiredService<ChromiumPdf>();
        if (!renderer.IsAvailable)
        {
            await Problem(http, PdfFailure.Unavailable, null);
            return;
        }
        var html = await CaptureAsync(context);
        var rendering = await renderer.RenderAsync(html, http.RequestAborted);
        if (rendering.Pdf is not { } pdf)
        {
            await Problem(http, rendering.Failure, rendering.Detail);
            return;
        }
        http.Response.ContentType = "application/pdf";
        http.Response.ContentLength = pdf.Length;
        http.Response.Headers.ContentDisposition = new System.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
            { FileNameStar = fileName, FileName = "document.pdf" }.ToString();
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.Body.WriteAsync(pdf, http.RequestAborted);
    }

    /// <summary>The page's HTML, written into memory instead of the response (which stays unstarted).</summary>
    private async Task<string> CaptureAsync(ActionContext context)
    {
        var http = context.HttpContext;
        var body = http.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        http.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await page.ExecuteResultAsync(context);
            await http.Response.Body.FlushAsync();
        }
        finally
        {
            http.Features.Set(body);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static Task Problem(HttpContext http, PdfFailure failure, string? detail)
    {
        var (status, code, title) = failure switch
        {
            PdfFailure.Unavailable => (503, PrintCodes.Unavailable, "本服务器未配置 PDF 生成，请在浏览器中打印或“另存为 PDF” / This server makes no PDFs: print the page from the browser (or save it as PDF)."),
            PdfFailure.Busy => (503, PrintCodes.Busy, "正在生成的 PDF 较多，请稍后再试 / Too many PDFs are being made; try again shortly."),
            PdfFailure.TooLarge => (500, PrintCodes.TooLarge, "生成的 PDF 过大 / The PDF came out too large."),
            _ => (500, PrintCodes.Failed, "PDF 生成失败，请在浏览器中打印 / The PDF could not be made; print the page from the browser."),
        };
        if (failure == PdfFailure.Busy) http.Response.Headers.RetryAfter = "10";
        http.Response.Headers.ContentDisposition = default;
        return TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: new Dictionary<string, object?> { ["code"] = code }).ExecuteAsync(http);
    }
}
