using System.Text;
using Approval.Core.Tests.Cycle;
using Approval.Core.Users;
using Dapper;

namespace Approval.Core.Tests;

/// <summary>
/// Accounts an administrator manages (issue 14 §2): expiring, revocable API tokens; disabled accounts; the last
/// administrator kept; TOTP codes accepted once; the security log append-only. On each database.
/// </summary>
public abstract class AccountTests(Func<(Core.Infrastructure.Database, Action)> database)
{
    private static readonly Actor Root = new("root", "127.0.0.1");

    [Fact(DisplayName = "An API token works until it is revoked or expires, and each issue and revocation is logged")]
    public async Task Tokens_ExpireAndAreRevoked()
    {
        await using var host = await CycleHost.StartAsync(database());
        var users = host.Get<UserStore>();
        var tokens = host.Get<ApiTokenStore>();
        var clerk = await users.CreateAsync("clerk", "办事员", UserStore.NewToken(), []);
        var (first, firstToken, _) = await tokens.IssueAsync(clerk.Id, "clerk", "同步脚本", 30, Root);
        var (_, secondToken, _) = await tokens.IssueAsync(clerk.Id, "clerk", "报表", 30, Root);
        Assert.NotNull(first);
        Assert.NotNull(secondToken);
        Assert.Equal("clerk", (await users.FindByTokenAsync(firstToken!))?.Login);
        Assert.Equal(first.CreatedAt.AddDays(30), first.ExpiresAt);

        Assert.True(await tokens.RevokeAsync(clerk.Id, "clerk", first.Id, Root));
        Assert.Null(await users.FindByTokenAsync(firstToken!));
        Assert.False(await tokens.RevokeAsync(clerk.Id, "clerk", first.Id, Root)); // once
        Assert.Equal("clerk", (await users.FindByTokenAsync(secondToken))?.Login);

        // Thirty days on (real time, so the row's expiry is moved instead): the token stops working.
        await host.Database.WriteAsync((c, t) => c.ExecuteAsync("update api_tokens set expires_at = @past where token_hash = @hash",
            new { past = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds(), hash = UserStore.Hash(secondToken) }, t));
        Assert.Null(await users.FindByTokenAsync(secondToken));

        var log = await host.Get<SecurityLog>().PageAsync(null, "clerk", null, 50);
        Assert.Equal([SecurityLog.Kinds.TokenRevoked, SecurityLog.Kinds.TokenIssued, SecurityLog.Kinds.TokenIssued, SecurityLog.Kinds.UserCreated],
            log.Select(e => e.Kind));
        Assert.Equal("root", log[0].Actor);
    }

    [Fact(DisplayName = "A user holds at most 20 active tokens")]
    public async Task Tokens_AreCapped()
    {
        await using var host = await CycleHost.StartAsync(database());
        var clerk = await host.Get<UserStore>().CreateAsync("clerk", "办事员", UserStore.NewToken(), []);
        var tokens = host.Get<ApiTokenStore>();
        // The first token came with the account.
        for (var i = 1; i < ApiTokenStore.MaximumActivePerUser; i++) Assert.NotNull((await tokens.IssueAsync(clerk.Id, "clerk", $"t{i}", 1, Root)).Issued);
        Assert.Null((await tokens.IssueAsync(clerk.Id, "clerk", "one too many", 1, Root)).Issued);
    }

    [Fact(DisplayName = "A disabled account signs in by neither password nor token, until it is enabled again")]
    public async Task DisabledAccounts_AreRefused()
    {
        await using var host = await CycleHost.StartAsync(database());
        var users = host.Get<UserStore>();
        var admin = host.Get<UserAdministration>();
        var token = UserStore.NewToken();
        var clerk = await users.CreateAsync("clerk", "办事员", token, [], password: "the-right-one-1");
        var stamp = (await users.FindByIdAsync(clerk.Id))!.SessionStamp;

        Assert.Null(await admin.SetDisabledAsync(clerk.Id, true, Root));
        Assert.Null((await users.SignInAsync("clerk", "the-right-one-1", Root)).User);
        Assert.Null(await users.FindByTokenAsync(token));
        var disabled = await users.FindByIdAsync(clerk.Id);
        Assert.True(disabled!.Disabled);
        Assert.NotEqual(stamp, disabled.SessionStamp); // open sessions end

        Assert.Null(await admin.SetDisabledAsync(clerk.Id, false, Root));
        Assert.Equal("clerk", (await users.SignInAsync("clerk", "the-right-one-1", Root)).User?.Login);
        Assert.Equal("clerk", (await users.FindByTokenAsync(token))?.Login);
        var kinds = (await host.Get<SecurityLog>().PageAsync(null, "clerk", null, 50)).Select(e => e.Kind).ToList();
        Assert.Equal([SecurityLog.Kinds.UserEnabled, SecurityLog.Kinds.SignInFailed, SecurityLog.Kinds.UserDisabled, SecurityLog.Kinds.UserCreated], kinds);
    }

