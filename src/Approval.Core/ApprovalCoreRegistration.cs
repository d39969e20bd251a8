using Approval.Core.Attachments;
using Approval.Core.Campaigns;
using Approval.Core.Clock;
using Approval.Core.Configuration;
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

namespace Approval.Core;

public static class ApprovalCoreRegistration
{
    /// <summary>Everything the application needs: database, runtime, users, tasks, outbox, clock and Hangfire.</summary>
    public static IServiceCollection AddApprovalCore(this IServiceCollection services, IConfiguration configuration)
    {
        BindOptions(services, configuration);
        // Nothing below reads a setting before the start has checked them all (CheckedOptions.CheckAll): the database,
        // the clock and the node are made on first use.
        var connectionString = configuration.GetConnectionString("Approval");
        services.AddSingleton(sp => CreateDatabase(sp.GetRequiredService<IOptions<ApprovalOptions>>().Value, connectionString));
        services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<IOptions<ApprovalOptions>>().Value is { Clock: ClockMode.Manual } o
            ? new ManualClock(o.ClockStart ?? TimeProvider.System.GetUtcNow())
            : TimeProvider.System);
        services.AddSingleton(sp => new NodeIdentity(sp.GetRequiredService<IOptions<ApprovalOptions>>().Value.NodeName
            ?? $"{Environment.MachineName}:{Environment.ProcessId}"));
        services.AddSingleton<IWorkflowStore, DapperWorkflowStore>();
        services.AddSingleton<DefinitionCache>();
        // The endpoints and importers take the limits as they are; the engine its own part of them.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<Limits.LimitsOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<Limits.LimitsOptions>().Engine());
        services.AddSingleton<IServiceTaskHandlers>(sp => BuildHandlers(sp.GetServices<ServiceTaskRegistration>()));
        // A model naming a form or a send-task topic this server lacks is refused at deploy (issue 16).
        services.AddSingleton(sp => new DeployVocabulary(
            () => sp.GetRequiredService<Forms.FormCatalog>().Keys.ToHashSet(StringComparer.Ordinal),
            () => sp.GetServices<IOutboxHandler>().Select(h => h.Kind).ToHashSet(StringComparer.Ordinal)));
        services.AddSingleton<WorkflowRuntime>();
        services.AddSingleton<Designer.WorkflowCatalog>();
        services.AddSingleton<Designer.InstanceMigrations>();
        services.AddSingleton<Workflow.InstancesInTrouble>();
        // Administrators' operations (issue 17): incidents, batches.
        services.AddSingleton<Operations.IncidentList>();
        services.AddSingleton<Operations.BatchStore>();
        services.AddSingleton<Operations.BatchJobs>();
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
        // Opened, asynchronously, by ApprovalInitializer.OpenSchemesAsync before the server takes requests.
        services.AddSingleton(sp => new Schemes.SchemeCatalog(sp.GetRequiredService<Schemes.SchemeStore>()));
        services.AddSingleton(sp => Obligations.ObligationCatalog.Load(
            sp.GetRequiredService<IOptions<Obligations.ObligationOptions>>().Value.ObligationsFile ?? Obligations.ObligationCatalog.DefaultPath));
        services.AddSingleton<TaskAccess>();
        services.AddSingleton<TaskQueries>();
        services.AddSingleton<TaskSteps>();
        services.AddSingleton<TaskCompletion>();
        services.AddSingleton<TaskTransfer>();
        services.AddSingleton<TaskAddSign>();
        services.AddSingleton<TaskBatch>();
        services.AddSingleton<Delegations.DelegationStore>();
        services.AddSingleton<Delegations.DelegationService>();
        services.AddSingleton<Copies.CopyStore>();
        services.AddSingleton<Copies.CopyService>();
        services.AddSingleton(sp => new ServiceTaskRegistration(Copies.CopyService.Topic,
            new CopyHandler(context => sp.GetRequiredService<Copies.CopyService>().CopyFromProcessAsync(context))));
        services.AddAttachments(configuration.GetSection(ApprovalOptions.Section));
        services.AddAnnualCycle();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<IOutboxHandler, KeepMailHandler>();
        // Which handler takes mail is decided by the configuration's shape (a host or none); its values are checked at start.
        if (configuration.GetSection(ApprovalOptions.Section).GetSection("Smtp").Get<Mail.SmtpOptions>()?.IsConfigured == true)
            services.AddSingleton<IOutboxHandler, Mail.SmtpEmailSender>();
        else services.AddSingleton<IOutboxHandler, Mail.KeptEmailHandler>();
        services.AddSingleton<Mail.MailStore>();
        services.AddSingleton<Reminders.ReminderMailer>();
        services.AddSingleton<Reminders.ReminderSweep>();
        services.AddSingleton<Reminders.ReminderService>();
        services.AddSingleton<SweepGate>();
        services.AddSingleton<WorkflowJobs>();
        services.AddSingleton<ClockService>();
        services.AddSingleton<AppSettings>();
        // Printable records (issue 17): the 审批单 of an instance and the 授牌 certificate of a ratified result.
        services.AddSingleton<Records.ApprovalRecords>();
        services.AddSingleton<Records.RatingCertificates>();
        services.AddSingleton<Demo.DemoCampaign>();
        services.AddSingleton<Demo.DemoSeeder>();

        services.AddHangfire((sp, config) =>
        {
            var database = sp.GetRequiredService<Database>();
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

    // 抄送 by the process: resolved when the step runs (the service needs the runtime, which needs the handlers).
    private sealed class CopyHandler(Func<ServiceTaskContext, Task> run) : IServiceTaskHandler
    {
        public Task ExecuteAsync(ServiceTaskContext context) => run(context);
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
    /// Each feature's keys bound as its own options, in the order their problems are listed; the host's own keys
    /// first. The keys are those README lists (<c>Approval:Reminders:DigestHour</c>…).
    /// </summary>
    private static void BindOptions(IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ApprovalOptions.Section);
        services.AddCheckedOptions<ApprovalOptions>(section);
        services.AddCheckedOptions<Configuration.PublicUrlOptions>(section);
        services.AddCheckedOptions<Workflow.SweepOptions>(section);
        services.AddCheckedOptions<Reminders.ReminderOptions>(section.GetSection("Reminders"));
        services.AddCheckedOptions<Mail.SmtpOptions>(section.GetSection("Smtp"));
        services.AddCheckedOptions<Limits.LimitsOptions>(section.GetSection("Limits"));
        services.AddOptions<Obligations.ObligationOptions>().Bind(section);
        services.AddOptions<Demo.DemoOptions>().Bind(section).PostConfigure(o => o.ListenUrls ??= configuration["Urls"]);
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
