using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>
/// Issue 14 §1: who may call each endpoint and open each page is declared on it (a named policy, or anonymous), and
/// the matrix below says what each is; every endpoint × role × inside / outside the caller's organization scope is
/// then tried against the running app. A new endpoint without a declaration, or missing here, fails.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    /// <summary>Every /api answer of the matrix, allowed or refused, is one the published OpenAPI document describes.</summary>
    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    private readonly Dictionary<string, string> _ids = [];
    private readonly Dictionary<string, (HttpClient Api, PageBrowser Pages)> _as = [];

    /// <summary>
    /// A county with two towns: branch A under town 1 (the callers' own), branch C under town 2 (outside their scope),
    /// a 双十星 campaign with both branches' pledge tasks open, and a user to disable.
    /// </summary>
    public async Task InitializeAsync()
    {
        var api = _factory.Admin();
        async Task<string> Org(string name, string kind, string? parentId, string? sector = null) =>
            (await (await api.PostAsJsonAsync("/api/orgs", new { name, kind, parentId, sector })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        _ids["county"] = await Org("某县委", "committee", null);
        _ids["town"] = await Org("城关镇党委", "committee", _ids["county"]);
        _ids["town2"] = await Org("柳林镇党委", "committee", _ids["county"]);
        _ids["branchA"] = await Org("东街村党支部", "branch", _ids["town"], "rural");
        _ids["branchC"] = await Org("河口村党支部", "branch", _ids["town2"], "rural");
        await SignInAsync("admin2", new RoleGrant(Roles.Administrator, null));
        await SignInAsync("county-dept", new RoleGrant(Roles.OrgDepartment, _ids["county"]));
        await SignInAsync("town-dept", new RoleGrant(Roles.OrgDepartment, _ids["town"]));
        await SignInAsync("secretary-a", new RoleGrant(Roles.Secretary, _ids["branchA"]));
        _ids["victim"] = (await _factory.Services.GetRequiredService<UserStore>().CreateAsync("victim", "待停用", UserStore.NewToken(), [])).Id;

        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/campaigns", new { schemeKey = "double-ten", year = 2027, rootOrgId = _ids["county"] })).StatusCode);
        var campaigns = await (await api.GetAsync("/api/campaigns")).Content.ReadFromJsonAsync<JsonElement>();
        _ids["campaign"] = campaigns[0].GetProperty("id").GetString()!;
        var confirm = await OpenTaskAsync(_as["county-dept"].Api, "confirm-stars");
        Assert.Equal(HttpStatusCode.OK, (await _as["county-dept"].Api.PostAsJsonAsync($"/api/tasks/{confirm.GetProperty("id").GetString()}/complete", new { outcome = "confirm" })).StatusCode);
        var admin = _factory.Admin();
        var pledges = (await (await admin.GetAsync("/api/tasks?pageSize=200")).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .Where(t => t.GetProperty("elementId").GetString() == "pledge").ToList();
        var a = pledges.Single(t => t.GetProperty("orgId").GetString() == _ids["branchA"]);
        var c = pledges.Single(t => t.GetProperty("orgId").GetString() == _ids["branchC"]);
        (_ids["taskA"], _ids["instanceA"]) = (a.GetProperty("id").GetString()!, a.GetProperty("instanceId").GetString()!);
        (_ids["taskC"], _ids["instanceC"]) = (c.GetProperty("id").GetString()!, c.GetProperty("instanceId").GetString()!);
        // Issue 17: a comment with a file on each instance, for the comments' and attachments' rows.
        foreach (var which in new[] { "A", "C" })
        {
            using var form = new MultipartFormDataContent { { new StringContent("材料"), "body" }, { new ByteArrayContent("%PDF-1.4\n"u8.ToArray()), "files", "承诺书.pdf" } };
            var posted = await admin.PostAsync($"/api/instances/{_ids["instance" + which]}/comments", form);
            _ids["attachment" + which] = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attachments")[0].GetProperty("id").GetString()!;
        }
    }

    private async Task SignInAsync(string login, RoleGrant grant)
    {
        var token = UserStore.NewToken();
        await _factory.Services.GetRequiredService<UserStore>().CreateAsync(login, login, token, [grant], password: ApprovalFactory.Password);
        var pages = _factory.AnonymousBrowser();
        Assert.Equal(HttpStatusCode.Redirect, (await pages.PostFormAsync("/login", "/login", new() { ["Login"] = login, ["Password"] = ApprovalFactory.Password })).StatusCode);
        var apiClient = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        apiClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        _as[login] = (apiClient, pages);
    }

    private static async Task<JsonElement> OpenTaskAsync(HttpClient client, string elementId) =>
        (await (await client.GetAsync("/api/tasks?pageSize=200")).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .First(t => t.GetProperty("elementId").GetString() == elementId);

    private IReadOnlyList<(string Key, RouteEndpoint Endpoint)> Endpoints()
    {
        _ = _factory.Server; // builds the app and its routes
        var source = _factory.Services.GetRequiredService<EndpointDataSource>();
        return source.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["PAGE"]).Select(m => ($"{m} /{e.RoutePattern.RawText?.TrimStart('/')}", e)))
            .GroupBy(x => x.Item1).Select(g => g.First()).OrderBy(x => x.Item1, StringComparer.Ordinal).ToList();
    }

    [Fact(DisplayName = "Every endpoint and page declares who may call it: a named policy, or anonymous on purpose")]
    public void EveryEndpoint_DeclaresItsPolicy()
    {
        var undeclared = Endpoints()
            .Where(x => x.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !x.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy is not null))
            .Select(x => x.Key).ToList();
        Assert.True(undeclared.Count == 0, "No policy declared on: " + string.Join(", ", undeclared));
    }

    [Fact(DisplayName = "The matrix names every endpoint and page, with the access each one declares")]
    public void TheMatrix_CoversEveryEndpoint()
    {
        var endpoints = Endpoints();
        var missing = endpoints.Select(x => x.Key).Where(k => !Matrix.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Not in the matrix: \n" + string.Join("\n", missing));
        var stale = Matrix.Keys.Except(endpoints.Select(x => x.Key)).ToList();
        Assert.True(stale.Count == 0, "No longer an endpoint: " + string.Join(", ", stale));
        foreach (var (key, endpoint) in endpoints)
            Assert.True(Matrix[key].Access == DeclaredAccess(endpoint), $"{key} declares {DeclaredAccess(endpoint)}, the matrix says {Matrix[key].Access}");
    }

    private static Access DeclaredAccess(Microsoft.AspNetCore.Http.Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return Access.Public;
        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
        return policies.Contains(Auth.Policies.Administrator) ? Access.Administrator
            : policies.Contains(Auth.Policies.OrgDepartment) ? Access.OrgDepartment
            : Access.SignedIn;
    }

    public enum Access { Public, SignedIn, OrgDepartment, Administrator }

    /// <summary>Whose scope a row's in / out paths test: the branch's secretary, the town's department, or both.</summary>
    [Flags]
    public enum Scoped { None = 0, Secretary = 1, Department = 2 }

    /// <summary>
    /// One endpoint: its access, the path tried ({name} is a fixture id; "_" an id that does not exist), the JSON body
    /// of a POST or PUT ("{}" unless said), and for scoped rows the same call outside the caller's organization.
    /// </summary>
    private sealed record Row(Access Access, string Path, string? Body = null, string? Out = null, Scoped For = Scoped.None, string? OutBody = null);

    private static Row Admin(string path, string? body = null) => new(Access.Administrator, path, body);
    private static Row Signed(string path, string? body = null) => new(Access.SignedIn, path, body);
    private static Row Public(string path, string? body = null) => new(Access.Public, path, body);
    private static Row Scope(string path, string outPath, Scoped who, string? body = null, string? outBody = null) => new(Access.SignedIn, path, body, outPath, who, outBody);

    private const Scoped Both = Scoped.Secretary | Scoped.Department;

    /// <summary>An empty form post: an endpoint that reads a file accepts nothing else, before any authorization.</summary>
    private const string Multipart = "multipart";

    private static readonly Dictionary<string, Row> Matrix = new(StringComparer.Ordinal)
    {
        ["GET /health"] = Public("/health"),
        ["GET /openapi/{documentName}.json"] = Signed("/openapi/v1.json"),
        ["GET /language"] = Public("/language?culture=en&returnUrl=/notices"),
        ["GET /calendar/{token}.ics"] = Public("/calendar/_.ics"),
        ["GET /api/notices"] = Public("/api/notices"),
        ["GET /api/notices/{id}"] = Public("/api/notices/_"),
        ["POST /api/notices/{id}/objections"] = Public("/api/notices/_/objections"),
        ["GET /api/notices/{id}/objections"] = Signed("/api/notices/_/objections"),

        ["GET /api/campaigns"] = Signed("/api/campaigns"),
        ["GET /api/campaigns/{id}"] = Scope("/api/campaigns/{campaign}", "/api/campaigns/_", Both),
        ["POST /api/campaigns"] = Admin("/api/campaigns"),
        ["POST /api/rechecks"] = Scope("/api/rechecks", "/api/rechecks", Scoped.Department, """{"orgId":"{branchA}","reason":""}""", """{"orgId":"{branchC}","reason":"x"}"""),
        ["POST /api/rechecks/sample"] = Signed("/api/rechecks/sample"),
        ["POST /api/discipline-cases"] = Signed("/api/discipline-cases"),
        ["GET /api/clock"] = Admin("/api/clock"),
        ["POST /api/clock/advance"] = Admin("/api/clock/advance"),
        ["GET /api/definitions"] = Signed("/api/definitions"),
        ["POST /api/definitions"] = Admin("/api/definitions"),
        ["POST /api/instances"] = Signed("/api/instances"),
        ["GET /api/instances/{id}"] = Scope("/api/instances/{instanceA}", "/api/instances/{instanceC}", Both),
        ["POST /api/instances/{id}/cancel"] = Admin("/api/instances/{instanceC}/cancel"),
        ["POST /api/instances/{id}/move"] = Admin("/api/instances/{instanceC}/move"),
        // Anyone signed in may ask; the runtime lets only whoever did the instance's last step take it back (409 otherwise).
        ["POST /api/instances/{id}/withdraw"] = Signed("/api/instances/{instanceC}/withdraw"),
        // Administrators' operations (issue 17): incidents, suspend and resume, variables, batches.
        ["POST /api/instances/{id}/suspend"] = Admin("/api/instances/{instanceC}/suspend"),
        ["POST /api/instances/{id}/resume"] = Admin("/api/instances/{instanceC}/resume"),
        ["PUT /api/instances/{id}/variables/{name}"] = Admin("/api/instances/{instanceC}/variables/note"),
        ["GET /api/incidents"] = Admin("/api/incidents"),
        ["GET /api/incidents/{id:long}"] = Admin("/api/incidents/999999"),
        ["POST /api/incidents/retry"] = Admin("/api/incidents/retry"),
        ["GET /api/batches"] = Admin("/api/batches"),
        ["POST /api/batches"] = Admin("/api/batches"),
        ["GET /api/batches/{id}"] = Admin("/api/batches/_"),
        ["POST /api/batches/{id}/pause"] = Admin("/api/batches/_/pause"),
        ["POST /api/batches/{id}/resume"] = Admin("/api/batches/_/resume"),
        // Issue 17: comments and attachments, to whoever may see the instance.
        ["GET /api/instances/{id}/comments"] = Scope("/api/instances/{instanceA}/comments", "/api/instances/{instanceC}/comments", Both),
        ["POST /api/instances/{id}/comments"] = Scope("/api/instances/{instanceA}/comments", "/api/instances/{instanceC}/comments", Both, Multipart),
        ["GET /api/attachments/{id}"] = Scope("/api/attachments/{attachmentA}", "/api/attachments/{attachmentC}", Both),
        ["PAGE /attachments/{id}"] = Scope("/attachments/{attachmentA}", "/attachments/{attachmentC}", Both),
        ["GET /api/mail"] = Admin("/api/mail"),
        ["POST /api/mail/{id:long}/resend"] = Admin("/api/mail/999999/resend"),
        ["POST /api/messages"] = Admin("/api/messages"),
        ["GET /api/orgs"] = Scope("/api/orgs?parentId={branchA}", "/api/orgs?parentId={town2}", Both),
        ["GET /api/orgs/{id}"] = Scope("/api/orgs/{branchA}", "/api/orgs/{branchC}", Both),
        ["POST /api/orgs"] = Scope("/api/orgs", "/api/orgs", Scoped.Department, """{"parentId":"{town}","name":"","kind":"branch"}""", """{"parentId":"{town2}","name":"新支部","kind":"branch"}"""),
        ["POST /api/orgs/import"] = Admin("/api/orgs/import", Multipart),
        ["GET /api/orgs/export"] = Scope("/api/orgs/export?orgId={branchA}", "/api/orgs/export?orgId={branchC}", Both),
        ["GET /api/members"] = Scope("/api/members?orgId={branchA}", "/api/members?orgId={branchC}", Both),
        ["GET /api/members/export"] = Scope("/api/members/export?orgId={branchA}", "/api/members/export?orgId={branchC}", Both),
        ["POST /api/members"] = Scope("/api/members", "/api/members", Both, """{"orgId":"{branchA}","name":"","category":"bogus"}""", """{"orgId":"{branchC}","name":"李明","category":"farmer"}"""),
        ["GET /api/ratings"] = Scope("/api/ratings?orgId={branchA}", "/api/ratings?orgId={branchC}", Both),
        ["GET /api/schemes"] = Signed("/api/schemes"),
        ["GET /api/schemes/{key}"] = Signed("/api/schemes/double-ten"),
        ["GET /api/schemes/{key}/versions"] = Signed("/api/schemes/double-ten/versions"),
        ["POST /api/schemes/{key}/versions"] = Admin("/api/schemes/double-ten/versions"),
        ["POST /api/schemes/{key}/evaluate"] = Signed("/api/schemes/double-ten/evaluate"),
        ["GET /api/security-log"] = Admin("/api/security-log"),
        ["GET /api/tasks"] = Signed("/api/tasks"),
        ["GET /api/tasks/{id}"] = Scope("/api/tasks/{taskA}", "/api/tasks/{taskC}", Both),
        ["POST /api/tasks/{id}/complete"] = Scope("/api/tasks/{taskA}/complete", "/api/tasks/{taskC}/complete", Scoped.Secretary, """{"outcome":"submit"}""", """{"outcome":"submit"}"""),
        ["POST /api/tasks/{id}/vote"] = Scope("/api/tasks/{taskA}/vote", "/api/tasks/{taskC}/vote", Scoped.Secretary, """{"mode":"secret"}""", """{"mode":"secret"}"""),
        ["GET /api/tasks/{id}/return-targets"] = Scope("/api/tasks/{taskA}/return-targets", "/api/tasks/{taskC}/return-targets", Scoped.Secretary),
        ["POST /api/tasks/{id}/return"] = Scope("/api/tasks/{taskA}/return", "/api/tasks/{taskC}/return", Scoped.Secretary, """{"target":"nowhere","reason":"x"}""", """{"target":"nowhere","reason":"x"}"""),
        ["GET /api/tasks/{id}/transfer-candidates"] = Scope("/api/tasks/{taskA}/transfer-candidates", "/api/tasks/{taskC}/transfer-candidates", Scoped.Secretary),
        ["POST /api/tasks/{id}/transfer"] = Scope("/api/tasks/{taskA}/transfer", "/api/tasks/{taskC}/transfer", Scoped.Secretary, """{"to":"","reason":""}""", """{"to":"x","reason":"x"}"""),
        ["GET /api/tasks/{id}/sign-candidates"] = Scope("/api/tasks/{taskA}/sign-candidates", "/api/tasks/{taskC}/sign-candidates", Scoped.Secretary),
        ["POST /api/tasks/{id}/add-sign"] = Scope("/api/tasks/{taskA}/add-sign", "/api/tasks/{taskC}/add-sign", Scoped.Secretary, """{"to":"","position":"before","reason":""}""", """{"to":"x","position":"before","reason":"x"}"""),
        ["POST /api/tasks/complete-batch"] = Signed("/api/tasks/complete-batch", """{"taskIds":[]}"""),
        // Issue 17, 委托 and 抄送: one's own delegations; a copy from a task one may act on; one's own copies.
        ["GET /api/delegations"] = Signed("/api/delegations"),
        ["POST /api/delegations"] = Signed("/api/delegations"),
        ["POST /api/delegations/{id}/revoke"] = Signed("/api/delegations/_/revoke"),
        ["POST /api/tasks/{id}/cc"] = Scope("/api/tasks/{taskA}/cc", "/api/tasks/{taskC}/cc", Scoped.Secretary, """{"people":[]}""", """{"people":["x"]}"""),
        ["GET /api/copies"] = Signed("/api/copies"),
        ["PAGE /account/delegation"] = Signed("/account/delegation"),
        ["POST /api/tasks/{id}/remind"] = Scope("/api/tasks/{taskA}/remind", "/api/tasks/{taskC}/remind", Scoped.Department),
        ["GET /api/users/"] = Admin("/api/users/"),
        ["POST /api/users/"] = Admin("/api/users/"),
        ["GET /api/users/{id}"] = Admin("/api/users/{victim}"),
        ["PUT /api/users/{id}"] = Admin("/api/users/{victim}"),
        ["POST /api/users/{id}/disable"] = Admin("/api/users/{victim}/disable"),
        ["POST /api/users/{id}/enable"] = Admin("/api/users/{victim}/enable"),
        ["POST /api/users/{id}/password-reset"] = Admin("/api/users/{victim}/password-reset"),
        ["DELETE /api/users/{id}/second-factor"] = Admin("/api/users/{victim}/second-factor"),
        ["GET /api/users/{id}/tokens"] = Admin("/api/users/{victim}/tokens"),
        ["POST /api/users/{id}/tokens"] = Admin("/api/users/{victim}/tokens"),
        ["DELETE /api/users/{id}/tokens/{tokenId}"] = Admin("/api/users/{victim}/tokens/_"),
        ["POST /api/votes"] = Scope("/api/votes", "/api/votes", Both, """{"orgId":"{branchA}","subjectKind":"organization","subjectId":"{branchA}"}""",
            """{"orgId":"{branchC}","subjectKind":"organization","subjectId":"{branchC}","schemeKey":"double-ten","year":2027,"mode":"show-of-hands","stars":["study"],"eligible":10}"""),
        ["GET /api/votes/{id}"] = Signed("/api/votes/_"),
        ["POST /api/votes/{id}/ballots"] = Signed("/api/votes/_/ballots"),
        ["POST /api/votes/{id}/close"] = Signed("/api/votes/_/close"),
        ["POST /api/votes/{id}/counts"] = Signed("/api/votes/_/counts"),
        ["POST /api/votes/{id}/hold-again"] = Signed("/api/votes/_/hold-again"),

        ["PAGE /"] = Public("/"),
        ["PAGE /login"] = Public("/login"),
        ["PAGE /logout"] = Public("/logout"),
        ["PAGE /notices"] = Public("/notices"),
        ["PAGE /notices/{id}"] = Public("/notices/_"),
        ["PAGE /status/{code:int}"] = Public("/status/404"),
        ["PAGE /account/password"] = Signed("/account/password"),
        ["PAGE /account/two-factor"] = Signed("/account/two-factor"),
        ["PAGE /calendar"] = Signed("/calendar"),
        ["PAGE /campaigns"] = Signed("/campaigns"),
        ["PAGE /inbox"] = Signed("/inbox"),
        ["PAGE /orgs"] = Signed("/orgs"),
        ["PAGE /orgs/{id}"] = Scope("/orgs/{branchA}", "/orgs/{branchC}", Both),
        ["PAGE /tasks/{id}"] = Scope("/tasks/{taskA}", "/tasks/{taskC}", Both),
        ["PAGE /votes/{id}"] = Signed("/votes/_"),
        ["PAGE /votes"] = Scope("/votes?org={branchA}", "/votes?org={branchC}", Both),
        ["PAGE /votes/ballot"] = Signed("/votes/ballot?org={branchA}"),
        ["PAGE /stats"] = new(Access.OrgDepartment, "/stats"),
        ["PAGE /admin/api"] = Admin("/admin/api"),
        ["PAGE /admin/security-log"] = Admin("/admin/security-log"),
        ["PAGE /admin/users"] = Admin("/admin/users"),
        ["PAGE /admin/users/{id}"] = Admin("/admin/users/{victim}"),
        ["PAGE /campaigns/new"] = Admin("/campaigns/new"),
        ["PAGE /clock"] = Admin("/clock"),
        ["PAGE /mail"] = Admin("/mail"),
        ["PAGE /designer"] = Admin("/designer"),
        ["PAGE /designer/edit"] = Admin("/designer/edit"),
        ["PAGE /designer/{key}"] = Admin("/designer/org-cycle"),
        ["PAGE /designer/{key}/diff"] = Admin("/designer/org-cycle/diff"),
        ["PAGE /designer/{key}/migrate"] = Admin("/designer/org-cycle/migrate"),
        ["PAGE /designer/{key}/{version:int}"] = Admin("/designer/org-cycle/1"),
        ["PAGE /instances"] = Admin("/instances"),
        ["PAGE /instances/{id}"] = Admin("/instances/{instanceA}"),
        // Printable records (issue 17): the 审批单 for whoever may see the instance; the 授牌 certificate public like its
        // notice, its PDF signed in (each starts a Chromium; 503 here, where none is configured; 404 for no such rating).
        ["PAGE /instances/{id}/record"] = Scope("/instances/{instanceA}/record", "/instances/{instanceC}/record", Both),
        ["PAGE /instances/{id}/record.pdf"] = Scope("/instances/{instanceA}/record.pdf", "/instances/{instanceC}/record.pdf", Both),
        ["PAGE /ratings/{id:long}/certificate"] = Public("/ratings/1/certificate"),
        ["PAGE /ratings/{id:long}/certificate.pdf"] = Signed("/ratings/1/certificate.pdf"),
        ["PAGE /operations/incidents"] = Admin("/operations/incidents"),
        ["PAGE /operations/batches"] = Admin("/operations/batches"),
        ["PAGE /schemes"] = Admin("/schemes"),
        ["PAGE /schemes/new"] = Admin("/schemes/new"),
        ["PAGE /schemes/{key}"] = Admin("/schemes/double-ten"),
        ["PAGE /schemes/{key}/edit"] = Admin("/schemes/double-ten/edit"),
    };

    private string Fill(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\{(\w+)\}", m => _ids.GetValueOrDefault(m.Groups[1].Value, m.Value));

    /// <summary>Sends the row's call as one caller: anonymous (null) or a signed-in login (bearer for /api, cookie for pages).</summary>
    private async Task<HttpResponseMessage> CallAsync(string key, string? login, string path, string? body)
    {
        var method = key[..key.IndexOf(' ')];
        path = Fill(path);
        if (method == "PAGE")
        {
            var browser = login is null ? _factory.AnonymousBrowser() : _as[login].Pages;
            return await browser.GetAsync(path);
        }
        var client = login is null ? _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }) : _as[login].Api;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body == Multipart) request.Content = new MultipartFormDataContent();
        else if (method is "POST" or "PUT") request.Content = new StringContent(Fill(body ?? "{}"), System.Text.Encoding.UTF8, "application/json");
        return await client.SendAsync(request);
    }

    private static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/login", StringComparison.Ordinal) == true);

    [Fact(DisplayName = "Every endpoint and page × anonymous, a branch secretary, a town department, an administrator × inside and outside their scope")]
    public async Task TheMatrix_HoldsAgainstTheRunningApp()
    {
        var failures = new List<string>();
        void Expect(bool ok, string key, string who, HttpResponseMessage r, string expected)
        {
            if (!ok) failures.Add($"{key} as {who}: {(int)r.StatusCode} {r.Headers.Location}, expected {expected}");
        }
        // Administrators' side-effecting rows run last, so the victim is disabled after everything else.
        foreach (var (key, row) in Matrix.OrderBy(r => r.Value.Path.Contains("{victim}")))
        {
            var anonymous = await CallAsync(key, null, row.Path, row.Body);
            if (row.Access == Access.Public) Expect(!Refused(anonymous), key, "anonymous", anonymous, "open to anyone");
            else Expect(key.StartsWith("PAGE", StringComparison.Ordinal)
                    ? anonymous.StatusCode == HttpStatusCode.Redirect && anonymous.Headers.Location!.OriginalString.Contains("/login", StringComparison.Ordinal)
                    : anonymous.StatusCode == HttpStatusCode.Unauthorized, key, "anonymous", anonymous, "sign-in required");

            foreach (var (login, role) in new[] { ("secretary-a", Scoped.Secretary), ("town-dept", Scoped.Department) })
            {
                var response = await CallAsync(key, login, row.Path, row.Body);
                switch (row.Access)
                {
                    case Access.Administrator:
                        Expect(response.StatusCode == HttpStatusCode.Forbidden, key, login, response, "403");
                        break;
                    case Access.OrgDepartment:
                        Expect(role == Scoped.Department ? !Refused(response) : response.StatusCode == HttpStatusCode.Forbidden, key, login, response,
                            role == Scoped.Department ? "allowed" : "403");
                        break;
                    default:
                        if (row.For.HasFlag(role)) Expect(!Refused(response), key, login, response, "allowed in scope");
                        else Expect(response.StatusCode != HttpStatusCode.Unauthorized, key, login, response, "signed in");
                        if (row.Out is { } outside)
                        {
                            var refused = await CallAsync(key, login, outside, row.OutBody ?? row.Body);
                            Expect(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, key + " (outside)", login, refused, "403 or 404");
                        }
                        break;
                }
            }
            var admin = await CallAsync(key, "admin2", row.Path, row.Body);
            Expect(!Refused(admin), key, "admin2", admin, "allowed");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
