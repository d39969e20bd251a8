using System.Security.Cryptography;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;

namespace Approval.Core.Tests;

/// <summary>
/// Password sign-in (issue 14 §2): a lockout per account after repeated failures, not only per address, and hashes of
/// an older work factor replaced at the next sign-in. On each database.
/// </summary>
public abstract class SignInTests(Func<(Core.Infrastructure.Database, Action)> database)
{
    [Fact(DisplayName = "Five wrong passwords in a row lock the account for 15 minutes, the right one included; then it signs in again")]
    public async Task RepeatedFailures_LockTheAccount()
    {
        await using var host = await CycleHost.StartAsync(database());
        var users = host.Get<UserStore>();
        await users.CreateAsync("clerk", "办事员", UserStore.NewToken(), [], password: "the-right-one-1");
        for (var i = 1; i < UserStore.LockoutFailures; i++)
            Assert.Equal((null, false), await users.SignInAsync("clerk", $"wrong-{i}"));
        Assert.Equal((null, true), await users.SignInAsync("clerk", "wrong-5"));
        Assert.Equal((null, true), await users.SignInAsync("clerk", "the-right-one-1"));

        await host.AdvanceToAsync(host.Clock.GetUtcNow() + UserStore.LockoutPeriod + TimeSpan.FromSeconds(1));
        Assert.Equal("clerk", (await users.SignInAsync("clerk", "the-right-one-1")).User?.Login);
        // A success clears the count: four more failures do not lock it.
        for (var i = 1; i < UserStore.LockoutFailures; i++) await users.SignInAsync("clerk", $"wrong-{i}");
        Assert.Equal("clerk", (await users.SignInAsync("clerk", "the-right-one-1")).User?.Login);
    }

    [Fact(DisplayName = "An unknown login is refused like a wrong password, and locks nothing")]
    public async Task UnknownLogin_IsRefused()
    {
        await using var host = await CycleHost.StartAsync(database());
        var users = host.Get<UserStore>();
        for (var i = 0; i < UserStore.LockoutFailures + 1; i++) Assert.Equal((null, false), await users.SignInAsync("nobody", "whatever-1"));
    }

    [Fact(DisplayName = "A hash made with fewer than today's iterations is replaced at the next sign-in")]
    public async Task AnOlderWorkFactor_IsUpgraded()
    {
        await using var host = await CycleHost.StartAsync(database());
        var users = host.Get<UserStore>();
        await users.CreateAsync("old", "老用户", UserStore.NewToken(), []);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2("an-old-password", salt, 100_000, HashAlgorithmName.SHA256, 32);
        await using (var connection = await host.Database.OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(connection, "update users set password_hash = @h where login = 'old'",
                new { h = $"pbkdf2-sha256$100000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}" });

        Assert.Equal("old", (await users.SignInAsync("old", "an-old-password")).User?.Login);
        var stored = await host.ScalarAsync<string>("select password_hash from users where login = 'old'");
        Assert.StartsWith($"pbkdf2-sha256${PasswordHash.Iterations}$", stored);
        Assert.Equal("old", (await users.SignInAsync("old", "an-old-password")).User?.Login);
    }
}

public sealed class SqliteSignInTests() : SignInTests(TestDatabases.Sqlite);

public sealed class PostgresSignInTests() : SignInTests(TestDatabases.Postgres);
