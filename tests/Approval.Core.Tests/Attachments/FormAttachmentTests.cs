using System.Text.Json;
using Approval.Core.Attachments;
using Approval.Core.Forms;
using Approval.Core.Infrastructure;
using Approval.Core.Tasks;
using Approval.Core.Tests.Cycle;

namespace Approval.Core.Tests.Attachments;

/// <summary>
/// 台账资料: files on the pledge form are stored with the submission and read by the reviewers above; a refused
/// submission keeps none of them; a form without a file field takes none.
/// </summary>
public abstract class FormAttachmentTests((Database Database, Action Cleanup) db) : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("approval-forms-").FullName;
    private CycleHost Host { get; set; } = null!;

    private static readonly Dictionary<string, JsonElement> Pledge = JsonSerializer.SerializeToElement(
        new { targetLevel = 5, measures = "建强支部班子", deeds = new[] { "建成党员服务站" } }).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    public async Task InitializeAsync()
    {
        Host = await CycleHost.StartAsync(db, settings: new Dictionary<string, string?> { ["Approval:DataDir"] = _dataDir });
        await Host.StartCampaignAsync("five-star-service");
        await Host.CompleteAsync(Host.CountyDept, "confirm-stars", Host.County.Id);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    private Task<Completion> SubmitAsync(Engine.Runtime.TaskRecord task, Dictionary<string, JsonElement> values, params Upload[] files) =>
        Host.Get<TaskCompletion>().CompleteAsync(Host.SecretaryA, task.Id, new FormSubmission("submit", null, values), files);

    private IReadOnlyList<string> StoredFiles() => Directory.Exists(Path.Combine(_dataDir, "attachments"))
        ? Directory.GetFiles(Path.Combine(_dataDir, "attachments"), "*", SearchOption.AllDirectories) : [];

    [Fact]
    public async Task APledgesFiles_AreStoredWithTheSubmission_AndReadAbove()
    {
        var pledge = await Host.SingleTaskAsync("pledge", Host.BranchA.Id);

        var done = await SubmitAsync(pledge, Pledge, TestFiles.Upload("承诺公示照片.png", TestFiles.Png));

        Assert.Equal(CompletionStatus.Completed, done.Status);
        var tasks = await Host.Runtime.ListTasksAsync(pledge.InstanceId);
        var file = Assert.Single(await Host.Get<AttachmentReader>().OfFormsAsync(Host.TownDept, pledge.InstanceId, tasks));
        Assert.Equal((pledge.Id, "attachments", "承诺公示照片.png", "secretary-a"), (file.TaskId, file.Field, file.Name, file.UploadedBy));
        Assert.Empty(await Host.Get<AttachmentReader>().OfFormsAsync(Host.SecretaryB, pledge.InstanceId, tasks));
    }

    [Fact]
    public async Task ARefusedSubmission_KeepsNoFile()
    {
        var pledge = await Host.SingleTaskAsync("pledge", Host.BranchA.Id);
        var incomplete = new Dictionary<string, JsonElement>(Pledge);
        incomplete.Remove("measures");

        Assert.Equal(CompletionStatus.Invalid, (await SubmitAsync(pledge, incomplete, TestFiles.Upload("a.pdf", TestFiles.Pdf))).Status);
        var badFile = await SubmitAsync(pledge, Pledge, TestFiles.Upload("a.pdf", TestFiles.Png));

        Assert.Equal((CompletionStatus.Invalid, FieldCodes.FileType, "attachments"), (badFile.Status, badFile.Problems[0].Code, badFile.Problems[0].Where));
        Assert.Equal(0, await Host.ScalarAsync<long>("select count(*) from attachments"));
        Assert.Empty(StoredFiles());
        Assert.Equal(Engine.Runtime.TaskStatus.Open, (await Host.Runtime.GetTaskAsync(pledge.Id))!.Status);
    }

    [Fact]
    public async Task AFormWithoutAFileField_TakesNoFiles()
    {
        var pledge = await Host.SingleTaskAsync("pledge", Host.BranchA.Id);
        Assert.Equal(CompletionStatus.Completed, (await SubmitAsync(pledge, Pledge)).Status);
        var review = (await Host.Runtime.ListTasksAsync(pledge.InstanceId)).Single(t => t.Status == Engine.Runtime.TaskStatus.Open);
        Assert.Null(Host.Get<FormCatalog>().Find(review.FormKey!)!.FileField);

        var done = await Host.Get<TaskCompletion>().CompleteAsync(Host.Admin, review.Id, new FormSubmission(null, null, null), [TestFiles.Upload("a.pdf", TestFiles.Pdf)]);

        Assert.Equal((CompletionStatus.Invalid, FieldCodes.NotPermitted), (done.Status, done.Problems[0].Code));
        Assert.Empty(StoredFiles());
    }
}

public sealed class SqliteFormAttachmentTests() : FormAttachmentTests(TestDatabases.Sqlite());

public sealed class PostgresFormAttachmentTests() : FormAttachmentTests(TestDatabases.Postgres());
