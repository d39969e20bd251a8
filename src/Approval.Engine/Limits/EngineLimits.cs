namespace Approval.Engine.Limits;

/// <summary>
/// Bounds on what a model or its data may make the engine do, so that a hostile or mistaken definition costs a
/// clear problem instead of the process (issue 14 §5). The host binds them from configuration
/// (<c>Approval:Limits:*</c>); the defaults leave room for the shipped workflows many times over.
/// </summary>
public sealed class EngineLimits
{
    /// <summary>
    /// How deep elements may nest in a BPMN document. The parser reads nested sub-processes recursively; a cap
    /// keeps 30,000 levels from overflowing the stack and bounds the work per element, which keeps parsing linear.
    /// The shipped workflows nest about ten deep.
    /// </summary>
    public int MaxXmlDepth { get; init; } = 64;

    /// <summary>Elements in one BPMN document; the shipped files hold a few hundred (diagram data included).</summary>
    public int MaxXmlElements { get; init; } = 50_000;

    /// <summary>
    /// Call activities above an instance: a root instance is at depth 0, its child at 1. A process that calls
    /// itself stops here with an incident instead of starting instances forever. The shipped campaign is 3 deep.
    /// </summary>
    public int MaxCallDepth { get; init; } = 32;

    /// <summary>Items of one multi-instance activity (a collection's length or a loop cardinality).</summary>
    public int MaxMultiInstance { get; init; } = 100_000;

    /// <summary>
    /// Occurrences a timer cycle fires for what it missed at once (a node that was down, a manual clock moved a day
    /// ahead): <c>R/PT1S</c> fires this many times, not 86,400, and then keeps to its period from now on. Ten lets
    /// a daily cycle walk a week on the demo clock as it would in real time.
    /// </summary>
    public int MaxTimerCatchUp { get; init; } = 10;

    public static readonly EngineLimits Default = new();
}
