using Approval.Engine.Execution;
using Approval.Engine.Migration;

namespace Approval.Engine.Runtime;

/// <summary>Move running instances of one version of a process to another (same ids map by themselves).</summary>
public sealed record MigrationRequest(
    string SourceDefinitionId, string TargetDefinitionId, IReadOnlyDictionary<string, string>? Mapping = null,
    IReadOnlyCollection<string>? InstanceIds = null, string? Actor = null, string? Reason = null);

public sealed record InstanceMigration(
    string InstanceId, string? BusinessKey, IReadOnlyList<string> ActiveElementIds, IReadOnlyList<Problem> Problems, bool Migrated)
{
    public bool CanMove => Problems.Count == 0;
}

/// <summary>
/// What a dry run found or a migration did: problems of the mapping itself (then nothing is looked at), and for
/// each running instance of the source version (or the chosen ones) whether it can move and why not.
/// </summary>
public sealed record MigrationReport(
    DefinitionInfo Source, DefinitionInfo Target, IReadOnlyList<Problem> PlanProblems, IReadOnlyList<InstanceMigration> Instances)
{
    public int Movable => Instances.Count(i => i.CanMove);
    public int Migrated => Instances.Count(i => i.Migrated);
}

public sealed partial class WorkflowRuntime
{
    /// <summary>Which instances could move, and why the others cannot; changes nothing.</summary>
    public Task<MigrationReport> DryRunMigrationAsync(MigrationRequest request, CancellationToken ct = default) =>
        store.ReadAsync(session => MigrateInSessionAsync(session, request, apply: false), ct);

    /// <summary>
    /// Moves every instance that can move, in one transaction with <paramref name="audit"/> (the host's record of
    /// who migrated what): all of it commits or none. Each instance is checked again as it is loaded.
    /// </summary>
    public Task<MigrationReport> MigrateAsync(MigrationRequest request, Func<IWorkflowSession, MigrationReport, Task>? audit = null,
        CancellationToken ct = default) =>
        store.ExecuteAsync(async session =>
        {
            var report = await MigrateInSessionAsync(session, request, apply: true);
            if (audit is not null && report.Migrated > 0) await audit(session, report);
            return report;
        }, ct);

    private async Task<MigrationReport> MigrateInSessionAsync(IWorkflowSession session, MigrationRequest request, bool apply)
    {
        var sourceRecord = await session.GetDefinitionAsync(request.SourceDefinitionId)
            ?? throw new NotFoundException($"Definition {request.SourceDefinitionId} does not exist.");
        var targetRecord = await session.GetDefinitionAsync(request.TargetDefinitionId)
            ?? throw new NotFoundException($"Definition {request.TargetDefinitionId} does not exist.");
        var (plan, planProblems) = MigrationPlan.Create(
            await cache.GetAsync(session, sourceRecord.Id), await cache.GetAsync(session, targetRecord.Id), request.Mapping);
        if (plan is null) return new(sourceRecord.Info, targetRecord.Info, planProblems, []);

        var ids = request.InstanceIds ?? await session.FindRunningInstancesAsync(sourceRecord.Id);
        var results = new List<InstanceMigration>();
        foreach (var id in ids.Distinct())
        {
            var instance = await session.LoadInstanceAsync(id);
            if (instance is null) throw new NotFoundException($"Instance {id} does not exist.");
            var active = instance.State.ActiveElementIds();
            IReadOnlyList<Problem> problems = instance.DefinitionId != sourceRecord.Id
                ? [new(MigrationCodes.WrongVersion, null, $"The instance runs {instance.DefinitionKey} v{instance.Version}, not v{sourceRecord.Version}.")]
                // Its timers are parked while it is suspended; the new version's would not be: resume it first.
                : instance.Suspended ? [new(OperationCodes.InstanceSuspended, null, $"Instance {id} is suspended; resume it before migrating it.")]
                : MigrationCheck.Check(instance.State, plan);
            var migrated = false;
            if (apply && problems.Count == 0)
            {
                var interpreter = new Interpreter(plan.Target, instance.State, Context(request.Actor, instance.BusinessKey, session));
                var step = interpreter.Migrate(plan, sourceRecord.Version, targetRecord.Version, request.Reason);
                instance.DefinitionId = targetRecord.Id;
                instance.Version = targetRecord.Version;
                await session.SaveInstanceAsync(instance, step);
                migrated = true;
            }
            results.Add(new InstanceMigration(id, instance.BusinessKey, active, problems, migrated));
        }
        return new(sourceRecord.Info, targetRecord.Info, [], results);
    }
}
