using Approval.Core.Campaigns;
using Approval.Core.Ledger;
using Approval.Core.Notices;
using Approval.Core.Orgs;
using Approval.Core.Ratings;
using Approval.Core.Schemes;

namespace Approval.Core.Records;

/// <summary>
/// 授牌: the certificate of one ratified result (a ledger row of the annual rating): who was rated (an organization or
/// a member, by the name the notice posted), the level or grade with the stars earned by name, the scheme and year,
/// the organization that ratified it and when.
/// </summary>
public sealed record RatingCertificate(
    long Id, string SubjectKind, string SubjectName, string? OrgName, int Year, int? Level, string? Grade, string SchemeName,
    IReadOnlyList<RatedStar> StarsEarned, string RatifiedBy, DateTimeOffset RatifiedAt, string? CampaignName, string NoticeId)
{
    /// <summary>The certificate's number: the year and the ledger row, e.g. 2027-000042.</summary>
    public string Number => $"{Year}-{Id:D6}";
}

public enum CertificateRefusal { None, NoSuchRating, NotRatified, NoLevel }

/// <summary>
/// Finds the certificate of a ledger row. Only a result ratified after its public notice (公示) has one: a demotion,
/// a re-check or a result without a level or grade is refused with the reason. Those results were posted on the public
/// notice board ("张榜公示", DOMAIN.md §6), so their certificate is as public as the notice.
/// </summary>
public sealed class RatingCertificates(RatingsLedger ledger, NoticeStore notices, OrgStore orgs, SchemeCatalog schemes, CampaignQueries campaigns)
{
    /// <summary>Why the ledger row has no certificate, or <see cref="CertificateRefusal.None"/> when it has one (the pages' 打印证书 links).</summary>
    public static CertificateRefusal Check(RatingEntry entry) =>
        entry.Source != "annual" || entry.NoticeId is null ? CertificateRefusal.NotRatified
        : entry.Level is not > 0 && entry.Grade is null ? CertificateRefusal.NoLevel
        : CertificateRefusal.None;

    public async Task<(RatingCertificate? Certificate, CertificateRefusal Refusal)> GetAsync(long id)
    {
        if (await ledger.GetAsync(id) is not { } entry) return (null, CertificateRefusal.NoSuchRating);
        if (Check(entry) is not CertificateRefusal.None and var refusal) return (null, refusal);
        if (await notices.GetAsync(entry.NoticeId!) is not { } notice) return (null, CertificateRefusal.NotRatified);
        var campaign = notice.CampaignId is null ? null : await campaigns.GetAsync(notice.CampaignId);
        // The last tier to approve ratified it (the owner's final approval where the scheme has one); else the campaign's owner.
        var ratifier = entry.Approvals.LastOrDefault()?.OrgId ?? campaign?.RootOrgId;
        var names = await orgs.NamesAsync([entry.OrgId, ratifier]);
        var scheme = await schemes.FindAsync(entry.SchemeKey, entry.SchemeVersion);
        return (new RatingCertificate(entry.Id, entry.SubjectKind, notice.SubjectName, names.GetValueOrDefault(entry.OrgId), entry.Year,
            entry.Level, entry.Grade, scheme?.Name ?? entry.SchemeKey, entry.Stars.Where(s => s.Awarded).ToList(),
            ratifier is null ? "" : names.GetValueOrDefault(ratifier, ratifier), entry.RecordedAt, campaign?.Name, notice.Id), CertificateRefusal.None);
    }
}
