using Approval.Core.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Core.Tests.Demo;

/// <summary>The application's services over a SQLite file, started as the web host starts them (InitializeApprovalAsync).</summary>
public sealed class DemoHost : IAsyncDisposable
{
    /// <summary>Early in a campaign year, so that the demo campaign's calendar keeps its months of practice.</summary>
    public static readonly DateTimeOffset Start = new(2027, 2, 10, 9, 0, 0, TimeSpan.FromHours(8));

    private readonly ServiceProvider _services;

    private DemoHost(Database database, bool demo, IReadOnlyDictionary<string, string?>? settings) =>
        _services = Cycle.CycleHost.Services(database, Start, demo, settings);

    public static async Task<DemoHost> StartAsync(Database database, bool demo = true, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var host = new DemoHost(database, demo, settings);
        await host._services.InitializeApprovalAsync();
        return host;
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task<T> ScalarAsync<T>(string sql, object? param = null)
    {
        await using var connection = await Get<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<T>(sql, param) ?? default!;
    }

    public async Task<Dictionary<string, long>> CountByAsync(string sql)
    {
        await using var connection = await Get<Database>().OpenAsync();
        return (await connection.QueryAsync<(string Key, long Count)>(sql)).ToDictionary(r => r.Key, r => r.Count);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
