namespace Approval.Web.Security;

/// <summary>
/// Headers that make the browser refuse what this site never does: run a script that is not one of its own files
/// (so an injected <c>&lt;script&gt;</c> or <c>on…=</c> attribute does nothing), be framed by another site
/// (click-jacking), guess a content type, or send full addresses (task ids, tokens in .ics links) as referrers.
/// Inline <c>style=</c> attributes stay allowed: pages and bpmn-js set them, and a style cannot run code.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            // The Hangfire dashboard is a third-party page with scripts of its own; it keeps the other headers.
            if (!context.Request.Path.StartsWithSegments("/hangfire")) headers.ContentSecurityPolicy = ContentSecurityPolicy;
            return Task.CompletedTask;
        });
        return next(context);
    });
}
