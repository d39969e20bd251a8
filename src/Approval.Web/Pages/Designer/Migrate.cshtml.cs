using Approval.Core.Designer;
using Approval.Engine;
using Approval.Engine.Migration;
using Approval.Engine.Model;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Approval.Web.Pages.Tasks;
using Microsoft.AspNetCore.Mvc;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Designer;

/// <summary>
/// Moving running instances of one version to another: map the elements that have no same-id counterpart, try it
/// (a dry run lists which instances can move and why the others cannot), then migrate the chosen ones.
/// </summary>
public sealed class MigrateModel(CurrentUser current, WorkflowCatalog catalog, InstanceMigrations migrations) : AdminPage(current)
{
    /// <summary>The dry run lists this many instances with a checkbox; beyond that, "all that can move" is the choice.</summary>
    public const int ListLimit = 500;

    [FromRoute] public string Key { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int From { get; set; }
    [BindProperty(SupportsGet = true)] public int To { get; set; }
    /// <summary>Only instances with a token at this element (e.g. everyone at the monthly report).</summary>
    [BindProperty(SupportsGet = true)] public string? At { get; set; }
    [BindProperty] public Dictionary<string, string> Map { get; set; } = new(StringComparer.Ordinal);
    [BindProperty] public List<string> Selected { get; set; } = [];
    [BindProperty] public bool All { get; set; }

    public ProcessSummary Process { get; private set; } = null!;
    public DefinitionRecord Source { get; private set; } = null!;
    public DefinitionRecord Target { get; private set; } = null!;
    public ProcessOutline SourceOutline { get; private set; } = null!;
    public ProcessOutline TargetOutline { get; private set; } = null!;
    public IReadOnlyDictionary<string, int> Waiting { get; private set; } = new Dictionary<string, int>();
    /// <summary>Source elements to map: where instances wait, and waiting places the new version lacks.</summary>
    public IReadOnlyList<(string Id, string? SameId)> Rows { get; private set; } = [];
    public IReadOnlyList<(string Id, string Name)> TargetElements { get; private set; } = [];
    public MigrationReport? Report { get; private set; }
    public IReadOnlyDictionary<string, string> Labels { get; private set; } = new Dictionary<string, string>();
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        return await LoadAsync() ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDryRunAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        if (!await LoadAsync()) return NotFound();
        Report = await migrations.DryRunAsync(await RequestAsync(null));
        Labels = await catalog.LabelsAsync(Report.Instances.Take(ListLimit).Select(i => i.InstanceId).ToList());
        Selected = Report.Instances.Where(i => i.CanMove).Take(ListLimit).Select(i => i.InstanceId).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostMigrateAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        if (!await LoadAsync()) return NotFound();
        if (!All && Selected.Count == 0)
        {
            Message = T("请先试运行并选择要迁移的实例。", "Run the dry run and choose the instances to move first.");
            return Page();
        }
        var report = await migrations.MigrateAsync(await RequestAsync(All ? null : Selected), Me.Login);
        if (report.PlanProblems.Count > 0)
        {
            Report = report;
            return Page();
        }
        TempData["flash"] = T($"已将 {report.Migrated} 个实例迁移到 v{To}" + (report.Instances.Count > report.Migrated ? $"，{report.Instances.Count - report.Migrated} 个未能迁移。" : "。"),
            $"Moved {report.Migrated} instance(s) to v{To}" + (report.Instances.Count > report.Migrated ? $"; {report.Instances.Count - report.Migrated} could not move." : "."));
        return Redirect($"/designer/{Uri.EscapeDataString(Key)}");
    }

    private async Task<MigrationRequest> RequestAsync(IReadOnlyCollection<string>? chosen)
    {
        IReadOnlyCollection<string>? ids = chosen;
        if (ids is null && !string.IsNullOrWhiteSpace(At)) ids = await catalog.WaitingAtAsync(Source.Id, At);
        // Only what differs from "same id" is the administrator's mapping (and is what the audit keeps).
        var mapping = Map.Select(m => (Source: m.Key, Target: m.Value ?? "")).Where(m => m.Target != (TargetOutlineHas(m.Source) ? m.Source : ""))
            .ToDictionary(m => m.Source, m => m.Target, StringComparer.Ordinal);
        return new MigrationRequest(Source.Id, Target.Id, mapping, ids);
    }

    private bool TargetOutlineHas(string id) => TargetElements.Any(e => e.Id == id);

    private async Task<bool> LoadAsync()
    {
        if (await catalog.FindAsync(Key) is not { } process) return false;
        Process = process;
        if (To == 0) To = process.Latest.Version;
        if (From == 0) From = process.Versions.FirstOrDefault(v => v.Running > 0 && v.Version != To)?.Version ?? Math.Max(1, To - 1);
        if (await catalog.GetAsync(Key, From) is not { } source || await catalog.GetAsync(Key, To) is not { } target) return false;
        (Source, Target) = (source, target);
        (SourceOutline, TargetOutline) = (new ProcessOutline(source.Xml), new ProcessOutline(target.Xml));
        Waiting = await catalog.WaitingAsync(source.Id);
        var sourceNodes = Nodes(await catalog.ParsedAsync(source.Id));
        var targetNodes = Nodes(await catalog.ParsedAsync(target.Id));
        TargetElements = targetNodes.Select(n => (n.Id, n.DisplayName)).ToList();
        var targetIds = targetNodes.Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        Rows = sourceNodes.Where(n => Waiting.ContainsKey(n.Id) || (n.Behavior.CanHoldToken && !targetIds.Contains(n.Id)))
            .Select(n => (n.Id, targetIds.Contains(n.Id) ? n.Id : null)).ToList();
        return true;
    }

    public string Chosen(string sourceId, string? sameId) => Map.TryGetValue(sourceId, out var chosen) ? chosen ?? "" : sameId ?? "";

    /// <summary>A migration problem on the page: in Chinese the code's meaning on its element; in English the engine's message.</summary>
    public static string Explain(Problem problem) =>
        Ui.English || Localization.ProblemTexts.For(problem.Code) is not { } text ? problem.Message
            : problem.Where is null ? text + "。" : $"“{problem.Where}”：{text}。";

    private static IReadOnlyList<FlowNode> Nodes(ProcessDefinition definition) => definition.AllNodes.OrderBy(n => n.Line).ToList();
}
