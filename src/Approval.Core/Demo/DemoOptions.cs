namespace Approval.Core.Demo;

/// <summary><c>Approval:Demo</c>, and where the server listens (for the demo's loopback check).</summary>
public sealed class DemoOptions
{
    /// <summary>
    /// Seeds the demo county (organizations, members, users with known passwords, a campaign under way) at start-up:
    /// only on request (<c>--demo</c> or <c>Approval:Demo=true</c>), only in embedded SQLite mode, only while the
    /// server listens on loopback addresses alone (known passwords must not face a network), and only while the
    /// database has no organizations.
    /// </summary>
    public bool Demo { get; set; }
    /// <summary>The addresses the server listens on (the host's <c>Urls</c>), for the demo's loopback check.</summary>
    public string? ListenUrls { get; set; }
}
