using Approval.Core.Notices;
using Approval.Core.Practice;
using Approval.Core.Ratings;
using Approval.Core.Workflow;
using Approval.Engine.Execution;
using Microsoft.Extensions.DependencyInjection;
using static Approval.Core.ApprovalCoreRegistration;

namespace Approval.Core.Campaigns;

/// <summary>The annual cycle: its stores, its forms, and the service-task topics its shipped workflows call.</summary>
public static class CycleRegistration
{
    public static IServiceCollection AddAnnualCycle(this IServiceCollection services)
    {
        services.AddSingleton<CampaignHandlers>();
        services.AddSingleton<NoticeHandlers>();
        services.AddSingleton<RatingHandlers>();
        services.AddSingleton<GradingHandlers>();
        services.AddSingleton<PracticeHandlers>();
        services.AddSingleton<Obligations.ObligationHandlers>();
        services.AddSingleton<Obligations.ObligationScheduler>();
        services.AddSingleton<NoticeStore>();
        services.AddSingleton<CampaignService>();
        services.AddSingleton<CampaignQueries>();
        services.AddSingleton<CampaignStatistics>();
        services.AddSingleton<ShippedWorkflows>();
        services.AddSingleton<Forms.FormCatalog>();
        services.AddSingleton<IndividualStarCatalogues>();
        services.AddSingleton<Ratings.AbsenceEventStore>();
        services.AddSingleton<Forms.FormContexts>();
        services.AddSingleton<StartPolicy>();

        Topic<CampaignHandlers>(services, CampaignHandlers.Open, (x, h) => x.OpenCampaignAsync(h));
        Topic<CampaignHandlers>(services, CampaignHandlers.PublishCatalogue, (x, h) => x.PublishIndividualStarsAsync(h));
        Topic<CampaignHandlers>(services, CampaignHandlers.PrepareOrgTopic, (x, h) => x.PrepareOrganizationAsync(h));
        Topic<CampaignHandlers>(services, CampaignHandlers.PrepareMemberTopic, (x, h) => x.PrepareMemberAsync(h));
        Topic<CampaignHandlers>(services, CampaignHandlers.Close, (x, h) => x.CloseCampaignAsync(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.PublishPledge, (x, h) => x.PublishPledgeNoticeAsync(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.Publish, (x, h) => x.PublishNoticeAsync(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.Check, (x, h) => x.CheckObjectionsAsync(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.Resolve, (x, h) => x.ResolveObjectionsAsync(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.Close, (x, h) => x.CloseNoticeAsync(h));
        Topic<RatingHandlers>(services, RatingHandlers.Evaluate, (x, h) => x.EvaluateAssessmentAsync(h));
        Topic<RatingHandlers>(services, RatingHandlers.CheckQuota, (x, h) => x.CheckQuotaAtOwnerAsync(h));
        Topic<RatingHandlers>(services, RatingHandlers.ApplyQuota, (x, h) => x.ApplyQuotaDecisionAsync(h));
        Topic<RatingHandlers>(services, RatingHandlers.Ratify, (x, h) => x.RatifyResultAsync(h));
        Topic<RatingHandlers>(services, RatingHandlers.Reject, (x, h) => x.RejectResultAsync(h));
        Topic<RatingHandlers>(services, RatingHandlers.Demote, (x, h) => x.DemoteSubjectAsync(h));
        Topic<GradingHandlers>(services, GradingHandlers.Collect, (x, h) => x.CollectScoresAsync(h));
        Topic<GradingHandlers>(services, GradingHandlers.Record, (x, h) => x.RecordGradesAsync(h));
        Topic<GradingHandlers>(services, GradingHandlers.Read, (x, h) => x.ReadGradeAsync(h));
        Topic<RatingHandlers>(services, RatingHandlers.OpenRecheck, (x, h) => x.OpenRecheckOfAsync(h));
        Topic<PracticeHandlers>(services, PracticeHandlers.Record, (x, h) => x.RecordEntryAsync(h));
        Topic<PracticeHandlers>(services, PracticeHandlers.Missed, (x, h) => x.RecordMissedAsync(h));
        Topic<Obligations.ObligationHandlers>(services, Obligations.ObligationHandlers.Open, (x, h) => x.OpenPeriodAsync(h));
        Topic<Obligations.ObligationHandlers>(services, Obligations.ObligationHandlers.Record, (x, h) => x.KeepRecordAsync(h));
        Topic<Obligations.ObligationHandlers>(services, Obligations.ObligationHandlers.Missed, (x, h) => x.KeepMissedAsync(h));
        return services;
    }

    private static void Topic<THandlers>(IServiceCollection services, string topic, Func<THandlers, HandlerContext, Task> run) where THandlers : notnull =>
        services.AddSingleton(sp =>
        {
            var handlers = sp.GetRequiredService<THandlers>();
            return new ServiceTaskRegistration(topic, new DomainHandler(context => run(handlers, new HandlerContext(context))));
        });

    // The domain handlers read and write through the step's connection and transaction; the engine awaits each.
    private sealed class DomainHandler(Func<ServiceTaskContext, Task> run) : IServiceTaskHandler
    {
        public Task ExecuteAsync(ServiceTaskContext context) => run(context);
    }
}
