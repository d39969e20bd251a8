using Approval.Engine;
namespace Approval.Core.Schemes;

public static partial class SchemeEvaluator
{
    /// <summary>The standards reported met must be standards of the scheme's dimensions, each once.</summary>
    private static void StandardsMetRules(RatingScheme scheme, EvaluationRequest request, List<Problem> problems)
    {
        var dimensions = scheme.Dimensions.ToDictionary(d => d.Key);
        foreach (var (key, met) in request.StandardsMet)
        {
            var field = $"standardsMet.{key}";
            if (!dimensions.TryGetValue(key, out var dimension))
            {
                problems.Add(new(FieldCodes.UnknownReference, field, $"“{key}”不是本方案的维度 / '{key}' is not a dimension of {scheme.Key}."));
                continue;
            }
            if (met is null) continue;
            var count = dimension.Standards.Count;
            foreach (var index in met.Where(i => i < 0 || i >= count).Distinct())
                problems.Add(new(FieldCodes.OutOfRange, field, $"{dimension.Name}共{count}条标准(编号0至{count - 1}),没有编号{index}"
                                        + $" / {key} has {count} standards (0 to {count - 1}): there is no {index}."));
            foreach (var index in met.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key))
                problems.Add(new(FieldCodes.Duplicate, field, $"{dimension.Name}的标准{index}重复列出 / standard {index} of {key} is listed twice."));
        }
    }
}
