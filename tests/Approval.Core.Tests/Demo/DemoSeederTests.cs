using System.Diagnostics;
using Approval.Core.Demo;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Xunit.Abstractions;

namespace Approval.Core.Tests.Demo;

/// <summary>One demo database, seeded once by a first start, shared by the tests that only read it.</summary>
public sealed class SeededDemo : IAsyncLifetime
{
    private (Database Database, Action Cleanup) _db;
    public DemoHost Host { get; private set; } = null!;
    public Database Database => _db.Database;
    public TimeSpan FirstStart { get; private set; }

    public async Task InitializeAsync()
    {
        _db = TestDatabases.Sqlite();
        var watch = Stopwatch.StartNew();
        Host = await DemoHost.StartAsync(_db.Database);
        FirstStart = watch.Elapsed;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        _db.Cleanup();
    }
}

public sealed class DemoSeederTests(SeededDemo demo, ITestOutputHelper output) : IClassFixture<SeededDemo>
{
    private DemoHost Host => demo.Host;

    [Fact]
    public async Task FirstStart_SeedsACountyCommittee_ThreeTownships_AndBranchesInEverySector()
    {
        output.WriteLine($"First start with seeding: {demo.FirstStart.TotalSeconds:0.00} s");
        var kinds = await Host.CountByAsync("select kind, count(*) from organizations group by kind");
        Assert.Equal(new Dictionary<string, long> { ["committee"] = 4, ["branch"] = 33 }, kinds);
        Assert.Equal(1, await Host.ScalarAsync<int>("select count(*) from organizations where parent_id is null and name = @name", new { name = DemoCounty.CountyName }));
        var sectors = await Host.CountByAsync("select sector, count(*) from organizations where sector is not null group by sector");
        Assert.Equal(["community", "non-public", "organ", "rural"], sectors.Keys.Order());
        Assert.All(sectors.Values, count => Assert.InRange(count, 5, 15));
        Assert.Equal(6, await Host.ScalarAsync<int>("""
            select count(*) from organizations o join organizations p on p.id = o.parent_id where o.kind = 'branch' and p.parent_id is null
            """)); // 县直: branches directly under the county
    }

    [Fact]
    public async Task FirstStart_SeedsAboutThreeHundredMembers_WithChineseNames_InEveryBranch()
    {
        Assert.InRange(await Host.ScalarAsync<int>("select count(*) from members"), 270, 350);
        Assert.Equal(0, await Host.ScalarAsync<int>("select count(*) from organizations o where kind = 'branch' and not exists (select 1 from members m where m.org_id = o.id)"));
        var names = await Host.CountByAsync("select name, count(*) from members group by name");
        Assert.All(names.Keys, name => Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}{2,3}$", name));
        Assert.Equal(0, await Host.ScalarAsync<int>("select count(*) from organizations where kind = 'branch' and secretary is null"));
    }

    [Fact]
    public async Task FirstStart_CreatesAUserForEveryRole_WithTheDemoPasswordAndToken()
    {
        var roles = await Host.CountByAsync("select role, count(*) from user_roles group by role");
        Assert.Equal(Roles.All.Order(), roles.Keys.Order());
        Assert.Equal((1, 4, 1, 2, 36), (roles[Roles.Administrator], roles[Roles.OrgDepartment], roles[Roles.Discipline], roles[Roles.Committee], roles[Roles.Secretary]));
        Assert.Equal(DemoSeeder.Logins.Count, await Host.ScalarAsync<int>("select count(*) from users"));

        var users = Host.Get<UserStore>();
        foreach (var login in new[] { "county", "town1", "discipline", "committee1", "sec-dongjie" })
            Assert.Equal(login, (await users.FindByPasswordAsync(login, DemoCounty.Password))?.Login);
        // "admin never gets a known password": it keeps the one-time password printed at its creation.
        Assert.Null(await users.FindByPasswordAsync("admin", DemoCounty.Password));
        Assert.True((await users.FindByLoginAsync("admin"))!.MustChangePassword);
        var county = await users.FindByTokenAsync("demo-county");
        Assert.Equal(new RoleGrant(Roles.OrgDepartment, await Host.ScalarAsync<string>("select id from organizations where parent_id is null")), Assert.Single(county!.Roles));
    }

