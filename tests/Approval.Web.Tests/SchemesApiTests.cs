using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;

namespace Approval.Web.Tests;

/// <summary>The schemes contract: list, detail, and the dry-run evaluation.</summary>
public sealed class SchemesApiTests : IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public void Dispose() => _factory.Dispose();

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
        Assert.Contains(result.GetProperty("explanation").EnumerateArray(), l => l.GetString()!.Contains("以最高的为准"));
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
}
