using System.Data.Common;
using Approval.Core.Infrastructure;
using Dapper;

namespace Approval.Core.Attachments;

/// <summary>
/// The attachments' rows. A file and its row are kept together or not at all: <see cref="SaveAsync"/> (and the callers
/// of <see cref="InsertAsync"/> in their own transaction) keep the files first and remove those they created when
/// the transaction does not commit.
/// </summary>
public sealed class AttachmentStore(Database database, AttachmentFiles files, TimeProvider clock)
{
    private const string Columns = """
        id as Id, instance_id as InstanceId, comment_id as CommentId, task_id as TaskId, field as Field, objection_id as ObjectionId,
        name as Name, size as Size, content_type as ContentType, sha256 as Sha256, uploaded_by as UploadedBy, uploaded_at as UploadedAtMs
        """;

    /// <summary>Keeps the files and writes their rows in the caller's transaction.</summary>
    public async Task<IReadOnlyList<Attachment>> InsertAsync(DbConnection c, DbTransaction t, IReadOnlyList<PreparedFile> prepared,
        AttachmentOwner owner, string? uploadedBy)
    {
        var now = clock.GetUtcNow();
        var rows = prepared.Select(f => new Attachment(Guid.NewGuid().ToString(), owner.InstanceId, owner.CommentId, owner.TaskId, owner.Field,
            owner.ObjectionId, f.Name, f.Size, f.ContentType, f.Sha256, uploadedBy, now)).ToList();
        foreach (var row in rows)
            await c.ExecuteAsync("""
                insert into attachments (id, instance_id, comment_id, task_id, field, objection_id, name, size, content_type, sha256, uploaded_by, uploaded_at)
                values (@Id, @InstanceId, @CommentId, @TaskId, @Field, @ObjectionId, @Name, @Size, @ContentType, @Sha256, @UploadedBy, @at)
                """, new { row.Id, row.InstanceId, row.CommentId, row.TaskId, row.Field, row.ObjectionId, row.Name, row.Size, row.ContentType, row.Sha256,
                    row.UploadedBy, at = EpochTime.ToMs(now) }, t);
        return rows;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction after keeping <paramref name="prepared"/>; when it throws, the
    /// files this call created are removed again and nothing is left; so they are when <paramref name="kept"/> says
    /// the work wrote no rows for them (a closed notice).
    /// </summary>
    public async Task<T> WriteWithFilesAsync<T>(IReadOnlyList<PreparedFile> prepared, Func<DbConnection, DbTransaction, Task<T>> work, Func<T, bool>? kept = null)
    {
        var created = files.Keep(prepared);
        try
        {
            var result = await database.WriteAsync(work);
            if (kept is not null && !kept(result)) AttachmentFiles.Discard(created);
            return result;
        }
        catch
        {
            AttachmentFiles.Discard(created);
            throw;
        }
    }

    /// <summary>Keeps the files of a form field and writes their rows in their own transaction.</summary>
    public Task<IReadOnlyList<Attachment>> SaveAsync(IReadOnlyList<PreparedFile> prepared, AttachmentOwner owner, string? uploadedBy) =>
        WriteWithFilesAsync(prepared, (c, t) => InsertAsync(c, t, prepared, owner, uploadedBy));

    /// <summary>
    /// Takes back the rows of a form submission that was then refused (the task closed meanwhile, the form changed its
    /// mind), and the files no other row names.
    /// </summary>
    public async Task ForgetAsync(IReadOnlyList<Attachment> rows)
    {
        if (rows.Count == 0) return;
        var ids = rows.Select(r => r.Id).ToArray();
        var shas = rows.Select(r => r.Sha256).Distinct().ToArray();
        var unused = await database.WriteAsync(async (c, t) =>
        {
            await c.ExecuteAsync($"delete from attachments where {database.Dialect.InList("id", "ids")}", new { ids }, t);
            var used = (await c.QueryAsync<string>($"select distinct sha256 from attachments where {database.Dialect.InList("sha256", "shas")}", new { shas }, t)).ToHashSet();
            return shas.Where(s => !used.Contains(s)).ToList();
        });
        AttachmentFiles.Discard(unused.Select(files.PathOf).Where(File.Exists));
    }

    public async Task<Attachment?> GetAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Row>($"select {Columns} from attachments where id = @id", new { id })).Select(r => r.ToRecord()).FirstOrDefault();
    }

    /// <summary>An instance's attachments, oldest first: its comments', its forms' and its objections'.</summary>
    public async Task<IReadOnlyList<Attachment>> ForInstanceAsync(string instanceId)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<Row>($"select {Columns} from attachments where instance_id = @instanceId order by uploaded_at, id", new { instanceId }))
            .Select(r => r.ToRecord()).ToList();
    }

    private sealed record Row(string Id, string InstanceId, string? CommentId, string? TaskId, string? Field, string? ObjectionId,
        string Name, long Size, string ContentType, string Sha256, string? UploadedBy, long UploadedAtMs)
    {
        public Attachment ToRecord() => new(Id, InstanceId, CommentId, TaskId, Field, ObjectionId, Name, Size, ContentType, Sha256, UploadedBy, EpochTime.FromMs(UploadedAtMs));
    }
}
