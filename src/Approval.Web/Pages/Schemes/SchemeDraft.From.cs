using System.Globalization;
using Approval.Core.Schemes;

namespace Approval.Web.Pages.Schemes;

public sealed partial class SchemeDraft
{
    /// <summary>The form filled from a stored version, to edit or to view; read back, it gives the same scheme.</summary>
    public static SchemeDraft From(RatingScheme s) => new()
    {
        Key = s.Key, Name = s.Name, NameEn = s.NameEn, Source = s.Source, Method = s.Method, IndividualStarSlots = N(s.IndividualStarSlots),
        AppliesTo = s.AppliesTo.Select(a => new SubjectRow
        {
            Subject = a.Subject, Kinds = a.Kinds is null ? null : string.Join(", ", a.Kinds), Sectors = a.Sectors is null ? null : string.Join(", ", a.Sectors), Quote = a.Quote,
        }).ToList(),
        AbsenceEvents = s.AbsenceEvents.Count == 0 ? null : string.Join(", ", s.AbsenceEvents),
        ApplicationRound = new() { Due = s.ApplicationRound?.Due, Quote = s.ApplicationRound?.Quote },
        FinalApproval = new() { Name = s.FinalApproval?.Name, Quote = s.FinalApproval?.Quote },
        StarScoreThreshold = Row(s.StarScoreThreshold), VoteThreshold = Row(s.VoteThreshold), Participation = Row(s.Participation),
        Stars = s.Stars.Select(star => new StarRow
        {
            Key = star.Key, Name = star.Name, Award = star.Award, Kind = star.Kind, Standard = star.Standard, Quote = star.Quote,
            AppliesTo = star.AppliesTo.Select(a => new AppliesRow { Subject = a.Subject, Sectors = a.Sectors is null ? null : string.Join(", ", a.Sectors) }).ToList(),
            Items = star.Items.Select(i => new ItemRow { Text = i.Text, Points = N(i.Points), Quote = i.Quote }).ToList(),
        }).ToList(),
        Bands = s.Bands.Select(b => new BandRow { Min = N(b.Min), Level = N(b.Level), Quote = b.Quote }).ToList(),
        Areas = s.Areas.Select(a => new AreaRow { Key = a.Key, Name = a.Name }).ToList(),
        Dimensions = s.Dimensions.Select(d => new DimensionRow
        {
            Key = d.Key, Name = d.Name, Weight = N(d.Weight), Standards = string.Join("\n", d.Standards.Select(x => $"{x.Text}={N(x.Points)}")), Quote = d.Quote,
        }).ToList(),
        Grades = s.Grades.Select(g => new GradeRow { Grade = g.Grade, GradeEn = g.GradeEn, Share = N(g.Share) }).ToList(),
        GradeTies = s.GradeTies, GradesQuote = s.GradesQuote,
        Bonuses = s.Bonuses.Select(b => new BonusRow
        {
            Key = b.Key, Name = b.Name, Facts = string.Join(", ", b.Facts), Values = Values(b.Values), Aggregate = b.Aggregate, Quote = b.Quote,
        }).ToList(),
        Deductions = s.Deductions.Select(d => new DeductionRow
        {
            Key = d.Key, Name = d.Name, Fact = d.Fact, Values = d.Values is null ? null : Values(d.Values), PointsEach = N(d.PointsEach), Quote = d.Quote,
        }).ToList(),
        Satisfaction = s.Satisfaction.Select(r => new SatisfactionRow { Below = N(r.Below), Inclusive = r.Inclusive, Deduct = N(r.Deduct), NoLevel = r.NoLevel, Quote = r.Quote }).ToList(),
        Caps = s.Caps.Select(c => new CapRow
        {
            Key = c.Key, Condition = c.Condition, Count = N(c.Count), Inclusive = c.Inclusive, MaxLevel = N(c.MaxLevel), DemoteBy = N(c.DemoteBy), Subject = c.Subject, Quote = c.Quote,
        }).ToList(),
        Quotas = s.Quotas.Select(q => new QuotaRow { Key = q.Key, Level = N(q.Level), AtMost = q.AtMost, Comparison = q.Comparison, Share = N(q.Share), Quote = q.Quote }).ToList(),
        Qualified = Row(s.Qualified), Rectification = Row(s.Rectification),
    };

    private static ThresholdRow Row(Threshold? t) => new() { Ratio = N(t?.Ratio), Inclusive = t?.Inclusive ?? false, Quote = t?.Quote };

    private static LevelLineRow Row(LevelLine? l) => new() { Level = N(l?.Level), Inclusive = l?.Inclusive ?? false, Quote = l?.Quote };

    private static string Values(Dictionary<string, decimal> values) => string.Join("\n", values.Select(v => $"{v.Key}={N(v.Value)}"));

    private static string? N(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? N(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
