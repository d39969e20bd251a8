using System.Text.Json;
using Approval.Engine;

namespace Approval.Core.Schemes;

/// <summary>What saving a scheme did: the version stored (or, unchanged, the newest one), or the problems (each at its JSON path).</summary>
public sealed record SchemeSaveResult(RatingScheme? Scheme, bool Created, IReadOnlyList<Problem> Problems);

/// <summary>
/// Every version of every rating scheme, in memory: the latest by key for what starts now, an exact (key, version)
/// for what runs (a campaign keeps the version it started with). Backed by <see cref="SchemeStore"/> in the
/// application, where the shipped files of <c>workflows/schemes/*.json</c> seed their versions at start-up and the
/// editor's saves add the next ones; built from a list in tests.
/// </summary>
public sealed class SchemeCatalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { AllowTrailingCommas = false };
    private const int MaxNote = 2000;

    // Versions per key, oldest first; null until the catalog is open. Scoring reads it once per subject, so reads
    // take no lock: a save builds a new dictionary under _write and publishes it whole.
    private volatile Dictionary<string, RatingScheme[]>? _versions;
    private readonly Lock _write = new();
    private readonly SchemeStore? _store;

    public SchemeCatalog(IEnumerable<RatingScheme> schemes, SchemeStore? store = null)
    {
        _store = store;
        _versions = ByKey(schemes);
    }

    /// <summary>The application's catalog, empty until <see cref="OpenAsync(IEnumerable{RatingScheme})"/> (at start-up, before requests).</summary>
    public SchemeCatalog(SchemeStore store) => _store = store;

    /// <summary>The shipped schemes stored if absent (see <see cref="SchemeStore.SeedAsync"/>), then every stored version loaded.</summary>
    public static async Task<(SchemeCatalog Catalog, IReadOnlyList<string> Renumbered)> OpenAsync(SchemeStore store, IEnumerable<RatingScheme> shipped)
    {
        var catalog = new SchemeCatalog(store);
        return (catalog, await catalog.OpenAsync(shipped));
    }

    /// <summary>Opens this catalog: the shipped schemes stored if absent, then every stored version loaded; returns the renumbering warnings.</summary>
    public async Task<IReadOnlyList<string>> OpenAsync(IEnumerable<RatingScheme> shipped)
    {
        var store = _store ?? throw new InvalidOperationException("This catalog has no store to open.");
        var renumbered = await store.SeedAsync(shipped);
        var loaded = ByKey(await store.LoadAllAsync());
        lock (_write) _versions = loaded;
        return renumbered;
    }

    private static Dictionary<string, RatingScheme[]> ByKey(IEnumerable<RatingScheme> schemes) =>
        schemes.GroupBy(s => s.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Version).ToArray(), StringComparer.Ordinal);

    private Dictionary<string, RatingScheme[]> Loaded => _versions
        ?? throw new InvalidOperationException("The rating schemes are read before the catalog is open (ApprovalInitializer.OpenSchemesAsync opens it at start-up).");

    /// <summary>The latest version of each scheme, by key.</summary>
    public IReadOnlyList<RatingScheme> All => Loaded.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => v.Value[^1]).ToList();

    public RatingScheme? Find(string key) => Loaded.TryGetValue(key, out var versions) ? versions[^1] : null;

    /// <summary>
    /// The version a campaign runs on (<paramref name="version"/> null: the latest). A version this node has not
    /// seen (stored by another node) is read from the store once and kept.
    /// </summary>
    public RatingScheme? Find(string key, int? version) =>
        version is not { } wanted ? Find(key) : Known(key, wanted) ?? (_store?.Load(key, wanted) is { } loaded ? Add(loaded) : null);

    /// <summary>The same, reading a version this node has not seen without blocking (a workflow step's handler).</summary>
    public async Task<RatingScheme?> FindAsync(string key, int? version) =>
        version is not { } wanted ? Find(key)
        : Known(key, wanted) ?? (_store is not null && await _store.LoadAsync(key, wanted) is { } loaded ? Add(loaded) : null);

    private RatingScheme? Known(string key, int version) =>
        Loaded.TryGetValue(key, out var versions) ? Array.Find(versions, s => s.Version == version) : null;

    /// <summary>Every version of a scheme, oldest first.</summary>
    public IReadOnlyList<RatingScheme> Versions(string key) => Loaded.TryGetValue(key, out var versions) ? versions : [];

    /// <summary>Picks up the versions other nodes stored since this one loaded (before showing or starting from the latest).</summary>
    public async Task RefreshAsync()
    {
        if (_store is null) return;
        foreach (var scheme in await _store.LoadNewerAsync(Loaded.ToDictionary(v => v.Key, v => v.Value[^1].Version)))
            Add(scheme);
    }

    public static IReadOnlyList<Problem> Validate(RatingScheme scheme) => SchemeValidator.Validate(scheme).ToList();

    /// <summary>
    /// Stores <paramref name="scheme"/> as its key's next version, validated first; nothing is stored when it has
    /// problems or says the same as the latest version. <paramref name="expectedLatest"/>: the latest version the
    /// editor started from (0 for a new key), so that a version saved meanwhile is not silently superseded.
    /// </summary>
    public async Task<SchemeSaveResult> SaveAsync(RatingScheme scheme, string? createdBy, string? note, int? expectedLatest = null)
    {
        var store = _store ?? throw new InvalidOperationException("This catalog has no store to save to.");
        var problems = Validate(scheme with { Version = Math.Max(scheme.Version, 1) }).ToList();
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNote }) problems.Add(new(FieldCodes.TooLong, "note", $"修改说明不超过{MaxNote}字 / the note is limited to {MaxNote} characters."));
        if (problems.Count > 0) return new(null, false, problems);
        await RefreshAsync();
        if (Find(scheme.Key) is { } latest && SchemeStore.SameContent(latest, scheme) && expectedLatest is null or > 0)
            return new(latest, false, []);
        var (stored, actual) = await store.AddNextAsync(scheme, createdBy, note, expectedLatest);
        if (stored is not null) return new(Add(stored), true, []);
        return new(null, false, [expectedLatest == 0
            ? new(FieldCodes.Duplicate, "$.key", $"方案标识“{scheme.Key}”已被使用,请修改该方案 / the key '{scheme.Key}' is taken: edit that scheme instead.")
            : new(SchemeCodes.SavedMeanwhile, "$", $"本方案已有他人保存的第{actual}版,请基于最新版本重新修改 / version {actual} was saved meanwhile: edit the latest version again.")]);
    }

    private RatingScheme Add(RatingScheme scheme)
    {
        lock (_write)
        {
            var versions = Loaded.GetValueOrDefault(scheme.Key) ?? [];
            if (Array.Find(versions, s => s.Version == scheme.Version) is { } known) return known; // versions never change
            _versions = new Dictionary<string, RatingScheme[]>(Loaded, StringComparer.Ordinal)
            {
                [scheme.Key] = [.. versions.Append(scheme).OrderBy(s => s.Version)],
            };
            return scheme;
        }
    }

    /// <summary>The schemes of a directory's <c>*.json</c> files in memory (tests, benchmarks); a scheme with problems is left out.</summary>
    public static (SchemeCatalog Catalog, IReadOnlyList<Problem> Problems) LoadDirectory(string directory)
    {
        var (schemes, problems) = ReadDirectory(directory);
        return (new SchemeCatalog(schemes), problems);
    }

    /// <summary>
    /// Reads and validates the <c>*.json</c> files of a directory, one scheme each. A problem's <c>Where</c> is the
    /// file and the JSON path, joined by a colon (<c>five-star.json:$.bands[0].min</c>), as many files are read at once.
    /// </summary>
    public static (IReadOnlyList<RatingScheme> Schemes, IReadOnlyList<Problem> Problems) ReadDirectory(string directory)
    {
        var schemes = new List<RatingScheme>();
        var problems = new List<Problem>();
        foreach (var file in Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var (scheme, found) = Parse(File.ReadAllText(file));
            problems.AddRange(found.Select(p => p with { Where = $"{name}:{p.Where}" }));
            if (scheme is not null && found.Count == 0)
            {
                if (schemes.Any(s => s.Key == scheme.Key)) problems.Add(new(FieldCodes.Duplicate, $"{name}:$.key", $"Scheme key '{scheme.Key}' is used by another file."));
                else schemes.Add(scheme);
            }
        }
        return (schemes, problems);
    }

    /// <summary>One scheme document; each problem's <c>Where</c> is its JSON path.</summary>
    public static (RatingScheme? Scheme, IReadOnlyList<Problem> Problems) Parse(string json)
    {
        RatingScheme? scheme;
        try
        {
            scheme = JsonSerializer.Deserialize<RatingScheme>(json, Json);
        }
        catch (JsonException ex)
        {
            return (null, [new Problem(SchemeCodes.MalformedJson, ex.Path ?? "$", $"{ex.Message.Split(" Path:")[0]} (line {ex.LineNumber + 1})")]);
        }
        if (scheme is null) return (null, [new Problem(SchemeCodes.NoScheme, "$", "The file holds no scheme.")]);
        return (scheme, SchemeValidator.Validate(scheme).ToList());
    }
}
