using Approval.Core.Clock;
using Approval.Engine.Timing;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

public static class ClockApi
{
    public sealed record AdvanceRequest(string? By);

    /// <summary>The time the server works at; <c>mode</c> is <c>manual</c> (the demo clock).</summary>
    public sealed record ClockDto(DateTimeOffset Now, string Mode);

    public sealed record AdvancedDto(DateTimeOffset Now, int TimersFired);

    public static void MapClockApi(this RouteGroupBuilder api)
    {
        api.MapGet("/clock", GetAsync).RequireAuthorization(Policies.Administrator);
        api.MapPost("/clock/advance", AdvanceAsync).RequireAuthorization(Policies.Administrator);
    }

    /// <summary>当前时钟 / the clock: the time the server works at and whether it is the manual (demo) clock.</summary>
    private static async Task<Results<Ok<ClockDto>, ProblemHttpResult>> GetAsync(ClockService clock, CurrentUser current)
    {
        if (!clock.IsManual) return Problems.NotFound("The clock is not in manual mode (Approval:Clock=Manual).");
        return TypedResults.Ok(new ClockDto(clock.Now, "manual"));
    }

    /// <summary>Moves the manual clock and fires every timer due on the way before answering.</summary>
    private static async Task<Results<Ok<AdvancedDto>, ProblemHttpResult>> AdvanceAsync(AdvanceRequest request, ClockService clock, CurrentUser current)
    {
        if (!clock.IsManual) return Problems.NotFound("The clock is not in manual mode (Approval:Clock=Manual).");
        if (!IsoDuration.TryParse(request.By, out var by))
            return Problems.Field(Core.FieldCodes.InvalidFormat, "by", "by must be an ISO 8601 duration such as P7D or PT12H.");
        var start = clock.Now;
        var target = by.AddTo(start) - start;
        var fired = await clock.AdvanceAsync(target);
        return TypedResults.Ok(new AdvancedDto(clock.Now, fired));
    }
}
