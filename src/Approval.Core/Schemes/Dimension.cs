using System.Text.Json.Serialization;

namespace Approval.Core.Schemes;

/// <summary>
/// Scheme D: a weighted dimension (维度) whose standards (具体标准) are each met or not: "达成目标得分,不达成不得分".
/// The dimension scores the points of the standards met, so its standards' points add up to its weight.
/// </summary>
public sealed record Dimension(string Key, string Name, decimal Weight, List<Standard> Standards, string? Quote = null) : IJsonOnDeserialized
{
    // A document without standards reads as none, for the validator to name, rather than as null.
    public List<Standard> Standards { get; init; } = Standards ?? [];

    [JsonIgnore] public decimal StandardPoints => Standards.Sum(s => s.Points);

    /// <summary>
    /// Versions stored before standards carried points list them as plain text. They are read with the weight split
    /// equally, to the cent with the rounding spread over the standards, so that they still rate and still validate;
    /// the stored document itself is never changed.
    /// </summary>
    void IJsonOnDeserialized.OnDeserialized()
    {
        if (Standards.Count == 0 || !Standards.All(s => s.FromText)) return;
        for (var i = 0; i < Standards.Count; i++)
            Standards[i] = new Standard(Standards[i].Text, Share(i + 1) - Share(i));
        decimal Share(int upTo) => Math.Round(Weight * upTo / Standards.Count, 2, MidpointRounding.AwayFromZero);
    }
}
