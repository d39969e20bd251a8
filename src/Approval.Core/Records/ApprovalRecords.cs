using System.Text.Json;
using Approval.Core.Campaigns;
using Approval.Core.Orgs;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;

namespace Approval.Core.Records;

public enum RecordStatus { Found, NotFound, Forbidden }

/// <summary>
/// Builds the 审批单 of an instance for one reader, with the instance page's rules: only those who may see the instance
/// (<see cref="TaskAccess.CanView"/>) get it, and a confidential opinion (the discipline department's) or an internal
/// note reaches only those it is shown to upward — never a record printed for the level below.
/// </summary>
public sealed class ApprovalRecords(WorkflowRuntime runtime, TaskAccess access, UserStore users, OrgStore orgs, CampaignQueries campaigns)
{
    /// <summary>The history kinds a record lists: what people did and how the instance began and ended.</summary>
    private static readonly HashSet<string> Listed =
    [
        HistoryKinds.InstanceStarted, HistoryKinds.TaskCompleted, HistoryKinds.TaskReturned, HistoryKinds.TaskWithdrawn,
        HistoryKinds.TaskTransferred, HistoryKinds.TokensMoved, HistoryKinds.InstanceCompleted, HistoryKinds.InstanceTerminated,
        HistoryKinds.SignAddedBefore, HistoryKinds.SignAddedAfter,
    ];

    public async Task<(RecordStatus Status, ApprovalRecord? Record)> ForAsync(AppUser reader, string instanceId, RecordAudience audience = RecordAudience.Reader)
    {
        var found = await runtime.ReadAsync(async r =>
        {
            var instance = await r.LoadInstanceAsync(instanceId);
            if (instance is null) return null;
            return new { instance, tasks = await r.ListTasksAsync(instanceId), history = await r.ListHistoryAsync(instanceId) };
        });
        if (found is null) return (RecordStatus.NotFound, null);
        if (!access.CanView(reader, found.tasks)) return (RecordStatus.Forbidden, null);

        var view = WorkflowRuntime.View(found.instance);
        var forSubject = audience == RecordAudience.Subject;
        var confidential = found.tasks.Where(t => TaskAccess.ConfidentialElements.Contains(t.ElementId)).Select(t => t.Id).ToHashSet();
        var hidden = forSubject ? confidential : access.HiddenOpinions(reader, found.tasks);
        var hiddenVariables = access.HiddenVariables(reader, found.tasks, view.Variables.Keys);
        var process = await runtime.GetParsedAsync(found.instance.DefinitionId);
        var tasks = found.tasks.ToDictionary(t => t.Id);
        var listed = found.history.Where(h => Listed.Contains(h.Kind)).ToList();
        var names = await users.NamesAsync(listed.Select(h => h.Actor)
            .Concat(listed.Where(h => HistoryKinds.NamingAPerson.Contains(h.Kind)).Select(h => h.Outcome)));
        string? Person(string? login) => login is null ? null : names.GetValueOrDefault(login, login);
        string StepName(string? elementId, string? taskId) =>
            taskId is not null && tasks.TryGetValue(taskId, out var task) ? task.Name
            : elementId is not null && process.TryGetNode(elementId, out var node) ? node.Name ?? elementId : elementId ?? "";
        string? Note(string? taskId)
        {
            if (forSubject || taskId is null) return null;
            var name = TaskAccess.InternalNoteVariable(taskId);
            return !hiddenVariables.Contains(name) && view.Variables.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }

        var entries = listed.Select((h, i) =>
        {
            var withheld = h.TaskId is not null && hidden.Contains(h.TaskId);
            var target = h.Kind switch
            {
                HistoryKinds.TaskReturned => StepName(h.Outcome, null),
                _ when HistoryKinds.NamingAPerson.Contains(h.Kind) => Person(h.Outcome),
                _ => null,
            };
            var outcome = h.Kind is HistoryKinds.TaskCompleted ? h.Outcome : null;
            return new RecordEntry(i + 1, h.Kind, StepName(h.ElementId, h.TaskId), Person(h.Actor), h.At,
                withheld ? null : outcome, withheld ? null : h.Comment, target, withheld)
            { InternalNote = withheld || h.Kind != HistoryKinds.TaskCompleted ? null : Note(h.TaskId) };
        }).ToList();

        var campaign = CampaignId(view.BusinessKey) is { } campaignId ? await campaigns.GetAsync(campaignId) : null;
        var orgId = Text(view.Variables, "orgId");
        var record = new ApprovalRecord(view.Id, process.Name ?? view.DefinitionKey, Text(view.Variables, "subjectName"),
            Text(view.Variables, "subjectKind"), orgId is null ? null : (await orgs.GetAsync(orgId))?.Name,
            campaign?.Name ?? Text(view.Variables, "campaignName"), campaign?.Year ?? Number(view.Variables, "year"),
            view.Status, view.StartedAt, view.EndedAt, entries) { ForSubject = forSubject };
        return (RecordStatus.Found, record);
    }

    /// <summary>Every instance of a campaign carries <c>campaign:{id}</c> (<see cref="CampaignService.BusinessKey"/>).</summary>
    private static string? CampaignId(string? businessKey) =>
        businessKey is not null && businessKey.StartsWith("campaign:", StringComparison.Ordinal) ? businessKey["campaign:".Length..] : null;

    private static string? Text(IReadOnlyDictionary<string, JsonElement> variables, string name) =>
        variables.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Number(IReadOnlyDictionary<string, JsonElement> variables, string name) =>
        variables.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
}
