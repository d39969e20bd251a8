using Approval.Engine.Runtime;
using Approval.Engine.Timing;

namespace Approval.Core.Reminders;

/// <summary>A stored task's reminder policy and its moments, as the task insert and the sweep read them.</summary>
public static class ReminderSchedule
{
    /// <summary>
    /// The policy of a task's evaluated attributes. A value that an expression produced malformed gives no
    /// reminders (the literal ones were refused at deploy time).
    /// </summary>
    public static ReminderPolicy PolicyOf(IReadOnlyDictionary<string, string> attributes) =>
        attributes.Count == 0 ? ReminderPolicy.None : ReminderPolicy.Read(attributes, out _);

    /// <summary>The first reminder moment of a new task, or null when it has no due time or no policy.</summary>
    public static DateTimeOffset? First(TaskRecord task) => NextAfter(task, task.CreatedAt.AddTicks(-1));

    /// <summary>The task's first reminder moment strictly after <paramref name="after"/> (a migrated task's next one).</summary>
    public static DateTimeOffset? NextAfter(TaskRecord task, DateTimeOffset after) =>
        task.DueAt is { } due && PolicyOf(task.Extensions) is { IsEmpty: false } policy
            ? policy.Next(task.CreatedAt, due, after)?.At
            : null;
}
