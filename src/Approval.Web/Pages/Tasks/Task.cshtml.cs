using System.Text.Json;
using Approval.Core.Forms;
using Approval.Core.Notices;
using Approval.Core.Orgs;
using Approval.Core.Ratings;
using Approval.Core.Schemes;
using Approval.Core.Tasks;
using Approval.Engine;
using Approval.Engine.Runtime;
using Approval.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using static Approval.Web.Pages.Shared.Ui;

namespace Approval.Web.Pages.Tasks;

/// <summary>
/// One task: its form (a partial per form key), the instance's history and where it stands in the process. The
/// form posts back here and is completed through <see cref="TaskCompletion"/>, the same path as the API; a refused
/// form comes back with each problem next to its field and nothing changed.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class TaskModel(CurrentUser current, WorkflowRuntime runtime, TaskAccess access, TaskCompletion completion,
    FormCatalog forms, FormContexts contexts, SchemeCatalog schemes, NoticeStore notices, OrgStore orgs, Core.Reminders.ReminderService reminders, Core.Users.UserStore users,
    Core.Infrastructure.Database database, Core.Obligations.ObligationCatalog obligations, Core.Voting.TaskVotes taskVotes, TaskTransfer transfer, TaskAddSign addSign,
    Core.Copies.CopyStore copyStore, Core.Copies.CopyService copier, TimeProvider clock,
    Core.Comments.InstanceComments comments, Core.Attachments.AttachmentReader attachments, Microsoft.Extensions.Options.IOptions<Core.Attachments.AttachmentOptions> attachmentLimits) : PageModel
{
    /// <summary>评论: the instance's comments, the form to add one and whom it may mention.</summary>
    public Shared.CommentsView Comments { get; private set; } = null!;
    /// <summary>The files of the instance's submitted forms (the pledge's, a report's) and of its objections, that this user may read.</summary>
    public IReadOnlyList<Core.Attachments.Attachment> FormFiles { get; private set; } = [];
    /// <summary>The open form's file field, when it takes files.</summary>
    public string? FileField => forms.For(Task)?.FileField;
    public Core.Attachments.AttachmentOptions AttachmentLimits => attachmentLimits.Value;

    private static readonly HashSet<string> NotFields = ["__RequestVerificationToken", "outcome", "comment"];

    public TaskRecord Task { get; private set; } = null!;
    public InstanceView Instance { get; private set; } = null!;
    public IReadOnlyList<HistoryRecord> History { get; private set; } = [];
    public IReadOnlyList<TaskRecord> InstanceTasks { get; private set; } = [];
    public ProcessOutline Outline { get; private set; } = null!;
    public TaskFormView? Form { get; private set; }
    public bool CanAct { get; private set; }
    /// <summary>催办: an organization department over the task's organization (or an administrator), while it is open.</summary>
    public bool CanUrge { get; private set; }
    /// <summary>Administrators may open the instance viewer (diagram, variables, full history).</summary>
    public bool CanInspect { get; private set; }
    public string? OrgName { get; private set; }
    /// <summary>People's names by login, for the history ("names, not logins").</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();
    public string NameOf(string? login) => login is null ? "—" : Names.GetValueOrDefault(login, login);
    /// <summary>Confidential tasks (the discipline opinion) whose outcome and opinion this user may not read.</summary>
    public IReadOnlySet<string> HiddenOpinions { get; private set; } = new HashSet<string>();
    /// <summary>Reviewers' internal notes (内部意见) by task, those this user may read (upward only).</summary>
    public IReadOnlyDictionary<string, string> InternalNotes { get; private set; } = new Dictionary<string, string>();
    public string? Message { get; private set; }
    public IReadOnlyList<Problem> Problems { get; private set; } = [];
    /// <summary>退回's choices for whoever may act on the open task: the steps its instance has completed.</summary>
    public IReadOnlyList<(string Id, string Name)> ReturnTargets { get; private set; } = [];
    /// <summary>转交's choices for whoever may act on the open task: the people it is offered to, by name.</summary>
    public IReadOnlyList<Core.Users.AppUser> TransferTargets { get; private set; } = [];
    /// <summary>加签's choices for whoever may act on the open task: people holding a role over its organization, by name.</summary>
    public IReadOnlyList<Core.Users.AppUser> SignTargets { get; private set; } = [];
    /// <summary>撤回: this task is the instance's last completed step, done by this user, and the next step has not acted.</summary>
    public bool CanWithdraw { get; private set; }
    /// <summary>委托: the person this user acts for on this task ("代"), while their delegation lasts.</summary>
    public Core.Users.AppUser? OnBehalfOf { get; private set; }
    /// <summary>抄送: the user reads this instance because it was copied to them (read-only).</summary>
    public bool Copied { get; private set; }
    /// <summary>抄送's choices: people holding a role at the task's organization or above it, by name (the caller aside).</summary>
    public IReadOnlyList<Core.Users.AppUser> CopyTargets { get; private set; } = [];
    public bool CanCopy => CanAct || (Task.CompletedBy is not null && Task.CompletedBy == _user.Login);

    public async Task<IActionResult> OnGetAsync(string id)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        await LoadPageAsync(new Dictionary<string, string[]>());
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        var submission = Submission();
        try
        {
            var uploads = FileField is { } field ? Api.CommentsApi.Uploads(Shared.CommentsView.FilesOf(Request, field)) : [];
            var done = await completion.CompleteAsync(await current.GetAsync(), id, submission, uploads);
            switch (done.Status)
            {
                case CompletionStatus.Completed:
                    TempData["flash"] = T($"“{Task.Name}”已提交。", $"'{Task.Name}' was submitted.");
                    return Redirect("/inbox");
                case CompletionStatus.Forbidden:
                    return StatusCode(StatusCodes.Status403Forbidden);
                case CompletionStatus.NotFound:
                    return NotFound();
            }
            return await RefusedAsync(done.Problems);
        }
        catch (TaskNotOpenException)
        {
            Message = T("该事项已经办结，无需重复提交。", "This task has already been completed.");
            await LoadTaskAsync(id);
            await LoadPageAsync(new Dictionary<string, string[]>());
            return Page();
        }
    }

    /// <summary>发起测评 from a 民主测评 task: the vote's page takes the ballots or the tellers' counts; the task then takes its tally.</summary>
    public async Task<IActionResult> OnPostCallVoteAsync(string id, string? voteMode, DateTime? voteDue, bool voteAll)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        var due = voteDue is { } local ? FromLocal(local) : (DateTimeOffset?)null;
        if (voteAll && CanAct && Task.OrgId is { } orgId)
        {
            // 民主测评以党支部为单位: this task's vote and those of the branch's other members, each its own vote.
            var (called, problems) = await taskVotes.CallForMembersAsync(await current.GetAsync(), orgId, voteMode, due);
            if (called > 0)
            {
                TempData["flash"] = T($"已为 {called} 名党员发起测评。", $"Votes called for {called} members.");
                return Redirect($"/votes?org={Uri.EscapeDataString(orgId)}");
            }
            if (problems.Count > 0) return await RefusedAsync(VoteCallProblems(problems));
        }
        var call = await taskVotes.CallForTaskAsync(await current.GetAsync(), id, voteMode, due);
        switch (call.Status)
        {
            case Core.Voting.TaskVoteCallStatus.Called:
                TempData["flash"] = T("测评已发起。", "The vote is called.");
                return Redirect($"/votes/{Uri.EscapeDataString(call.Session!.Id)}");
            case Core.Voting.TaskVoteCallStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case Core.Voting.TaskVoteCallStatus.NotFound:
                return NotFound();
        }
        return await RefusedAsync(VoteCallProblems(call.Problems));
    }

    /// <summary>A call's "mode" problem belongs beside the page's own field, named voteMode (the task form has its own fields).</summary>
    private static List<Problem> VoteCallProblems(IEnumerable<Problem> problems) =>
        problems.Select(p => p.Where == "mode" ? p with { Where = "voteMode" } : p).ToList();

    /// <summary>The page again with what was posted and each problem beside its field, as a 400; nothing changed.</summary>
    private async Task<IActionResult> RefusedAsync(IReadOnlyList<Problem> problems)
    {
        Problems = problems;
        await LoadPageAsync(Request.Form.Keys.ToDictionary(k => k, k => Request.Form[k].Select(v => v ?? "").ToArray()));
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>An engine refusal (its first problem, explained in the reader's language) beside <paramref name="field"/>; nothing changed.</summary>
    private Task<IActionResult> RefusedAsync(Engine.Modification.ModificationRefusedException refusal, string field) =>
        RefusedAsync([new(refusal.Problems[0].Code, field, Localization.ProblemTexts.Explain(refusal.Problems[0].Code, refusal.Problems[0].Message))]);

    /// <summary>The task closed while the user looked at it: the page as it stands now, with why nothing was done, as a 409.</summary>
    private async Task<IActionResult> ClosedMeanwhileAsync(string id, string message)
    {
        Message = message;
        await LoadTaskAsync(id);
        await LoadPageAsync(new Dictionary<string, string[]>());
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>评论: a comment on the task's instance, by whoever may see it; refused whole, beside the comment form, with nothing kept.</summary>
    public async Task<IActionResult> OnPostCommentAsync(string id)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        var result = await Shared.CommentsView.PostAsync(comments, _user, Task.InstanceId, Request);
        if (result.Status == Core.Comments.CommentStatus.Added)
        {
            TempData["flash"] = result.Mailed > 0 ? T($"评论已发表，已邮件通知 {result.Mailed} 人。", $"Comment posted; {result.Mailed} people were emailed.") : T("评论已发表。", "Comment posted.");
            return Redirect($"/tasks/{Uri.EscapeDataString(id)}#comments");
        }
        if (result.Status == Core.Comments.CommentStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        await LoadPageAsync(new Dictionary<string, string[]>());
        Comments = Comments with { Problems = result.Problems, Posted = Request.Form[Shared.CommentsView.BodyField].FirstOrDefault() };
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>催办: reminds the task's holders at once; refused more than once an hour per task.</summary>
    public async Task<IActionResult> OnPostUrgeAsync(string id)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        var result = await reminders.UrgeAsync(await current.GetAsync(), id);
        switch (result.Status)
        {
            case Core.Reminders.UrgeStatus.Sent:
                TempData["flash"] = result.Mails > 0
                    ? T($"已催办，提醒邮件已发给 {result.Mails} 人。", $"Reminder sent to {result.Mails} people.")
                    : T("已催办（对方未登记邮箱，提醒已记入办理记录）。", "Reminder recorded (nobody has an email address on file).");
                return Redirect($"/tasks/{Uri.EscapeDataString(id)}");
            case Core.Reminders.UrgeStatus.Forbidden:
                return StatusCode(StatusCodes.Status403Forbidden);
            case Core.Reminders.UrgeStatus.NotFound:
                return NotFound();
        }
        Message = result.Status == Core.Reminders.UrgeStatus.TooSoon
            ? T($"刚刚已催办过，请于 {Time(result.RetryAfter)} 之后再催办。", $"Already reminded; you can remind again after {Time(result.RetryAfter)}.")
            : T("该事项已经办结，无需催办。", "This task is already closed.");
        await LoadPageAsync(new Dictionary<string, string[]>());
        Response.StatusCode = result.Status == Core.Reminders.UrgeStatus.TooSoon ? StatusCodes.Status429TooManyRequests : StatusCodes.Status409Conflict;
        return Page();
    }

    /// <summary>退回: the task closes as returned and the instance goes back to the chosen step; the reason is kept.</summary>
    public async Task<IActionResult> OnPostReturnAsync(string id, string? returnTo, string? returnReason)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        if (!CanAct) return StatusCode(StatusCodes.Status403Forbidden);
        var problems = new List<Problem>();
        if (string.IsNullOrWhiteSpace(returnTo)) problems.Add(new(Core.FieldCodes.Required, "returnTo", T("请选择退回到哪个环节。", "Choose the step to return to.")));
        if (string.IsNullOrWhiteSpace(returnReason)) problems.Add(new(Core.FieldCodes.Required, "returnReason", T("请填写退回原因，它将记入办理记录。", "Say why; the reason is kept in the history.")));
        else if (returnReason.Length > Api.InstancesApi.MaxReasonLength) problems.Add(new(Core.FieldCodes.TooLong, "returnReason", T($"退回原因不能超过 {Api.InstancesApi.MaxReasonLength} 字。", $"At most {Api.InstancesApi.MaxReasonLength} characters.")));
        if (problems.Count > 0) return await RefusedAsync(problems);
        try
        {
            await runtime.ReturnTaskAsync(id, returnTo!, (await current.GetAsync()).Login, returnReason!);
            TempData["flash"] = T("已退回。", "Returned.");
            return Redirect("/inbox");
        }
        catch (Engine.Modification.ModificationRefusedException e)
        {
            return await RefusedAsync(e, "returnTo");
        }
        catch (TaskNotOpenException)
        {
            return await ClosedMeanwhileAsync(id, T("该事项已经办结，不能退回。", "This task is already closed and cannot be returned."));
        }
    }

    /// <summary>转交: the task goes to a colleague it is offered to; the reason is kept.</summary>
    public async Task<IActionResult> OnPostTransferAsync(string id, string? transferTo, string? transferReason)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        try
        {
            var result = await transfer.TransferAsync(await current.GetAsync(), id, transferTo, transferReason);
            switch (result.Status)
            {
                case TransferStatus.Transferred:
                    TempData["flash"] = T($"已转交给 {NameOf(transferTo)}。", $"Handed to {NameOf(transferTo)}.");
                    return Redirect("/inbox");
                case TransferStatus.Forbidden: return StatusCode(StatusCodes.Status403Forbidden);
                case TransferStatus.NotFound: return NotFound();
            }
            return await RefusedAsync(result.Problems.Select(p => p with { Where = p.Where == "to" ? "transferTo" : "transferReason" }).ToList());
        }
        catch (TaskNotOpenException)
        {
            return await ClosedMeanwhileAsync(id, T("该事项已经办结，不能转交。", "This task is already closed and cannot be handed on."));
        }
    }

    /// <summary>加签: a colleague signs this step first (the task comes back) or after this user (the step is done when they sign).</summary>
    public async Task<IActionResult> OnPostAddSignAsync(string id, string? signTo, string? signPosition, string? signReason)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        try
        {
            var result = await addSign.AddAsync(await current.GetAsync(), id, signTo, signPosition, signReason);
            switch (result.Status)
            {
                case AddSignStatus.Added when signPosition == Engine.Execution.AddedSign.Before:
                    TempData["flash"] = T($"已请 {NameOf(signTo)} 先行会签，签署后事项将回到您这里。", $"{NameOf(signTo)} signs first; the task comes back to you afterwards.");
                    return Redirect("/inbox");
                case AddSignStatus.Added:
                    TempData["flash"] = T($"已加签：您提交后由 {NameOf(signTo)} 签批。", $"Added: {NameOf(signTo)} signs after you submit.");
                    return Redirect($"/tasks/{Uri.EscapeDataString(id)}");
                case AddSignStatus.Forbidden: return StatusCode(StatusCodes.Status403Forbidden);
                case AddSignStatus.NotFound: return NotFound();
            }
            return await RefusedAsync(result.Problems.Select(p => p with { Where = "sign" + char.ToUpperInvariant(p.Where![0]) + p.Where[1..] }).ToList());
        }
        catch (Engine.Modification.ModificationRefusedException e)
        {
            return await RefusedAsync(e, "signTo");
        }
        catch (TaskNotOpenException)
        {
            return await ClosedMeanwhileAsync(id, T("该事项已经办结，不能加签。", "This task is already closed; no signer can be added."));
        }
    }

    /// <summary>The task's completer "代" whom, by name: "张三 代 李四" (委托), or the completer alone.</summary>
    public string CompletedByText(TaskRecord? task, string? actor) =>
        task?.OnBehalfOf is { } behalf ? $"{NameOf(actor)} {T("代", "for")} {NameOf(behalf)}" : NameOf(actor);

    private async Task<IReadOnlyList<Core.Users.AppUser>> CopyCandidatesAsync()
    {
        var path = Task.OrgId is null ? null : (await orgs.GetAsync(Task.OrgId))?.Path;
        var orgIds = path?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        return (await users.HoldingAnyAsync(Core.Users.Roles.All.Where(r => r != Core.Users.Roles.Administrator).ToList(), orgIds, [], 100))
            .Where(p => p.Login != _user.Login).ToList();
    }

    /// <summary>抄送: copies the task to colleagues or to role holders at and below its organization; nothing waits for them.</summary>
    public async Task<IActionResult> OnPostCopyAsync(string id, List<string>? copyTo, List<string>? copyRoles, string? copyNote)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        var result = await copier.CopyAsync(await current.GetAsync(), id, copyTo, copyRoles, copyNote);
        switch (result.Status)
        {
            case Core.Copies.CopyStatus.Copied:
                Names = await users.NamesAsync(result.Copies.Select(c => c.To));
                TempData["flash"] = T($"已抄送 {string.Join("、", result.Copies.Select(c => NameOf(c.To)))}。", $"Copied to {string.Join(", ", result.Copies.Select(c => NameOf(c.To)))}.");
                return Redirect($"/tasks/{Uri.EscapeDataString(id)}");
            case Core.Copies.CopyStatus.Forbidden: return StatusCode(StatusCodes.Status403Forbidden);
            case Core.Copies.CopyStatus.NotFound: return NotFound();
        }
        return await RefusedAsync(result.Problems.Select(p => p with { Where = p.Where == "note" ? "copyNote" : "copyTo" }).ToList());
    }

    /// <summary>撤回: the submitter takes this step back while the next step has not acted; its task opens again.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(string id)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        try
        {
            await runtime.WithdrawAsync(Task.InstanceId, (await current.GetAsync()).Login, null);
            var reopened = (await runtime.ListTasksAsync(Task.InstanceId))
                .LastOrDefault(t => t.ElementId == Task.ElementId && t.Status == Engine.Runtime.TaskStatus.Open);
            TempData["flash"] = T($"“{Task.Name}”已撤回，可修改后重新提交。", $"'{Task.Name}' was withdrawn; change it and submit again.");
            return Redirect(reopened is null ? "/inbox" : $"/tasks/{Uri.EscapeDataString(reopened.Id)}");
        }
        catch (Engine.Modification.ModificationRefusedException e)
        {
            Message = Localization.ProblemTexts.Explain(e.Problems[0].Code, e.Problems[0].Message);
            await LoadPageAsync(new Dictionary<string, string[]>());
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
    }

    /// <summary>The assessment's live explanation: the scheme scores what has been typed so far (nothing is saved).</summary>
    public async Task<IActionResult> OnPostPreviewAsync(string id)
    {
        if (await LoadTaskAsync(id) is { } refused) return refused;
        if (RatingSubject.Of(new FormContext(Task, Instance.Variables), schemes) is not { } subject) return Content("");
        var values = new FormValues(Submission().Values);
        var input = AssessmentForm.ReadInput(subject, values);
        var preview = values.Problems.Count > 0
            ? new ScorePreview(null, values.Problems.Select(p => Localize(p.Message)).ToList())
            : await ScoreAsync(subject, input);
        return Partial("Forms/_ScorePreview", preview);
    }

    /// <summary>Scores what has been typed as the scoring step will: with the absences the scheme counts from the records.</summary>
    private async Task<ScorePreview> ScoreAsync(RatingSubject subject, AssessmentInput input)
    {
        var context = new FormContext(Task, Instance.Variables);
        IReadOnlyList<CountedAbsence> counted = [];
        if (context.Text("subjectId") is { } subjectId && context.Get<int?>("year") is { } year)
            counted = await CountedAbsences.ReadAsync(database, subject.Scheme, obligations, subject.Subject.Kind, subjectId, year);
        var (rating, problems) = AssessmentScoring.Score(subject.Scheme, subject.Subject, input, context.Get<Dictionary<string, VoteCount>>("votes"),
            subject.IndividualStars, context.Get<Appraisal>("appraisal"), counted);
        return new ScorePreview(rating, rating is null ? problems.Select(p => Localize(p.Message)).ToList() : []);
    }

    private FormSubmission Submission()
    {
        var values = Request.Form.Keys.Where(k => !NotFields.Contains(k)).ToDictionary(k => k, k =>
        {
            var posted = Request.Form[k];
            return posted.Count == 1 ? JsonSerializer.SerializeToElement(posted[0]) : JsonSerializer.SerializeToElement(posted.ToArray());
        });
        return new FormSubmission(Request.Form["outcome"].FirstOrDefault(), Request.Form["comment"].FirstOrDefault(), values);
    }

    /// <summary>
    /// Loads the task and its instance and checks access: all that a completion or a scoring preview needs. Returns a
    /// result when the user may not see the task (404 for a task that does not exist).
    /// </summary>
    private async Task<IActionResult?> LoadTaskAsync(string id)
    {
        var user = await current.GetAsync();
        var found = await runtime.ReadAsync(async s =>
        {
            var task = await s.GetTaskAsync(id);
            var instance = task is null ? null : await s.LoadInstanceAsync(task.InstanceId);
            return instance is null ? null : new { task = task!, instance, tasks = await s.ListTasksAsync(instance.Id) };
        });
        if (found is null) return NotFound();
        Task = found.task;
        var holds = access.CanAct(user, Task);
        // A suspended instance's task is shown as 已挂起, without actions (the runtime refuses them too).
        CanAct = holds && !found.instance.Suspended;
        CanUrge = Task.Status == Engine.Runtime.TaskStatus.Open && access.Holds(user, Task.OrgId, Core.Users.Roles.OrgDepartment);
        CanInspect = user.IsAdministrator;
        OnBehalfOf = access.OnBehalfOf(user, Task);
        // 抄送: a copied person reads the copied instance (that one only); opening it marks the copies read.
        Copied = await copyStore.IsCopiedAsync(user.Login, Task.InstanceId);
        if (!holds && Task.CompletedBy != user.Login && !access.CanView(user, found.tasks) && !Copied) return StatusCode(StatusCodes.Status403Forbidden);
        if (Copied) await copyStore.MarkReadAsync(user.Login, Task.InstanceId, clock.GetUtcNow());
        Instance = WorkflowRuntime.View(found.instance);
        InstanceTasks = found.tasks;
        HiddenOpinions = access.HiddenOpinions(user, found.tasks);
        var hiddenVariables = access.HiddenVariables(user, found.tasks, Instance.Variables.Keys);
        InternalNotes = found.tasks
            .Select(t => (t.Id, Name: TaskAccess.InternalNoteVariable(t.Id)))
            .Where(t => !hiddenVariables.Contains(t.Name) && Instance.Variables.TryGetValue(t.Name, out var v) && v.ValueKind == JsonValueKind.String)
            .ToDictionary(t => t.Id, t => Instance.Variables[t.Name].GetString()!);
        _user = user;
        _definitionId = found.instance.DefinitionId;
        return null;
    }

    /// <summary>What only the page shows: the history, the process outline, the organization's name and the form.</summary>
    private async Task LoadPageAsync(IReadOnlyDictionary<string, string[]> posted)
    {
        var (history, definition) = await runtime.ReadAsync(async s => (await s.ListHistoryAsync(Instance.Id), await s.GetDefinitionAsync(_definitionId)));
        History = history;
        // A transfer's and a 加签's outcome is a person's login: named like the actors, with the task's marks.
        Names = await users.NamesAsync(history.Select(h => h.Actor).Append(Task.CompletedBy).Concat(InstanceTasks.Select(t => t.OnBehalfOf))
            .Concat(history.Where(h => Engine.Execution.HistoryKinds.NamingAPerson.Contains(h.Kind)).Select(h => h.Outcome))
            .Concat(Engine.Execution.AddedSign.Keys.Select(k => Task.Extensions.GetValueOrDefault(k))));
        Outline = new ProcessOutline(definition?.Xml ?? "<definitions/>");
        OrgName = Task.OrgId is null ? null : (await orgs.GetAsync(Task.OrgId))?.Name;
        Form = await ViewAsync(posted);
        // An opinion asked first (前加签) is given, not returned: the holder it goes back to decides.
        var askedFirst = Engine.Execution.AddedSign.PositionOf(Task.Extensions) == Engine.Execution.AddedSign.Before;
        ReturnTargets = IsOpen && CanAct && !askedFirst ? await runtime.ReturnTargetsAsync(Task.Id) : [];
        TransferTargets = IsOpen && CanAct ? await transfer.CandidatesAsync(_user, Task) : [];
        SignTargets = IsOpen && CanAct && !askedFirst ? await addSign.CandidatesAsync(_user, Task) : [];
        if (TransferTargets.Count > 0 || SignTargets.Count > 0)
            Names = new Dictionary<string, string>(Names.Concat(TransferTargets.Concat(SignTargets).Select(p => KeyValuePair.Create(p.Login, p.DisplayName))).DistinctBy(kv => kv.Key));
        if (CanCopy) CopyTargets = await CopyCandidatesAsync();
        Comments = await Shared.CommentsView.LoadAsync(comments, users, AttachmentLimits, _user, Instance.Id);
        FormFiles = await attachments.OfFormsAsync(_user, Instance.Id, InstanceTasks);
        CanWithdraw = !IsOpen && Task.CompletedBy == _user.Login && Instance.Status == "running"
            && Engine.Modification.ModificationCheck.WithdrawableStep(history, _user.Login) == Task.ElementId
            && history.LastOrDefault(h => h.Kind == Engine.Execution.HistoryKinds.TaskCompleted)?.TaskId == Task.Id;
    }

    private string _definitionId = "";
    private Core.Users.AppUser _user = null!;

    private async Task<TaskFormView?> ViewAsync(IReadOnlyDictionary<string, string[]> posted)
    {
        var form = forms.For(Task);
        if (form is null) return null;
        var context = await contexts.ForAsync(Task, Instance.Variables);
        var objections = Task.FormKey == "objection-review" && context.Text("noticeId") is { } noticeId
            ? await notices.ObjectionsAsync(noticeId)
            : [];
        if (!TaskAccess.SeesObjectors(_user, Task.OrgId)) objections = objections.Select(o => o.WithoutObjector()).ToList();
        return new TaskFormView(Task, context, RatingSubject.Of(context, schemes), form.OutcomesFor(Task), posted, Problems) { Objections = objections, Key = form.Key };
    }

    public bool IsOpen => Task.Status == Engine.Runtime.TaskStatus.Open;
}

/// <summary>The live scoring shown beside the assessment form.</summary>
public sealed record ScorePreview(RatingResult? Result, IReadOnlyList<string> Problems);
