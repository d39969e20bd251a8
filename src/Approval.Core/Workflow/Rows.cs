using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using TaskStatus = Approval.Engine.Runtime.TaskStatus;

namespace Approval.Core.Workflow;

// Row shapes as the database returns them (snake_case columns, epoch-millisecond times), mapped to records.
#pragma warning disable IDE1006
internal sealed class DefinitionRow
{
    public string id { get; init; } = "";
    public string key { get; init; } = "";
    public int version { get; init; }
    public string? name { get; init; }
    public string xml { get; init; } = "";
    public long deployed_at { get; init; }
    public string? deployed_by { get; init; }


    public DefinitionRecord ToRecord() => new(id, key, version, name, xml, EpochTime.FromMs(deployed_at), deployed_by);
}

internal sealed class WaiterRow
{
    public string instance_id { get; init; } = "";
    public string id { get; init; } = "";
}

internal sealed class InstanceRow
{
    public string id { get; init; } = "";
    public string definition_id { get; init; } = "";
    public string definition_key { get; init; } = "";
    public int version { get; init; }
    public string? business_key { get; init; }
    public string status { get; init; } = "";
    public string? parent_instance_id { get; init; }
    public string? parent_bookmark_id { get; init; }
    public string variables { get; init; } = "{}";
    public int row_version { get; init; }
    public long started_at { get; init; }
    public string? started_by { get; init; }
    public long? ended_at { get; init; }
    public long suspended { get; init; }
}

internal sealed class TaskRow
{
    public string id { get; init; } = "";
    public string instance_id { get; init; } = "";
    public string definition_key { get; init; } = "";
    public string element_id { get; init; } = "";
    public string name { get; init; } = "";
    public string? assignee { get; init; }
    public string? org_id { get; init; }
    public string? form_key { get; init; }
    public int priority { get; init; }
    public long? due_at { get; init; }
    public long? follow_up_at { get; init; }
    public string status { get; init; } = "";
    public long created_at { get; init; }
    public long? completed_at { get; init; }
    public string? completed_by { get; init; }
    public string? on_behalf_of { get; init; }
    public string? outcome { get; init; }
    public string? comment { get; init; }
    public string extensions { get; init; } = "{}";

    public TaskRecord ToRecord(IReadOnlyList<string> users, IReadOnlyList<string> groups) => new()
    {
        Id = id, InstanceId = instance_id, DefinitionKey = definition_key, ElementId = element_id, Name = name, Assignee = assignee,
        CandidateUsers = users, CandidateGroups = groups, OrgId = org_id, FormKey = form_key, Priority = priority,
        DueAt = EpochTime.FromMs(due_at), FollowUpAt = EpochTime.FromMs(follow_up_at),
        Status = Enum.Parse<TaskStatus>(status, ignoreCase: true), CreatedAt = EpochTime.FromMs(created_at),
        CompletedAt = EpochTime.FromMs(completed_at), CompletedBy = completed_by, OnBehalfOf = on_behalf_of, Outcome = outcome,
        Extensions = JsonSerializer.Deserialize<Dictionary<string, string>>(extensions, StoreJson.Options)!,
    };
}

internal sealed class HistoryRow
{
    public long id { get; init; }
    public string instance_id { get; init; } = "";
    public long at { get; init; }
    public string kind { get; init; } = "";
    public string? element_id { get; init; }
    public string? actor { get; init; }
    public string? outcome { get; init; }
    public string? comment { get; init; }
    public string? task_id { get; init; }

    public HistoryRecord ToRecord() => new(id, instance_id, EpochTime.FromMs(at), kind, element_id, actor, outcome, comment, task_id);
}
#pragma warning restore IDE1006
