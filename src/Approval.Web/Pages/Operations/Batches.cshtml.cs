using Approval.Core.Designer;
using Approval.Core.Operations;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Operations;

/// <summary>
/// 批量操作: an administrator chooses an operation and a filter, sees how many instances it takes, confirms, and
/// watches the batch's progress (done, failed, total) refresh until it is done; running batches can be paused
/// and resumed.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class BatchesModel(CurrentUser current, BatchStore batches, BatchJobs jobs, WorkflowCatalog catalog, WorkflowRuntime runtime, UserStore users)
    : AdminPage(current)
{
    public const int PageSize = 20;

    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<string> Processes { get; private set; } = [];
    public IReadOnlyList<BatchView> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    [BindProperty] public string Operation { get; set; } = BatchOperation.Suspend;
    [BindProperty] public string? Process { get; set; }
    [BindProperty] public int? Version { get; set; }
    /// <summary>"running", "suspended" or empty (both).</summary>
    [BindProperty] public string? State { get; set; }
    [BindProperty] public bool WithIncidents { get; set; }
    [BindProperty] public string? BusinessKeyPrefix { get; set; }
    [BindProperty] public int? TargetVersion { get; set; }
    [BindProperty] public string? Reason { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        await LoadAsync();
        return Page();
    }

    /// <summary>The progress table alone, which the page fetches again every two seconds while a batch runs (htmx).</summary>
    public async Task<IActionResult> OnGetTableAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        await LoadAsync();
        return Partial("_BatchTable", this);
    }

    private async Task LoadAsync()
    {
        Processes = (await catalog.ListAsync()).Select(p => p.Key).ToList();
        PageNumber = Math.Clamp(PageNumber, 1, int.MaxValue / PageSize);
        (Rows, Total) = await batches.ListAsync(PageNumber, PageSize);
        Names = await users.NamesAsync(Rows.Select(r => (string?)r.CreatedBy));
    }

    public bool AnyRunning => Rows.Any(r => r.Status == BatchStatus.Running);

    public async Task<IActionResult> OnPostStartAsync()
    {
        if (await AdministratorAsync() is not { } admin) return Refuse();
        string? target = null;
        Error = !BatchOperation.All.Contains(Operation) ? Ui.T("请选择操作。", "Choose the operation.")
            : string.IsNullOrWhiteSpace(Process) ? Ui.T("请选择流程。", "Choose the process.")
            : string.IsNullOrWhiteSpace(Reason) ? Ui.T("请填写原因。", "Give the reason.")
            : Reason.Length > Api.InstancesApi.MaxReasonLength ? Ui.T("原因过长。", "The reason is too long.") : null;
        if (Error is null && Operation == BatchOperation.Migrate)
        {
            target = (await runtime.ListDefinitionsAsync()).FirstOrDefault(d => d.Key == Process && d.Version == TargetVersion)?.Id;
            if (target is null) Error = Ui.T("请填写要迁移到的已部署版本。", "Give a deployed version to migrate to.");
        }
        if (Error is not null)
        {
            await LoadAsync();
            return Page();
        }
        var filter = new InstanceFilter(Process!.Trim(), Version, State switch { "running" => false, "suspended" => true, _ => null }, WithIncidents,
            string.IsNullOrWhiteSpace(BusinessKeyPrefix) ? null : BusinessKeyPrefix.Trim());
        await jobs.StartAsync(Operation, filter, Reason!.Trim(), target, admin.Login);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPauseAsync(string id)
    {
        if (await AdministratorAsync() is null) return Refuse();
        await batches.SetPausedAsync(id, paused: true);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResumeAsync(string id)
    {
        if (await AdministratorAsync() is null) return Refuse();
        await jobs.ResumeAsync(id);
        return RedirectToPage();
    }

    public static string OperationName(string operation) => operation switch
    {
        BatchOperation.Cancel => Ui.T("取消", "Cancel"),
        BatchOperation.Retry => Ui.T("重试故障", "Retry incidents"),
        BatchOperation.Migrate => Ui.T("迁移版本", "Migrate"),
        BatchOperation.Suspend => Ui.T("挂起", "Suspend"),
        BatchOperation.Resume => Ui.T("恢复", "Resume"),
        _ => operation,
    };

    public static string StatusName(string status) => status switch
    {
        BatchStatus.Running => Ui.T("执行中", "Running"),
        BatchStatus.Paused => Ui.T("已暂停", "Paused"),
        BatchStatus.Done => Ui.T("已完成", "Done"),
        _ => status,
    };

    public static string FilterText(InstanceFilter f) => string.Join(" · ", new[]
    {
        f.DefinitionKey, f.Version is { } v ? $"v{v}" : null,
        f.Suspended switch { true => Ui.T("已挂起的", "suspended"), false => Ui.T("未挂起的", "not suspended"), null => null },
        f.WithIncidents ? Ui.T("有故障的", "with incidents") : null,
        f.BusinessKeyPrefix is { } p ? Ui.T($"业务键以 {p} 开头", $"business key {p}…") : null,
        f.InstanceIds is { } ids ? Ui.T($"指定 {ids.Count} 个实例", $"{ids.Count} named instances") : null,
    }.OfType<string>());
}
