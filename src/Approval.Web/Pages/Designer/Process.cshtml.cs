using Approval.Core.Designer;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Designer;

/// <summary>One process: its versions with their running instances, and the migrations done so far.</summary>
public sealed class ProcessModel(CurrentUser current, WorkflowCatalog catalog, InstanceMigrations migrations) : AdminPage(current)
{
    [FromRoute] public string Key { get; set; } = "";
    public ProcessSummary Process { get; private set; } = null!;
    public IReadOnlyList<MigrationAudit> Migrations { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        if (await catalog.FindAsync(Key) is not { } process) return NotFound();
        Process = process;
        Migrations = await migrations.HistoryAsync(Key);
        return Page();
    }
}
