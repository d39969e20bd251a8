namespace Approval.Core.Copies;

/// <summary>
/// 抄送: a copy of an instance's step or result to a person, for their information. It is no task: nothing waits for
/// it, and it opens the copied instance to them read-only. <see cref="From"/> is null when the process copied.
/// </summary>
public sealed record Copy(string Id, string InstanceId, string? TaskId, string? ElementId, string? From, string To, string? Note,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    /// <summary>The copied step's name and organization, for the 抄送我的 tab (read with the page).</summary>
    public string? TaskName { get; init; }
    public string? OrgId { get; init; }
}
