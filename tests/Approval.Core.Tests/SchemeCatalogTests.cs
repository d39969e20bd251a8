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
        var (_, problems) = SchemeCatalog.Parse(json);
        Assert.Equal([
                ("$.bonuses[0].aggregate", FieldCodes.InvalidChoice), ("$.bonuses[0].facts[0]", FieldCodes.UnknownReference),
                ("$.starScoreThreshold", FieldCodes.Required), ("$.stars[0].award", FieldCodes.InvalidChoice),
                ("$.stars[1].items", FieldCodes.Required), ("$.stars[1].key", FieldCodes.Duplicate)],
            problems.Select(p => (p.Where, p.Code)).OrderBy(p => p.Where, StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_NamesEveryWeightedRuleBroken_AtItsStandard()
    {
        // "达成目标得分,不达成不得分": each standard has points, and a dimension's standards add up to its weight.
        var json = """
            {"key": "weighted", "name": "x", "method": "weighted",
             "dimensions": [
               {"key": "a", "name": "A", "weight": 60, "standards": [{"text": "a1", "points": 30}, {"text": "", "points": 30}]},
               {"key": "b", "name": "B", "weight": 30, "standards": [{"text": "b1", "points": 10}, {"text": "b2", "points": 0}]},
               {"key": "a", "name": "C", "weight": 10, "standards": []},
               {"key": "d", "name": "D", "weight": 0}],
             "grades": [{"grade": "优", "share": 0.5}, {"grade": "差", "share": 0.5}], "gradeTies": "coin"}
            """;
        var (_, problems) = SchemeCatalog.Parse(json);
        Assert.Equal(["$.dimensions[0].standards[1].text", "$.dimensions[1].standards", "$.dimensions[1].standards[1].points",
                "$.dimensions[2].key", "$.dimensions[2].standards", "$.dimensions[3].standards", "$.dimensions[3].weight", "$.gradeTies"],
            problems.Select(p => p.Where).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\"grades\": [{\"grade\": \"优\", \"share\": 1}]", "$.gradeTies")] // "且呈正态分布" needs a rule for ties
    [InlineData("\"grades\": [], \"gradeTies\": \"better\"", "$.grades")]
    [InlineData("\"grades\": [{\"grade\": \"优\", \"share\": 1.2}, {\"grade\": \"差\", \"share\": -0.2}], \"gradeTies\": \"worse\"", "$.grades[0].share,$.grades[1].share")]
    public void Parse_AWeightedScheme_NeedsGradeSharesAndATieRule(string grades, string paths)
    {
        var json = $$"""
            {"key": "weighted", "name": "x", "method": "weighted",
             "dimensions": [{"key": "a", "name": "A", "weight": 100, "standards": [{"text": "a1", "points": 100}]}], {{grades}}}
            """;
        var (_, problems) = SchemeCatalog.Parse(json);
        Assert.Equal(paths.Split(','), problems.Select(p => p.Where).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Parse_ReadsStandardsStoredAsPlainText_SplittingTheWeightEqually()
    {
        // Versions stored before standards had points list them as text; they still rate and validate.
        var json = """
            {"key": "old", "name": "x", "method": "weighted",
             "dimensions": [{"key": "a", "name": "A", "weight": 20, "standards": ["a1", "a2", "a3"]},
                            {"key": "b", "name": "B", "weight": 80, "standards": ["b1", "b2"]}],
             "grades": [{"grade": "优", "share": 1}], "gradeTies": "better"}
            """;
        var (scheme, problems) = SchemeCatalog.Parse(json);
        Assert.Empty(problems);
        Assert.Equal([6.67m, 6.66m, 6.67m], scheme!.Dimensions[0].Standards.Select(s => s.Points));
        Assert.Equal([40m, 40m], scheme.Dimensions[1].Standards.Select(s => s.Points));
        Assert.Contains("\"points\": 6.66", SchemeStore.Document(scheme));
    }

    [Fact]
    public void Parse_ReportsMalformedJson_WithItsLine()
    {
        var (scheme, problems) = SchemeCatalog.Parse("{\"key\": \"x\",\n \"stars\": [ }");
        Assert.Null(scheme);
        var problem = Assert.Single(problems);
        Assert.Equal(SchemeCodes.MalformedJson, problem.Code);
        Assert.Contains("line 2", problem.Message);
    }

    [Fact]
    public void ReadDirectory_NamesTheFileAndThePath_OfEachProblem()
    {
        var directory = Directory.CreateTempSubdirectory("schemes-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "bands.json"), """{"key": "bands", "name": "x", "method": "bands"}""");
            File.WriteAllText(Path.Combine(directory.FullName, "empty.json"), "null");
            var (schemes, problems) = SchemeCatalog.ReadDirectory(directory.FullName);
            Assert.Empty(schemes);
            Assert.Equal([("bands.json:$.bands", FieldCodes.Required), ("empty.json:$", SchemeCodes.NoScheme)],
                problems.Select(p => (p.Where, p.Code)).OrderBy(p => p.Where, StringComparer.Ordinal));
        }
        finally { directory.Delete(recursive: true); }
    }
}
