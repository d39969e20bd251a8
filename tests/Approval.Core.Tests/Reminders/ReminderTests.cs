using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Mail;
using Approval.Core.Reminders;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Tests.Reminders;

/// <summary>
/// Reminder policies end to end under the manual clock, on the application's services: the sweep decides the
/// moments, the digest groups them per user and day, escalations go to the upper organization at once, 催办.
/// Mails are checked where they wait, in the outbox (the SMTP delivery itself is tested against maildev).
/// </summary>
public abstract class ReminderTests(Func<(Database, Action)> database)
{
    // Created Monday 2027-03-01 10:00 China time; due ten days later; reminders 3 and 1 days before, daily once
    // overdue, escalated two days after. The digest goes out from 08:00.
    private const string Process = """
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                          xmlns:ap="urn:approval:bpmn:1" targetNamespace="t">
          <bpmn:process id="remind" isExecutable="true">
            <bpmn:startEvent id="start"/>
            <bpmn:userTask id="report" name="月度报告" camunda:candidateGroups="secretary" ap:org="${orgId}" camunda:dueDate="P10D"
                           ap:remindBefore="P3D,P1D" ap:remindEvery="P1D" ap:escalateAfter="P2D"/>
            <bpmn:endEvent id="end"/>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="report"/>
            <bpmn:sequenceFlow id="f2" sourceRef="report" targetRef="end"/>
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static readonly DateTimeOffset Monday = new(2027, 3, 1, 10, 0, 0, TimeSpan.FromHours(8));

    private sealed record Mail(string Key, EmailMessage Message);

    private static async Task<(CycleHost Host, AppUser Secretary, AppUser TownDept)> StartAsync((Database, Action) db,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = await CycleHost.StartAsync(db, settings: settings);
        var users = host.Get<UserStore>();
        var secretary = await users.CreateAsync("sec-a", "张建国", "t-sec-a", [new RoleGrant(Roles.Secretary, host.BranchA.Id)], "sec-a@example.org");
        await users.CreateAsync("sec-b", "李秀英", "t-sec-b", [new RoleGrant(Roles.Secretary, host.BranchB.Id)], "sec-b@example.org");
        var townDept = await users.CreateAsync("town-org", "王组织", "t-town", [new RoleGrant(Roles.OrgDepartment, host.Town.Id)], "town@example.org");
        var deployed = await host.Runtime.DeployAsync(Process, "test");
        Assert.True(deployed.Succeeded, string.Join("; ", deployed.Problems.Select(p => p.Message)));
        await host.AdvanceToAsync(Monday);
        return (host, secretary, townDept);
    }

    private static Task StartReportAsync(CycleHost host, string orgId) =>
        host.Runtime.StartAsync("remind", variables: new Dictionary<string, JsonElement> { ["orgId"] = JsonSerializer.SerializeToElement(orgId) });

    private static async Task<List<Mail>> MailsAsync(CycleHost host)
    {
        await using var c = await host.Database.OpenAsync();
        return (await c.QueryAsync<(string key, string payload)>("select idempotency_key, payload from outbox where kind = 'email' order by id"))
            .Select(r => new Mail(r.key, JsonSerializer.Deserialize<EmailMessage>(r.payload, StoreJson.Options)!)).ToList();
    }

    private static async Task<List<(string kind, long at, string status)>> RemindersAsync(CycleHost host)
    {
        await using var c = await host.Database.OpenAsync();
        return (await c.QueryAsync<(string, long, string)>("select kind, at, status from reminders order by at, kind")).ToList();
    }

    [Fact(DisplayName = "A missed deadline: reminders at the configured offsets in the daily digest, then the upper organization is told")]
    public async Task MissedDeadline()
    {
        var (host, _, _) = await StartAsync(database());
        await using var _host = host;
        await StartReportAsync(host, host.BranchA.Id);
        var due = Monday.AddDays(10);

        // Walk day by day to 08:30 each morning, when the digest goes out.
        for (var at = new DateTimeOffset(2027, 3, 2, 8, 30, 0, TimeSpan.FromHours(8)); at <= due.AddDays(3); at = at.AddDays(1))
            await host.AdvanceToAsync(at);

        var reminders = await RemindersAsync(host);
        Assert.Equal(new[] { "before", "before", "overdue", "overdue", "escalation", "overdue" },
            reminders.Where(r => EpochTime.FromMs(r.at) <= due.AddDays(2)).Select(r => r.kind));
        Assert.Equal(due.AddDays(-3), EpochTime.FromMs(reminders[0].at));
        Assert.Equal(due.AddDays(-1), EpochTime.FromMs(reminders[1].at));

        var all = await MailsAsync(host);
        var secretaryDigests = all.Where(m => m.Key.StartsWith("digest:", StringComparison.Ordinal) && m.Message.To.Single().Address == "sec-a@example.org").ToList();
        // 10:00 moments are mailed in the next morning's digest: the days after the two reminders before, and daily once overdue.
        Assert.Equal(["2027-03-09", "2027-03-11", "2027-03-12", "2027-03-13", "2027-03-14"],
            secretaryDigests.Select(m => m.Key[^10..]).ToArray());
        Assert.All(secretaryDigests, m => Assert.Contains("月度报告", m.Message.Text));
        Assert.Contains("还剩 2 天", secretaryDigests[0].Message.Text);
        Assert.Contains("已逾期", secretaryDigests[^1].Message.Text);
        Assert.Contains("/tasks/", secretaryDigests[0].Message.Text);
        // Branch B's secretary holds no such task.
        Assert.DoesNotContain(all, m => m.Message.To.Any(t => t.Address == "sec-b@example.org"));

        // The escalation went to the town's organization department, in its own next digest, as a task to follow up.
        Assert.DoesNotContain(all, m => m.Key.StartsWith("reminder:", StringComparison.Ordinal));
        var escalation = Assert.Single(all, m => m.Message.To.Single().Address == "town@example.org");
        Assert.EndsWith("2027-03-14", escalation.Key);
        Assert.Contains("1 项督办", escalation.Message.Subject);
        Assert.Contains("下级组织有 1 项事项超过期限仍未办理", escalation.Message.Text);
        Assert.Contains("东街村党支部", escalation.Message.Text);
        Assert.NotNull(await host.ScalarAsync<long?>("select escalated_at from tasks where element_id = 'report'"));
        Assert.All(await RemindersAsync(host), r => Assert.Equal("sent", r.status));
    }

    [Fact(DisplayName = "The shipped workflows take each step's reminder policy from the campaign calendar")]
    public async Task ShippedWorkflowsUseTheCalendar()
    {
        await using var host = await CycleHost.StartAsync(database());
        await host.StartCampaignAsync("five-star-service");
        await host.CompleteAsync(host.CountyDept, "confirm-stars", host.County.Id);
        var pledge = await host.SingleTaskAsync("pledge", host.BranchA.Id);
        Assert.Equal("P7D,P3D,P1D", pledge.Extensions["remindBefore"]);
        Assert.Equal("P1D", pledge.Extensions["remindEvery"]);
        Assert.Equal("P3D", pledge.Extensions["escalateAfter"]);
        var next = await host.ScalarAsync<long?>("select next_at from task_reminders where task_id = @id", new { id = pledge.Id });
        Assert.Equal(pledge.DueAt!.Value.AddDays(-7), EpochTime.FromMs(next));
    }

    [Fact(DisplayName = "Kinds configured immediate are mailed by the sweep that decides them, not in the digest")]
    public async Task ImmediateEscalation()
    {
        var (host, _, _) = await StartAsync(database(), new Dictionary<string, string?>
        {
            ["Approval:Reminders:Immediate:0"] = "escalation",
            ["Approval:Reminders:DigestHour"] = "23",
        });
        await using var _host = host;
        await StartReportAsync(host, host.BranchA.Id);
        await host.AdvanceToAsync(Monday.AddDays(12).AddMinutes(5));

        var mails = await MailsAsync(host);
        var escalation = Assert.Single(mails);
        Assert.StartsWith("reminder:", escalation.Key);
        Assert.Equal("town@example.org", escalation.Message.To.Single().Address);
        Assert.StartsWith("【督办】东街村党支部「月度报告」", escalation.Message.Subject);
        Assert.Contains("已逾期 2 天", escalation.Message.Subject);
        // The secretary's own reminders wait for the 23:00 digest.
        Assert.Contains(await RemindersAsync(host), r => r.kind == "overdue" && r.status == "pending");
    }

    [Fact(DisplayName = "Many overdue tasks of one user make one digest a day, and a sweep repeated after a crash decides nothing twice")]
    public async Task OneDigestPerUserPerDay()
    {
        var (host, _, _) = await StartAsync(database());
        await using var _host = host;
        for (var i = 0; i < 30; i++) await StartReportAsync(host, host.BranchA.Id);
        await StartReportAsync(host, host.BranchB.Id);
        await host.AdvanceToAsync(new DateTimeOffset(2027, 3, 13, 9, 0, 0, TimeSpan.FromHours(8)));
        var reminders = await RemindersAsync(host);

        // Running the round again (a second node, a restart) changes nothing.
        await host.Get<ReminderService>().RunAsync();
        Assert.Equal(reminders.Count, (await RemindersAsync(host)).Count);

        var digests = (await MailsAsync(host)).Where(m => m.Key.StartsWith("digest:", StringComparison.Ordinal)).ToList();
        var a = Assert.Single(digests, m => m.Message.To.Single().Address == "sec-a@example.org");
        Assert.Contains("30 项待办", a.Message.Subject);
        Assert.Single(digests, m => m.Message.To.Single().Address == "sec-b@example.org");
        Assert.Equal(2, digests.Count);
    }

    [Fact(DisplayName = "A task completed before the digest is dropped from it")]
    public async Task CompletedTaskIsDropped()
    {
        var (host, secretary, _) = await StartAsync(database());
        await using var _host = host;
        await StartReportAsync(host, host.BranchA.Id);
        // The day's digest has gone out at 08:30 when the three-days-before moment (10:00) is decided: it waits for tomorrow's.
        await host.AdvanceToAsync(new DateTimeOffset(2027, 3, 8, 8, 30, 0, TimeSpan.FromHours(8)));
        await host.AdvanceToAsync(new DateTimeOffset(2027, 3, 8, 10, 30, 0, TimeSpan.FromHours(8)));
        Assert.Equal("pending", Assert.Single(await RemindersAsync(host)).status);
        var task = await host.SingleTaskAsync("report");
        await host.Runtime.CompleteTaskAsync(task.Id, secretary.Login);
        await host.AdvanceToAsync(new DateTimeOffset(2027, 3, 9, 8, 30, 0, TimeSpan.FromHours(8)));
        Assert.Equal("dropped", Assert.Single(await RemindersAsync(host)).status);
        Assert.Empty(await MailsAsync(host));
        // Its next moment comes: nothing more is decided, and its schedule is removed.
        await host.AdvanceToAsync(new DateTimeOffset(2027, 3, 10, 11, 0, 0, TimeSpan.FromHours(8)));
        Assert.Single(await RemindersAsync(host));
        Assert.Equal(0L, await host.ScalarAsync<long>("select count(*) from task_reminders"));
    }

    [Fact(DisplayName = "A task moved to a new version keeps its due date and follows the new version's reminder policy")]
    public async Task MigratedTaskFollowsTheNewPolicy()
    {
        var (host, _, _) = await StartAsync(database());
        await using var _host = host;
        await StartReportAsync(host, host.BranchA.Id);
        var task = Assert.Single(await host.OpenTasksAsync("report", host.BranchA.Id));
        var due = task.DueAt!.Value;
        Assert.Equal(due.AddDays(-3), EpochTime.FromMs(await host.ScalarAsync<long>("select next_at from task_reminders")));

        // v2 adds a reminder five days before and moves the report's element id; the task keeps its id and due date.
        var v2 = Process.Replace("ap:remindBefore=\"P3D,P1D\"", "ap:remindBefore=\"P5D,P3D,P1D\"").Replace("\"report\"", "\"monthly-report\"")
            .Replace("targetRef=\"report\"", "targetRef=\"monthly-report\"").Replace("sourceRef=\"report\"", "sourceRef=\"monthly-report\"");
        Assert.True((await host.Runtime.DeployAsync(v2, "test")).Succeeded);
        var versions = (await host.Runtime.Store.ReadAsync(s => s.ListDefinitionsAsync())).Where(d => d.Key == "remind").OrderBy(d => d.Version).ToList();
        await host.AdvanceToAsync(Monday.AddHours(2));
        var report = await host.Get<Approval.Core.Designer.InstanceMigrations>().MigrateAsync(
            new MigrationRequest(versions[0].Id, versions[1].Id, new Dictionary<string, string> { ["report"] = "monthly-report" }), "admin");
        Assert.Equal(1, report.Migrated);

        var moved = Assert.Single(await host.OpenTasksAsync("monthly-report", host.BranchA.Id));
        Assert.Equal((task.Id, due, "monthly-report", "P5D,P3D,P1D"), (moved.Id, moved.DueAt!.Value, moved.ElementId, moved.Extensions["remindBefore"]));
        Assert.Equal(due.AddDays(-5), EpochTime.FromMs(await host.ScalarAsync<long>("select next_at from task_reminders")));
        await host.AdvanceToAsync(due.AddDays(-2));
        var reminders = await RemindersAsync(host);
        Assert.Equal([due.AddDays(-5), due.AddDays(-3)], reminders.Select(r => EpochTime.FromMs(r.at)));
        Assert.Equal(1L, await host.ScalarAsync<long>("select count(*) from instance_migrations where migrated_by = 'admin' and instance_count = 1"));
    }

    [Fact(DisplayName = "催办: a reviewer above the branch reminds it at once, once an hour, and the history records it")]
    public async Task Urge()
    {
        var (host, _, townDept) = await StartAsync(database());
        await using var _host = host;
        await StartReportAsync(host, host.BranchA.Id);
        var task = await host.SingleTaskAsync("report");
        var reminders = host.Get<ReminderService>();

        Assert.Equal(UrgeStatus.Forbidden, (await reminders.UrgeAsync(host.SecretaryB, task.Id)).Status);
        Assert.Equal(UrgeStatus.NotFound, (await reminders.UrgeAsync(townDept, "no-such-task")).Status);
        var sent = await reminders.UrgeAsync(townDept, task.Id);
        Assert.Equal(UrgeStatus.Sent, sent.Status);
        Assert.Equal(1, sent.Mails);
        var again = await reminders.UrgeAsync(townDept, task.Id);
        Assert.Equal(UrgeStatus.TooSoon, again.Status);
        Assert.Equal(host.Clock.GetUtcNow().AddHours(1), again.RetryAfter);

        var mail = Assert.Single(await MailsAsync(host));
        Assert.Equal("sec-a@example.org", mail.Message.To.Single().Address);
        Assert.StartsWith("【催办】", mail.Message.Subject);
        Assert.Contains("王组织", mail.Message.Text);
        var history = await host.Runtime.Store.ReadAsync(s => s.ListHistoryAsync(task.InstanceId));
        Assert.Contains(history, h => h.Kind == Approval.Engine.Execution.HistoryKinds.TaskUrged && h.Actor == "town-org");

        await host.AdvanceToAsync(host.Clock.GetUtcNow().AddHours(1));
        Assert.Equal(UrgeStatus.Sent, (await reminders.UrgeAsync(townDept, task.Id)).Status);
    }
}

public sealed class SqliteReminderTests() : ReminderTests(TestDatabases.Sqlite);

public sealed class PostgresReminderTests() : ReminderTests(TestDatabases.Postgres);
