using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Engine;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Approval.Web.Pages.Shared;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Schemes;

/// <summary>
/// The scheme editor (administrators), for a new scheme or the next version of one. A post either moves rows (a
/// row button: the form comes back, nothing saved) or saves: the form is read, validated as the catalog validates
/// every scheme, and stored as the next version only when nothing is wrong; otherwise every problem is shown
/// beside its field and in a summary, and nothing is stored.
/// </summary>
public abstract class SchemeFormModel(CurrentUser current, SchemeCatalog schemes) : AdminPage(current)
{
    [BindProperty] public string? Note { get; set; }

    /// <summary>The latest version when the form was first shown (0: a new scheme), so that a version saved meanwhile is not superseded unseen.</summary>
    [BindProperty] public int BaseVersion { get; set; }

    /// <summary>The version the form was filled from (0: none), shown above it.</summary>
    [BindProperty] public int FromVersion { get; set; }

    public SchemeDraft Draft { get; protected set; } = new();
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    public SchemeFormView Form => new(Draft, Problems, readOnly: false, keyFixed: FixedKey is not null);

    /// <summary>The key of the scheme being edited (from the address); null for a new scheme, whose key is typed.</summary>
    protected abstract string? FixedKey { get; }

    protected SchemeCatalog Schemes => schemes;

    protected async Task<IActionResult?> RefuseAsync() => await AdministratorAsync() is null ? Refuse() : null;

    protected async Task<IActionResult> SaveOrShowAsync()
    {
        var draft = new SchemeDraft();
        await TryUpdateModelAsync(draft, "");
        if (FixedKey is not null) draft.Key = FixedKey;
        Draft = draft;
        if (Request.Form["op"].FirstOrDefault() is { } op and not "save")
        {
            draft.Apply(op);
            return Page();
        }
        var (scheme, problems) = SchemeDraftReader.Read(draft);
        var found = problems.ToList();
        var unreadable = found.Select(p => p.Where).ToHashSet(StringComparer.Ordinal);
        // A value that could not be read is left out of the scheme; the validator's word on that field would only repeat it.
        found.AddRange(SchemeCatalog.Validate(scheme).Select(SchemeFormView.ToField).Where(p => !unreadable.Contains(p.Where)));
        if (found.Count == 0)
        {
            var saved = await schemes.SaveAsync(scheme, Me.Login, Note, BaseVersion);
            if (saved.Scheme is { } stored)
            {
                TempData["flash"] = saved.Created
                    ? T($"已保存为第{stored.Version}版。进行中的评星活动仍按其开始时的版本评定。", $"Saved as version {stored.Version}. Running campaigns keep the version they started with.")
                    : T($"与第{stored.Version}版内容相同，未保存新版本。", $"Nothing changed since version {stored.Version}; no version was saved.");
                return Redirect($"/schemes/{Uri.EscapeDataString(stored.Key)}?version={stored.Version}");
            }
            found.AddRange(saved.Problems.Select(SchemeFormView.ToField));
        }
        Problems = found;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
