using System.Text.Json;
using Approval.Core.Infrastructure;
using Approval.Engine.Runtime;
using Dapper;
using Microsoft.Extensions.Logging;

namespace Approval.Core.Obligations;

/// <summary>
/// Opens the current period of every recurring obligation for every organization it applies to (by kind; not the
/// root, which is the department itself), once: what is already open is read from <c>obligation_records</c>, and a
/// start racing another node's fails on that table's key and is rolled back. Run by the sweep job and the demo clock.
/// </summary>
public sealed class ObligationScheduler(Database database, WorkflowRuntime runtime, ObligationCatalog catalog, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<ObligationOptions> options, ILogger<ObligationScheduler> logger)
{
    public const string Process = "obligation";

    public static string BusinessKey(string obligationKey, string period, string orgId) => $"obligation:{obligationKey}:{period}:{orgId}";

    /// <summary>Returns how many periods were opened.</summary>
    public async Task<int> RunAsync(CancellationToken ct = default)
    {
        if (!options.Value.Obligations) return 0;
        var now = clock.GetUtcNow();
        var opened = 0;
        List<(string id, string kind)> orgs;
        await using (var c = await database.OpenAsync(ct))
            orgs = (await c.QueryAsync<(string id, string kind)>("select id, kind from organizations where parent_id is not null")).ToList();
        foreach (var obligation in catalog.Obligations)
        {
            var period = catalog.PeriodOf(obligation.Cadence, now);
            HashSet<string> open;
            await using (var c = await database.OpenAsync(ct))
                open = (await c.QueryAsync<string>("select org_id from obligation_records where obligation_key = @key and period = @period",
                    new { key = obligation.Key, period = period.Period })).ToHashSet(StringComparer.Ordinal);
            foreach (var (orgId, _) in orgs.Where(o => obligation.OrgKinds.Contains(o.kind) && !open.Contains(o.id)))
            {
                ct.ThrowIfCancellationRequested();
                try
                {
                    await runtime.StartAsync(Process, businessKey: BusinessKey(obligation.Key, period.Period, orgId), variables: Variables(obligation, period, orgId), ct: ct);
                    opened++;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // Most likely another node opened it first (the key refused this one); anything else is retried next sweep.
                    logger.LogInformation(error, "Obligation {Key} {Period} for {OrgId} was not opened here", obligation.Key, period.Period, orgId);
                }
            }
        }
        return opened;
    }

    private Dictionary<string, JsonElement> Variables(Obligation obligation, ObligationPeriod period, string orgId) => new()
    {
        ["orgId"] = Json(orgId),
        ["obligationKey"] = Json(obligation.Key),
        ["obligationName"] = Json(obligation.Name),
        ["title"] = Json($"{obligation.Name}记录（{period.Label}）"),
        ["period"] = Json(period.Period),
        ["year"] = Json(period.Year),
        ["opensAt"] = Json(period.Opens),
        ["dueAt"] = Json(period.Due),
        ["closesAt"] = Json(period.Closes),
        ["remind"] = Json(catalog.Remind),
    };

    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, StoreJson.Options);
}
