using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Engine;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Notices;

/// <summary>A public notice (公示): a rating or demotion open for objections, or a published pledge.</summary>
public sealed record Notice(
    string Id, string? CampaignId, string Kind, string SubjectKind, string SubjectId, string SubjectName, string OrgId, int Year,
    JsonElement Content, DateTimeOffset OpensAt, DateTimeOffset? ClosesAt, string Status, int ObjectionCount, string InstanceId);

/// <summary>An objection (异议) filed by anyone during a notice.</summary>
public sealed record Objection(
    string Id, string NoticeId, string Name, string Contact, string Content, DateTimeOffset FiledAt, string Status,
    DateTimeOffset? DecidedAt, string? Decision)
{
    /// <summary>Name and contact left out: they are for the investigating organization only (issue 14 §4).</summary>
    public bool ObjectorHidden { get; init; }

    public Objection WithoutObjector() => this with { Name = "", Contact = "", ObjectorHidden = true };
}

public sealed record NewObjection(string? Name, string? Contact, string? Content);

public enum ObjectionOutcome { Filed, Invalid, NoticeClosed, NotFound, TooMany }

/// <summary>
/// Reads notices for the public board and takes objections. Filing updates the notice row first (only while it is
/// open), then inserts the objection, then tells the notice workflow; if that message finds nobody waiting (an
/// investigation is already under way) the objection still waits in the table, where every path of the workflow
/// looks before it lets the rating through.
/// </summary>
public sealed class NoticeStore(Database database, TimeProvider clock, WorkflowRuntime runtime, Attachments.AttachmentFiles files, Attachments.AttachmentStore attachments)
{
    /// <summary>Per client (address hash) and hour: enough for a real objection, too few for flooding.</summary>
    public const int ObjectionsPerHour = 5;

    /// <summary>Counts stop here: a year's board holds a notice per subject (840,000 in a city), and "1000+" says enough.</summary>
    public const int CountCap = 1000;

    public async Task<IReadOnlyList<Notice>> ListAsync(bool current, string? search, int page, int pageSize)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<NoticeRow>(ListSql(current),
            new { search, like = $"%{search}%", take = pageSize, skip = (long)(page - 1) * pageSize });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>How many notices the tab holds, counted up to <see cref="CountCap"/>; <c>Capped</c> when there are more.</summary>
    public async Task<(int Count, bool Capped)> CountAsync(bool current, string? search)
    {
        await using var connection = await database.OpenAsync();
        var count = await connection.ExecuteScalarAsync<int>(CountSql(current),
            new { search, like = $"%{search}%", cap = CountCap + 1 });
        return (Math.Min(count, CountCap), count > CountCap);
    }

    /// <summary>A tab's page (@search, @like, @take, @skip), newest first; public for the plan tests.</summary>
    public static string ListSql(bool current) => $"select * from notices where {BoardFilter(current)} order by opens_at desc, id desc limit @take offset @skip";

    /// <summary>A tab's capped count (@search, @like, @cap); public for the plan tests.</summary>
    public static string CountSql(bool current) => $"select count(*) from (select 1 as x from notices where {BoardFilter(current)} limit @cap) board";

    /// <summary>Which tab a notice is on: 1 while open for objections (current), 0 after (past); indexed as written (0020).</summary>
    private const string Tab = "(case when status in ('open', 'investigating') then 1 else 0 end)";

    /// <summary>The board's two tabs (current: open for objections; past: everything else) and the name search.</summary>
    private static string BoardFilter(bool current) => $"{Tab} = {(current ? 1 : 0)} and (@search is null or subject_name like @like)";

