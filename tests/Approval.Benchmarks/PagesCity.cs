using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Approval.Core.Infrastructure;
using System.Text.Json;
using Approval.Core.Forms;
using Approval.Core.Ledger;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Dapper;
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

    /// <summary>
    /// 已办 for the users who have work in this phase, through the forms as in the app: secretaries submit their
    /// organization's (and a branch's members') pledges, then organization departments approve the reviews those
    /// opened, up to <paramref name="perUser"/> each; the administrator does both. Users whose roles act on no task
    /// at this stage (the committee member, discipline, the county secretary: the root runs no cycle) have none.
    /// Skipped on a city that has them already.
    /// </summary>
    public static async Task<int> CompleteSomeTasksAsync(IServiceProvider services, IReadOnlyList<BenchUser> users, int perUser = 30)
    {
        var database = services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync())
            if (await connection.ExecuteScalarAsync<long>("select count(*) from tasks where status = 'completed' and completed_by like 'bench-%'") > 0) return 0;
        var completion = services.GetRequiredService<TaskCompletion>();
        var pledge = new Dictionary<string, JsonElement>
        {
            ["stars"] = JsonSerializer.SerializeToElement(new[] { "study" }),
            ["measures"] = JsonSerializer.SerializeToElement("围绕中心工作带头实干"),
            ["deeds"] = JsonSerializer.SerializeToElement(new[] { "办好一件民生实事" }),
        };
        var done = 0;
        foreach (var (element, submission) in new[] { ("pledge", new FormSubmission("submit", null, pledge)), ("pledge-review", new FormSubmission("approve", null, null)) })
            foreach (var user in users)
            {
                var appUser = new AppUser(user.Login, user.Login, user.Label, null, [new RoleGrant(user.Role, user.OrgId)]);
                List<string> ids;
                await using (var connection = await database.OpenAsync())
                {
                    var key = await ScopeKeyAsync(connection, user.OrgId);
                    ids = (await connection.QueryAsync<string>(
                        """
                        select t.id from tasks t join organizations o on o.id = t.org_id
                        where t.status = 'open' and t.element_id = @element and o.scope_key >= @key and o.scope_key < @end order by t.id limit 200
                        """, new { element, key, end = Approval.Core.Orgs.OrgDirectory.PathEnd(key) })).ToList();
                }
                var mine = 0;
                foreach (var id in ids)
                {
                    if (mine == perUser) break;
                    var result = await completion.CompleteAsync(appUser, id, submission);
                    if (result.Status == CompletionStatus.Completed) mine++;
                    else if (result.Status == CompletionStatus.Invalid)
                        throw new InvalidOperationException($"{element} {id}: {string.Join("; ", result.Problems.Select(p => $"{p.Where}: {p.Message}"))}");
                }
                done += mine;
            }
        return done;
    }

    /// <summary>The scope key of a user's organization ('/' for the administrator: every key starts with it).</summary>
    private static async Task<string> ScopeKeyAsync(System.Data.Common.DbConnection connection, string? orgId) => orgId is null ? "/"
        : await connection.QuerySingleAsync<string>("select scope_key from organizations where id = @orgId", new { orgId });

    /// <summary>The ledger of two earlier years (2025, 2026) for every organization and member: /api/ratings reads a history.</summary>
    public static async Task<int> SeedLedgerAsync(IServiceProvider services, BenchRoster roster)
    {
        var database = services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync())
            if (await connection.ExecuteScalarAsync<long>("select count(*) from ratings") > 0) return 0;
        var subjects = roster.Organizations.Skip(1).Select(o => (Kind: "organization", o.Id, OrgId: o.Id))
            .Concat(roster.Members.Select(m => (Kind: "member", m.Id, m.OrgId))).ToList();
        var ledger = services.GetRequiredService<RatingsLedger>();
        foreach (var year in new[] { 2025, 2026 })
            foreach (var chunk in subjects.Chunk(50_000))
                await ledger.AppendAsync(chunk.Select((s, i) => new RatingEntry(s.Kind, s.Id, s.OrgId, "double-ten", 1, year, 5 + (i + year) % 6,
                    true, false, null, "annual", [new TierApproval(s.OrgId, "bench", new DateTimeOffset(year, 12, 1, 0, 0, 0, TimeSpan.FromHours(8)), null)], null, "bench")).ToList());
        return subjects.Count * 2;
    }

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
