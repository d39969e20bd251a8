using Approval.Core.Designer;
using Approval.Engine.Parsing;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Designer;

/// <summary>What changed between two versions: elements added, removed, and changed attribute by attribute.</summary>
public sealed class DiffModel(CurrentUser current, WorkflowCatalog catalog) : AdminPage(current)
{
    [FromRoute] public string Key { get; set; } = "";
    [FromQuery(Name = "from")] public int From { get; set; }
    [FromQuery(Name = "to")] public int To { get; set; }
    public IReadOnlyList<DiffEntry> Entries { get; private set; } = [];
    public ProcessSummary Process { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        if (await catalog.FindAsync(Key) is not { } process) return NotFound();
        Process = process;
        if (To == 0) To = process.Latest.Version;
        if (From == 0) From = Math.Max(1, To - 1);
        var before = await catalog.GetAsync(Key, From);
        var after = await catalog.GetAsync(Key, To);
        if (before is null || after is null) return NotFound();
        Entries = DefinitionDiff.Compare(before.Xml, after.Xml, Key);
        return Page();
    }

    public int Count(DiffKind kind) => Entries.Count(e => e.Kind == kind);

    public static string KindName(DiffKind kind) => kind switch
    {
        DiffKind.Added => Shared.Ui.T("新增", "Added"),
        DiffKind.Removed => Shared.Ui.T("删除", "Removed"),
        _ => Shared.Ui.T("修改", "Changed"),
    };
}
