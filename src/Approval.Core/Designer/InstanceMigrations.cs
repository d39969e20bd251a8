using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Core.Workflow;
using Approval.Engine.Runtime;
using Dapper;

namespace Approval.Core.Designer;

/// <summary>One administrator's migration, as the audit keeps it.</summary>
public sealed record MigrationAudit(
    string Id, string DefinitionKey, int FromVersion, int ToVersion, IReadOnlyDictionary<string, string> Mapping, int InstanceCount,
    int SkippedCount, string MigratedBy, DateTimeOffset MigratedAt);

/// <summary>
/// Moving running instances to another version (issue 6 §3): the dry run, and the migration with its audit row
/// written in the same transaction as the instances it moved.
/// </summary>
public sealed class InstanceMigrations(WorkflowRuntime runtime, Database database)
{
    public Task<MigrationReport> DryRunAsync(MigrationRequest request) => runtime.DryRunMigrationAsync(request);

    public Task<MigrationReport> MigrateAsync(MigrationRequest request, string actor) =>
        runtime.MigrateAsync(request with { Actor = actor }, (session, report) =>
        {
            var transaction = (IStepTransaction)session;
            return transaction.Connection.ExecuteAsync(
                """
                insert into instance_migrations (id, definition_key, from_definition_id, from_version, to_definition_id, to_version, mapping,
                    instance_ids, instance_count, skipped_count, migrated_by, migrated_at)
                values (@id, @key, @fromId, @fromVersion, @toId, @toVersion, @mapping, @ids, @count, @skipped, @actor, @at)
                """,
                new
                {
                    id = Guid.CreateVersion7().ToString(), key = report.Source.Key, fromId = report.Source.Id, fromVersion = report.Source.Version,
                    toId = report.Target.Id, toVersion = report.Target.Version,
                    mapping = JsonSerializer.Serialize(request.Mapping ?? new Dictionary<string, string>()),
                    ids = JsonSerializer.Serialize(report.Instances.Where(i => i.Migrated).Select(i => i.InstanceId)),
                    count = report.Migrated, skipped = report.Instances.Count - report.Migrated, actor,
                    at = EpochTime.ToMs(runtime.Clock.GetUtcNow()),
                }, transaction.Transaction);
        });

    public async Task<IReadOnlyList<MigrationAudit>> HistoryAsync(string definitionKey)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string Id, string Key, int From, int To, string Mapping, int Count, int Skipped, string By, long At)>(
            """
            select id, definition_key, from_version, to_version, mapping, instance_count, skipped_count, migrated_by, migrated_at
            from instance_migrations where definition_key = @definitionKey order by migrated_at desc, id desc
            """, new { definitionKey });
        return rows.Select(r => new MigrationAudit(r.Id, r.Key, r.From, r.To, JsonSerializer.Deserialize<Dictionary<string, string>>(r.Mapping)!,
            r.Count, r.Skipped, r.By, EpochTime.FromMs(r.At))).ToList();
    }
}
