namespace Approval.Core.Configuration;

/// <summary>
/// Collects what is wrong with a configuration section, each problem naming its key as it is written in
/// configuration (<c>Approval:Reminders:DigestHour</c>), so that a wrong setting stops the start with a message
/// that says where to look, instead of misbehaving later (a digest hour of 25 that never comes).
/// </summary>
public sealed class OptionsProblems(string section)
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;

    public void Range(string key, long value, long min, long max)
    {
        if (value < min || value > max) Add(key, $"须在 {min} 到 {max} 之间，现为 {value} / must be between {min} and {max}, not {value}.");
    }

    public void Range(string key, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max) Add(key, $"须在 {min} 到 {max} 之间，现为 {value} / must be between {min} and {max}, not {value}.");
    }

    public void OneOf(string key, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is null || !allowed.Contains(value)) Add(key, $"须为 {string.Join("、", allowed)} 之一，现为“{value}” / must be one of {string.Join(", ", allowed)}, not '{value}'.");
    }

    public void Add(string key, string message) => _problems.Add($"{section}:{key} {message}");

    /// <summary>Every problem of the section, each starting with its key.</summary>
    public IReadOnlyList<string> Collect() => [.. _problems];
}
