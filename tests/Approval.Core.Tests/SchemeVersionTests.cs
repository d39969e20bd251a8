using Approval.Core.Infrastructure;
using Approval.Core.Schemes;
using Dapper;

namespace Approval.Core.Tests;

/// <summary>Rating schemes as stored versions: seeding from the shipped files, saving the next version, exact lookups; on each database.</summary>
public abstract class SchemeVersionTests : IDisposable
{
    private readonly Database _database;
    private readonly Action _cleanup;
    private readonly SchemeStore _store;
    private static readonly IReadOnlyList<RatingScheme> Shipped = SchemeCatalog.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes")).Schemes;

    protected SchemeVersionTests((Database Database, Action Cleanup) db)
    {
        (_database, _cleanup) = db;
        _store = new SchemeStore(_database, TimeProvider.System);
    }

    public void Dispose() => _cleanup();

    private async Task<SchemeCatalog> OpenAsync(IEnumerable<RatingScheme>? shipped = null) => (await SchemeCatalog.OpenAsync(_store, shipped ?? Shipped)).Catalog;

    private async Task<int> RowsAsync()
    {
        await using var connection = await _database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("select count(*) from scheme_versions");
    }

    private static RatingScheme FiveStar(SchemeCatalog catalog, int? version = null) => catalog.Find("five-star-service", version)!;

    /// <summary>Scheme C with every band 10 points higher: a 71 that is three stars in version 1 is two here.</summary>
    public static RatingScheme StricterBands(RatingScheme scheme) => scheme with { Bands = scheme.Bands.Select(b => b with { Min = b.Min + 10 }).ToList() };

    [Fact(DisplayName = "The application's catalog refuses to be read before it is opened, and reads the stored versions once open")]
    public async Task AnUnopenedCatalog_RefusesReads_UntilOpened()
    {
        var catalog = new SchemeCatalog(_store);
        Assert.Throws<InvalidOperationException>(() => catalog.Find("five-star-service"));
        await catalog.OpenAsync(Shipped);
        Assert.Equal(1, FiveStar(catalog).Version);
    }

    [Fact]
    public async Task Open_SeedsEachShippedSchemeAsVersion1_Once()
    {
        await OpenAsync();
        var again = await OpenAsync();

        Assert.Equal(4, await RowsAsync());
        Assert.Equal(["double-ten", "five-star-service", "six-good", "ten-star-branch"], again.All.Select(s => s.Key));
        Assert.All(again.All, s => Assert.Equal(1, s.Version));
        var info = Assert.Single(await _store.VersionsAsync("double-ten"));
        Assert.Equal((1, SchemeStore.SystemUser), (info.Version, info.CreatedBy));
        Assert.True(SchemeStore.SameContent(Shipped.Single(s => s.Key == "double-ten"), again.Find("double-ten")!));
    }

    [Fact(DisplayName = "A shipped file changed without a new version number is stored as the next version, once, and never overwrites the stored one")]
    public async Task Open_StoresAChangedShippedFile_AsTheNextVersion()
    {
        var original = FiveStar(await OpenAsync());
        var changed = Shipped.Select(s => s.Key == "five-star-service" ? StricterBands(s) : s).ToList();

        var catalog = await OpenAsync(changed);
        await OpenAsync(changed);

        Assert.Equal(5, await RowsAsync());
        Assert.Equal(2, FiveStar(catalog).Version);
        Assert.Equal(100, FiveStar(catalog).Bands[0].Min);
        Assert.True(SchemeStore.SameContent(original, FiveStar(catalog, 1)));
        Assert.Contains("kept version 1", (await _store.VersionsAsync("five-star-service"))[0].Note);
    }

