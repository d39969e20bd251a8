using System.Text.Json;
using Approval.Core.Attachments;
using Approval.Core.Comments;
using Approval.Core.Infrastructure;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;
using Approval.Testing;
using Dapper;

namespace Approval.Core.Tests.Attachments;

/// <summary>
/// Comments with files and @mentions on an instance (issue 17), on both databases: who may read and write them, the
/// checks every file passes, nothing kept when anything is refused, and the mail to the people mentioned.
/// </summary>
public abstract class CommentTests((Database Database, Action Cleanup) db) : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("approval-files-").FullName;
    private CycleHost Host { get; set; } = null!;
    private InstanceComments Comments => Host.Get<InstanceComments>();
    private string _instanceId = "";
    private AppUser _secretary = null!, _town = null!, _outsider = null!;

    private static readonly string Process = Bpmn.Process("comment-test", """
        <bpmn:startEvent id="s"/>
        <bpmn:userTask id="work" name="办理" camunda:candidateGroups="secretary" ap:org="${orgId}"/>
        <bpmn:endEvent id="e"/>
        """ + Bpmn.Chain("f", "s", "work", "e"));

    public async Task InitializeAsync()
    {
        Host = await CycleHost.StartAsync(db, settings: new Dictionary<string, string?>
        {
            ["Approval:DataDir"] = _dataDir,
            ["Approval:Attachments:MaxFileBytes"] = "4096",
            ["Approval:Attachments:MaxFiles"] = "2",
            ["Approval:Attachments:ScanCommand"] = TestFiles.ScannerScript(_dataDir),
        });
        Assert.Empty((await Host.Runtime.DeployAsync(Process)).Problems);
        var users = Host.Get<UserStore>();
        _secretary = await users.CreateAsync("sec-a", "张建国", UserStore.NewToken(), [new RoleGrant(Roles.Secretary, Host.BranchA.Id)], "sec-a@example.org");
        _town = await users.CreateAsync("town-wang", "王组织", UserStore.NewToken(), [new RoleGrant(Roles.OrgDepartment, Host.Town.Id)], "town-wang@example.org");
        _outsider = await users.CreateAsync("sec-b", "李支书", UserStore.NewToken(), [new RoleGrant(Roles.Secretary, Host.BranchB.Id)], "sec-b@example.org");
        _instanceId = (await Host.Runtime.StartAsync("comment-test", variables: new Dictionary<string, JsonElement>
        {
            ["orgId"] = JsonSerializer.SerializeToElement(Host.BranchA.Id),
        })).Id;
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    private string AttachmentsDir => Path.Combine(_dataDir, "attachments");

    /// <summary>The files kept (content-addressed), the temporary folder aside.</summary>
    private IReadOnlyList<string> KeptFiles() => Directory.Exists(AttachmentsDir)
        ? Directory.GetFiles(AttachmentsDir, "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(Path.Combine(AttachmentsDir, "tmp"), StringComparison.Ordinal)).ToList()
        : [];

    private IReadOnlyList<string> TempFiles() => Directory.Exists(Path.Combine(AttachmentsDir, "tmp")) ? Directory.GetFiles(Path.Combine(AttachmentsDir, "tmp")) : [];

    private Task<long> CountAsync(string table) => Host.ScalarAsync<long>($"select count(*) from {table}");

    [Fact]
    public async Task Add_KeepsTheFileByItsHash_AndMailsTheColleagueMentioned()
    {
        var result = await Comments.AddAsync(_secretary, _instanceId, "请@王组织 审阅承诺书扫描件", [TestFiles.Upload("承诺书.pdf", TestFiles.Pdf)]);

        Assert.Equal(CommentStatus.Added, result.Status);
        Assert.Equal(["town-wang"], result.Comment!.Mentions);
        var file = Assert.Single(result.Comment.Attachments);
        Assert.Equal(("承诺书.pdf", "application/pdf", (long)TestFiles.Pdf.Length), (file.Name, file.ContentType, file.Size));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(TestFiles.Pdf)), file.Sha256);
        Assert.Equal(Path.Combine(AttachmentsDir, file.Sha256[..2], file.Sha256), Assert.Single(KeptFiles()));
        Assert.Empty(TempFiles());
        var mail = await Host.ScalarAsync<string>("select payload from outbox where idempotency_key = @key", new { key = $"mention:{result.Comment.Id}:town-wang" });
        Assert.Contains("town-wang@example.org", mail);
        Assert.Contains("张建国在", mail);
        Assert.Contains("/tasks/", mail);
        var (status, list) = await Comments.ListAsync(_town, _instanceId);
        Assert.Equal(CommentStatus.Added, status);
        Assert.Equal("请@王组织 审阅承诺书扫描件", Assert.Single(list).Body);
    }

    [Fact]
    public async Task Add_RefusesAMentionOfSomeoneWhoCannotSeeTheInstance_AndKeepsNothing()
    {
        var result = await Comments.AddAsync(_secretary, _instanceId, "@李支书 你也看看", [TestFiles.Upload("a.pdf", TestFiles.Pdf)]);

        Assert.Equal(CommentStatus.Invalid, result.Status);
        Assert.Equal((FieldCodes.NotPermitted, "body"), (result.Problems[0].Code, result.Problems[0].Where));
        Assert.Equal(0, await CountAsync("comments"));
        Assert.Equal(0, await CountAsync("outbox"));
        Assert.Empty(KeptFiles());
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task Add_LeavesAnAtThatNamesNobodyAsText()
    {
        var result = await Comments.AddAsync(_secretary, _instanceId, "材料已发 dangban@example.org，@全体 请查收", []);

        Assert.Equal(CommentStatus.Added, result.Status);
        Assert.Empty(result.Comment!.Mentions);
    }

    [Fact]
    public async Task ReadAndWrite_AreRefusedOutsideTheInstancesScope()
    {
        Assert.Equal(CommentStatus.Forbidden, (await Comments.ListAsync(_outsider, _instanceId)).Status);
        Assert.Equal(CommentStatus.Forbidden, (await Comments.AddAsync(_outsider, _instanceId, "看看", [])).Status);
        Assert.Equal(CommentStatus.NotFound, (await Comments.AddAsync(_secretary, "no-such-instance", "看看", [])).Status);
        Assert.DoesNotContain(await Comments.MentionCandidatesAsync(_secretary, _instanceId), p => p.Login == "sec-b");
        Assert.Contains(await Comments.MentionCandidatesAsync(_secretary, _instanceId), p => p.Login == "town-wang");
    }

    [Fact]
    public async Task Comments_AreAppendOnly_InTheDatabaseItself()
    {
        Assert.Equal(CommentStatus.Added, (await Comments.AddAsync(_secretary, _instanceId, "初稿", [])).Status);

        await using var connection = await Host.Database.OpenAsync();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("update comments set body = '改过'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("delete from comments"));
        Assert.Equal("初稿", await Host.ScalarAsync<string>("select body from comments"));
    }

    public static TheoryData<string, string, string> Refused => new()
    {
        { "tool.exe", "exe", FieldCodes.FileType },
        { "scan.pdf", "png", FieldCodes.FileType },
        { "notes.txt", "exe", FieldCodes.FileType },
        { "ledger.docx", "xlsx", FieldCodes.FileType },
        { "big.pdf", "big", FieldCodes.FileTooLarge },
        { "eicar.txt", "eicar", FieldCodes.FileRefused },
        { "empty.pdf", "empty", FieldCodes.Required },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Add_RefusesABadFile_WithItsCode_AndLeavesNothing(string name, string content, string code)
    {
        var bytes = content switch
        {
            "exe" => TestFiles.Exe,
            "png" => TestFiles.Png,
            "xlsx" => TestFiles.Office("xl/"),
            "big" => [.. TestFiles.Pdf, .. new byte[4096]],
            "eicar" => TestFiles.Text(TestFiles.Eicar),
            _ => [],
        };
        // A good file first: the bad one after it takes it down too.
        var result = await Comments.AddAsync(_secretary, _instanceId, "附件", [TestFiles.Upload("good.pdf", TestFiles.Pdf), TestFiles.Upload(name, bytes)]);

        Assert.Equal(CommentStatus.Invalid, result.Status);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((code, "files"), (problem.Code, problem.Where));
        Assert.Contains(name, problem.Message);
        Assert.Equal(0, await CountAsync("comments"));
        Assert.Equal(0, await CountAsync("attachments"));
        Assert.Empty(KeptFiles());
        Assert.Empty(TempFiles());
    }

    [Fact]
    public async Task Add_RefusesMoreFilesThanAllowed()
    {
        var result = await Comments.AddAsync(_secretary, _instanceId, "附件", [.. Enumerable.Range(1, 3).Select(i => TestFiles.Upload($"{i}.pdf", TestFiles.Pdf))]);

        Assert.Equal(FieldCodes.TooMany, Assert.Single(result.Problems).Code);
        Assert.Empty(KeptFiles());
    }

    [Fact]
    public async Task Add_AcceptsEachKind_ByItsContent()
    {
        var result = await Comments.AddAsync(_secretary, _instanceId, "", [TestFiles.Upload("台账.docx", TestFiles.Office("word/")), TestFiles.Upload("photo.PNG", TestFiles.Png)]);
        Assert.Equal(CommentStatus.Added, result.Status);
        result = await Comments.AddAsync(_secretary, _instanceId, "", [TestFiles.Upload("统计.xlsx", TestFiles.Office("xl/")), TestFiles.Upload("说明.txt", TestFiles.Text("会议记录\n"))]);
        Assert.Equal(CommentStatus.Added, result.Status);

        Assert.Equal(4, await CountAsync("attachments"));
        Assert.Equal(4, KeptFiles().Count);
    }

    [Fact]
    public async Task Add_KeepsOnlyTheLastSegmentOfAPathLikeName_AndStoresTheFileByItsHash()
    {
        var result = await Comments.AddAsync(_secretary, _instanceId, "", [TestFiles.Upload(@"..\..\..\etc/passwd.txt", TestFiles.Text("root"))]);

        var file = Assert.Single(result.Comment!.Attachments);
        Assert.Equal("passwd.txt", file.Name);
        Assert.StartsWith(AttachmentsDir, Assert.Single(KeptFiles()));
        Assert.False(File.Exists(Path.Combine(_dataDir, "..", "etc", "passwd.txt")));
    }

    [Fact]
    public async Task SameBytesTwice_AreStoredOnce()
    {
        await Comments.AddAsync(_secretary, _instanceId, "一", [TestFiles.Upload("a.pdf", TestFiles.Pdf)]);
        await Comments.AddAsync(_town, _instanceId, "二", [TestFiles.Upload("b.pdf", TestFiles.Pdf)]);

        Assert.Equal(2, await CountAsync("attachments"));
        Assert.Single(KeptFiles());
    }

    [Fact]
    public async Task Download_IsReadByWhoeverSeesTheInstance_Only()
    {
        var file = (await Comments.AddAsync(_secretary, _instanceId, "附件", [TestFiles.Upload("a.pdf", TestFiles.Pdf)])).Comment!.Attachments[0];
        var reader = Host.Get<AttachmentReader>();

        Assert.Equal(AttachmentReadStatus.Found, (await reader.FindAsync(_town, file.Id)).Status);
        Assert.Equal(AttachmentReadStatus.Forbidden, (await reader.FindAsync(_outsider, file.Id)).Status);
        Assert.Equal(AttachmentReadStatus.NotFound, (await reader.FindAsync(_town, "nope")).Status);
    }
}

public sealed class SqliteCommentTests() : CommentTests(TestDatabases.Sqlite());

public sealed class PostgresCommentTests() : CommentTests(TestDatabases.Postgres());
