using Approval.Core.Configuration;
using Approval.Web.Printing;

namespace Approval.Web.Tests;

/// <summary>
/// <c>Approval:Print</c> is checked with the other features' settings before the start (issue 17): no Chromium is
/// needed to start, but one that is named must exist.
/// </summary>
public sealed class PrintOptionsTests
{
    private static IReadOnlyList<string> Problems(PrintOptions options)
    {
        var problems = new OptionsProblems(PrintOptions.Section);
        options.Check(problems);
        return problems.Collect();
    }

    [Fact]
    public void NoChromium_IsAValidSetting_TheServerStartsWithoutARenderer() =>
        Assert.Empty(Problems(new PrintOptions()));

    [Fact]
    public void AChromiumThatDoesNotExist_StopsTheStart_NamingTheKey() =>
        Assert.Contains(Problems(new PrintOptions { Chromium = "/no/such/chromium" }), p => p.StartsWith("Approval:Print:Chromium ", StringComparison.Ordinal));

    [Fact]
    public void LimitsOutOfRange_AreNamed()
    {
        var problems = Problems(new PrintOptions { Timeout = TimeSpan.FromHours(1), MaxConcurrent = 0, MaxPdfBytes = 10 });
        Assert.Equal(["Approval:Print:Timeout", "Approval:Print:MaxConcurrent", "Approval:Print:MaxPdfBytes"], problems.Select(p => p[..p.IndexOf(' ')]));
    }
}
