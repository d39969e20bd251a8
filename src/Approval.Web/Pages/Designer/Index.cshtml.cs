using Approval.Core.Designer;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Designer;

/// <summary>Deployed processes with their latest version and running instances; the way into the designer.</summary>
public sealed class IndexModel(CurrentUser current, WorkflowCatalog catalog) : AdminPage(current)
{
    [FromQuery(Name = "q")] public string? Search { get; set; }
    public IReadOnlyList<ProcessSummary> Processes { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        var all = await catalog.ListAsync();
        Processes = string.IsNullOrWhiteSpace(Search) ? all
            : all.Where(p => p.Key.Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase) || (p.Name ?? "").Contains(Search.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return Page();
    }
}
