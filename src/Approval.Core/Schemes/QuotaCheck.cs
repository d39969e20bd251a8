namespace Approval.Core.Schemes;

/// <summary>A rated subject at an approving organization: its proposed level and score.</summary>
public sealed record RatedSubject(string SubjectId, int? Level, decimal? Score);

/// <summary>A quota that the proposed levels break, and the subjects to reconsider to meet it.</summary>
public sealed record QuotaViolation(string QuotaKey, string Message, int Allowed, int Actual, IReadOnlyList<string> Reconsider);

/// <summary>
/// Scheme C's quotas at the approving organization: "五星级…数量一般不超过基层党组织总数的10%" and
/// "一星级以下党组织数量一般不低于基层党组织总数的10%".
/// </summary>
public static class QuotaCheck
{
    public static IReadOnlyList<QuotaViolation> Check(RatingScheme scheme, IReadOnlyList<RatedSubject> subjects)
    {
        var violations = new List<QuotaViolation>();
        var total = subjects.Count;
        foreach (var quota in scheme.Quotas)
        {
            bool In(RatedSubject s) => quota.Counts(s.Level);
            var inside = subjects.Where(In).ToList();
            var bound = quota.Bound(total);
            if (quota.Comparison == "max" && inside.Count > bound)
            {
                // The weakest of those at the capped level are the ones to reconsider.
                var reconsider = inside.OrderBy(s => s.Score ?? 0).ThenBy(s => s.SubjectId, StringComparer.Ordinal).Take(inside.Count - bound).Select(s => s.SubjectId).ToList();
                violations.Add(new(quota.Key, $"{inside.Count} of {total} at level {quota.Level}: at most {bound} ({quota.Share:P0}) allowed. {quota.Quote}", bound, inside.Count, reconsider));
            }
            else if (quota.Comparison == "min" && inside.Count < bound)
            {
                // The weakest of those above the floor are the ones to reconsider.
                var reconsider = subjects.Where(s => !In(s)).OrderBy(s => s.Score ?? 0).ThenBy(s => s.SubjectId, StringComparer.Ordinal)
                    .Take(bound - inside.Count).Select(s => s.SubjectId).ToList();
                violations.Add(new(quota.Key, $"{inside.Count} of {total} at level {quota.Level} or below: at least {bound} ({quota.Share:P0}) required. {quota.Quote}", bound, inside.Count, reconsider));
            }
        }
        return violations;
    }
}
