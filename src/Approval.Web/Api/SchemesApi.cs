using Approval.Core.Schemes;
using Approval.Web.Auth;

using Approval.Web.Limits;

namespace Approval.Web.Api;

/// <summary>
/// Rating schemes and their versions. Reading takes the latest version unless <c>?version=</c> names one; a new
/// version is stored by an administrator from a JSON document and becomes the latest (running campaigns keep theirs).
/// </summary>
public static class SchemesApi
{
    private const int MaxDocumentBytes = 1024 * 1024;

    public static void MapSchemesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/schemes", ListAsync);
        api.MapGet("/schemes/{key}", GetAsync);
        api.MapGet("/schemes/{key}/versions", VersionsAsync);
        api.MapPost("/schemes/{key}/versions", SaveAsync).RequireAuthorization(Policies.Administrator);
        api.MapPost("/schemes/{key}/evaluate", Evaluate);
    }

    /// <summary><c>?version=</c>: <c>latest</c> (the default), <c>all</c>, or a number (each scheme that has that version).</summary>
    private static async Task<IResult> ListAsync(string? version, SchemeCatalog catalog)
    {
        int? number = int.TryParse(version, out var n) ? n : null;
        if (number is null && version is not (null or "" or "latest" or "all")) return Problems.Field("version", "version is latest, all or a version number.");
        await catalog.RefreshAsync();
        var schemes = version == "all" ? catalog.All.SelectMany(s => catalog.Versions(s.Key))
            : number is not null ? catalog.All.Select(s => catalog.Find(s.Key, number)).OfType<RatingScheme>()
            : catalog.All;
        return Results.Ok(schemes.Select(s => new { s.Key, s.Name, s.NameEn, s.Version, s.Method, latestVersion = catalog.Find(s.Key)!.Version }));
    }

    /// <summary>一个评星方案 / one rating scheme, its latest version (or ?version=).</summary>
    private static async Task<IResult> GetAsync(string key, int? version, SchemeCatalog catalog)
    {
        if (version is null) await catalog.RefreshAsync();
        if (catalog.Find(key, version) is not { } s)
            return Problems.NotFound(version is null ? $"No rating scheme '{key}'." : $"Rating scheme '{key}' has no version {version}.");
        return Results.Ok(new
        {
            s.Key, s.Name, s.NameEn, s.Version, latestVersion = catalog.Find(key)!.Version, s.Method, s.Source, s.IndividualStarSlots,
            stars = s.Stars.Select(star => new
            {
                star.Key, star.Name, star.MaxPoints, star.Award, star.Kind, star.Quote,
                sectors = star.AppliesTo.Count == 0 ? null : star.AppliesTo, items = star.Items,
            }),
            areas = s.Areas, bands = s.Bands, dimensions = s.Dimensions, grades = s.Grades, s.GradeTies, s.GradesQuote,
            s.StarScoreThreshold, s.VoteThreshold,
            s.Participation, s.Bonuses, s.Deductions, s.Satisfaction, s.Caps, s.Quotas, s.Qualified, s.Rectification,
        });
    }

    /// <summary>方案版本 / every saved version of a scheme, newest first.</summary>
    private static async Task<IResult> VersionsAsync(string key, SchemeStore store)
    {
        var versions = await store.VersionsAsync(key);
        return versions.Count == 0 ? Problems.NotFound($"No rating scheme '{key}'.") : Results.Ok(versions);
    }

    /// <summary>
    /// The body is the scheme's JSON document (its <c>version</c> is ignored: the next number is assigned); the change
    /// note comes as <c>?note=</c>. 201 with the new version; 200 when the document says the same as the latest
    /// version (nothing stored); 400 listing every problem with its JSON path.
    /// </summary>
    private static async Task<IResult> SaveAsync(string key, string? note, HttpRequest request, CurrentUser current, SchemeCatalog catalog)
    {
        var user = await current.GetAsync();
        using var reader = new StreamReader(new MemoryStream(await request.ReadBytesAsync(MaxDocumentBytes, "a scheme document")));
        var body = await reader.ReadToEndAsync();
        var (scheme, problems) = SchemeCatalog.Parse("body", body);
        if (scheme is not null && scheme.Key != key)
            problems = [.. problems, new SchemeProblem("body", "$.key", $"key must be '{key}', the scheme this address names.")];
        if (problems.Count > 0 || scheme is null) return Invalid(problems);
        var saved = await catalog.SaveAsync(scheme, user.Login, note);
        if (saved.Scheme is null) return Invalid(saved.Problems);
        var answer = new { saved.Scheme.Key, saved.Scheme.Version, saved.Created };
        return saved.Created ? Results.Created($"/api/schemes/{key}?version={saved.Scheme.Version}", answer) : Results.Ok(answer);
    }

    private static IResult Invalid(IReadOnlyList<SchemeProblem> problems) =>
        Problems.Validation($"The scheme has {problems.Count} problem(s); nothing was stored.", problems.Select(p => new { p.Path, p.Message }));

    /// <summary>A dry run of the scoring: nothing is stored.</summary>
    private static IResult Evaluate(string key, int? version, EvaluationRequest request, SchemeCatalog catalog)
    {
        if (catalog.Find(key, version) is not { } scheme) return Problems.NotFound($"No rating scheme '{key}'{(version is null ? "" : $" version {version}")}.");
        var (result, problems) = SchemeEvaluator.Evaluate(scheme, request);
        return result is null ? Problems.Fields(problems) : Results.Ok(result);
    }
}
