using Approval.Core.Schemes;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Schemes;

/// <summary>新建评星方案: an empty form, or a copy of a scheme's latest version (<c>?from=key</c>) under a new key; saved as version 1.</summary>
public sealed class NewModel(CurrentUser current, SchemeCatalog schemes) : SchemeFormModel(current, schemes)
{
    protected override string? FixedKey => null;

    public IReadOnlyList<RatingScheme> Copyable => Schemes.All;

    public async Task<IActionResult> OnGetAsync(string? from)
    {
        if (await RefuseAsync() is { } refused) return refused;
        if (from is not null && Schemes.Find(from) is { } source)
        {
            Draft = SchemeDraft.From(source);
            Draft.Key = null;
            FromVersion = source.Version;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await RefuseAsync() is { } refused) return refused;
        BaseVersion = 0;
        return await SaveOrShowAsync();
    }
}
