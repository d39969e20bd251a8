using System.Data.Common;
using Approval.Core.Infrastructure;
using Approval.Core.Mail;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Dapper;
using Microsoft.Extensions.Options;

namespace Approval.Core.Copies;

public enum CopyStatus { Copied, NotFound, Forbidden, Invalid }

public sealed record CopyResult(CopyStatus Status, IReadOnlyList<Copy> Copies, IReadOnlyList<Problem> Problems);

/// <summary>
/// 抄送: whoever may act on a task, or did, copies people or roles on it. A person must take part in the task's
/// organization (a role held at, above or below it: <see cref="TaskAccess.TakesPart"/>); a role reaches its holders at
/// the task's organization and in its subtree. Each copy is stored with a mail in the outbox and a history line, in one
/// transaction; none is ever waited for.
/// </summary>
public sealed class CopyService(WorkflowRuntime runtime, TaskAccess access, UserStore users, Database database, TimeProvider clock,
    IOptions<Configuration.PublicUrlOptions> site)
{
    public const int MaxNoteLength = 1000;
    /// <summary>A role's holders over a county's subtree run to hundreds; past this a copy names people instead.</summary>
    public const int MaxRecipients = 200;
    /// <summary>The topic of a service task by which a process copies (ap:copyUsers, ap:copyRoles, ap:org, ap:copyNote).</summary>
    public const string Topic = "copy";

    public async Task<CopyResult> CopyAsync(AppUser user, string taskId, IReadOnlyList<string>? people, IReadOnlyList<string>? roles, string? note)
    {
        ArgumentNullException.ThrowIfNull(user);
        var task = await runtime.GetTaskAsync(taskId);
        if (task is null) return new(CopyStatus.NotFound, [], []);
        if (!access.CanAct(user, task) && task.CompletedBy != user.Login) return new(CopyStatus.Forbidden, [], []);
        var problems = new List<Problem>();
        if (note is { Length: > MaxNoteLength }) problems.Add(new(FieldCodes.TooLong, "note", $"附言不能超过 {MaxNoteLength} 字 / at most {MaxNoteLength} characters."));
        var recipients = new Dictionary<string, AppUser>(StringComparer.Ordinal);
        foreach (var login in (people ?? []).Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct())
        {
            var person = await users.FindByLoginAsync(login);
            if (person is null || person.Disabled) problems.Add(new(FieldCodes.UnknownReference, "people", $"没有可用的账号“{login}” / no enabled account '{login}'."));
            else if (task.OrgId is not null && !access.TakesPart(person, task.OrgId))
                problems.Add(new(FieldCodes.NotPermitted, "people", $"{person.DisplayName} 不在该事项所属组织的范围内，不能抄送 / {person.DisplayName} takes no part in the task's organization."));
            else recipients[person.Login] = person;
        }
        foreach (var role in (roles ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => r.Trim()).Distinct())
        {
            if (!Roles.All.Contains(role) || role == Roles.Administrator) { problems.Add(new(FieldCodes.InvalidChoice, "roles", $"不能抄送给角色“{role}” / '{role}' is not a role copies go to.")); continue; }
            foreach (var holder in await HoldersAsync(role, task.OrgId)) recipients.TryAdd(holder.Login, holder);
        }
        recipients.Remove(user.Login);
        if (problems.Count == 0 && recipients.Count == 0) problems.Add(new(FieldCodes.Required, "people", "请选择抄送给谁（本人除外）/ name whom to copy (other than yourself)."));
        if (recipients.Count > MaxRecipients) problems.Add(new(FieldCodes.TooMany, "roles", $"抄送对象超过 {MaxRecipients} 人，请改为指定人员 / more than {MaxRecipients} people; name them instead."));
        if (problems.Count > 0) return new(CopyStatus.Invalid, [], problems);
        var now = clock.GetUtcNow();
        var copies = recipients.Values.Select(r => new Copy(Guid.CreateVersion7().ToString(), task.InstanceId, task.Id, task.ElementId, user.Login, r.Login,
            string.IsNullOrWhiteSpace(note) ? null : note.Trim(), now, null)).ToList();
        await database.WriteAsync(async (c, t) =>
        {
            await StoreAsync(c, t, copies, task.Name, recipients.Values.ToList(), user.DisplayName, now);
            return true;
        });
        return new(CopyStatus.Copied, copies, []);
    }

    /// <summary>Enabled holders of the role at the organization or below it (one range of scope keys); everywhere without one.</summary>
    private async Task<IReadOnlyList<AppUser>> HoldersAsync(string role, string? orgId)
    {
        await using var c = await database.OpenAsync();
        return await HoldersAsync(c, null, role, orgId);
    }

    private static async Task<IReadOnlyList<AppUser>> HoldersAsync(DbConnection c, DbTransaction? t, string role, string? orgId)
    {
        var key = orgId is null ? "/" : await c.ExecuteScalarAsync<string?>("select scope_key from organizations where id = @orgId", new { orgId }, t) ?? "/~";
        var rows = await c.QueryAsync<(string Id, string Login, string Name, string? Email)>(
            """
            select distinct u.id, u.login, u.display_name, u.email from user_roles r
            join organizations o on o.id = r.org_id join users u on u.id = r.user_id
            where r.role = @role and o.scope_key >= @from and o.scope_key < @to and u.disabled_at is null
            order by u.login limit @limit
            """, new { role, from = key, to = Orgs.OrgDirectory.PathEnd(key), limit = MaxRecipients + 1 }, t);
        return rows.Select(r => new AppUser(r.Id, r.Login, r.Name, r.Email, [])).ToList();
    }

    /// <summary>The copies, their mails and the history line, in the caller's transaction.</summary>
    private async Task StoreAsync(DbConnection c, DbTransaction t, IReadOnlyList<Copy> copies, string stepName, IReadOnlyList<AppUser> to, string? fromName, DateTimeOffset now)
    {
        if (copies.Count == 0) return;
        await CopyStore.InsertAsync(c, t, copies);
        var byLogin = to.ToDictionary(u => u.Login);
        var first = copies[0];
        var mails = copies.Where(x => !string.IsNullOrWhiteSpace(byLogin[x.To].Email))
            .Select(x => ($"copy:{x.Id}", (string?)x.InstanceId, Mail(byLogin[x.To], x, stepName, fromName))).ToList();
        await EmailOutbox.QueueAsync(c, t, mails, now);
        await c.ExecuteAsync("insert into history (instance_id, at, kind, element_id, actor, outcome, comment, task_id) values (@instance, @at, @kind, @element, @actor, @names, @note, @taskId)",
            new { instance = first.InstanceId, at = EpochTime.ToMs(now), kind = HistoryKinds.TaskCopied, element = first.ElementId, actor = first.From,
                names = string.Join("、", to.Select(u => u.DisplayName)), note = first.Note, taskId = first.TaskId }, t);
    }

    private EmailMessage Mail(AppUser to, Copy copy, string stepName, string? fromName)
    {
        var link = copy.TaskId is null ? "" : $"\n查看 / view: {site.Value.PublicUrl.TrimEnd('/')}/tasks/{Uri.EscapeDataString(copy.TaskId)}";
        var text = $"{to.DisplayName}同志：\n\n{fromName ?? "流程"}抄送给您：{stepName}{(copy.Note is null ? "" : $"\n附言：{copy.Note}")}{link}\n\n"
            + "抄送仅供知悉，无需办理。 / A copy for your information; nothing waits for you.";
        return new EmailMessage([new MailAddress(to.Email!, to.DisplayName)], $"抄送 / Copy: {stepName}", text);
    }

    /// <summary>
    /// The process's copy (a service task with topic <see cref="Topic"/>): ap:copyUsers (logins) and ap:copyRoles (roles held
    /// at ap:org or below), with ap:copyNote, of the instance's latest completed step — in the step's own transaction.
    /// </summary>
    public async Task CopyFromProcessAsync(ServiceTaskContext context)
    {
        var tx = Workflow.ServiceTaskContextExtensions.Transaction(context);
        var (c, t) = (tx.Connection, tx.Transaction);
        var orgId = context.Attributes.GetValueOrDefault("org") is { Length: > 0 } o ? o : null;
        var to = new Dictionary<string, AppUser>(StringComparer.Ordinal);
        foreach (var role in Split(context.Attributes.GetValueOrDefault("copyRoles")))
            foreach (var holder in await HoldersAsync(c, t, role, orgId)) to.TryAdd(holder.Login, holder);
        foreach (var login in Split(context.Attributes.GetValueOrDefault("copyUsers")))
            if (await c.QueryFirstOrDefaultAsync<(string Id, string Login, string Name, string? Email)?>(
                "select id, login, display_name, email from users where login = @login and disabled_at is null", new { login }, t) is { } u)
                to.TryAdd(u.Login, new AppUser(u.Id, u.Login, u.Name, u.Email, []));
        var last = await c.QueryFirstOrDefaultAsync<(string Id, string ElementId, string Name)?>(
            "select id, element_id, name from tasks where instance_id = @instanceId and status = 'completed' order by completed_at desc, id desc limit 1",
            new { instanceId = context.InstanceId }, t);
        var note = context.Attributes.GetValueOrDefault("copyNote") is { Length: > 0 } n ? n : null;
        var copies = to.Values.Take(MaxRecipients).Select(u => new Copy(Guid.CreateVersion7().ToString(), context.InstanceId, last?.Id, last?.ElementId ?? context.ElementId,
            null, u.Login, note, context.Now, null)).ToList();
        await StoreAsync(c, t, copies, last?.Name ?? context.ElementId, to.Values.Take(MaxRecipients).ToList(), null, context.Now);
    }

    private static IEnumerable<string> Split(string? list) =>
        (list ?? "").Split([',', ' ', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct();
}
