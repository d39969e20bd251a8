using System.Text.Json;
using Approval.Core.Attachments;
using Approval.Core.Infrastructure;
using Approval.Core.Notices;
using Approval.Core.Tests.Cycle;
using Approval.Testing;
using Dapper;

namespace Approval.Core.Tests.Attachments;

/// <summary>
/// An objection's evidence (证明材料): filed anonymously from the public board, stored with the objection, read by
/// the investigating reviewers only — not by the rated organization; a notice that is over keeps no file.
/// </summary>
public abstract class ObjectionAttachmentTests((Database Database, Action Cleanup) db) : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("approval-objections-").FullName;
    private CycleHost Host { get; set; } = null!;
    private string _instanceId = "";

    private static readonly string Process = Bpmn.Process("notice-test", """
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="investigate" name="异议核查" camunda:candidateGroups="org-department" ap:org="${orgId}"/>
        <bpmn:endEvent id="e"/>
        """ + Bpmn.Chain("f", "s", "investigate", "e"));

    public async Task InitializeAsync()
    {
        Host = await CycleHost.StartAsync(db, settings: new Dictionary<string, string?> { ["Approval:DataDir"] = _dataDir });
        Assert.Empty((await Host.Runtime.DeployAsync(Process)).Problems);
        _instanceId = (await Host.Runtime.StartAsync("notice-test", variables: new Dictionary<string, JsonElement>
        {
            ["orgId"] = JsonSerializer.SerializeToElement(Host.Town.Id),
        })).Id;
        await NoticeAsync("n-open", "open", closesIn: TimeSpan.FromDays(7));
        await NoticeAsync("n-closed", "closed", closesIn: TimeSpan.FromDays(-1));
    }

    private async Task NoticeAsync(string id, string status, TimeSpan closesIn)
    {
        var now = Host.Clock.GetUtcNow();
        await using var connection = await Host.Database.OpenAsync();
        await connection.ExecuteAsync("""
            insert into notices (id, kind, subject_kind, subject_id, subject_name, org_id, year, content, opens_at, closes_at, status, instance_id)
            values (@id, 'rating', 'organization', @branch, '东街村党支部', @branch, 2027, '{}', @opens, @closes, @status, @instance)
            """, new { id, branch = Host.BranchA.Id, opens = EpochTime.ToMs(now), closes = EpochTime.ToMs(now + closesIn), status, instance = _instanceId });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    private static readonly NewObjection Objection = new("群众甲", "13800000000", "该支部承诺的村道修缮并未完成，现场照片附后。");

    private IReadOnlyList<string> StoredFiles() => Directory.Exists(Path.Combine(_dataDir, "attachments"))
        ? Directory.GetFiles(Path.Combine(_dataDir, "attachments"), "*", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task AnObjectionsEvidence_IsReadByTheInvestigators_NotByTheRatedOrganization()
    {
        var (outcome, problems) = await Host.Notices.FileObjectionAsync("n-open", Objection, "203.0.113.9", [TestFiles.Upload("村道现场.jpg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])]);

        Assert.Equal(ObjectionOutcome.Filed, outcome);
        Assert.Empty(problems);
        var file = Assert.Single(await Host.Get<AttachmentReader>().OfFormsAsync(Host.TownDept, _instanceId, await Host.Runtime.ListTasksAsync(_instanceId)));
        Assert.Equal(("村道现场.jpg", "image/jpeg", (string?)null), (file.Name, file.ContentType, file.UploadedBy));
        Assert.NotNull(file.ObjectionId);
        Assert.Equal(AttachmentReadStatus.Found, (await Host.Get<AttachmentReader>().FindAsync(Host.TownDept, file.Id)).Status);
        Assert.Equal(AttachmentReadStatus.Forbidden, (await Host.Get<AttachmentReader>().FindAsync(Host.SecretaryA, file.Id)).Status);
    }

    [Fact]
    public async Task AnObjectionToANoticeThatIsOver_KeepsNoFile()
    {
        var (outcome, _) = await Host.Notices.FileObjectionAsync("n-closed", Objection, "203.0.113.9", [TestFiles.Upload("a.pdf", TestFiles.Pdf)]);

        Assert.Equal(ObjectionOutcome.NoticeClosed, outcome);
        Assert.Equal(0, await Host.ScalarAsync<long>("select count(*) from attachments"));
        Assert.Empty(StoredFiles());
    }

    [Fact]
    public async Task ABadFile_RefusesTheObjection_AndFilesNothing()
    {
        var (outcome, problems) = await Host.Notices.FileObjectionAsync("n-open", Objection, "203.0.113.9", [TestFiles.Upload("证据.docx", TestFiles.Exe)]);

        Assert.Equal(ObjectionOutcome.Invalid, outcome);
        Assert.Equal((FieldCodes.FileType, "files"), (problems[0].Code, problems[0].Where));
        Assert.Equal(0, await Host.ScalarAsync<long>("select count(*) from objections"));
        Assert.Empty(StoredFiles());
    }
}

public sealed class SqliteObjectionAttachmentTests() : ObjectionAttachmentTests(TestDatabases.Sqlite());

public sealed class PostgresObjectionAttachmentTests() : ObjectionAttachmentTests(TestDatabases.Postgres());
