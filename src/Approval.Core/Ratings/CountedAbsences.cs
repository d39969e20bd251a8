using Approval.Core.Schemes;

namespace Approval.Core.Ratings;

/// <summary>One event a scheme counts as an absence: its kind and when (a date, a month or a period).</summary>
public sealed record CountedAbsence(string Kind, string When);

/// <summary>
/// The absences a scheme's rule counts for one subject and year: only the kinds the scheme declares
/// (<see cref="RatingScheme.AbsenceEvents"/>), read in the scoring step's transaction or for the assessment's preview.
/// </summary>
public static class CountedAbsences
{
    /// <summary>The same, on a connection of its own (the assessment page's preview, outside any step).</summary>
    public static async Task<IReadOnlyList<CountedAbsence>> ReadAsync(Infrastructure.Database database, RatingScheme scheme,
        Obligations.ObligationCatalog obligations, string subjectKind, string subjectId, int year)
    {
        await using var connection = await database.OpenAsync();
        return await OfAsync(new Infrastructure.ConnectionReader(connection), scheme, obligations, subjectKind, subjectId, year);
    }

    public static async Task<IReadOnlyList<CountedAbsence>> OfAsync(Infrastructure.ISqlReader h, RatingScheme scheme, Obligations.ObligationCatalog obligations,
        string subjectKind, string subjectId, int year)
    {
        var counted = new List<CountedAbsence>();
        var kinds = scheme.AbsenceEvents;
        var recorded = kinds.Where(SchemeTerms.RecordedAbsenceEvents.Contains).ToArray();
        if (subjectKind == "organization" && recorded.Length > 0)
            counted.AddRange((await h.QueryAsync<(string kind, string occurred_on)>("""
                select kind, occurred_on from absence_events where org_id = @subjectId and occurred_on >= @from and occurred_on <= @to
                order by occurred_on
                """, new { subjectId, from = $"{year:0000}-01-01", to = $"{year:0000}-12-31" }))
                .Where(r => recorded.Contains(r.kind)).Select(r => new CountedAbsence(r.kind, r.occurred_on)));
        if (kinds.Contains("missed-report"))
            counted.AddRange((await h.QueryAsync<int>("""
                select month from practice_records where subject_kind = @subjectKind and subject_id = @subjectId and year = @year and kind = 'missed'
                order by month
                """, new { subjectKind, subjectId, year })).Select(m => new CountedAbsence("missed-report", $"{year:0000}-{m:00}")));
        if (kinds.Contains("missed-obligation") && subjectKind == "organization")
        {
            var keys = obligations.Obligations.Where(o => o.Absence).Select(o => o.Key).ToHashSet();
            counted.AddRange((await h.QueryAsync<(string obligation_key, string period)>("""
                select obligation_key, period from obligation_records where org_id = @subjectId and year = @year and status = 'missed' order by period
                """, new { subjectId, year })).Where(r => keys.Contains(r.obligation_key)).Select(r => new CountedAbsence("missed-obligation", r.period)));
        }
        return counted;
    }

    /// <summary>The explanation line: each kind with its dates ("无故不参加上级组织召开的会议 2 次(2027-03-05、2027-06-10)").</summary>
    public static Explanations.Explanation Explain(IReadOnlyList<CountedAbsence> counted)
    {
        var groups = counted.GroupBy(c => c.Kind).ToList();
        var zh = string.Join(";", groups.Select(g => $"{SchemeTerms.AbsenceEventName(g.Key).Zh} {g.Count()} 次({string.Join("、", g.Select(c => c.When))})"));
        var en = string.Join("; ", groups.Select(g => $"{SchemeTerms.AbsenceEventName(g.Key).En}: {g.Count()} ({string.Join(", ", g.Select(c => c.When))})"));
        return Explanations.ExplanationCodes.AbsencesCounted.With(("count", counted.Count), ("events", zh), ("eventsEn", en));
    }
}
