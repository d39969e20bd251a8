using Approval.Engine.Parsing;
using Approval.Engine.Runtime;
using Approval.Testing;

namespace Approval.Engine.Tests;

/// <summary>
/// The BPMN Model Interchange Working Group reference models (CC BY 3.0, see Conformance/README.md): each parses,
/// and either deploys or lists problems that each name an element and a line. Never a crash.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> Models() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conformance", "miwg"), "*.bpmn").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Models))]
    public void Parse_ReportsEveryProblemWithElementAndLine_ForEachReferenceModel(string file)
    {
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "miwg", file));
        var result = BpmnParser.Parse(xml, new BpmnParserOptions { KnownTopics = new HashSet<string>() });
        Assert.True(result.IsValid || result.Problems.Count > 0);
        foreach (var problem in result.Problems)
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.Message));
            Assert.True(problem.Line > 0, $"{file}: {problem.Code} has no line");
            if (problem.Code != ProblemCodes.NoExecutableProcess) Assert.False(string.IsNullOrEmpty(problem.Where), $"{file}: {problem.Message}");
        }
    }

    public static TheoryData<string> EventModels() =>
        new(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Conformance", "events"), "*.bpmn").Select(Path.GetFileName)!);

    private static string EventModel(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "events", file));

    [Theory]
    [MemberData(nameof(EventModels))]
    public void Parse_DeploysEachEventModel_WithoutProblems(string file)
    {
        var result = BpmnParser.Parse(EventModel(file), new BpmnParserOptions { KnownTopics = new HashSet<string>() });
        Assert.True(result.IsValid, string.Join("\n", result.Problems.Select(p => $"{file}: {p.Code} {p.Where}: {p.Message}")));
    }

    [Fact(DisplayName = "The pledge event model runs: a message starts it, the gateway's answer wins, a link jumps to publishing, the end message reaches the tally")]
    public async Task PledgeEventModelRuns()
    {
        var h = new RuntimeHarness(new InMemoryWorkflowStore());
        await h.DeployAsync(EventModel("pledge-events.bpmn"));
        var tally = await h.StartAsync("committee_tally", new { orgId = "org-7" });
        Assert.True(await h.Runtime.CorrelateMessageAsync("pledge-submitted", "org-7", RuntimeHarness.Vars(new { orgId = "org-7" })));
        var pledge = Assert.Single(await h.InstancesOfAsync("pledge_events"));
        Assert.Equal(["Gateway_wait"], (await h.InstanceAsync(pledge)).ActiveElementIds);

        Assert.True(await h.Runtime.CorrelateMessageAsync("county-answered", "org-7"));
        await h.CompleteAsync(pledge, "Task_publish");

        Assert.Equal("completed", (await h.InstanceAsync(pledge)).Status);
        var done = await h.InstanceAsync(tally);
        Assert.Equal(("completed", "org-7"), (done.Status, done.Variables["pledgedOrg"].GetString()));
        await h.AdvanceAsync(TimeSpan.FromDays(20));
        Assert.Empty(await h.OpenTasksAsync(pledge)); // the deadline was withdrawn when the answer came
    }

    [Fact(DisplayName = "The campaign-close model runs: a dissolved organization skips its check, an escalation brings help without stopping, the office's signal end closes the check and starts the archive")]
    public async Task CampaignCloseModelRuns()
    {
        var h = new RuntimeHarness(new InMemoryWorkflowStore());
        await h.DeployAsync(EventModel("campaign-close.bpmn"));
        var check = await h.StartAsync("self_check", new { secretary = "li", dissolved = false });
        var dissolved = await h.StartAsync("self_check", new { secretary = "wang", dissolved = true });
        Assert.Equal("completed", (await h.InstanceAsync(dissolved)).Status); // the condition held as the check began
        Assert.Contains(await h.HistoryAsync(dissolved), e => e.Kind == Execution.HistoryKinds.ConditionMet && e.ElementId == "Boundary_dissolved");
        await h.CompleteAsync(check, "Task_fill", variables: new { needsHelp = true });
        Assert.Equal(["Task_assist", "Task_review"], (await h.OpenTasksAsync(check)).Select(t => t.ElementId).Order());
        var third = await h.StartAsync("self_check", new { secretary = "zhao", dissolved = false });

        var office = await h.StartAsync("campaign_office");
        await h.CompleteAsync(office, "Task_close");

        Assert.Equal("completed", (await h.InstanceAsync(third)).Status); // its check was cut off by the signal
        Assert.Contains(await h.HistoryAsync(third), e => e.Kind == Execution.HistoryKinds.SignalReceived && e.ElementId == "Boundary_closed");
        Assert.Equal(["Task_assist", "Task_review"], (await h.OpenTasksAsync(check)).Select(t => t.ElementId).Order()); // past its check
        Assert.Single(await h.InstancesOfAsync("archive"));
    }

    [Fact(DisplayName = "The branch-report model runs: a sub-process's event sub-process reminds twice, a rejection is redone, a late approval informs the office, a withdrawal interrupts all")]
    public async Task BranchReportModelRuns()
    {
        var h = new RuntimeHarness(new InMemoryWorkflowStore());
        await h.DeployAsync(EventModel("branch-report.bpmn"));
        var withdrawn = await h.StartAsync("branch_report", new { orgId = "org-1", secretary = "li" });
        var rejected = await h.StartAsync("branch_report", new { orgId = "org-2", secretary = "wang" });
        var late = await h.StartAsync("branch_report", new { orgId = "org-3", secretary = "zhao" });
        await h.CompleteAsync(rejected, "Task_collect");
        await h.CompleteAsync(late, "Task_collect");

        await h.AdvanceAsync(TimeSpan.FromDays(10));
        Assert.Equal(["Task_collect", "Task_remind", "Task_remind"], (await h.OpenTasksAsync(withdrawn)).Select(t => t.ElementId).Order()); // R2
        Assert.Equal(["Task_approve"], (await h.OpenTasksAsync(rejected)).Select(t => t.ElementId)); // its reminders ended with the collection

        await h.CompleteAsync(rejected, "Task_approve", outcome: "reject");
        Assert.Equal(["Task_redo"], (await h.OpenTasksAsync(rejected)).Select(t => t.ElementId));
        await h.CompleteAsync(rejected, "Task_redo");
        Assert.Equal("completed", (await h.InstanceAsync(rejected)).Status);

        await h.CompleteAsync(late, "Task_approve", outcome: "late");
        Assert.Equal(["Task_inform"], (await h.OpenTasksAsync(late)).Select(t => t.ElementId));
        Assert.Equal("running", (await h.InstanceAsync(late)).Status); // the process ended its path; the informing runs on
        await h.CompleteAsync(late, "Task_inform");
        Assert.Equal("completed", (await h.InstanceAsync(late)).Status);

        Assert.True(await h.Runtime.CorrelateMessageAsync("report-withdrawn", "org-1"));
        Assert.Equal(["Task_archive"], (await h.OpenTasksAsync(withdrawn)).Select(t => t.ElementId));
        Assert.False(await h.Runtime.CorrelateMessageAsync("report-withdrawn", "org-1"));
    }

    [Fact]
    public void Parse_NamesTheUnsupportedElements_InAModelWithManualAndScriptTasks()
    {
        var xml = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "miwg", "A.2.0.bpmn"));
        var result = BpmnParser.Parse(xml);
        Assert.Contains(result.Problems, p => p.Code == ProblemCodes.NoExecutableProcess);
    }

    [Fact(DisplayName = "The executable reference model C.9.1 runs: a request mail, six daily reminders, then the call after a week")]
    public async Task ExecutableReferenceModelRuns()
    {
        var store = new InMemoryWorkflowStore();
        var h = new RuntimeHarness(store);
        await h.DeployAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "miwg", "C.9.1.bpmn")));
        var id = await h.StartAsync("requestDocument_en");
        Assert.Equal(["ReceiveTask_WaitForDocument"], (await h.InstanceAsync(id)).ActiveElementIds);
        Assert.Equal(["emailService"], store.OutboxMessages.Select(m => m.Kind));

        await h.AdvanceAsync(TimeSpan.FromDays(8));
        Assert.Equal(7, store.OutboxMessages.Count); // the request and six reminders (R6/P1D)
        Assert.Equal("UserTask_CallCustomer", Assert.Single(await h.OpenTasksAsync(id)).ElementId);
        Assert.False(await h.Runtime.CorrelateMessageAsync("MESSAGE_documentReceived", null)); // the wait was interrupted
    }
}
