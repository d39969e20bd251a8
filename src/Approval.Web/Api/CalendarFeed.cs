using Approval.Core;
using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Microsoft.Extensions.Options;

namespace Approval.Web.Api;

/// <summary>
/// GET /calendar/{token}.ics: the due dates of the user's open tasks for a calendar program. No sign-in (calendar
/// programs cannot); the token in the URL is the user's own, issued on /calendar, and an unknown one is a 404.
/// </summary>
public static class CalendarFeed
{
    public const int MaxEvents = 500;

    public static void MapCalendarFeed(this IEndpointRouteBuilder app) =>
        app.MapGet("/calendar/{token}.ics", async (string token, UserStore users, TaskQueries queries, OrgStore orgs, TimeProvider clock, IOptions<Approval.Core.Configuration.PublicUrlOptions> options) =>
        {
            if (await users.FindByCalendarTokenAsync(token) is not { } user) return Problems.NotFound("No calendar has this address.");
            var tasks = (await queries.ListAsync(user, new TaskFilter("open", PageSize: MaxEvents))).Items;
            var names = await orgs.NamesAsync(tasks.Select(t => t.OrgId));
            var ics = TaskCalendar.Write(tasks.Select(t => (t, t.OrgId is null ? null : names.GetValueOrDefault(t.OrgId))), options.Value.PublicUrl, clock.GetUtcNow());
            return Results.Text(ics, "text/calendar; charset=utf-8");
        }).AllowAnonymous();
}
