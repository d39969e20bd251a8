using Approval.Core;
using Approval.Core.Schemes;
using Approval.Engine;
using Approval.Web.Auth;

using Approval.Web.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Approval.Web.Api;

/// <summary>
/// Rating schemes and their versions. Reading takes the latest version unless <c>?version=</c> names one; a new
/// version is stored by an administrator from a JSON document and becomes the latest (running campaigns keep theirs).
/// </summary>
public static class SchemesApi
{
    private const int MaxDocumentBytes = 1024 * 1024;

    public sealed record SchemeSummaryDto(string Key, string Name, string? NameEn, int Version, string Method, int LatestVersion);

    /// <summary>A star as the scheme reads it; <c>sectors</c> is null when it applies to every subject of the scheme.</summary>
    public sealed record StarDto(string Key, string Name, decimal MaxPoints, string Award, string Kind, string? Quote,
        IReadOnlyList<Applicability>? Sectors, IReadOnlyList<Item> Items);

    /// <summary>One version of a rating scheme, every rule it scores by.</summary>
    public sealed record SchemeDto(string Key, string Name, string? NameEn, int Version, int LatestVersion, string Method, string? Source,
        int IndividualStarSlots, IReadOnlyList<StarDto> Stars, IReadOnlyList<Area> Areas, IReadOnlyList<Band> Bands, IReadOnlyList<Dimension> Dimensions,
        IReadOnlyList<GradeShare> Grades, string? GradeTies, string? GradesQuote, Threshold? StarScoreThreshold, Threshold? VoteThreshold,
        Threshold? Participation, IReadOnlyList<BonusGroup> Bonuses, IReadOnlyList<Deduction> Deductions, IReadOnlyList<SatisfactionRule> Satisfaction,
        IReadOnlyList<Cap> Caps, IReadOnlyList<Quota> Quotas, LevelLine? Qualified, LevelLine? Rectification);

    /// <summary>A stored version; <c>created</c> is false when the document said the same as the latest version (nothing stored).</summary>
    public sealed record SchemeSavedDto(string Key, int Version, bool Created);

    /// <summary>A dry run's outcome: the stars with their reasons and the lines that explain it, each as its code and arguments with its text in the request's language.</summary>
    public sealed record EvaluationDto(int? Level, bool Qualified, bool Rectification, decimal? Score, IReadOnlyList<StarResultDto> Stars,
        IReadOnlyList<ExplanationDto> Explanation);

    public sealed record StarResultDto(string Key, string Name, bool Awarded, bool Individual, ExplanationDto Reason)
    {
        public static StarResultDto Of(StarResult star) => new(star.Key, star.Name, star.Awarded, star.Individual, ExplanationDto.Of(star.Reason));
    }

