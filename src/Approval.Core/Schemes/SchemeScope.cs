namespace Approval.Core.Schemes;

/// <summary>
/// Who a scheme rates and how high a subject can go: the scheme's <see cref="RatingScheme.AppliesTo"/> decides which
/// cycles a campaign starts ("a campaign starts member cycles only when its scheme has stars that apply to members").
/// </summary>
public static class SchemeScope
{
    /// <summary>Whether any member is rated: listed in <c>appliesTo</c>, or (none listed) a common star applies to members.</summary>
    public static bool RatesMembers(RatingScheme scheme) => scheme.AppliesTo.Count > 0
        ? scheme.AppliesTo.Any(a => a.Subject == "member")
        : scheme.Method == "stars" && scheme.Stars.Any(s => s.IsCommon && (s.AppliesTo.Count == 0 || s.AppliesTo.Any(a => a.Subject == "member")));

    /// <summary>Whether the members of a branch of <paramref name="sector"/> are rated.</summary>
    public static bool RatesMember(RatingScheme scheme, string? sector) =>
        RatesMembers(scheme) && (scheme.AppliesTo.Count == 0 || scheme.AppliesTo.Any(a => a.Subject == "member" && a.Covers(null, sector)));

    /// <summary>Whether an organization of <paramref name="kind"/> and <paramref name="sector"/> is rated.</summary>
    public static bool RatesOrganization(RatingScheme scheme, string kind, string? sector) =>
        scheme.AppliesTo.Count == 0 || scheme.AppliesTo.Any(a => a.Subject == "organization" && a.Covers(kind, sector));

    /// <summary>Whether the scheme grades by forced distribution (六好: "且呈正态分布").</summary>
    public static bool Grades(RatingScheme scheme) => scheme.Method == "weighted" && scheme.Grades.Count > 0;

    /// <summary>
    /// The highest level a subject can reach: for a stars scheme the most common stars any one subject has plus the
    /// 个性星 slots (双十星: 6 + 4 = 10); for bands the top band. It is what the 复审 organization re-examines.
    /// </summary>
    public static int TopLevel(RatingScheme scheme) => scheme.Method switch
    {
        "stars" => scheme.Stars.Count == 0 ? 0 : Math.Max(1, Subjects().Max(s => SchemeEvaluator.StarsFor(scheme, s).Count) + scheme.IndividualStarSlots),
        "bands" => scheme.Bands.Count == 0 ? 0 : scheme.Bands.Max(b => b.Level),
        _ => 0, // weighted: graded, no level (and so no 复审 of a top level)
    };

    private static IEnumerable<Subject> Subjects() =>
        from kind in SchemeTerms.Subjects
        from sector in SchemeTerms.Sectors.Append(null)
        select new Subject(kind, sector);
}
