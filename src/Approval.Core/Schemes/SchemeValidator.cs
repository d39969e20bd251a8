namespace Approval.Core.Schemes;

/// <summary>The rules a scheme must satisfy before anything is rated with it.</summary>
internal static class SchemeValidator
{
    private static readonly string[] Methods = ["stars", "bands", "weighted"];
    private static readonly string[] Awards = ["score", "vote", "daily"];
    private static readonly string[] Subjects = ["organization", "member"];
    private static readonly string[] CapConditions = ["reelection-overdue", "reelection-overdue-days", "absences", "bottom-ranked"];
    public static readonly string[] Facts = ["commendations", "innovations", "criticisms", "leaderSanctions", "memberViolations", "absences"];

    public static IEnumerable<SchemeProblem> Validate(RatingScheme s)
    {
        var problems = new List<SchemeProblem>();
        void Add(string path, string message) => problems.Add(new SchemeProblem("", path, message));

        if (string.IsNullOrWhiteSpace(s.Key)) Add("$.key", "key is required.");
        if (string.IsNullOrWhiteSpace(s.Name)) Add("$.name", "name is required.");
        if (s.Version < 1) Add("$.version", "version starts at 1.");
        if (!Methods.Contains(s.Method)) Add("$.method", $"method must be one of {string.Join(", ", Methods)}.");
        if (s.Method == "stars" && s.Stars.Count == 0) Add("$.stars", "a stars scheme needs stars.");
        if (s.Method == "bands" && s.Bands.Count == 0) Add("$.bands", "a bands scheme needs bands.");
        if (s.Method == "weighted")
        {
            if (s.Dimensions.Count == 0) Add("$.dimensions", "a weighted scheme needs dimensions.");
            if (s.Dimensions.Count > 0 && s.Dimensions.Sum(d => d.Weight) != 100) Add("$.dimensions", $"dimension weights add up to {s.Dimensions.Sum(d => d.Weight)}, not 100.");
            if (s.Grades.Count > 0 && s.Grades.Sum(g => g.Share) != 1) Add("$.grades", $"grade shares add up to {s.Grades.Sum(g => g.Share)}, not 1.");
        }
        Ratio(Add, "$.starScoreThreshold", s.StarScoreThreshold);
        Ratio(Add, "$.voteThreshold", s.VoteThreshold);
        Ratio(Add, "$.participation", s.Participation);

        for (var i = 0; i < s.Stars.Count; i++)
        {
            var star = s.Stars[i];
            var at = $"$.stars[{i}]";
            if (string.IsNullOrWhiteSpace(star.Key)) Add($"{at}.key", "key is required.");
            else if (s.Stars.Take(i).Any(o => o.Key == star.Key)) Add($"{at}.key", $"star key '{star.Key}' is used twice.");
            if (!Awards.Contains(star.Award)) Add($"{at}.award", $"award must be one of {string.Join(", ", Awards)}.");
            if (star.Award == "score" && star.MaxPoints <= 0) Add($"{at}.items", "a star awarded by score needs items with points.");
            if (star.Award == "score" && s.StarScoreThreshold is null) Add("$.starScoreThreshold", $"star '{star.Key}' is awarded by score, so the scheme needs a starScoreThreshold.");
            if (star.Award == "vote" && s.VoteThreshold is null) Add("$.voteThreshold", $"star '{star.Key}' is awarded by vote, so the scheme needs a voteThreshold.");
            for (var j = 0; j < star.Items.Count; j++)
                if (star.Items[j].Points is < 0) Add($"{at}.items[{j}].points", "points cannot be negative.");
            for (var j = 0; j < star.AppliesTo.Count; j++)
                if (!Subjects.Contains(star.AppliesTo[j].Subject)) Add($"{at}.appliesTo[{j}].subject", $"subject must be one of {string.Join(", ", Subjects)}.");
        }
        for (var i = 0; i < s.Bands.Count; i++)
        {
            if (s.Bands[i].Min is < 0 or > 100) Add($"$.bands[{i}].min", "min must be between 0 and 100.");
            if (s.Bands.Take(i).Any(b => b.Level == s.Bands[i].Level)) Add($"$.bands[{i}].level", $"level {s.Bands[i].Level} has two bands.");
        }
        for (var i = 0; i < s.Bonuses.Count; i++)
        {
            var b = s.Bonuses[i];
            if (b.Aggregate is not ("max" or "sum")) Add($"$.bonuses[{i}].aggregate", "aggregate must be max or sum.");
            for (var j = 0; j < b.Facts.Count; j++)
                if (!Facts.Contains(b.Facts[j])) Add($"$.bonuses[{i}].facts[{j}]", $"unknown fact '{b.Facts[j]}'.");
            if (b.Values.Count == 0 || b.Values.Values.Any(v => v < 0)) Add($"$.bonuses[{i}].values", "values must be present and not negative.");
        }
        for (var i = 0; i < s.Deductions.Count; i++)
        {
            var d = s.Deductions[i];
            if (!Facts.Contains(d.Fact)) Add($"$.deductions[{i}].fact", $"unknown fact '{d.Fact}'.");
            if ((d.Values is null) == (d.PointsEach is null)) Add($"$.deductions[{i}]", "a deduction has either values (per kind) or pointsEach (per count).");
        }
        for (var i = 0; i < s.Satisfaction.Count; i++)
        {
            var r = s.Satisfaction[i];
            if (r.Below is <= 0 or > 1) Add($"$.satisfaction[{i}].below", "below is a rate between 0 and 1.");
            if (r.Deduct is null && !r.NoLevel) Add($"$.satisfaction[{i}]", "a satisfaction rule deducts points or gives no level.");
        }
        for (var i = 0; i < s.Caps.Count; i++)
        {
            var c = s.Caps[i];
            if (!CapConditions.Contains(c.Condition)) Add($"$.caps[{i}].condition", $"condition must be one of {string.Join(", ", CapConditions)}.");
            if (c.Condition is "reelection-overdue-days" or "absences" && c.Count is null) Add($"$.caps[{i}].count", $"condition {c.Condition} needs a count.");
            if (c.MaxLevel is null && c.DemoteBy == 0) Add($"$.caps[{i}]", "a cap sets maxLevel or demoteBy.");
        }
        for (var i = 0; i < s.Quotas.Count; i++)
        {
            if (s.Quotas[i].Comparison is not ("max" or "min")) Add($"$.quotas[{i}].comparison", "comparison must be max or min.");
            if (s.Quotas[i].Share is <= 0 or > 1) Add($"$.quotas[{i}].share", "share is between 0 and 1.");
        }
        return problems;
    }

    private static void Ratio(Action<string, string> add, string path, Threshold? threshold)
    {
        if (threshold is { Ratio: <= 0 or > 1 }) add($"{path}.ratio", "ratio is between 0 and 1.");
    }
}