    public static void MapSchemesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/schemes", ListAsync);
        api.MapGet("/schemes/{key}", GetAsync);
        api.MapGet("/schemes/{key}/versions", VersionsAsync);
        api.MapPost("/schemes/{key}/versions", SaveAsync).RequireAuthorization(Policies.Administrator);
        api.MapPost("/schemes/{key}/evaluate", Evaluate);
    }

    /// <summary><c>?version=</c>: <c>latest</c> (the default), <c>all</c>, or a number (each scheme that has that version).</summary>
    private static async Task<Results<Ok<IEnumerable<SchemeSummaryDto>>, ProblemHttpResult>> ListAsync(string? version, SchemeCatalog catalog)
    {
        int? number = int.TryParse(version, out var n) ? n : null;
        if (number is null && version is not (null or "" or "latest" or "all")) return Problems.Field(Core.FieldCodes.InvalidChoice, "version", "version is latest, all or a version number.");
        await catalog.RefreshAsync();
        var schemes = version == "all" ? catalog.All.SelectMany(s => catalog.Versions(s.Key))
            : number is not null ? catalog.All.Select(s => catalog.Find(s.Key, number)).OfType<RatingScheme>()
            : catalog.All;
        return TypedResults.Ok(schemes.Select(s => new SchemeSummaryDto(s.Key, s.Name, s.NameEn, s.Version, s.Method, catalog.Find(s.Key)!.Version)));
    }

    /// <summary>一个评星方案 / one rating scheme, its latest version (or ?version=).</summary>
    private static async Task<Results<Ok<SchemeDto>, ProblemHttpResult>> GetAsync(string key, int? version, SchemeCatalog catalog)
    {
        if (version is null) await catalog.RefreshAsync();
        if (catalog.Find(key, version) is not { } s)
            return Problems.NotFound(version is null ? $"No rating scheme '{key}'." : $"Rating scheme '{key}' has no version {version}.");
        return TypedResults.Ok(new SchemeDto(s.Key, s.Name, s.NameEn, s.Version, catalog.Find(key)!.Version, s.Method, s.Source, s.IndividualStarSlots,
            s.Stars.Select(star => new StarDto(star.Key, star.Name, star.MaxPoints, star.Award, star.Kind, star.Quote,
                star.AppliesTo.Count == 0 ? null : star.AppliesTo, star.Items)).ToList(),
            s.Areas, s.Bands, s.Dimensions, s.Grades, s.GradeTies, s.GradesQuote, s.StarScoreThreshold, s.VoteThreshold,
            s.Participation, s.Bonuses, s.Deductions, s.Satisfaction, s.Caps, s.Quotas, s.Qualified, s.Rectification));
    }

    /// <summary>方案版本 / every saved version of a scheme, newest first.</summary>
    private static async Task<Results<Ok<IReadOnlyList<SchemeVersionInfo>>, ProblemHttpResult>> VersionsAsync(string key, SchemeStore store)
    {
        var versions = await store.VersionsAsync(key);
        return versions.Count == 0 ? Problems.NotFound($"No rating scheme '{key}'.") : TypedResults.Ok(versions);
    }

    /// <summary>
    /// The body is the scheme's JSON document (its <c>version</c> is ignored: the next number is assigned); the change
    /// note comes as <c>?note=</c>. 201 with the new version; 200 when the document says the same as the latest
    /// version (nothing stored); 400 listing every problem with its JSON path.
    /// </summary>
    private static async Task<Results<Created<SchemeSavedDto>, Ok<SchemeSavedDto>, ProblemHttpResult>> SaveAsync(string key, string? note, HttpRequest request, CurrentUser current, SchemeCatalog catalog)
    {
        var user = await current.GetAsync();
        using var reader = new StreamReader(new MemoryStream(await request.ReadBytesAsync(MaxDocumentBytes, "a scheme document")));
        var body = await reader.ReadToEndAsync();
        var (scheme, problems) = SchemeCatalog.Parse(body);
        if (scheme is not null && scheme.Key != key)
            problems = [.. problems, new Problem(FieldCodes.Inconsistent, "$.key", $"key must be '{key}', the scheme this address names.")];
        if (problems.Count > 0 || scheme is null) return Invalid(problems);
        var saved = await catalog.SaveAsync(scheme, user.Login, note);
        if (saved.Scheme is null) return Invalid(saved.Problems);
        var answer = new SchemeSavedDto(saved.Scheme.Key, saved.Scheme.Version, saved.Created);
        return saved.Created ? TypedResults.Created($"/api/schemes/{key}?version={saved.Scheme.Version}", answer) : TypedResults.Ok(answer);
    }

    /// <summary>Each problem at its JSON path (<c>path</c>, as the contract has always named it), with its <c>code</c>.</summary>
    private static ProblemHttpResult Invalid(IReadOnlyList<Problem> problems) =>
        Problems.Validation($"The scheme has {problems.Count} problem(s); nothing was stored.", problems.Select(p => new { Path = p.Where ?? "$", p.Code, p.Message }));

    /// <summary>A dry run of the scoring: nothing is stored.</summary>
    private static Results<Ok<EvaluationDto>, ProblemHttpResult> Evaluate(string key, int? version, EvaluationRequest request, SchemeCatalog catalog)
    {
        if (catalog.Find(key, version) is not { } scheme) return Problems.NotFound($"No rating scheme '{key}'{(version is null ? "" : $" version {version}")}.");
        var (result, problems) = SchemeEvaluator.Evaluate(scheme, request);
        return result is null ? Problems.Fields(problems) : TypedResults.Ok(new EvaluationDto(result.Level, result.Qualified, result.Rectification, result.Score,
            result.Stars.Select(StarResultDto.Of).ToList(),
            result.Explanation.Select(ExplanationDto.Of).ToList()));
    }
}
