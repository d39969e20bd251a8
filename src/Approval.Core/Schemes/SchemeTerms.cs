namespace Approval.Core.Schemes;

/// <summary>The words a scheme's coded fields take: what <see cref="SchemeValidator"/> accepts and the editor offers.</summary>
public static class SchemeTerms
{
    public static readonly string[] Methods = ["stars", "bands", "weighted"];
    public static readonly string[] Awards = ["score", "vote", "daily"];
    /// <summary>共性星 / 个性星 (Scheme A); only common stars count towards the top level.</summary>
    public static readonly string[] StarKinds = ["common", "individual"];
    public static readonly string[] Subjects = ["organization", "member"];
    public static readonly string[] CapConditions = ["reelection-overdue", "reelection-overdue-days", "absences", "bottom-ranked"];
    public static readonly string[] Facts = ["commendations", "innovations", "criticisms", "leaderSanctions", "memberViolations", "absences"];
    public static readonly string[] Aggregates = ["max", "sum"];
    public static readonly string[] Comparisons = ["max", "min"];
    /// <summary>
    /// Scheme D's forced distribution, for equal scores that straddle a share's boundary: <c>better</c> gives them
    /// all the better grade (the first of them in rank), <c>worse</c> the worse one (the last of them).
    /// </summary>
    public static readonly string[] GradeTies = ["better", "worse"];
}
