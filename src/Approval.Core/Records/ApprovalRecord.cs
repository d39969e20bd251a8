namespace Approval.Core.Records;

/// <summary>
/// 审批单: one instance as it is printed and filed — its process and subject, the campaign and year it belongs to,
/// and every step in order with who acted, when, the outcome and the opinion, as far as the reader may see them.
/// </summary>
public sealed record ApprovalRecord(
    string InstanceId, string ProcessName, string? SubjectName, string? SubjectKind, string? OrgName, string? CampaignName, int? Year,
    string Status, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, IReadOnlyList<RecordEntry> Entries)
{
    /// <summary>Printed for the level below (<see cref="RecordAudience.Subject"/>): nothing shown upward only is in it.</summary>
    public bool ForSubject { get; init; }
    /// <summary>Some opinion in it is withheld from this reader (shown upward only).</summary>
    public bool Withheld => Entries.Any(e => e.Hidden);
}

/// <summary>
/// One line of the record. <see cref="Kind"/> is the history kind (<c>task-completed</c>, <c>task-returned</c>…);
/// <see cref="Step"/> the step's name; <see cref="Target"/> the step returned or moved to, or the person a task was
/// handed to (转交); <see cref="Hidden"/>: the outcome and opinion are shown upward only and left out here.
/// </summary>
public sealed record RecordEntry(
    int Number, string Kind, string Step, string? Actor, DateTimeOffset At, string? Outcome, string? Opinion, string? Target, bool Hidden)
{
    /// <summary>A reviewer's internal note (内部意见) on the step, when this reader may see it.</summary>
    public string? InternalNote { get; init; }
}

/// <summary>Who a record is printed for: the reader themself, or the rated level below (nothing shown upward only).</summary>
public enum RecordAudience { Reader, Subject }
