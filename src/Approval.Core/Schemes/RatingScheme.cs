using System.Text.Json.Serialization;

namespace Approval.Core.Schemes;

/// <summary>
/// A rating scheme as versioned data (DOMAIN.md §2): what is rated, how stars or scores become a level, and every
/// bonus, deduction, cap and quota, each rule quoting the source phrase it implements.
/// </summary>
public sealed record RatingScheme
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public string? NameEn { get; init; }
    public int Version { get; init; } = 1;
    public string? Source { get; init; }
    /// <summary><c>stars</c> (level = stars earned), <c>bands</c> (level from a 100-point score), <c>weighted</c> (graded by distribution).</summary>
    public required string Method { get; init; }

    /// <summary>
    /// Who a campaign on this scheme rates (Scheme B: village branches; C and D: organizations only). Empty: every
    /// organization below the campaign's root, and members when a star applies to them.
    /// </summary>
    public List<SchemeSubject> AppliesTo { get; init; } = [];

    /// <summary>Common stars (共性星) are rated for every subject they apply to; individual ones (个性星) are the
    /// default catalogue a campaign owner starts from at 分类定星, and count only when a subject pledges them.</summary>
    public List<Star> Stars { get; init; } = [];
    /// <summary>Scheme A: slots for individual stars (个性星) beside the common ones.</summary>
    public int IndividualStarSlots { get; init; }
    public Threshold? StarScoreThreshold { get; init; }
    public Threshold? VoteThreshold { get; init; }
    public Threshold? Participation { get; init; }

    public List<Band> Bands { get; init; } = [];
    public List<Area> Areas { get; init; } = [];
    public List<Dimension> Dimensions { get; init; } = [];
    public List<GradeShare> Grades { get; init; } = [];
    /// <summary>
    /// How equal scores are graded when they straddle a share's boundary (<see cref="SchemeTerms.GradeTies"/>);
    /// null in versions saved before the rule existed, which graded ties as <c>better</c>.
    /// </summary>
    public string? GradeTies { get; init; }
    /// <summary>The source phrase the grades implement, quoted in each grade's explanation.</summary>
    public string? GradesQuote { get; init; }

    public List<BonusGroup> Bonuses { get; init; } = [];
    public List<Deduction> Deductions { get; init; } = [];
    public List<SatisfactionRule> Satisfaction { get; init; } = [];
    public List<Cap> Caps { get; init; } = [];
    /// <summary>
    /// Which recorded events are the <c>absences</c> its deductions and caps count (<see cref="SchemeTerms.AbsenceEvents"/>);
    /// empty: none is counted by itself (the assessor's figure only).
    /// </summary>
    public List<string> AbsenceEvents { get; init; } = [];
    public List<Quota> Quotas { get; init; } = [];

    /// <summary>
    /// A mid-year application round before the year-end re-rating (Scheme C: "申报创星…(6月5日前完成)"): the
    /// organization's self-evaluation and the level it applies for, due on <see cref="ApplicationRound.Due"/>.
    /// </summary>
    public ApplicationRound? ApplicationRound { get; init; }

    /// <summary>An approval after a notice without objections (Scheme C: "公示无异议的,报工委会批准"), by the campaign owner.</summary>
    public FinalApproval? FinalApproval { get; init; }

    /// <summary>Levels at or above this count as qualified (合格).</summary>
    public LevelLine? Qualified { get; init; }
    /// <summary>Levels below this (or no level) go to rectification (整顿 / 软弱涣散).</summary>
    public LevelLine? Rectification { get; init; }
}

/// <summary>A star (星). <see cref="Award"/>: <c>score</c> (item points), <c>vote</c> (民主测评) or <c>daily</c> (日常管理).</summary>
public sealed record Star
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public required string Award { get; init; }
    public string Kind { get; init; } = "common";
    /// <summary>Who the star applies to; empty: every subject of the scheme.</summary>
    public List<Applicability> AppliesTo { get; init; } = [];
    public List<Item> Items { get; init; } = [];
    /// <summary>A short standard (争创标准), shown where the star is chosen; 个性星 carry theirs from the catalogue.</summary>
    public string? Standard { get; init; }
    public string? Quote { get; init; }

    [JsonIgnore] public bool IsCommon => Kind == "common";

    /// <summary>The star's maximum: the sum of its items' points (Decision: Scheme B's stars that do not add up keep their items as written).</summary>
    [JsonIgnore] public decimal MaxPoints => Items.Sum(i => i.Points ?? 0);
}

public sealed record Applicability(string Subject, List<string>? Sectors);

