using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Tests.Attachments;
using Approval.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Bpmn = Approval.Testing.Bpmn;

namespace Approval.Web.Tests;

/// <summary>
/// Comments with attachments over HTTP (issue 17): files checked by extension and content, size, count and the
/// scan hook, each refusal a 400 with its field code and nothing kept; downloads as attachments under their own
/// (Chinese) name with nosniff; everything only within the instance's scope.
/// </summary>
public sealed class CommentsApiTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite, settings: new Dictionary<string, string>
    {
        ["Approval:Attachments:MaxFileBytes"] = "4096",
        ["Approval:Attachments:MaxFiles"] = "2",
        ["Approval:Attachments:ScanCommand"] = TestFiles.ScannerScript(Directory.CreateTempSubdirectory("approval-scan-").FullName),
    });

    private static readonly byte[] Pdf = TestFiles.Pdf;

    private static readonly string Review = Bpmn.Process("commentReview", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:userTask id="review" name="审核" camunda:candidateGroups="{Roles.Secretary}" ap:org="${"{orgId}"}"/>
        <bpmn:endEvent id="end"/>
        {Bpmn.Chain("f", "start", "review", "end")}
        """);

    private HttpClient _secretary = null!, _town = null!, _outsider = null!;
    private string _instance = "";

    public async Task InitializeAsync()
    {
        var admin = _factory.Admin();
        async Task<string> Org(string name, string kind, string? parentId) =>
            (await (await admin.PostAsJsonAsync("/api/orgs", new { name, kind, parentId, sector = kind == "branch" ? "rural" : null })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var county = await Org("青山县委", "committee", null);
        var town = await Org("城关镇党委", "committee", county);
        var branch = await Org("东街村党支部", "branch", town);
        var other = await Org("河口村党支部", "branch", await Org("柳林镇党委", "committee", county));
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/definitions", new StringContent(Review, Encoding.UTF8, "application/xml"))).StatusCode);
        async Task<string> Start(string orgId) => (await (await admin.PostAsJsonAsync("/api/instances", new { definitionKey = "commentReview", variables = new { orgId } }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        _instance = await Start(branch);
        await Start(other);
        _secretary = await Person("cm-sec", "张建国", new RoleGrant(Roles.Secretary, branch));
        _town = await Person("cm-town", "王组织", new RoleGrant(Roles.OrgDepartment, town));
        _outsider = await Person("cm-out", "李支书", new RoleGrant(Roles.Secretary, other));
    }

    private async Task<HttpClient> Person(string login, string name, RoleGrant grant)
    {
        var token = UserStore.NewToken();
        await _factory.Services.GetRequiredService<UserStore>().CreateAsync(login, name, token, [grant], $"{login}@example.org");
        return _factory.Client(token);
    }

    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string instance, string body, params (string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent { { new StringContent(body), "body" } };
        foreach (var (name, bytes) in files) form.Add(new ByteArrayContent(bytes), "files", name);
        return client.PostAsync($"/api/instances/{instance}/comments", form);
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0];
    }

    private IReadOnlyList<string> StoredFiles() => Directory.Exists(Path.Combine(_factory.DataDir, "attachments"))
        ? Directory.GetFiles(Path.Combine(_factory.DataDir, "attachments"), "*", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task AComment_WithAFileAndAMention_IsReadAndDownloadedInScopeOnly()
    {
        var posted = await PostAsync(_secretary, _instance, "请@王组织 审阅", ("承诺书 2027.pdf", Pdf));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var comment = await posted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("张建国", "cm-town"), (comment.GetProperty("authorName").GetString(), comment.GetProperty("mentions")[0].GetString()));
        var url = comment.GetProperty("attachments")[0].GetProperty("url").GetString()!;

        var list = await _town.GetFromJsonAsync<JsonElement>($"/api/instances/{_instance}/comments");
        Assert.Equal("请@王组织 审阅", list[0].GetProperty("body").GetString());
        var download = await _town.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("承诺书 2027.pdf", download.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Contains("filename*=UTF-8''%E6%89%BF%E8%AF%BA%E4%B9%A6%202027.pdf", download.Content.Headers.GetValues("Content-Disposition").Single());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());

        Assert.Equal(HttpStatusCode.Forbidden, (await _outsider.GetAsync($"/api/instances/{_instance}/comments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _outsider.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(_outsider, _instance, "看看")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _town.GetAsync("/api/attachments/no-such-file")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _town.GetAsync("/api/instances/no-such-instance/comments")).StatusCode);
    }

    [Fact]
    public async Task BadFiles_AreRefusedWithTheirCodes_AndNothingIsKept()
    {
        var cases = new (string Name, byte[] Bytes, string Code)[]
        {
            ("setup.exe", [0x4D, 0x5A, 0x90, 0], "file-type"),
            ("扫描件.pdf", TestFiles.Png, "file-type"),
            ("说明.txt", [0x4D, 0x5A, 0, 0], "file-type"),
            ("big.pdf", [.. Pdf, .. new byte[4096]], "file-too-large"),
            ("eicar.txt", TestFiles.Text(TestFiles.Eicar), "file-refused"),
        };
        foreach (var (name, bytes, code) in cases)
        {
            var error = await ErrorAsync(await PostAsync(_secretary, _instance, "附件", ("good.pdf", Pdf), (name, bytes)));
            Assert.Equal((code, "files"), (error.GetProperty("code").GetString(), error.GetProperty("field").GetString()));
            Assert.Contains(name, error.GetProperty("message").GetString());
        }
        var tooMany = await ErrorAsync(await PostAsync(_secretary, _instance, "附件", ("1.pdf", Pdf), ("2.pdf", Pdf), ("3.pdf", Pdf)));
        Assert.Equal("too-many", tooMany.GetProperty("code").GetString());
        var outsider = await ErrorAsync(await PostAsync(_secretary, _instance, "@李支书 也看看", ("a.pdf", Pdf)));
        Assert.Equal(("not-permitted", "body"), (outsider.GetProperty("code").GetString(), outsider.GetProperty("field").GetString()));

        Assert.Equal(0, (await _secretary.GetFromJsonAsync<JsonElement>($"/api/instances/{_instance}/comments")).GetArrayLength());
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task APathInTheFileName_IsOnlyAName()
    {
        var posted = await PostAsync(_secretary, _instance, "", ("../../../../etc/cron.d/x.txt", "会议记录"u8.ToArray()));

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var file = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachments")[0];
        Assert.Equal("x.txt", file.GetProperty("name").GetString());
        var stored = Assert.Single(StoredFiles());
        Assert.Equal(Path.Combine(_factory.DataDir, "attachments", file.GetProperty("sha256").GetString()![..2], file.GetProperty("sha256").GetString()!), stored);
    }

    [Fact]
    public async Task ABodyBeyondTheFilesLimits_Is413()
    {
        // Two files of 4 KB and a megabyte for the text: a 2 MB body is cut off while it is read.
        var response = await PostAsync(_secretary, _instance, "附件", ("big.pdf", new byte[2 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(StoredFiles());
    }
}
