using Approval.Engine.Runtime;
using Approval.Testing;
using CsCheck;
using static Approval.Testing.Bpmn;

namespace Approval.Engine.Tests;

/// <summary>Joins hold whatever the order in which people finish their branches.</summary>
public sealed class JoinProperties
{
    private static string Fan(string gateway, int branches, bool conditional) => Process("fan", $"""
        <bpmn:startEvent id="start"/>
        <bpmn:{gateway} id="fork"/>
        {string.Concat(Enumerable.Range(0, branches).Select(i => Task($"b{i}")))}
        <bpmn:{gateway} id="join"/>
        {Task("after")}
        <bpmn:endEvent id="end"/>
        {Flow("f0", "start", "fork")}
        {string.Concat(Enumerable.Range(0, branches).Select(i => Flow($"in{i}", "fork", $"b{i}", conditional ? $"${{on.indexOf({i}) >= 0}}" : null)))}
        {string.Concat(Enumerable.Range(0, branches).Select(i => Flow($"out{i}", $"b{i}", "join")))}
        {Flow("f1", "join", "after")}{Flow("f2", "after", "end")}
        """);

    [Fact]
    public Task ParallelJoin_FiresOnceAfterTheLastBranch_InAnyOrder() =>
        Gen.Int[2, 6].SelectMany(n => Gen.Shuffle(Enumerable.Range(0, n).ToArray()).Select(order => (n, order)))
            .SampleAsync(sample => RunAsync("parallelGateway", sample.n, sample.order, sample.order), iter: 40);

    [Fact]
    public Task InclusiveJoin_WaitsForExactlyTheActivatedBranches_InAnyOrder() =>
        Gen.Int[2, 6].SelectMany(n => Gen.Int[0, n - 1].Array[1, n].Select(on => (n, on: on.Distinct().ToArray())))
            .SelectMany(s => Gen.Shuffle(s.on).Select(order => (s.n, s.on, order)))
            .SampleAsync(sample => RunAsync("inclusiveGateway", sample.n, sample.on, sample.order), iter: 40);

    private static async Task<bool> RunAsync(string gateway, int branches, int[] activated, int[] order)
    {
        var h = new RuntimeHarness(new InMemoryWorkflowStore());
        await h.DeployAsync(Fan(gateway, branches, conditional: gateway == "inclusiveGateway"));
        var id = await h.StartAsync("fan", new { on = activated });
        var open = (await h.OpenTasksAsync(id)).Select(t => t.ElementId).Order().ToArray();
        if (!open.SequenceEqual(activated.Order().Select(i => $"b{i}"))) return false;
        for (var k = 0; k < order.Length; k++)
        {
            await h.CompleteAsync(id, $"b{order[k]}");
            var after = (await h.OpenTasksAsync(id)).Count(t => t.ElementId == "after");
            if (after != (k == order.Length - 1 ? 1 : 0)) return false;
        }
        return true;
    }
}
