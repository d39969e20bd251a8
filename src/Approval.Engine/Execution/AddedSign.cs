namespace Approval.Engine.Execution;

/// <summary>
/// 加签 marks on a task's extensions: an added signer's task says where it was added and, added before, to whom the
/// step comes back; a task marked <see cref="Then"/> opens the signer's task when it is completed. Kept in the
/// instance's tasks only (an instance-level insertion), carried over when the instance migrates.
/// </summary>
public static class AddedSign
{
    /// <summary>On an added signer's task: <see cref="Before"/> or <see cref="After"/>.</summary>
    public const string Position = "addedSign";
    public const string Before = "before";
    public const string After = "after";

    /// <summary>On a task added before: the login the step comes back to once the signer is done.</summary>
    public const string ReturnsTo = "addedSignReturnsTo";

    /// <summary>On an open task: the login of the signer who signs after its holder (后加签).</summary>
    public const string Then = "addedSignThen";

    public static readonly IReadOnlyList<string> Keys = [Position, ReturnsTo, Then];

    public static string? PositionOf(IReadOnlyDictionary<string, string> extensions) => extensions.GetValueOrDefault(Position);

    /// <summary>The task's extensions without any 加签 mark.</summary>
    public static Dictionary<string, string> Without(IReadOnlyDictionary<string, string> extensions) =>
        extensions.Where(kv => !Keys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
}
