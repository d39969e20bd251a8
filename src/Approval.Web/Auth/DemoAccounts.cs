using Approval.Core.Demo;

namespace Approval.Web.Auth;

/// <summary>The demo accounts shown on the sign-in page while the demo county is in use; empty otherwise.</summary>
public sealed class DemoAccounts
{
    public IReadOnlyList<DemoLogin> Logins { get; private set; } = [];

    /// <summary>At start-up: the demo is in use when its county account still signs in with the demo password.</summary>
    public async Task DetectAsync(DemoSeeder seeder)
    {
        // The administrator is not among them: it has a one-time password of its own, printed at its creation.
        if (await seeder.InUseAsync()) Logins = DemoSeeder.Logins.Where(l => l.Role != Approval.Core.Users.Roles.Administrator).ToList();
    }
}
