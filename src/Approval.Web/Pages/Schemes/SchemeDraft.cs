using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Approval.Web.Pages.Schemes;

/// <summary>
/// The scheme editor's form as posted: every field as it was typed (numbers stay text until
/// <see cref="SchemeDraftReader"/> reads them, so a refused form shows what was typed), lists of rows in order.
/// A field's name is its JSON path in the scheme without the leading <c>$.</c> (<c>stars[0].items[1].points</c>),
/// so each of the validator's problems lands beside its field.
/// </summary>
public sealed partial class SchemeDraft
{
    public string? Key { get; set; }
    public string? Name { get; set; }
    public string? NameEn { get; set; }
    public string? Source { get; set; }
    public string? Method { get; set; } = "stars";
    public string? IndividualStarSlots { get; set; }
    public List<SubjectRow> AppliesTo { get; set; } = [];
    /// <summary>The absence events counted, comma-separated.</summary>
    public string? AbsenceEvents { get; set; }
    public ApplicationRoundRow ApplicationRound { get; set; } = new();
    public FinalApprovalRow FinalApproval { get; set; } = new();
    public ThresholdRow StarScoreThreshold { get; set; } = new();
    public ThresholdRow VoteThreshold { get; set; } = new();
    public ThresholdRow Participation { get; set; } = new();
    public List<StarRow> Stars { get; set; } = [];
    public List<BandRow> Bands { get; set; } = [];
    public List<AreaRow> Areas { get; set; } = [];
    public List<DimensionRow> Dimensions { get; set; } = [];
    public List<GradeRow> Grades { get; set; } = [];
    public string? GradeTies { get; set; }
    public string? GradesQuote { get; set; }
    public List<BonusRow> Bonuses { get; set; } = [];
    public List<DeductionRow> Deductions { get; set; } = [];
    public List<SatisfactionRow> Satisfaction { get; set; } = [];
    public List<CapRow> Caps { get; set; } = [];
    public List<QuotaRow> Quotas { get; set; } = [];
    public LevelLineRow Qualified { get; set; } = new();
    public LevelLineRow Rectification { get; set; } = new();

    /// <summary>Blank due: no application round.</summary>
    public sealed class ApplicationRoundRow { public string? Due { get; set; } public string? Quote { get; set; } }

    /// <summary>Blank name: no approval after the notice.</summary>
    public sealed class FinalApprovalRow { public string? Name { get; set; } public string? Quote { get; set; } }

    public sealed class ThresholdRow { public string? Ratio { get; set; } public bool Inclusive { get; set; } public string? Quote { get; set; } }
    public sealed class LevelLineRow { public string? Level { get; set; } public bool Inclusive { get; set; } public string? Quote { get; set; } }

    public sealed class StarRow
    {
        public string? Key { get; set; }
        public string? Name { get; set; }
        public string? Award { get; set; } = "vote";
        public string? Kind { get; set; } = "common";
        public string? Standard { get; set; }
        public string? Quote { get; set; }
        public List<AppliesRow> AppliesTo { get; set; } = [];
        public List<ItemRow> Items { get; set; } = [];
    }

    /// <summary>Whom the scheme rates: organization kinds and sectors comma-separated; blank: all.</summary>
    public sealed class SubjectRow
    {
        public string? Subject { get; set; } = "organization";
        public string? Kinds { get; set; }
        public string? Sectors { get; set; }
        public string? Quote { get; set; }
    }

    /// <summary>Sectors as one line, comma-separated; empty: every sector.</summary>
    public sealed class AppliesRow { public string? Subject { get; set; } = "organization"; public string? Sectors { get; set; } }
    public sealed class ItemRow { public string? Text { get; set; } public string? Points { get; set; } public string? Quote { get; set; } }
    public sealed class BandRow { public string? Min { get; set; } public string? Level { get; set; } public string? Quote { get; set; } }
    public sealed class AreaRow { public string? Key { get; set; } public string? Name { get; set; } }

