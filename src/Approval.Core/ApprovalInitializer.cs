using Approval.Core.Clock;
using Approval.Core.Infrastructure;
using Approval.Core.Users;
using Approval.Core.Workflow;
using Approval.Engine.Timing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Approval.Core;

/// <summary>
/// Runs before the server accepts requests: migrations (refusing a newer database), the manual clock's saved
/// position, the first administrator, the demo county on an empty embedded database, and the recurring jobs
/// (re-registered at every start, since Hangfire's in-memory storage forgets them).
/// </summary>
public static class ApprovalInitializer
{
    public static async Task InitializeApprovalAsync(this IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Approval");
        var database = services.GetRequiredService<Database>();
        Migrations.Apply(database);
        services.GetRequiredService<Schemes.SchemeCatalog>(); // validated, seeded and loaded now, not at the first request

        if (services.GetRequiredService<TimeProvider>() is ManualClock manual)
            await services.GetRequiredService<AppSettings>().RestoreManualClockAsync(manual);

        await services.GetRequiredService<Campaigns.ShippedWorkflows>().DeployAsync();
        await BootstrapAdministratorAsync(services, logger);
        await services.GetRequiredService<Demo.DemoSeeder>().SeedAsync();

        var jobs = services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<WorkflowJobs>(WorkflowJobs.SweepJobId, j => j.SweepTimersAsync(), Cron.Minutely());
        jobs.AddOrUpdate<WorkflowJobs>(WorkflowJobs.OutboxJobId, j => j.DispatchOutboxAsync(), Cron.Minutely());
    }

    private static async Task BootstrapAdministratorAsync(IServiceProvider services, ILogger logger)
    {
        var users = services.GetRequiredService<UserStore>();
        if (await users.ExistsAsync("admin")) return;
        var options = services.GetRequiredService<IOptions<ApprovalOptions>>().Value;
        var token = string.IsNullOrWhiteSpace(options.BootstrapAdminToken) ? UserStore.NewToken() : options.BootstrapAdminToken;
        // No known password, ever: a one-time one, replaced at the first sign-in (issue 14 §2).
        var password = UserStore.NewOneTimePassword();
        await users.CreateAsync("admin", "系统管理员", token, [new RoleGrant(Roles.Administrator, null)], password: password, mustChangePassword: true);
        // Printed once, on the console only: both are stored as hashes and cannot be shown again.
        Console.WriteLine($"Administrator 'admin' created. One-time password (to be changed at the first sign-in): {password}  API token: {token}");
        logger.LogInformation("Administrator 'admin' created on first start");
    }
}
