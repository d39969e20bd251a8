using System.Text.Json;

namespace Approval.Core.Schemes;

/// <summary>Something wrong in a scheme file, at a JSON path (<c>$.stars[3].award</c>).</summary>
public sealed record SchemeProblem(string File, string Path, string Message);

/// <summary>
/// The rating schemes shipped in <c>workflows/schemes/*.json</c>, read and validated at start-up. A scheme with
/// problems is not loaded; every problem is reported with its JSON path.
/// </summary>
public sealed class SchemeCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = false };
    private readonly Dictionary<string, RatingScheme> _schemes;

    public SchemeCatalog(IEnumerable<RatingScheme> schemes) =>
        _schemes = schemes.ToDictionary(s => s.Key, StringComparer.Ordinal);

    public IReadOnlyList<RatingScheme> All => _schemes.Values.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
    public RatingScheme? Find(string key) => _schemes.GetValueOrDefault(key);

    public static (SchemeCatalog Catalog, IReadOnlyList<SchemeProblem> Problems) LoadDirectory(string directory)
    {
        var schemes = new List<RatingScheme>();
        var problems = new List<SchemeProblem>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var (scheme, found) = Parse(Path.GetFileName(file), File.ReadAllText(file));
            problems.AddRange(found);
            if (scheme is not null && found.Count == 0)
            {
                if (schemes.Any(s => s.Key == scheme.Key)) problems.Add(new(Path.GetFileName(file), "$.key", $"Scheme key '{scheme.Key}' is used by another file."));
                else schemes.Add(scheme);
            }
        }
        return (new SchemeCatalog(schemes), problems);
    }

    public static (RatingScheme? Scheme, IReadOnlyList<SchemeProblem> Problems) Parse(string file, string json)
    {
        RatingScheme? scheme;
        try
        {
            scheme = JsonSerializer.Deserialize<RatingScheme>(json, Json);
        }
        catch (JsonException ex)
        {
            return (null, [new SchemeProblem(file, ex.Path ?? "$", $"{ex.Message.Split(" Path:")[0]} (line {ex.LineNumber + 1})")]);
        }
        if (scheme is null) return (null, [new SchemeProblem(file, "$", "The file holds no scheme.")]);
        var problems = SchemeValidator.Validate(scheme).Select(p => p with { File = file }).ToList();
        return (scheme, problems);
    }
}
