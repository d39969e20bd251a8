using Approval.Core.Limits;
using Approval.Engine;
using Approval.Engine.Parsing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;

namespace Approval.Web.Limits;

/// <summary>
/// Byte limits on request bodies, however they are sent. The 5 MB BPMN limit used to compare Content-Length only,
/// so a body sent chunked (no Content-Length) was read whole: 10 MB deployed. Now Kestrel caps every body
/// (<see cref="LimitsOptions.MaxBodyBytes"/>, raised per endpoint by <see cref="RequestSizeLimitAttribute"/>
/// metadata) and the handlers that read a body themselves stop one byte past their limit; either way the answer is
/// 413 with the problem code <c>body-too-large</c>.
/// </summary>
public static class RequestBodies
{
    public const string TooLargeCode = "body-too-large";

    public static IServiceCollection AddRequestBodyLimits(this IServiceCollection services)
    {
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((o, limits) => o.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes);
        services.AddOptions<FormOptions>().Configure<IOptions<LimitsOptions>>((o, limits) => o.MultipartBodyLengthLimit = limits.Value.MaxImportBytes);
        return services;
    }

    /// <summary>
    /// What a body carrying attachments may hold: every file at its limit, and a megabyte for the form's text. The
    /// multipart reader's own limit is raised with it (<see cref="AllowForm"/>), or it would stop at the import's.
    /// </summary>
    public static long AttachmentBodyBytes(Approval.Core.Attachments.AttachmentOptions options) => options.MaxFileBytes * options.MaxFiles + 1024 * 1024;

    /// <summary>Endpoint metadata that lets a multipart form grow to <paramref name="bytes"/>.</summary>
    public static RequestFormLimitsAttribute AllowForm(long bytes) => new() { MultipartBodyLengthLimit = bytes };

    /// <summary>Endpoint metadata that lets a body grow to <paramref name="bytes"/> (Kestrel enforces it while reading).</summary>
    public static RequestSizeLimitAttribute Allow(long bytes) => new(bytes);

    public static BadHttpRequestException TooLarge(long bytes, string key) =>
        new($"The request body is larger than {bytes / 1024:N0} KB ({key}).", StatusCodes.Status413PayloadTooLarge);

    /// <summary>The body's bytes, refused once past <paramref name="maxBytes"/> whatever its Content-Length says.</summary>
    public static async Task<byte[]> ReadBytesAsync(this HttpRequest request, long maxBytes, string key)
    {
        if (request.ContentLength > maxBytes) throw TooLarge(maxBytes, key);
        using var body = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > maxBytes) throw TooLarge(maxBytes, key);
            body.Write(buffer, 0, read);
        }
        return body.ToArray();
    }

    /// <summary>A BPMN document from the body, decoded by its byte-order mark or declared encoding (see <see cref="BpmnText"/>).</summary>
    public static async Task<(string? Xml, Problem? Problem)> ReadBpmnAsync(this HttpRequest request, LimitsOptions limits)
    {
        var bytes = await request.ReadBytesAsync(limits.MaxBpmnBytes, "Approval:Limits:MaxBpmnBytes");
        var xml = BpmnText.Decode(bytes, out var problem);
        return (xml, problem);
    }
}
