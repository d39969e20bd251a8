using Approval.Engine.Runtime;

namespace Approval.Core.Campaigns;

/// <summary>
/// The cycle workflows shipped in <c>workflows/*.bpmn</c>, deployed at start-up. Deploying the same text again is a
/// no-op, so a restart keeps the versions running instances use; a changed file becomes a new version.
/// </summary>
public sealed class ShippedWorkflows(WorkflowRuntime runtime)
{
    public const string AnnualCampaign = "annual-campaign";
    public const string Recheck = "recheck";

    /// <summary>Called ones first, so that every call activity finds its process deployed.</summary>
    public static readonly string[] Files = ["public-notice.bpmn", "practice.bpmn", "grading.bpmn", "member-cycle.bpmn", "org-cycle.bpmn", "annual-campaign.bpmn", "recheck.bpmn", "obligation.bpmn"];

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "workflows");

    public async Task DeployAsync(string? directory = null)
    {
        foreach (var file in Files)
        {
            var path = Path.Combine(directory ?? Directory, file);
            var result = await runtime.DeployAsync(await File.ReadAllTextAsync(path), "system");
            if (!result.Succeeded)
                throw new InvalidOperationException($"Shipped workflow {file} does not deploy:\n" +
                    string.Join("\n", result.Problems.Select(p => $"  {p.Code} {p.Where} (line {p.Line}): {p.Message}")));
        }
    }
}
