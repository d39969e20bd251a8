using Approval.Core.Schemes;

namespace Approval.Web.Api;

public static class SchemesApi
{
    public static void MapSchemesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/schemes", (SchemeCatalog catalog) => Results.Ok(catalog.All.Select(s => new { s.Key, s.Name, s.NameEn, s.Version, s.Method })));
        api.MapGet("/schemes/{key}", Get);
        api.MapPost("/schemes/{key}/evaluate", Evaluate);
    }

    private static IResult Get(string key, SchemeCatalog catalog)
    {
        if (catalog.Find(key) is not { } s) return Problems.NotFound($"No rating scheme '{key}'.");
        return Results.Ok(new
        {
            s.Key, s.Name, s.NameEn, s.Version, s.Method, s.Source, s.IndividualStarSlots,
            stars = s.Stars.Select(star => new
            {
                star.Key, star.Name, star.MaxPoints, star.Award, star.Kind, star.Quote,
                sectors = star.AppliesTo.Count == 0 ? null : star.AppliesTo, items = star.Items,
            }),
            areas = s.Areas, bands = s.Bands, dimensions = s.Dimensions, grades = s.Grades, s.StarScoreThreshold, s.VoteThreshold,
            s.Participation, s.Bonuses, s.Deductions, s.Satisfaction, s.Caps, s.Quotas, s.Qualified, s.Rectification,
        });
    }

    /// <summary>A dry run of the scoring: nothing is stored.</summary>
    private static IResult Evaluate(string key, EvaluationRequest request, SchemeCatalog catalog)
    {
        if (catalog.Find(key) is not { } scheme) return Problems.NotFound($"No rating scheme '{key}'.");
        var (result, problems) = SchemeEvaluator.Evaluate(scheme, request);
        return result is null ? Problems.Fields(problems) : Results.Ok(result);
    }
}
