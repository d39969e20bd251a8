using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;

namespace Approval.Web.Tests;

/// <summary>
/// Every page against anonymous visitors, the wrong role and the wrong organization, and the task page's form
/// path: a refused form names its fields and changes nothing, an accepted one completes the task once.
/// </summary>
public sealed class PageAuthorizationTests : IAsyncLifetime, IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);
    private string _county = "", _town = "", _branchA = "", _branchB = "", _pledgeA = "";
    private PageBrowser _admin = null!, _countyDept = null!, _townDept = null!, _secretaryA = null!, _secretaryB = null!, _discipline = null!;

    public void Dispose() => _factory.Dispose();

    public Task DisposeAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var api = _factory.Admin();
        async Task<string> Org(string name, string kind, string? parentId, string? sector = null) =>
            JsonDocument.Parse(await (await api.PostAsJsonAsync("/api/orgs", new { name, kind, parentId, sector })).Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        _county = await Org("某县委", "committee", null);
        _town = await Org("城关镇党委", "committee", _county);
        _branchA = await Org("东街村党支部", "branch", _town, "rural");
        _branchB = await Org("西关社区党支部", "branch", _town, "community");
        _admin = await _factory.BrowserAsync("page-admin", new RoleGrant(Roles.Administrator, null));
        _countyDept = await _factory.BrowserAsync("county-dept", new RoleGrant(Roles.OrgDepartment, _county));
        _townDept = await _factory.BrowserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, _town));
        _secretaryA = await _factory.BrowserAsync("secretary-a", new RoleGrant(Roles.Secretary, _branchA));
        _secretaryB = await _factory.BrowserAsync("secretary-b", new RoleGrant(Roles.Secretary, _branchB));
        _discipline = await _factory.BrowserAsync("discipline", new RoleGrant(Roles.Discipline, _county));

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = _county })).StatusCode);
        var confirm = await FirstTaskAsync(_countyDept);
        Assert.Equal(HttpStatusCode.Redirect, (await _countyDept.PostFormAsync(confirm, confirm, new() { ["outcome"] = "confirm" })).StatusCode);
        _pledgeA = await FirstTaskAsync(_secretaryA);
    }

    private static async Task<string> FirstTaskAsync(PageBrowser browser)
    {
        var inbox = await browser.TextAsync("/inbox");
        var match = System.Text.RegularExpressions.Regex.Match(inbox, "href=\"(/tasks/[^\"]+)\"");
        Assert.True(match.Success, "the inbox lists a task");
        return match.Groups[1].Value;
    }

    [Theory]
    [InlineData("/inbox")]
    [InlineData("/orgs")]
    [InlineData("/campaigns")]
    [InlineData("/campaigns/new")]
    [InlineData("/stats")]
    [InlineData("/clock")]
    [InlineData("/mail")]
    [InlineData("/calendar")]
    [InlineData("/schemes")]
    [InlineData("/schemes/new")]
    [InlineData("/schemes/double-ten")]
    [InlineData("/schemes/double-ten/edit")]
    public async Task Anonymous_IsSentToLogin(string page)
    {
        var response = await _factory.AnonymousBrowser().GetAsync(page);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Anonymous_SeesTheNoticeBoard_ButNotTasksOrOrganizations()
    {
        var anonymous = _factory.AnonymousBrowser();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/notices")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/notices/no-such-notice")).StatusCode);
        Assert.Equal("/login", (await anonymous.GetAsync(_pledgeA)).Headers.Location!.AbsolutePath);
        Assert.Equal("/login", (await anonymous.GetAsync($"/orgs/{_branchA}")).Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task TheWrongRole_IsRefused()
    {
        foreach (var page in new[] { "/campaigns/new", "/stats", "/clock", "/mail", "/schemes", "/schemes/double-ten/edit" })
            Assert.Equal(HttpStatusCode.Forbidden, (await _secretaryA.GetAsync(page)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _townDept.GetAsync("/mail")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/mail")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _townDept.GetAsync("/campaigns/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _townDept.GetAsync("/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _townDept.GetAsync("/schemes/new")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/campaigns/new")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/clock")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _countyDept.GetAsync("/stats")).StatusCode);

        // A secretary sees the branch's page but may not open its re-check; the discipline office records cases.
        var branchPage = await _secretaryA.TextAsync($"/orgs/{_branchA}");
        Assert.DoesNotContain("recheck-form", branchPage);
        Assert.Equal(HttpStatusCode.Forbidden, (await _secretaryA.PostFormAsync($"/orgs/{_branchA}", $"/orgs/{_branchA}?handler=Recheck", new() { ["Reason"] = "x" })).StatusCode);
        Assert.Contains("case-form", await _discipline.TextAsync($"/orgs/{_branchA}"));
        Assert.Contains("recheck-form", await _townDept.TextAsync($"/orgs/{_branchA}"));
    }

    [Fact]
    public async Task TheWrongOrganization_IsRefused()
    {
        Assert.Equal(HttpStatusCode.Forbidden, (await _secretaryB.GetAsync(_pledgeA)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _secretaryB.GetAsync($"/orgs/{_branchA}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _townDept.GetAsync($"/orgs/{_county}")).StatusCode);
        Assert.DoesNotContain(_pledgeA, await _secretaryB.TextAsync("/inbox"));
        // Posting to another branch's task with B's own antiforgery token is still refused.
        var posted = await _secretaryB.PostFormAsync("/inbox", _pledgeA, new() { ["outcome"] = "submit", ["measures"] = "x", ["deeds"] = "y", ["stars"] = "study" });
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
    }

    [Fact]
    public async Task TheTaskPage_ShowsProblemsNextToFields_ThenCompletesOnce()
    {
        var page = await _secretaryA.TextAsync(_pledgeA);
        Assert.Contains("name=\"stars\"", page);
        Assert.Contains("id=\"history\"", page);

        var refused = await _secretaryA.PostFormAsync(_pledgeA, _pledgeA, new() { ["outcome"] = "submit", ["measures"] = "" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"err-measures\"", body);
        Assert.Contains("id=\"err-deeds\"", body);
        Assert.Contains("id=\"err-stars\"", body);

        var accepted = await _secretaryA.PostFormAsync(_pledgeA, _pledgeA, new() { ["outcome"] = "submit", ["stars"] = "study", ["measures"] = "建强班子", ["deeds"] = "修村道\n办夜校" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal("/inbox", accepted.Headers.Location!.OriginalString);
        var again = await _secretaryA.PostFormAsync(_pledgeA, _pledgeA, new() { ["outcome"] = "submit", ["stars"] = "study", ["measures"] = "x", ["deeds"] = "y" });
        Assert.Contains("已经办结", await again.Content.ReadAsStringAsync());
        Assert.Contains(_pledgeA, await _secretaryA.TextAsync("/inbox?tab=done"));

        // The town reviews it: the pledge is shown, and a return without a reason is refused.
        var review = await FirstTaskAsync(_townDept);
        Assert.Contains("修村道", await _townDept.TextAsync(review));
        var noReason = await _townDept.PostFormAsync(review, review, new() { ["outcome"] = "return" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("id=\"err-comment\"", await noReason.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Remind_IsOfferedToTheUpperOrganizationOnly_AndRecorded()
    {
        Assert.DoesNotContain("urge-form", await _secretaryA.TextAsync(_pledgeA));
        Assert.Equal(HttpStatusCode.Forbidden, (await _secretaryA.PostFormAsync(_pledgeA, $"{_pledgeA}?handler=Urge", new())).StatusCode);
        Assert.Contains("urge-form", await _townDept.TextAsync(_pledgeA));

        var sent = await _townDept.PostFormAsync(_pledgeA, $"{_pledgeA}?handler=Urge", new());
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Contains("催办：", await _secretaryA.TextAsync(_pledgeA));
        var again = await _countyDept.PostFormAsync(_pledgeA, $"{_pledgeA}?handler=Urge", new());
        Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
        Assert.Contains("刚刚已催办过", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheCalendarFeed_CarriesTheUsersDueDates_UnderATokenThatCanBeReplaced()
    {
        static string Url(string page) => System.Text.RegularExpressions.Regex.Match(page, "value=\"(https?://[^\"]+\\.ics)\"").Groups[1].Value;
        var first = Url(await (await _secretaryA.PostFormAsync("/calendar", "/calendar", new())).Content.ReadAsStringAsync());
        Assert.NotEmpty(first);
        var anonymous = _factory.AnonymousBrowser();
        var feed = await anonymous.GetAsync(new Uri(first).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
        Assert.Equal("text/calendar", feed.Content.Headers.ContentType?.MediaType);
        var ics = await feed.Content.ReadAsStringAsync();
        Assert.Contains($"UID:{_pledgeA.Split('/').Last()}@approval", ics);
        Assert.Contains("【截止】", ics.Replace("\r\n ", ""));

        var second = Url(await (await _secretaryA.PostFormAsync("/calendar", "/calendar", new())).Content.ReadAsStringAsync());
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri(first).PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri(second).PathAndQuery)).StatusCode);
        // Another branch's secretary's feed does not carry A's pledge.
        var other = Url(await (await _secretaryB.PostFormAsync("/calendar", "/calendar", new())).Content.ReadAsStringAsync());
        Assert.DoesNotContain(_pledgeA.Split('/').Last(), await (await anonymous.GetAsync(new Uri(other).PathAndQuery)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PagePosts_WithoutTheAntiforgeryToken_AreRefused()
    {
        var response = await _secretaryA.Client.PostAsync(_pledgeA, new FormUrlEncodedContent(new Dictionary<string, string> { ["outcome"] = "submit" }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(_pledgeA, await _secretaryA.TextAsync("/inbox"));
    }
}
