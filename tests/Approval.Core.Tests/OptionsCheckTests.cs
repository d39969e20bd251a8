using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Approval.Core.Tests;

/// <summary>
/// Settings out of range stop the start, each named by its configuration key (issue 16 §1). Each feature binds and
/// checks its own options; the start checks them all at once (CheckedOptions.CheckAll) before anything opens.
/// </summary>
public sealed class OptionsCheckTests
{
    private static void Start(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection().AddLogging().AddApprovalCore(configuration).BuildServiceProvider();
        Core.Configuration.CheckedOptions.CheckAll(services);
    }

    [Fact]
    public void TheDefaults_AreAccepted() => Start([]);

    [Fact]
    public void ADigestHourOf25_AndOtherWrongSettings_StopTheStart_NamingEveryKey()
    {
        var wrong = Assert.Throws<OptionsValidationException>(() => Start(new()
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
    public void SettingsWithinTheirRange_AreAccepted(string key, string value) => Start(new() { [key] = value });

    [Fact]
    public void EachFeature_ReadsItsOwnKeys_AsBefore()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Approval:Reminders:DigestHour"] = "6", ["Approval:Smtp:Host"] = "mail.example", ["Approval:Limits:MaxPageSize"] = "50",
            ["Approval:PublicUrl"] = "https://approval.example", ["Approval:SweepBatchSize"] = "20", ["Approval:Demo"] = "true",
            ["Approval:Obligations"] = "false", ["Urls"] = "http://127.0.0.1:5001",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddApprovalCore(configuration).BuildServiceProvider();
        T Get<T>() where T : class => services.GetRequiredService<IOptions<T>>().Value;
        Assert.Equal(6, Get<Core.Reminders.ReminderOptions>().DigestHour);
        Assert.True(Get<Core.Mail.SmtpOptions>().IsConfigured);
        Assert.Equal(50, services.GetRequiredService<Core.Limits.LimitsOptions>().MaxPageSize);
        Assert.Equal("https://approval.example", Get<Core.Configuration.PublicUrlOptions>().PublicUrl);
        Assert.Equal(20, Get<Core.Workflow.SweepOptions>().SweepBatchSize);
        Assert.Equal((true, "http://127.0.0.1:5001"), (Get<Core.Demo.DemoOptions>().Demo, Get<Core.Demo.DemoOptions>().ListenUrls));
        Assert.False(Get<Core.Obligations.ObligationOptions>().Obligations);
    }
}
