using Approval.Core.Designer;
using Approval.Core.Operations;
using Approval.Core.Workflow;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Operations;

/// <summary>
/// 故障 (incidents): each open incident with its instance, element, code, message, attempts and time, the failure's
/// stack on request; administrators tick incidents and retry them at once, with a reason and a confirmation.
/// </summary>
[Authorize(Policy = Policies.Administrator)]
public sealed class IncidentsModel(CurrentUser current, IncidentList incidents, WorkflowCatalog catalog, WorkflowRuntime runtime, WorkflowJobs jobs)
    : AdminPage(current)
{
    public const int PageSize = 20;

    [FromQuery(Name = "process")] public string? Process { get; set; }
    [FromQuery(Name = "code")] public string? Code { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<string> Processes { get; private set; } = [];
    public IReadOnlyList<Incident> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    [BindProperty] public List<string> Selected { get; set; } = [];
    [BindProperty] public string? Reason { get; set; }
    public string? Error { get; private set; }
    /// <summary>After a retry: per instance, how much was retried or why not.</summary>
    public string? Outcome { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        Processes = (await catalog.ListAsync()).Select(p => p.Key).ToList();
        PageNumber = Math.Clamp(PageNumber, 1, int.MaxValue / PageSize);
        (Rows, Total) = await incidents.ListAsync(Blank(Process), Blank(Code), PageNumber, PageSize);
        return Page();
    }

    /// <summary>重试: the ticked incidents' instances retry their failed work now (the sweep runs at once).</summary>
    public async Task<IActionResult> OnPostRetryAsync()
    {
        if (await AdministratorAsync() is not { } admin) return Refuse();
        var ids = Selected.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct().ToList();
        Error = ids.Count == 0 ? Ui.T("请勾选要重试的故障。", "Tick the incidents to retry.")
            : ids.Count > Api.OperationsApi.MaxRetryInstances ? Ui.T("一次最多重试 100 个，更多请用批量操作。", "At most 100 at once; use a batch for more.")
            : string.IsNullOrWhiteSpace(Reason) ? Ui.T("请填写重试原因。", "Give the reason for the retry.")
            : Reason.Length > Api.InstancesApi.MaxReasonLength ? Ui.T("原因过长。", "The reason is too long.") : null;
        if (Error is not null) return await OnGetAsync();
        var results = await Api.OperationsApi.RetryEachAsync(runtime, ids, admin.Login, Reason!.Trim());
        if (results.Any(r => r.Retried > 0)) await jobs.SweepTimersAsync();
        var refused = results.Where(r => r.Code is not null).ToList();
        Outcome = Ui.T($"已重试 {results.Count - refused.Count} 个实例", $"{results.Count - refused.Count} instance(s) retried")
            + (refused.Count == 0 ? "" : Ui.T($"；{refused.Count} 个未重试：", $"; {refused.Count} not retried: ")
                + string.Join(Ui.T("；", "; "), refused.Select(r => Localization.ProblemTexts.Explain(r.Code!, r.Message!))));
        (Selected, Reason) = ([], null);
        return await OnGetAsync();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public string Link(int page) => "/operations/incidents?" + string.Join("&", new[]
    {
        Blank(Process) is { } p ? $"process={Uri.EscapeDataString(p)}" : null,
        Blank(Code) is { } c ? $"code={Uri.EscapeDataString(c)}" : null,
        $"page={page}",
    }.OfType<string>());
}
