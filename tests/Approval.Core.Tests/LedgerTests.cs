using Approval.Core.Infrastructure;
using Approval.Core.Ledger;
using Approval.Core.Orgs;
using Approval.Engine.Timing;
using Approval.Testing;
using Dapper;

namespace Approval.Core.Tests;

/// <summary>The append-only ratings ledger (星级管理台账), on each database.</summary>
public abstract class LedgerTests : IDisposable
{
    private readonly Database _database;
    private readonly Action _cleanup;
    private readonly ManualClock _clock = new(RuntimeHarness.Epoch);
    private readonly RatingsLedger _ledger;

    protected LedgerTests((Database Database, Action Cleanup) db)
    {
        (_database, _cleanup) = db;
        _ledger = new RatingsLedger(_database, _clock);
    }

    public void Dispose() => _cleanup();

    private static RatingEntry Rating(string subject, int? level, string source, int year = 2026) =>
        new("organization", subject, subject, "five-star-service", 1, year, level, level >= 2, level is null or <= 1, level * 18m, source,
            [new TierApproval("county", "county-dept", RuntimeHarness.Epoch, "同意")], null, "tester");

    [Fact]
    public async Task TheCurrentLevel_IsTheNewestEntry_AndTheHistoryKeepsEveryOne()
    {
        var orgs = new OrgStore(_database, _clock, new OrgDirectory(_database));
        var (branch, _) = await orgs.CreateAsync(new NewOrganization("东街社区党支部", "branch", "community", null, null, null, null));
        await _ledger.AppendAsync([Rating(branch!.Id, 4, "annual", 2025)]);
        _clock.Set(_clock.GetUtcNow().AddDays(200));
        await _ledger.AppendAsync([Rating(branch.Id, 3, "demotion", 2026)]);

        var current = Assert.Single(await _ledger.CurrentForOrgAsync(branch.Id));
        Assert.Equal((3, "demotion"), (current.Level, current.Source));
        var history = await _ledger.HistoryAsync("organization", branch.Id);
        Assert.Equal([(4, "annual"), (3, "demotion")], history.Select(h => (h.Level!.Value, h.Source)));
        Assert.Equal("同意", history[0].Approvals.Single().Opinion);
        Assert.Equal(72m, history[0].Score);
    }

    [Fact]
    public async Task TheLedger_CannotBeUpdatedOrDeleted()
    {
        await _ledger.AppendAsync([Rating("some-branch", 5, "annual")]);
        await using var connection = await _database.OpenAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("update ratings set level = 1"));
        await Assert.ThrowsAnyAsync<Exception>(() => connection.ExecuteAsync("delete from ratings"));
        Assert.Equal(5, (await _ledger.HistoryAsync("organization", "some-branch")).Single().Level);
    }

    [Fact]
    public async Task AnUnknownSource_IsRefused_AndNothingOfTheBatchIsWritten()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _ledger.AppendAsync([Rating("a", 5, "annual"), Rating("b", 4, "rumour")]));
        Assert.Empty(await _ledger.HistoryAsync("organization", "a"));
    }
}

public sealed class SqliteLedgerTests() : LedgerTests(TestDatabases.Sqlite());

public sealed class PostgresLedgerTests() : LedgerTests(TestDatabases.Postgres());
