using System.Diagnostics;
using System.Net.Http.Headers;
using Approval.Core.Users;
using static Approval.Benchmarks.PagesBenchmark;
using static Approval.Benchmarks.PagesCity;

namespace Approval.Benchmarks;

/// <summary>The pages and calls the pages benchmark times, per user: the list (inbox open and done, each filter, first and a deep page; organization, ratings, statistics, the notice board).</summary>
internal static class PagesCases
{
    private static readonly Dictionary<string, HttpClient> ApiClients = [];

    public static HttpClient Api(Uri address, BenchUser user)
    {
        lock (ApiClients)
        {
            if (ApiClients.TryGetValue(user.Login, out var client)) return client;
            client = new HttpClient { BaseAddress = address };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            return ApiClients[user.Login] = client;
        }
    }

    public static async Task<IReadOnlyList<Case>> AllAsync(Uri address, IReadOnlyList<BenchUser> users, BenchRoster roster, string campaignId)
    {
        // A position 10,000 rows into the administrator's inbox: the keyset pages start there for everyone.
        var admin = users.Single(u => u.Role == Roles.Administrator);
        var deep = await Api(address, admin).GetAsync("/api/tasks?status=open&pageSize=20&page=500");
        var after = Uri.EscapeDataString(deep.Headers.GetValues("X-Next-After").Single());
        var cases = new List<Case>();
        foreach (var u in users)
        {
            var org = u.OrgId ?? roster.Root.Id;
            cases.Add(new("api inbox open", u, "/api/tasks?status=open&pageSize=20", true));
            cases.Add(new("api inbox open, page 50", u, "/api/tasks?status=open&pageSize=20&page=50", true));
            cases.Add(new("api inbox open, after row 10,000", u, $"/api/tasks?status=open&pageSize=20&after={after}", true));
            cases.Add(new("api inbox open, organization", u, $"/api/tasks?status=open&pageSize=20&orgId={org}", true));
            cases.Add(new("api inbox open, candidate group", u, $"/api/tasks?status=open&pageSize=20&candidateGroup={Roles.Secretary}", true));
            cases.Add(new("api inbox done", u, "/api/tasks?status=completed&pageSize=20", true));
            cases.Add(new("/inbox", u, "/inbox", false));
            cases.Add(new("/inbox campaign+step", u, $"/inbox?campaign={campaignId}&step=pledge", false));
            cases.Add(new("/inbox organization", u, $"/inbox?org={org}", false));
            cases.Add(new("/inbox overdue", u, "/inbox?overdue=true", false));
            cases.Add(new("/inbox latest first", u, "/inbox?sort=due-desc", false));
            cases.Add(new("/inbox page 50", u, "/inbox?p=50", false));
            cases.Add(new("/inbox after row 10,000", u, $"/inbox?p=501&after={after}", false));
            cases.Add(new("/inbox done", u, "/inbox?tab=done", false));
            cases.Add(new("/orgs/{id}", u, $"/orgs/{org}", false));
            cases.Add(new("api ratings", u, $"/api/ratings?orgId={org}", true));
            // The statistics of a campaign are its owner's department's (and the administrators'): the county's here.
            if (u.Role is Roles.Administrator || (u.Role == Roles.OrgDepartment && u.OrgId == roster.Root.Id)) cases.Add(new("/stats", u, $"/stats?campaign={campaignId}", false));
        }
        cases.Add(new("/notices", null, "/notices", false));
        cases.Add(new("/notices past", null, "/notices?past=true", false));
        cases.Add(new("/notices past, page 50", null, "/notices?past=true&p=50", false));
        return cases;
    }

    /// <summary>One request, its body read to the end, in milliseconds; anything but 200 stops the benchmark.</summary>
    public static async Task<double> TimeAsync(HttpClient client, string path)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(path);
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = watch.Elapsed.TotalMilliseconds;
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: HTTP {(int)response.StatusCode}");
        return elapsed;
    }
}
