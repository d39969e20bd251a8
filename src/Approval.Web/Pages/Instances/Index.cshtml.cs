using Approval.Core.Designer;
using Approval.Core.Workflow;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Instances;

/// <summary>
/// 异常实例: running instances with incidents (failed timer firings, children that could not start, call chains at
/// their depth cap), newest incident first, filtered by process and incident code. Administrators only; each links
/// to its instance page, where it can be cancelled.
/// </summary>
public sealed class IndexModel(CurrentUser current, InstancesInTrouble trouble, WorkflowCatalog catalog) : AdminPage(current)
{
    public const int PageSize = 20;

    [FromQuery(Name = "process")] public string? Process { get; set; }
    [FromQuery(Name = "code")] public string? Code { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<string> Processes { get; private set; } = [];
    public IReadOnlyList<TroubledInstance> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        Processes = (await catalog.ListAsync()).Select(p => p.Key).ToList();
        // A page past the end (or below 1) shows the nearest page rather than failing.
        PageNumber = Math.Clamp(PageNumber, 1, int.MaxValue / PageSize);
        (Rows, Total) = await trouble.ListAsync(Blank(Process), Blank(Code), PageNumber, PageSize);
        return Page();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public string Link(int page) => "/instances?" + string.Join("&", new[]
    {
        Blank(Process) is { } p ? $"process={Uri.EscapeDataString(p)}" : null,
        Blank(Code) is { } c ? $"code={Uri.EscapeDataString(c)}" : null,
        $"page={page}",
    }.OfType<string>());
}
