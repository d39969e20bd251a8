using System.Text.Json;
using Approval.Core.Comments;
using Approval.Core.Outbox;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;
using Approval.Testing;

namespace Approval.Core.Tests.Mail;

/// <summary>
/// @提及 end to end with a real SMTP server: a comment mentioning a colleague reaches their mailbox once, with who
/// wrote what and the link to the task page; the author, mentioning themselves, gets nothing.
/// </summary>
public sealed class MentionMailTests : IDisposable
{
    private readonly MailDev _maildev = new();
    private readonly string _colleague = $"town-{Guid.NewGuid():N}@example.org";
    private readonly string _author = $"sec-{Guid.NewGuid():N}@example.org";

    private static readonly string Process = Bpmn.Process("mention-mail", """
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="work" name="承诺审核" camunda:candidateGroups="org-department" ap:org="${orgId}"/>
        <bpmn:endEvent id="e"/>
        """ + Bpmn.Chain("f", "s", "work", "e"));

    [Fact(DisplayName = "A mentioned colleague gets one mail with the comment and the link; the author none")]
    public async Task AMentionMailsTheColleague()
    {
        var dataDir = Directory.CreateTempSubdirectory("approval-mention-").FullName;
        await using var host = await CycleHost.StartAsync(TestDatabases.Sqlite(), settings: new Dictionary<string, string?>
        {
            ["Approval:DataDir"] = dataDir,
            ["Approval:PublicUrl"] = "https://dangjian.example.org",
            ["Approval:Smtp:Host"] = _maildev.Host,
            ["Approval:Smtp:Port"] = _maildev.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Approval:Smtp:Tls"] = "None",
        });
        var users = host.Get<UserStore>();
        var author = await users.CreateAsync("mm-sec", "张建国", UserStore.NewToken(), [new RoleGrant(Roles.Secretary, host.BranchA.Id)], _author);
        await users.CreateAsync("mm-town", "王组织", UserStore.NewToken(), [new RoleGrant(Roles.OrgDepartment, host.Town.Id)], _colleague);
        Assert.Empty((await host.Runtime.DeployAsync(Process)).Problems);
        var instance = await host.Runtime.StartAsync("mention-mail", variables: new Dictionary<string, JsonElement>
        {
            ["orgId"] = JsonSerializer.SerializeToElement(host.BranchA.Id),
            ["subjectName"] = JsonSerializer.SerializeToElement("东街村党支部"),
        });
        var task = (await host.Runtime.ListTasksAsync(instance.Id)).Single();

        var added = await host.Get<InstanceComments>().AddAsync(author, instance.Id, "@王组织 承诺书扫描件已上传，请审阅。@张建国", []);
        Assert.Equal((CommentStatus.Added, 1), (added.Status, added.Mailed));
        await host.Get<OutboxDispatcher>().DispatchAsync();
        await host.Get<OutboxDispatcher>().DispatchAsync();

        var mail = Assert.Single(await _maildev.ForAsync(_colleague));
        Assert.Equal("【星级创建】张建国在评论中提到了您：承诺审核（东街村党支部）", mail.Subject);
        Assert.Contains("王组织同志：", mail.Text);
        Assert.Contains("承诺书扫描件已上传，请审阅。", mail.Text);
        Assert.Contains($"https://dangjian.example.org/tasks/{task.Id}#comments", mail.Text);
        Assert.Empty(await _maildev.ForAsync(_author));
        Directory.Delete(dataDir, recursive: true);
    }

    public void Dispose() => _maildev.Dispose();
}
