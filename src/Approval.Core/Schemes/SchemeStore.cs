using System.Data.Common;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Schemes;

/// <summary>A stored version of a scheme without its document: what the versions list shows.</summary>
public sealed record SchemeVersionInfo(string Key, int Version, string Name, DateTimeOffset CreatedAt, string? CreatedBy, string? Note);

/// <summary>
/// The <c>scheme_versions</c> table: every version of every rating scheme, append-only. Versions of a key are
/// numbered 1, 2, 3…; the highest is the one new campaigns start with.
/// </summary>
public sealed class SchemeStore(Database database, TimeProvider clock)
{
    public const string SystemUser = "system";

    /// <summary>How a document is stored: indented, Chinese as it is, absent values left out.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Document(RatingScheme scheme) => JsonSerializer.Serialize(scheme, Json);

    /// <summary>Whether two schemes say the same, whatever their version numbers.</summary>
    public static bool SameContent(RatingScheme a, RatingScheme b) => Document(a with { Version = 0 }) == Document(b with { Version = 0 });

    public async Task<IReadOnlyList<RatingScheme>> LoadAllAsync()
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Row>("select scheme_key, version, document from scheme_versions order by scheme_key, version"))
            .Select(r => r.ToScheme()).ToList();
    }

    /// <summary>
    /// The versions stored after those in <paramref name="latest"/> (the newest version known per key): saved by
    /// another node since this one loaded.
    /// </summary>
    public async Task<IReadOnlyList<RatingScheme>> LoadNewerAsync(IReadOnlyDictionary<string, int> latest)
    {
        await using var connection = await database.OpenAsync();
        var stored = await connection.QueryAsync<(string scheme_key, int version)>("select scheme_key, max(version) as version from scheme_versions group by scheme_key");
        var newer = new List<RatingScheme>();
        foreach (var (key, max) in stored.Where(s => s.version > latest.GetValueOrDefault(s.scheme_key)))
            newer.AddRange((await connection.QueryAsync<Row>("select scheme_key, version, document from scheme_versions where scheme_key = @key and version > @known order by version",
                new { key, known = latest.GetValueOrDefault(key) })).Select(r => r.ToScheme()));
        return newer;
    }

    /// <summary>One exact version: a catalog miss on the scoring path (a version another node stored).</summary>
    public async Task<RatingScheme?> LoadAsync(string key, int version)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryFirstOrDefaultAsync<Row>(OneVersionSql, new { key, version }))?.ToScheme();
    }

    /// <summary>The same for the pages' synchronous lookups (labels, the scheme page).</summary>
    public RatingScheme? Load(string key, int version)
    {
        using var connection = database.Open();
        return connection.QueryFirstOrDefault<Row>(OneVersionSql, new { key, version })?.ToScheme();
    }

    private const string OneVersionSql = "select scheme_key, version, document from scheme_versions where scheme_key = @key and version = @version";

    public async Task<IReadOnlyList<SchemeVersionInfo>> VersionsAsync(string key)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<InfoRow>("""
            select scheme_key, version, name, created_at, created_by, note from scheme_versions where scheme_key = @key order by version desc
            """, new { key })).Select(r => new SchemeVersionInfo(r.scheme_key, r.version, r.name, EpochTime.FromMs(r.created_at), r.created_by, r.note)).ToList();
    }

    /// <summary>
    /// Stores <paramref name="scheme"/> as the key's next version, unless the key's newest version is not
    /// <paramref name="expectedLatest"/> (0: the key must be new). Returns the stored scheme, or null and the
    /// newest version found.
    /// </summary>
    public async Task<(RatingScheme? Stored, int Latest)> AddNextAsync(RatingScheme scheme, string? createdBy, string? note, int? expectedLatest)
    {
        // Two nodes may take the same next number; the primary key lets one in and the other tries again.
        for (var attempt = 0; ; attempt++)
        {
            var (stored, latest) = await database.WriteAsync(async (c, t) =>
            {
                var max = await MaxVersionAsync(c, t, scheme.Key);
                if (expectedLatest is { } expected && expected != max) return ((RatingScheme?)null, max);
                var next = scheme with { Version = max + 1 };
                return (await InsertAsync(c, t, next, createdBy, note) ? next : null, max);
            });
            if (stored is not null || expectedLatest is not null && latest != expectedLatest || attempt == 4) return (stored, latest);
        }
    }

    /// <summary>
    /// Stores each shipped scheme unless a stored version of its key already says the same. A shipped file keeps
    /// its own version number when that number is free and newest; a file changed without a new number (or with
    /// one already taken) becomes the key's next version, so a stored version is never overwritten and nothing
    /// is lost, and the file is stored once. Returns what was stored under another number than the file's.
    /// </summary>
    public async Task<IReadOnlyList<string>> SeedAsync(IEnumerable<RatingScheme> shipped)
    {
        var renumbered = new List<string>();
        foreach (var scheme in shipped)
        {
            var note = await database.WriteAsync(async (c, t) =>
            {
                var stored = (await c.QueryAsync<Row>("select scheme_key, version, document from scheme_versions where scheme_key = @key", new { key = scheme.Key }, t))
                    .Select(r => r.ToScheme()).ToList();
                if (stored.Any(s => SameContent(s, scheme))) return null;
                var max = stored.Count == 0 ? 0 : stored.Max(s => s.Version);
                var version = scheme.Version > max ? scheme.Version : max + 1;
                var changed = version != scheme.Version
                    ? $"随软件提供的方案文件已修改但仍为第{scheme.Version}版,与已存的第{scheme.Version}版不同,存为第{version}版 / the shipped file changed but kept version {scheme.Version}, which is stored with other content: stored as version {version}"
                    : null;
                await InsertAsync(c, t, scheme with { Version = version }, SystemUser, changed ?? "随软件提供 / shipped with the application");
                return changed is null ? null : $"{scheme.Key}: {changed}";
            });
            if (note is not null) renumbered.Add(note);
        }
        return renumbered;
    }

    private static Task<int> MaxVersionAsync(DbConnection c, DbTransaction t, string key) =>
        c.ExecuteScalarAsync<int>("select coalesce(max(version), 0) from scheme_versions where scheme_key = @key", new { key }, t);

    private async Task<bool> InsertAsync(DbConnection c, DbTransaction t, RatingScheme scheme, string? createdBy, string? note) =>
        await c.ExecuteAsync("""
            insert into scheme_versions (scheme_key, version, name, document, created_at, created_by, note)
            values (@key, @version, @name, @document, @now, @createdBy, @note)
            on conflict (scheme_key, version) do nothing
            """, new
        {
            key = scheme.Key, version = scheme.Version, name = scheme.Name, document = Document(scheme),
            now = EpochTime.ToMs(clock.GetUtcNow()), createdBy, note,
        }, t) == 1;

    private sealed class Row
    {
        public string scheme_key { get; init; } = "";
        public int version { get; init; }
        public string document { get; init; } = "";

        public RatingScheme ToScheme() =>
            (JsonSerializer.Deserialize<RatingScheme>(document, Json)
             ?? throw new InvalidOperationException($"Stored scheme {scheme_key} v{version} is empty.")) with { Key = scheme_key, Version = version };
    }

    private sealed class InfoRow
    {
        public string scheme_key { get; init; } = "";
        public int version { get; init; }
        public string name { get; init; } = "";
        public long created_at { get; init; }
        public string? created_by { get; init; }
        public string? note { get; init; }
    }
}