    [Fact(DisplayName = "The last enabled administrator can be neither disabled nor demoted, and nobody disables themselves")]
    public async Task TheLastAdministrator_IsKept()
    {
        await using var host = await CycleHost.StartAsync(database());
        var users = host.Get<UserStore>();
        var admin = host.Get<UserAdministration>();
        var only = await users.CreateAsync("only-admin", "管理员", UserStore.NewToken(), [new RoleGrant(Roles.Administrator, null)]);
        await host.Database.WriteAsync((c, t) => c.ExecuteAsync("update users set disabled_at = 1 where login <> 'only-admin' and id in (select user_id from user_roles where role = 'administrator')", null, t));

        Assert.NotNull(await admin.SetDisabledAsync(only.Id, true, Root));
        Assert.NotNull(await admin.SetDisabledAsync(only.Id, true, new Actor("only-admin", null)));
        Assert.NotEmpty(await admin.UpdateAsync(only.Id, new UserDraft(null, "管理员", null, [new RoleGrant(Roles.OrgDepartment, host.County.Id)]), Root));
        Assert.True((await users.FindByLoginAsync("only-admin"))!.IsAdministrator);

        var second = await users.CreateAsync("second-admin", "管理员二", UserStore.NewToken(), [new RoleGrant(Roles.Administrator, null)]);
        Assert.Empty(await admin.UpdateAsync(only.Id, new UserDraft(null, "县委组织部", null, [new RoleGrant(Roles.OrgDepartment, host.County.Id)]), Root));
        var changed = await users.FindByLoginAsync("only-admin");
        Assert.False(changed!.IsAdministrator);
        Assert.Equal([new RoleGrant(Roles.OrgDepartment, host.County.Id)], changed.Roles);
        Assert.Equal("县委组织部", changed.DisplayName);
        Assert.Equal(second.Id, (await users.FindByLoginAsync("second-admin"))!.Id);
    }

    [Fact(DisplayName = "Drafts are checked field by field: taken login, unknown organization, unknown role, organization roles without an organization")]
    public async Task Drafts_AreChecked()
    {
        await using var host = await CycleHost.StartAsync(database());
        await host.Get<UserStore>().CreateAsync("taken", "某人", UserStore.NewToken(), []);
        var problems = await host.Get<UserAdministration>().CheckAsync(new UserDraft("taken", " ", "not-an-email",
            [new RoleGrant("king", null), new RoleGrant(Roles.Secretary, "no-such-org"), new RoleGrant(Roles.OrgDepartment, null)], "short"), null);
        Assert.Equal(["login", "name", "email", "password", "roles[0].role", "roles[1].orgId", "roles[2].orgId"], problems.Select(p => p.Where));
    }

    [Fact(DisplayName = "A password reset gives a one-time password that must be changed, ends sessions and lifts a lockout")]
    public async Task APasswordReset_IsOneTime()
    {
        await using var host = await CycleHost.StartAsync(database());
        var users = host.Get<UserStore>();
        var clerk = await users.CreateAsync("clerk", "办事员", UserStore.NewToken(), [], password: "the-right-one-1");
        for (var i = 0; i < UserStore.LockoutFailures; i++) await users.SignInAsync("clerk", $"wrong-{i}");
        Assert.True(await users.IsLockedAsync("clerk"));

        var oneTime = await host.Get<UserAdministration>().ResetPasswordAsync(clerk.Id, Root);
        Assert.False(await users.IsLockedAsync("clerk"));
        Assert.Null((await users.SignInAsync("clerk", "the-right-one-1")).User);
        var signedIn = (await users.SignInAsync("clerk", oneTime)).User;
        Assert.True(signedIn!.MustChangePassword);
        Assert.Contains(SecurityLog.Kinds.PasswordReset, (await host.Get<SecurityLog>().PageAsync(null, "clerk", null, 50)).Select(e => e.Kind));
    }

    [Fact(DisplayName = "A TOTP code signs in once; a wrong code counts toward the lockout like a wrong password")]
    public async Task SecondFactorCodes_AreUsedOnce()
    {
        await using var host = await CycleHost.StartAsync(database());
        var users = host.Get<UserStore>();
        var factor = host.Get<SecondFactor>();
        var clerk = await users.CreateAsync("dept", "组织部", UserStore.NewToken(), [new RoleGrant(Roles.OrgDepartment, host.County.Id)], password: "the-right-one-1");
        var secret = Totp.NewSecret();
        var now = Totp.Code(Totp.FromBase32(secret), Totp.StepAt(DateTimeOffset.UtcNow));
        Assert.False(await factor.EnableAsync(clerk, secret, now == "000000" ? "000001" : "000000", Root));
        Assert.True(await factor.EnableAsync(clerk, secret, now, Root));
        var user = (await users.FindByLoginAsync("dept"))!;
        Assert.True(user.SecondFactor);

        // The code that enabled it was used: it does not sign in again. The next step's code does, once.
        Assert.False(await factor.VerifyAsync(user, now, Root));
        var next = Totp.Code(Totp.FromBase32(secret), Totp.StepAt(DateTimeOffset.UtcNow) + 1);
        Assert.True(await factor.VerifyAsync(user, next, Root));
        Assert.False(await factor.VerifyAsync(user, next, Root));

        for (var i = 2; i < UserStore.LockoutFailures; i++) Assert.False(await factor.VerifyAsync(user, "12345x", Root));
        Assert.False(await users.IsLockedAsync("dept"));
        Assert.False(await factor.VerifyAsync(user, "123456", Root));
        Assert.True(await users.IsLockedAsync("dept"));
        Assert.Contains(SecurityLog.Kinds.Lockout, (await host.Get<SecurityLog>().PageAsync(null, "dept", null, 50)).Select(e => e.Kind));
    }

