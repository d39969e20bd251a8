using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Benchmarks;

/// <summary>
/// What the pages benchmark adds to the campaign's city: a user for every role at every level, and a year of
/// public notices (every subject's published pledge, and a rating notice for every organization).
/// </summary>
internal static partial class PagesCity
{
    /// <summary>A benchmark user: who they are, the organization their role is held at (null: everywhere), their token.</summary>
    public sealed record BenchUser(string Login, string Label, string Role, string? OrgId, string Token);

    public static IReadOnlyList<BenchUser> Users(BenchRoster roster)
    {
        var county = roster.Root;
        var town = roster.Organizations.First(o => o.ParentId == county.Id);
        var general = roster.Organizations.First(o => o.Kind == "general-branch" && o.ParentId == town.Id);
        var branch = roster.Organizations.First(o => o.Kind == "branch" && o.ParentId == general.Id);
        return
        [
            new("bench-admin", "administrator", Roles.Administrator, null, "bench-admin-token"),
            new("bench-county-dept", "county org-department", Roles.OrgDepartment, county.Id, "bench-county-dept-token"),
            new("bench-town-dept", "township org-department", Roles.OrgDepartment, town.Id, "bench-town-dept-token"),
            new("bench-county-discipline", "county discipline", Roles.Discipline, county.Id, "bench-county-discipline-token"),
            new("bench-county-sec", "county secretary", Roles.Secretary, county.Id, "bench-county-sec-token"),
            new("bench-town-sec", "township secretary", Roles.Secretary, town.Id, "bench-town-sec-token"),
            new("bench-general-sec", "general-branch secretary", Roles.Secretary, general.Id, "bench-general-sec-token"),
            new("bench-branch-sec", "branch secretary", Roles.Secretary, branch.Id, "bench-branch-sec-token"),
            new("bench-committee", "branch committee member", Roles.Committee, branch.Id, "bench-committee-token"),
        ];
    }

    public static async Task CreateUsersAsync(IServiceProvider services, IEnumerable<BenchUser> users)
    {
        var store = services.GetRequiredService<UserStore>();
        foreach (var u in users) await store.CreateAsync(u.Login, u.Label, u.Token, [new RoleGrant(u.Role, u.OrgId)]);
    }

    /// <summary>
    /// A year of the public board: each subject's pledge published once (420,000 rows in the city) and each
    /// organization's rating notice, closed, with the last month's still open for objections.
    /// </summary>
    public static Task SeedNoticesAsync(Database database, BenchRoster roster, string campaignId, DateTimeOffset yearStart) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var start = EpochTime.ToMs(yearStart);
            const long Day = 86_400_000L;
            var subjects = roster.Organizations.Select(o => (Kind: "organization", o.Id, o.Name, OrgId: o.Id))
                .Concat(roster.Members.Select(m => (Kind: "member", m.Id, Name: "党员" + m.Id[7..], m.OrgId))).ToList();
            var rows = subjects.Select((s, i) => new object?[]
            {
                $"pledge-{s.Id}", campaignId, "pledge", s.Kind, s.Id, s.Name, s.OrgId, 2027, "{}", start + i % 60 * Day, null, "published", 0, $"bench-{i}",
            }).Concat(roster.Organizations.Select((o, i) => new object?[]
            {
                $"rating-{o.Id}", campaignId, "rating", "organization", o.Id, o.Name, o.Id, 2027, "{}", start + (300 + i % 60) * Day,
                start + (307 + i % 60) * Day, i % 60 >= 30 ? "open" : "closed", 0, $"bench-r{i}",
            }));
            foreach (var chunk in rows.Chunk(20_000))
                await new SqlBatch().InsertRows("notices",
                    "id, campaign_id, kind, subject_kind, subject_id, subject_name, org_id, year, content, opens_at, closes_at, status, objection_count, instance_id",
                    chunk, r => r).ExecuteAsync(connection, transaction);
            return true;
        });

    /// <summary>A browser's session for a user: signed in on /login with the user's token (the form's other way in).</summary>
    public static async Task<HttpClient> SignInAsync(Uri address, BenchUser user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
        var form = await (await client.GetAsync("/login")).Content.ReadAsStringAsync();
        var antiforgery = AntiforgeryField().Match(form).Groups[1].Value;
        var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = user.Token,
            ["__RequestVerificationToken"] = antiforgery,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{user.Login} could not sign in: {(int)response.StatusCode}"));
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
