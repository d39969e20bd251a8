using System.Text.Json;
using Approval.Core.Designer;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Approval.Web.Pages.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Instances;

/// <summary>
/// One instance: its version's diagram with the active elements highlighted and the completed path shaded, its
/// variables, open tasks, history, parent and children. Administrators only.
/// </summary>
public sealed class InstanceModel(CurrentUser current, WorkflowRuntime runtime, WorkflowCatalog catalog, Core.Users.UserStore users,
    Core.Comments.InstanceComments comments, Core.Attachments.AttachmentReader attachments,
    Microsoft.Extensions.Options.IOptions<Core.Attachments.AttachmentOptions> attachmentLimits) : AdminPage(current)
{
    /// <summary>评论 (issue 17): the instance's comments and the form to add one.</summary>
    public CommentsView Comments { get; private set; } = null!;
    /// <summary>The files of its submitted forms and objections.</summary>
    public IReadOnlyList<Core.Attachments.Attachment> FormFiles { get; private set; } = [];

    public const int ChildrenShown = 100;

    [FromRoute] public string Id { get; set; } = "";
    public InstanceView Instance { get; private set; } = null!;
    public DefinitionRecord Definition { get; private set; } = null!;
    public ProcessOutline Outline { get; private set; } = null!;
    public IReadOnlyList<HistoryRecord> History { get; private set; } = [];
    /// <summary>People's names by login ("names, not logins").</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<TaskRecord> OpenTasks { get; private set; } = [];
    public IReadOnlyList<string> Children { get; private set; } = [];
    public IReadOnlyDictionary<string, string> ChildLabels { get; private set; } = new Dictionary<string, string>();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        if (await runtime.GetInstanceAsync(Id) is not { } instance) return NotFound();
        Instance = instance;
        Definition = (await catalog.GetAsync(instance.DefinitionKey, instance.Version))!;
        Outline = new ProcessOutline(Definition.Xml);
        (History, OpenTasks, Children) = await runtime.ReadAsync(async s => (
            await s.ListHistoryAsync(Id),
            (IReadOnlyList<TaskRecord>)(await s.ListTasksAsync(Id)).Where(t => t.Status == Engine.Runtime.TaskStatus.Open).ToList(),
            await s.FindChildInstancesAsync(Id)));
        ChildLabels = await catalog.LabelsAsync(Children.Take(ChildrenShown).ToList());
        // 委托: a completion "代" someone names them beside the delegate who acted.
        var tasks = await runtime.ListTasksAsync(Id);
        OnBehalfOf = tasks.Where(t => t.OnBehalfOf is not null).ToDictionary(t => t.Id, t => t.OnBehalfOf!);
        Names = await users.NamesAsync(History.Select(h => h.Actor).Concat(OnBehalfOf.Values).Concat(OpenTasks.Select(t => t.Assignee))
            .Concat(History.Where(h => HistoryKinds.NamingAPerson.Contains(h.Kind)).Select(h => h.Outcome)));
        var admin = (await AdministratorAsync())!;
        Comments = await CommentsView.LoadAsync(comments, users, attachmentLimits.Value, admin, Id);
        FormFiles = await attachments.OfFormsAsync(admin, Id, tasks);
        return Page();
    }

    /// <summary>委托: whom each task was completed for, by task id.</summary>
    public IReadOnlyDictionary<string, string> OnBehalfOf { get; private set; } = new Dictionary<string, string>();

    /// <summary>评论: as on the task page; a refused comment comes back beside the form with nothing kept.</summary>
    public async Task<IActionResult> OnPostCommentAsync()
    {
        if (await AdministratorAsync() is not { } admin) return Refuse();
        var result = await CommentsView.PostAsync(comments, admin, Id, Request);
        if (result.Status == Core.Comments.CommentStatus.NotFound) return NotFound();
        if (result.Status == Core.Comments.CommentStatus.Added) return Redirect($"/instances/{Uri.EscapeDataString(Id)}#comments");
        var page = await OnGetAsync();
        Comments = Comments with { Problems = result.Problems, Posted = Request.Form[CommentsView.BodyField].FirstOrDefault() };
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    [BindProperty] public string? Reason { get; set; }
    public string? ReasonError { get; private set; }

    /// <summary>取消实例: ends the instance, its called instances and open tasks; the reason goes into its history.</summary>
    public async Task<IActionResult> OnPostCancelAsync()
    {
        if (await AdministratorAsync() is not { } admin) return Refuse();
        ReasonError = string.IsNullOrWhiteSpace(Reason) ? Shared.Ui.T("请填写取消原因。", "Give the reason for cancelling.")
            : Reason.Length > Api.InstancesApi.MaxReasonLength ? Shared.Ui.T("原因过长。", "The reason is too long.") : null;
        if (ReasonError is not null) return await OnGetAsync();
        try
        {
            await runtime.CancelAsync(Id, admin.Login, Reason!);
        }
        catch (InstanceNotRunningException)
        {
            // Someone else ended it meanwhile: the page shows how it stands now.
        }
        return RedirectToPage(new { id = Id });
    }

    // Administrators' operations (issue 17): suspend, resume, set a variable; each with a reason kept in the history.
    [BindProperty] public string? VariableName { get; set; }
    [BindProperty] public string? VariableValue { get; set; }
    public string? VariableError { get; private set; }
    public string? OperationError { get; private set; }

    /// <summary>挂起 / 恢复: the instance stops (timers wait, tasks refused) or goes on.</summary>
    public Task<IActionResult> OnPostSuspendAsync() => OperateAsync((admin, reason) => runtime.SuspendAsync(Id, admin, reason));

    public Task<IActionResult> OnPostResumeAsync() => OperateAsync((admin, reason) => runtime.ResumeAsync(Id, admin, reason));

    /// <summary>设置变量: a JSON value (a bare word is taken as text), at most 64 KB, with the old and new value in the history.</summary>
    public Task<IActionResult> OnPostVariableAsync() => OperateAsync(async (admin, reason) =>
    {
        var name = VariableName?.Trim() ?? "";
        var text = VariableValue?.Trim() ?? "";
        JsonElement value;
        try { value = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { value = JsonSerializer.SerializeToElement(text); }
        VariableError = !System.Text.RegularExpressions.Regex.IsMatch(name, "^[A-Za-z_][A-Za-z0-9_]{0,99}$")
            ? Shared.Ui.T("变量名须以字母或下划线开头，只含字母、数字、下划线。", "A variable name is a letter or '_' followed by letters, digits or '_'.")
            : System.Text.Encoding.UTF8.GetByteCount(value.GetRawText()) > Api.OperationsApi.MaxVariableBytes ? Shared.Ui.T("值超过 64 KB。", "The value is larger than 64 KB.") : null;
        if (VariableError is null) await runtime.SetVariableAsync(Id, name, value, admin, reason);
    });

    private async Task<IActionResult> OperateAsync(Func<string, string, Task> operation)
    {
        if (await AdministratorAsync() is not { } admin) return Refuse();
        OperationError = string.IsNullOrWhiteSpace(Reason) ? Shared.Ui.T("请填写原因。", "Give the reason.")
            : Reason.Length > Api.InstancesApi.MaxReasonLength ? Shared.Ui.T("原因过长。", "The reason is too long.") : null;
        if (OperationError is null)
        {
            try
            {
                await operation(admin.Login, Reason!.Trim());
            }
            catch (Exception e) when (e is OperationRefusedException or InstanceNotRunningException)
            {
                OperationError = e is OperationRefusedException r ? Localization.ProblemTexts.Explain(r.Code, r.Message) : e.Message;
            }
        }
        if (OperationError is not null || VariableError is not null) return await OnGetAsync();
        return RedirectToPage(new { id = Id });
    }

    public async Task<IActionResult> OnGetXmlAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        if (await runtime.GetInstanceAsync(Id) is not { } instance) return NotFound();
        return Content((await catalog.GetAsync(instance.DefinitionKey, instance.Version))!.Xml, "application/xml; charset=utf-8");
    }

    public async Task<IActionResult> OnGetStateAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        return await catalog.PathAsync(Id) is { } path
            ? new JsonResult(new { active = path.Active, completed = path.Completed, heat = new Dictionary<string, int>() })
            : NotFound();
    }

    /// <summary>A history entry's outcome as shown: a person by name where it names one (转交, 加签), else the outcome's label.</summary>
    public string OutcomeText(HistoryRecord h) => HistoryKinds.NamingAPerson.Contains(h.Kind)
        ? Names.GetValueOrDefault(h.Outcome!, h.Outcome!) : h.Kind == HistoryKinds.TaskReturned ? "→ " + Outline.Name(h.Outcome) : Shared.Ui.Outcome(h.Outcome);

    /// <summary>The steps this instance alone inserted (加签): not in its definition, shown beside the diagram.</summary>
    public IEnumerable<HistoryRecord> AddedSigns => History.Where(h => h.Kind is HistoryKinds.SignAddedBefore or HistoryKinds.SignAddedAfter);

    /// <summary>A variable as readable text: strings as they are, everything else as indented JSON, long values cut.</summary>
    public static string Show(JsonElement value)
    {
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : JsonSerializer.Serialize(value, Indented);
        return text.Length > 2000 ? text[..2000] + "…" : text;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string KindName(string kind) => kind switch
    {
        HistoryKinds.InstanceStarted => Shared.Ui.T("流程开始", "Started"),
        HistoryKinds.InstanceCompleted => Shared.Ui.T("流程结束", "Finished"),
        HistoryKinds.InstanceTerminated => Shared.Ui.T("流程终止", "Terminated"),
        HistoryKinds.InstanceMigrated => Shared.Ui.T("迁移到新版本", "Migrated"),
        HistoryKinds.ElementCompleted => Shared.Ui.T("完成", "Completed"),
        HistoryKinds.ElementCancelled => Shared.Ui.T("取消", "Cancelled"),
        HistoryKinds.TaskCreated => Shared.Ui.T("生成待办", "Task created"),
        HistoryKinds.TaskCompleted => Shared.Ui.T("办结", "Task done"),
        HistoryKinds.TimerFired => Shared.Ui.T("到期", "Timer fired"),
        HistoryKinds.MessageReceived => Shared.Ui.T("收到消息", "Message"),
        HistoryKinds.ErrorCaught => Shared.Ui.T("捕获错误", "Error caught"),
        HistoryKinds.CallCompleted => Shared.Ui.T("子流程结束", "Call completed"),
        HistoryKinds.Incident => Shared.Ui.T("异常", "Incident"),
        HistoryKinds.TaskUrged => Shared.Ui.T("催办", "Reminded"),
        HistoryKinds.TaskReturned => Shared.Ui.T("退回", "Returned"),
        HistoryKinds.TaskWithdrawn => Shared.Ui.T("撤回", "Withdrawn"),
        HistoryKinds.TokensMoved => Shared.Ui.T("调整流程位置", "Tokens moved"),
        HistoryKinds.TaskTransferred => Shared.Ui.T("转交", "Handed on"),
        HistoryKinds.SignAddedBefore => Shared.Ui.T("前加签", "Signer added before"),
        HistoryKinds.SignAddedAfter => Shared.Ui.T("后加签", "Signer added after"),
        HistoryKinds.InstanceSuspended => Shared.Ui.T("挂起", "Suspended"),
        HistoryKinds.InstanceResumed => Shared.Ui.T("恢复", "Resumed"),
        HistoryKinds.VariableSet => Shared.Ui.T("设置变量", "Variable set"),
        HistoryKinds.IncidentRetried => Shared.Ui.T("重试故障", "Incident retried"),
        // Issue 17, 抄送 (the names copied are its outcome).
        HistoryKinds.TaskCopied => Shared.Ui.T("抄送", "Copied"),
        _ => kind,
    };
}