    [Fact]
    public async Task FirstStart_StartsThisYearsCampaign_WithTheStarsConfirmed_AndInboxesAtEveryStage()
    {
        var campaign = Assert.Single(await Host.Get<Campaigns.CampaignQueries>().ListAsync());
        Assert.Equal((DemoCampaign.SchemeKey, DemoHost.Start.Year, "running"), (campaign.SchemeKey, campaign.Year, campaign.Status));
        Assert.Equal(0, await Host.ScalarAsync<int>("select count(*) from tasks where element_id = 'confirm-stars' and status = 'open'"));

        var open = await Host.CountByAsync("select element_id, count(*) from tasks where status = 'open' group by element_id");
        var members = await Host.ScalarAsync<int>("select count(*) from members");
        // Every organization but the county and every member has a pledge to write, less the 10 + 3 written (one returned).
        Assert.Equal(36 + members - 13 + 1, open["pledge"]);
        Assert.Equal(6 + 1, open["pledge-review"]); // 3 at 城关镇, 2 at 柳林镇, 城关镇 itself at the county; one member at 东街社区
        Assert.Equal(5, await Host.ScalarAsync<int>("select count(*) from notices where kind = 'pledge' and status = 'published'"));
        Assert.Equal("return", await Host.ScalarAsync<string>("select outcome from tasks where element_id = 'pledge-review' and status = 'completed' and outcome <> 'approve'"));
    }

    [Fact]
    public async Task ASecondStart_OnTheSameDatabase_SeedsNothing()
    {
        const string counts = "select (select count(*) from organizations) || '/' || (select count(*) from members) || '/' || (select count(*) from users) || '/' || (select count(*) from campaigns) || '/' || (select count(*) from tasks)";
        var before = await Host.ScalarAsync<string>(counts);
        await using var second = await DemoHost.StartAsync(demo.Database);
        Assert.False(await second.Get<DemoSeeder>().SeedAsync());
        Assert.Equal(before, await second.ScalarAsync<string>(counts));
    }
}

public sealed class DemoSwitchTests
{
    [Fact]
    public async Task DemoFalse_SeedsNothing_AndLeavesOnlyTheAdministrator()
    {
        var (database, cleanup) = TestDatabases.Sqlite();
        try
        {
            await using var host = await DemoHost.StartAsync(database, demo: false);
            Assert.Equal(0, await host.ScalarAsync<int>("select count(*) from organizations"));
            Assert.Equal(0, await host.ScalarAsync<int>("select count(*) from campaigns"));
            Assert.Equal("admin", await host.ScalarAsync<string>("select login from users"));
            Assert.Null(await host.Get<UserStore>().FindByPasswordAsync("admin", DemoCounty.Password));
        }
        finally
        {
            cleanup();
        }
    }

    [Fact]
    public void TheDemoCounty_IsTheSameEveryTime_WithUniqueOrganizationAndMemberNames()
    {
        var orgs = DemoCounty.Tree.SelfAndDescendants().ToList();
        Assert.Equal(orgs.Count, orgs.Select(o => o.Name).Distinct().Count());
        Assert.Equal(orgs.Count, orgs.Select(o => o.Slug).Distinct().Count());
        var members = orgs.SelectMany(o => o.Members).Select(m => m.Name).ToList();
        Assert.Equal(members.Count, members.Distinct().Count());
        Assert.All(orgs.Where(o => o.Sector is not null), o => Assert.Contains(o.Sector!, Orgs.OrgVocabulary.Sectors));

        var first = new DemoNames(7);
        var second = new DemoNames(7);
        Assert.Equal(Enumerable.Range(0, 50).Select(_ => first.Next()), Enumerable.Range(0, 50).Select(_ => second.Next()));
    }
}

/// <summary>The demo's known passwords never face a network (issue 14 §2): it seeds on request and on loopback only.</summary>
public sealed class DemoGuardTests
{
    [Theory]
    [InlineData(null, true)]                                   // the default, 127.0.0.1:5000
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000;http://[::1]:5001", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://*:5000", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://127.0.0.1:5000;http://192.168.1.10:5000", false)]
    public void Demo_SeedsOnLoopbackAddressesOnly(string? urls, bool loopback) => Assert.Equal(loopback, DemoSeeder.OnLoopbackOnly(urls));

    [Fact(DisplayName = "A demo asked for on a server listening beyond loopback seeds nothing")]
    public async Task DemoOnANetworkAddress_SeedsNothing()
    {
        var db = TestDatabases.Sqlite();
        try
        {
            await using var host = await DemoHost.StartAsync(db.Database, demo: true, new Dictionary<string, string?> { ["Urls"] = "http://0.0.0.0:5000" });
            Assert.Equal(0L, await host.ScalarAsync<long>("select count(*) from organizations"));
        }
        finally { db.Cleanup(); }
    }

    [Fact(DisplayName = "Without --demo or Approval:Demo=true a first start seeds nothing")]
    public void Demo_IsOffByDefault() => Assert.False(new DemoOptions().Demo);
}
