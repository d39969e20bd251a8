using Approval.Core.Infrastructure;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;

namespace Approval.Core.Tests.Mail;

/// <summary>
/// The shipped campaign end to end with a real SMTP server: a branch misses its pledge deadline; its secretary gets
/// the calendar's reminders (7, 3 and 1 days before, then daily) in the morning digests, and three days after the
/// deadline the town's organization department is told. Under the manual clock, moved a day at a time.
/// </summary>
public sealed class PledgeReminderMailTests : IDisposable
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly MailDev _maildev = new();
    private readonly string _secretary = $"sec-{Guid.NewGuid():N}@example.org";
    private readonly string _town = $"town-{Guid.NewGuid():N}@example.org";

    [Fact(DisplayName = "A missed pledge deadline: the secretary's digests arrive at the configured offsets, then the town is told")]
    public async Task MissedPledge()
    {
        await using var host = await CycleHost.StartAsync(TestDatabases.Sqlite(), settings: new Dictionary<string, string?>
        {
            ["Approval:Smtp:Host"] = _maildev.Host,
            ["Approval:Smtp:Port"] = _maildev.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Approval:Smtp:Tls"] = "None",
        });
        var users = host.Get<UserStore>();
        await users.CreateAsync("sec-a-mail", "张建国", UserStore.NewToken(), [new RoleGrant(Roles.Secretary, host.BranchA.Id)], _secretary);
        await users.CreateAsync("town-mail", "王组织", UserStore.NewToken(), [new RoleGrant(Roles.OrgDepartment, host.Town.Id)], _town);
        await host.StartCampaignAsync("five-star-service");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        var pledge = await host.SingleTaskAsync("pledge", host.BranchA.Id);
        Assert.Equal(new DateTimeOffset(2027, 3, 1, 0, 0, 0, China), pledge.DueAt);

        for (var day = new DateTimeOffset(2027, 2, 20, 8, 30, 0, China); day <= new DateTimeOffset(2027, 3, 5, 8, 30, 0, China); day = day.AddDays(1))
            await host.AdvanceToAsync(day);

        var secretary = await _maildev.ForAsync(_secretary);
        Assert.All(secretary, m => Assert.Contains("东街村党支部", m.Text));
        // Digests on the mornings after each moment: 22, 26 and 28 February (before), then 1 to 5 March (overdue).
        Assert.Equal(8, secretary.Count);
        Assert.Contains(secretary, m => m.Text.Contains("还剩 6 天"));
        Assert.Contains(secretary, m => m.Text.Contains("已逾期 4 天"));
        Assert.All(secretary, m => Assert.StartsWith("【星级创建】您有 1 项待办", m.Subject));

        // Both branches missed it: one digest on 4 March lists the two escalated pledges.
        var town = Assert.Single(await _maildev.ForAsync(_town));
        Assert.Contains("2 项督办", town.Subject);
        Assert.Contains("下级组织有 2 项事项超过期限仍未办理", town.Text);
        Assert.Contains("公开承诺（东街村党支部）", town.Text);
        Assert.Contains("公开承诺（西关社区党支部）", town.Text);
    }

    public void Dispose() => _maildev.Dispose();
}
