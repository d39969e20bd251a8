namespace Approval.Web.Auth;

/// <summary>A demo login shown on the sign-in page while the demo data is in use.</summary>
public sealed record DemoLogin(string Login, string Password, string Description);

/// <summary>The demo accounts, filled at start-up when the demo county is seeded; empty otherwise.</summary>
public sealed class DemoAccounts
{
    public IReadOnlyList<DemoLogin> Logins { get; set; } = [];
}
