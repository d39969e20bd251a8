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
        await services.OpenSchemesAsync();

        if (services.GetRequiredService<TimeProvider>() is ManualClock manual)
            await services.GetRequiredService<AppSettings>().RestoreManualClockAsync(manual);

        await services.GetRequiredService<Campaigns.ShippedWorkflows>().DeployAsync();
        await BootstrapAdministratorAsync(services, logger);
        await services.GetRequiredService<Demo.DemoSeeder>().SeedAsync();

        var jobs = services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<WorkflowJobs>(WorkflowJobs.SweepJobId, j => j.SweepTimersAsync(), Cron.Minutely());
        jobs.AddOrUpdate<WorkflowJobs>(WorkflowJobs.OutboxJobId, j => j.DispatchOutboxAsync(), Cron.Minutely());
        // Batches whose job was lost (in-memory Hangfire and a restart) go on from their pending items.
        jobs.AddOrUpdate<Operations.BatchJobs>(Operations.BatchJobs.SweepJobId, j => j.SweepAsync(), Cron.Minutely());
    }

    /// <summary>
    /// The shipped schemes are validated (one with problems stops the start-up: rating with a half-valid scheme
    /// would be worse), stored as versions where new, and every stored version is loaded into the catalog, before
    /// anything reads it (the catalog refuses reads until then). Test hosts that skip the rest of the start call it too.
    /// </summary>
    public static async Task OpenSchemesAsync(this IServiceProvider services)
    {
        var directory = services.GetRequiredService<IOptions<ApprovalOptions>>().Value.SchemesDir ?? Path.Combine(AppContext.BaseDirectory, "schemes");
        var (shipped, problems) = Schemes.SchemeCatalog.ReadDirectory(directory);
        if (problems.Count > 0)
            throw new InvalidOperationException("Rating schemes have problems:\n" + string.Join("\n", problems.Select(p => $"{p.Where}: {p.Message}")));
        var renumbered = await services.GetRequiredService<Schemes.SchemeCatalog>().OpenAsync(shipped);
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Approval");
        foreach (var line in renumbered) logger.LogWarning("Rating scheme {Scheme}", line);
    }

    private static async Task BootstrapAdministratorAsync(IServiceProvider services, ILogger logger)
    {
        var users = services.GetRequiredService<UserStore>();
        var options = services.GetRequiredService<IOptions<ApprovalOptions>>().Value;
        if (await users.ExistsAsync("admin"))
        {
            if (options.ResetAdmin) await ResetAdministratorAsync(services, users, logger);
            return;
        }
        var token = string.IsNullOrWhiteSpace(options.BootstrapAdminToken) ? UserStore.NewToken() : options.BootstrapAdminToken;
        // No known password, ever: a one-time one, replaced at the first sign-in (issue 14 §2).
        var password = UserStore.NewOneTimePassword();
        await users.CreateAsync("admin", "系统管理员", token, [new RoleGrant(Roles.Administrator, null)], password: password, mustChangePassword: true);
        // Printed once, on the console only: both are stored as hashes and cannot be shown again.
        Console.WriteLine($"Administrator 'admin' created. One-time password (to be changed at the first sign-in): {password}  API token: {token}");
        logger.LogInformation("Administrator 'admin' created on first start");
    }

    /// <summary><c>--reset-admin</c>: <c>admin</c> enabled, a global administrator, with a new one-time password printed once.</summary>
    public static async Task ResetAdministratorAsync(IServiceProvider services, UserStore users, ILogger logger)
    {
        var admin = (await users.FindByLoginAsync("admin"))!;
        var administration = services.GetRequiredService<UserAdministration>();
        var console = new Actor("console", null);
        await administration.SetDisabledAsync(admin.Id, false, console);
        if (!admin.IsAdministrator)
            await administration.UpdateAsync(admin.Id, new UserDraft(null, admin.DisplayName, admin.Email, [.. admin.Roles, new RoleGrant(Roles.Administrator, null)]), console);
        var password = await administration.ResetPasswordAsync(admin.Id, console);
        Console.WriteLine($"Administrator 'admin' reset. One-time password (to be changed at the next sign-in): {password}");
        logger.LogWarning("Administrator 'admin' was reset from the console (--reset-admin)");
    }
}
