using System.Text.Json;
using Approval.Core.Forms;
using Approval.Core.Schemes;

namespace Approval.Core.Tests;

/// <summary>
/// The assessment form under Scheme D: one tick per standard met ("达成目标得分,不达成不得分"), read the same from the
/// page's checkboxes (<c>standards.leadership.2=true</c>) and from the API's JSON.
/// </summary>
public sealed class AssessmentFormTests
{
    private static readonly RatingSubject SixGood = new(
        SchemeCatalog.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes")).Catalog.Find("six-good")!,
        new Subject("organization", "non-public"), []);

    private static FormValues Form(Dictionary<string, object> fields) =>
        new(fields.ToDictionary(f => f.Key, f => JsonSerializer.SerializeToElement(f.Value)));

    [Fact]
    public void ReadInput_TicksFromThePage_AreTheStandardsMet()
    {
        var values = Form(new() { ["standards.leadership.0"] = "true", ["standards.leadership.2"] = "true", ["standards.impact.1"] = "true" });
        var input = AssessmentForm.ReadInput(SixGood, values);
        Assert.Empty(values.Problems);
        Assert.Equal([0, 2], input.StandardsMet["leadership"]);
        Assert.Equal([1], input.StandardsMet["impact"]);
        Assert.Empty(input.StandardsMet["systems"]); // nothing ticked: none met
        Assert.Empty(input.ItemScores);
    }

    [Fact]
    public void ReadInput_TicksFromJson_ReadTheSame()
    {
        var values = Form(new() { ["standards"] = new { leadership = new Dictionary<string, bool> { ["0"] = true, ["1"] = false, ["3"] = true } } });
        Assert.Equal([0, 3], AssessmentForm.ReadInput(SixGood, values).StandardsMet["leadership"]);
    }

    [Fact]
    public void TheTicks_ScoreThePointsOfTheStandardsMet()
    {
        // "达成目标得分,不达成不得分": 班子建设好 5 + 5, 作用发挥好 6.5 (standard 2 of 3)
        var input = AssessmentForm.ReadInput(SixGood, Form(new() { ["standards.leadership.0"] = "true", ["standards.leadership.3"] = "on", ["standards.impact.1"] = "true" }));
        var (result, problems) = SchemeEvaluator.Evaluate(SixGood.Scheme, Ratings.AssessmentRequest.Build(SixGood.Subject, input, null));
        Assert.Empty(problems);
        Assert.Equal(16.5m, result!.Score);
    }
}
