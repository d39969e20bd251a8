using Dapper;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Engine.Timing;
using Approval.Testing;

namespace Approval.Core.Tests;

/// <summary>The organization tree and roster (DOMAIN.md §1), on each database.</summary>
public abstract class OrgStoreTests : IDisposable
{
    private readonly Database _database;
    private readonly Action _cleanup;
    private readonly OrgStore _orgs;
    private readonly OrgDirectory _directory;

    protected OrgStoreTests((Database Database, Action Cleanup) db)
    {
        (_database, _cleanup) = db;
        _directory = new OrgDirectory(_database);
        _orgs = new OrgStore(_database, new ManualClock(RuntimeHarness.Epoch), _directory);
    }

    public void Dispose() => _cleanup();

    private async Task<Organization> CreateAsync(string name, string kind, string? parentId = null, string? sector = null)
    {
        var (created, problems) = await _orgs.CreateAsync(new NewOrganization(name, kind, sector, parentId, null, null, null));
        Assert.Empty(problems);
        return created!;
    }

    [Fact]
    public async Task Tree_OfAnyDepth_ListsChildrenAndSubtrees()
    {
        var county = await CreateAsync("某县委", "committee");
        var town = await CreateAsync("城关镇党委", "committee", county.Id);
        var branch = await CreateAsync("东街社区党支部", "branch", town.Id, "community");
        var group = await CreateAsync("第一党小组", "group", branch.Id);
        var otherTown = await CreateAsync("河口镇党委", "committee", county.Id);

        Assert.Equal(["城关镇党委", "河口镇党委"], (await _orgs.ListChildrenAsync(county.Id)).Select(o => o.Name));
        Assert.Equal(["某县委"], (await _orgs.ListChildrenAsync(null)).Select(o => o.Name));
        Assert.Equal([town.Id, branch.Id, group.Id], (await _orgs.ListSubtreeAsync(town.Id)).Select(o => o.Id));
        Assert.Equal(3, group.Depth);
        Assert.Equal(("community", "branch"), ((await _orgs.GetAsync(branch.Id))!.Sector, (await _orgs.GetAsync(branch.Id))!.Kind));

        var fresh = new OrgDirectory(_database); // a node that loads the tree from the database
        Assert.True(fresh.Covers(county.Id, group.Id));
        Assert.True(fresh.Covers(town.Id, branch.Id));
        Assert.False(fresh.Covers(otherTown.Id, branch.Id));
        Assert.False(fresh.Covers(branch.Id, town.Id));

        // The scope key the inbox ranges over (issue 15): numbered by the database on insert, a prefix of the subtree's.
        await using var connection = await _database.OpenAsync();
        var keys = (await connection.QueryAsync<(string Id, string Key)>("select id, scope_key from organizations")).ToDictionary(r => r.Id, r => r.Key);
        Assert.All(new[] { town.Id, branch.Id, group.Id }, id => Assert.StartsWith(keys[town.Id], keys[id], StringComparison.Ordinal));
        Assert.False(keys[branch.Id].StartsWith(keys[otherTown.Id], StringComparison.Ordinal));
        Assert.Equal(keys.Count, keys.Values.Distinct().Count());
    }

    /// <summary>
    /// The inbox's organization search (issue 15): within the caller's scope only, a name's part matches anywhere
    /// (wildcards typed are plain characters), the organization named exactly comes first, then the shallowest.
    /// </summary>
    [Fact]
    public async Task SearchScope_FindsByPartOfTheName_WithinTheCallersScopeOnly()
    {
        var county = await CreateAsync("某县委", "committee");
        var town = await CreateAsync("城关镇党委", "committee", county.Id);
        var east = await CreateAsync("东街社区党支部", "branch", town.Id, "community");
        var eastGroup = await CreateAsync("东街", "group", east.Id);
        var otherTown = await CreateAsync("河口镇党委", "committee", county.Id);
        var river = await CreateAsync("河口东街党支部", "branch", otherTown.Id, "community");
        var percent = await CreateAsync("100%党支部", "branch", otherTown.Id);
        Users.AppUser User(string? orgId) => new("u", "u", "u", null, [new Users.RoleGrant(Users.Roles.OrgDepartment, orgId)]);

        Assert.Equal([eastGroup.Id, east.Id, river.Id], (await _orgs.SearchScopeAsync(User(county.Id), "东街")).Select(o => o.Id));
        Assert.Equal([eastGroup.Id, east.Id], (await _orgs.SearchScopeAsync(User(town.Id), "东街")).Select(o => o.Id));
        Assert.Equal([river.Id], (await _orgs.SearchScopeAsync(User(otherTown.Id), "东街")).Select(o => o.Id));
        Assert.Equal([percent.Id], (await _orgs.SearchScopeAsync(User(null), "0%")).Select(o => o.Id));
        Assert.Empty(await _orgs.SearchScopeAsync(User(town.Id), "0%"));
        Assert.Empty(await _orgs.SearchScopeAsync(User(county.Id), "_"));
        Assert.Equal(2, (await _orgs.SearchScopeAsync(User(county.Id), "党", limit: 2)).Count);
        Assert.Equal([county.Id], (await _orgs.SearchScopeAsync(User(county.Id), "某县委")).Select(o => o.Id));
    }

    [Fact]
    public async Task Create_ReportsEveryBadField_AndWritesNothing()
    {
        var (created, problems) = await _orgs.CreateAsync(new NewOrganization("", "club", "urban", "missing-parent", null, "not-an-email", null));
        Assert.Null(created);
        Assert.Equal(["contactEmail", "kind", "name", "parentId", "sector"], problems.Select(p => p.Where).Order());
        Assert.Empty(await _orgs.ListChildrenAsync(null));
    }

    [Fact]
    public async Task Create_RefusesTwoSiblingsWithOneName()
    {
        var county = await CreateAsync("某县委", "committee");
        await CreateAsync("城关镇党委", "committee", county.Id);
        var (created, problems) = await _orgs.CreateAsync(new NewOrganization("城关镇党委", "committee", null, county.Id, null, null, null));
        Assert.Null(created);
        Assert.Equal("name", Assert.Single(problems).Where);
    }

    [Fact]
    public async Task Members_AreAddedWithTheirCategory_AndValidated()
    {
        var branch = await CreateAsync("东街社区党支部", "branch", sector: "community");
        var (member, problems) = await _orgs.AddMemberAsync(new NewMember(branch.Id, "张建国", "floating", true, new DateOnly(2020, 7, 1), "zhang@example.cn"));
        Assert.Empty(problems);
        Assert.Equal(("张建国", "floating", true), (member!.Name, member.Category, member.Probationary));
        var (_, bad) = await _orgs.AddMemberAsync(new NewMember(branch.Id, " ", "retired", false, new DateOnly(2099, 1, 1), "x"));
        Assert.Equal(["category", "email", "joinedOn", "name"], bad.Select(p => p.Where).Order());
        Assert.Equal(["张建国"], (await _orgs.ListMembersAsync(branch.Id)).Select(m => m.Name));
    }
}

public sealed class SqliteOrgStoreTests() : OrgStoreTests(TestDatabases.Sqlite());

public sealed class PostgresOrgStoreTests() : OrgStoreTests(TestDatabases.Postgres());
