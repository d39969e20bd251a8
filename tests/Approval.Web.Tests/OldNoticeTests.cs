using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Web.Tests;

/// <summary>
/// A rating notice stored by a version before explanation codes (its lines "中文 / English" strings) still shows on
/// the public board and through the API, each line in the reader's language (issue 16 §1).
/// </summary>
public sealed class OldNoticeTests : IAsyncLifetime
{
    private readonly ApprovalFactory _factory = new(DatabaseProvider.Sqlite);
    private const string Id = "00000000-0000-7000-8000-000000000001";

    private const string Content = """
        {"level":3,"qualified":true,"rectification":false,"score":null,
         "stars":[{"key":"study","name":"学习星","awarded":true,"reason":"赞成 9/10 = 90% ≥ 80% / approval 90% passes at least 80%","individual":false}],
         "explanation":["星级 = 获得的星数 4 / level = stars earned: 4","因名额限制调整为3星 / lowered to level 3 by the quota review"]}
        """;

    public async Task InitializeAsync()
    {
        await using var connection = await _factory.Services.GetRequiredService<Database>().OpenAsync();
        await connection.ExecuteAsync("""
            insert into notices (id, campaign_id, kind, subject_kind, subject_id, subject_name, org_id, year, content, opens_at, closes_at, status, instance_id)
            values (@Id, null, 'rating', 'organization', 'o1', '东街村党支部', 'o1', 2026, @Content, @now, @closes, 'open', 'i1')
            """, new { Id, Content, now = EpochTime.ToMs(DateTimeOffset.UtcNow), closes = EpochTime.ToMs(DateTimeOffset.UtcNow.AddDays(7)) });
    }

    public async Task DisposeAsync()
    {
        try { await _factory.AssertAnswersMatchTheDocumentAsync(); }
        finally { await _factory.DisposeAsync(); }
    }

    [Fact(DisplayName = "An old notice's page shows each stored line's Chinese half, and its English half in English")]
    public async Task AnOldNotice_ShowsItsLinesInThePagesLanguage()
    {
        var client = _factory.CreateClient();
        var zh = WebUtility.HtmlDecode(await client.GetStringAsync($"/notices/{Id}"));
        Assert.Contains("因名额限制调整为3星", zh);
        Assert.Contains("赞成 9/10 = 90% ≥ 80%", zh);
        Assert.DoesNotContain("lowered to level 3", zh);
        var en = WebUtility.HtmlDecode(await client.GetStringAsync($"/notices/{Id}?culture=en"));
        Assert.Contains("lowered to level 3 by the quota review", en);
        Assert.DoesNotContain("因名额限制调整为3星", en);
    }

    [Fact(DisplayName = "An old notice through the API gives each line as a literal with its text in the request's language")]
    public async Task AnOldNotice_ReadsThroughTheApi()
    {
        var notice = await _factory.Admin().GetFromJsonAsync<JsonElement>($"/api/notices/{Id}");
        var lines = notice.GetProperty("content").GetProperty("explanation").EnumerateArray().ToList();
        Assert.All(lines, l => Assert.Equal("text", l.GetProperty("code").GetString()));
        Assert.Equal(["星级 = 获得的星数 4", "因名额限制调整为3星"], lines.Select(l => l.GetProperty("text").GetString()));
        var reason = notice.GetProperty("content").GetProperty("stars")[0].GetProperty("reason");
        Assert.Equal("赞成 9/10 = 90% ≥ 80%", reason.GetProperty("text").GetString());
    }
}