    [Fact]
    public async Task Save_StoresTheNextVersion_AndKeepsEveryEarlierOneExact()
    {
        var catalog = await OpenAsync();
        var saved = await catalog.SaveAsync(StricterBands(FiveStar(catalog)), "admin", "分数段提高10分", expectedLatest: 1);

        Assert.Empty(saved.Problems);
        Assert.True(saved.Created);
        Assert.Equal(2, saved.Scheme!.Version);
        Assert.Same(saved.Scheme, FiveStar(catalog));
        Assert.Equal([90m, 100m], new[] { FiveStar(catalog, 1).Bands[0].Min, FiveStar(catalog, 2).Bands[0].Min });
        Assert.Equal([1, 2], catalog.Versions("five-star-service").Select(s => s.Version));
        var latest = (await _store.VersionsAsync("five-star-service"))[0];
        Assert.Equal((2, "admin", "分数段提高10分"), (latest.Version, latest.CreatedBy, latest.Note));
        // What was stored reads back the same on a fresh start.
        Assert.True(SchemeStore.SameContent(saved.Scheme, FiveStar(await OpenAsync(), 2)));
    }

    [Fact]
    public async Task Save_RefusesAnInvalidScheme_NamingEveryPath_AndStoresNothing()
    {
        var catalog = await OpenAsync();
        var broken = FiveStar(catalog) with
        {
            Bands = [new Band(120, 5), new Band(80, 5)],
            Quotas = [new Quota("cap", 5, false, "most", 0.1m)],
        };

        var saved = await catalog.SaveAsync(broken, "admin", null);

        Assert.Null(saved.Scheme);
        Assert.Equal(["$.bands[0].min", "$.bands[1].level", "$.quotas[0].comparison"], saved.Problems.Select(p => p.Where).Order(StringComparer.Ordinal));
        Assert.Equal(4, await RowsAsync());
        Assert.Equal(1, FiveStar(catalog).Version);
    }

    [Fact]
    public async Task Save_OfTheSameContent_StoresNothing()
    {
        var catalog = await OpenAsync();
        var saved = await catalog.SaveAsync(FiveStar(catalog) with { Version = 7 }, "admin", "没有改动");
        Assert.Equal((false, 1), (saved.Created, saved.Scheme!.Version));
        Assert.Equal(4, await RowsAsync());
    }

    [Fact]
    public async Task Save_RefusesAVersionSavedMeanwhile_AndATakenKeyForANewScheme()
    {
        var catalog = await OpenAsync();
        await catalog.SaveAsync(StricterBands(FiveStar(catalog)), "admin-a", null, expectedLatest: 1);

        var stale = await catalog.SaveAsync(FiveStar(catalog, 1) with { Name = "改名" }, "admin-b", null, expectedLatest: 1);
        var taken = await catalog.SaveAsync(FiveStar(catalog, 1) with { Name = "另一个方案" }, "admin-b", null, expectedLatest: 0);

        Assert.Equal([("$", SchemeCodes.SavedMeanwhile)], stale.Problems.Select(p => (p.Where, p.Code)));
        Assert.Equal([("$.key", FieldCodes.Duplicate)], taken.Problems.Select(p => (p.Where, p.Code)));
        Assert.Equal(5, await RowsAsync());
    }

    [Fact]
    public async Task AnotherNode_FindsAVersionItHasNotSeen_AndRefreshesTheLatest()
    {
        var node1 = await OpenAsync();
        var node2 = await OpenAsync();
        await node1.SaveAsync(StricterBands(FiveStar(node1)), "admin", null);

        Assert.Equal(1, FiveStar(node2).Version);                  // the latest until it refreshes
        Assert.Equal(100, FiveStar(node2, 2).Bands[0].Min);        // an exact version is read from the store
        await node2.RefreshAsync();
        Assert.Equal(2, FiveStar(node2).Version);
        Assert.Null(node2.Find("five-star-service", 3));
    }

    [Fact]
    public async Task StoredVersions_CannotBeUpdatedOrDeleted()
    {
        await OpenAsync();
        await using var connection = await _database.OpenAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("update scheme_versions set name = 'x'"));
        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("delete from scheme_versions"));
        Assert.Equal(4, await RowsAsync());
    }
}

public sealed class SqliteSchemeVersionTests() : SchemeVersionTests(TestDatabases.Sqlite());

public sealed class PostgresSchemeVersionTests() : SchemeVersionTests(TestDatabases.Postgres());
