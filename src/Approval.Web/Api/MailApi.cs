using Approval.Core.Mail;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

/// <summary>Administrators: composed mails in the outbox, and resending a dead letter.</summary>
public static class MailApi
{
    /// <summary>A composed mail and its delivery state (<c>pending</c>, <c>delivered</c> or <c>dead</c>).</summary>
    public sealed record MailDto(long Id, string Key, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt,
        DateTimeOffset? NextAttemptAt, string? LastError, IEnumerable<string> To, string Subject, string Text);

    public static void MapMailApi(this RouteGroupBuilder api)
    {
        api.MapGet("/mail", ListAsync).RequireAuthorization(Policies.Administrator);
        api.MapPost("/mail/{id:long}/resend", ResendAsync).RequireAuthorization(Policies.Administrator);
    }

    /// <summary>发件箱 / composed mails in the outbox, newest first, with their delivery state (administrators).</summary>
    private static async Task<Results<Ok<IEnumerable<MailDto>>, ProblemHttpResult>> ListAsync(HttpResponse response, CurrentUser current, MailStore mail, string? status, string? q, int? page, int? pageSize,
        Approval.Core.Limits.LimitsOptions limits)
    {
        if (status is not null && !MailStore.Statuses.Contains(status)) return Problems.Field(Core.FieldCodes.InvalidChoice, "status", $"status must be one of {string.Join(", ", MailStore.Statuses)}.");
        if (Paging.Problem(page, pageSize, limits) is { } badPage) return badPage;
        var result = await mail.ListAsync(status, q, page ?? 1, pageSize ?? 50);
        response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(result.Items.Select(m => new MailDto(m.Id, m.Key, m.Status, m.Attempts, m.CreatedAt, m.DeliveredAt, m.NextAttemptAt,
            m.LastError, m.Message.To.Select(t => t.Address), m.Message.Subject, m.Message.Text)));
    }

    /// <summary>重发 / puts a mail that failed for good (a dead letter) back in the outbox (administrators).</summary>
    private static async Task<Results<Accepted, ProblemHttpResult>> ResendAsync(long id, CurrentUser current, MailStore mail)
    {
        return await mail.ResendAsync(id)
            ? TypedResults.Accepted((string?)null)
            : Problems.Conflict("Conflict", $"Mail {id} is not a dead letter (or does not exist).");
    }
}
