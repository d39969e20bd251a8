namespace Approval.Core.Delegations;

/// <summary>
/// 委托: while <see cref="Delegator"/> is away (<see cref="StartsAt"/> up to <see cref="EndsAt"/>), the tasks that reach
/// them — assigned to them, offered to them by name, or offered to a role they hold over the task's organization —
/// also reach <see cref="Delegate"/>, who acts "代" them. Nothing moves: the delegation is read when the inbox, the task
/// page and the reminders ask, so the tasks come back by themselves when the period ends or is revoked.
/// </summary>
public sealed record Delegation(string Id, string Delegator, string Delegate, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Reason,
    DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, string? RevokedBy)
{
    public bool ActiveAt(DateTimeOffset at) => StartsAt <= at && at < EndsAt;

    /// <summary>Two periods share a moment ([from, to) each).</summary>
    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => StartsAt < to && from < EndsAt;
}
