using Approval.Core.Campaigns;
using Approval.Core.Clock;
using Approval.Core.Infrastructure;
using Approval.Core.Outbox;
using Approval.Core.Tasks;
using Approval.Core.Users;
using Approval.Core.Workflow;
using Approval.Engine.Execution;
using Approval.Engine.Runtime;
using Approval.Engine.Timing;
using Microsoft.Extensions.Options;
using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Approval.Core;

public static class ApprovalCoreRegistration
{
    /// <summary>Everything the application needs: database, runtime, users, tasks, outbox, clock and Hangfire.</summary>
    public static IServiceCollection AddApprovalCore(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ApprovalOptions.Section);
        services.Configure<ApprovalOptions>(section);
        services.PostConfigure<ApprovalOptions>(o => o.ListenUrls ??= configuration["Urls"]);
        var options = section.Get<ApprovalOptions>() ?? new ApprovalOptions();
        // A setting out of range stops the start here, naming every wrong key at once (not at its first use).
        if (options.Problems() is { Count: > 0 } problems)
            throw new OptionsValidationException(ApprovalOptions.Section, typeof(ApprovalOptions), problems);
        var database = CreateDatabase(options, configuration.GetConnectionString("Approval"));

        services.AddSingleton(database);
        services.AddSingleton<TimeProvider>(options.Clock == ClockMode.Manual
            ? new ManualClock(options.ClockStart ?? TimeProvider.System.GetUtcNow())
            : TimeProvider.System);
        services.AddSingleton(new NodeIdentity(options.NodeName ?? $"{Environment.MachineName}:{Environment.ProcessId}"));
        services.AddSingleton<IWorkflowStore, DapperWorkflowStore>();
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton(options.Limits);
        services.AddSingleton(options.Limits.Engine());
        services.AddSingleton<IServiceTaskHandlers>(sp => BuildHandlers(sp.GetServices<ServiceTaskRegistration>()));
        // A model naming a form or a send-task topic this server lacks is refused at deploy (issue 16).
        services.AddSingleton(sp => new DeployVocabulary(
            () => sp.GetRequiredService<Forms.FormCatalog>().Keys.ToHashSet(StringComparer.Ordinal),
            () => sp.GetServices<IOutboxHandler>().Select(h => h.Kind).ToHashSet(StringComparer.Ordinal)));
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<Designer.WorkflowCatalog>();
        services.AddSingleton<Designer.InstanceMigrations>();
        services.AddSingleton<Workflow.InstancesInTrouble>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiTokenStore>();
        services.AddSingleton<SecurityLog>();
        services.AddSingleton<SecondFactor>();
        services.AddSingleton<UserAdministration>();
        services.AddSingleton<Orgs.OrgDirectory>();
        services.AddSingleton<IOrgScope>(sp => sp.GetRequiredService<Orgs.OrgDirectory>());
        services.AddSingleton<Orgs.OrgStore>();
        services.AddSingleton<Ledger.RatingsLedger>();
        services.AddSingleton<Orgs.Import.RosterImport>();
        services.AddSingleton<Orgs.Import.RosterExport>();
        services.AddSingleton<Voting.VoteStore>();
        services.AddSingleton<Voting.TaskVotes>();
        services.AddSingleton<Schemes.SchemeStore>();
        services.AddSingleton(sp => OpenSchemes(options, sp));
        services.AddSingleton(_ => Obligations.ObligationCatalog.Load(options.ObligationsFile ?? Obligations.ObligationCatalog.DefaultPath));
        services.AddSingleton<TaskAccess>();
        services.AddSingleton<TaskQueries>();
        services.AddSingleton<TaskSteps>();
        services.AddSingleton<TaskCompletion>();
        services.AddSingleton<TaskTransfer>();
        services.AddAnnualCycle();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<IOutboxHandler, KeepMailHandler>();
        if (options.Smtp.IsConfigured) services.AddSingleton<IOutboxHandler, Mail.SmtpEmailSender>();
        else services.AddSingleton<IOutboxHandler, Mail.KeptEmailHandler>();
        services.AddSingleton<Mail.MailStore>();
        services.AddSingleton<Reminders.ReminderMailer>();
        services.AddSingleton<Reminders.ReminderSweep>();
        services.AddSingleton<Reminders.ReminderService>();
        services.AddSingleton<SweepGate>();
        services.AddSingleton<WorkflowJobs>();
        services.AddSingleton<ClockService>();
        services.AddSingleton<AppSettings>();
        services.AddSingleton<Demo.DemoCampaign>();
        services.AddSingleton<Demo.DemoSeeder>();

        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (database.IsSqlite) config.UseInMemoryStorage();
            else config.UsePostgreSqlStorage(pg => pg.UseNpgsqlConnection(database.ConnectionString));
        });
        services.AddHangfireServer(server =>
        {
            server.WorkerCount = 2;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(5);
        });
        return services;
    }

    /// <summary>A service-task handler contributed by a feature: <c>services.AddSingleton(new ServiceTaskRegistration(topic, handler))</c>.</summary>
    public sealed record ServiceTaskRegistration(string Topic, IServiceTaskHandler Handler);

    private static ServiceTaskHandlers BuildHandlers(IEnumerable<ServiceTaskRegistration> registrations)
    {
        var handlers = new ServiceTaskHandlers();
        foreach (var registration in registrations) handlers.Add(registration.Topic, registration.Handler);
        return handlers;
    }

    /// <summary>
    /// The shipped schemes are validated (one with problems stops the start-up: rating with a half-valid scheme
    /// would be worse), stored as versions where new, and every stored version is loaded. Blocking here is once,
    /// at start-up, before the server takes requests.
    /// </summary>
    private static Schemes.SchemeCatalog OpenSchemes(ApprovalOptions options, IServiceProvider services)
    {
        var directory = options.SchemesDir ?? Path.Combine(AppContext.BaseDirectory, "schemes");
        var (shipped, problems) = Schemes.SchemeCatalog.ReadDirectory(directory);
        if (problems.Count > 0)
            throw new InvalidOperationException("Rating schemes have problems:\n" + string.Join("\n", problems.Select(p => $"{p.Where}: {p.Message}")));
        var (catalog, renumbered) = Schemes.SchemeCatalog.OpenAsync(services.GetRequiredService<Schemes.SchemeStore>(), shipped).GetAwaiter().GetResult();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("Approval");
        foreach (var line in renumbered) logger?.LogWarning("Rating scheme {Scheme}", line);
        return catalog;
    }

    private static Database CreateDatabase(ApprovalOptions options, string? connectionString)
    {
        if (options.Database == DatabaseProvider.Postgres)
            return new Database(DatabaseProvider.Postgres, connectionString
                ?? throw new InvalidOperationException("Approval:Database=Postgres needs ConnectionStrings:Approval."));
        if (!string.IsNullOrWhiteSpace(connectionString)) return new Database(DatabaseProvider.Sqlite, connectionString);
        var directory = Path.GetFullPath(options.DataDir);
        Directory.CreateDirectory(directory);
        return Database.Sqlite(Path.Combine(directory, "approval.db"));
    }
}
