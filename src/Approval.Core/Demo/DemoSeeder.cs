using System.Diagnostics;
using System.Text.Json;
using Approval.Core.Campaigns;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Users;
using Approval.Engine;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Approval.Core.Demo;

/// <summary>
/// Fills an empty embedded database with <see cref="DemoCounty"/> (演示数据): the tree, the roster, the users, and
/// this year's campaign under way (<see cref="DemoCampaign"/>), so that a first start shows a working county.
/// </summary>
public sealed class DemoSeeder(IOptions<DemoOptions> options, Database database, OrgStore orgs, UserStore users, DemoCampaign campaign,
    TimeProvider clock, ILogger<DemoSeeder> logger)
{
    /// <summary>Who can sign in to the demo; the same on every demo database (README, login page).</summary>
    public static IReadOnlyList<DemoLogin> Logins => DemoCounty.Logins;

    /// <summary>Whether this database is the demo county: the demo option is on and its county account still has the demo password.</summary>
    public async Task<bool> InUseAsync() =>
        options.Value.Demo && database.IsSqlite && await users.FindByPasswordAsync(DemoCounty.Logins.First(l => l.Role != Roles.Administrator).Login, DemoCounty.Password) is not null;

    /// <summary>
    /// Whether every address the server listens on is a loopback one (127.x, ::1, localhost); none given means the
    /// default, 127.0.0.1:5000.
    /// </summary>
    public static bool OnLoopbackOnly(string? urls) =>
        string.IsNullOrWhiteSpace(urls) || urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).All(url =>
            Uri.TryCreate(url.Replace("://*", "://wildcard").Replace("://+", "://wildcard"), UriKind.Absolute, out var uri)
            && (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Seeds when <see cref="DemoOptions.Demo"/> is on, the database is SQLite (embedded mode: a server database is
    /// someone's real data) and it holds no organization yet, so a second start does nothing. True when it seeded.
    /// </summary>
    public async Task<bool> SeedAsync()
    {
        if (!options.Value.Demo || !database.IsSqlite) return false;
        if (!OnLoopbackOnly(options.Value.ListenUrls))
        {
            logger.LogWarning("Demo data not seeded: its accounts have known passwords and the server listens on {Urls}, not only on loopback", options.Value.ListenUrls);
            return false;
        }
        await using (var connection = await database.OpenAsync())
            if (await connection.ExecuteScalarAsync<long>("select count(*) from organizations") > 0) return false;

        var watch = Stopwatch.StartNew();
        var orgIds = await CreateTreeAsync();
        var accounts = await CreateUsersAsync(orgIds);
        var treeTime = watch.Elapsed;
        await campaign.StartAsync(orgIds, accounts);
        watch.Stop();

        var members = DemoCounty.Tree.SelfAndDescendants().Sum(o => o.Members.Count);
        logger.LogInformation("Demo data seeded in {Seconds:0.0} s ({TreeSeconds:0.0} s tree and users): {Orgs} organizations, {Members} members, {Users} users",
            watch.Elapsed.TotalSeconds, treeTime.TotalSeconds, orgIds.Count, members, Logins.Count);
        PrintLogins(watch.Elapsed, orgIds.Count, members);
        return true;
    }

    /// <summary>Creates the tree through the store (the same checks as the API); returns organization ids by name.</summary>
    private async Task<Dictionary<string, string>> CreateTreeAsync()
    {
        var ids = new Dictionary<string, string>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        async Task CreateAsync(DemoOrg org, string? parentId)
        {
            var (created, problems) = await orgs.CreateAsync(new NewOrganization(org.Name, org.Kind, org.Sector, parentId, org.Secretary, null, null));
            Accepted(problems, org.Name);
            ids[org.Name] = created!.Id;
            foreach (var member in org.Members)
                Accepted((await orgs.AddMemberAsync(new NewMember(created.Id, member.Name, member.Category, member.Probationary,
                    today.AddDays(-member.JoinedDaysAgo), null))).Problems, member.Name);
            foreach (var child in org.Children) await CreateAsync(child, created.Id);
        }
        await CreateAsync(DemoCounty.Tree, null);
        return ids;
    }

    /// <summary>
    /// Every demo user with the demo password and token; the bootstrap <c>admin</c> keeps its one-time password (an
    /// administrator never gets a known one). Hashing the passwords (PBKDF2) is most of the cost, so the users are
    /// created side by side; the writes still queue.
    /// </summary>
    private async Task<Dictionary<string, AppUser>> CreateUsersAsync(Dictionary<string, string> orgIds)
    {
        var created = await Task.WhenAll(Logins.Select(login => Task.Run(async () =>
        {
            if (login.Role != Roles.Administrator)
                return await users.CreateAsync(login.Login, login.DisplayName, login.Token!, [new RoleGrant(login.Role, orgIds[login.OrgName!])], password: login.Password);
            return await users.FindByLoginAsync(login.Login)
                ?? throw new InvalidOperationException($"The administrator '{login.Login}' must exist before the demo is seeded.");
        })));
        return created.ToDictionary(u => u.Login);
    }

    internal static void Accepted(IReadOnlyList<Problem> problems, string what)
    {
        if (problems.Count > 0)
            throw new InvalidOperationException($"Demo data '{what}' was refused: {string.Join("; ", problems.Select(p => $"{p.Where}: {p.Message}"))}");
    }

    // The console is where the administrator's token is printed too: someone starting the demo reads it there.
    private static void PrintLogins(TimeSpan elapsed, int organizations, int members)
    {
        Console.WriteLine($"Demo county seeded in {elapsed.TotalSeconds:0.0} s: {organizations} organizations, {members} members, {Logins.Count} users " +
                          "(it was asked for with --demo or Approval:Demo=true). Every password is " + DemoCounty.Password + ", every API token demo-<login> (admin keeps the one-time password and the token printed when it was created).");
        Console.WriteLine($"  {"login",-18} {"role",-16} organization / name");
        foreach (var login in Logins)
            Console.WriteLine($"  {login.Login,-18} {login.Role,-16} {login.OrgName ?? "-"} / {login.DisplayName}");
    }

    internal static Dictionary<string, JsonElement> Values(object values) =>
        JsonSerializer.SerializeToElement(values).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
