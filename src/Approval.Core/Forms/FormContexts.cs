using System.Text.Json;
using Approval.Core.Users;
using Approval.Engine.Runtime;

namespace Approval.Core.Forms;

/// <summary>
/// Builds the <see cref="FormContext"/> a form is shown and checked with: the instance's variables, and what lives
/// beside them (the campaign's 个性星 catalogue for a pledge, who the rated organization's secretary is for a vote).
/// </summary>
public sealed class FormContexts(Campaigns.IndividualStarCatalogues catalogues, Orgs.OrgStore orgs)
{
    /// <param name="actor">Who is completing the task (null: the form is only shown).</param>
    public async Task<FormContext> ForAsync(TaskRecord task, IReadOnlyDictionary<string, JsonElement> variables, AppUser? actor = null)
    {
        var context = new FormContext(task, variables);
        return task.FormKey switch
        {
            "pledge" => context with { IndividualStarCatalogue = await catalogues.ForCampaignAsync(context.Text("campaignId")) },
            "vote-session" => context with { SecretaryNames = await SecretaryNamesAsync(context.Text("orgId"), actor) },
            _ => context,
        };
    }

    /// <summary>
    /// The names a teller field may give the rated organization's secretary by: the secretary on record and, when
    /// that organization's secretary is the one completing the task, their login and display name.
    /// </summary>
    private async Task<IReadOnlySet<string>> SecretaryNamesAsync(string? orgId, AppUser? actor)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (orgId is null) return names;
        if ((await orgs.GetAsync(orgId))?.Secretary is { } recorded) names.Add(FormContext.PersonName(recorded));
        if (actor is not null && actor.Roles.Any(r => r.Role == Roles.Secretary && r.OrgId == orgId))
        {
            names.Add(FormContext.PersonName(actor.Login));
            names.Add(FormContext.PersonName(actor.DisplayName));
        }
        names.Remove("");
        return names;
    }
}
