using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Testing;

namespace Approval.Web.Tests;

/// <summary>Issue 14 §5's reproductions, each named after what it prevents.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);

    public void Dispose() => _factory.Dispose();

    [Fact(DisplayName = "A member named like a formula is exported as text, not as a formula a spreadsheet would run")]
    public async Task CsvExport_NeutralisesFormulas()
    {
        var admin = _factory.Admin();
        var org = (await (await admin.PostAsJsonAsync("/api/orgs", new { name = "东街村党支部", kind = "branch", sector = "rural" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        foreach (var name in new[] { "=HYPERLINK(\"http://evil.example\",\"点我\")", "@SUM(A1)", "+1+1", "张建国" })
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/members", new { orgId = org, name, category = "employed" })).StatusCode);
        var csv = await admin.GetStringAsync($"/api/members/export?orgId={org}&format=csv");
        var names = csv.Split('\n').Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')[1]).ToList();
        Assert.DoesNotContain(names, n => n.TrimStart('"').StartsWith('=') || n.TrimStart('"').StartsWith('@') || n.TrimStart('"').StartsWith('+'));
        Assert.Contains(names, n => n.TrimStart('"').StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        Assert.Contains("张建国", names);
    }

    [Theory(DisplayName = "A language switch with a return address off the site goes home instead of answering 500")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("/notices", "/notices")]
    public async Task LanguageSwitch_RedirectsOnlyWithinTheSite(string returnUrl, string expected)
    {
        var response = await _factory.AnonymousBrowser().GetAsync($"/language?culture=en&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
    }

    [Fact(DisplayName = "A level far beyond any scheme's is shown as a number, not as two billion stars")]
    public void AnAbsurdLevel_IsShownAsANumber()
    {
        Assert.Equal("★★★★★", Pages.Shared.Ui.Stars(5));
        Assert.True(Pages.Shared.Ui.Stars(int.MaxValue).Length < 30);
    }
}
