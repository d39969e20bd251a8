using Approval.Core.Designer;
using Approval.Core.Limits;
using Approval.Core.Forms;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Approval.Web.Limits;
using Approval.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Designer;

/// <summary>
/// The bpmn-js modeler (wwwroot/lib/designer.js) on a deployed version, or on a new process. The script loads the
/// XML and the dropdown options from here, asks for validation while the administrator edits (every problem comes
/// back with its element id), and deploys through <see cref="OnPostDeployAsync"/>, which refuses a model with problems.
/// </summary>
public sealed class EditModel(CurrentUser current, WorkflowCatalog catalog, WorkflowRuntime runtime, FormCatalog forms, LimitsOptions limits)
    : AdminPage(current)
{
    [FromQuery(Name = "key")] public string? Key { get; set; }
    [FromQuery(Name = "version")] public int? Version { get; set; }
    public DefinitionRecord? Definition { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        if (Key is not null)
        {
            Definition = await catalog.GetAsync(Key, Version);
            if (Definition is null) return NotFound();
        }
        return Page();
    }

    /// <summary>The XML of the version being edited (the script lays out a diagram that has no DI).</summary>
    public async Task<IActionResult> OnGetXmlAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        var definition = Key is null ? null : await catalog.GetAsync(Key, Version);
        return definition is null ? NotFound() : Content(definition.Xml, "application/xml; charset=utf-8");
    }

    public async Task<IActionResult> OnGetOptionsAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        var processes = (await catalog.ListAsync()).Select(p => p.Key);
        return new JsonResult(DesignerOptions.Build(runtime, forms, processes));
    }

    /// <summary>Every problem of the document, each on its element; nothing is stored.</summary>
    public async Task<IActionResult> OnPostValidateAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        var (xml, undecodable) = await Request.ReadBpmnAsync(limits);
        var problems = undecodable is null ? runtime.Validate(xml!).Problems : [undecodable];
        return new JsonResult(new { problems = Api.Problems.BpmnErrors(problems) });
    }

    /// <summary>Deploys the document as a new version; a document with problems is refused (400) with the same list.</summary>
    public async Task<IActionResult> OnPostDeployAsync()
    {
        if (await AdministratorAsync() is null) return Refuse();
        var (xml, undecodable) = await Request.ReadBpmnAsync(limits);
        var result = undecodable is null ? await runtime.DeployAsync(xml!, Me.Login) : new DeployResult([], [undecodable]);
        if (!result.Succeeded)
            return new ObjectResult(Api.Problems.BpmnDetails(result.Problems)) { StatusCode = 400, ContentTypes = { "application/problem+json" } };
        var main = result.Deployed[0];
        return new JsonResult(new { main.Key, main.Version, main.Id, created = main.IsNew, url = $"/designer/{Uri.EscapeDataString(main.Key)}" })
            { StatusCode = main.IsNew ? 201 : 200 };
    }
}
