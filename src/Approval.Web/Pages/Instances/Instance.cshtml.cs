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
        Names = await users.NamesAsync(History.Select(h => h.Actor));
        var admin = (await AdministratorAsync())!;
        Comments = await CommentsView.LoadAsync(comments, users, attachmentLimits.Value, admin, Id);
        FormFiles = await attachments.OfFormsAsync(admin, Id, await runtime.ListTasksAsync(Id));
        return Page();
    }

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
        _ => kind,
    };
}
