using Approval.Core.Campaigns;
using Approval.Core.Schemes;
using Approval.Web.Auth;
using Approval.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Approval.Web.Pages.Schemes;

/// <summary>One scheme: its versions (who saved each, why, which campaigns run on it) and a version shown read-only.</summary>
public sealed class SchemeModel(CurrentUser current, SchemeCatalog schemes, SchemeStore store, CampaignQueries campaigns) : AdminPage(current)
{
    public RatingScheme Scheme { get; private set; } = null!;
    public int Latest { get; private set; }
    public IReadOnlyList<SchemeVersionInfo> Versions { get; private set; } = [];
    public ILookup<int, CampaignSummary> CampaignsByVersion { get; private set; } = Array.Empty<CampaignSummary>().ToLookup(c => c.SchemeVersion);
    public SchemeFormView Form => new(SchemeDraft.From(Scheme), [], readOnly: true, keyFixed: true);
    public string Document => SchemeStore.Document(Scheme);

    public async Task<IActionResult> OnGetAsync(string key, int? version)
    {
        if (await AdministratorAsync() is null) return Refuse();
        await schemes.RefreshAsync();
        if (schemes.Find(key) is not { } latest || schemes.Find(key, version) is not { } shown) return NotFound();
        (Scheme, Latest) = (shown, latest.Version);
        Versions = await store.VersionsAsync(key);
        CampaignsByVersion = (await campaigns.ListAsync()).Where(c => c.SchemeKey == key).ToLookup(c => c.SchemeVersion);
        return Page();
    }
}
