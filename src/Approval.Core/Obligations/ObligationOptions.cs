namespace Approval.Core.Obligations;

/// <summary><c>Approval:Obligations</c> and <c>Approval:ObligationsFile</c>: the recurring obligations (三会一课, 主题党日…).</summary>
public sealed class ObligationOptions
{
    /// <summary>Opens the recurring obligations' periods; false leaves them to be recorded elsewhere.</summary>
    public bool Obligations { get; set; } = true;
    /// <summary>Their schedules (default: <c>workflows/obligations.json</c> beside the binaries).</summary>
    public string? ObligationsFile { get; set; }
}