    [Fact(DisplayName = "The security log is append-only: the database refuses to change or delete an entry")]
    public async Task TheSecurityLog_IsAppendOnly()
    {
        await using var host = await CycleHost.StartAsync(database());
        await host.Get<SecurityLog>().WriteAsync(SecurityLog.Kinds.SignIn, Root, "root");
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            host.Database.WriteAsync((c, t) => c.ExecuteAsync("update security_log set actor = 'someone-else'", null, t)));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            host.Database.WriteAsync((c, t) => c.ExecuteAsync("delete from security_log", null, t)));
        Assert.Equal("root", (await host.Get<SecurityLog>().PageAsync(SecurityLog.Kinds.SignIn, null, null, 10)).Single().Actor);
    }
}

public sealed class SqliteAccountTests() : AccountTests(TestDatabases.Sqlite);

public sealed class PostgresAccountTests() : AccountTests(TestDatabases.Postgres);

/// <summary>RFC 6238 Appendix B's SHA-1 test vectors (8 digits), and the six-digit codes apps show.</summary>
public sealed class TotpTests
{
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory(DisplayName = "TOTP codes match RFC 6238's test vectors")]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Codes_MatchTheRfc(long unixSeconds, string expected) =>
        Assert.Equal(expected, Totp.Code(RfcKey, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)), digits: 8));

    [Fact(DisplayName = "A code matches within one step either side, never an older step than the last used, and only as six digits")]
    public void Matching_IsBounded()
    {
        var secret = Totp.ToBase32(RfcKey);
        Assert.Equal("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", secret); // RFC 4648's base32 of the key
        var at = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var step = Totp.StepAt(at);
        var code = Totp.Code(RfcKey, step);
        Assert.Equal(step, Totp.Match(secret, code, at, null));
        Assert.Equal(step, Totp.Match(secret, code[..3] + " " + code[3..], at.AddSeconds(Totp.StepSeconds), null));
        Assert.Null(Totp.Match(secret, code, at.AddSeconds(2 * Totp.StepSeconds), null));
        Assert.Null(Totp.Match(secret, code, at, lastUsedStep: step));
        Assert.Null(Totp.Match(secret, code + "0", at, null));
        Assert.Null(Totp.Match(secret, null, at, null));
    }
}

/// <summary><c>--reset-admin</c>: the way back in when every administrator is locked out.</summary>
public sealed class ResetAdminTests
{
    [Fact(DisplayName = "--reset-admin enables admin, makes it an administrator again and prints a one-time password that must be changed")]
    public async Task ResetAdmin_RestoresTheAdministrator()
    {
        await using var host = await CycleHost.StartAsync(TestDatabases.Sqlite());
        var users = host.Get<UserStore>();
        await users.CreateAsync("admin", "系统管理员", UserStore.NewToken(), [new RoleGrant(Roles.Secretary, host.BranchA.Id)], password: "forgotten-password-1");
        await host.Database.WriteAsync((c, t) => Dapper.SqlMapper.ExecuteAsync(c, "update users set disabled_at = 1 where login = 'admin'", null, t));

        var console = new StringWriter();
        var previous = Console.Out;
        Console.SetOut(console);
        try { await ApprovalInitializer.ResetAdministratorAsync(host.Get<IServiceProvider>(), users, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance); }
        finally { Console.SetOut(previous); }

        var printed = System.Text.RegularExpressions.Regex.Match(console.ToString(), @"One-time password \(to be changed at the next sign-in\): (\S+)").Groups[1].Value;
        var signedIn = (await users.SignInAsync("admin", printed)).User;
        Assert.NotNull(signedIn);
        Assert.True(signedIn.IsAdministrator);
        Assert.True(signedIn.MustChangePassword);
        Assert.False(signedIn.Disabled);
        Assert.Contains(new RoleGrant(Roles.Secretary, host.BranchA.Id), signedIn.Roles);
        Assert.Null((await users.SignInAsync("admin", "forgotten-password-1")).User);
        Assert.Equal("console", (await host.Get<SecurityLog>().PageAsync(SecurityLog.Kinds.PasswordReset, "admin", null, 5)).Single().Actor);
    }
}
