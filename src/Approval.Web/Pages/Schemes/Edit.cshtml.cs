using Approval.Core.Schemes;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Schemes;

/// <summary>修改评星方案: the form starts from the latest version (or <c>?from=</c> an older one) and saves the next.</summary>
public sealed class EditModel(CurrentUser current, SchemeCatalog schemes) : SchemeFormModel(current, schemes)
{
    protected override string? FixedKey => RouteData.Values["key"] as string;

    public async Task<IActionResult> OnGetAsync(string key, int? from)
    {
        if (await RefuseAsync() is { } refused) return refused;
        await Schemes.RefreshAsync();
        if (Schemes.Find(key) is not { } latest || Schemes.Find(key, from ?? latest.Version) is not { } source) return NotFound();
        Draft = SchemeDraft.From(source);
        BaseVersion = latest.Version;
        FromVersion = source.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string key)
    {
        if (await RefuseAsync() is { } refused) return refused;
        if (Schemes.Find(key) is null) return NotFound();
        return await SaveOrShowAsync();
    }
}
