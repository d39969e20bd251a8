using Approval.Core;
using Approval.Core.Schemes;
using Approval.Engine;
using Approval.Web.Pages.Schemes;

namespace Approval.Web.Tests;

/// <summary>The editor's form and the scheme it stands for: nothing is lost between them, and problems find their fields.</summary>
public sealed class SchemeDraftTests
{
    public static TheoryData<string> ShippedKeys => ["double-ten", "ten-star-branch", "five-star-service", "six-good"];

    private static RatingScheme Shipped(string key) =>
        SchemeCatalog.ReadDirectory(Path.Combine(AppContext.BaseDirectory, "schemes")).Schemes.Single(s => s.Key == key);

    [Theory]
    [MemberData(nameof(ShippedKeys))]
    public void AShippedScheme_ReadBackFromItsForm_IsTheSameScheme(string key)
    {
        var (read, problems) = SchemeDraftReader.Read(SchemeDraft.From(Shipped(key)));
        Assert.Empty(problems);
        Assert.Equal(SchemeStore.Document(Shipped(key)), SchemeStore.Document(read));
    }

    [Fact]
    public void RowOperations_AddToTheNamedList_AndRemoveTheNamedRow()
    {
        var draft = SchemeDraft.From(Shipped("ten-star-branch"));
        Assert.True(draft.Apply("add:stars[1].items"));
        Assert.True(draft.Apply("remove:stars[0]"));
        Assert.True(draft.Apply("add:quotas"));
        Assert.False(draft.Apply("remove:stars[99]"));
        Assert.False(draft.Apply("add:nonsense"));
        Assert.Equal((9, 5, 1), (draft.Stars.Count, draft.Stars[0].Items.Count, draft.Quotas.Count));
    }

    [Fact]
    public void UnreadableValues_AreProblemsAtTheirFields()
    {
        var draft = SchemeDraft.From(Shipped("five-star-service"));
        draft.Bands[0].Min = "九十";
        draft.Bonuses[0].Values = "city=3\nprovince five";
        draft.VoteThreshold.Quote = "高于90%";
        var (_, problems) = SchemeDraftReader.Read(draft);
        Assert.Equal(["bands[0].min", "bonuses[0].values", "voteThreshold.ratio"], problems.Select(p => p.Where).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Standards_AreTypedAsTextEqualsPoints_AndAnUnreadableLineIsAProblemAtItsDimension()
    {
        var draft = SchemeDraft.From(Shipped("six-good"));
        Assert.StartsWith("班子健全,分工明确=5\n", draft.Dimensions[0].Standards);
        draft.Dimensions[5].Standards = "圆满完成年度经营任务=7\n重点工作落实=6.5\n亮点成果";
        draft.GradeTies = "worse";
        var (read, problems) = SchemeDraftReader.Read(draft);
        Assert.Equal(["dimensions[5].standards"], problems.Select(p => p.Where));
        Assert.Equal([7m, 6.5m], read.Dimensions[5].Standards.Select(s => s.Points));
        Assert.Equal("worse", read.GradeTies);
    }

    [Fact]
    public void AStandardWhoseTextHoldsAnEqualsSign_SplitsAtTheLastOne()
    {
        var draft = SchemeDraft.From(Shipped("six-good"));
        draft.Dimensions[0].Standards = "a=b=20";
        Assert.Equal(new Standard("a=b", 20), SchemeDraftReader.Read(draft).Scheme.Dimensions[0].Standards.Single());
    }

    [Theory]
    [InlineData("$.dimensions[3].standards[2].points", "dimensions[3].standards")]
    [InlineData("$.dimensions[3].standards", "dimensions[3].standards")]
    [InlineData("$.gradeTies", "gradeTies")]
    [InlineData("$.bonuses[0].facts[1]", "bonuses[0].facts")]
    [InlineData("$.stars[2].items[0].points", "stars[2].items[0].points")]
    [InlineData("$.caps[1]", "caps[1]")]
    [InlineData("$", "")]
    public void AValidatorPath_NamesTheFormField(string path, string field) =>
        Assert.Equal(field, SchemeFormView.ToField(new Problem(FieldCodes.Required, path, "m")).Where);
}
