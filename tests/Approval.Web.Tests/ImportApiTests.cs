using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;

namespace Approval.Web.Tests;

public sealed class ImportApiTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every /api answer these tests got is one the published OpenAPI document describes (issue 16 §3).</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private static MultipartFormDataContent File(string name, string content) =>
        new() { { new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "file", name } };

    private const string Tree = "code,name,kind,sector,parentCode\nCG,城关镇党委,党委,,\nCG-DJ,东街社区党支部,党支部,社区,CG\n";

    [Fact]
    public async Task Import_PreviewsThenCommits_AndExportGivesTheSameColumnsBack()
    {
        var admin = _factory.Admin();
        var preview = await admin.PostAsync("/api/orgs/import?what=organizations", File("tree.csv", Tree));
        Assert.Equal(2, (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("organizations").GetInt32());
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement>("/api/orgs")).EnumerateArray());

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/orgs/import?what=organizations&commit=true", File("tree.csv", Tree))).StatusCode);
        var roster = "orgCode,name,category,probationary,joinedOn\nCG-DJ,张建国,在职,否,2010-07-01\n";
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/orgs/import?what=members&commit=true", File("roster.csv", roster))).StatusCode);

        var town = (await admin.GetFromJsonAsync<JsonElement>("/api/orgs")).EnumerateArray().Single().GetProperty("id").GetString();
        var csv = await admin.GetStringAsync($"/api/members/export?orgId={town}&format=csv");
        Assert.Contains("orgCode,name,category,probationary,joinedOn,email", csv);
        Assert.Contains("CG-DJ,张建国,employed,否,2010-07-01", csv);
        var xlsx = await admin.GetAsync($"/api/orgs/export?orgId={town}");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ACommitWithBadRows_Answers400WithEveryRow_AndOnlyAdministratorsImport()
    {
        var admin = _factory.Admin();
        var bad = await admin.PostAsync("/api/orgs/import?what=organizations&commit=true", File("bad.csv", "code,name,kind\nA,,党委\nB,乙,俱乐部\n"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var rows = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("field").GetString(), e.GetProperty("code").GetString()));
        Assert.Equal([(2, "name", "required"), (3, "kind", "invalid-choice")], rows);
        var secretary = await _factory.UserAsync("sec", new RoleGrant(Roles.Secretary, null));
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.PostAsync("/api/orgs/import?what=organizations", File("tree.csv", Tree))).StatusCode);
    }
}