    public async Task<Notice?> GetAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        return (await connection.QueryFirstOrDefaultAsync<NoticeRow>("select * from notices where id = @id", new { id }))?.ToRecord();
    }

    public async Task<IReadOnlyList<Objection>> ObjectionsAsync(string noticeId)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<ObjectionRow>("select * from objections where notice_id = @noticeId order by filed_at, id", new { noticeId });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public static IReadOnlyList<Problem> Validate(NewObjection objection)
    {
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(objection.Name) || objection.Name.Trim().Length > 50)
            problems.Add(new(string.IsNullOrWhiteSpace(objection.Name) ? FieldCodes.Required : FieldCodes.TooLong, "name", "请填写姓名(50字以内) / a name of at most 50 characters is required."));
        if (string.IsNullOrWhiteSpace(objection.Contact) || objection.Contact.Trim().Length is < 5 or > 100)
            problems.Add(new(string.IsNullOrWhiteSpace(objection.Contact) ? FieldCodes.Required : FieldCodes.OutOfRange, "contact", "请填写联系方式(电话或邮箱) / a phone number or email is required."));
        if (string.IsNullOrWhiteSpace(objection.Content) || objection.Content.Trim().Length is < 10 or > 2000)
            problems.Add(new(string.IsNullOrWhiteSpace(objection.Content) ? FieldCodes.Required : FieldCodes.OutOfRange, "content", "异议内容须为10至2000字 / the objection must be 10 to 2,000 characters."));
        return problems;
    }

    /// <summary>
    /// Files an objection with its evidence (<paramref name="uploads"/>, checked as every attachment is, stored with the
    /// objection in its transaction). The files are read by the investigating reviewers only, never on the board.
    /// </summary>
    public async Task<(ObjectionOutcome Outcome, IReadOnlyList<Problem> Problems)> FileObjectionAsync(string noticeId, NewObjection objection, string clientAddress,
        IReadOnlyList<Attachments.Upload>? uploads = null)
    {
        var problems = Validate(objection);
        if (problems.Count > 0) return (ObjectionOutcome.Invalid, problems);
        var (prepared, fileProblems) = await files.PrepareAsync(uploads ?? [], "files");
        if (fileProblems.Count > 0) return (ObjectionOutcome.Invalid, fileProblems);
        var now = EpochTime.ToMs(clock.GetUtcNow());
        var client = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("objection:" + clientAddress)));
        var id = Guid.NewGuid().ToString();
        var outcome = await attachments.WriteWithFilesAsync(prepared, async (connection, tx) =>
        {
            var instanceId = await connection.ExecuteScalarAsync<string?>("select instance_id from notices where id = @noticeId", new { noticeId }, tx);
            if (instanceId is null) return ObjectionOutcome.NotFound;
            var recent = await connection.ExecuteScalarAsync<int>("select count(*) from objections where client_hash = @client and filed_at > @since",
                new { client, since = now - 3_600_000 }, tx);
            if (recent >= ObjectionsPerHour) return ObjectionOutcome.TooMany;
            var taken = await connection.ExecuteAsync("""
                update notices set objection_count = objection_count + 1, status = 'investigating'
                where id = @noticeId and status in ('open', 'investigating') and closes_at > @now
                """, new { noticeId, now }, tx);
            if (taken == 0) return ObjectionOutcome.NoticeClosed;
            await connection.ExecuteAsync("""
                insert into objections (id, notice_id, name, contact, content, filed_at, client_hash, status)
                values (@id, @noticeId, @name, @contact, @content, @now, @client, 'pending')
                """, new { id, noticeId, name = objection.Name!.Trim(), contact = objection.Contact!.Trim(), content = objection.Content!.Trim(), now, client }, tx);
            await attachments.InsertAsync(connection, tx, prepared, new Attachments.AttachmentOwner(instanceId, ObjectionId: id), uploadedBy: null);
            return ObjectionOutcome.Filed;
        }, kept: filed => filed == ObjectionOutcome.Filed);
        if (outcome == ObjectionOutcome.Filed) await runtime.CorrelateMessageAsync(NoticeHandlers.ObjectionMessage, noticeId);
        return (outcome, []);
    }

    private sealed class NoticeRow
    {
        public string id { get; init; } = "";
        public string? campaign_id { get; init; }
        public string kind { get; init; } = "";
        public string subject_kind { get; init; } = "";
        public string subject_id { get; init; } = "";
        public string subject_name { get; init; } = "";
        public string org_id { get; init; } = "";
        public int year { get; init; }
        public string content { get; init; } = "{}";
        public long opens_at { get; init; }
        public long? closes_at { get; init; }
        public string status { get; init; } = "";
        public int objection_count { get; init; }
        public string instance_id { get; init; } = "";

        public Notice ToRecord() => new(id, campaign_id, kind, subject_kind, subject_id, subject_name, org_id, year,
            JsonDocument.Parse(content).RootElement.Clone(), EpochTime.FromMs(opens_at), EpochTime.FromMs(closes_at), status, objection_count, instance_id);
    }

    private sealed class ObjectionRow
    {
        public string id { get; init; } = "";
        public string notice_id { get; init; } = "";
        public string name { get; init; } = "";
        public string contact { get; init; } = "";
        public string content { get; init; } = "";
        public long filed_at { get; init; }
        public string status { get; init; } = "";
        public long? decided_at { get; init; }
        public string? decision { get; init; }

        public Objection ToRecord() => new(id, notice_id, name, contact, content, EpochTime.FromMs(filed_at), status, EpochTime.FromMs(decided_at), decision);
    }
}
