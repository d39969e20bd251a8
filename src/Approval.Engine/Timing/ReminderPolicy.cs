namespace Approval.Engine.Timing;

/// <summary>What a reminder moment is for.</summary>
public enum ReminderKind
{
    /// <summary><c>ap:remindBefore</c>: that long before the due time.</summary>
    Before,
    /// <summary><c>ap:remindEvery</c>: at the due time and every period after it, while the task is open.</summary>
    Overdue,
    /// <summary><c>ap:escalateAfter</c>: once, that long after the due time; the upper organization is told.</summary>
    Escalation,
}

public sealed record ReminderMoment(ReminderKind Kind, DateTimeOffset At);

/// <summary>
/// A user task's reminder policy, from its <c>ap:remindBefore="P3D,P1D"</c>, <c>ap:remindEvery="P1D"</c> and
/// <c>ap:escalateAfter="P2D"</c> attributes (evaluated, so an expression may give them). Pure: the schedule of a
/// task follows from its creation, its due time and the policy, so the sweep only stores the next moment.
/// </summary>
public sealed record ReminderPolicy(IReadOnlyList<IsoDuration> Before, IsoDuration? Every, IsoDuration? EscalateAfter)
{
    public const string BeforeAttribute = "remindBefore";
    public const string EveryAttribute = "remindEvery";
    public const string EscalateAttribute = "escalateAfter";
    public static readonly IReadOnlyList<string> Attributes = [BeforeAttribute, EveryAttribute, EscalateAttribute];

    public static readonly ReminderPolicy None = new([], null, null);

    public bool IsEmpty => Before.Count == 0 && Every is null && EscalateAfter is null;

    /// <summary>
    /// Reads a policy from a task's attributes; every malformed value is a problem ("remindEvery: 'P0D' …") and
    /// the policy is then <see cref="None"/>, never a partial one.
    /// </summary>
    public static ReminderPolicy Read(IReadOnlyDictionary<string, string> attributes, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        var before = new List<IsoDuration>();
        if (attributes.TryGetValue(BeforeAttribute, out var list) && !string.IsNullOrWhiteSpace(list))
            foreach (var item in list.Split(',', StringSplitOptions.TrimEntries))
                if (Positive(item) is { } d) before.Add(d);
                else found.Add(Describe(BeforeAttribute, item));
        var every = Single(attributes, EveryAttribute, found);
        var escalate = Single(attributes, EscalateAttribute, found);
        problems = found;
        return found.Count > 0 ? None : new ReminderPolicy(before, every, escalate);
    }

    /// <summary>Checks one attribute's literal text (the parser's deploy-time check).</summary>
    public static IReadOnlyList<string> Check(string attribute, string text)
    {
        Read(new Dictionary<string, string> { [attribute] = text }, out var problems);
        return problems;
    }

    private static IsoDuration? Single(IReadOnlyDictionary<string, string> attributes, string name, List<string> problems)
    {
        if (!attributes.TryGetValue(name, out var text) || string.IsNullOrWhiteSpace(text)) return null;
        var duration = Positive(text.Trim());
        if (duration is null) problems.Add(Describe(name, text));
        return duration;
    }

    // A zero or negative period would remind without end at one instant.
    private static IsoDuration? Positive(string text) =>
        IsoDuration.TryParse(text, out var d) && !d.IsZero && d.AddTo(DateTimeOffset.UnixEpoch) > DateTimeOffset.UnixEpoch ? d : null;

    private static string Describe(string attribute, string text) =>
        $"ap:{attribute} '{text}' is not a positive ISO 8601 duration (e.g. P3D, PT12H){(attribute == BeforeAttribute ? ", or a comma-separated list of them" : "")}.";

    /// <summary>
    /// The first moment strictly after <paramref name="after"/>, or null when none is left. Reminders before the
    /// due time that fall before the task existed are skipped (a task created a day before its due date gets no
    /// three-days-before reminder).
    /// </summary>
    public ReminderMoment? Next(DateTimeOffset createdAt, DateTimeOffset due, DateTimeOffset after)
    {
        ReminderMoment? best = null;
        void Consider(ReminderKind kind, DateTimeOffset at)
        {
            if (at > after && at >= createdAt && (best is null || at < best.At || (at == best.At && kind > best.Kind))) best = new(kind, at);
        }
        foreach (var d in Before) Consider(ReminderKind.Before, Subtract(due, d));
        if (EscalateAfter is { } e) Consider(ReminderKind.Escalation, e.AddTo(due));
        if (Every is { } every)
        {
            var at = due;
            // Calendar periods (P1M) are added one at a time; a sweep that ran late needs only the next one.
            while (at <= after) at = every.AddTo(at);
            Consider(ReminderKind.Overdue, at);
        }
        return best;
    }

    /// <summary>Every moment in (<paramref name="after"/>, <paramref name="upTo"/>], in order: what a sweep at <paramref name="upTo"/> owes.</summary>
    public IReadOnlyList<ReminderMoment> Between(DateTimeOffset createdAt, DateTimeOffset due, DateTimeOffset after, DateTimeOffset upTo)
    {
        var moments = Before.Select(d => new ReminderMoment(ReminderKind.Before, Subtract(due, d))).ToList();
        if (EscalateAfter is { } e) moments.Add(new(ReminderKind.Escalation, e.AddTo(due)));
        if (Every is { } every)
            for (var at = due; at <= upTo; at = every.AddTo(at))
                if (at > after) moments.Add(new(ReminderKind.Overdue, at));
        return moments.Where(m => m.At > after && m.At <= upTo && m.At >= createdAt).Distinct()
            .OrderBy(m => m.At).ThenBy(m => m.Kind).ToList();
    }

    private static DateTimeOffset Subtract(DateTimeOffset due, IsoDuration d) =>
        due.AddYears(-d.Years).AddMonths(-d.Months).AddDays(-(d.Weeks * 7 + d.Days)).AddHours(-d.Hours).AddMinutes(-d.Minutes).AddSeconds(-d.Seconds);
}
