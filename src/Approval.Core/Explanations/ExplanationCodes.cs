using System.Reflection;

namespace Approval.Core.Explanations;

/// <summary>
/// Every explanation line a rating can carry, by the step that writes it. Codes are stable: results keep them for
/// years, so a code is never renamed or given other arguments — a changed line is a new code.
/// </summary>
public static class ExplanationCodes
{
    // A star's line (共性星 or 个性星, earned or not) with the reason as its detail.
    public static readonly ExplanationCode StarEarned = new("star.earned", "star") { HasDetail = true };
    public static readonly ExplanationCode StarNotEarned = new("star.not-earned", "star") { HasDetail = true };
    public static readonly ExplanationCode IndividualStarEarned = new("individual-star.earned", "star") { HasDetail = true };
    public static readonly ExplanationCode IndividualStarNotEarned = new("individual-star.not-earned", "star") { HasDetail = true };

    // Why a star was earned or not: daily management, item points, or the vote.
    public static readonly ExplanationCode DailyConfirmed = new("star.daily-confirmed");
    public static readonly ExplanationCode DailyUnconfirmed = new("star.daily-unconfirmed");
    public static readonly ExplanationCode NotScored = new("star.not-scored");
    public static readonly ExplanationCode ScoreMet = new("star.score-met", "points", "max", "ratio", "threshold");
    public static readonly ExplanationCode ScoreMissed = new("star.score-missed", "points", "max", "ratio", "threshold");
    public static readonly ExplanationCode NoVote = new("star.no-vote");
    public static readonly ExplanationCode VoteInvalid = new("star.vote-invalid", "participation", "line");
    public static readonly ExplanationCode VotePassedAtLeast = new("star.vote-passed-at-least", "approve", "cast", "approval", "threshold");
    public static readonly ExplanationCode VotePassedMoreThan = new("star.vote-passed-more-than", "approve", "cast", "approval", "threshold");
    public static readonly ExplanationCode VoteFailedAtLeast = new("star.vote-failed-at-least", "approve", "cast", "approval", "threshold");
    public static readonly ExplanationCode VoteFailedMoreThan = new("star.vote-failed-more-than", "approve", "cast", "approval", "threshold");

    // The level, and the qualified and rectification lines.
    public static readonly ExplanationCode LevelByStars = new("level.stars-earned", "level");
    public static readonly ExplanationCode Qualified = new("level.qualified", "level");
    public static readonly ExplanationCode NotQualified = new("level.not-qualified", "level");
    public static readonly ExplanationCode Rectification = new("level.rectification", "level");
    public static readonly ExplanationCode RectificationAtMost = new("level.rectification-at-most", "level");

    // A banded scheme: the score, bonuses, deductions, satisfaction, the band.
    public static readonly ExplanationCode AssessedScore = new("bands.score", "score");
    public static readonly ExplanationCode Bonus = new("bands.bonus", "name", "key", "points");
    public static readonly ExplanationCode BonusHighest = new("bands.bonus-highest", "name", "key", "points");
    public static readonly ExplanationCode DeductionApplied = new("bands.deduction", "name", "key", "points");
    public static readonly ExplanationCode SatisfactionDeduction = new("bands.satisfaction-deduction", "rate", "below", "points");
    public static readonly ExplanationCode SatisfactionNoLevel = new("bands.satisfaction-no-level", "rate", "below");
    public static readonly ExplanationCode BandReached = new("bands.reached", "total", "min", "level");
    public static readonly ExplanationCode BandNone = new("bands.none", "total", "lowest");

    // A weighted scheme (六好): each dimension's standards met, the total.
    public static readonly ExplanationCode DimensionScored = new("weighted.dimension", "name", "key", "met", "count", "points", "weight");
    public static readonly ExplanationCode DimensionMissed = new("weighted.dimension-missed", "name", "key", "met", "count", "points", "weight", "missed", "missedEn");
    public static readonly ExplanationCode WeightedTotal = new("weighted.total", "total");

    // A cap lowering the level ("不得定为五星级").
    public static readonly ExplanationCode CapLowered = new("cap.lowered", "quote", "key", "before", "after");
    public static readonly ExplanationCode CapNoLevel = new("cap.no-level", "quote", "key", "before");

    // The assessment's own lines, named first.
    public static readonly ExplanationCode AppraisalCounted = new("assessment.appraisal", "members", "eligible", "masses", "satisfied", "cast", "rate");
    public static readonly ExplanationCode AbsencesCounted = new("assessment.absences", "count", "events", "eventsEn");

    // Why a result goes to the owner's quota review: "五星级…数量一般不超过…10%" is full, or "一星级以下…不低于10%" out of reach.
    public static readonly ExplanationCode QuotaFull = new("quota.full", "key", "quote", "level", "bound", "total", "share", "inside");
    public static readonly ExplanationCode QuotaFloor = new("quota.floor", "key", "quote", "level", "bound", "total", "share", "inside", "remaining");

    // Decisions after the scoring: the owner's quota review, a re-check's demotion.
    public static readonly ExplanationCode QuotaLowered = new("quota.lowered", "level");
    public static readonly ExplanationCode RecheckDemoted = new("recheck.demoted", "before", "after");
    public static readonly ExplanationCode RecheckNoLevel = new("recheck.demoted-no-level", "before");

    // 六好's forced distribution: the rank, the rule, where the rank falls.
    public static readonly ExplanationCode GradeRank = new("grading.rank", "score", "rank", "count");
    public static readonly ExplanationCode GradeRankTied = new("grading.rank-tied", "score", "others", "rank", "count");
    public static readonly ExplanationCode GradeRule = new("grading.rule", "shares", "sharesEn");
    public static readonly ExplanationCode GradeRuleQuoted = new("grading.rule-quoted", "quote", "shares", "sharesEn");
    public static readonly ExplanationCode GradePlace = new("grading.place", "middle", "grade", "gradeEn", "band");
    public static readonly ExplanationCode GradePlaceTiedBetter = new("grading.place-tied-better", "first", "last", "decisive", "grade", "gradeEn", "band");
    public static readonly ExplanationCode GradePlaceTiedWorse = new("grading.place-tied-worse", "first", "last", "decisive", "grade", "gradeEn", "band");

    /// <summary>Every code above, for the texts' test and for rendering checks.</summary>
    public static IReadOnlyList<ExplanationCode> All { get; } = typeof(ExplanationCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(ExplanationCode))
        .Select(f => (ExplanationCode)f.GetValue(null)!).ToList();
}
