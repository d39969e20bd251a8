using Approval.Core.Infrastructure;
using Approval.Core.Tests;
using Approval.Core.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>The real app in a test server, on a fresh SQLite file or PostgreSQL database, with a manual clock.</summary>
public sealed class ApprovalFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token";
    private readonly DatabaseProvider _provider;
    private readonly string _clock;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"approval-web-{Guid.NewGuid():N}");
    private readonly IReadOnlyDictionary<string, string> _settings;
    private Action? _dropDatabase;

    /// <param name="settings">More configuration keys for a test's feature (e.g. <c>Approval:Print:Chromium</c>).</param>
    public ApprovalFactory(DatabaseProvider provider, string clock = "Manual", IReadOnlyDictionary<string, string>? settings = null)
    {
        _provider = provider;
        _clock = clock;
        _settings = settings ?? new Dictionary<string, string>();
    }

    /// <summary>Where this app keeps its files.</summary>
    public string DataDir => _dataDir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Approval:DataDir", _dataDir);
        builder.UseSetting("Approval:Clock", _clock);
        builder.UseSetting("Approval:BootstrapAdminToken", AdminToken);
        builder.UseSetting("Approval:Database", _provider.ToString());
        builder.UseSetting("Approval:Demo", "false"); // each test builds the data it asserts on
        builder.UseSetting("Approval:Obligations", "false"); // nor do recurring obligations open tasks of their own
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (_provider == DatabaseProvider.Postgres)
        {
            var (database, drop) = TestDatabases.Postgres();
            _dropDatabase = drop;
            builder.UseSetting("ConnectionStrings:Approval", database.ConnectionString);
        }
    }

    /// <summary>Every /api exchange of the clients <see cref="Client"/> made (see <see cref="ApiContract"/>).</summary>
    public List<ApiExchange> ApiExchanges { get; } = [];

    public HttpClient Client(string token)
    {
        // As CreateClient (redirects followed, cookies kept), with each /api answer recorded.
        var client = CreateDefaultClient(ClientOptions.BaseAddress, new Microsoft.AspNetCore.Mvc.Testing.Handlers.RedirectHandler(),
            new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler(), new ApiRecorder(ApiExchanges));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Admin() => Client(AdminToken);

    /// <summary>
    /// Fails listing every recorded /api answer that the app's own OpenAPI document does not describe: a status it
    /// does not list, or a body its schema refuses.
    /// </summary>
    public async Task AssertAnswersMatchTheDocumentAsync()
    {
        List<ApiExchange> exchanges;
        lock (ApiExchanges) exchanges = [.. ApiExchanges];
        if (exchanges.Count == 0) return;
        var reader = CreateClient();
        reader.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken);
        var contract = new ApiContract(await reader.GetStringAsync("/openapi/v1.json"));
        var problems = exchanges.SelectMany(contract.Problems).Distinct().ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} answer(s) outside the OpenAPI document:\n" + string.Join("\n", problems));
    }

    /// <summary>Creates a user with the given roles and returns a client signed in with their token.</summary>
    public async Task<HttpClient> UserAsync(string login, params RoleGrant[] roles)
    {
        var token = UserStore.NewToken();
        await Services.GetRequiredService<UserStore>().CreateAsync(login, login, token, roles);
        return Client(token);
    }

    public const string Password = "test-password-1";

    /// <summary>Creates a user with a password and returns a browser-like client signed in through the login page.</summary>
    public async Task<PageBrowser> BrowserAsync(string login, params RoleGrant[] roles)
    {
        await Services.GetRequiredService<UserStore>().CreateAsync(login, login, UserStore.NewToken(), roles, password: Password);
        var browser = AnonymousBrowser();
        var signedIn = await browser.PostFormAsync("/login", "/login", new() { ["Login"] = login, ["Password"] = Password });
        if (signedIn.StatusCode != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in of {login} failed: {signedIn.StatusCode}");
        return browser;
    }

    public PageBrowser AnonymousBrowser() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _dropDatabase?.Invoke();
        if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
    }
}
