using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Approval.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>Organizations, members and users over HTTP, with role and subtree scope.</summary>
public abstract class OrgsApiTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<string> OrgAsync(HttpClient client, string name, string kind, string? parentId = null, string? sector = null)
    {
        var response = await client.PostAsJsonAsync("/api/orgs", new { name, kind, parentId, sector });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task OrganizationDepartments_BuildTheTreeBelowThem_Only()
    {
        var admin = _factory.Admin();
        var county = await OrgAsync(admin, "某县委", "committee");
        var town = await OrgAsync(admin, "城关镇党委", "committee", county);
        var other = await OrgAsync(admin, "河口镇党委", "committee", county);
        var department = await _factory.UserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, town));

        Assert.Equal(HttpStatusCode.Forbidden, (await department.PostAsJsonAsync("/api/orgs", new { name = "另一个县委", kind = "committee" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await department.PostAsJsonAsync("/api/orgs", new { name = "河口村党支部", kind = "branch", parentId = other })).StatusCode);
        await OrgAsync(department, "东街社区党支部", "branch", town, "community");
        var children = (await Json(await department.GetAsync($"/api/orgs?parentId={town}"))).EnumerateArray().ToList();
        Assert.Equal("东街社区党支部", Assert.Single(children).GetProperty("name").GetString());
        Assert.Equal(2, children[0].GetProperty("depth").GetInt32());
    }

    [Fact]
    public async Task InvalidOrganization_Answers400WithEveryField()
    {
        var response = await _factory.Admin().PostAsJsonAsync("/api/orgs", new { name = "", kind = "club", sector = "urban", contactEmail = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("field").GetString(), e.GetProperty("code").GetString())).ToList();
        Assert.Equal([("contactEmail", "invalid-format"), ("kind", "invalid-choice"), ("name", "required"), ("sector", "invalid-choice")], errors.OrderBy(e => e.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rosters_AreKeptAndReadWithinScope()
    {
        var admin = _factory.Admin();
        var town = await OrgAsync(admin, "城关镇党委", "committee");
        var east = await OrgAsync(admin, "东街社区党支部", "branch", town, "community");
        var west = await OrgAsync(admin, "西街社区党支部", "branch", town, "community");
        var secretary = await _factory.UserAsync("east-sec", new RoleGrant(Roles.Secretary, east));
        var townDept = await _factory.UserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, town));

        var added = await secretary.PostAsJsonAsync("/api/members", new { orgId = east, name = "李秀英", category = "employed", joinedOn = "2015-07-01" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.PostAsJsonAsync("/api/members", new { orgId = west, name = "王强", category = "employed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.GetAsync($"/api/members?orgId={west}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync($"/api/members?orgId={east}")).StatusCode);
        var roster = (await Json(await townDept.GetAsync($"/api/members?orgId={east}"))).EnumerateArray();
        Assert.Equal("李秀英", Assert.Single(roster).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Ratings_AreReadWithinScope()
    {
        var admin = _factory.Admin();
        var town = await OrgAsync(admin, "城关镇党委", "committee");
        var east = await OrgAsync(admin, "东街社区党支部", "branch", town, "community");
        var west = await OrgAsync(admin, "西街社区党支部", "branch", town, "community");
        var ledger = _factory.Services.GetRequiredService<Approval.Core.Ledger.RatingsLedger>();
        await ledger.AppendAsync([new("organization", east, east, "five-star-service", 1, 2026, 4, true, false, 85, "annual", [], null, "admin")]);
        var eastSecretary = await _factory.UserAsync("east-sec", new RoleGrant(Roles.Secretary, east));

        var own = await eastSecretary.GetFromJsonAsync<JsonElement>($"/api/ratings?orgId={east}");
        Assert.Equal(4, Assert.Single(own.EnumerateArray()).GetProperty("current").GetProperty("level").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await eastSecretary.GetAsync($"/api/ratings?orgId={west}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync($"/api/ratings?orgId={east}")).StatusCode);
    }

    [Fact]
    public async Task Votes_AreCalledCastAndReadWithinScope()
    {
        var admin = _factory.Admin();
        var town = await OrgAsync(admin, "城关镇党委", "committee");
        var east = await OrgAsync(admin, "东街社区党支部", "branch", town, "community");
        var west = await OrgAsync(admin, "西街社区党支部", "branch", town, "community");
        var eastSecretary = await _factory.UserAsync("east-sec", new RoleGrant(Roles.Secretary, east));
        var westSecretary = await _factory.UserAsync("west-sec", new RoleGrant(Roles.Secretary, west));
        var voters = new[] { await _factory.UserAsync("voter-1"), await _factory.UserAsync("voter-2") };
        foreach (var login in new[] { "voter-1", "voter-2" })
            Assert.Equal(HttpStatusCode.Created, (await eastSecretary.PostAsJsonAsync("/api/members", new { orgId = east, name = login, category = "employed", login })).StatusCode);

        var created = await eastSecretary.PostAsJsonAsync("/api/votes", new
        {
            subjectKind = "organization", subjectId = east, orgId = east, schemeKey = "double-ten", year = 2026,
            mode = "secret", stars = new[] { "study" }, voters = new[] { "voter-1", "voter-2" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await Json(created)).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Forbidden, (await westSecretary.PostAsJsonAsync("/api/votes", new { orgId = east })).StatusCode);

        foreach (var voter in voters)
            Assert.Equal(HttpStatusCode.Accepted, (await voter.PostAsJsonAsync($"/api/votes/{id}/ballots", new { choices = new { study = "approve" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await voters[0].PostAsJsonAsync($"/api/votes/{id}/ballots", new { choices = new { study = "approve" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await westSecretary.PostAsJsonAsync($"/api/votes/{id}/ballots", new { choices = new { study = "approve" } })).StatusCode);

        var open = await Json(await eastSecretary.GetAsync($"/api/votes/{id}"));
        Assert.Equal("hidden-until-closed", open.GetProperty("tally").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await westSecretary.PostAsync($"/api/votes/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await voters[0].PostAsync($"/api/votes/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await eastSecretary.PostAsync($"/api/votes/{id}/close", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await eastSecretary.PostAsync($"/api/votes/{id}/close", null)).StatusCode);

        var tally = await Json(await eastSecretary.GetAsync($"/api/votes/{id}"));
        Assert.Equal("closed", tally.GetProperty("session").GetProperty("status").GetString());
        Assert.Equal(2, tally.GetProperty("tally").GetProperty("stars").GetProperty("study").GetProperty("approve").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, (await westSecretary.GetAsync($"/api/votes/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _factory.CreateClient().GetAsync($"/api/votes/{id}")).StatusCode);
    }

    [Fact]
    public async Task Votes_WithAStarNamedTwice_AreA400NamingStars_NotA500()
    {
        var admin = _factory.Admin();
        var east = await OrgAsync(admin, "东街社区党支部", "branch", sector: "community");
        var response = await admin.PostAsJsonAsync("/api/votes", new
        {
            subjectKind = "organization", subjectId = east, orgId = east, schemeKey = "double-ten", year = 2026,
            mode = "show-of-hands", stars = new[] { "study", "study" }, eligible = 10,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = Assert.Single((await Json(response)).GetProperty("errors").EnumerateArray());
        Assert.Equal("stars", error.GetProperty("field").GetString());
    }

    [Fact]
    public async Task VoteTellers_AreTwoSignedInPeople_WhoSeeNeitherCountBeforeTheyAgree()
    {
        var admin = _factory.Admin();
        var east = await OrgAsync(admin, "东街社区党支部", "branch", sector: "community");
        var first = await _factory.UserAsync("teller-1", new RoleGrant(Roles.Committee, east));
        var second = await _factory.UserAsync("teller-2", new RoleGrant(Roles.Committee, east));
        var created = await admin.PostAsJsonAsync("/api/votes", new
        {
            subjectKind = "organization", subjectId = east, orgId = east, schemeKey = "double-ten", year = 2026,
            mode = "show-of-hands", stars = new[] { "study" }, eligible = 10,
        });
        var id = (await Json(created)).GetProperty("id").GetString();
        object Counts(int approve) => new { counts = new { study = new { eligible = 10, approve, disapprove = 10 - approve, abstain = 0 } } };

        var alone = await Json(await first.PostAsJsonAsync($"/api/votes/{id}/counts", Counts(9)));
        Assert.Equal("awaiting-second-teller", alone.GetProperty("status").GetString());
        // The same person entering again is still one teller.
        Assert.Equal("awaiting-second-teller", (await Json(await first.PostAsJsonAsync($"/api/votes/{id}/counts", Counts(9)))).GetProperty("status").GetString());

        var disputed = await second.PostAsJsonAsync($"/api/votes/{id}/counts", Counts(8));
        var body = await disputed.Content.ReadAsStringAsync();
        Assert.Equal("disputed", (await Json(disputed)).GetProperty("status").GetString());
        Assert.DoesNotContain("\"approve\":9", body); // the first teller's number is not shown to the second
        var read = await admin.GetStringAsync($"/api/votes/{id}");
        Assert.DoesNotContain("\"approve\":9", read);
        Assert.DoesNotContain("\"approve\":8", read);

        var agreed = await Json(await second.PostAsJsonAsync($"/api/votes/{id}/counts", Counts(9)));
        Assert.Equal("final", agreed.GetProperty("status").GetString());
        Assert.Equal(9, agreed.GetProperty("stars").GetProperty("study").GetProperty("approve").GetInt32());
    }

    [Fact]
    public async Task Users_AreCreatedByAdministrators_WithATokenThatWorks()
    {
        var admin = _factory.Admin();
        var branch = await OrgAsync(admin, "东街社区党支部", "branch", sector: "community");
        var created = await admin.PostAsJsonAsync("/api/users", new { login = "east-sec", name = "赵书记", email = "zhao@example.cn", roles = new[] { new { role = "secretary", orgId = branch } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = (await Json(created)).GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await _factory.Client(token).GetAsync("/api/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _factory.Client(token).PostAsJsonAsync("/api/users", new { login = "x", name = "x" })).StatusCode);

        var again = await admin.PostAsJsonAsync("/api/users", new { login = "east-sec", name = "", roles = new[] { new { role = "king", orgId = (string?)null } } });
        var fields = (await Json(again)).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString());
        Assert.Equal(["login", "name", "roles[0].role"], fields.Order());
    }

    [Fact]
    public async Task AnUpperDepartment_SeesTheTasksOfEveryBranchBelowIt()
    {
        var admin = _factory.Admin();
        var town = await OrgAsync(admin, "城关镇党委", "committee");
        var east = await OrgAsync(admin, "东街社区党支部", "branch", town, "community");
        var xml = TestProcesses.Pledge.Replace("camunda:candidateGroups=\"secretary\"", "camunda:candidateGroups=\"org-department\"");
        await admin.PostAsync("/api/definitions", new StringContent(xml, Encoding.UTF8, "application/xml"));
        await admin.PostAsJsonAsync("/api/instances", new { definitionKey = "pledgeCycle", variables = new { orgId = east } });
        var townDept = await _factory.UserAsync("town-dept", new RoleGrant(Roles.OrgDepartment, town));
        var otherDept = await _factory.UserAsync("other-dept", new RoleGrant(Roles.OrgDepartment, await OrgAsync(admin, "河口镇党委", "committee")));
        Assert.Single((await Json(await townDept.GetAsync("/api/tasks"))).EnumerateArray());
        Assert.Empty((await Json(await otherDept.GetAsync("/api/tasks"))).EnumerateArray());
    }
}

public sealed class SqliteOrgsApiTests() : OrgsApiTests(DatabaseProvider.Sqlite);

public sealed class PostgresOrgsApiTests() : OrgsApiTests(DatabaseProvider.Postgres);
