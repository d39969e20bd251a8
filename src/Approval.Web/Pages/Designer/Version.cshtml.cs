using Approval.Core.Designer;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Approval.Web.Pages.Tasks;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Designer;

/// <summary>
/// One version's diagram with a heat map of its running instances (how many wait at each element), the same counts
/// as a table, and the running instances, filtered by where they wait.
/// </summary>
public sealed class VersionModel(CurrentUser current, WorkflowCatalog catalog) : AdminPage(current)
{
    private const int PageSize = 50;

    [FromRoute] public string Key { get; set; } = "";
    [FromRoute] public int Version { get; set; }
    [FromQuery(Name = "at")] public string? WaitingAt { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public DefinitionRecord Definition { get; private set; } = null!;
    public ProcessOutline Outline { get; private set; } = null!;
    public IReadOnlyDictionary<string, int> Waiting { get; private set; } = new Dictionary<string, int>();
    public IReadOnlyList<WorkflowCatalog.InstanceRow> Instances { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        if (await catalog.GetAsync(Key, Version) is not { } definition) return NotFound();
        Definition = definition;
        Outline = new ProcessOutline(definition.Xml);
        Waiting = await catalog.WaitingAsync(definition.Id);
        PageNumber = Math.Max(1, PageNumber);
        (Instances, Total) = await catalog.InstancesAsync(definition.Id, string.IsNullOrWhiteSpace(WaitingAt) ? null : WaitingAt, PageNumber, PageSize);
        return Page();
    }

    public async Task<IActionResult> OnGetXmlAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        return await catalog.GetAsync(Key, Version) is { } definition ? Content(definition.Xml, "application/xml; charset=utf-8") : NotFound();
    }

    /// <summary>The viewer's state: no active path of one instance, only the heat of all of them.</summary>
    public async Task<IActionResult> OnGetStateAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        if (await catalog.GetAsync(Key, Version) is not { } definition) return NotFound();
        return new JsonResult(new { active = Array.Empty<string>(), completed = Array.Empty<string>(), heat = await catalog.WaitingAsync(definition.Id) });
    }

    public string Link(string? at, int page = 1) =>
        $"/designer/{Uri.EscapeDataString(Key)}/{Version}" + (at is null && page == 1 ? "" : "?" + string.Join("&",
            new[] { at is null ? null : $"at={Uri.EscapeDataString(at)}", page > 1 ? $"page={page}" : null }.OfType<string>()));
}
