using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Approval.Core.Users;
using Approval.Core.Infrastructure;

namespace Approval.Web.Tests;

/// <summary>The schemes contract: list, detail, versions, a new version from JSON, and the dry-run evaluation.</summary>
public sealed class SchemesApiTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    [Fact]
    public async Task Schemes_AreListedWithTheirStars()
    {
        var admin = _factory.Admin();
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/schemes");
        Assert.Equal(["double-ten", "five-star-service", "six-good", "ten-star-branch"], list.EnumerateArray().Select(s => s.GetProperty("key").GetString()));
        var tenStar = await admin.GetFromJsonAsync<JsonElement>("/api/schemes/ten-star-branch");
        var stars = tenStar.GetProperty("stars").EnumerateArray().ToList();
        Assert.Equal(10, stars.Count);
        Assert.All(stars, s => Assert.Equal("score", s.GetProperty("award").GetString()));
        Assert.Equal(8, stars.Single(s => s.GetProperty("key").GetString() == "income").GetProperty("maxPoints").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/schemes/seven-star")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync("/api/schemes")).StatusCode);
    }

    [Fact]
    public async Task Evaluate_IsADryRunWithAnExplanation()
    {
        var response = await _factory.Admin().PostAsJsonAsync("/api/schemes/five-star-service/evaluate", new
        {
            subject = new { kind = "organization", sector = "organ" },
            score = 86,
            facts = new { commendations = new[] { "city", "province" }, satisfactionRate = 0.9 },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((5, 91m), (result.GetProperty("level").GetInt32(), result.GetProperty("score").GetDecimal()));
        // Each line as its code and arguments, and its text in the request's language (Chinese by default).
        Assert.Contains(result.GetProperty("explanation").EnumerateArray(), l => l.GetProperty("code").GetString() == "bands.bonus-highest"
            && l.GetProperty("args").GetProperty("points").GetString() == "5" && l.GetProperty("text").GetString()!.EndsWith("+5(以最高的为准)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SixGood_ShowsItsStandardsPointsAndTieRule_AndScoresTheStandardsMet()
    {
        // "达成目标得分,不达成不得分"
        var scheme = await _factory.Admin().GetFromJsonAsync<JsonElement>("/api/schemes/six-good");
        var systems = scheme.GetProperty("dimensions").EnumerateArray().Single(d => d.GetProperty("key").GetString() == "systems");
        Assert.Equal(6, systems.GetProperty("standards").GetArrayLength());
        Assert.Equal(2.5m, systems.GetProperty("standards")[0].GetProperty("points").GetDecimal());
        Assert.Equal("better", scheme.GetProperty("gradeTies").GetString());

        var response = await _factory.Admin().PostAsJsonAsync("/api/schemes/six-good/evaluate", new
        {
            subject = new { kind = "organization", sector = "non-public" },
            standardsMet = new { leadership = new[] { 0, 1, 2, 3 }, systems = new[] { 5 } },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(22.5m, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("score").GetDecimal());
    }

    [Fact]
    public async Task Evaluate_RefusesImpossibleValues()
    {
        var response = await _factory.Admin().PostAsJsonAsync("/api/schemes/double-ten/evaluate", new
        {
            subject = new { kind = "member", sector = "rural" },
            itemScores = new Dictionary<string, decimal> { ["study"] = -2 },
            votes = new { study = new { eligible = 10, approve = 9, disapprove = 2, abstain = 0 } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["itemScores.study", "votes.study"], fields.Order());
    }

    [Fact(DisplayName = "A fifth 个性星 vote is refused with a 400 naming it, not dropped; four are rated")]
    public async Task Evaluate_RefusesAFifthIndividualStar()
    {
        // "'十星'分别由共性星和个性星组成" (DOMAIN.md Decisions: 10 − 6 common = 4 个性星)
        object Votes(int n) => Enumerable.Range(1, n).ToDictionary(i => $"individual:个性{i}", _ => new { eligible = 10, approve = 10, disapprove = 0, abstain = 0 });
        var four = await _factory.Admin().PostAsJsonAsync("/api/schemes/double-ten/evaluate", new { subject = new { kind = "member", sector = "rural" }, votes = Votes(4) });
        Assert.Equal(HttpStatusCode.OK, four.StatusCode);
        Assert.Equal(4, (await four.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("level").GetInt32());
        var five = await _factory.Admin().PostAsJsonAsync("/api/schemes/double-ten/evaluate", new { subject = new { kind = "member", sector = "rural" }, votes = Votes(5) });
        Assert.Equal(HttpStatusCode.BadRequest, five.StatusCode);
        var error = Assert.Single((await five.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray());
        Assert.Equal("votes.individual:个性5", error.GetProperty("field").GetString());
        Assert.Contains("个性5", error.GetProperty("message").GetString());
    }

    /// <summary>The shipped document of Scheme C, changed by <paramref name="change"/>, as a request body.</summary>
    private static StringContent FiveStarDocument(Action<JsonNode> change)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemes", "five-star-service.json")))!;
        change(document);
        return new StringContent(document.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
    }

    [Fact]
    public async Task ANewVersion_IsStoredFromJson_AndEveryVersionStaysReadable()
    {
        var admin = _factory.Admin();
        var created = await admin.PostAsync("/api/schemes/five-star-service/versions?note=" + Uri.EscapeDataString("五星线95分"),
            FiveStarDocument(d => d["bands"]![0]!["min"] = 95));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/schemes/five-star-service?version=2", created.Headers.Location!.OriginalString);
        Assert.Equal(2, (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        var latest = await admin.GetFromJsonAsync<JsonElement>("/api/schemes/five-star-service");
        var first = await admin.GetFromJsonAsync<JsonElement>("/api/schemes/five-star-service?version=1");
        Assert.Equal((2, 95m), (latest.GetProperty("version").GetInt32(), latest.GetProperty("bands")[0].GetProperty("min").GetDecimal()));
        Assert.Equal((1, 90m, 2), (first.GetProperty("version").GetInt32(), first.GetProperty("bands")[0].GetProperty("min").GetDecimal(), first.GetProperty("latestVersion").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/schemes/five-star-service?version=3")).StatusCode);

        var versions = await admin.GetFromJsonAsync<JsonElement[]>("/api/schemes/five-star-service/versions");
        Assert.Equal([(2, "admin", "五星线95分"), (1, "system", "随软件提供 / shipped with the application")],
            versions!.Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("createdBy").GetString(), v.GetProperty("note").GetString())));
        Assert.Equal(5, (await admin.GetFromJsonAsync<JsonElement>("/api/schemes?version=all")).GetArrayLength());
        Assert.Equal(["five-star-service"], (await admin.GetFromJsonAsync<JsonElement>("/api/schemes?version=2")).EnumerateArray().Select(s => s.GetProperty("key").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/schemes?version=newest")).StatusCode);

        // The same document again stores nothing; the dry run can name the version it scores with.
        var again = await admin.PostAsync("/api/schemes/five-star-service/versions", FiveStarDocument(d => d["bands"]![0]!["min"] = 95));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetBoolean());
        var request = new { subject = new { kind = "organization", sector = "organ" }, score = 92 };
        Assert.Equal(4, (await (await admin.PostAsJsonAsync("/api/schemes/five-star-service/evaluate", request)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("level").GetInt32());
        Assert.Equal(5, (await (await admin.PostAsJsonAsync("/api/schemes/five-star-service/evaluate?version=1", request)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("level").GetInt32());
    }

    [Fact]
    public async Task ANewVersion_WithProblems_IsRefusedListingEveryPath_AndStoresNothing()
    {
        var admin = _factory.Admin();
        var refused = await admin.PostAsync("/api/schemes/five-star-service/versions", FiveStarDocument(d =>
        {
            d["bands"]![0]!["min"] = 120;
            d["quotas"]![0]!["comparison"] = "most";
            d["caps"]![1]!["count"] = null;
        }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var paths = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("path").GetString(), e.GetProperty("code").GetString()));
        Assert.Equal([("$.bands[0].min", "out-of-range"), ("$.caps[1].count", "required"), ("$.quotas[0].comparison", "invalid-choice")], paths.OrderBy(p => p.Item1, StringComparer.Ordinal));

        var malformed = await admin.PostAsync("/api/schemes/five-star-service/versions", new StringContent("{\"key\": \"five-star-service\",\n \"bands\": [ }", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("line 2", await malformed.Content.ReadAsStringAsync());
        var otherKey = await admin.PostAsync("/api/schemes/double-ten/versions", FiveStarDocument(_ => { }));
        Assert.Equal("$.key", (await otherKey.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>("/api/schemes/five-star-service/versions"))!);
    }

    [Fact]
    public async Task ANewVersion_IsStoredByAdministratorsOnly()
    {
        var secretary = await _factory.UserAsync("api-secretary", new RoleGrant(Roles.Secretary, null));
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.PostAsync("/api/schemes/five-star-service/versions", FiveStarDocument(d => d["name"] = "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().PostAsync("/api/schemes/five-star-service/versions", FiveStarDocument(d => d["name"] = "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await secretary.GetAsync("/api/schemes/five-star-service/versions")).StatusCode);
        Assert.Single((await secretary.GetFromJsonAsync<JsonElement[]>("/api/schemes/five-star-service/versions"))!);
    }
}
