using Approval.Core.Schemes;

namespace Approval.Core.Tests;

public sealed class SchemeCatalogTests
{
    [Fact]
    public void Parse_NamesTheJsonPathOfEveryProblem()
    {
        var json = """
            {"key": "broken", "name": "x", "method": "stars",
             "stars": [{"key": "a", "name": "A", "award": "luck"}, {"key": "a", "name": "B", "award": "score", "items": []}],
             "bonuses": [{"key": "b", "name": "B", "facts": ["gossip"], "values": {"city": 3}, "aggregate": "avg"}]}
            """;
        var (_, problems) = SchemeCatalog.Parse("broken.json", json);
        Assert.Equal(["$.bonuses[0].aggregate", "$.bonuses[0].facts[0]", "$.starScoreThreshold", "$.stars[0].award", "$.stars[1].items", "$.stars[1].key"],
            problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.All(problems, p => Assert.Equal("broken.json", p.File));
    }

    [Fact]
    public void Parse_ReportsMalformedJson_WithItsLine()
    {
        var (scheme, problems) = SchemeCatalog.Parse("bad.json", "{\"key\": \"x\",\n \"stars\": [ }");
        Assert.Null(scheme);
        Assert.Contains("line 2", Assert.Single(problems).Message);
    }
}
