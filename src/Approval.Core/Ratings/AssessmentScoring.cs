using System.Globalization;
using Approval.Core.Explanations;
using Approval.Core.Schemes;
using Approval.Engine;

namespace Approval.Core.Ratings;

/// <summary>
/// Scores an assessment the one way both the scoring step (<c>assessment.evaluate</c>) and the assessment page's live
/// preview do: the absences the scheme counts from the records added to the assessor's, the vote session's counts or
/// appraisal, the 个性星 pledged; the counted events and the appraisal named first in the explanation.
/// </summary>
public static class AssessmentScoring
{
    public static (RatingResult? Result, IReadOnlyList<Problem> Problems) Score(RatingScheme scheme, Subject subject, AssessmentInput input,
        IReadOnlyDictionary<string, VoteCount>? votes, IReadOnlyList<Star> individualStars, Appraisal? appraisal, IReadOnlyList<CountedAbsence> counted)
    {
        input = input with { Facts = input.Facts with { Absences = input.Facts.Absences + counted.Count } };
        var (result, problems) = SchemeEvaluator.Evaluate(scheme, AssessmentRequest.Build(subject, input, votes, individualStars, appraisal));
        if (result is null) return (null, problems);
        var rating = RatingResult.From(result);
        if (counted.Count > 0) rating.Explanation.Insert(0, CountedAbsences.Explain(counted));
        if (appraisal is { Rate: { } rate })
            rating.Explanation.Insert(0, ExplanationCodes.AppraisalCounted.With(("members", appraisal.Members), ("eligible", appraisal.Eligible),
                ("masses", appraisal.Masses), ("satisfied", appraisal.Satisfied), ("cast", appraisal.Cast),
                ("rate", (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%")));
        return (rating, []);
    }
}
