namespace Approval.Core.Workflow;

/// <summary><c>Approval:SweepBatchSize</c>: how many due timers one sweep claims at a time.</summary>
public sealed class SweepOptions : Configuration.ICheckedOptions
{
    public int SweepBatchSize { get; set; } = 500;

    public void Check(Configuration.OptionsProblems problems) => problems.Range(nameof(SweepBatchSize), SweepBatchSize, 1, 100_000);
}
