using System.Globalization;
using Approval.Core.Infrastructure;
using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Engine;
using Dapper;

namespace Approval.Core.Ratings;

public sealed record NewAbsenceEvent(string? OrgId, string? Kind, string? OccurredOn, string? Note);

/// <summary>One recorded absence (缺席或未按时完成任务) of an organization, as the organization page lists it.</summary>
public sealed record AbsenceEvent(string Id, string OrgId, string Kind, string OccurredOn, string Note, DateTimeOffset RecordedAt, string? RecordedBy);

/// <summary>
/// The owner's meetings, trainings and assigned tasks an organization missed, recorded by the organization department
/// above with their dates (append-only), so that a Scheme C deduction ("一次扣3分") can be checked against them.
/// </summary>
public sealed class AbsenceEventStore(Database database, TimeProvider clock)
{
    public const int MaxNote = 500;

    public async Task<(string? Id, IReadOnlyList<Problem> Problems)> RecordAsync(NewAbsenceEvent request, string? recordedBy)
    {
        var problems = new List<Problem>();
        if (request.Kind is null || !SchemeTerms.RecordedAbsenceEvents.Contains(request.Kind))
            problems.Add(new(FieldCodes.InvalidChoice, "kind", "请选择事项：会议、培训或工作任务 / choose a meeting, a training or a task."));
        if (!DateOnly.TryParseExact(request.OccurredOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            problems.Add(new(FieldCodes.Required, "occurredOn", "请填写日期（如 2027-03-05） / give the date (2027-03-05)."));
        else if (date > DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Campaigns.CampaignCalendar.Offset).DateTime))
            problems.Add(new(FieldCodes.OutOfRange, "occurredOn", "日期不能晚于今天 / the date cannot be in the future."));
        var note = request.Note?.Trim();
        if (string.IsNullOrEmpty(note) || note.Length > MaxNote)
            problems.Add(new(string.IsNullOrEmpty(note) ? FieldCodes.Required : FieldCodes.TooLong, "note", $"请写明会议、培训或任务名称（{MaxNote}字以内） / name the meeting, training or task (at most {MaxNote} characters)."));
        await using var connection = await database.OpenAsync();
        if (request.OrgId is null || await connection.ExecuteScalarAsync<int>("select count(*) from organizations where id = @id", new { id = request.OrgId }) == 0)
            problems.Add(new(FieldCodes.UnknownReference, "orgId", "组织不存在 / the organization does not exist."));
        if (problems.Count > 0) return (null, problems);
        var id = Guid.CreateVersion7().ToString();
        await database.WriteAsync((c, t) => c.ExecuteAsync("""
            insert into absence_events (id, org_id, kind, occurred_on, note, recorded_at, recorded_by)
            values (@id, @orgId, @kind, @occurredOn, @note, @now, @recordedBy)
            """, new { id, orgId = request.OrgId, kind = request.Kind, occurredOn = request.OccurredOn, note, now = EpochTime.ToMs(clock.GetUtcNow()), recordedBy }, t));
        return (id, []);
    }

    /// <summary>An organization's (<c>@orgId</c>) events from <c>@from</c> to <c>@to</c> (dates), by date.</summary>
    public const string ListSql = """
        select id, org_id, kind, occurred_on, note, recorded_at, recorded_by from absence_events
        where org_id = @orgId and occurred_on >= @from and occurred_on <= @to order by occurred_on, recorded_at
        """;

    /// <summary>An organization's recorded events of one year, by date.</summary>
    public async Task<IReadOnlyList<AbsenceEvent>> ListAsync(string orgId, int year)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string id, string org_id, string kind, string occurred_on, string note, long recorded_at, string? recorded_by)>(
            ListSql, new { orgId, from = $"{year:0000}-01-01", to = $"{year:0000}-12-31" });
        return rows.Select(r => new AbsenceEvent(r.id, r.org_id, r.kind, r.occurred_on, r.note, EpochTime.FromMs(r.recorded_at), r.recorded_by)).ToList();
    }
}
