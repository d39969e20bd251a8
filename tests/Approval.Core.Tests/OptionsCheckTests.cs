using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Approval.Core.Tests;

/// <summary>Settings out of range stop the start, each named by its configuration key (issue 16 §1).</summary>
public sealed class OptionsCheckTests
{
    private static IServiceCollection Register(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddApprovalCore(configuration);
    }

    [Fact]
    public void TheDefaults_AreAccepted() => Assert.Empty(new ApprovalOptions().Problems());

    [Fact]
    public void ADigestHourOf25_AndOtherWrongSettings_StopTheStart_NamingEveryKey()
    {
        var wrong = Assert.Throws<OptionsValidationException>(() => Register(new()
        {
            ["Approval:Reminders:DigestHour"] = "25",
            ["Approval:Reminders:Immediate:0"] = "someday",
            ["Approval:Smtp:Port"] = "0",
            ["Approval:Smtp:From"] = "not an address",
            ["Approval:Limits:MaxPageSize"] = "0",
            ["Approval:PublicUrl"] = "ftp://example",
        }));
        var keys = wrong.Failures.Select(f => f.Split(' ')[0]).ToList();
        Assert.Equal(["Approval:PublicUrl", "Approval:Reminders:DigestHour", "Approval:Reminders:Immediate", "Approval:Smtp:Port",
            "Approval:Smtp:From", "Approval:Limits:MaxPageSize"], keys);
        Assert.Contains("0 到 23", wrong.Failures.Single(f => f.StartsWith("Approval:Reminders:DigestHour", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Approval:Reminders:DigestHour", "23")]
    [InlineData("Approval:Reminders:DigestHour", "0")]
    [InlineData("Approval:Reminders:Language", "en")]
    [InlineData("Approval:Smtp:Port", "587")]
    public void SettingsWithinTheirRange_AreAccepted(string key, string value) =>
        Assert.Empty(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build()
            .GetSection(ApprovalOptions.Section).Get<ApprovalOptions>()!.Problems());
}