/// <summary>
/// One kind of subject a scheme rates: members (by their branch's sector) or organizations (by kind and sector; a
/// committee without a sector is "township"). Null lists: any.
/// </summary>
public sealed record SchemeSubject(string Subject, List<string>? Kinds = null, List<string>? Sectors = null, string? Quote = null)
{
    public bool Covers(string? kind, string? sector) =>
        (Kinds is not { Count: > 0 } || kind is not null && Kinds.Contains(kind)) &&
        (Sectors is not { Count: > 0 } || sector is not null && Sectors.Contains(sector));
}

public sealed record Item(string Text, decimal? Points, string? Quote = null);

/// <summary>A ratio threshold with its inclusive flag ("高于90%" is exclusive, "不低于80%" inclusive).</summary>
public sealed record Threshold(decimal Ratio, bool Inclusive, string? Quote = null)
{
    public bool IsMetBy(decimal value) => Inclusive ? value >= Ratio : value > Ratio;
}

/// <summary>A score band: the highest band whose <see cref="Min"/> the score reaches gives its <see cref="Level"/>.</summary>
public sealed record Band(decimal Min, int Level, string? Quote = null);

public sealed record Area(string Key, string Name);

public sealed record GradeShare(string Grade, string? GradeEn, decimal Share);

/// <summary>
/// Bonus points from facts (e.g. <c>commendations: ["city", "province"]</c>). <c>max</c> takes only the highest
/// value found across the group's facts ("以最高的为准"); <c>sum</c> adds them.
/// </summary>
public sealed record BonusGroup(string Key, string Name, List<string> Facts, Dictionary<string, decimal> Values, string Aggregate, string? Quote = null);

/// <summary>Points off per occurrence of a fact: by kind (<see cref="Values"/>) or a flat <see cref="PointsEach"/> per count.</summary>
public sealed record Deduction(string Key, string Name, string Fact, Dictionary<string, decimal>? Values, decimal? PointsEach, string? Quote = null);

/// <summary>A satisfaction-rate rule: below <see cref="Below"/> (or at it, when inclusive) deduct points, or give no level.</summary>
public sealed record SatisfactionRule(decimal Below, bool Inclusive, decimal? Deduct, bool NoLevel, string? Quote = null)
{
    public bool Applies(decimal rate) => Inclusive ? rate <= Below : rate < Below;
}

/// <summary>
/// A ceiling on the level when a condition holds, optionally also a demotion. Conditions:
/// <c>reelection-overdue</c> (late without approval), <c>reelection-overdue-days</c> (more than <see cref="Count"/> days),
/// <c>absences</c> (at least / more than <see cref="Count"/>), <c>bottom-ranked</c>. <see cref="Subject"/> limits the cap
/// to organizations or members ("后3位的村和后2位的镇直部门" ranks organizations, never members); null: both.
/// </summary>
public sealed record Cap(string Key, string Condition, int? Count, bool Inclusive, int? MaxLevel, int DemoteBy, string? Quote = null, string? Subject = null);

/// <summary>
/// A quota at the approving organization: the share of rated subjects at <see cref="Level"/> (or, with
/// <see cref="AtMost"/>, at that level or below, no level included) must stay within <see cref="Share"/>.
/// </summary>
public sealed record Quota(string Key, int Level, bool AtMost, string Comparison, decimal Share, string? Quote = null)
{
    /// <summary>Whether a level counts against this quota ("一星级以下" includes the unrated).</summary>
    public bool Counts(int? level) => AtMost ? level is null || level <= Level : level == Level;

    /// <summary>How many of <paramref name="total"/> subjects the quota allows (a cap, rounded down) or requires (a floor, rounded up).</summary>
    public int Bound(int total) => (int)(Comparison == "max" ? Math.Floor(Share * total) : Math.Ceiling(Share * total));

    public bool Met(int inside, int total) => Comparison == "max" ? inside <= Bound(total) : inside >= Bound(total);
}

public sealed record LevelLine(int Level, bool Inclusive, string? Quote = null);

/// <summary>The application round's deadline in the campaign's year, as <c>MM-dd</c> ("06-05").</summary>
public sealed record ApplicationRound(string Due, string? Quote = null)
{
    public DateTimeOffset? DueIn(int year) =>
        DateOnly.TryParseExact($"{year:0000}-{Due}", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var date)
            ? Campaigns.CampaignCalendar.Day(year, date.Month, date.Day)
            : null;
}

/// <summary>The name of the body that approves after the notice (工委会批准).</summary>
public sealed record FinalApproval(string Name, string? Quote = null);