    /// <summary>Standards one <c>text=points</c> a line.</summary>
    public sealed class DimensionRow
    {
        public string? Key { get; set; }
        public string? Name { get; set; }
        public string? Weight { get; set; }
        public string? Standards { get; set; }
        public string? Quote { get; set; }
    }

    public sealed class GradeRow { public string? Grade { get; set; } public string? GradeEn { get; set; } public string? Share { get; set; } }

    /// <summary>Facts comma-separated; values one <c>kind=points</c> a line.</summary>
    public sealed class BonusRow
    {
        public string? Key { get; set; }
        public string? Name { get; set; }
        public string? Facts { get; set; }
        public string? Values { get; set; }
        public string? Aggregate { get; set; } = "max";
        public string? Quote { get; set; }
    }

    public sealed class DeductionRow
    {
        public string? Key { get; set; }
        public string? Name { get; set; }
        public string? Fact { get; set; }
        public string? Values { get; set; }
        public string? PointsEach { get; set; }
        public string? Quote { get; set; }
    }

    public sealed class SatisfactionRow
    {
        public string? Below { get; set; }
        public bool Inclusive { get; set; }
        public string? Deduct { get; set; }
        public bool NoLevel { get; set; }
        public string? Quote { get; set; }
    }

    public sealed class CapRow
    {
        public string? Key { get; set; }
        public string? Condition { get; set; }
        public string? Count { get; set; }
        public bool Inclusive { get; set; }
        public string? MaxLevel { get; set; }
        public string? DemoteBy { get; set; } = "0";
        public string? Subject { get; set; }
        public string? Quote { get; set; }
    }

    public sealed class QuotaRow
    {
        public string? Key { get; set; }
        public string? Level { get; set; }
        public bool AtMost { get; set; }
        public string? Comparison { get; set; } = "max";
        public string? Share { get; set; }
        public string? Quote { get; set; }
    }

    [GeneratedRegex(@"^(?<list>[a-zA-Z]+)(\[(?<star>\d+)\]\.(?<sub>items|appliesTo))?(\[(?<row>\d+)\])?$")]
    private static partial Regex RowPath();

    /// <summary>
    /// A row button: <c>add:stars[0].items</c> appends an empty row, <c>remove:bands[2]</c> takes one out. The form
    /// is shown again, nothing is saved. False for an operation that names no list or row.
    /// </summary>
    public bool Apply(string op)
    {
        var (verb, path) = op.IndexOf(':') is var colon and > 0 ? (op[..colon], op[(colon + 1)..]) : (op, "");
        var match = RowPath().Match(path);
        if (!match.Success) return false;
        var list = ListAt(match.Groups["list"].Value, match.Groups["star"], match.Groups["sub"].Value);
        if (list is null) return false;
        if (verb == "add" && !match.Groups["row"].Success)
        {
            list.Add(Activator.CreateInstance(list.GetType().GetGenericArguments()[0]));
            return true;
        }
        if (verb == "remove" && match.Groups["row"].Success && int.Parse(match.Groups["row"].Value, CultureInfo.InvariantCulture) is var row && row < list.Count)
        {
            list.RemoveAt(row);
            return true;
        }
        return false;
    }

    private IList? ListAt(string name, Group star, string sub)
    {
        if (star.Success)
        {
            var index = int.Parse(star.Value, CultureInfo.InvariantCulture);
            if (name != "stars" || index >= Stars.Count) return null;
            return sub == "items" ? Stars[index].Items : Stars[index].AppliesTo;
        }
        return name switch
        {
            "appliesTo" => AppliesTo, "stars" => Stars, "bands" => Bands, "areas" => Areas, "dimensions" => Dimensions, "grades" => Grades, "bonuses" => Bonuses,
            "deductions" => Deductions, "satisfaction" => Satisfaction, "caps" => Caps, "quotas" => Quotas, _ => null,
        };
    }
}
