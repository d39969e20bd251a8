using System.Text.Json;
using Approval.Core.Campaigns;
using Approval.Core.Clock;
using Approval.Core.Forms;
using Approval.Core.Infrastructure;
using Approval.Core.Notices;
using Approval.Core.Orgs;
using Approval.Core.Schemes;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Engine.Runtime;
using Approval.Engine.Timing;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TaskStatus = Approval.Engine.Runtime.TaskStatus;

namespace Approval.Core.Tests.Cycle;

/// <summary>
/// The application's services over a test database with a manual clock, the shipped workflows deployed, and a small
/// tree: 县委 (county) → 镇党委 (town) → two branches. Users are built in memory with their grants.
/// </summary>
public sealed class CycleHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 20, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly ServiceProvider _services;
    private readonly Action _cleanup;

    public CycleHost((Database Database, Action Cleanup) db, IReadOnlyDictionary<string, string?>? settings = null)
    {
        _cleanup = db.Cleanup;
        _services = Services(db.Database, Start, demo: false, settings);
        Database = Get<Database>();
    }

    /// <summary>The application's services on <paramref name="database"/>, the manual clock standing at <paramref name="clockStart"/>.</summary>
    public static ServiceProvider Services(Database database, DateTimeOffset clockStart, bool demo, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Approval:Database"] = database.Provider.ToString(),
            ["Approval:Clock"] = "Manual",
            ["Approval:ClockStart"] = clockStart.ToString("O"),
            ["Approval:Demo"] = demo.ToString(),
            ["ConnectionStrings:Approval"] = database.ConnectionString,
            // The cycle tests walk whole years; recurring obligations (their own tests turn them on) would add their absences.
            ["Approval:Obligations"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return new ServiceCollection().AddLogging().AddApprovalCore(configuration).BuildServiceProvider();
    }

    public Database Database { get; }
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A fresh instance of a service over the same database, as another node would have it.</summary>
    public T Another<T>() where T : notnull => ActivatorUtilities.CreateInstance<T>(_services);
    public WorkflowRuntime Runtime => Get<WorkflowRuntime>();
    public ManualClock Clock => (ManualClock)Get<TimeProvider>();

    public Organization County { get; private set; } = null!;
    public Organization Town { get; private set; } = null!;
    public Organization BranchA { get; private set; } = null!;
    public Organization BranchB { get; private set; } = null!;

    public AppUser Admin { get; } = User("admin", Roles.Administrator, null);
    public AppUser CountyDept => User("county-dept", Roles.OrgDepartment, County.Id);
    public AppUser TownDept => User("town-dept", Roles.OrgDepartment, Town.Id);
    /// <summary>Two more people of the county's department: one person approves one tier only (issue 14 §4).</summary>
    public AppUser CountyReviewer => User("county-reviewer", Roles.OrgDepartment, County.Id);
    public AppUser CountyClerk => User("county-clerk", Roles.OrgDepartment, County.Id);
    public AppUser TownDiscipline => User("town-discipline", Roles.Discipline, Town.Id);
    public AppUser CountyDiscipline => User("county-discipline", Roles.Discipline, County.Id);
    public AppUser SecretaryA => User("secretary-a", Roles.Secretary, BranchA.Id);
    public AppUser SecretaryB => User("secretary-b", Roles.Secretary, BranchB.Id);
    public AppUser TownSecretary => User("town-secretary", Roles.Secretary, Town.Id);

    public static AppUser User(string login, string role, string? orgId) => new(login, login, login, null, [new RoleGrant(role, orgId)]);

    public static async Task<CycleHost> StartAsync((Database Database, Action Cleanup) db, int membersInBranchA = 0,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new CycleHost(db, settings);
        await host._services.OpenSchemesAsync();
        await host.Get<ShippedWorkflows>().DeployAsync();
        var orgs = host.Get<OrgStore>();
        host.County = await Create(orgs, new NewOrganization("某某县委", "committee", null, null, null, null, null));
        host.Town = await Create(orgs, new NewOrganization("城关镇党委", "committee", null, host.County.Id, null, null, null));
        host.BranchA = await Create(orgs, new NewOrganization("东街村党支部", "branch", "rural", host.Town.Id, "张建国", null, null));
        host.BranchB = await Create(orgs, new NewOrganization("西关社区党支部", "branch", "community", host.Town.Id, "李秀英", null, null));
        for (var i = 0; i < membersInBranchA; i++)
            await orgs.AddMemberAsync(new NewMember(host.BranchA.Id, $"党员{i + 1}", "employed", false, null, null, Login: $"member-{i + 1}"));
        return host;
    }

    private static async Task<Organization> Create(OrgStore orgs, NewOrganization request)
    {
        var (created, problems) = await orgs.CreateAsync(request);
        Assert.Empty(problems);
        return created!;
    }

    public async Task<string> StartCampaignAsync(string schemeKey, string? reviewOrgId = null)
    {
        var (id, problems) = await Get<CampaignService>().StartAsync(new NewCampaign(null, schemeKey, 2027, County.Id, reviewOrgId, null), "admin");
        Assert.Empty(problems);
        return id!;
    }

    public Task AdvanceToAsync(DateTimeOffset when) => Get<ClockService>().AdvanceAsync(when - Clock.GetUtcNow());

    public async Task<IReadOnlyList<TaskRecord>> OpenTasksAsync(string elementId, string? orgId = null)
    {
        await using var connection = await Database.OpenAsync();
        var ids = await connection.QueryAsync<string>(
            "select id from tasks where status = 'open' and element_id = @elementId and (@orgId is null or org_id = @orgId) order by created_at, id",
            new { elementId, orgId });
        var tasks = new List<TaskRecord>();
        foreach (var id in ids) tasks.Add((await Runtime.Store.ReadAsync(s => s.GetTaskAsync(id)))!);
        return tasks;
    }

    public async Task<TaskRecord> SingleTaskAsync(string elementId, string? orgId = null) =>
        Assert.Single(await OpenTasksAsync(elementId, orgId));

    /// <summary>Completes the one open task at <paramref name="elementId"/> for <paramref name="orgId"/> through its form, and asserts it went through.</summary>
    public async Task<TaskRecord> CompleteAsync(AppUser user, string elementId, string? orgId, string? outcome = null, string? comment = null, object? values = null)
    {
        var task = await SingleTaskAsync(elementId, orgId);
        var completion = await SubmitAsync(user, task.Id, outcome, comment, values);
        Assert.True(completion.Status == CompletionStatus.Completed,
            $"{elementId}: {completion.Status} {string.Join("; ", completion.Problems.Select(p => $"{p.Where}: {p.Message}"))}");
        Assert.Equal(TaskStatus.Completed, completion.Task!.Status);
        return completion.Task;
    }

    /// <summary>
    /// 民主测评 as it is held: <paramref name="secretary"/> calls an on-the-spot vote from the task, two tellers each
    /// enter the same counts (every eligible voter approving each question unless <paramref name="count"/> says
    /// otherwise), and the session is returned; the task is left for the caller to submit. Null when the task holds
    /// no vote (nothing to vote on, or nobody on the roster).
    /// </summary>
    public async Task<Voting.VoteSession?> CountVoteAsync(AppUser secretary, TaskRecord task, Func<string, int, VoteCount>? count = null)
    {
        var call = await Get<Voting.TaskVotes>().CallForTaskAsync(secretary, task.Id, Voting.VoteModes.ShowOfHands, null);
        if (call.Status == Voting.TaskVoteCallStatus.Invalid && call.Problems.Any(p => p.Where == "task")) return null;
        Assert.True(call.Status == Voting.TaskVoteCallStatus.Called, string.Join("; ", call.Problems.Select(p => $"{p.Where}: {p.Message}")));
        var session = call.Session!;
        var counts = session.Stars.ToDictionary(s => s, s => count?.Invoke(s, session.Eligible) ?? new VoteCount(session.Eligible, session.Eligible, 0, 0));
        foreach (var teller in new[] { "teller-wang", "teller-zhao" })
            Assert.Empty(await Get<Voting.VoteStore>().EnterCountsAsync(session.Id, teller, counts));
        return session;
    }

    /// <summary>Holds the vote of the one open 民主测评 task for <paramref name="orgId"/> (see <see cref="CountVoteAsync"/>) and submits the task.</summary>
    public async Task<TaskRecord> VoteAsync(AppUser secretary, string orgId, Func<string, int, VoteCount>? count = null, object? values = null)
    {
        await CountVoteAsync(secretary, await SingleTaskAsync("vote-session", orgId), count);
        return await CompleteAsync(secretary, "vote-session", orgId, values: values ?? new { });
    }

    public Task<Completion> SubmitAsync(AppUser user, string taskId, string? outcome, string? comment, object? values) =>
        Get<TaskCompletion>().CompleteAsync(user, taskId, new FormSubmission(outcome, comment, values is null ? null
            : JsonSerializer.SerializeToElement(values).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())));

    public async Task<T> ScalarAsync<T>(string sql, object? param = null)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, param) ?? default!;
    }

    public NoticeStore Notices => Get<NoticeStore>();

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _cleanup();
    }
}
