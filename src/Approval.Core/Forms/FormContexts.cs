using System.Text.Json;
using Approval.Engine.Runtime;

namespace Approval.Core.Forms;

/// <summary>
/// Builds the <see cref="FormContext"/> a form is shown and checked with: the instance's variables, and what lives
/// beside them (the campaign's 个性星 catalogue for a pledge, the vote called for a 民主测评 task).
/// </summary>
public sealed class FormContexts(Campaigns.IndividualStarCatalogues catalogues, Voting.TaskVotes votes)
{
    public async Task<FormContext> ForAsync(TaskRecord task, IReadOnlyDictionary<string, JsonElement> variables)
    {
        var context = new FormContext(task, variables);
        return task.FormKey switch
        {
            "pledge" => context with { IndividualStarCatalogue = await catalogues.ForCampaignAsync(context.Text("campaignId")) },
            "vote-session" => context with { Vote = await votes.FindAsync(context) },
            _ => context,
        };
    }
}
