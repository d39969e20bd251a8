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
    public async Task AnOrganizationsRatings_ComeWithEachSubjectsWholeHistory_IncludingYearsRatedElsewhere()
    {
        // A member rated under the west branch in 2025 and the east branch in 2026; the east branch rated twice.
        RatingEntry Member(string org, int level, int year) =>
            new("member", "m-1", org, "member-five-star", 1, year, level, true, false, null, "annual", [], null, "tester");
        await _ledger.AppendAsync([Member("west", 4, 2025), Rating("east", 4, "annual", 2025), Rating("west", 5, "annual", 2025)]);
        _clock.Set(_clock.GetUtcNow().AddDays(365));
        await _ledger.AppendAsync([Member("east", 5, 2026), Rating("east", 3, "annual", 2026)]);

        var east = await _ledger.CurrentWithHistoryForOrgAsync("east");

        // Each subject's history is what the one-subject read gives: the same rows, oldest first, nobody else's.
        Assert.Equal([("organization", "east"), ("member", "m-1")], east.Select(r => (r.Current.SubjectKind, r.Current.SubjectId)));
        foreach (var (current, history) in east)
        {
            Assert.Equal(history[^1].Id, current.Id);
            Assert.Equal((await _ledger.HistoryAsync(current.SubjectKind, current.SubjectId)).Select(h => h.Id), history.Select(h => h.Id));
        }
        Assert.Equal([("west", 4), ("east", 5)], east[1].History.Select(h => (h.OrgId, h.Level!.Value)));
        Assert.Equal([4, 3], east[0].History.Select(h => h.Level!.Value));
        Assert.Empty(await _ledger.CurrentWithHistoryForOrgAsync("north"));
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
