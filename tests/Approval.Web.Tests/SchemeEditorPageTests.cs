using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Users;

namespace Approval.Web.Tests;

/// <summary>
/// The administrators' scheme editor through its pages, as a browser posts it: the form of a stored version, a
/// refused save that names each field and stores nothing, a save that becomes the next version, rows added and
/// removed by posting, and a new scheme.
/// </summary>
public sealed class SchemeEditorPageTests : IAsyncLifetime, IDisposable
{
    private const string Edit = "/schemes/five-star-service/edit";
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);
    private PageBrowser _admin = null!;

    public async Task InitializeAsync() => _admin = await _factory.BrowserAsync("scheme-admin", new RoleGrant(Roles.Administrator, null));

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private async Task<Dictionary<string, string>> EditFormAsync(string page = Edit) => PageBrowser.FormFields(await _admin.TextAsync(page), "scheme-form");

    private async Task<JsonElement[]> VersionsAsync(string key = "five-star-service") =>
        (await _factory.Admin().GetFromJsonAsync<JsonElement[]>($"/api/schemes/{key}/versions"))!;

    [Fact]
    public async Task TheEditForm_HoldsEveryPartOfTheStoredVersion()
    {
        var fields = await EditFormAsync();
        Assert.Equal("five-star-service", fields["key"]);
        Assert.Equal(("90", "5"), (fields["bands[0].min"], fields["bands[0].level"]));
        Assert.Equal(("0.8", "true"), (fields["participation.ratio"], fields["participation.inclusive"]));
        Assert.Equal("city=3\nprovince=5\nnational=8", fields["bonuses[0].values"]);
        Assert.Equal(("absences", "3", "true", "1"), (fields["caps[2].condition"], fields["caps[2].count"], fields["caps[2].inclusive"], fields["caps[2].demoteBy"]));
        Assert.False(fields.ContainsKey("satisfaction[0].inclusive")); // "60%以下" is exclusive: the box is not ticked
        Assert.Equal(("min", "true"), (fields["quotas[1].comparison"], fields["quotas[1].atMost"]));
        Assert.Equal("1", fields["BaseVersion"]);

        var stars = await EditFormAsync("/schemes/ten-star-branch/edit");
        Assert.Equal(("score", "2"), (stars["stars[0].award"], stars["stars[0].items[0].points"]));
        Assert.Equal(("0.8", "true"), (stars["starScoreThreshold.ratio"], stars["starScoreThreshold.inclusive"]));
    }

    [Fact]
    public async Task SixGoodsForm_HoldsStandardsWithTheirPoints_AndTheTieRule_AndAWrongSumIsShownAtTheStandards()
    {
        const string edit = "/schemes/six-good/edit";
        var fields = await EditFormAsync(edit);
        Assert.Equal("圆满完成年度经营任务=7\n重点工作落实=6.5\n亮点成果=6.5", fields["dimensions[5].standards"]);
        Assert.Equal("better", fields["gradeTies"]);
        Assert.Equal(HttpStatusCode.Redirect, (await _admin.PostFormAsync(edit, edit, fields)).StatusCode); // unchanged: nothing stored
        Assert.Single(await VersionsAsync("six-good"));

        fields["dimensions[5].standards"] = "圆满完成年度经营任务=7\n重点工作落实=6.5\n亮点成果=6";
        var refused = await _admin.PostFormAsync(edit, edit, fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("id=\"err-dimensions[5].standards\"", await refused.Content.ReadAsStringAsync());
        Assert.Single(await VersionsAsync("six-good"));
    }

    [Fact]
    public async Task AnInvalidScheme_IsRefused_WithEachProblemNextToItsField_AndNothingIsStored()
    {
        var fields = await EditFormAsync();
        fields["bands[0].min"] = "120";
        fields["bands[1].level"] = "四";
        fields["quotas[0].share"] = "1.5";

        var refused = await _admin.PostFormAsync(Edit, Edit, fields);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("id=\"err-bands[0].min\"", page);
        Assert.Contains("id=\"err-bands[1].level\"", page);
        Assert.Contains("id=\"err-quotas[0].share\"", page);
        Assert.Contains("“四”不是整数", page);
        Assert.Contains("href=\"#bands[0].min\"", page); // the summary links each problem to its field
        Assert.Equal("120", PageBrowser.FormFields(page, "scheme-form")["bands[0].min"]); // what was typed is kept
        Assert.Single(await VersionsAsync());
    }

    [Fact]
    public async Task AValidScheme_IsSavedAsTheNextVersion_WithItsNote()
    {
        var fields = await EditFormAsync();
        fields["bands[0].min"] = "95";
        fields["satisfaction[0].inclusive"] = "true";
        fields["Note"] = "五星分数线提高到95分";

        var saved = await _admin.PostFormAsync(Edit, Edit, fields);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("/schemes/five-star-service?version=2", saved.Headers.Location!.OriginalString);
        var versions = await VersionsAsync();
        Assert.Equal([2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(("scheme-admin", "五星分数线提高到95分"), (versions[0].GetProperty("createdBy").GetString(), versions[0].GetProperty("note").GetString()));
        var latest = await _factory.Admin().GetFromJsonAsync<JsonElement>("/api/schemes/five-star-service");
        Assert.Equal(95, latest.GetProperty("bands")[0].GetProperty("min").GetDecimal());
        Assert.True(latest.GetProperty("satisfaction")[0].GetProperty("inclusive").GetBoolean());
        var older = await _factory.Admin().GetFromJsonAsync<JsonElement>("/api/schemes/five-star-service?version=1");
        Assert.Equal(90, older.GetProperty("bands")[0].GetProperty("min").GetDecimal());

        var view = await _admin.TextAsync("/schemes/five-star-service?version=2");
        Assert.Contains("已保存为第2版", view);
        Assert.Contains("五星分数线提高到95分", view);
        // The same form again stores nothing; a changed one opened on version 1 does not supersede version 2 unseen.
        var same = await _admin.PostFormAsync(Edit, Edit, fields);
        Assert.Equal(HttpStatusCode.Redirect, same.StatusCode);
        fields["bands[0].min"] = "96";
        var stale = await _admin.PostFormAsync(Edit, Edit, fields);
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("已有他人保存的第2版", await stale.Content.ReadAsStringAsync());
        Assert.Equal(2, (await VersionsAsync()).Length);
    }

    [Fact]
    public async Task RowButtons_AddAndRemoveRows_WithoutSaving()
    {
        var fields = await EditFormAsync();
        fields["op"] = "add:bands";
        var added = PageBrowser.FormFields(await (await _admin.PostFormAsync(Edit, Edit, fields)).Content.ReadAsStringAsync(), "scheme-form");
        Assert.Equal("", added["bands[5].min"]);

        added["op"] = "remove:bands[0]";
        added.Remove("bands[5].min");
        added.Remove("bands[5].level");
        added.Remove("bands[5].quote");
        var removed = PageBrowser.FormFields(await (await _admin.PostFormAsync(Edit, Edit, added)).Content.ReadAsStringAsync(), "scheme-form");
        Assert.Equal("80", removed["bands[0].min"]);
        Assert.False(removed.ContainsKey("bands[4].min"));
        Assert.Single(await VersionsAsync());
    }

    [Fact]
    public async Task ANewScheme_IsStoredAsVersion1_AndATakenKeyIsRefused()
    {
        var fields = PageBrowser.FormFields(await _admin.TextAsync("/schemes/new?from=five-star-service"), "scheme-form");
        Assert.Equal("", fields["key"]);
        fields["key"] = "five-star-service";
        var taken = await _admin.PostFormAsync("/schemes/new", "/schemes/new", fields);
        Assert.Equal(HttpStatusCode.BadRequest, taken.StatusCode);
        Assert.Contains("id=\"err-key\"", await taken.Content.ReadAsStringAsync());

        fields["key"] = "five-star-county";
        fields["name"] = "县直机关五星级党组织";
        var created = await _admin.PostFormAsync("/schemes/new", "/schemes/new", fields);
        Assert.Equal("/schemes/five-star-county?version=1", created.Headers.Location!.OriginalString);
        Assert.Contains("县直机关五星级党组织", await _admin.TextAsync("/schemes"));
        Assert.Single(await VersionsAsync("five-star-county"));
    }

    [Fact]
    public async Task TheSchemePages_AreForAdministratorsOnly()
    {
        var secretary = await _factory.BrowserAsync("scheme-secretary", new RoleGrant(Roles.Secretary, null));
        foreach (var page in new[] { "/schemes", "/schemes/five-star-service", Edit, "/schemes/new" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await secretary.GetAsync(page)).StatusCode);
            Assert.Equal("/login", (await _factory.AnonymousBrowser().GetAsync(page)).Headers.Location!.AbsolutePath);
            Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync(page)).StatusCode);
        }
        var fields = await EditFormAsync();
        fields["bands[0].min"] = "95";
        Assert.Equal(HttpStatusCode.Forbidden, (await secretary.PostFormAsync("/inbox", Edit, fields)).StatusCode);
        Assert.Single(await VersionsAsync());
        Assert.DoesNotContain("href=\"/schemes\"", await secretary.TextAsync("/inbox"));
        Assert.Contains("href=\"/schemes\"", await _admin.TextAsync("/inbox"));
    }
}
